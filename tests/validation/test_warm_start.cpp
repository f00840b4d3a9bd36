// SPDX-License-Identifier: Apache-2.0
// Warm start of the steady air solve (airflow::SolveOptions::initial; docs/solver.md): the
// raised-floor hall of data/scenarios/datahall_small.json, with a rack whose airflow follows its
// server inlet temperature and a return-air controlled cooler (the device states that persist
// between iterations), solved to convergence; then one rack gets 1 % more power. Re-solved from
// the first solution it must converge in far fewer iterations than from rest and reach the same
// steady state as the cold solve of the changed case, to the solver's tolerance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "factwin/grid/voxelize.hpp"
#include "factwin/metrics/datahall.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

Case hall() {
  Case cs = io::load_case(data_path("scenarios/datahall_small.json"));
  Scenario& s = cs.facility.air;
  for (Rack& r : s.racks)
    if (r.name == "A4") {
      r.airflow_per_kelvin = 0.03;
      r.airflow_reference_temperature = 273.15 + 15.0;
    }
  s.coolers.at(0).control = CoolerControl::return_air;
  s.coolers.at(0).setpoint = 273.15 + 28.0;
  return cs;
}

airflow::SolveResult solve(const Case& cs, const airflow::SolveResult* initial) {
  const VoxelGrid vg = voxelize(cs.facility.air);
  airflow::SolveOptions o;
  o.tracer_names = {"supply_air"};
  o.initial = initial;
  return airflow::solve(cs.facility.air, cs.solver, vg, Executor::create("cpu"), o);
}

const airflow::DeviceState& device(const airflow::SolveResult& r, const std::string& name) {
  for (const auto& d : r.devices)
    if (d.name == name) return d;
  throw std::out_of_range("no device " + name);
}

}  // namespace

TEST(WarmStart, SmallChangeConvergesFastToTheColdSolution) {
  Case cs = hall();
  const airflow::SolveResult base = solve(cs, nullptr);
  ASSERT_TRUE(base.converged) << base.stop_reason;
  for (Rack& r : cs.facility.air.racks)
    if (r.name == "A1") r.power *= 1.01;
  const airflow::SolveResult cold = solve(cs, nullptr);
  const airflow::SolveResult warm = solve(cs, &base);
  ASSERT_TRUE(cold.converged) << cold.stop_reason;
  ASSERT_TRUE(warm.converged) << warm.stop_reason;
  const auto dc = metrics::datahall_figures(cs.facility.air, cold, 0);
  const auto dw = metrics::datahall_figures(cs.facility.air, warm, 0);
  double worst = 0;
  for (const auto& c : cold.devices) {
    const auto& w = device(warm, c.name);
    worst = std::max({worst, std::abs(w.inlet_temperature - c.inlet_temperature),
                      std::abs(w.outlet_temperature - c.outlet_temperature)});
  }
  std::printf("base %ld iterations; +1 %% on A1: cold %ld, warm %ld iterations; hottest inlet cold %.4f C, "
              "warm %.4f C; largest device temperature difference %.4f K; A1 exhaust %.3f -> %.3f C\n",
              base.iterations, cold.iterations, warm.iterations, dc.hottest_inlet - 273.15,
              dw.hottest_inlet - 273.15, worst, device(base, "A1").outlet_temperature - 273.15,
              device(warm, "A1").outlet_temperature - 273.15);
  // far fewer iterations than from rest
  EXPECT_LT(4 * warm.iterations, cold.iterations);
  // the same steady state to the convergence tolerance (1e-4 scaled residuals: ~1e-2 K here, as in
  // the Anderson test of test_datahall_studies.cpp)
  EXPECT_NEAR(dw.hottest_inlet, dc.hottest_inlet, 0.05);
  for (const auto& c : cold.devices) {
    const auto& w = device(warm, c.name);
    EXPECT_NEAR(w.inlet_temperature, c.inlet_temperature, 0.05) << c.name;
    EXPECT_NEAR(w.outlet_temperature, c.outlet_temperature, 0.05) << c.name;
    EXPECT_NEAR(w.server_inlet_temperature, c.server_inlet_temperature, 0.05) << c.name;
    EXPECT_NEAR(w.flow, c.flow, 1e-3 * c.flow) << c.name;
  }
  // the change is seen: A1's exhaust warms (1 % of 6 kW over its airflow: ~0.1 K)
  EXPECT_GT(device(warm, "A1").outlet_temperature, device(base, "A1").outlet_temperature + 0.05);
}

TEST(WarmStart, StartingFromAnotherGridIsRejected) {
  const Case cs = hall();
  airflow::SolveResult other;
  other.fields.cells = {3, 4, 5};
  try {
    (void)solve(cs, &other);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("SolveOptions::initial has 3 x 4 x 5 cells"), std::string::npos) << e.what();
  }
}

// k-epsilon: k, eps and nu_t are part of the warm state. Re-solved from its own converged solution
// with A1 at +1 % power, the k-epsilon hall converges in far fewer iterations than from rest to the
// same state (a warm start that reset k and eps to their initial values would not).
TEST(WarmStart, KEpsilonHallRestartsWithItsTurbulence) {
  Case cs = hall();
  cs.solver.turbulence = TurbulenceModel::k_epsilon;
  const airflow::SolveResult base = solve(cs, nullptr);
  ASSERT_TRUE(base.converged) << base.stop_reason;
  ASSERT_EQ(base.fields.k.size(), base.fields.T.size());
  for (Rack& r : cs.facility.air.racks)
    if (r.name == "A1") r.power *= 1.01;
  const airflow::SolveResult cold = solve(cs, nullptr);
  const airflow::SolveResult warm = solve(cs, &base);
  ASSERT_TRUE(cold.converged) << cold.stop_reason;
  ASSERT_TRUE(warm.converged) << warm.stop_reason;
  const auto dc = metrics::datahall_figures(cs.facility.air, cold, 0);
  const auto dw = metrics::datahall_figures(cs.facility.air, warm, 0);
  std::printf("k-epsilon: base %ld iterations; +1 %% on A1: cold %ld, warm %ld; hottest inlet cold %.4f C, warm %.4f C\n",
              base.iterations, cold.iterations, warm.iterations, dc.hottest_inlet - 273.15, dw.hottest_inlet - 273.15);
  EXPECT_LT(4 * warm.iterations, cold.iterations);
  EXPECT_NEAR(dw.hottest_inlet, dc.hottest_inlet, 0.05);
  for (const auto& c : cold.devices) {
    EXPECT_NEAR(device(warm, c.name).inlet_temperature, c.inlet_temperature, 0.05) << c.name;
    EXPECT_NEAR(device(warm, c.name).outlet_temperature, c.outlet_temperature, 0.05) << c.name;
  }
}
