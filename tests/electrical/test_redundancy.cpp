// SPDX-License-Identifier: Apache-2.0
// Redundancy and the N-1 study: 2N failover, N+1 parallel UPS modules, block-redundant transfer,
// standby generators; bad networks rejected with the component named.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "factwin/electrical/power_network.hpp"
#include "networks.hpp"
#include "test_support.hpp"

namespace fe = factwin::electrical;
using namespace factwin::electrical::testnets;
using factwin::testing::expect_input_error;

namespace {
const fe::ContingencyResult& case_of(const fe::ContingencyStudy& s, const std::string& failed) {
  for (const auto& c : s.cases)
    if (c.failed == failed) return c;
  throw std::runtime_error("no case " + failed);
}
bool mentions(const std::vector<std::string>& v, const std::string& name) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.rfind(name + " ", 0) == 0 || s == name; });
}
}  // namespace

// 2N: each side carries half the IT load. Loaded above 50 % of its rating, a side overloads when the
// other side fails; loaded below 50 % it does not (Uptime Institute Tier IV practice).
TEST(Redundancy, TwoNFailoverOverloadsWhenEachSideIsAboveHalfLoad) {
  // 48 racks x 25 kW = 1.2 MW DC; UPS 1.0 MW each -> ~0.63 per side with PSU and PDU losses
  const fe::PowerNetwork n = two_n(48, 25e3, 1.0e6);
  const auto study = fe::n_minus_1(n);
  EXPECT_GT(study.base.branches[1].loading, 0.5);
  EXPECT_LT(study.base.branches[1].loading, 1.0);
  // no rack is ever dropped; the single-fed mechanical panel on LV-A drops with TX-A only
  for (const auto& c : study.cases) {
    if (c.failed == "TX-A") {
      EXPECT_EQ(c.dropped_loads, std::vector<std::string>{"CRAH panel"});
    } else {
      EXPECT_TRUE(c.dropped_loads.empty()) << c.failed;
    }
  }
  const auto& ua = case_of(study, "UPS-A");
  EXPECT_FALSE(ua.secure);
  EXPECT_TRUE(mentions(ua.overloads, "UPS-B")) << (ua.overloads.empty() ? "" : ua.overloads[0]);
  EXPECT_GT(ua.max_loading, 1.2);
  const auto& ub = case_of(study, "UPS-B");
  EXPECT_TRUE(mentions(ub.overloads, "UPS-A"));
  // every failure that takes out one whole side moves all racks to the other
  for (const char* f : {"TX-A", "PDU-A", "BW-A"}) EXPECT_TRUE(mentions(case_of(study, f).overloads, "UPS-B")) << f;
  // the failed side carries nothing; racks are fed only from B
  EXPECT_FALSE(study.secure());
}

TEST(Redundancy, TwoNBelowHalfLoadIsSecure) {
  const fe::PowerNetwork n = two_n(30, 25e3, 1.0e6);  // ~0.39 per side
  const auto study = fe::n_minus_1(n);
  EXPECT_LT(study.base.branches[1].loading, 0.5);
  for (const auto& c : study.cases) {
    EXPECT_TRUE(c.overloads.empty()) << c.failed << ": " << c.overloads.front();
    if (c.failed != "TX-A") {
      EXPECT_TRUE(c.dropped_loads.empty()) << c.failed;
    }
  }
  // UPS-A out: racks draw everything from B with the same DC power
  const auto& ua = case_of(study, "UPS-A");
  EXPECT_TRUE(ua.secure);
  const auto r = fe::solve_power_flow([&] {
    auto m = n;
    m.branches[1].in_service = false;
    return m;
  }());
  EXPECT_NEAR(r.it_power, 30 * 25e3, 1e-6);
  EXPECT_DOUBLE_EQ(r.loads[0].supply_share[0], 0.0);
  EXPECT_DOUBLE_EQ(r.loads[0].supply_share[1], 1.0);
  EXPECT_NEAR(r.branches[1].p_out, 0.0, 0.0);
  EXPECT_LT(std::abs(r.balance_error()), 1e-12 * r.source_power);
}

