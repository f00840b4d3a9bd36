// SPDX-License-Identifier: Apache-2.0
// Conservation, order of accuracy and closed-room validation of the airflow/heat solver.
//  * Heated channel (inlet, fixed-pressure outlet, heated wall): at steady state the net mass flow
//    is < 1e-6 of the through-flow and heat in = heat out within 0.1% (issue 3 gates).
//  * Conduction with uniform heat generation in a slab between two walls at T_w: the exact profile
//    is T = T_w + q'''/(2k) x (L - x) (Incropera & DeWitt, Fundamentals of Heat and Mass Transfer,
//    6th ed., Sec. 3.5; data/validation/analytic_solutions.json lists the canonical cases). The
//    observed order of the L2 error under refinement must be >= 1.8.
//  * Closed room (no opening): a heat source and a cold ceiling at fixed temperature; the steady
//    solve must converge with no pressure drift (mean gauge pressure stays 0) and balance its heat.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>

#include "factwin/airflow/solver.hpp"
#include "factwin/factwin.hpp"

namespace fw = factwin;

namespace {

fw::airflow::SolveResult run(const fw::Scenario& s, const fw::airflow::SolveOptions& o = {}) {
  const fw::VoxelGrid vg = fw::voxelize(s);
  return fw::airflow::solve(s, vg, fw::Executor::create("cpu"), o);
}

fw::SurfaceCondition wall() { return fw::SurfaceCondition{}; }

}  // namespace

TEST(Conservation, HeatedChannelMassAndHeat) {
  fw::Scenario s;
  s.name = "heated-channel";
  s.hall.extent = {1.0, 0.1, 0.1 / 8};
  for (auto& w : s.hall.walls) w = wall();
  s.hall.walls[0].flow = fw::FlowCondition::velocity_inlet;
  s.hall.walls[0].inflow_speed = 0.02;
  s.hall.walls[0].inflow_temperature = 295.0;
  s.hall.walls[1].flow = fw::FlowCondition::pressure_opening;
  s.hall.walls[1].inflow_temperature = 300.0;
  s.hall.walls[2].thermal = fw::ThermalCondition::temperature;  // y_min heated
  s.hall.walls[2].temperature = 310.0;
  s.hall.walls[3].thermal = fw::ThermalCondition::heat_flux;  // y_max loses heat by a fixed flux
  s.hall.walls[3].heat_flux = -5.0;
  s.hall.walls[4].flow = fw::FlowCondition::slip;
  s.hall.walls[5].flow = fw::FlowCondition::slip;
  s.fluid.dynamic_viscosity = 1e-3;  // Re = 0.02 * 0.1 / (1e-3 / 1.16) ~ 2.3
  s.fluid.conductivity = 0.5;
  s.gravity = {0, 0, 0};
  s.grid.cells = {80, 8, 1};
  s.solver.max_iterations = 20000;
  s.solver.tolerance = 1e-7;
  const auto r = run(s);
  ASSERT_TRUE(r.converged) << r.message;
  double heat_in = r.source_heat, heat_out = 0;
  for (const auto& f : r.surfaces) (f.heat_flow > 0 ? heat_in : heat_out) += std::abs(f.heat_flow);
  const double mass_ratio = std::abs(r.net_mass_flow) / r.through_mass_flow;
  const double heat_ratio = std::abs(heat_in - heat_out) / heat_in;
  std::cout << "[conservation] channel 80x8x1: through-flow " << r.through_mass_flow << " kg/s, net mass "
            << r.net_mass_flow << " kg/s (ratio " << mass_ratio << "), heat in " << heat_in << " W, out "
            << heat_out << " W (imbalance " << heat_ratio * 100 << "%), " << r.iterations << " iterations, "
            << r.wall_time << " s\n";
  EXPECT_LT(mass_ratio, 1e-6);
  EXPECT_LT(heat_ratio, 1e-3);
}

