// SPDX-License-Identifier: Apache-2.0
// CUDA device discovery and memory. Linked against the static runtime so binaries load without a
// driver; with no driver or no GPU, device_count() reports 0 and the reason.
#include <cuda_runtime.h>

#include "core/cuda_api.hpp"
#include "cuda_check.cuh"

namespace factwin::cuda {

int device_count(std::string* reason) noexcept {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    if (reason)
      *reason = std::string("no usable CUDA device: ") + cudaGetErrorName(e) + " (" +
                cudaGetErrorString(e) + ")";
    (void)cudaGetLastError();  // clear the sticky error state of the runtime
    return 0;
  }
  if (n == 0 && reason) *reason = "no CUDA device present";
  return n;
}

DeviceInfo device_info(int id) {
  cudaDeviceProp p{};
  FACTWIN_CUDA_CHECK(cudaGetDeviceProperties(&p, id));
  DeviceInfo d;
  d.id = id;
  d.name = p.name;
  d.cc_major = p.major;
  d.cc_minor = p.minor;
  d.total_memory = p.totalGlobalMem;
  d.multiprocessors = p.multiProcessorCount;
  FACTWIN_CUDA_CHECK(cudaDriverGetVersion(&d.driver_version));
  FACTWIN_CUDA_CHECK(cudaRuntimeGetVersion(&d.runtime_version));
  int current = 0;
  FACTWIN_CUDA_CHECK(cudaGetDevice(&current));
  FACTWIN_CUDA_CHECK(cudaSetDevice(id));
  std::size_t free_b = 0, total_b = 0;
  FACTWIN_CUDA_CHECK(cudaMemGetInfo(&free_b, &total_b));
  d.free_memory = free_b;
  FACTWIN_CUDA_CHECK(cudaSetDevice(current));
  return d;
}

void set_device(int id) { FACTWIN_CUDA_CHECK(cudaSetDevice(id)); }

void* device_malloc(std::size_t bytes) {
  void* p = nullptr;
  FACTWIN_CUDA_CHECK(cudaMalloc(&p, bytes));
  // zeroed, as the host backend's new T[n]() is: a kernel that reads before it writes sees the same
  // values on both backends
  const cudaError_t e = cudaMemset(p, 0, bytes);
  if (e != cudaSuccess) {
    (void)cudaFree(p);
    FACTWIN_CUDA_CHECK(e);
  }
  return p;
}

void device_free(void* p) noexcept { (void)cudaFree(p); }

void copy_to_device(void* dst, const void* src, std::size_t bytes) {
  FACTWIN_CUDA_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice));
}

void copy_to_host(void* dst, const void* src, std::size_t bytes) {
  FACTWIN_CUDA_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost));
}

void synchronize() { FACTWIN_CUDA_CHECK(cudaDeviceSynchronize()); }

}  // namespace factwin::cuda
