// SPDX-License-Identifier: Apache-2.0
// The scenario's "liquid" section: every bad-input class is a located InputError.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/io/scenario_reader.hpp"
#include "factwin/liquid/network.hpp"
#include "test_support.hpp"

namespace fl = factwin::liquid;
using nlohmann::json;

namespace {

json base() {
  return json::parse(R"({
  "factwin": 1, "name": "t",
  "hall": {"extent": [4, 4, 3]},
  "grid": {"cells": [4, 4, 3]},
  "heat_sources": [{"name": "rack-1", "min": [1, 1, 0], "max": [2, 2, 2], "power": "100 kW"}],
  "liquid": {
    "nodes": [
      {"name": "tank", "type": "expansion_tank", "pressure": "1.5 bar", "temperature": "35 degC", "coolant": "water"},
      {"name": "a"},
      {"name": "b"}
    ],
    "links": [
      {"name": "pump", "type": "pump", "from": "tank", "to": "a",
       "curve": [{"flow": "0 L/min", "head": "30 m"}, {"flow": "200 L/min", "head": "20 m"}, {"flow": "400 L/min", "head": "0 m"}]},
      {"name": "plate", "type": "cold_plate", "from": "a", "to": "b", "rack": "rack-1", "liquid_fraction": 0.9,
       "thermal_resistance": "0.01 K/W", "rated_flow": "2 L/min", "count": 50,
       "pressure_drop": {"flow": "200 L/min", "dp": "100 kPa"}},
      {"name": "ret", "type": "pipe", "from": "b", "to": "tank", "length": "10 m", "diameter": "50 mm"},
      {"name": "cooler", "type": "dry_cooler", "from": "b", "to": "tank", "approach": "5 K", "pressure_drop": {"flow": "100 L/min", "dp": "10 kPa"}}
    ]
  }
})");
}

std::string text(const json& j) { return j.dump(2); }

void expect_error(const json& j, const std::string& code, const std::string& ptr) {
  const std::string msg = factwin::testing::expect_input_error(
      [&] { (void)factwin::io::parse_scenario(text(j), "pod.json"); }, code, ptr);
  EXPECT_NE(msg.find("pod.json:"), std::string::npos) << msg;  // file:line:col
}

}  // namespace

TEST(LiquidReader, BaseReadsAndSolves) {
  const auto s = factwin::io::parse_facility(text(base()), "pod.json");
  ASSERT_TRUE(s.liquid.has_value());
  EXPECT_EQ(s.liquid->links.size(), 4u);
  EXPECT_DOUBLE_EQ(s.liquid->links[1].cold_plate.heat, 90e3);  // 0.9 x 100 kW
  const fl::Result r = fl::solve(*s.liquid);
  EXPECT_TRUE(r.convergence.converged);
}

TEST(LiquidReader, UnknownComponentType) {
  json j = base();
  j["liquid"]["links"][2]["type"] = "pipee";
  expect_error(j, "FW-E0610", "/liquid/links/2/type");
}

TEST(LiquidReader, LinkToMissingNode) {
  json j = base();
  j["liquid"]["links"][2]["to"] = "nowhere";
  expect_error(j, "FW-E0600", "/liquid/links/2/to");
}

TEST(LiquidReader, DisconnectedPart) {
  json j = base();
  j["liquid"]["nodes"].push_back({{"name", "island1"}});
  j["liquid"]["nodes"].push_back({{"name", "island2"}});
  j["liquid"]["links"].push_back(
      {{"name", "p"}, {"type", "pipe"}, {"from", "island1"}, {"to", "island2"}, {"length", 1}, {"diameter", 0.05}});
  expect_error(j, "FW-E0602", "/liquid/nodes/3");
}

TEST(LiquidReader, ZeroDiameter) {
  json j = base();
  j["liquid"]["links"][2]["diameter"] = "0 mm";
  expect_error(j, "FW-E0601", "/liquid/links/2/diameter");
}

