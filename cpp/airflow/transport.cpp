// SPDX-License-Identifier: Apache-2.0
// Energy and scalar transport step of the airflow solver: temperature and the passive tracers with
// the projected velocity, explicitly (transient and explicit steady) or on the steady implicit
// iteration by the steady residual, the sweep coefficients and red-black sweeps (docs/solver.md
// Eq. S-11); then the turbulence model's own scalars (k-epsilon: k and eps) the same way.
#include "airflow/solver_state.hpp"

namespace factwin::airflow::detail {

ScalarArgs Solver::scalar_args() {
  // temperature transport with the projected velocity; callers set dt and switch to tracers / k, eps
  ScalarArgs sa;
  sa.g = g_;
  sa.solid = solid_.data();
  sa.surf = surf_.data();
  for (int a = 0; a < 3; ++a) {
    sa.fid[a] = fid_[a].data();
    sa.ftype[a] = ftype_[a].data();
    sa.vel[a] = vel_new_[a].data();
  }
  sa.nut = turb_->eddy_viscosity();  // null when laminar
  sa.prt = turbulent_prandtl;
  sa.s = T_.data();
  sa.s_new = T_new_.data();
  sa.source = src_T_.data();
  sa.kappa = static_cast<real>(alpha_);
  sa.tracer = -1;
  sa.sref = static_cast<real>(t_ref_);
  return sa;
}

void Solver::implicit_scalar(const ScalarArgs& sa) {
  // steady residual, the sweep coefficients once (the velocity is frozen during the sweeps), then
  // the red-black sweeps on them (docs/solver.md Eq. S-11)
  FW_CALL(scalar_transport, sa);
  FW_CALL(scalar_coeffs, sa, scoef_.data());
  for (int sw = 0; sw < energy_sweeps; ++sw) {
    FW_CALL(scalar_sweep_coef, sa, scoef_.data(), 0);
    FW_CALL(scalar_sweep_coef, sa, scoef_.data(), 1);
  }
}

void Solver::transport_scalars(real dt) {
  ScalarArgs sa = scalar_args();
  sa.dt = dt;
  FW_CALL(scalar_transport, sa);
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    point_at_tracer(sa, t);
    FW_CALL(scalar_transport, sa);
  }
  ScalarStep st;
  st.implicit = false;
  st.dt = dt;
  st.solve = [this](const ScalarArgs& a) { FW_CALL(scalar_transport, a); };
  const real* vel[3] = {vel_new_[0].data(), vel_new_[1].data(), vel_new_[2].data()};
  turb_->transport(vel, sa, st);
}

void Solver::point_at_tracer(ScalarArgs& sa, std::size_t t) {
  sa.s = tr_[t].data();
  sa.s_new = tr_new_[t].data();
  sa.source = nullptr;
  sa.sref = 0;
  sa.tracer = static_cast<int>(t);
}

void Solver::implicit_scalars(real dt) {
  ScalarArgs sa = scalar_args();
  sa.dt = static_cast<real>(dt * energy_dt_factor);
  sa.res = sres_.data();
  implicit_scalar(sa);
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    point_at_tracer(sa, t);
    sa.res = trres_.data();
    implicit_scalar(sa);  // with a tracer's own coefficients (no wall temperature term)
  }
  ScalarStep st;
  st.implicit = true;
  st.dt = dt;
  st.residual = trres_.data();
  st.solve = [this](const ScalarArgs& a) { implicit_scalar(a); };
  const real* vel[3] = {vel_new_[0].data(), vel_new_[1].data(), vel_new_[2].data()};
  turb_->transport(vel, sa, st);
}

}  // namespace factwin::airflow::detail
