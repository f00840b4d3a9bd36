// SPDX-License-Identifier: Apache-2.0
// Turbulence models on a plane channel (data/scenarios/channel_k_epsilon.json, Re = U H / nu = 6.3e4):
// the wall friction of the developed flow against Dean's (1978) correlation for plane channels,
// Cf = 0.073 Re_m^(-1/4) (Re_m on the bulk velocity and the full height; Dean, J. Fluids Eng. 100:215).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "factwin/grid/voxelize.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

struct ChannelResult {
  double cf = 0, cf_dean = 0, nut_ratio = 0, imbalance = 0;
  bool converged = false;
};

ChannelResult run_channel(TurbulenceModel model) {
  Scenario s = io::load_scenario(data_path("scenarios/channel_k_epsilon.json"));
  s.solver.turbulence = model;
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult r = airflow::solve(s, vg, Executor::create("cpu"));
  ChannelResult c;
  c.converged = r.converged;
  const auto& f = r.fields;
  const int nx = f.cells[0], ny = f.cells[1];
  auto p_mid = [&](int i) {
    double p = 0;
    for (int j = 0; j < ny; ++j) p += f.p[static_cast<std::size_t>(i + nx * j)];
    return p / ny;
  };
  // developed part: between x = 25 m and x = 35 m of the 40 m channel
  const int i0 = (5 * nx) / 8, i1 = (7 * nx) / 8;
  const double dpdx = (p_mid(i1) - p_mid(i0)) / ((i1 - i0) * f.spacing.x);
  const double H = s.hall.extent.y, U = 1.0, rho = s.fluid.density;
  const double tau_w = -0.5 * H * dpdx;  // both walls carry the pressure drop
  c.cf = tau_w / (0.5 * rho * U * U);
  const double re = U * H / s.fluid.kinematic_viscosity();
  c.cf_dean = 0.073 * std::pow(re, -0.25);
  double nut_max = 0;
  for (double v : f.nut) nut_max = std::max(nut_max, v);
  c.nut_ratio = nut_max / s.fluid.kinematic_viscosity();
  c.imbalance = r.net_mass_flow / r.through_mass_flow;
  std::printf("channel (%s): Cf %.5f vs Dean %.5f (%+.1f %%), max nu_t/nu %.0f, %ld iterations, net mass %.1e\n",
              model == TurbulenceModel::k_epsilon ? "k-epsilon" : "zero-equation", c.cf, c.cf_dean,
              100 * (c.cf / c.cf_dean - 1), c.nut_ratio, r.iterations, c.imbalance);
  return c;
}

}  // namespace

TEST(Turbulence, KEpsilonChannelFrictionAgainstDean) {
  const ChannelResult c = run_channel(TurbulenceModel::k_epsilon);
  EXPECT_TRUE(c.converged);
  // Wall functions on a 16-cell-high grid (first cell at y+ ~ 90): within 25 % of the correlation.
  EXPECT_NEAR(c.cf, c.cf_dean, 0.25 * c.cf_dean);
  EXPECT_GT(c.nut_ratio, 10.0);
  EXPECT_LT(std::abs(c.imbalance), 1e-6);
}
