// SPDX-License-Identifier: Apache-2.0
// Power flow, the sweep launch of a SweepPack on the Executor's backend: in place on the host, or
// through Buffers and explicit copies (cuda; host-debug: the same copies in host memory).
#include "electrical/sweep_runner.hpp"

#include <cstring>
#include <limits>

#include "core/cuda_api.hpp"
#include "electrical/power_backend.hpp"

namespace factwin::electrical::detail {

namespace {

// Buffers are grown by half again, so a batch may use only a prefix of one: copies are of the
// pack's `n` elements, to the device or (host-debug) to the separate host allocation.
template <class T>
void grow(Buffer<T>& d, std::size_t n, const Executor& ex) {
  if (static_cast<std::size_t>(d.size()) >= n) return;
  d = Buffer<T>(static_cast<index_t>(n + n / 2), ex);
}

template <class T>
void put(Buffer<T>& d, const T* h, std::size_t n, const Executor& ex) {
  grow(d, n, ex);
  if (n == 0) return;
  if (ex.kernels_on_device()) ::factwin::cuda::copy_to_device(d.data(), h, n * sizeof(T));
  else std::memcpy(static_cast<void*>(d.data()), h, n * sizeof(T));
}

template <class T>
void get(const Buffer<T>& d, T* h, std::size_t n, const Executor& ex) {
  if (n == 0) return;
  if (ex.kernels_on_device()) ::factwin::cuda::copy_to_host(h, d.data(), n * sizeof(T));
  else std::memcpy(static_cast<void*>(h), d.data(), n * sizeof(T));
}

template <class T>
void poison(T* h, std::size_t n) {
  const T bad = std::numeric_limits<T>::has_quiet_NaN ? std::numeric_limits<T>::quiet_NaN()
                                                      : std::numeric_limits<T>::min();
  for (std::size_t k = 0; k < n; ++k) h[k] = bad;
}

}  // namespace

void SweepRunner::run(SweepPack& pack, const PowerFlowOptions& opt) {
  if (ex_.device_layout()) {
    run_in_buffers(pack, opt);
    return;
  }
  const SweepBatchArgs a = pack.args(opt);
  FACTWIN_DISPATCH(ex_, factwin::electrical, sweep_batch, a);
}

void SweepRunner::run_in_buffers(SweepPack& pack, const PowerFlowOptions& opt) {
  const std::size_t nbus = pack.nbus(), ncase = static_cast<std::size_t>(pack.ncase());
  const SweepBatchArgs h = pack.args(opt);  // the host arrays
  put(start_, h.start, ncase + 1, ex_);
  put(parent_, h.parent, nbus, ex_);
  put(zr_, h.zr, nbus, ex_);
  put(zi_, h.zi, nbus, ex_);
  put(p_, h.p, nbus, ex_);
  put(q_, h.q, nbus, ex_);
  put(vr_, h.vr, nbus, ex_);  // initial guess: the supply voltage
  put(vi_, h.vi, nbus, ex_);
  grow(ir_, nbus, ex_);  // written by the kernel before any read
  grow(ii_, nbus, ex_);
  grow(it_, ncase, ex_);
  grow(dv_, ncase, ex_);
  SweepBatchArgs a = h;
  a.start = start_.data();
  a.parent = parent_.data();
  a.zr = zr_.data();
  a.zi = zi_.data();
  a.p = p_.data();
  a.q = q_.data();
  a.vr = vr_.data();
  a.vi = vi_.data();
  a.ir = ir_.data();
  a.ii = ii_.data();
  a.iterations = it_.data();
  a.last_dv = dv_.data();
  FACTWIN_DISPATCH(ex_, factwin::electrical, sweep_batch, a);
  // whatever is not downloaded stays poisoned
  for (double* r : {h.vr, h.vi, h.ir, h.ii}) poison(r, nbus);
  poison(h.last_dv, ncase);
  poison(h.iterations, ncase);
  get(vr_, h.vr, nbus, ex_);
  get(vi_, h.vi, nbus, ex_);
  get(ir_, h.ir, nbus, ex_);
  get(ii_, h.ii, nbus, ex_);
  get(it_, h.iterations, ncase, ex_);
  get(dv_, h.last_dv, ncase, ex_);
}

}  // namespace factwin::electrical::detail
