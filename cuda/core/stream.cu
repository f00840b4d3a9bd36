// SPDX-License-Identifier: Apache-2.0
// Device copy bandwidth: the measured roofline every kernel's achieved bandwidth is compared with.
#include <cuda_runtime.h>

#include <algorithm>
#include <vector>

#include "core/cuda_api.hpp"
#include "cuda_check.cuh"

namespace factwin::cuda {
namespace {
__global__ void copy_kernel(const double* __restrict__ src, double* __restrict__ dst, std::size_t n) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    dst[i] = src[i];
}
}  // namespace

double measure_copy_bandwidth(std::size_t bytes, int reps) {
  if (reps < 1) reps = 1;
  const std::size_t n = bytes / sizeof(double);
  double *a = nullptr, *b = nullptr;
  FACTWIN_CUDA_CHECK(cudaMalloc(&a, n * sizeof(double)));
  FACTWIN_CUDA_CHECK(cudaMalloc(&b, n * sizeof(double)));
  FACTWIN_CUDA_CHECK(cudaMemset(a, 0, n * sizeof(double)));
  int sms = 0, dev = 0;
  FACTWIN_CUDA_CHECK(cudaGetDevice(&dev));
  FACTWIN_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
  const int threads = 256, blocks = sms * 8;
  cudaEvent_t t0, t1;
  FACTWIN_CUDA_CHECK(cudaEventCreate(&t0));
  FACTWIN_CUDA_CHECK(cudaEventCreate(&t1));
  std::vector<float> ms;
  for (int r = 0; r < reps + 1; ++r) {
    FACTWIN_CUDA_CHECK(cudaEventRecord(t0));
    copy_kernel<<<blocks, threads>>>(a, b, n);
    FACTWIN_CUDA_CHECK(cudaGetLastError());
    FACTWIN_CUDA_CHECK(cudaEventRecord(t1));
    FACTWIN_CUDA_CHECK(cudaEventSynchronize(t1));
    float m = 0;
    FACTWIN_CUDA_CHECK(cudaEventElapsedTime(&m, t0, t1));
    if (r > 0) ms.push_back(m);  // first run warms up
  }
  FACTWIN_CUDA_CHECK(cudaEventDestroy(t0));
  FACTWIN_CUDA_CHECK(cudaEventDestroy(t1));
  FACTWIN_CUDA_CHECK(cudaFree(a));
  FACTWIN_CUDA_CHECK(cudaFree(b));
  std::sort(ms.begin(), ms.end());
  const double med_s = ms[ms.size() / 2] * 1e-3;
  return 2.0 * static_cast<double>(n * sizeof(double)) / med_s;
}

}  // namespace factwin::cuda
