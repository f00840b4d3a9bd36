// SPDX-License-Identifier: Apache-2.0
// Anderson acceleration of the steady implicit iteration (docs/solver.md): the solver's packed,
// scaled state (velocity, temperature, pressure, tracers and the device states carried between
// couplings), and the accelerator's history and least-squares mixing step after each iteration.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <Eigen/Dense>

#include "airflow/anderson.hpp"
#include "airflow/solver_state.hpp"

namespace factwin::airflow::detail {

void Solver::setup_anderson() {
  index_t n = 2 * ncell_;  // T and p, and the velocity components that move
  for (int a = 0; a < 3; ++a)
    if (comp_moves_[a]) n += nface_[a];
  n += static_cast<index_t>(tr_.size()) * ncell_;
  aa_n_fields_ = n;
  // device states that persist between couplings: a rack's server inlet temperature (its
  // airflow follows it) and a return-controlled cooler's supply temperature (integral control)
  for (std::size_t d = 0; d < dev_host_.size(); ++d)
    if ((dev_host_[d].kind == 1 && dev_host_[d].per_kelvin > 0) || (dev_host_[d].kind == 2 && dev_host_[d].return_control))
      aa_dev_state_.push_back(static_cast<int>(d));
  n += static_cast<index_t>(aa_dev_state_.size());
  aa_.setup(anderson_depth_, n);
}

void AndersonAccelerator::setup(int depth, index_t n) {
  A_.m = depth;
  A_.n = n;
  for (int q = 0; q < A_.m; ++q) {
    A_.dG.emplace_back(A_.n, on_device_);
    A_.dF.emplace_back(A_.n, on_device_);
  }
  A_.xin = Buffer<real>(A_.n, on_device_);
  A_.g = Buffer<real>(A_.n, on_device_);
  A_.f = Buffer<real>(A_.n, on_device_);
  A_.gprev = Buffer<real>(A_.n, on_device_);
  A_.fprev = Buffer<real>(A_.n, on_device_);
  A_.gram.assign(static_cast<std::size_t>(A_.m * A_.m), 0.0);
}

// The packed state of the Anderson acceleration: u, v, w over U, (T - T_ref) over dT_ref and p over
// U^2, so that the least-squares problem weighs the fields alike. pack: fields -> x; else x -> fields.
void Solver::aa_transfer(real* x, bool pack) {
  struct Part {
    real* field;
    index_t n;
    double scale, shift;  // field = scale * x + shift
  };
  std::vector<Part> parts;
  for (int a = 0; a < 3; ++a)
    if (comp_moves_[a]) parts.push_back({vel_[a].data(), nface_[a], U_ref_, 0.0});  // constant ones stay out
  parts.push_back({T_.data(), ncell_, dT_ref_, t_ref_});
  parts.push_back({p_.data(), ncell_, U_ref_ * U_ref_, 0.0});
  for (auto& t : tr_) parts.push_back({t.data(), ncell_, 1.0, 0.0});  // tracers: fractions of order 1
  index_t o = 0;
  for (const Part& q : parts) {
    if (pack)
      FW_CALL(affine, x + o, q.field, q.n, static_cast<real>(1.0 / q.scale), static_cast<real>(-q.shift / q.scale));
    else
      FW_CALL(affine, q.field, x + o, q.n, static_cast<real>(q.scale), static_cast<real>(q.shift));
    o += q.n;
  }
  // the device states (a few per device, on the host side of the transfer), scaled as temperatures
  const std::vector<int>& ds = aa_dev_state_;
  if (o != aa_n_fields_ || o + static_cast<index_t>(ds.size()) != aa_.size())
    throw std::logic_error("airflow: the Anderson state layout does not match its size");
  if (ds.empty()) return;
  std::vector<DeviceGpu> dev = dev_.to_host();
  std::vector<SurfaceGpu> surf = surf_.to_host();
  std::vector<real> tail(ds.size());
  const std::size_t bytes = tail.size() * sizeof(real);
  if (!pack) {
    if (on_device_) cuda::copy_to_host(tail.data(), x + o, bytes);
    else std::copy(x + o, x + o + static_cast<index_t>(tail.size()), tail.begin());
  }
  for (std::size_t q = 0; q < ds.size(); ++q) {
    DeviceGpu& d = dev[static_cast<std::size_t>(ds[q])];
    real& state = d.kind == 1 ? d.t_server : surf[static_cast<std::size_t>(d.out_surface)].t_in;
    if (pack) tail[q] = static_cast<real>((state - t_ref_) / dT_ref_);
    else state = static_cast<real>(tail[q] * dT_ref_ + t_ref_);
  }
  if (pack) {
    if (on_device_) cuda::copy_to_device(x + o, tail.data(), bytes);
    else std::copy(tail.begin(), tail.end(), x + o);
  } else {
    dev_.upload(dev.data());
    surf_.upload(surf.data());
  }
}

// One Anderson step (Walker & Ni 2011, "Anderson acceleration for fixed-point iterations", SIAM J.
// Numer. Anal. 49:1715, the difference form; Anderson 1965). The implicit iteration is a fixed-point
// map x -> G(x); with f = G(x) - x and the last m differences dG, dF, the next state is
// G(x) - dG gamma, gamma minimising |f - dF gamma| (normal equations, Tikhonov-regularised). The
// combination has coefficients summing to one, so prescribed values (inlets, walls, solid cells)
// are kept and a combination of divergence-free fields stays divergence-free. Restart (history
// dropped) when |f| grows 100-fold over its smallest value since the last restart.
void AndersonAccelerator::update(const std::function<void(real*)>& pack, const std::function<void(real*)>& unpack) {
  State& A = A_;
  const index_t n = A.n;
  pack(A.g.data());
  FW_CALL(copy, A.f.data(), A.g.data(), n);
  FW_CALL(axpby, n, real(-1), A.xin.data(), real(1), A.f.data());  // f = G(x) - x
  const double fnorm2 = FW_CALL(dot, A.f.data(), A.f.data(), n);
  if (!std::isfinite(fnorm2)) return;  // the next iteration's checks name the field
  const double fnorm = std::sqrt(fnorm2);
  if (A.have_prev && fnorm > 100 * A.fmin) {
    A.count = 0;
    A.head = 0;
    A.have_prev = false;
    ++A.restarts;
  }
  if (!A.have_prev || A.count == 0) A.fmin = fnorm;
  A.fmin = std::min(A.fmin, fnorm);
  const auto m = static_cast<std::size_t>(A.m);
  if (A.have_prev) {
    const int slot = A.head;
    real* dg = A.dG[static_cast<std::size_t>(slot)].data();
    real* df = A.dF[static_cast<std::size_t>(slot)].data();
    FW_CALL(copy, dg, A.g.data(), n);
    FW_CALL(axpby, n, real(-1), A.gprev.data(), real(1), dg);
    FW_CALL(copy, df, A.f.data(), n);
    FW_CALL(axpby, n, real(-1), A.fprev.data(), real(1), df);
    A.head = (A.head + 1) % A.m;
    A.count = std::min(A.count + 1, A.m);
    for (int j = 0; j < A.count; ++j) {
      const double v = FW_CALL(dot, df, A.dF[static_cast<std::size_t>(j)].data(), n);
      A.gram[static_cast<std::size_t>(slot) * m + static_cast<std::size_t>(j)] = v;
      A.gram[static_cast<std::size_t>(j) * m + static_cast<std::size_t>(slot)] = v;
    }
  }
  std::swap(A.gprev, A.g);
  FW_CALL(copy, A.fprev.data(), A.f.data(), n);
  A.have_prev = true;
  if (A.count == 0) return;
  // normal equations (count x count), regularised relative to their trace
  const int k = A.count;
  Eigen::MatrixXd M(k, k);
  Eigen::VectorXd rhs(k);
  double trace = 0;
  for (int i = 0; i < k; ++i) {
    rhs[i] = FW_CALL(dot, A.dF[static_cast<std::size_t>(i)].data(), A.f.data(), n);
    for (int j = 0; j < k; ++j) M(i, j) = A.gram[static_cast<std::size_t>(i) * m + static_cast<std::size_t>(j)];
    trace += M(i, i);
  }
  if (!(trace > 0) || !std::isfinite(trace)) return;
  M.diagonal().array() += 1e-10 * trace / k;
  const Eigen::VectorXd gamma = M.ldlt().solve(rhs);
  if (!gamma.allFinite()) return;
  // x = G(x) - dG gamma (G(x) is now in gprev)
  FW_CALL(copy, A.xin.data(), A.gprev.data(), n);
  for (int i = 0; i < k; ++i)
    FW_CALL(axpby, n, static_cast<real>(-gamma[i]), A.dG[static_cast<std::size_t>(i)].data(), real(1), A.xin.data());
  unpack(A.xin.data());
}

}  // namespace factwin::airflow::detail