TEST(Redundancy, UtilityLossStartsGeneratorAndUpsBridges) {
  const fe::PowerNetwork n = two_n(30, 25e3, 1.0e6);
  const auto study = fe::n_minus_1(n);
  const auto& c = case_of(study, "UTIL-A");
  EXPECT_TRUE(c.dropped_loads.empty());
  ASSERT_FALSE(c.notes.empty());
  EXPECT_NE(c.notes[0].find("GEN-A"), std::string::npos);
  // the mechanical panel is not behind a UPS: interrupted for the start delay
  EXPECT_NE(c.notes.back().find("1 loads interrupted"), std::string::npos) << c.notes.back();
  // B has no generator: losing UTIL-B moves all racks to A
  EXPECT_TRUE(case_of(study, "UTIL-B").dropped_loads.empty());
}

// N+1: three 500 kW UPS modules in parallel for an 850 kW load share it equally; one out, the two
// left carry it within rating.
TEST(Redundancy, NPlusOneParallelUpsModulesShare) {
  fe::PowerNetwork n;
  n.topology = fe::Topology::n_plus_1;
  n.buses = {{"IN", 480.0, ""}, {"OUT", 480.0, ""}};
  n.sources = {utility("U", "IN", 2e6)};
  for (int i = 0; i < 3; ++i) n.branches.push_back(ups("UPS" + std::to_string(i), "IN", "OUT", 500e3));
  n.loads = {it_load("rows", {"OUT"}, 850e3, 0.0)};
  n.require_radial = true;
  fe::validate(n);
  const auto study = fe::n_minus_1(n);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(study.base.branches[static_cast<std::size_t>(i)].loading, 850.0 / 1500.0, 1e-12);
  for (const auto& c : study.cases) {
    if (c.kind != "ups") {
      // the single utility feed has no backup: everything drops
      EXPECT_EQ(c.dropped_loads.size(), 1u);
      continue;
    }
    EXPECT_TRUE(c.secure) << c.failed;
    EXPECT_NEAR(c.max_loading, 850.0 / 1000.0, 1e-12);  // two modules left; the source is loaded less
  }
  // UPS losses (E-4) from the module output
  const double p = 850e3 / 3.0, loss = 0.01 * 500e3 + 0.01 * p + 0.01 * p * p / 500e3;
  EXPECT_NEAR(study.base.branches[0].loss, loss, 1e-9);
  EXPECT_NEAR(study.base.source_power, 850e3 + 3.0 * loss, 1e-6);
}

// Block redundant: each block's loads sit behind a static transfer switch with the reserve block as
// the alternate; a failed block transfers its loads to the reserve.
TEST(Redundancy, BlockRedundantTransfersToReserve) {
  const fe::PowerNetwork n = block_redundant();  // tests/electrical/networks.hpp
  const auto study = fe::n_minus_1(n);
  EXPECT_NEAR(study.base.branches[5].loading, 0.0, 0.0);  // reserve idle
  const auto& c = case_of(study, "UPS-B1");
  EXPECT_TRUE(c.secure);
  const auto r = fe::solve_power_flow([&] {
    auto m = n;
    m.branches[1].in_service = false;
    return m;
  }());
  EXPECT_DOUBLE_EQ(r.loads[0].supply_share[1], 1.0);
  EXPECT_NEAR(r.branches[5].p_out, 1.2e6, 1e-6);
}

TEST(Validation, BadNetworksNameTheComponent) {
  auto net = [] { return two_n(4, 25e3, 1.0e6); };
  {
    auto n = net();
    n.branches[0].rating = 0.0;
    const auto msg = expect_input_error([&] { fe::validate(n); }, "FW-E0703", "/power/branches/0/rating");
    EXPECT_NE(msg.find("TX-A"), std::string::npos) << msg;
  }
  {
    auto n = net();
    n.branches[2].to = "PDU-X";
    const auto msg = expect_input_error([&] { fe::validate(n); }, "FW-E0702", "/power/branches/2/to");
    EXPECT_NE(msg.find("PDU-X"), std::string::npos) << msg;
  }
  {
    auto n = net();
    n.buses.push_back({"ISLAND", 415.0, ""});
    n.loads.push_back(it_load("orphan", {"ISLAND"}, 1e3, 0.0));
    const auto msg = expect_input_error([&] { fe::validate(n); }, "FW-E0704", "/power/loads/5");
    EXPECT_NE(msg.find("orphan"), std::string::npos) << msg;
  }
  {
    auto n = net();
    n.branches.push_back(cable("TIE", "ROW-A", "PDUOUT-A", 1e-4, 0.0, 10.0, 100.0));
    const auto msg = expect_input_error([&] { fe::validate(n); }, "FW-E0705", "/power/branches/8");
    EXPECT_NE(msg.find("TIE"), std::string::npos) << msg;
    n.require_radial = false;
    EXPECT_NO_THROW(fe::validate(n));
  }
  {
    auto n = net();
    n.loads[1].name = "rack0";
    (void)expect_input_error([&] { fe::validate(n); }, "FW-E0701", "/power/loads/1/name");
  }
  {
    auto n = net();
    n.branches.push_back(cable("MIX", "LV-A", "PDUOUT-A", 1e-4, 0.0, 10.0, 100.0));
    n.require_radial = false;
    (void)expect_input_error([&] { fe::validate(n); }, "FW-E0703", "/power/branches/8");
  }
}

