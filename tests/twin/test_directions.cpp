// SPDX-License-Identifier: Apache-2.0
// What moves what (docs/twin.md, "What moves what"): the coupled 1 MW pod
// (data/scenarios/pod_1mw_coupled.json, its own 0.4 m grid, 4 000 cells, one air solve of about
// 7 s per run) solved as shipped and with one input changed; each test asserts the sign of the
// change the physics demands and a magnitude band worked out from the file's figures:
//  - a warmer chilled-water setpoint (15 -> 18 degC): the chilled-water chiller's power falls by its
//    EIRFT ratio (duty unchanged: the air and the coils do not see the water temperature yet);
//  - a warmer facility-water setpoint (30 -> 32 degC, still W32): the trim chiller has nothing left
//    to do (the dry coolers leave at 27 + 5 = 32 degC), the dry coolers take its duty;
//  - a warmer day (dry bulb 27 -> 30 degC): the chilled-water chiller's EIRFT rises, the dry coolers
//    leave 5 K warmer and the trim chiller reaches its capacity;
//  - a failed in-row cooler: the three others take its duty, the hottest rack inlet rises.
// The PUE is the summary's: source power of the chain (all plant power is in it) / IT input power.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/io/scenario_reader.hpp"
#include "factwin/metrics/datahall.hpp"
#include "factwin/twin/twin.hpp"

namespace {

using nlohmann::json;

const std::string pod_file = std::string(FACTWIN_DATA_DIR) + "/scenarios/pod_1mw_coupled.json";

json pod_json() {
  std::ifstream in(pod_file);
  return json::parse(in);
}

/// The figures a direction test compares, from one coupled solve of the pod.
struct Figures {
  double chw_chiller = 0, trim_chiller = 0, chillers = 0, dry_coolers = 0, pumps = 0, pue = 0;
  double hottest_inlet = 0;  // [K]
  double air_heat = 0;       // [W] heat into the hall's air (racks' air share + hall losses)
  bool trim_at_capacity = false;
  factwin::metrics::DatahallFigures hall;
};

std::size_t link_index(const factwin::liquid::Network& n, const std::string& name) {
  for (std::size_t i = 0; i < n.links.size(); ++i)
    if (n.links[i].name == name) return i;
  throw std::runtime_error("no link " + name);
}

Figures solve(const json& j, const char* label) {
  const factwin::Case c = factwin::io::parse_case(j.dump(1), "pod_1mw_coupled.json");
  factwin::twin::RunSettings rs;
  rs.air = c.solver;
  const factwin::twin::Solution s = factwin::twin::solve(c.facility, rs);
  EXPECT_TRUE(s.air.converged) << label;
  EXPECT_TRUE(s.coupling.converged) << label;
  EXPECT_FALSE(s.settings.accept_unconverged) << label;
  Figures f;
  const auto& net = *s.liquid_network;
  for (const auto& ch : s.liquid->chillers) {
    if (static_cast<std::size_t>(ch.link) == link_index(net, "chw_chiller")) f.chw_chiller = ch.electric_power;
    if (static_cast<std::size_t>(ch.link) == link_index(net, "trim_chiller")) {
      f.trim_chiller = ch.electric_power;
      f.trim_at_capacity = ch.at_capacity;
    }
  }
  f.chillers = s.liquid->chiller_power;
  f.dry_coolers = s.liquid->fan_power;
  f.pumps = s.liquid->pump_power;
  const auto& base = s.power->study.base;
  EXPECT_NEAR(s.coupling.plant_power_outside_chain, 0.0, 1e-6) << label;  // every plant watt is in the chain
  f.pue = base.source_power / base.it_input_power;
  f.hall = factwin::metrics::datahall_figures(s.air_scenario, s.air, -1);
  f.hottest_inlet = f.hall.hottest_inlet;
  f.air_heat = f.hall.it_heat_to_air;
  std::printf("[figure] %s: coupling %d iterations (%d air solves), chillers %.2f kW (chilled water %.2f, trim %.2f%s), "
              "dry coolers %.2f kW, pumps %.2f kW, PUE %.4f, hottest inlet %.2f C at %s, coolers",
              label, s.coupling.iterations, s.coupling.air_solves, f.chillers / 1e3, f.chw_chiller / 1e3,
              f.trim_chiller / 1e3, f.trim_at_capacity ? " at capacity" : "", f.dry_coolers / 1e3, f.pumps / 1e3,
              f.pue, f.hottest_inlet - 273.15, f.hall.hottest_rack.c_str());
  for (const auto& k : f.hall.coolers) std::printf(" %s %.2f kW", k.name.c_str(), k.load / 1e3);
  std::printf("\n");
  return f;
}

json with_chiller(json j, const std::string& link, const char* key, const char* value) {
  for (auto& l : j["liquid"]["links"])
    if (l["name"] == link) l[key] = value;
  return j;
}

}  // namespace

// Chilled water 15 -> 18 degC. Duty unchanged (the coils take the coolers' duty, which does not see
// the water temperature), so the chilled-water chiller's power scales by EIRFT:
// (1 - 0.03 (18 - 15) + 0.02 (27 - 35)) / (1 + 0.02 (27 - 35)) = 0.75 / 0.84 = 0.8929 (0.3 % band for
// the pump heat, whose water properties change). The trim chiller, dry coolers and IT are untouched,
// so the PUE falls by the chiller's saving over the IT input power (within 5 %: transformer losses).
TEST(Directions, WarmerChilledWaterLowersChillerPowerAndPue) {
  const json j = pod_json();
  const Figures a = solve(j, "chilled water 15 C");
  json w = with_chiller(j, "chw_chiller", "leaving_setpoint", "18 degC");
  for (auto& n : w["liquid"]["nodes"])
    if (n["name"] == "chw_tank") n["temperature"] = "18 degC";
  const Figures b = solve(w, "chilled water 18 C");
  ASSERT_GT(a.chw_chiller, 0.0);
  EXPECT_LT(b.chw_chiller, a.chw_chiller);
  EXPECT_NEAR(b.chw_chiller / a.chw_chiller, 0.75 / 0.84, 3e-3);
  EXPECT_NEAR(b.trim_chiller, a.trim_chiller, 1e-6 * a.trim_chiller);
  EXPECT_LT(b.pue, a.pue);
  const double saving = a.chw_chiller - b.chw_chiller;
  EXPECT_GT(saving, 3e3);  // about 35 kW x 0.107
  EXPECT_LT(saving, 5e3);
  EXPECT_NEAR(a.pue - b.pue, saving / 1027.9e3, 0.05 * saving / 1027.9e3);
}

