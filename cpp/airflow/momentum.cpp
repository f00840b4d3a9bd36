// SPDX-License-Identifier: Apache-2.0
// Momentum step of the airflow solver: the explicit predictor of each velocity component, and on
// the steady implicit iteration the steady residual with the current pressure, the sweep
// coefficients and red-black Gauss-Seidel sweeps of the upwind-implicit equations in delta form
// (docs/solver.md Eq. S-10). Buoyancy (Boussinesq) and the turbulence model's eddy viscosity and
// wall functions enter through MomentumArgs.
#include "airflow/solver_state.hpp"

namespace factwin::airflow::detail {

MomentumArgs Solver::momentum_args(real dt) {
  MomentumArgs m;
  m.g = g_;
  m.solid = solid_.data();
  m.surf = surf_.data();
  for (int a = 0; a < 3; ++a) {
    m.fid[a] = fid_[a].data();
    m.ftype[a] = ftype_[a].data();
    m.tcode[a] = tcode_[a].data();
    m.vel[a] = vel_[a].data();
    m.vel_new[a] = vel_new_[a].data();
    m.beta[a] = pressure_.finest().beta[a].data();
  }
  m.T = T_.data();
  turb_->momentum_args(m);  // nu_t (null when laminar); k-epsilon: the wall-function k
  m.nu = static_cast<real>(nu_);
  m.dt = dt;
  for (int a = 0; a < 3; ++a) m.buoy[a] = static_cast<real>(-beta_T_ * s_.gravity[a]);
  m.t_ref = static_cast<real>(t_ref_);
  return m;
}

void Solver::predict_momentum(real dt) {
  MomentumArgs m = momentum_args(dt);
  for (int a = 0; a < 3; ++a) {
    m.comp = a;
    FW_CALL(momentum_predict, m);
  }
}

void Solver::implicit_momentum(real dt) {
  MomentumArgs m = momentum_args(dt);
  for (int a = 0; a < 3; ++a) m.res[a] = mres_[a].data();
  m.p = p_.data();
  for (int a = 0; a < 3; ++a) {
    m.comp = a;
    if (!comp_moves_[a] && implicit_steps_ > 0) {
      // no face of this component is solved (w of a one-cell-thick 2D case): its prescribed values
      // carry over; the first iteration's predict has set its residual and beta to zero
      FW_CALL(copy, vel_new_[a].data(), vel_[a].data(), nface_[a]);
      continue;
    }
    FW_CALL(momentum_predict, m);
    // the sweep coefficients of this component once (frozen transport velocity), then the sweeps
    FW_CALL(momentum_coeffs, m, mcoef_.data());
    for (int sw = 0; sw < momentum_sweeps; ++sw) {
      FW_CALL(momentum_sweep_coef, m, mcoef_.data(), 0);
      FW_CALL(momentum_sweep_coef, m, mcoef_.data(), 1);
    }
  }
}

}  // namespace factwin::airflow::detail
