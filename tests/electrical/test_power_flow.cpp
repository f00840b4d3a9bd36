// SPDX-License-Identifier: Apache-2.0
// Power flow of the power chain: hand-calculated feeders, transformer losses, Newton against the
// sweep, energy balance, efficiency curves against their published points.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "factwin/core/error.hpp"
#include "factwin/electrical/power_network.hpp"
#include "networks.hpp"

namespace fe = factwin::electrical;
using namespace factwin::electrical::testnets;

namespace {

// One cable from a 400 V source bus to a 100 kW, pf 0.9 load. Hand calculation per phase
// (exact DistFlow solution of V2 = V1 - Z I with a constant-power load, e.g. Kersting,
// Distribution System Modeling and Analysis, 4th ed., ch. 6):
//   |V2|^2 = [a + sqrt(a^2 - 4 |Z|^2 |S|^2)] / 2,  a = |V1|^2 - 2 (R P + X Q)
//   I = |S| / |V2|,  losses = 3 I^2 R.
fe::PowerNetwork one_cable(double p, double pf) {
  fe::PowerNetwork n;
  n.buses = {{"SRC", 400.0, "room"}, {"END", 400.0, "room"}};
  n.sources = {utility("U", "SRC", 1e6)};
  n.branches = {cable("C1", "SRC", "END", 0.641e-3, 0.08e-3, 100.0, 250.0)};
  fe::Load l;
  l.name = "L";
  l.kind = fe::LoadKind::mechanical;
  l.buses = {"END"};
  l.power = p;
  l.power_factor = pf;
  n.loads = {l};
  return n;
}

}  // namespace

TEST(PowerFlow, HandCalculatedRadialFeeder) {
  const double p3 = 100e3, pf = 0.9;
  const fe::PowerNetwork n = one_cable(p3, pf);
  fe::validate(n);
  const fe::PowerFlowResult r = fe::solve_power_flow(n);
  // hand calculation, per phase
  const double v1 = 400.0 / std::sqrt(3.0), p = p3 / 3.0, q = p * std::tan(std::acos(pf));
  const double R = 0.0641, X = 0.008;
  const double a = v1 * v1 - 2.0 * (R * p + X * q);
  const double v2 = std::sqrt((a + std::sqrt(a * a - 4.0 * (R * R + X * X) * (p * p + q * q))) / 2.0);
  const double i = std::sqrt(p * p + q * q) / v2;
  const double loss = 3.0 * i * i * R;
  EXPECT_NEAR(r.buses[1].voltage / std::sqrt(3.0), v2, 1e-9 * v2);
  EXPECT_NEAR(r.branches[0].current, i, 1e-9 * i);
  EXPECT_NEAR(r.branches[0].loss, loss, 1e-8 * loss);
  EXPECT_NEAR(r.branches[0].voltage_drop, (v1 - v2) * std::sqrt(3.0), 1e-8 * v1);
  EXPECT_NEAR(r.branches[0].loading, i / 250.0, 1e-9);
  EXPECT_NEAR(r.source_power, p3 + loss, 1e-6);
  // figures of the case (docs/electrical.md): 400 V -> 382.2 V, 165 A, 5.2 kW
  EXPECT_NEAR(r.buses[1].voltage, 382.2, 0.05);
}

TEST(PowerFlow, HandCalculatedTwoSectionFeeder) {
  // Source - C1 - M (50 kW, pf 1) - C2 - E (50 kW, pf 1); hand calculation from the far end:
  // R-only sections, unity pf: V_E solves V_M = V_E + R2 P_E/V_E, then V_S = V_M + R1 (P_M/V_M + P_E/V_E)
  // (per phase); V_S is found for a trial V_E and V_E adjusted by bisection until V_S = 230.94 V.
  fe::PowerNetwork n;
  n.buses = {{"S", 400.0, ""}, {"M", 400.0, ""}, {"E", 400.0, ""}};
  n.sources = {utility("U", "S", 1e6)};
  n.branches = {cable("C1", "S", "M", 0.5e-3, 0.0, 100.0, 400.0), cable("C2", "M", "E", 0.5e-3, 0.0, 100.0, 400.0)};
  for (const char* b : {"M", "E"}) {
    fe::Load l;
    l.name = std::string("L") + b;
    l.kind = fe::LoadKind::mechanical;
    l.buses = {b};
    l.power = 50e3;
    n.loads.push_back(l);
  }
  const auto r = fe::solve_power_flow(n);
  const double vs = 400.0 / std::sqrt(3.0), p = 50e3 / 3.0, R = 0.05;
  auto source_v = [&](double ve, double* vm) {
    const double ie = p / ve;
    *vm = ve + R * ie;
    return *vm + R * (ie + p / *vm);
  };
  double lo = 200.0, hi = vs, vm = 0.0;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (source_v(mid, &vm) > vs ? hi : lo) = mid;
  }
  const double ve = 0.5 * (lo + hi);
  (void)source_v(ve, &vm);
  EXPECT_NEAR(r.buses[1].voltage / std::sqrt(3.0), vm, 1e-9 * vs);
  EXPECT_NEAR(r.buses[2].voltage / std::sqrt(3.0), ve, 1e-9 * vs);
  const double i2 = p / ve, i1 = i2 + p / vm;
  EXPECT_NEAR(r.distribution_loss, 3.0 * R * (i1 * i1 + i2 * i2), 1e-6);
}