TEST(AnalyticOrder, ConductionWithGeneration) {
  const double L = 1.0, k = 0.5, q = 100.0, tw = 300.0;  // [m] [W/(m K)] [W/m^3] [K]
  std::vector<double> hs, errs;
  for (int n : {8, 16, 32, 64}) {
    fw::Scenario s;
    s.name = "slab";
    s.hall.extent = {L, 0.1, 0.1};
    for (auto& w : s.hall.walls) w = wall();
    for (int f = 0; f < 2; ++f) {
      s.hall.walls[f].thermal = fw::ThermalCondition::temperature;
      s.hall.walls[f].temperature = tw;
    }
    s.fluid.conductivity = k;
    s.fluid.reference_temperature = tw;
    s.gravity = {0, 0, 0};
    s.grid.cells = {n, 1, 1};
    s.heat_sources.push_back({"generation", {{0, 0, 0}, {L, 0.1, 0.1}}, q * L * 0.1 * 0.1});
    s.solver.max_iterations = 100000;
    s.solver.tolerance = 1e-12;
    const auto r = run(s);
    ASSERT_TRUE(r.converged) << r.message;
    double e2 = 0;
    for (int i = 0; i < n; ++i) {
      const double x = (i + 0.5) * L / n;
      const double exact = tw + q / (2 * k) * x * (L - x);
      e2 += std::pow(r.temperature[static_cast<std::size_t>(i)] - exact, 2) / n;
    }
    hs.push_back(L / n);
    errs.push_back(std::sqrt(e2));
    std::cout << "[order] slab n=" << n << ": L2 error " << std::sqrt(e2) << " K, " << r.iterations << " iterations\n";
  }
  for (std::size_t i = 1; i < errs.size(); ++i) {
    const double order = std::log(errs[i - 1] / errs[i]) / std::log(hs[i - 1] / hs[i]);
    std::cout << "[order] observed order " << hs[i - 1] << " -> " << hs[i] << ": " << order << "\n";
    EXPECT_GE(order, 1.8);
  }
}

TEST(ClosedRoom, HeatSourceAndCoolWallConverge) {
  fw::Scenario s;
  s.name = "closed-box";
  s.hall.extent = {0.1, 0.1, 0.1};
  for (auto& w : s.hall.walls) w = wall();
  s.hall.walls[5].thermal = fw::ThermalCondition::temperature;  // cool ceiling
  s.hall.walls[5].temperature = 295.0;
  s.fluid.reference_temperature = 295.0;
  s.gravity = {0, 0, -9.81};
  s.grid.cells = {16, 16, 16};
  s.heat_sources.push_back({"heater", {{0.0375, 0.0375, 0.0}, {0.0625, 0.0625, 0.025}}, 0.02});
  s.solver.max_iterations = 20000;
  s.solver.tolerance = 1e-6;  // the energy residual bounds the heat imbalance (docs/solver.md)
  const auto r = run(s);
  ASSERT_TRUE(r.converged) << r.message;
  double pmean = 0, pmax = 0;
  for (std::size_t c = 0; c < r.pressure.size(); ++c) {
    pmean += r.pressure[c] / static_cast<double>(r.pressure.size());
    pmax = std::max(pmax, std::abs(r.pressure[c]));
  }
  const double heat_ratio = std::abs(r.net_heat_flow) / r.source_heat;
  std::cout << "[closed-room] 16^3: " << r.iterations << " iterations, " << r.wall_time << " s, mean p " << pmean
            << " Pa (max |p| " << pmax << " Pa), ceiling " << r.surface("z_max")->heat_flow << " W vs source "
            << r.source_heat << " W (imbalance " << heat_ratio * 100 << "%)\n";
  EXPECT_LT(std::abs(pmean), 1e-9 * std::max(pmax, 1e-30) + 1e-12);
  EXPECT_LT(heat_ratio, 1e-3);
  EXPECT_EQ(r.net_mass_flow, 0.0);
}

