// SPDX-License-Identifier: Apache-2.0
// The studies a facility engineer runs on a raised-floor hall (issue 5), answered on
// data/scenarios/datahall_small.json (0.4 m grid):
//  - cold-aisle containment lowers the hottest rack inlet temperature;
//  - switching off one CRAH raises the inlet temperatures of the racks it served;
//  - doubling one rack's power at fixed airflow raises its exhaust temperature by the expected
//    amount, T_ex = T_in + P_air / (rho c_p Q);
//  - the sealed hall converges with all heat leaving through the coolers (energy balance 0.5 %);
//  - the same hall with the standard k-epsilon model converges, balances its heat the same way and
//    keeps k and epsilon positive.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "factwin/core/error.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/metrics/datahall.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

struct HallRun {
  Scenario s;
  SolverSettings st;
  airflow::SolveResult r;
  metrics::DatahallFigures d;
  std::map<std::string, const airflow::DeviceState*> dev;
};

std::unique_ptr<HallRun> run(Case c, const char* label) {
  auto out = std::make_unique<HallRun>();
  out->s = std::move(c.facility.air);
  out->st = c.solver;
  const VoxelGrid vg = voxelize(out->s);
  airflow::SolveOptions o;
  o.tracer_names = {"supply_air"};
  out->r = airflow::solve(out->s, out->st, vg, Executor::create("cpu"), o);
  EXPECT_TRUE(out->r.converged) << label << ": " << out->r.stop_reason;
  out->d = metrics::datahall_figures(out->s, out->r, 0);
  // issue 5: IT heat against heat removed within 0.5 % at steady state, in every study
  EXPECT_LT(std::abs(out->d.energy_balance_error), 0.005) << label;
  for (const auto& d : out->r.devices) out->dev[d.name] = &d;
  std::printf("%s: %ld iterations, hottest inlet %.2f C (%s), RCI_HI %.1f %%, RTI %.1f %%, SHI %.3f, "
              "cooler load %.1f kW of IT air heat %.1f kW (balance %.2e)\n",
              label, out->r.iterations, out->d.hottest_inlet - 273.15, out->d.hottest_rack.c_str(), out->d.rci_hi,
              out->d.rti, out->d.shi, out->d.heat_removed / 1e3, out->d.it_heat_to_air / 1e3,
              out->d.energy_balance_error);
  return out;
}

Case base() { return io::load_case(data_path("scenarios/datahall_small.json")); }

class DatahallStudies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { base_ = run(base(), "base hall").release(); }
  static void TearDownTestSuite() {
    delete base_;
    base_ = nullptr;
  }
  static HallRun* base_;
};
HallRun* DatahallStudies::base_ = nullptr;

double mean_inlet(const HallRun& r, char row) {
  double s = 0;
  int n = 0;
  for (const auto& f : r.d.racks)
    if (f.name[0] == row) {
      s += f.inlet_mean;
      ++n;
    }
  return s / n;
}

}  // namespace

TEST_F(DatahallStudies, SealedHallSendsAllHeatThroughTheCoolers) {
  const HallRun& b = *base_;
  EXPECT_NEAR(b.d.it_heat_to_air, 72e3, 1e-6);
  double coolers = 0;
  for (const auto& c : b.d.coolers) coolers += c.load;
  EXPECT_NEAR(coolers, b.d.it_heat_to_air, 0.005 * b.d.it_heat_to_air);
  EXPECT_LT(std::abs(b.d.energy_balance_error), 0.005);
  EXPECT_LT(std::abs(b.r.net_mass_flow), 1e-9);
  // every rack: exhaust = mean intake + P_air / (rho cp Q)
  const double rcp = b.s.fluid.density * b.s.fluid.specific_heat;
  for (const Rack& rk : b.s.racks) {
    const auto* d = b.dev.at(rk.name);
    EXPECT_NEAR(d->outlet_temperature - d->inlet_temperature, rk.power / (rcp * rk.airflow), 1e-3) << rk.name;
  }
}

