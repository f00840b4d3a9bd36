// SPDX-License-Identifier: Apache-2.0
// Host (OpenMP) launch helpers used by the single-source kernels (*_kernels.inc) when they are
// compiled with FACTWIN_BACKEND_NS=host. cuda/core/launch_cuda.cuh provides the same names for CUDA.
// Loops: k outermost, i innermost and contiguous (STYLE.md §4).
#pragma once

#include <cstdint>

#include "core/exec_tags.hpp"
#include "factwin/core/hd.hpp"
#include "factwin/grid/field.hpp"

namespace factwin {

/// Below this many cells a loop runs on one thread: the fork/join would cost more than the work.
inline constexpr index_t parallel_threshold = 32768;

/// Calls f(i, j, k) for every (i, j, k) of `b`.
template <class F>
void for_each_cell(const exec::Host&, const IndexBox& b, F f) {
  const int i0 = b.lo[0], i1 = b.hi[0], j0 = b.lo[1], j1 = b.hi[1], k0 = b.lo[2], k1 = b.hi[2];
#pragma omp parallel for collapse(2) schedule(static) if (b.count() > parallel_threshold)
  for (int k = k0; k < k1; ++k)
    for (int j = j0; j < j1; ++j)
      for (int i = i0; i < i1; ++i) f(i, j, k);
}

/// Calls f(n) for n in [0, count).
template <class F>
void for_each_index(const exec::Host&, index_t count, F f) {
#pragma omp parallel for schedule(static) if (count > parallel_threshold)
  for (index_t n = 0; n < count; ++n) f(n);
}

/// Sum over `b` of f(i, j, k), accumulated in double.
template <class F>
double reduce_sum(const exec::Host&, const IndexBox& b, F f) {
  const int i0 = b.lo[0], i1 = b.hi[0], j0 = b.lo[1], j1 = b.hi[1], k0 = b.lo[2], k1 = b.hi[2];
  double s = 0.0;
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : s) if (b.count() > parallel_threshold)
  for (int k = k0; k < k1; ++k)
    for (int j = j0; j < j1; ++j)
      for (int i = i0; i < i1; ++i) s += static_cast<double>(f(i, j, k));
  return s;
}

/// Maximum over `b` of f(i, j, k) (or `init` when `b` is empty).
template <class F>
double reduce_max(const exec::Host&, const IndexBox& b, F f, double init = 0.0) {
  const int i0 = b.lo[0], i1 = b.hi[0], j0 = b.lo[1], j1 = b.hi[1], k0 = b.lo[2], k1 = b.hi[2];
  double m = init;
#pragma omp parallel for collapse(2) schedule(static) reduction(max : m) if (b.count() > parallel_threshold)
  for (int k = k0; k < k1; ++k)
    for (int j = j0; j < j1; ++j)
      for (int i = i0; i < i1; ++i) {
        const double v = static_cast<double>(f(i, j, k));
        m = v > m ? v : m;
      }
  return m;
}

}  // namespace factwin
