// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the scenario loader: any byte string must either load (and voxelise within a
// small memory cap) or raise factwin::InputError. Any other exception, crash or hang is a bug.
//   cmake -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DFACTWIN_BUILD_FUZZERS=ON
//         -DFACTWIN_ENABLE_CUDA=OFF && ninja -C build-fuzz fuzz_scenario
//   ./build-fuzz/tests/fuzz/fuzz_scenario data/fuzz_corpus -max_total_time=300
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "factwin/airflow/memory.hpp"
#include "factwin/core/error.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/io/scenario_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const factwin::Case c = factwin::io::parse_case(text, "fuzz.json");
    const factwin::Scenario& s = c.facility.air;
    std::size_t cap = 64u << 20;  // 64 MiB keeps every input cheap
    if (c.solver.memory_limit > 0) cap = std::min(cap, c.solver.memory_limit);
    factwin::airflow::check_memory(s, c.solver, cap);
    (void)factwin::voxelize(s, cap);
  } catch (const factwin::InputError&) {
    // the expected way to reject input
  }
  return 0;
}
