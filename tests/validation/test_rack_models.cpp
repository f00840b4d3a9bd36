// SPDX-License-Identifier: Apache-2.0
// Rack-level models of issue 5 on the small raised-floor hall (data/scenarios/datahall_small.json),
// checked against hand calculations from each rack's own reported figures (docs/datahall.md):
//  - internal recirculation r: the room sees (1 - r) Q, T_ex = T_in + P_air / (rho c_p (1 - r) Q),
//    the servers breathe T_srv = (1 - r) T_in + r T_ex;
//  - airflow rising with the server inlet temperature: Q = Q0 (1 + a max(0, T_srv - T_ref)),
//    T_ex = T_in + P_air / (rho c_p Q);
//  - rear-door heat exchangers, effectiveness model (air side C_min):
//    q = eps rho c_p Q (T_raw - T_w), and capacity model q = min(C, rho c_p Q (T_raw - T_w)),
//    with T_raw = T_in + P_air / (rho c_p Q) and T_ex = T_raw - q / (rho c_p Q);
//  - the energy balance closes with the rear-door heat counted as removed (0.5 %, issue 5).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "factwin/core/error.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/metrics/datahall.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

const Rack& rack(const Scenario& s, const std::string& name) {
  for (const Rack& r : s.racks)
    if (r.name == name) return r;
  throw std::runtime_error("no rack " + name);
}

}  // namespace

TEST(RackModels, RecirculationAirflowRiseAndRearDoorsFollowTheirEquations) {
  Case cs = io::load_case(data_path("scenarios/datahall_small.json"));
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  for (Rack& r : s.racks) {
    if (r.name == "A2") r.recirculation = 0.2;
    if (r.name == "A4") {
      r.airflow_per_kelvin = 0.03;
      r.airflow_reference_temperature = 273.15 + 15.0;  // below the 18 C supply: the fans speed up
    }
  }
  RearDoor eff;
  eff.rack = "B3";
  eff.effectiveness = 0.6;
  eff.water_temperature = 273.15 + 18.0;
  RearDoor cap;
  cap.rack = "B5";
  cap.capacity = 2000.0;
  cap.water_temperature = 273.15 + 18.0;
  s.rear_doors = {eff, cap};

  const VoxelGrid vg = voxelize(s);
  airflow::SolveOptions o;
  o.tracer_names = {"supply_air"};
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"), o);
  ASSERT_TRUE(r.converged) << r.stop_reason;
  const metrics::DatahallFigures d = metrics::datahall_figures(s, r, 0);
  std::map<std::string, const airflow::DeviceState*> dev;
  for (const auto& x : r.devices) dev[x.name] = &x;
  std::map<std::string, const metrics::RackFigures*> fig;
  for (const auto& x : d.racks) fig[x.name] = &x;
  const double rcp = s.fluid.density * s.fluid.specific_heat;
  std::printf("%ld iterations; rear doors %.1f W, balance %.2e\n", r.iterations, d.rear_door_heat,
              d.energy_balance_error);

  {  // recirculation
    const Rack& rk = rack(s, "A2");
    const auto* x = dev.at("A2");
    EXPECT_NEAR(x->flow, 0.8 * rk.airflow, 1e-12);
    const double rise = rk.power / (rcp * 0.8 * rk.airflow);
    EXPECT_NEAR(x->outlet_temperature - x->inlet_temperature, rise, 2e-3);
    EXPECT_NEAR(x->server_inlet_temperature, 0.8 * x->inlet_temperature + 0.2 * x->outlet_temperature, 2e-3);
    const auto* f = fig.at("A2");
    EXPECT_NEAR(f->airflow, rk.airflow, 1e-12);
    EXPECT_NEAR(f->room_airflow, 0.8 * rk.airflow, 1e-12);
    EXPECT_GT(f->server_inlet, f->inlet_mean + 0.2 * rise * 0.9);  // the servers breathe warmer air
    std::printf("A2 r=0.2: intake %.2f C, servers %.2f C, exhaust %.2f C\n", x->inlet_temperature - 273.15,
                x->server_inlet_temperature - 273.15, x->outlet_temperature - 273.15);
  }
  {  // airflow rising with inlet temperature
    const Rack& rk = rack(s, "A4");
    const auto* x = dev.at("A4");
    const double q = rk.airflow * (1 + 0.03 * (x->server_inlet_temperature - rk.airflow_reference_temperature));
    EXPECT_GT(x->server_inlet_temperature, rk.airflow_reference_temperature + 2.0);
    EXPECT_NEAR(x->flow, q, 2e-3 * q);
    EXPECT_GT(x->flow, 1.06 * rk.airflow);
    EXPECT_NEAR(x->outlet_temperature - x->inlet_temperature, rk.power / (rcp * x->flow), 2e-3);
    std::printf("A4 +3 %%/K: intake %.2f C, airflow %.4f of %.4f m3/s\n", x->inlet_temperature - 273.15, x->flow,
                rk.airflow);
  }
  {  // rear door, effectiveness
    const Rack& rk = rack(s, "B3");
    const auto* x = dev.at("B3");
    const double raw = x->inlet_temperature + rk.power / (rcp * rk.airflow);
    const double q = 0.6 * rcp * rk.airflow * (raw - eff.water_temperature);
    EXPECT_NEAR(x->rear_door_heat, q, 2e-3 * q);
    EXPECT_NEAR(x->outlet_temperature, raw - q / (rcp * rk.airflow), 2e-3);
    EXPECT_GT(x->rear_door_heat, 0.5 * rk.power);
    std::printf("B3 door eps 0.6: %.0f W, exhaust %.2f C\n", x->rear_door_heat, x->outlet_temperature - 273.15);
  }
  {  // rear door, capacity
    const Rack& rk = rack(s, "B5");
    const auto* x = dev.at("B5");
    const double raw = x->inlet_temperature + rk.power / (rcp * rk.airflow);
    ASSERT_GT(rcp * rk.airflow * (raw - cap.water_temperature), cap.capacity);  // the capacity binds
    EXPECT_NEAR(x->rear_door_heat, cap.capacity, 1e-6 * cap.capacity);
    EXPECT_NEAR(x->outlet_temperature, raw - cap.capacity / (rcp * rk.airflow), 2e-3);
  }
  EXPECT_NEAR(d.rear_door_heat, dev.at("B3")->rear_door_heat + dev.at("B5")->rear_door_heat, 1e-9);
  // the coolers take the rest: IT air heat = coolers + rear doors (+ boundary), within 0.5 %
  EXPECT_LT(std::abs(d.energy_balance_error), 0.005);
  double coolers = 0;
  for (const auto& c : d.coolers) coolers += c.load;
  EXPECT_NEAR(coolers + d.rear_door_heat, d.it_heat_to_air, 0.005 * d.it_heat_to_air);
}

TEST(RackModels, VariableAirflowAcrossSealedContainmentIsRejected) {
  // Sealed cold aisle: a rack whose fans follow its inlet would move a changing flow out of a sealed
  // region, which incompressible air cannot do (FW-E0217, docs/errors.md).
  Case cs = io::load_case(data_path("scenarios/datahall_small_contained.json"));
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.racks[0].airflow_per_kelvin = 0.02;
  s.racks[0].airflow_reference_temperature = 273.15 + 20.0;
  const VoxelGrid vg = voxelize(s);
  try {
    (void)airflow::solve(s, st, vg, Executor::create("cpu"));
    FAIL() << "expected InputError FW-E0217";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "FW-E0217") << e.what();
    EXPECT_NE(std::string(e.what()).find(s.racks[0].name), std::string::npos) << e.what();
  }
}
