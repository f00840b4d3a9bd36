// SPDX-License-Identifier: Apache-2.0
// Entry points into cuda/ used by host code. Built from cuda/core/*.cu when CUDA is on, from
// cpp/core/cuda_stubs.cpp otherwise (every call then throws NotCompiled; device_count() says 0).
#pragma once

#include <cstddef>
#include <string>

#include "factwin/core/exec.hpp"

namespace factwin::cuda {

/// Usable devices; 0 with `reason` set when there are none (no driver, no GPU). Never throws.
int device_count(std::string* reason) noexcept;
DeviceInfo device_info(int id);
void set_device(int id);
void* device_malloc(std::size_t bytes);
void device_free(void* p) noexcept;
void copy_to_device(void* dst, const void* src, std::size_t bytes);
void copy_to_host(void* dst, const void* src, std::size_t bytes);
void synchronize();

}  // namespace factwin::cuda

namespace factwin::cuda {
/// Measured device-to-device copy bandwidth [B/s] (read + write counted, STREAM convention) over
/// `bytes` per array, median of `reps` timed copies with CUDA events.
double measure_copy_bandwidth(std::size_t bytes, int reps);
}  // namespace factwin::cuda
