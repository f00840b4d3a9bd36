// SPDX-License-Identifier: Apache-2.0
// Measures the copy bandwidth of the chosen backend (the roofline of every other benchmark) and
// prints one JSON record.
//   bench_stream [--backend cpu|cuda|auto] [--quick] [--out FILE]
#include <cstdio>
#include <iostream>
#include <string>

#include "bench_common.hpp"
#include "factwin/io/output.hpp"

int main(int argc, char** argv) {
  std::string backend = "auto", out;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--backend" && i + 1 < argc) backend = argv[++i];
    else if (a == "--quick") quick = true;
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else {
      std::cerr << "usage: bench_stream [--backend cpu|cuda|auto] [--quick] [--out FILE]\n";
      return 2;
    }
  }
  try {
    const factwin::Executor ex = factwin::Executor::create(backend == "cpu" ? "host" : backend);
    const double bw = factwin::bench::measured_bandwidth(ex, quick);
    nlohmann::json j = factwin::bench::provenance(ex, bw);
    j["benchmark"] = "stream";
    j["quick"] = quick;
    j["results"] = nlohmann::json::array(
        {{{"name", "stream.copy"}, {"achieved_bw_gbs", bw / 1e9}, {"roofline_fraction", 1.0},
          {"check", bw > 0 ? "passed" : "failed"}}});
    const std::string text = j.dump(2) + "\n";
    if (!out.empty()) factwin::io::write_file_atomic(out, text);
    std::cout << text;
    return bw > 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_stream: " << e.what() << "\n";
    return 3;
  }
}
