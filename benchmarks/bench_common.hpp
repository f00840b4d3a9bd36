// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the factwin benchmarks: provenance of every record (git, build, device), the
// measured host/device copy bandwidth (the roofline), timing helpers. Records follow
// benchmarks/schema/benchmark.schema.json.
#pragma once

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <cstdlib>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cuda_api.hpp"
#include "factwin/config.hpp"
#include "factwin/core/exec.hpp"
#include "factwin_git_revision.hpp"

#if FACTWIN_HAVE_OPENMP
#include <omp.h>
#endif

namespace factwin::bench {

inline std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

inline std::string compiler() {
#if defined(__clang__)
  return "clang " + std::to_string(__clang_major__) + "." + std::to_string(__clang_minor__);
#elif defined(__GNUC__)
  return "gcc " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__);
#else
  return "unknown";
#endif
}

/// Host copy bandwidth [B/s], STREAM convention (read + write), median of `reps`.
inline double host_copy_bandwidth(std::size_t bytes, int reps) {
  const std::size_t n = bytes / sizeof(double);
  std::vector<double> a(n, 1.0), b(n, 0.0);
  std::vector<double> t;
  for (int r = 0; r < reps + 1; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::int64_t nn = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < nn; ++i) b[i] = a[i];
    const auto t1 = std::chrono::steady_clock::now();
    if (r > 0) t.push_back(std::chrono::duration<double>(t1 - t0).count());
    std::swap(a, b);
  }
  std::sort(t.begin(), t.end());
  return 2.0 * static_cast<double>(n * sizeof(double)) / t[t.size() / 2];
}

/// The provenance block of a record, and the measured copy bandwidth of the executor's device.
inline nlohmann::json provenance(const Executor& ex, double measured_bw) {
  using nlohmann::json;
  json j;
  j["schema_version"] = 1;
  j["factwin_version"] = FACTWIN_VERSION_STRING;
  j["git"] = {{"sha", FACTWIN_GIT_SHA}, {"dirty", FACTWIN_GIT_DIRTY}};
  j["build"] = {{"compiler", compiler()}, {"precision", FACTWIN_PRECISION_NAME},
                {"cuda_compiled", FACTWIN_HAVE_CUDA == 1}, {"openmp", FACTWIN_HAVE_OPENMP == 1}};
  json d;
  if (ex.is_cuda()) {
    const DeviceInfo info = device_info(ex.device_id());
    d = {{"backend", "cuda"},
         {"name", info.name},
         {"cc", std::to_string(info.cc_major) + "." + std::to_string(info.cc_minor)},
         {"sm_count", info.multiprocessors},
         {"memory_bytes", info.total_memory},
         {"driver_version", info.driver_version},
         {"runtime_version", info.runtime_version}};
  } else {
    d = {{"backend", "cpu"},
         {"name", cpu_model()},
         {"threads", ex.threads()},
         {"hardware_threads", std::thread::hardware_concurrency()}};
#if FACTWIN_HAVE_OPENMP
    const char* env = std::getenv("OMP_NUM_THREADS");
    d["omp_num_threads_env"] = env ? env : "";
#endif
  }
  d["peak_bw_gbs_measured"] = measured_bw / 1e9;
  j["device"] = d;
  return j;
}

inline double measured_bandwidth(const Executor& ex, bool quick) {
  const std::size_t bytes = quick ? (16u << 20) : (512u << 20);
  return ex.is_cuda() ? cuda::measure_copy_bandwidth(bytes, quick ? 3 : 20)
                      : host_copy_bandwidth(bytes, quick ? 3 : 10);
}

}  // namespace factwin::bench