// A weak feeder: the far bus sags below 0.95 pu; reported as a voltage violation in the cases
// where it stays energised.
TEST(Redundancy, VoltageViolationsAreReported) {
  fe::PowerNetwork n;
  n.buses = {{"S", 400.0, ""}, {"M", 400.0, ""}, {"E", 400.0, ""}};
  n.sources = {utility("U", "S", 1e6)};
  n.branches = {cable("C1", "S", "M", 0.1e-3, 0.0, 50.0, 1000.0), cable("C2", "M", "E", 0.6e-3, 0.08e-3, 200.0, 400.0)};
  fe::Load l;
  l.name = "far";
  l.kind = fe::LoadKind::mechanical;
  l.buses = {"E"};
  l.power = 120e3;
  l.power_factor = 0.9;
  n.loads = {l};
  const auto base = fe::solve_power_flow(n);
  ASSERT_LT(base.buses[2].voltage_pu, 0.95);
  const auto study = fe::n_minus_1(n);
  // failing C1 or C2 drops the load; failing the utility drops it too
  for (const auto& c : study.cases) EXPECT_EQ(c.dropped_loads, std::vector<std::string>{"far"}) << c.failed;
  // the violation shows in a case where the chain survives: add a parallel path and fail it
  n.require_radial = false;
  n.branches.push_back(cable("C2b", "M", "E", 0.6e-3, 0.08e-3, 200.0, 400.0));
  const auto s2 = fe::n_minus_1(n);
  EXPECT_EQ(s2.base.islands_meshed, 1);
  const auto& c = case_of(s2, "C2b");
  ASSERT_EQ(c.voltage_violations.size(), 1u);
  EXPECT_EQ(c.voltage_violations[0].rfind("E (", 0), 0u) << c.voltage_violations[0];
  EXPECT_FALSE(c.secure);
  EXPECT_TRUE(case_of(s2, "C2").voltage_violations.size() == 1u);
}

// A ring (meshed, Newton) stays energised when any one ring cable fails (then radial, sweep).
TEST(Redundancy, RingMainSurvivesAnyCableFailure) {
  fe::PowerNetwork n;
  n.buses = {{"S", 11000.0, ""}, {"A", 11000.0, ""}, {"B", 11000.0, ""}, {"C", 11000.0, ""}};
  n.sources = {utility("U", "S", 10e6)};
  n.branches = {cable("SA", "S", "A", 0.2e-3, 0.1e-3, 500.0, 400.0), cable("AB", "A", "B", 0.2e-3, 0.1e-3, 500.0, 400.0),
                cable("BC", "B", "C", 0.2e-3, 0.1e-3, 500.0, 400.0), cable("CS", "C", "S", 0.2e-3, 0.1e-3, 500.0, 400.0)};
  for (const char* b : {"A", "B", "C"}) {
    fe::Load l;
    l.name = std::string("L") + b;
    l.kind = fe::LoadKind::mechanical;
    l.buses = {b};
    l.power = 1.5e6;
    l.power_factor = 0.9;
    n.loads.push_back(l);
  }
  const auto study = fe::n_minus_1(n);
  EXPECT_EQ(study.base.islands_meshed, 1);
  EXPECT_LT(std::abs(study.base.balance_error()), 1e-12 * study.base.source_power);
  // symmetric ring: A and C see the same voltage
  EXPECT_NEAR(study.base.buses[1].voltage, study.base.buses[3].voltage, 1e-9);
  for (const auto& c : study.cases) {
    if (c.kind == "utility") continue;
    EXPECT_TRUE(c.dropped_loads.empty()) << c.failed;
  }
  auto m = n;
  m.branches[0].in_service = false;
  const auto r = fe::solve_power_flow(m);
  EXPECT_EQ(r.islands_radial, 1);
  // CS now carries all three loads, AB only the load at A
  EXPECT_GT(r.branches[3].current, 2.9 * r.branches[1].current);
}
