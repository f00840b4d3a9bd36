// SPDX-License-Identifier: Apache-2.0
// CUDA launch primitives with the same names as cpp/core/launch_host.hpp. Every launch is checked.
#pragma once

#include <cuda_runtime.h>
#include <thrust/execution_policy.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/system_error.h>
#include <thrust/transform_reduce.h>

#include <cmath>

#include "cuda_check.cuh"
#include "factwin/core/hd.hpp"
#include "factwin/core/types.hpp"

namespace factwin::cuda_backend {

struct Exec {};

template <class F>
__global__ void for_each_kernel(index_t n, F f) {
  for (index_t i = blockIdx.x * static_cast<index_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<index_t>(gridDim.x) * blockDim.x)
    f(i);
}

template <class F>
inline void for_each_index(const Exec&, index_t n, F f) {
  if (n <= 0) return;
  const int threads = 256;
  const index_t want = (n + threads - 1) / threads;
  const int blocks = static_cast<int>(want < 65535 * 8 ? want : 65535 * 8);
  // clang-format off
  for_each_kernel<<<blocks, threads>>>(n, f);
  // clang-format on
  FACTWIN_CUDA_CHECK(cudaGetLastError());
}

/// f(i) for i < n, each index a sizeable task (one member's factorisation in a batched solve): one
/// thread per task in blocks of 64, so that a few hundred tasks still spread over the multiprocessors.
template <class F>
inline void for_each_task(const Exec&, index_t n, F f) {
  if (n <= 0) return;
  const int threads = 64;
  const index_t want = (n + threads - 1) / threads;
  const int blocks = static_cast<int>(want < 65535 * 8 ? want : 65535 * 8);
  // clang-format off
  for_each_kernel<<<blocks, threads>>>(n, f);
  // clang-format on
  FACTWIN_CUDA_CHECK(cudaGetLastError());
}

template <class F>
__global__ void for_each_cell_kernel(int nx, int ny, int nz, F f) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  const int j = blockIdx.y * blockDim.y + threadIdx.y;
  const int k = blockIdx.z * blockDim.z + threadIdx.z;
  if (i < nx && j < ny && k < nz) f(i, j, k);
}

/// f(i, j, k) over an nx x ny x nz box: 32 x 4 x 2 thread blocks (STYLE.md section 4).
template <class F>
inline void for_each_cell(const Exec&, int nx, int ny, int nz, F f) {
  if (nx <= 0 || ny <= 0 || nz <= 0) return;
  const dim3 block(32, 4, 2);
  const dim3 grid((nx + 31) / 32, (ny + 3) / 4, (nz + 1) / 2);
  // clang-format off
  for_each_cell_kernel<<<grid, block>>>(nx, ny, nz, f);
  // clang-format on
  FACTWIN_CUDA_CHECK(cudaGetLastError());
}

template <class F>
struct AsDouble {
  F f;
  __host__ __device__ double operator()(index_t i) const { return static_cast<double>(f(i)); }
};

template <class F>
struct AsDoubleMax {
  F f;
  __host__ __device__ double operator()(index_t i) const {
    const double v = static_cast<double>(f(i));
    return isnan(v) ? HUGE_VAL : v;
  }
};

template <class F>
inline double reduce_sum(const Exec&, index_t n, F f) {
  if (n <= 0) return 0.0;
  // an error of an earlier asynchronous launch is reported here as a DeviceError, not from inside thrust
  FACTWIN_CUDA_CHECK(cudaPeekAtLastError());
  double r = 0.0;
  try {
    r = thrust::transform_reduce(thrust::device, thrust::counting_iterator<index_t>(0),
                                 thrust::counting_iterator<index_t>(n), AsDouble<F>{f}, 0.0, thrust::plus<double>());
  } catch (const thrust::system_error& e) {
    FACTWIN_CUDA_CHECK(static_cast<cudaError_t>(e.code().value()));
    throw;
  }
  FACTWIN_CUDA_CHECK(cudaGetLastError());
  return r;
}

template <class F>
inline double reduce_max(const Exec&, index_t n, F f) {
  if (n <= 0) return 0.0;
  FACTWIN_CUDA_CHECK(cudaPeekAtLastError());
  double r = 0.0;
  try {
    r = thrust::transform_reduce(thrust::device, thrust::counting_iterator<index_t>(0),
                                 thrust::counting_iterator<index_t>(n), AsDoubleMax<F>{f}, 0.0,
                                 thrust::maximum<double>());
  } catch (const thrust::system_error& e) {
    FACTWIN_CUDA_CHECK(static_cast<cudaError_t>(e.code().value()));
    throw;
  }
  FACTWIN_CUDA_CHECK(cudaGetLastError());
  return r;
}

}  // namespace factwin::cuda_backend
