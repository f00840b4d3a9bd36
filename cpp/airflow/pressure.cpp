// SPDX-License-Identifier: Apache-2.0
// Pressure step of the airflow solver: the projection of the predicted velocity (explicit step) and
// the incremental pressure correction (steady implicit iteration), with the Poisson solve of
// PressureSolver (multigrid.cpp) (docs/solver.md).
#include "airflow/solver_state.hpp"

namespace factwin::airflow::detail {

ProjectArgs Solver::project_args(real dt) {
  // projection / divergence of the predicted velocity (vel_new_) with the pressure solver's phi
  Level& L0 = pressure_.finest();
  ProjectArgs p;
  p.g = g_;
  p.surf = surf_.data();
  for (int a = 0; a < 3; ++a) {
    p.ftype[a] = ftype_[a].data();
    p.fid[a] = fid_[a].data();
    p.beta[a] = L0.beta[a].data();
    p.vel[a] = vel_new_[a].data();
  }
  p.p = L0.phi.data();
  p.dt = dt;
  return p;
}

void Solver::project(real dt) {
  // divergence of the predicted velocity, the pressure, and the divergence-free velocity
  ProjectArgs p = project_args(dt);
  FW_CALL(divergence, pressure_.finest().view(), p);
  // With several sealed regions the pressure has one free constant per region but only the global
  // mean is removed, so CG reaches a floor: stop it earlier there (docs/solver.md).
  (void)pressure_.solve(40, pressure_.sealed_regions() > 1 ? 1e-6 : 1e-8);
  for (int a = 0; a < 3; ++a) FW_CALL(project, p, a);
}

void Solver::correct_pressure(real dt) {
  // steady implicit iteration: an incremental pressure correction to a loose tolerance, the
  // velocity corrected with it and the correction added to the pressure
  ProjectArgs p = project_args(dt);
  p.open_scale = 0;  // a correction: zero at openings
  Level& L0 = pressure_.finest();
  FW_CALL(fill, L0.phi.data(), ncell_, real(0));
  FW_CALL(divergence, L0.view(), p);
  (void)pressure_.solve(40, correction_tolerance);
  for (int a = 0; a < 3; ++a)
    if (comp_moves_[a]) FW_CALL(project, p, a);
  FW_CALL(mg_axpby, L0.view(), real(1), L0.phi.data(), real(1), p_.data());
}

}  // namespace factwin::airflow::detail