TEST(PowerFlow, TransformerLossesFollowNoLoadPlusKSquaredLoadLoss) {
  fe::PowerNetwork n;
  n.buses = {{"MV", 13800.0, ""}, {"LV", 480.0, ""}};
  n.sources = {utility("U", "MV", 5e6)};
  n.branches = {transformer("T", "MV", "LV", 1e6, 1.5e3, 9.0e3, 0.0575)};
  fe::Load l;
  l.name = "L";
  l.kind = fe::LoadKind::mechanical;
  l.buses = {"LV"};
  l.power = 600e3;
  l.power_factor = 0.95;
  n.loads = {l};
  const auto r = fe::solve_power_flow(n);
  const auto& t = r.branches[0];
  const double k = t.loading;  // current / rated secondary current
  EXPECT_NEAR(t.loss, 1.5e3 + k * k * 9.0e3, 1e-7);
  // k from the load: |S| / (sqrt(3) V2 I_rated) with V2 from the solve
  const double s = 600e3 / 0.95;
  EXPECT_NEAR(k, s / (r.buses[1].voltage / 480.0) / 1e6, 1e-9);
  // regulation: a 5.75 % transformer at 0.63 pu, pf 0.95 drops ~1.5-2.5 %
  EXPECT_GT(r.buses[1].voltage_pu, 0.97);
  EXPECT_LT(r.buses[1].voltage_pu, 0.99);
}

TEST(PowerFlow, NewtonOnMeshedNetworkMatchesSweepOnItsEquivalent) {
  // Two identical cables in parallel (a mesh: Newton) against one cable of half the impedance
  // (radial: sweep). Same voltages and losses.
  fe::PowerNetwork mesh = one_cable(150e3, 0.85);
  mesh.branches.push_back(mesh.branches[0]);
  mesh.branches[1].name = "C2";
  fe::PowerNetwork radial = one_cable(150e3, 0.85);
  radial.branches[0].r_per_m /= 2.0;
  radial.branches[0].x_per_m /= 2.0;
  const auto rm = fe::solve_power_flow(mesh), rr = fe::solve_power_flow(radial);
  EXPECT_EQ(rm.islands_meshed, 1);
  EXPECT_EQ(rr.islands_radial, 1);
  EXPECT_NEAR(rm.buses[1].voltage, rr.buses[1].voltage, 1e-8);
  EXPECT_NEAR(rm.distribution_loss, rr.distribution_loss, 1e-6);
  EXPECT_NEAR(rm.branches[0].current, 0.5 * rr.branches[0].current, 1e-7);
  EXPECT_LT(std::abs(rm.balance_error()), 1e-12 * rm.source_power);
}

TEST(PowerFlow, EnergyBalanceOfA2NChainToRoundOff) {
  const fe::PowerNetwork n = two_n(40, 25e3, 1.5e6);
  fe::validate(n);
  const auto r = fe::solve_power_flow(n);
  // utility input = IT (DC) + PSU losses + distribution losses + mechanical loads
  EXPECT_LT(std::abs(r.balance_error()), 1e-12 * r.source_power) << r.balance_error();
  EXPECT_NEAR(r.it_power, 40 * 25e3, 1e-6);
  EXPECT_NEAR(r.mechanical_power, 120e3, 1e-9);
  double heat = 0.0;
  for (const auto& [room, w] : r.heat_by_room) heat += w;
  // every watt drawn ends as heat somewhere (IT DC power included), except the mechanical load
  EXPECT_NEAR(heat + r.mechanical_power, r.source_power, 1e-9 * r.source_power);
  // each side carries half the racks
  EXPECT_NEAR(r.branches[1].p_out, r.branches[5].p_out, 1e-6);
  for (const auto& l : r.loads)
    if (l.name != "CRAH panel") {
      EXPECT_DOUBLE_EQ(l.supply_share[0], 0.5);
      EXPECT_TRUE(l.served);
    }
}

TEST(PowerFlow, ConvergesWithinStatedTolerance) {
  const fe::PowerNetwork n = two_n(10, 25e3, 1.5e6);
  fe::PowerFlowOptions o;
  o.tolerance = 1e-12;
  const auto r = fe::solve_power_flow(n, o);
  EXPECT_GT(r.iterations, 1);
  EXPECT_LT(r.iterations, 30);
  o.max_iterations = 1;
  EXPECT_THROW((void)fe::solve_power_flow(n, o), factwin::ConvergenceError);
}