// Facility water 30 -> 32 degC: the dry coolers already deliver 27 + 5 = 32 degC, so the trim
// chiller (about 47 kW at 30 degC) has almost nothing to do (below 1 kW) and the dry coolers take
// its duty (fans 1.5 % of it: up by 4-6 kW of fan power); the PUE falls by 0.03-0.05.
TEST(Directions, WarmerFacilityWaterLowersChillerPowerAndPue) {
  const json j = pod_json();
  const Figures a = solve(j, "facility water 30 C");
  const Figures b = solve(with_chiller(j, "trim_chiller", "leaving_setpoint", "32 degC"), "facility water 32 C");
  EXPECT_GT(a.trim_chiller, 40e3);
  EXPECT_LT(b.trim_chiller, 1e3);
  EXPECT_LT(b.chillers, a.chillers);
  EXPECT_GT(b.dry_coolers - a.dry_coolers, 3e3);
  EXPECT_LT(b.dry_coolers - a.dry_coolers, 7e3);
  EXPECT_LT(b.pue, a.pue);
  EXPECT_GT(a.pue - b.pue, 0.03);
  EXPECT_LT(a.pue - b.pue, 0.05);
}

// Dry bulb 27 -> 30 degC: the air-cooled chilled-water chiller's EIRFT rises from 0.84 to 0.90
// (x 1.0714, duty unchanged); the dry coolers leave at 35 degC and the trim chiller, at 83 % of its
// 400 kW already at 27 degC, reaches its capacity: 400 kW / COP 7 = 57.14 kW (+9.9 kW). The dry
// coolers' fans fall with their duty (1.5 % of the 70 kW the trim chiller takes over: about 1 kW), by
// less than the chillers rise: the cooling power rises by about 11 kW, the PUE by 0.008-0.015.
TEST(Directions, WarmerDayRaisesChillerPowerAndPue) {
  const json j = pod_json();
  const Figures a = solve(j, "dry bulb 27 C");
  json w = j;
  w["liquid"]["ambient"]["dry_bulb"] = "30 degC";
  const Figures b = solve(w, "dry bulb 30 C");
  EXPECT_GT(b.chw_chiller, a.chw_chiller);
  EXPECT_NEAR(b.chw_chiller / a.chw_chiller, 0.90 / 0.84, 3e-3);
  EXPECT_FALSE(a.trim_at_capacity);
  EXPECT_TRUE(b.trim_at_capacity);
  EXPECT_GT(b.trim_chiller, a.trim_chiller);
  EXPECT_NEAR(b.trim_chiller, 400e3 / 7.0, 1e-6 * 400e3 / 7.0);
  EXPECT_GT(b.chillers + b.dry_coolers, a.chillers + a.dry_coolers);
  EXPECT_GT(b.pue, a.pue);
  EXPECT_GT(b.pue - a.pue, 0.008);
  EXPECT_LT(b.pue - a.pue, 0.015);
}

// IRC-1a (the most loaded cooler, about 41 kW) fails: the three others carry the hall's air heat
// (158 kW: 120 kW racks' air share + 38 kW of PDU and PSU losses), each more than before, together
// the failed cooler's duty more (within 2 % of the air heat), none at its capacity (3 x 60 kW >
// 158 kW). The three coolers move 6 m3/s against the racks' 7.1 m3/s (supply/demand 0.84): hot-aisle
// air recirculates into the cold aisle at the failed cooler's row and the hottest rack inlet rises by
// 5-15 K (measured 10.0 K, at rack-3 in the failed cooler's row).
TEST(Directions, FailedCoolerRaisesTheOthersDutiesAndTheHottestInlet) {
  const json j = pod_json();
  const Figures a = solve(j, "all coolers");
  json w = j;
  w["coolers"][0]["failed"] = true;
  ASSERT_EQ(w["coolers"][0]["name"], "IRC-1a");
  const Figures b = solve(w, "IRC-1a failed");
  ASSERT_EQ(a.hall.coolers.size(), 4u);
  ASSERT_EQ(b.hall.coolers.size(), 4u);
  const double lost = a.hall.coolers[0].load;
  EXPECT_GT(lost, 35e3);
  EXPECT_NEAR(b.hall.coolers[0].load, 0.0, 1.0);
  double gained = 0;
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_GT(b.hall.coolers[i].load, a.hall.coolers[i].load) << b.hall.coolers[i].name;
    EXPECT_FALSE(b.hall.coolers[i].at_capacity) << b.hall.coolers[i].name;
    gained += b.hall.coolers[i].load - a.hall.coolers[i].load;
  }
  EXPECT_NEAR(gained, lost, 0.02 * a.air_heat);
  EXPECT_GT(b.hottest_inlet, a.hottest_inlet);
  EXPECT_GT(b.hottest_inlet - a.hottest_inlet, 5.0);
  EXPECT_LT(b.hottest_inlet - a.hottest_inlet, 15.0);
}
