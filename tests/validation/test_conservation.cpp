// SPDX-License-Identifier: Apache-2.0
// Analytic and conservation checks of the airflow/heat solver (issue 3):
//  - conduction with uniform generation between two walls at T_w (analytic_solutions.json,
//    "conduction with generation"; Incropera & DeWitt Eq. 3.40): T(x) = T_w + q x (L - x) / (2 k);
//    the error must fall at observed order >= 1.8 under grid refinement;
//  - a ventilated channel with a heat source: at steady state the net mass flow is below 1e-6 of the
//    through-flow and heat in = heat out within 0.1 %;
//  - a sealed room heated inside and cooled by one wall converges with no pressure drift.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numeric>

#include "factwin/core/error.hpp"
#include "factwin/core/units.hpp"
#include "factwin/grid/voxelize.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

Case box(double lx, double ly, double lz, Dims cells) {
  Case cs;
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.name = "test";
  s.hall.extent = {lx, ly, lz};
  s.grid.cells = cells;
  s.gravity = {0, 0, 0};
  st.max_iterations = 200000;
  st.tolerance = 1e-7;
  return cs;
}

double conduction_error(int n) {
  // 1 m slab, k = 1 W/(m K), q''' = 1000 W/m^3, walls at 300 K on x; slip/adiabatic elsewhere.
  Case cs = box(1.0, 0.1, 0.1, {n, 1, 1});
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.fluid.density = 1;
  s.fluid.specific_heat = 1000;
  s.fluid.conductivity = 1;
  s.fluid.dynamic_viscosity = 1e-3;
  s.fluid.expansion_coefficient = 0;
  for (int f = 0; f < 6; ++f) s.hall.walls[f].flow = FlowCondition::slip;
  for (int f : {0, 1}) {
    s.hall.walls[f].thermal = ThermalCondition::temperature;
    s.hall.walls[f].temperature = 300;
  }
  const double q = 1000.0;
  s.heat_sources.push_back({"generation", {{0, 0, 0}, {1.0, 0.1, 0.1}}, q * 0.01});
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"));
  EXPECT_TRUE(r.converged);
  double e2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = (i + 0.5) / n;
    const double exact = 300 + q * x * (1 - x) / (2 * 1.0);
    e2 += std::pow(r.fields.T[static_cast<std::size_t>(i)] - exact, 2);
  }
  return std::sqrt(e2 / n);
}

}  // namespace

TEST(Analytic, ConductionWithGenerationConvergesAtSecondOrder) {
  const double e1 = conduction_error(8), e2 = conduction_error(16), e3 = conduction_error(32);
  const double p1 = std::log2(e1 / e2), p2 = std::log2(e2 / e3);
  std::printf("conduction with generation: RMS error %.3e, %.3e, %.3e K on 8, 16, 32 cells; observed order %.2f, %.2f\n",
              e1, e2, e3, p1, p2);
  EXPECT_GE(p2, 1.8);
  EXPECT_GE(p1, 1.8);
}

TEST(Conservation, VentilatedChannelBalancesMassAndHeat) {
  // A laminar (Re = U h / nu = 25), steady case: air-like density and heat capacity, raised
  // viscosity and conductivity.
  Case cs = box(2.0, 1.0, 1.0 / 16, {32, 16, 1});
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.fluid.dynamic_viscosity = 1.1614e-3;
  s.fluid.conductivity = 1.6;
  s.hall.walls[4].flow = s.hall.walls[5].flow = FlowCondition::slip;
  BoundaryPatch in;
  in.name = "inlet";
  in.face = Face::x_min;
  in.region = {{0, 0.25, 0}, {0, 0.75, 1.0 / 16}};
  in.condition.flow = FlowCondition::velocity_inlet;
  in.condition.inflow_speed = 0.05;
  in.condition.inflow_temperature = units::from_celsius(20);
  BoundaryPatch out;
  out.name = "outlet";
  out.face = Face::x_max;
  out.region = {{2.0, 0.5, 0}, {2.0, 1.0, 1.0 / 16}};
  out.condition.flow = FlowCondition::pressure_opening;
  out.condition.inflow_temperature = units::from_celsius(20);
  s.boundaries = {in, out};
  s.heat_sources.push_back({"heater", {{0.75, 0.0, 0.0}, {1.0, 0.25, 1.0 / 16}}, 5.0});
  st.tolerance = 1e-6;
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"));
  ASSERT_TRUE(r.converged) << r.stop_reason << ": residuals momentum " << r.final_residual.momentum << ", energy "
                           << r.final_residual.energy << ", storage " << r.final_residual.storage << ", mass "
                           << r.final_residual.mass;
  std::printf("ventilated channel: net mass %.3e of through-flow %.4e kg/s, energy imbalance %.3e, %ld iterations\n",
              r.net_mass_flow / r.through_mass_flow, r.through_mass_flow, r.energy_imbalance, r.iterations);
  EXPECT_LT(std::abs(r.net_mass_flow), 1e-6 * r.through_mass_flow);
  EXPECT_LT(std::abs(r.energy_imbalance), 1e-3);
  // the heater's 5 W leave with the air: rho cp Q (T_out - T_in) = 5 W
  double out_heat = 0;
  for (const auto& f : r.surfaces)
    if (f.name == "outlet" || f.name == "inlet") out_heat += f.heat_flow;
  EXPECT_NEAR(-out_heat, 5.0, 5e-3);
}

