// SPDX-License-Identifier: Apache-2.0
// Micro-benchmarks of single airflow kernels with Google Benchmark (issue 4): the multigrid
// smoother and residual (the pressure solve's stencils), the CG vector kernels, and a plain copy
// for the roofline, on an N^3 all-air cavity level, on the host backend and (when a device exists)
// the CUDA backend. Each reports bytes/s from the compulsory-traffic model of
// cpp/airflow/kernel_traffic.hpp, the same model the bench_airflow records use.
//   bench_kernels [--benchmark_filter=...] [--benchmark_format=json] ...   (Google Benchmark flags)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "airflow/airflow_backend.hpp"
#include "airflow/kernel_traffic.hpp"
#include "core/buffer.hpp"
#include "core/cuda_api.hpp"

namespace {

using namespace factwin;
using namespace factwin::airflow;

/// One multigrid level of an n^3 cavity with unit spacing, all cells air, walls closed.
struct CavityLevel {
  bool cuda;
  Buffer<std::uint8_t> active;
  Buffer<real> beta[3];
  Buffer<real> phi, rhs, res, x, y;
  LevelGpu l{};
  CavityLevel(int n, bool on_device) : cuda(on_device) {
    GridGpu g;
    for (int a = 0; a < 3; ++a) {
      g.n[a] = n;
      g.h[a] = real(1) / n;
      g.ih[a] = real(n);
      g.ih2[a] = real(n) * real(n);
    }
    const index_t nc = g.cells();
    active = Buffer<std::uint8_t>(std::vector<std::uint8_t>(static_cast<std::size_t>(nc), 1), cuda);
    for (int a = 0; a < 3; ++a) {
      std::vector<real> b(static_cast<std::size_t>(g.faces(a)), real(1));
      // walls: no flux through the hall boundary
      for (int k = 0; k < g.fn(a, 2); ++k)
        for (int j = 0; j < g.fn(a, 1); ++j)
          for (int i = 0; i < g.fn(a, 0); ++i) {
            const int ijk[3] = {i, j, k};
            if (ijk[a] == 0 || ijk[a] == n) b[static_cast<std::size_t>(g.face(a, i, j, k))] = 0;
          }
      beta[a] = Buffer<real>(b, cuda);
    }
    std::vector<real> v(static_cast<std::size_t>(nc));
    for (std::size_t c = 0; c < v.size(); ++c) v[c] = real(0.001) * static_cast<real>(c % 1000);
    phi = Buffer<real>(v, cuda);
    rhs = Buffer<real>(v, cuda);
    res = Buffer<real>(v, cuda);
    x = Buffer<real>(v, cuda);
    y = Buffer<real>(v, cuda);
    l.g = g;
    l.active = active.data();
    for (int a = 0; a < 3; ++a) l.beta[a] = beta[a].data();
    l.phi = phi.data();
    l.rhs = rhs.data();
    l.res = res.data();
  }
  void sync() const {
    if (cuda) cuda::synchronize();
  }
};

bool device_available() {
  std::string why;
  return cuda::device_count(&why) > 0;
}

template <class F>
void run(benchmark::State& st, const char* kernel, bool on_device, F&& body) {
  if (on_device && !device_available()) {
    st.SkipWithError("no CUDA device (or CUDA not compiled): GPU micro-benchmarks skipped");
    return;
  }
  const int n = static_cast<int>(st.range(0));
  CavityLevel c(n, on_device);
  for (auto _ : st) {
    body(c);
    c.sync();
  }
  const double cells = static_cast<double>(c.l.g.cells());
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * static_cast<std::int64_t>(cells)));
  st.SetBytesProcessed(static_cast<std::int64_t>(static_cast<double>(st.iterations()) * cells *
                                                 traffic::bytes_per_element(kernel, false)));
  st.counters["modelled_bytes_per_cell"] = traffic::bytes_per_element(kernel, false);
}

#define FW_KERNEL(dev, name, ...) ((dev) ? cuda_api::name(__VA_ARGS__) : host_api::name(__VA_ARGS__))

template <bool Dev>
void BM_mg_residual(benchmark::State& st) {
  run(st, "mg_residual", Dev, [](CavityLevel& c) { FW_KERNEL(Dev, mg_residual, c.l); });
}
template <bool Dev>
void BM_mg_smooth(benchmark::State& st) {
  // one red-black sweep = two colour passes; bytes counted per pass
  run(st, "mg_smooth", Dev, [](CavityLevel& c) {
    FW_KERNEL(Dev, mg_smooth, c.l, 0);
  });
}
template <bool Dev>
void BM_mg_axpby(benchmark::State& st) {
  run(st, "mg_axpby", Dev, [](CavityLevel& c) { FW_KERNEL(Dev, mg_axpby, c.l, real(0.5), c.x.data(), real(0.5), c.y.data()); });
}
template <bool Dev>
void BM_mg_dot(benchmark::State& st) {
  run(st, "mg_dot", Dev, [](CavityLevel& c) { benchmark::DoNotOptimize(FW_KERNEL(Dev, mg_dot, c.l, c.x.data(), c.y.data())); });
}
template <bool Dev>
void BM_copy(benchmark::State& st) {
  run(st, "copy", Dev, [](CavityLevel& c) { FW_KERNEL(Dev, copy, c.y.data(), c.x.data(), c.l.g.cells()); });
}

}  // namespace

BENCHMARK(BM_copy<false>)->Name("host/copy")->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_residual<false>)->Name("host/mg_residual")->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_smooth<false>)->Name("host/mg_smooth")->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_axpby<false>)->Name("host/mg_axpby")->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_dot<false>)->Name("host/mg_dot")->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_copy<true>)->Name("cuda/copy")->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_residual<true>)->Name("cuda/mg_residual")->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_smooth<true>)->Name("cuda/mg_smooth")->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_axpby<true>)->Name("cuda/mg_axpby")->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_mg_dot<true>)->Name("cuda/mg_dot")->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
