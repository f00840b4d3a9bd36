// SPDX-License-Identifier: Apache-2.0
// Standard k-epsilon with log-law wall functions on a plane channel (data/scenarios/channel_k_epsilon.json,
// H = 1 m, L = 120 H, bulk 1 m/s, Re_m = U_m H / nu = 6.3e4, 16 cells across: first cell at y+ ~ 90),
// against Dean's (1978) correlations for fully developed two-dimensional channel flow (Dean, R. B.,
// "Reynolds number dependence of skin friction and other bulk flow variables in two-dimensional
// rectangular duct flow", J. Fluids Eng. 100(2):215-223, 1978), Re_m on the bulk velocity and the full
// height, valid 6e3 < Re_m < 6e5:
//   wall friction        Cf = tau_w / (rho U_m^2 / 2) = 0.073 Re_m^(-1/4)
//   centreline velocity  U_c / U_m = 1.28 Re_m^(-0.0116)
// and against the log law the wall functions assume (Launder & Spalding 1974, kappa 0.41, E 9.793)
// with the friction velocity taken from the computed pressure gradient (not from the model's k).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "factwin/grid/voxelize.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

struct ChannelResult {
  double re = 0, cf = 0, cf_dean = 0, uc_um = 0, uc_um_dean = 0;
  double yplus = 0, uplus = 0, uplus_log = 0;  // first cell, u_tau from the pressure gradient
  double dpdx_a = 0, dpdx_b = 0;               // two successive stretches of the measured region
  double nut_ratio = 0, k_min = 0, eps_min = 0, imbalance = 0, wall_s = 0;
  long iterations = 0;
  bool converged = false;
};

ChannelResult run_channel(bool explicit_steady = false) {
  const Case cs = io::load_case(data_path("scenarios/channel_k_epsilon.json"));
  const Scenario& s = cs.facility.air;
  const SolverSettings& st = cs.solver;
  const VoxelGrid vg = voxelize(s);
  airflow::SolveOptions o;
  o.explicit_steady = explicit_steady;
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"), o);
  ChannelResult c;
  c.converged = r.converged;
  c.iterations = r.iterations;
  c.wall_s = r.wall_seconds;
  const auto& f = r.fields;
  const int nx = f.cells[0], ny = f.cells[1];
  const double nu = s.fluid.kinematic_viscosity(), rho = s.fluid.density, H = s.hall.extent.y;
  const double hx = f.spacing.x, hy = f.spacing.y;
  auto at = [&](const std::vector<double>& v, int i, int j) { return v[static_cast<std::size_t>(i + nx * j)]; };
  auto p_mean = [&](int i) {
    double p = 0;
    for (int j = 0; j < ny; ++j) p += at(f.p, i, j);
    return p / ny;
  };
  // Developed region: x/H = 80..112 (the k-epsilon centreline velocity overshoots near x/H ~ 35 and
  // settles by ~70); it is split in two to check that the flow is developed there.
  const int i0 = (2 * nx) / 3, i2 = (14 * nx) / 15, i1 = (i0 + i2) / 2;
  c.dpdx_a = (p_mean(i1) - p_mean(i0)) / ((i1 - i0) * hx);
  c.dpdx_b = (p_mean(i2) - p_mean(i1)) / ((i2 - i1) * hx);
  const double dpdx = (p_mean(i2) - p_mean(i0)) / ((i2 - i0) * hx);
  // bulk and centreline velocity at the middle of the region
  double um = 0, uc = 0;
  for (int j = 0; j < ny; ++j) {
    um += at(f.u, i1, j) / ny;
    uc = std::max(uc, at(f.u, i1, j));
  }
  const double tau_w = -0.5 * H * dpdx;  // force balance: both walls carry the pressure drop
  c.re = um * H / nu;
  c.cf = tau_w / (0.5 * rho * um * um);
  c.cf_dean = 0.073 * std::pow(c.re, -0.25);
  c.uc_um = uc / um;
  c.uc_um_dean = 1.28 * std::pow(c.re, -0.0116);
  const double utau = std::sqrt(std::max(tau_w, 0.0) / rho), y1 = 0.5 * hy;
  const double u1 = 0.5 * (at(f.u, i1, 0) + at(f.u, i1, ny - 1));
  c.yplus = utau * y1 / nu;
  c.uplus = u1 / utau;
  c.uplus_log = std::log(9.793 * c.yplus) / 0.41;
  double nut_max = 0;
  for (double v : f.nut) nut_max = std::max(nut_max, v);
  c.nut_ratio = nut_max / nu;
  c.k_min = f.k.empty() ? -1 : *std::min_element(f.k.begin(), f.k.end());
  c.eps_min = f.eps.empty() ? -1 : *std::min_element(f.eps.begin(), f.eps.end());
  c.imbalance = r.net_mass_flow / r.through_mass_flow;
  std::printf("channel k-epsilon (%s), %dx%d cells, Re_m %.3g: Cf %.5f vs Dean %.5f (%+.1f %%); Uc/Um %.4f vs Dean %.4f "
              "(%+.1f %%); first cell y+ %.1f, u+ %.2f vs log law %.2f (%+.1f %%); dp/dx %.4g and %.4g Pa/m in the two "
              "halves; max nu_t/nu %.0f; %ld iterations, %.1f s\n",
              explicit_steady ? "explicit pseudo-time" : "implicit", nx, ny, c.re, c.cf, c.cf_dean, 100 * (c.cf / c.cf_dean - 1), c.uc_um, c.uc_um_dean,
              100 * (c.uc_um / c.uc_um_dean - 1), c.yplus, c.uplus, c.uplus_log, 100 * (c.uplus / c.uplus_log - 1),
              c.dpdx_a, c.dpdx_b, c.nut_ratio, c.iterations, c.wall_s);
  std::printf("  u(y)/U_m at x/H = %.1f:", (i1 + 0.5) * hx / H);
  for (int j = 0; j < ny / 2; ++j) std::printf(" %.3f", at(f.u, i1, j) / um);
  std::printf("\n");
  return c;
}

}  // namespace