namespace {
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    rows.push_back(f);
  }
  return rows;
}
}  // namespace

// 80 PLUS program minimum efficiencies (data/validation/psu_80plus_efficiency.csv): the PSU curve
// passes through every published point.
TEST(EfficiencyCurves, Psu80PlusReproducesPublishedPoints) {
  const auto rows = read_csv(std::string(FACTWIN_DATA_DIR) + "/validation/psu_80plus_efficiency.csv");
  ASSERT_EQ(rows.size(), 54u);
  for (const auto& r : rows) {
    const auto c = fe::psu_80plus(r[0], r[1]);
    EXPECT_DOUBLE_EQ(fe::efficiency_at(c, std::stod(r[2])), std::stod(r[3])) << r[0] << " " << r[1] << " " << r[2];
  }
  // through the power flow: a Titanium 230 V redundant PSU at 50 % of its rating draws P / 0.96
  fe::PowerNetwork n = one_cable(0.0, 1.0);
  n.loads[0] = it_load("rack", {"END"}, 10e3, 20e3);
  const auto res = fe::solve_power_flow(n);
  EXPECT_NEAR(res.loads[0].p_ac, 10e3 / 0.96, 1e-9);
  EXPECT_NEAR(res.psu_loss, 10e3 / 0.96 - 10e3, 1e-9);
  EXPECT_THROW((void)fe::psu_80plus("230V_internal_redundant", "Diamond"), factwin::Error);
}

// 10 CFR 431.196 (data/validation/transformer_doe_lv_drytype_efficiency.csv): a transformer whose
// losses are built from the published efficiency at 35 % load (any split between P_NL and P_LL)
// reproduces that efficiency at 35 % load, unity power factor.
TEST(EfficiencyCurves, TransformerReproducesDoeEfficiencyAt35PercentLoad) {
  const auto rows = read_csv(std::string(FACTWIN_DATA_DIR) + "/validation/transformer_doe_lv_drytype_efficiency.csv");
  ASSERT_EQ(rows.size(), 40u);
  for (const auto& r : rows) {
    const double kva = std::stod(r[2]) * 1e3, eta = std::stod(r[3]) / 100.0;
    const double loss35 = 0.35 * kva * (1.0 / eta - 1.0);
    for (double nl_share : {0.3, 0.5}) {
      const double p_nl = nl_share * loss35, p_ll = (1.0 - nl_share) * loss35 / (0.35 * 0.35);
      fe::PowerNetwork n;
      n.buses = {{"P", 480.0, ""}, {"S", 208.0, ""}};
      n.sources = {utility("U", "P", 1e7)};
      n.branches = {transformer("T", "P", "S", kva, p_nl, p_ll, 0.05)};
      fe::Load l;
      l.name = "L";
      l.kind = fe::LoadKind::mechanical;
      l.buses = {"S"};
      // 35 % of rated current at the solved secondary voltage: iterate the load on the voltage
      double v = 1.0;
      fe::PowerFlowResult res;
      for (int it = 0; it < 50; ++it) {
        l.power = 0.35 * kva * v;
        n.loads = {l};
        res = fe::solve_power_flow(n);
        v = res.buses[1].voltage_pu;
      }
      ASSERT_NEAR(res.branches[0].loading, 0.35, 1e-12);
      const double eff = res.branches[0].p_out / res.branches[0].p_in;
      // the published figure is given to 0.01 %; the model reproduces it to round-off when the
      // output is 35 % of the rating (v = 1); at v != 1 the output is v * 35 %
      const double eff_at_rating = (0.35 * kva) / (0.35 * kva + p_nl + 0.35 * 0.35 * p_ll);
      EXPECT_NEAR(eff_at_rating, eta, 1e-12);
      EXPECT_NEAR(eff, (v * 0.35 * kva) / (v * 0.35 * kva + p_nl + 0.35 * 0.35 * p_ll), 1e-9);
    }
  }
}

TEST(PowerFlow, ReusableSolverFollowsChangedValues) {
  fe::PowerNetwork n = two_n(10, 25e3, 1.5e6);
  fe::PowerFlowSolver solver(n);
  const auto a = solver.solve();
  EXPECT_DOUBLE_EQ(a.source_power, fe::solve_power_flow(n).source_power);
  n.loads[0].power *= 2.0;
  n.branches[1].in_service = false;
  const auto b = solver.solve();
  const auto c = fe::solve_power_flow(n);
  EXPECT_DOUBLE_EQ(b.source_power, c.source_power);
  EXPECT_DOUBLE_EQ(b.loads[0].supply_share[1], 1.0);
}
