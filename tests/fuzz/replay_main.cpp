// SPDX-License-Identifier: Apache-2.0
// Replays every file of a fuzz corpus through the fuzz target as an ordinary test: each must load
// or raise InputError; anything else (another exception, a crash) fails.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR...\n", argv[0]);
    return 2;
  }
  int files = 0, failed = 0;
  for (int a = 1; a < argc; ++a) {
    for (const auto& e : fs::recursive_directory_iterator(argv[a])) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      const std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ++files;
      try {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(buf.data()), buf.size());
      } catch (const std::exception& ex) {
        ++failed;
        std::fprintf(stderr, "FAIL %s: unexpected exception: %s\n", e.path().c_str(), ex.what());
      }
    }
  }
  std::printf("replayed %d corpus files\n%d passed, %d failed\n", files, files - failed, failed);
  return (failed == 0 && files > 0) ? 0 : 1;
}
