// SPDX-License-Identifier: Apache-2.0
// Run-time choice of backend (MFEM Device / Ginkgo executor habit): one binary runs on the CPU
// everywhere and on an NVIDIA GPU where the build has CUDA and a device is present.
#pragma once

#include <cstddef>
#include <string>

namespace factwin {

/// host: OpenMP kernels on host arrays. host_debug: the device code path run on the CPU (device
/// data layout, data in Buffers reached only through explicit uploads and downloads, host build of
/// the kernels), so a missing or stale copy shows in CPU-only tests (STYLE.md section 3). cuda: the
/// CUDA build of the same kernels on a GPU.
enum class Backend { host, host_debug, cuda };

/// Facts about one CUDA device.
struct DeviceInfo {
  int id = -1;
  std::string name;
  int cc_major = 0, cc_minor = 0;   ///< compute capability
  std::size_t total_memory = 0;     ///< [B]
  std::size_t free_memory = 0;      ///< [B]
  int multiprocessors = 0;
  int driver_version = 0, runtime_version = 0;
};

class Executor {
 public:
  /// "host" | "cpu" | "host-debug" | "cuda" | "cuda:N" | "auto". "auto" takes device 0 when a GPU is usable and
  /// the host otherwise (fallback_reason() says why). Throws NotCompiled when "cuda" is asked of a
  /// build without CUDA, DeviceError when no device is present, InputError-free: a bad spec throws
  /// std::invalid_argument.
  [[nodiscard]] static Executor create(const std::string& spec);
  /// Number of usable CUDA devices; 0 (never a crash) without CUDA, without a driver, or without a GPU.
  [[nodiscard]] static int device_count() noexcept;
  /// Why device_count() is 0, e.g. "CUDA driver not found (cudaErrorInsufficientDriver)".
  [[nodiscard]] static std::string no_device_reason();
  [[nodiscard]] static bool cuda_compiled() noexcept;

  [[nodiscard]] Backend backend() const noexcept { return backend_; }
  [[nodiscard]] bool is_cuda() const noexcept { return backend_ == Backend::cuda; }
  /// The kernels run on the CUDA device (FACTWIN_DISPATCH picks their CUDA build).
  [[nodiscard]] bool kernels_on_device() const noexcept { return backend_ == Backend::cuda; }
  /// The data lives in Buffers reached through explicit copies (cuda and host-debug).
  [[nodiscard]] bool device_layout() const noexcept { return backend_ != Backend::host; }
  [[nodiscard]] int device_id() const noexcept { return device_; }
  [[nodiscard]] int threads() const noexcept { return threads_; }
  /// "host (OpenMP, 2 threads)" or "cuda:0 (NVIDIA H100 80GB HBM3, cc 9.0)".
  [[nodiscard]] std::string description() const;
  /// Non-empty when "auto" fell back to the host: the reason.
  [[nodiscard]] const std::string& fallback_reason() const noexcept { return fallback_; }
  /// Memory available to this backend for fields [B] (host: MemAvailable; cuda: free device memory).
  [[nodiscard]] std::size_t available_memory() const;

 private:
  Backend backend_ = Backend::host;
  int device_ = -1;
  int threads_ = 1;
  std::string fallback_;
  std::string device_name_;
};

/// Info for CUDA device `id`; throws NotCompiled or DeviceError.
[[nodiscard]] DeviceInfo device_info(int id);
/// Bytes of memory the host can still give (MemAvailable from /proc/meminfo; 0 if unknown).
[[nodiscard]] std::size_t host_available_memory();

}  // namespace factwin