TEST_F(DatahallStudies, ContainmentLowersTheHottestInlet) {
  // Same CRAH airflow (exactly the racks' demand) with and without a sealed cold aisle.
  const Case contained_case = io::load_case(data_path("scenarios/datahall_small_contained.json"));
  const Scenario& contained = contained_case.facility.air;
  Case open = base();
  for (std::size_t c = 0; c < open.facility.air.coolers.size(); ++c)
    open.facility.air.coolers[c].airflow = contained.coolers[c].airflow;
  const auto o = run(open, "open aisle, CRAH airflow = rack airflow");
  const auto c = run(contained_case, "sealed cold-aisle containment");
  EXPECT_LT(c->d.hottest_inlet, o->d.hottest_inlet - 0.5);
  EXPECT_GE(c->d.rci_hi, o->d.rci_hi);
  // a sealed aisle fed only by the tiles: every rack breathes supply air
  for (const auto& f : c->d.racks) {
    EXPECT_NEAR(f.inlet_mean, contained.coolers[0].setpoint, 0.05) << f.name;
    EXPECT_NEAR(f.capture_index, 1.0, 0.01) << f.name;
  }
}

TEST(DatahallBadInput, SealedAisleWithUnbalancedAirflowIsRejected) {
  Case cs = io::load_case(data_path("scenarios/datahall_small_contained.json"));
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  for (auto& c : s.coolers) c.airflow = 3.0;  // 6 m^3/s into a sealed aisle whose racks draw 5.1
  const VoxelGrid vg = voxelize(s);
  try {
    (void)airflow::solve(s, st, vg, Executor::create("cpu"));
    FAIL() << "expected InputError FW-E0216";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), "FW-E0216") << e.what();
    EXPECT_NE(std::string(e.what()).find("sealed air region"), std::string::npos) << e.what();
  }
}

TEST_F(DatahallStudies, FailedCrahRaisesTheInletsItServed) {
  Case cs = base();
  Scenario& s = cs.facility.air;
  s.coolers[1].failed = true;  // CRAH-2, beside row B
  const auto f = run(cs, "CRAH-2 failed");
  EXPECT_GT(mean_inlet(*f, 'B'), mean_inlet(*base_, 'B') + 0.5);
  EXPECT_GT(f->d.hottest_inlet, base_->d.hottest_inlet);
  EXPECT_LT(f->d.supply_demand_ratio, base_->d.supply_demand_ratio);
}

TEST_F(DatahallStudies, DoublingRackPowerRaisesItsExhaustAsExpected) {
  Case cs = base();
  Scenario& s = cs.facility.air;
  Rack& rk = s.racks[4];  // A5, airflow fixed at its design value
  const double q = rk.airflow;
  rk.power *= 2;
  const auto d = run(cs, "A5 at double power");
  const double rcp = s.fluid.density * s.fluid.specific_heat;
  const auto* before = base_->dev.at("A5");
  const auto* after = d->dev.at("A5");
  const double expected = after->inlet_temperature + rk.power / (rcp * q);
  EXPECT_NEAR(after->outlet_temperature, expected, 1e-3);
  // the rise over the single-power run: one more P/(rho cp Q) plus whatever the inlet changed
  EXPECT_NEAR(after->outlet_temperature - before->outlet_temperature,
              rk.power / 2 / (rcp * q) + (after->inlet_temperature - before->inlet_temperature), 1e-3);
  EXPECT_GT(after->outlet_temperature - before->outlet_temperature, 0.9 * rk.power / 2 / (rcp * q));
}