TEST(Conservation, SealedRoomConvergesWithoutPressureDrift) {
  Case cs = box(1.0, 1.0, 1.0 / 24, {24, 24, 1});
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.gravity = {0, -9.80665, 0};
  s.hall.walls[4].flow = s.hall.walls[5].flow = FlowCondition::slip;
  s.hall.walls[1].thermal = ThermalCondition::temperature;  // cold wall at x = 1
  s.hall.walls[1].temperature = 290;
  s.fluid.reference_temperature = 290;
  st.initial_temperature = 290;
  s.heat_sources.push_back({"heater", {{0.1, 0.1, 0}, {0.3, 0.3, 1.0 / 24}}, 2.0});
  s.fluid.dynamic_viscosity = 1.1614e-3;  // viscous and conductive enough for a steady plume
  s.fluid.conductivity = 1.6;
  st.tolerance = 1e-5;
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"));
  ASSERT_TRUE(r.converged) << r.stop_reason;
  double mean_p = 0;
  index_t n = 0;
  for (std::size_t c = 0; c < r.fields.p.size(); ++c)
    if (!r.fields.solid[c]) {
      mean_p += r.fields.p[c];
      ++n;
    }
  mean_p /= static_cast<double>(n);
  double p_span = 0;
  for (double p : r.fields.p) p_span = std::max(p_span, std::abs(p));
  std::printf("sealed room: %ld iterations, mean pressure %.3e Pa (max |p| %.3e Pa), energy imbalance %.2e\n",
              r.iterations, mean_p, p_span, r.energy_imbalance);
  EXPECT_LT(std::abs(mean_p), 1e-9 * std::max(p_span, 1e-12) + 1e-12);
  EXPECT_LT(std::abs(r.energy_imbalance), 1e-3);
  double wall_heat = 0;
  for (const auto& f : r.surfaces)
    if (f.name == "x_max") wall_heat = f.heat_flow;
  EXPECT_NEAR(-wall_heat, 2.0, 2e-3);  // all heat leaves through the cold wall
}

// Transient mode: a closed adiabatic box with uniform generation q''' stores all of it, so the mean
// temperature rises exactly as q''' t / (rho c_p) (energy conservation of the time-accurate run).
TEST(Transient, AdiabaticBoxStoresItsHeat) {
  Case cs = box(1.0, 1.0, 1.0 / 8, {8, 8, 1});
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  st.mode = SolveMode::transient;
  st.end_time = 30.0;
  s.fluid.expansion_coefficient = 0;
  const double power = 50.0;
  s.heat_sources.push_back({"heater", {{0.25, 0.25, 0}, {0.75, 0.75, 1.0 / 8}}, power});
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"));
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.simulated_time, 30.0, 1e-9);
  double mean = 0;
  for (double t : r.fields.T) mean += t;
  mean /= static_cast<double>(r.fields.T.size());
  const double volume = 1.0 * 1.0 / 8;
  const double expected = s.fluid.reference_temperature + power * 30.0 / (s.fluid.density * s.fluid.specific_heat * volume);
  std::printf("transient box: %ld adaptive steps, mean T rise %.6f K (expected %.6f K)\n", r.iterations,
              mean - s.fluid.reference_temperature, expected - s.fluid.reference_temperature);
  EXPECT_NEAR(mean, expected, 1e-9 * expected);
}

// A diverging run stops with NumericalError naming the field, iteration and cell, after handing the
// last good fields to on_failure (the CLI writes them to disk).
TEST(Failure, DivergenceStopsWithTheLastGoodFields) {
  Case cs = io::load_case(data_path("scenarios/lid_cavity_re100.json"));
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.grid.cells = {16, 16, 1};
  s.hall.extent.z = 1.0 / 16;
  // an absurd heat source (1e12 W in a small box) drives the temperature out of bounds within a step
  s.heat_sources.push_back({"runaway", {{0.4, 0.4, 0}, {0.6, 0.6, 1.0 / 16}}, 1e12});
  const VoxelGrid vg = voxelize(s);
  bool saved = false;
  airflow::SolveOptions o;
  o.on_failure = [&](const airflow::SolveResult& last) {
    saved = true;
    for (double t : last.fields.T) ASSERT_TRUE(std::isfinite(t) && t < 1e4);
  };
  try {
    (void)airflow::solve(s, st, vg, Executor::create("cpu"), o);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_TRUE(saved);
    EXPECT_EQ(e.field(), "temperature") << e.what();
    const auto c = e.cell();
    EXPECT_TRUE(c[0] >= 6 && c[0] <= 9 && c[1] >= 6 && c[1] <= 9) << "worst cell should be in the source";
    EXPECT_GT(e.iteration(), 0);
    EXPECT_NE(std::string(e.what()).find("diverged at iteration"), std::string::npos);
  }
}
