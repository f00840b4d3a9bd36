// SPDX-License-Identifier: Apache-2.0
// Owning, move-only array in host or device memory (STYLE.md section 3). Copies between the two are
// explicit: upload() and download().
#pragma once

#include <cstring>
#include <utility>
#include <vector>

#include "core/cuda_api.hpp"
#include "factwin/core/types.hpp"

namespace factwin {

template <class T>
class Buffer {
 public:
  Buffer() = default;
  Buffer(index_t n, bool on_device) : n_(n), device_(on_device) {
    if (n_ <= 0) return;
    const std::size_t bytes = static_cast<std::size_t>(n_) * sizeof(T);
    p_ = device_ ? static_cast<T*>(cuda::device_malloc(bytes)) : new T[static_cast<std::size_t>(n_)]();
  }
  /// In device memory when `ex`'s kernels run on a device; in separate host memory otherwise
  /// (host-debug keeps the explicit copies of the device path).
  Buffer(index_t n, const Executor& ex) : Buffer(n, ex.kernels_on_device()) {}
  Buffer(const std::vector<T>& host, bool on_device) : Buffer(static_cast<index_t>(host.size()), on_device) {
    upload(host.data());
  }
  ~Buffer() { release(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)), device_(o.device_) {}
  Buffer& operator=(Buffer&& o) noexcept {
    if (this != &o) {
      release();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
      device_ = o.device_;
    }
    return *this;
  }

  [[nodiscard]] T* data() noexcept { return p_; }
  [[nodiscard]] const T* data() const noexcept { return p_; }
  [[nodiscard]] index_t size() const noexcept { return n_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return static_cast<std::size_t>(n_) * sizeof(T); }

  void upload(const T* host) {
    if (n_ == 0) return;
    if (device_) cuda::copy_to_device(p_, host, bytes());
    else std::memcpy(static_cast<void*>(p_), host, bytes());
  }
  void download(T* host) const {
    if (n_ == 0) return;
    if (device_) cuda::copy_to_host(host, p_, bytes());
    else std::memcpy(static_cast<void*>(host), p_, bytes());
  }
  [[nodiscard]] std::vector<T> to_host() const {
    std::vector<T> v(static_cast<std::size_t>(n_));
    download(v.data());
    return v;
  }

 private:
  void release() noexcept {
    if (!p_) return;
    if (device_) cuda::device_free(p_);
    else delete[] p_;
    p_ = nullptr;
  }
  T* p_ = nullptr;
  index_t n_ = 0;
  bool device_ = false;
};

}  // namespace factwin