TEST(Turbulence, KEpsilonChannelAgainstDeanAndLogLaw) {
  const ChannelResult c = run_channel();
  ASSERT_TRUE(c.converged);
  // measured where the flow is developed: the pressure gradient is the same in both halves (2 %)
  EXPECT_NEAR(c.dpdx_a, c.dpdx_b, 0.02 * std::abs(c.dpdx_b));
  // first cell inside the log layer, where wall functions are valid (30 < y+ < 300)
  EXPECT_GT(c.yplus, 30.0);
  EXPECT_LT(c.yplus, 300.0);
  // Wall friction within 10 % of Dean's correlation (set before the first passing run): the correlation
  // is a fit to measurements with a few per cent uncertainty of its own, and the standard k-epsilon model
  // with wall functions is not exact for channel flow (its grid-independent answer here is ~7 % low, see
  // docs/validation.md). Both known faults of the earlier version exceed it (+270 %, +8.5 %).
  EXPECT_NEAR(c.cf, c.cf_dean, 0.10 * c.cf_dean);
  // centreline-to-bulk ratio within 3 % of Dean's: k-epsilon's core is somewhat flatter than measured
  // (-2 % here); treating every row as a wall cell gave -6 %
  EXPECT_NEAR(c.uc_um, c.uc_um_dean, 0.03 * c.uc_um_dean);
  // first-cell velocity on the log law with u_tau from the momentum balance: the wall-function shear is
  // what carries the pressure drop, and k is in local equilibrium (u* = C_mu^1/4 k^1/2 = u_tau), within 5 %
  EXPECT_NEAR(c.uplus, c.uplus_log, 0.05 * c.uplus_log);
  EXPECT_GT(c.nut_ratio, 10.0);  // the flow is turbulent
  EXPECT_GT(c.k_min, 0.0);       // k and epsilon stay positive
  EXPECT_GT(c.eps_min, 0.0);
  EXPECT_LT(std::abs(c.imbalance), 1e-6);
}

// The steady k-epsilon runs take the implicit iteration (docs/solver.md, "Steady mode"); it must reach
// the steady equations the explicit pseudo-time scheme reaches (the fixed point, not the path). A first
// version swept eps in the wall cells, whose value the log law sets afterwards: it converged to a
// different state (Cf 0.00449 instead of 0.00430, +4.4 %), which the Dean tolerance above would not
// have caught.
TEST(Turbulence, KEpsilonImplicitSteadyMatchesTheExplicitScheme) {
  const ChannelResult imp = run_channel(false);
  const ChannelResult exp = run_channel(true);
  ASSERT_TRUE(imp.converged);
  ASSERT_TRUE(exp.converged);
  // both converged to scaled residuals of 1e-6: the figures agree to a few 1e-4
  EXPECT_NEAR(imp.cf, exp.cf, 2e-3 * exp.cf);
  EXPECT_NEAR(imp.uc_um, exp.uc_um, 2e-3 * exp.uc_um);
  EXPECT_NEAR(imp.uplus, exp.uplus, 2e-3 * exp.uplus);
  EXPECT_NEAR(imp.nut_ratio, exp.nut_ratio, 5e-3 * exp.nut_ratio);
  EXPECT_NEAR(imp.dpdx_a, exp.dpdx_a, 2e-3 * std::abs(exp.dpdx_a));
  EXPECT_LT(imp.iterations, exp.iterations);
}
