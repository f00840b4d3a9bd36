// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "factwin/core/error.hpp"

namespace factwin::cuda::detail {
[[noreturn]] inline void throw_cuda(cudaError_t e, const char* call, const char* file, int line) {
  throw DeviceError(std::string(file) + ":" + std::to_string(line) + ": " + call + " failed: " +
                        cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")",
                    static_cast<int>(e), cudaGetErrorName(e));
}
}  // namespace factwin::cuda::detail

/// Wraps every CUDA runtime call: throws DeviceError with the call, file, line and error name.
#define FACTWIN_CUDA_CHECK(call)                                                              \
  do {                                                                                        \
    cudaError_t factwin_cuda_err_ = (call);                                                   \
    if (factwin_cuda_err_ != cudaSuccess)                                                     \
      ::factwin::cuda::detail::throw_cuda(factwin_cuda_err_, #call, __FILE__, __LINE__);      \
  } while (0)