TEST(DatahallKEpsilon, SmallHallConvergesAndBalancesItsHeat) {
  Case cs = base();
  cs.solver.turbulence = TurbulenceModel::k_epsilon;
  const auto k = run(cs, "base hall, k-epsilon");  // converged, energy balance within 0.5 %
  double coolers = 0;
  for (const auto& c : k->d.coolers) coolers += c.load;
  EXPECT_NEAR(coolers, k->d.it_heat_to_air, 0.005 * k->d.it_heat_to_air);
  EXPECT_LT(std::abs(k->r.net_mass_flow), 1e-9);
  const auto& f = k->r.fields;
  ASSERT_EQ(f.k.size(), f.T.size());
  ASSERT_EQ(f.eps.size(), f.T.size());
  double kmin = 1e300, emin = 1e300, nutmax = 0;
  for (std::size_t c = 0; c < f.k.size(); ++c)
    if (!f.solid[c]) {
      kmin = std::min(kmin, f.k[c]);
      emin = std::min(emin, f.eps[c]);
      nutmax = std::max(nutmax, f.nut[c]);
    }
  std::printf("k-epsilon hall: min k %.3g m^2/s^2, min eps %.3g m^2/s^3, max nu_t/nu %.0f\n", kmin, emin,
              nutmax / k->s.fluid.kinematic_viscosity());
  EXPECT_GT(kmin, 0.0);
  EXPECT_GT(emin, 0.0);
  EXPECT_GT(nutmax, 10 * k->s.fluid.kinematic_viscosity());  // turbulent where the jets are
}

// Anderson acceleration with racks and coolers (docs/solver.md): the device states that persist
// between couplings (a rack's server inlet temperature, which its airflow follows; a return-air
// controlled cooler's supply temperature) and the tracers are part of the accelerated state, so the
// accelerated run must reach the plain run's solution. The hall has both kinds of state.
TEST(DatahallAnderson, AccelerationWithRacksAndCoolersKeepsTheSolution) {
  Case cs = base();
  Scenario& s = cs.facility.air;
  for (Rack& r : s.racks)
    if (r.name == "A4") {
      r.airflow_per_kelvin = 0.03;
      r.airflow_reference_temperature = 273.15 + 15.0;
    }
  ASSERT_FALSE(s.coolers.empty());
  s.coolers[0].control = CoolerControl::return_air;
  s.coolers[0].setpoint = 273.15 + 28.0;  // return-air setpoint: the integral control sets the supply
  cs.solver.anderson_depth = 0;
  const auto plain = run(cs, "plain iteration");
  cs.solver.anderson_depth = 8;
  const auto acc = run(cs, "Anderson depth 8");  // converged, energy balance within 0.5 %
  EXPECT_LT(acc->r.iterations, plain->r.iterations);
  // the same steady state to the convergence tolerance (1e-4 scaled residuals: ~1e-2 K here)
  EXPECT_NEAR(acc->d.hottest_inlet, plain->d.hottest_inlet, 0.05);
  for (const auto& [name, p] : plain->dev) {
    const auto* a = acc->dev.at(name);
    EXPECT_NEAR(a->inlet_temperature, p->inlet_temperature, 0.05) << name;
    EXPECT_NEAR(a->outlet_temperature, p->outlet_temperature, 0.05) << name;
    EXPECT_NEAR(a->flow, p->flow, 1e-3 * p->flow) << name;
    ASSERT_EQ(a->tracer_in.size(), p->tracer_in.size());
    for (std::size_t t = 0; t < p->tracer_in.size(); ++t) EXPECT_NEAR(a->tracer_in[t], p->tracer_in[t], 5e-3) << name;
  }
  // the controlled cooler holds its return temperature at the setpoint in both
  const std::string c0 = s.coolers[0].name;
  EXPECT_NEAR(plain->dev.at(c0)->inlet_temperature, s.coolers[0].setpoint, 0.05);
  EXPECT_NEAR(acc->dev.at(c0)->inlet_temperature, s.coolers[0].setpoint, 0.05);
  EXPECT_GT(acc->dev.at("A4")->flow, 1.06 * [&] {
    for (const Rack& r : s.racks)
      if (r.name == "A4") return r.airflow;
    return 0.0;
  }());
}
