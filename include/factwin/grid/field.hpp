// SPDX-License-Identifier: Apache-2.0
// Fields on a structured grid: an owning, executor-bound Field<T> and the trivially copyable
// FieldView<T> that kernels capture by value (AMReX Array4 / waLBerla FieldView habit, STYLE.md §3).
// Layout: x fastest (i contiguous), then y, then z; a ghost layer of `ghost` cells on every side;
// linear offsets are std::int64_t.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "factwin/core/exec.hpp"
#include "factwin/core/hd.hpp"
#include "factwin/core/types.hpp"

namespace factwin {

/// A half-open box of cell (or face) indices [lo, hi) per axis.
struct IndexBox {
  int lo[3] = {0, 0, 0};
  int hi[3] = {0, 0, 0};
  [[nodiscard]] FACTWIN_HD index_t size(int a) const { return hi[a] > lo[a] ? hi[a] - lo[a] : 0; }
  [[nodiscard]] FACTWIN_HD index_t count() const { return size(0) * size(1) * size(2); }
};

/// Non-owning view of a 3-D array with strides; must not outlive the Field it came from.
template <class T>
struct FieldView {
  T* origin = nullptr;  ///< address of element (0,0,0) (ghosts lie before it)
  index_t sy = 0;       ///< stride between j and j+1
  index_t sz = 0;       ///< stride between k and k+1
  int n[3] = {0, 0, 0}; ///< interior extent per axis
  int ghost = 0;

  FACTWIN_HD T& operator()(int i, int j, int k) const {
    return origin[static_cast<index_t>(i) + sy * j + sz * k];
  }
  [[nodiscard]] FACTWIN_HD index_t offset(int i, int j, int k) const {
    return static_cast<index_t>(i) + sy * j + sz * k;
  }
  /// Implicit conversion to a view of const T (only for views of non-const T).
  template <class U = T, class = std::enable_if_t<!std::is_const_v<U>>>
  FACTWIN_HD operator FieldView<const U>() const {  // NOLINT(google-explicit-constructor)
    FieldView<const U> v;
    v.origin = origin;
    v.sy = sy;
    v.sz = sz;
    v.n[0] = n[0];
    v.n[1] = n[1];
    v.n[2] = n[2];
    v.ghost = ghost;
    return v;
  }
};
static_assert(std::is_trivially_copyable_v<FieldView<double>>, "views are passed to kernels by value");

namespace detail {
/// Raw memory of the executor's backend (host: aligned new; cuda: cudaMalloc). Throws DeviceError or
/// NotCompiled for cuda where unavailable.
void* field_allocate(const Executor& ex, std::size_t bytes);
void field_free(const Executor& ex, void* p) noexcept;
void field_copy_to_host(const Executor& ex, void* host_dst, const void* src, std::size_t bytes);
void field_copy_from_host(const Executor& ex, void* dst, const void* host_src, std::size_t bytes);
}  // namespace detail

/// An owning, move-only array of n[0] x n[1] x n[2] values plus `ghost` layers, bound to the
/// executor whose memory holds it. Zero-initialised.
template <class T>
class Field {
 public:
  Field() = default;
  Field(const Executor& ex, int nx, int ny, int nz, int ghost = 1) : ex_(ex) {
    n_[0] = nx;
    n_[1] = ny;
    n_[2] = nz;
    g_ = ghost;
    sx_ = nx + 2 * ghost;
    sy_ = static_cast<index_t>(sx_) * (ny + 2 * ghost);
    total_ = sy_ * (nz + 2 * ghost);
    data_ = static_cast<T*>(detail::field_allocate(ex_, bytes()));
    std::vector<T> zeros(static_cast<std::size_t>(total_), T{});
    detail::field_copy_from_host(ex_, data_, zeros.data(), bytes());
  }
  Field(const Field&) = delete;
  Field& operator=(const Field&) = delete;
  Field(Field&& o) noexcept { swap(o); }
  Field& operator=(Field&& o) noexcept {
    if (this != &o) {
      release();
      swap(o);
    }
    return *this;
  }
  ~Field() { release(); }

  [[nodiscard]] FieldView<T> view() {
    FieldView<T> v;
    v.origin = data_ + g_ + sx_ * g_ + sy_ * g_;
    v.sy = sx_;
    v.sz = sy_;
    v.n[0] = n_[0];
    v.n[1] = n_[1];
    v.n[2] = n_[2];
    v.ghost = g_;
    return v;
  }
  [[nodiscard]] FieldView<const T> view() const { return const_cast<Field*>(this)->view(); }
  [[nodiscard]] FieldView<const T> cview() const { return view(); }
  [[nodiscard]] int n(int a) const { return n_[a]; }
  [[nodiscard]] int ghost() const { return g_; }
  [[nodiscard]] index_t size_with_ghosts() const { return total_; }
  [[nodiscard]] std::size_t bytes() const { return static_cast<std::size_t>(total_) * sizeof(T); }
  [[nodiscard]] T* data() { return data_; }
  [[nodiscard]] const T* data() const { return data_; }
  [[nodiscard]] const Executor& executor() const { return ex_; }

  /// Copy of every value (ghosts included, same layout) in host memory; syncs with the device.
  [[nodiscard]] std::vector<T> host_copy() const {
    std::vector<T> h(static_cast<std::size_t>(total_));
    if (total_) detail::field_copy_to_host(ex_, h.data(), data_, bytes());
    return h;
  }
  /// Fills the whole array (ghosts included) from host memory in the same layout.
  void assign_from_host(const std::vector<T>& h) {
    if (static_cast<index_t>(h.size()) != total_) throw std::invalid_argument("Field::assign_from_host: size");
    if (total_) detail::field_copy_from_host(ex_, data_, h.data(), bytes());
  }
  /// Interior values only, x fastest, in a host vector of n[0]*n[1]*n[2].
  [[nodiscard]] std::vector<T> host_interior() const {
    const std::vector<T> h = host_copy();
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(n_[0]) * n_[1] * n_[2]);
    for (int k = 0; k < n_[2]; ++k)
      for (int j = 0; j < n_[1]; ++j)
        for (int i = 0; i < n_[0]; ++i)
          out.push_back(h[static_cast<std::size_t>((i + g_) + sx_ * (j + g_) + sy_ * (k + g_))]);
    return out;
  }

 private:
  void release() noexcept {
    if (data_) detail::field_free(ex_, data_);
    data_ = nullptr;
  }
  void swap(Field& o) noexcept {
    std::swap(ex_, o.ex_);
    std::swap(data_, o.data_);
    std::swap(n_, o.n_);
    std::swap(g_, o.g_);
    std::swap(sx_, o.sx_);
    std::swap(sy_, o.sy_);
    std::swap(total_, o.total_);
  }

  Executor ex_;
  T* data_ = nullptr;
  int n_[3] = {0, 0, 0};
  int g_ = 0;
  index_t sx_ = 0, sy_ = 0, total_ = 0;
};

}  // namespace factwin
