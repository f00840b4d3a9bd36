// SPDX-License-Identifier: Apache-2.0
// Built only when CUDA is OFF: the CUDA entry points exist and fail clearly.
#include "core/cuda_api.hpp"
#include "factwin/core/error.hpp"

namespace factwin::cuda {
namespace {
[[noreturn]] void not_compiled() {
  throw NotCompiled("this build of factwin has no CUDA backend (configure with FACTWIN_ENABLE_CUDA=ON "
                    "on a machine with the CUDA toolkit)");
}
}  // namespace

int device_count(std::string* reason) noexcept {
  if (reason) *reason = "this build of factwin has no CUDA backend";
  return 0;
}
DeviceInfo device_info(int) { not_compiled(); }
void set_device(int) { not_compiled(); }
void* device_malloc(std::size_t) { not_compiled(); }
void device_free(void*) noexcept {}
void copy_to_device(void*, const void*, std::size_t) { not_compiled(); }
void copy_to_host(void*, const void*, std::size_t) { not_compiled(); }
void synchronize() { not_compiled(); }

}  // namespace factwin::cuda

namespace factwin::cuda {
double measure_copy_bandwidth(std::size_t, int) {
  throw NotCompiled("this build of factwin has no CUDA backend");
}
}  // namespace factwin::cuda
