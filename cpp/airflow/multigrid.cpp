// SPDX-License-Identifier: Apache-2.0
// The pressure Poisson solve of the airflow solver: the multigrid hierarchy (semi-coarsened towards
// isotropy), the symmetric V-cycle, and conjugate gradients preconditioned by it, with the sealed
// regions' free constants removed (docs/solver.md, "Pressure").
#include "airflow/pressure_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "airflow/kernel_launcher.hpp"

namespace factwin::airflow::detail {

void PressureSolver::remove_region_means(const LevelGpu& v0, real* v) {
  for (std::size_t r = 0; r < region_mask_.size(); ++r) {
    LevelGpu l = v0;
    l.active = region_mask_[r].data();
    const double mean = FW_CALL(mg_sum, l, v) / region_cells_[r];
    FW_CALL(mg_shift, l, v, static_cast<real>(mean));
  }
}

void PressureSolver::add_sealed_region(const std::vector<std::uint8_t>& mask, double cells) {
  region_mask_.emplace_back(mask, on_device_);
  region_cells_.push_back(cells);
}

void PressureSolver::setup(const GridGpu& g, const std::vector<std::uint8_t>& active, index_t fluid_cells) {
  ncell_ = g.cells();
  fluid_cells_ = fluid_cells;
  Level l0;
  l0.g = g;
  l0.active = Buffer<std::uint8_t>(active, on_device_);
  for (int a = 0; a < 3; ++a) {
    l0.beta[a] = Buffer<real>(g.faces(a), on_device_);
    FW_CALL(fill, l0.beta[a].data(), g.faces(a), real(0));
  }
  l0.phi = Buffer<real>(ncell_, on_device_);
  l0.rhs = Buffer<real>(ncell_, on_device_);
  l0.res = Buffer<real>(ncell_, on_device_);
  FW_CALL(fill, l0.phi.data(), ncell_, real(0));
  levels_.push_back(std::move(l0));
  for (auto* b : {&cg_r_, &cg_z_, &cg_p_, &cg_q_, &cg_f_, &cg_zero_}) {
    *b = Buffer<real>(ncell_, on_device_);
    FW_CALL(fill, b->data(), ncell_, real(0));
  }
  for (;;) {
    const GridGpu& fg = levels_.back().g;
    Level c;
    bool any = false;
    // Semi-coarsening towards isotropy: halve an axis only if its spacing is within 1.5x of the
    // finest spacing (point smoothers and constant prolongation fail on strongly anisotropic cells).
    real hmin = std::numeric_limits<real>::max();
    for (int a = 0; a < 3; ++a)
      if (fg.n[a] > 1) hmin = std::min(hmin, fg.h[a]);
    for (int a = 0; a < 3; ++a) {
      // odd lengths too: the last coarse cell covers one fine cell (mg_restrict and friends)
      c.r[a] = (fg.n[a] >= 3 && fg.h[a] <= real(1.5) * hmin) ? 2 : 1;
      any |= c.r[a] == 2;
      c.g.n[a] = (fg.n[a] + c.r[a] - 1) / c.r[a];
      c.g.h[a] = fg.h[a] * static_cast<real>(c.r[a]);
      c.g.ih[a] = real(1) / c.g.h[a];
      c.g.ih2[a] = c.g.ih[a] * c.g.ih[a];
    }
    if (!any || fg.cells() <= 16) break;
    c.active = Buffer<std::uint8_t>(c.g.cells(), on_device_);
    for (int a = 0; a < 3; ++a) c.beta[a] = Buffer<real>(c.g.faces(a), on_device_);
    c.phi = Buffer<real>(c.g.cells(), on_device_);
    c.rhs = Buffer<real>(c.g.cells(), on_device_);
    c.res = Buffer<real>(c.g.cells(), on_device_);
    LevelGpu fv = levels_.back().view();
    FW_CALL(mg_coarsen_active, fv, c.active.data(), c.g, c.r[0], c.r[1], c.r[2]);
    levels_.push_back(std::move(c));
  }
}

void PressureSolver::vcycle_view(const LevelGpu& top) { vcycle_impl(0, &top); }

void PressureSolver::vcycle_impl(std::size_t l, const LevelGpu* top) {
  LevelGpu v = (l == 0 && top) ? *top : levels_[l].view();
  if (l + 1 == levels_.size()) {
    // symmetric bottom solve (red-black, then black-red) so the V-cycle is a symmetric preconditioner
    for (int it = 0; it < 8; ++it) {
      FW_CALL(mg_smooth, v, 0);
      FW_CALL(mg_smooth, v, 1);
    }
    for (int it = 0; it < 8; ++it) {
      FW_CALL(mg_smooth, v, 1);
      FW_CALL(mg_smooth, v, 0);
    }
    return;
  }
  for (int it = 0; it < 2; ++it) {
    FW_CALL(mg_smooth, v, 0);
    FW_CALL(mg_smooth, v, 1);
  }
  FW_CALL(mg_residual, v);
  Level& c = levels_[l + 1];
  LevelGpu cv = c.view();
  FW_CALL(mg_restrict, v, cv, c.r[0], c.r[1], c.r[2]);
  vcycle_impl(l + 1, nullptr);
  FW_CALL(mg_prolong_add, cv, v, c.r[0], c.r[1], c.r[2]);
  for (int it = 0; it < 2; ++it) {
    FW_CALL(mg_smooth, v, 1);
    FW_CALL(mg_smooth, v, 0);
  }
}

double PressureSolver::solve(int max_iterations, double rel_tol) {
  // Conjugate gradients on A = -L (symmetric positive (semi-)definite), preconditioned by one
  // multigrid V-cycle (symmetric: red-black before, black-red after). The V-cycle alone can stall
  // where thin panels cut coarse cells; CG keeps the solve convergent (docs/solver.md).
  Level& L0 = levels_[0];
  for (std::size_t l = 1; l < levels_.size(); ++l) {
    LevelGpu fv = levels_[l - 1].view(), cv = levels_[l].view();
    for (int a = 0; a < 3; ++a)
      FW_CALL(mg_coarsen_beta, fv, cv, a, levels_[l].r[0], levels_[l].r[1], levels_[l].r[2], levels_[l].beta[a].data());
  }
  const double nact = static_cast<double>(fluid_cells_);
  LevelGpu v0 = L0.view();  // phi = pressure x, rhs = f
  remove_region_means(v0, v0.rhs);
  const double rhs_norm = std::sqrt(FW_CALL(mg_sum_squares, v0, v0.rhs) / nact);
  real* x = L0.phi.data();
  real* r = cg_r_.data();
  real* z = cg_z_.data();
  real* p = cg_p_.data();
  real* q = cg_q_.data();
  real* f = cg_f_.data();
  // r_A = b - A x = -(rhs - L x) = -res
  FW_CALL(mg_residual, v0);
  FW_CALL(mg_axpby, v0, real(-1), v0.res, real(0), r);
  double rel = std::sqrt(FW_CALL(mg_sum_squares, v0, r) / nact) / std::max(rhs_norm, 1e-300);
  if (rhs_norm == 0 || rel < rel_tol) return rel;
  // views for the preconditioner: solve L e = f from e = 0 with the level-0 work arrays
  LevelGpu pre = v0;
  pre.rhs = f;
  pre.res = L0.res.data();
  auto precondition = [&](const real* rr, real* zz) {
    FW_CALL(mg_axpby, v0, real(-1), rr, real(0), f);  // f = -r
    pre.phi = zz;
    FW_CALL(fill, zz, ncell_, real(0));
    vcycle_view(pre);
    remove_region_means(v0, zz);
  };
  precondition(r, z);
  FW_CALL(mg_axpby, v0, real(1), z, real(0), p);
  double rz = FW_CALL(mg_dot, v0, r, z);
  LevelGpu apply = v0;  // q = A p = -L p: residual of L p = 0
  apply.phi = p;
  apply.rhs = cg_zero_.data();
  apply.res = q;
  for (int it = 0; it < max_iterations; ++it) {
    FW_CALL(mg_residual, apply);  // q = 0 - L p = A p
    const double pq = FW_CALL(mg_dot, v0, p, q);
    if (!(pq > 0)) break;
    const real alpha = static_cast<real>(rz / pq);
    FW_CALL(mg_axpby, v0, alpha, p, real(1), x);
    FW_CALL(mg_axpby, v0, -alpha, q, real(1), r);
    ++cg_iterations_;
    rel = std::sqrt(FW_CALL(mg_sum_squares, v0, r) / nact) / rhs_norm;
    if (rel < rel_tol) break;
    precondition(r, z);
    const double rz_new = FW_CALL(mg_dot, v0, r, z);
    const real beta = static_cast<real>(rz_new / rz);
    rz = rz_new;
    FW_CALL(mg_axpby, v0, real(1), z, beta, p);
  }
  remove_region_means(v0, x);
  return rel;
}

}  // namespace factwin::airflow::detail