// Zero-equation indoor model, Chen & Xu (1998), Energy and Buildings 27:49-55, Eq. nu_t =
// 0.03874 V l: the effective viscosity of every cell follows the formula (l = distance to the nearest
// wall) and the channel still conserves mass and heat.
TEST(ZeroEquation, EddyViscosityFollowsChenXu) {
  fw::Scenario s;
  s.name = "zero-eq-channel";
  const double H = 0.4;
  s.hall.extent = {2.0, H, H / 16};
  for (auto& w : s.hall.walls) w = wall();
  s.hall.walls[0].flow = fw::FlowCondition::velocity_inlet;
  s.hall.walls[0].inflow_speed = 0.5;
  s.hall.walls[0].inflow_temperature = 295.0;
  s.hall.walls[1].flow = fw::FlowCondition::pressure_opening;
  s.hall.walls[2].thermal = fw::ThermalCondition::temperature;
  s.hall.walls[2].temperature = 305.0;
  s.hall.walls[4].flow = fw::FlowCondition::slip;
  s.hall.walls[5].flow = fw::FlowCondition::slip;
  s.gravity = {0, 0, 0};
  s.grid.cells = {40, 16, 1};
  s.solver.turbulence = fw::TurbulenceModel::zero_equation;
  s.solver.max_iterations = 20000;
  s.solver.tolerance = 1e-7;
  const auto r = run(s);
  ASSERT_TRUE(r.converged) << r.message;
  const double nu0 = s.fluid.kinematic_viscosity();
  double worst = 0, nut_max = 0;
  for (int j = 0; j < 16; ++j)
    for (int i = 0; i < 40; ++i) {
      const std::size_t c = static_cast<std::size_t>(r.cell(i, j, 0));
      const double y = (j + 0.5) * H / 16, l = std::min(y, H - y);
      const double V = std::sqrt(r.velocity[0][c] * r.velocity[0][c] + r.velocity[1][c] * r.velocity[1][c]);
      const double expect = nu0 + 0.03874 * V * l;
      worst = std::max(worst, std::abs(r.viscosity[c] - expect) / expect);
      nut_max = std::max(nut_max, r.viscosity[c] - nu0);
    }
  const double heat_ratio = std::abs(r.net_heat_flow) / std::abs(r.surface("y_min")->heat_flow);
  std::cout << "[zero-eq] channel 40x16x1: max nu_t/nu " << nut_max / nu0 << ", max relative deviation from "
            << "0.03874 V l: " << worst << ", heat imbalance " << heat_ratio * 100 << "%, " << r.iterations
            << " iterations, " << r.wall_time << " s\n";
  EXPECT_LT(worst, 1e-4);
  EXPECT_GT(nut_max / nu0, 10.0);
  EXPECT_LT(std::abs(r.net_mass_flow) / r.through_mass_flow, 1e-6);
  EXPECT_LT(heat_ratio, 1e-3);
}

// Failure handling (issue 3): a NaN stops the solve with a NumericalError naming the field, the
// iteration and the cell, and the last good fields are handed back.
TEST(SolverFailure, NanNamesFieldIterationAndCell) {
  fw::Scenario s;
  s.name = "nan-box";
  s.hall.extent = {1, 1, 1};
  for (auto& w : s.hall.walls) w = wall();
  s.grid.cells = {4, 4, 4};
  s.heat_sources.push_back({"heater", {{0.25, 0.25, 0.25}, {0.5, 0.5, 0.5}}, 1.0});
  fw::VoxelGrid vg = fw::voxelize(s);
  vg.heat_sources[0].power[0] = std::numeric_limits<double>::quiet_NaN();
  fw::airflow::SolveResult last;
  try {
    (void)fw::airflow::solve(s, vg, fw::Executor::create("cpu"), {}, &last);
    FAIL() << "expected NumericalError";
  } catch (const fw::NumericalError& e) {
    std::cout << "[failure] " << e.what() << "\n";
    EXPECT_GE(e.iteration(), 1);
    EXPECT_FALSE(e.field().empty());
    EXPECT_NE(std::string(e.what()).find("iteration"), std::string::npos);
    ASSERT_FALSE(last.temperature.empty());
    for (double t : last.temperature) EXPECT_TRUE(std::isfinite(t));
  }
}

// Transient mode: physical time with the adaptive step reaches end_time.
TEST(Transient, ReachesEndTime) {
  fw::Scenario s;
  s.name = "transient-lid";
  s.hall.extent = {1, 1, 1.0 / 16};
  for (auto& w : s.hall.walls) w = wall();
  s.hall.walls[3].flow = fw::FlowCondition::moving;
  s.hall.walls[3].velocity = {1, 0, 0};
  s.hall.walls[4].flow = fw::FlowCondition::slip;
  s.hall.walls[5].flow = fw::FlowCondition::slip;
  s.fluid.density = 1;
  s.fluid.dynamic_viscosity = 0.01;
  s.gravity = {0, 0, 0};
  s.grid.cells = {16, 16, 1};
  s.solver.mode = fw::SolveMode::transient;
  s.solver.end_time = 0.5;
  s.solver.cfl = 0.5;
  s.solver.max_iterations = 100000;
  const auto r = run(s);
  EXPECT_TRUE(r.converged) << r.message;
  EXPECT_NEAR(r.simulated_time, 0.5, 1e-12);
  EXPECT_GE(r.iterations, 16);  // dt <= CFL h / U = 0.5 * (1/16) / 1 m/s
  std::cout << "[transient] " << r.message << "\n";
}
