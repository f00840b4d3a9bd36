// SPDX-License-Identifier: Apache-2.0
// Drivers of the airflow solver: the time-step limits (explicit stability, implicit pseudo-time),
// one transient/explicit step and one steady implicit iteration as sequences of the step files,
// and the iteration loop (checks, eddy viscosity, step, residual records, convergence, Anderson
// mixing, snapshots) (docs/solver.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <utility>

#include "airflow/solver_state.hpp"
#include "factwin/core/log.hpp"

namespace factwin::airflow::detail {

real Solver::stable_dt(double u_over_h, double nut_max, double dT_max) const {
  const double cfl = st_.cfl;
  const double kmax = std::max(nu_, alpha_) + nut_max / std::min(1.0, static_cast<double>(turbulent_prandtl));
  double sum_ih2 = 0, hmin = 1e300;
  for (int a = 0; a < 3; ++a) {
    if (g_.n[a] > 1) sum_ih2 += g_.ih2[a];
    hmin = std::min(hmin, static_cast<double>(g_.h[a]));
  }
  if (sum_ih2 == 0) sum_ih2 = g_.ih2[0];
  // forward Euler with explicit advection and diffusion: (sum |u|/h)/cfl + 2 k sum 1/h^2 <= 1/dt
  double inv = u_over_h / cfl + 2.0 * kmax * sum_ih2 / 0.9;
  const double gmag = std::sqrt(s_.gravity.x * s_.gravity.x + s_.gravity.y * s_.gravity.y + s_.gravity.z * s_.gravity.z);
  const double nb = std::sqrt(gmag * beta_T_ * std::max(dT_max, 1e-12) / hmin);  // buoyancy frequency scale
  inv = std::max(inv, 2.0 * nb);
  return static_cast<real>(1.0 / inv);
}

real Solver::pseudo_dt(double u_over_h, double nut_max, double dT_max) const {
  // Implicit pseudo-time step (docs/solver.md): a Courant number of pseudo_cfl on the largest
  // velocity (at least 5 % of the reference speed, so the first iterations from rest stay moderate)
  // and a viscous number k dt / h^2 of pseudo_viscous_number; a buoyancy (Brunt-Vaisala) limit as
  // the temperature is lagged in the momentum equation.
  double sum_ih = 0, hmin = 1e300;
  for (int a = 0; a < 3; ++a)
    if (g_.n[a] > 1) {
      sum_ih += g_.ih[a];
      hmin = std::min(hmin, static_cast<double>(g_.h[a]));
    }
  if (sum_ih == 0) {
    sum_ih = g_.ih[0];
    hmin = g_.h[0];
  }
  const double kmax = std::max(nu_, alpha_) + nut_max / std::min(1.0, static_cast<double>(turbulent_prandtl));
  const double u = std::max(u_over_h, 0.05 * U_ref_ * sum_ih);
  double inv = std::max(u / pseudo_cfl, kmax / (pseudo_viscous_number * hmin * hmin));
  const double gmag = std::sqrt(s_.gravity.x * s_.gravity.x + s_.gravity.y * s_.gravity.y + s_.gravity.z * s_.gravity.z);
  const double nb = std::sqrt(gmag * beta_T_ * std::max(dT_max, 1e-12) / hmin);
  inv = std::max(inv, pseudo_buoyancy * nb);
  return static_cast<real>(1.0 / inv);
}

void Solver::step(real dt) {
  // Transient (and explicit steady) step: device coupling, momentum predictor, pressure projection,
  // then energy, tracers and the turbulence model's transport with the projected velocity.
  couple_devices_step();
  predict_momentum(dt);
  project(dt);
  transport_scalars(dt);
}

void Solver::step_implicit(real dt) {
  // Steady mode: one implicit pseudo-time iteration (docs/solver.md Eqs. S-10, S-11): steady residuals
  // with the current pressure, red-black Gauss-Seidel sweeps of the upwind-implicit momentum
  // equations in delta form, an incremental pressure correction to a loose tolerance, then the
  // energy and tracer equations the same way with the corrected velocity.
  couple_devices_step();
  implicit_momentum(dt);
  correct_pressure(dt);
  ++implicit_steps_;
  implicit_scalars(dt);
}

SolveResult Solver::run() {
  const auto t0 = std::chrono::steady_clock::now();
  const bool transient = st_.mode == SolveMode::transient;
  const long max_it = opt_.max_iterations > 0 ? opt_.max_iterations : st_.max_iterations;
  const double tol = opt_.tolerance > 0 ? opt_.tolerance : st_.tolerance;
  result_.tolerance = tol;
  result_.cells = ncell_;
  const int check_every = std::max(1, opt_.history_every);
  long it = 0;
  bool converged = false;
  for (it = 1; it <= max_it || transient; ++it) {
    result_.iterations = it;
    // time step from the current state; NaN shows up here at once
    double u_over_h = 0;
    for (int a = 0; a < 3; ++a) {
      const double um = FW_CALL(max_abs, vel_[a].data(), nface_[a]);
      if (!std::isfinite(um) || um > 1e4 * U_ref_ + 1e3) fail_numerical(std::string("velocity ") + "uvw"[a], vel_[a].data(), nface_[a], true, a);
      u_over_h += um * g_.ih[a];
    }
    const double dTm = FW_CALL(max_abs_diff_masked, T_.data(), static_cast<real>(t_ref_), solid_.data(), ncell_);
    if (!std::isfinite(dTm) || dTm > 1e4) fail_numerical("temperature", T_.data(), ncell_, false, 0);
    {
      // the turbulence model's eddy viscosity (zero-equation: from this velocity; k-epsilon: from
      // the last iteration's k and eps, checked)
      const real* vv[3] = {vel_[0].data(), vel_[1].data(), vel_[2].data()};
      turb_->update_eddy_viscosity(vv, it, implicit_);
    }
    const double nut_max = turb_->nut_max();
    real dt = implicit_ ? pseudo_dt(u_over_h, nut_max, std::max(dTm, dT_ref_))
                        : stable_dt(u_over_h, nut_max, std::max(dTm, dT_ref_));
    if (transient && sim_time_ + dt > st_.end_time) dt = static_cast<real>(st_.end_time - sim_time_);
    if (aa_.depth() > 0) aa_pack(aa_.iterate());
    if (implicit_) step_implicit(dt);
    else step(dt);
    sim_time_ += dt;
    const bool record = it % check_every == 0 || it == 1 || (transient && sim_time_ >= st_.end_time) || it == max_it;
    if (record) {
      const ResidualRecord r = residuals(it, dt);
      result_.history.push_back(r);
      result_.final_residual = r;
      if (opt_.progress) opt_.progress(r);
      // more than 10 iterations from rest (its first, small residuals of a still start mean nothing);
      // a warm start (SolveOptions::initial) is tested from its first iteration
      if (!transient && r.momentum < tol && r.energy < tol && std::abs(r.storage) < std::max(10 * tol, 1e-5) &&
          (it > 10 || opt_.initial != nullptr))
        converged = true;
    }
    for (int a = 0; a < 3; ++a) std::swap(vel_[a], vel_new_[a]);
    std::swap(T_, T_new_);
    for (std::size_t t = 0; t < tr_.size(); ++t) std::swap(tr_[t], tr_new_[t]);
    if (aa_.depth() > 0 && !converged) aa_update();
    if (opt_.snapshot && opt_.snapshot_every > 0 && it % opt_.snapshot_every == 0 && !converged) {
      SolveResult snap;
      snap.iterations = it;
      snap.tolerance = tol;
      snap.cells = ncell_;
      collect(snap, false);
      opt_.snapshot(snap);
    }
    turb_->advance();
    if (converged) break;
    if (transient && sim_time_ >= st_.end_time * (1 - 1e-12)) {
      converged = true;
      break;
    }
    if (!transient && it >= max_it) break;
  }
  if (it > max_it) it = max_it;
  result_.converged = converged;
  result_.stop_reason = converged ? (transient ? "end time reached" : "converged")
                                  : "iteration limit reached before the residuals fell below the tolerance";
  result_.simulated_time = sim_time_;
  result_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result_.cell_updates_per_second =
      static_cast<double>(ncell_) * static_cast<double>(result_.iterations) / std::max(result_.wall_seconds, 1e-12);
  collect(result_, false);
  result_.kernels = kernels_.profile();
  log::info("airflow: " + std::to_string(result_.iterations) + " iterations, " +
            std::to_string(static_cast<double>(pressure_.iterations()) / static_cast<double>(std::max(1L, result_.iterations))) +
            " preconditioned CG iterations per step");
  return result_;
}

}  // namespace factwin::airflow::detail

namespace factwin::airflow {

SolveResult solve(const Scenario& s, const SolverSettings& settings, const VoxelGrid& vg, const Executor& ex,
                  const SolveOptions& options) {
  detail::Solver solver(s, settings, vg, ex, options);
  return solver.run();
}

}  // namespace factwin::airflow
