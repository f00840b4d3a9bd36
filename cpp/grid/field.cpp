// SPDX-License-Identifier: Apache-2.0
// Memory behind Field<T>: host memory for the host backend, device memory (through cuda/) for CUDA.
#include "factwin/grid/field.hpp"

#include <cstring>
#include <new>

#include "core/cuda_api.hpp"

namespace factwin::detail {

void* field_allocate(const Executor& ex, std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  if (ex.is_cuda()) return cuda::device_malloc(bytes);
  return ::operator new(bytes, std::align_val_t{64});
}

void field_free(const Executor& ex, void* p) noexcept {
  if (!p) return;
  if (ex.is_cuda())
    cuda::device_free(p);
  else
    ::operator delete(p, std::align_val_t{64});
}

void field_copy_to_host(const Executor& ex, void* host_dst, const void* src, std::size_t bytes) {
  if (ex.is_cuda())
    cuda::copy_to_host(host_dst, src, bytes);
  else
    std::memcpy(host_dst, src, bytes);
}

void field_copy_from_host(const Executor& ex, void* dst, const void* host_src, std::size_t bytes) {
  if (ex.is_cuda())
    cuda::copy_to_device(dst, host_src, bytes);
  else
    std::memcpy(dst, host_src, bytes);
}

}  // namespace factwin::detail
