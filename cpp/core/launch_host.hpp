// SPDX-License-Identifier: Apache-2.0
// Host (OpenMP) launch primitives with the same names as cuda/core/launch_cuda.cuh, so a kernel
// file (*_kernels.inc) compiles unchanged for both backends (STYLE.md section 4).
#pragma once

#include <algorithm>
#include <cmath>

#include "factwin/core/hd.hpp"
#include "factwin/core/types.hpp"

namespace factwin::host {

struct Exec {};

/// Loops shorter than this run on one thread: forking costs more than it saves.
inline constexpr index_t omp_min_parallel = 8192;

template <class F>
inline void for_each_index(const Exec&, index_t n, F f) {
#pragma omp parallel for schedule(static) if (n >= omp_min_parallel)
  for (index_t i = 0; i < n; ++i) f(i);
}

/// f(i) for i < n where every index is a sizeable task of its own (one member's factorisation in
/// a batched solve): threaded from two tasks on, dynamically scheduled. On CUDA: one thread each.
template <class F>
inline void for_each_task(const Exec&, index_t n, F f) {
#pragma omp parallel for schedule(dynamic, 1) if (n >= 2)
  for (index_t i = 0; i < n; ++i) f(i);
}

/// f(i, j, k) over an nx x ny x nz box, x fastest (k, j split among threads).
template <class F>
inline void for_each_cell(const Exec&, int nx, int ny, int nz, F f) {
  const index_t rows = static_cast<index_t>(ny) * nz;
#pragma omp parallel for schedule(static) if (rows * nx >= omp_min_parallel)
  for (index_t r = 0; r < rows; ++r) {
    const int j = static_cast<int>(r % ny), k = static_cast<int>(r / ny);
    for (int i = 0; i < nx; ++i) f(i, j, k);
  }
}

/// Sum over i < n of f(i), accumulated in double.
template <class F>
inline double reduce_sum(const Exec&, index_t n, F f) {
  double s = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : s) if (n >= omp_min_parallel)
  for (index_t i = 0; i < n; ++i) s += static_cast<double>(f(i));
  return s;
}

/// Max over i < n of f(i) (f >= 0 expected; returns 0 for n == 0). NaN propagates as +inf.
template <class F>
inline double reduce_max(const Exec&, index_t n, F f) {
  double m = 0.0;
#pragma omp parallel for schedule(static) reduction(max : m) if (n >= omp_min_parallel)
  for (index_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(f(i));
    m = std::max(m, std::isnan(v) ? HUGE_VAL : v);
  }
  return m;
}

}  // namespace factwin::host