TEST(LiquidReader, UnknownKeyAndMissingUnit) {
  json j = base();
  j["liquid"]["links"][2]["diametr"] = 0.05;
  expect_error(j, "FW-E0110", "/liquid/links/2/diametr");
  json k = base();
  k["liquid"]["nodes"][0]["temperature"] = 35;
  expect_error(k, "FW-E0113", "/liquid/nodes/0/temperature");
}

TEST(LiquidReader, UnknownRack) {
  json j = base();
  j["liquid"]["links"][1]["rack"] = "rack-9";
  expect_error(j, "FW-E0621", "/liquid/links/1/rack");
}

/// The same loop cooling a scenario rack (90 % liquid) instead of a heat source.
json with_rack(double link_fraction) {
  json j = base();
  j.erase("heat_sources");
  j["racks"] = json::parse(R"([{"name": "rack-1", "min": [1, 1, 0], "max": [2, 2, 2], "front": "y_min",
                                 "power": "100 kW", "liquid_fraction": 0.9, "delta_t": "12 K"}])");
  if (link_fraction >= 0) j["liquid"]["links"][1]["liquid_fraction"] = link_fraction;
  else j["liquid"]["links"][1].erase("liquid_fraction");
  return j;
}

TEST(LiquidReader, RackSharesItsHeatOnceBetweenAirAndLiquid) {
  // without liquid_fraction on the link, the cold plate takes the rack's whole liquid share
  const auto s = factwin::io::parse_facility(text(with_rack(-1)), "pod.json");
  EXPECT_DOUBLE_EQ(s.liquid->links[1].cold_plate.heat, 90e3);
  // a link fraction other than the rack's would count heat twice or lose it (FW-E0624, docs/liquid.md)
  expect_error(with_rack(0.5), "FW-E0624", "/liquid/links/1/rack");
}

TEST(LiquidReader, CduMustNameHeatExchangers) {
  json j = base();
  j["liquid"]["cdus"] = json::array({{{"name", "c"}, {"hot", "ret"}, {"cold", "plate"}, {"ua", "10 kW/K"}}});
  expect_error(j, "FW-E0603", "/liquid/cdus/0");
  j["liquid"]["cdus"][0]["hot"] = "nothing";
  expect_error(j, "FW-E0623", "/liquid/cdus/0/hot");
}

TEST(LiquidReader, BadPumpCurve) {
  json j = base();
  j["liquid"]["links"][0]["curve"][2]["head"] = "25 m";  // head rises again
  expect_error(j, "FW-E0607", "/liquid/links/0/curve");
}

TEST(LiquidReader, DuplicateNameAndBadCoolant) {
  json j = base();
  j["liquid"]["nodes"][2]["name"] = "a";
  expect_error(j, "FW-E0605", "/liquid/nodes/2/name");
  json k = base();
  k["liquid"]["nodes"][0]["coolant"] = "ethylene_glycol";
  expect_error(k, "FW-E0115", "/liquid/nodes/0/coolant");
}

TEST(LiquidReader, TwoCoolantsInOneCircuit) {
  json j = base();
  j["liquid"]["nodes"].push_back({{"name", "tank2"}, {"type", "expansion_tank"}, {"pressure", "1 bar"},
                                  {"temperature", "30 degC"}, {"coolant", "propylene_glycol_30"}});
  j["liquid"]["links"].push_back(
      {{"name", "p2"}, {"type", "pipe"}, {"from", "b"}, {"to", "tank2"}, {"length", 1}, {"diameter", 0.05}});
  expect_error(j, "FW-E0604", "/liquid/nodes/3/coolant");
}

TEST(LiquidReader, EveryLocatedErrorHasALine) {
  json j = base();
  j["liquid"]["links"][2]["diameter"] = "0 mm";
  try {
    (void)factwin::io::parse_scenario(text(j), "pod.json");
    FAIL();
  } catch (const factwin::InputError& e) {
    EXPECT_GT(e.where().line, 1) << e.what();
  }
}
