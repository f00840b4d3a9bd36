// SPDX-License-Identifier: Apache-2.0
// CUDA launch helpers with the same names as cpp/core/launch_host.hpp, so a *_kernels.inc compiles
// for either backend. Every launch is followed by FACTWIN_CUDA_CHECK(cudaGetLastError()); the
// reductions use CUB block reductions and one atomic per block (accumulated in double).
#pragma once

#include <cuda_runtime.h>

#include <cub/block/block_reduce.cuh>

#include "core/exec_tags.hpp"
#include "core/cuda_check.cuh"
#include "factwin/core/hd.hpp"
#include "factwin/grid/field.hpp"

namespace factwin {
namespace cuda_launch {

constexpr int block_x = 32, block_y = 4, block_z = 2;
constexpr int reduce_threads = 256;

template <class F>
__global__ void for_each_cell_kernel(IndexBox b, F f) {
  const int i = b.lo[0] + static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  const int j = b.lo[1] + static_cast<int>(blockIdx.y * blockDim.y + threadIdx.y);
  const int k = b.lo[2] + static_cast<int>(blockIdx.z * blockDim.z + threadIdx.z);
  if (i < b.hi[0] && j < b.hi[1] && k < b.hi[2]) f(i, j, k);
}

template <class F>
__global__ void for_each_index_kernel(index_t count, F f) {
  const index_t n = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (n < count) f(n);
}

__device__ inline void atomic_max_double(double* addr, double v) {
  unsigned long long* a = reinterpret_cast<unsigned long long*>(addr);
  unsigned long long old = *a;
  while (__longlong_as_double(static_cast<long long>(old)) < v) {
    const unsigned long long assumed = old;
    old = atomicCAS(a, assumed, static_cast<unsigned long long>(__double_as_longlong(v)));
    if (old == assumed) break;
  }
}

template <class F, bool IsMax>
__global__ void reduce_kernel(IndexBox b, F f, double init, double* out) {
  using BlockReduce = cub::BlockReduce<double, reduce_threads>;
  __shared__ typename BlockReduce::TempStorage tmp;
  const index_t nx = b.size(0), ny = b.size(1), total = b.count();
  double acc = init;
  for (index_t n = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x; n < total;
       n += static_cast<index_t>(gridDim.x) * blockDim.x) {
    const int i = b.lo[0] + static_cast<int>(n % nx);
    const int j = b.lo[1] + static_cast<int>((n / nx) % ny);
    const int k = b.lo[2] + static_cast<int>(n / (nx * ny));
    const double v = static_cast<double>(f(i, j, k));
    if (IsMax)
      acc = v > acc ? v : acc;
    else
      acc += v;
  }
  double r;
  if (IsMax)
    r = BlockReduce(tmp).Reduce(acc, [] __device__(double x, double y) { return x > y ? x : y; });
  else
    r = BlockReduce(tmp).Sum(acc);
  if (threadIdx.x == 0) {
    if (IsMax)
      atomic_max_double(out, r);
    else
      atomicAdd(out, r);
  }
}

template <class F, bool IsMax>
double reduce(const exec::Cuda& ex, const IndexBox& b, F f, double init) {
  if (b.count() == 0) return init;
  double* d = nullptr;
  FACTWIN_CUDA_CHECK(cudaMalloc(&d, sizeof(double)));
  FACTWIN_CUDA_CHECK(cudaMemcpy(d, &init, sizeof(double), cudaMemcpyHostToDevice));
  const index_t blocks_needed = (b.count() + reduce_threads - 1) / reduce_threads;
  const unsigned blocks = static_cast<unsigned>(blocks_needed < 1024 ? blocks_needed : 1024);
  auto stream = static_cast<cudaStream_t>(ex.stream);
  // clang-format off
  reduce_kernel<F, IsMax><<<blocks, reduce_threads, 0, stream>>>(b, f, IsMax ? init : 0.0, d);
  // clang-format on
  FACTWIN_CUDA_CHECK(cudaGetLastError());
  double h = 0.0;
  FACTWIN_CUDA_CHECK(cudaMemcpyAsync(&h, d, sizeof(double), cudaMemcpyDeviceToHost, stream));
  FACTWIN_CUDA_CHECK(cudaStreamSynchronize(stream));
  FACTWIN_CUDA_CHECK(cudaFree(d));
  return IsMax ? h : h + 0.0;
}

}  // namespace cuda_launch

template <class F>
void for_each_cell(const exec::Cuda& ex, const IndexBox& b, F f) {
  if (b.count() == 0) return;
  const dim3 block(cuda_launch::block_x, cuda_launch::block_y, cuda_launch::block_z);
  const dim3 grid(static_cast<unsigned>((b.size(0) + block.x - 1) / block.x),
                  static_cast<unsigned>((b.size(1) + block.y - 1) / block.y),
                  static_cast<unsigned>((b.size(2) + block.z - 1) / block.z));
  // clang-format off
  cuda_launch::for_each_cell_kernel<<<grid, block, 0, static_cast<cudaStream_t>(ex.stream)>>>(b, f);
  // clang-format on
  FACTWIN_CUDA_CHECK(cudaGetLastError());
}

template <class F>
void for_each_index(const exec::Cuda& ex, index_t count, F f) {
  if (count == 0) return;
  const unsigned blocks = static_cast<unsigned>((count + 255) / 256);
  // clang-format off
  cuda_launch::for_each_index_kernel<<<blocks, 256, 0, static_cast<cudaStream_t>(ex.stream)>>>(count, f);
  // clang-format on
  FACTWIN_CUDA_CHECK(cudaGetLastError());
}

template <class F>
double reduce_sum(const exec::Cuda& ex, const IndexBox& b, F f) {
  return cuda_launch::reduce<F, false>(ex, b, f, 0.0);
}

template <class F>
double reduce_max(const exec::Cuda& ex, const IndexBox& b, F f, double init = 0.0) {
  return cuda_launch::reduce<F, true>(ex, b, f, init);
}

}  // namespace factwin
