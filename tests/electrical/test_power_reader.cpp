// SPDX-License-Identifier: Apache-2.0
// The "power" section of scenario files: the example reads and solves; bad input is a located
// InputError naming the component.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/electrical/power_network.hpp"
#include "factwin/io/power_output.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "test_support.hpp"

namespace fe = factwin::electrical;
using factwin::testing::expect_input_error;
using nlohmann::json;

namespace {

json base() {
  return json::parse(R"({
  "factwin": 1, "name": "feeder",
  "hall": {"extent": [4, 4, 3]}, "grid": {"cells": [4, 4, 3]},
  "power": {
    "topology": "radial",
    "buses": [{"name": "MV", "voltage": "13.8 kV"}, {"name": "LV", "voltage": "480 V"},
              {"name": "END", "voltage": "480 V", "room": "hall"}],
    "sources": [{"name": "U", "type": "utility", "bus": "MV", "rating": "2 MVA"}],
    "branches": [
      {"name": "T1", "type": "transformer", "from": "MV", "to": "LV", "rating": "1000 kVA",
       "no_load_loss": "1.5 kW", "load_loss": "9 kW", "impedance": "5.75 %"},
      {"name": "C1", "type": "cable", "from": "LV", "to": "END", "resistance": "0.1 ohm/km",
       "reactance": "0.08 ohm/km", "length": "50 m", "ampacity": "800 A"}],
    "loads": [{"name": "rack", "type": "it", "buses": ["END"], "power": "300 kW",
               "psu": {"rating": "400 kW", "efficiency": "80plus:230V_internal_redundant:Platinum"}}]
  }})");
}

std::string text(const json& j) { return j.dump(2); }

}  // namespace

TEST(PowerReader, ReadsUnitsAndSolves) {
  const auto s = factwin::io::parse_facility(text(base()), "feeder.json");
  ASSERT_EQ(s.power.buses.size(), 3u);
  EXPECT_DOUBLE_EQ(s.power.buses[0].nominal_voltage, 13800.0);
  EXPECT_DOUBLE_EQ(s.power.branches[0].rating, 1e6);
  EXPECT_DOUBLE_EQ(s.power.branches[0].impedance_pu, 0.0575);
  EXPECT_DOUBLE_EQ(s.power.branches[1].r_per_m, 1e-4);
  EXPECT_DOUBLE_EQ(s.power.loads[0].psu_rating, 400e3);
  const auto r = fe::solve_power_flow(s.power);
  // Platinum (230 V redundant) at 75 % load: between 0.94 (50 %) and 0.91 (100 %) -> 0.925
  EXPECT_NEAR(r.loads[0].p_ac, 300e3 / 0.925, 1e-6);
  EXPECT_LT(std::abs(r.balance_error()), 1e-12 * r.source_power);
}

TEST(PowerReader, ExampleHallReadsAndIsN1Secure) {
  const auto s = factwin::io::load_facility(std::string(FACTWIN_DATA_DIR) + "/scenarios/ai_hall_10mw.json");
  const auto study = fe::n_minus_1(s.power);
  EXPECT_NEAR(study.base.it_power, 10e6, 1e-3);
  EXPECT_LT(std::abs(study.base.balance_error()), 1e-12 * study.base.source_power);
  EXPECT_TRUE(study.secure());
  const auto dot = fe::one_line_dot(s.power, &study.base);
  EXPECT_NE(dot.find("\"bus:MV-A\" -> \"bus:TXHV-A1\""), std::string::npos);
  const auto js = json::parse(fe::electrical_summary_json(s.power, study));
  EXPECT_GT(js["pue"]["pue"].get<double>(), 1.0);
  EXPECT_EQ(js["n_minus_1"]["cases"].size(), study.cases.size());
}

TEST(PowerReader, WorkloadSeriesAndBadUtilisation) {
  json j = base();
  j["power"]["workload"] = json::parse(R"({"server": {"idle_power": "100 W", "peak_power": "1 kW"},
      "inlet_temperature": "24 degC",
      "series": [{"time": "0 s", "utilisation": 0.3}, {"time": "2 s", "utilisation": 1.0}]})");
  const auto s = factwin::io::parse_facility(text(j), "w.json");
  ASSERT_EQ(s.power.workload.size(), 2u);
  EXPECT_DOUBLE_EQ(s.power.workload[1].time, 2.0);
  EXPECT_NEAR(s.power.inlet_temperature, 297.15, 1e-12);
  j["power"]["workload"]["series"][1]["utilisation"] = 1.5;
  (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "w.json"); }, "FW-E0114",
                           "/power/workload/series/1/utilisation");
  j["power"]["workload"]["series"][1]["utilisation"] = 0.5;
  j["power"]["workload"]["series"][1]["time"] = "0 s";
  (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "w.json"); }, "FW-E0114",
                           "/power/workload/series/1/time");
}

TEST(PowerReader, BadInputIsLocatedAndNamesTheComponent) {
  {
    json j = base();
    j["power"]["branches"][0]["rating"] = "0 kVA";
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0703",
                                      "/power/branches/0/rating");
    EXPECT_NE(m.find("T1"), std::string::npos) << m;
    EXPECT_NE(m.find("f.json:"), std::string::npos) << m;
  }
  {
    json j = base();
    j["power"]["branches"][1]["type"] = "reactor";
    (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0115",
                             "/power/branches/1/type");
  }
  {
    json j = base();
    j["power"]["branches"][1]["to"] = "NOWHERE";
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0702",
                                      "/power/branches/1/to");
    EXPECT_NE(m.find("NOWHERE"), std::string::npos) << m;
  }
  {
    json j = base();
    j["power"]["buses"].push_back({{"name", "LONELY"}, {"voltage", "480 V"}});
    j["power"]["loads"][0]["buses"] = {"LONELY"};
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0704",
                                      "/power/loads/0");
    EXPECT_NE(m.find("rack"), std::string::npos) << m;
  }
  {
    json j = base();
    j["power"]["branches"].push_back({{"name", "LOOP"}, {"type", "breaker"}, {"from", "END"}, {"to", "LV"}, {"rating", "800 A"}});
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0705",
                                      "/power/branches/2");
    EXPECT_NE(m.find("LOOP"), std::string::npos) << m;
  }
  {
    json j = base();
    j["power"]["buses"][0]["voltage"] = "13.8 kW";
    (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0113",
                             "/power/buses/0/voltage");
  }
  {
    json j = base();
    j["power"]["loads"][0]["psu"]["efficiency"] = "80plus:230V_internal_redundant:Diamond";
    (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0115",
                             "/power/loads/0/psu/efficiency");
  }
  {
    json j = base();
    j["power"]["branches"][1]["ampacty"] = "800 A";
    (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(j), "f.json"); }, "FW-E0110",
                             "/power/branches/1/ampacty");
  }
}

TEST(PowerReader, CliRunWritesElectricalSummaryAndDot) {
  const auto out = std::filesystem::temp_directory_path() / "factwin_power_cli_test";
  std::filesystem::remove_all(out);
  const std::string cmd = std::string(FACTWIN_CLI) + " run " + FACTWIN_DATA_DIR + "/scenarios/ai_hall_10mw.json --max-iterations 50 --accept-unconverged -o " +
                          out.string() + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(out / "summary.json");
  const json s = json::parse(in);
  ASSERT_TRUE(s.contains("electrical"));
  EXPECT_EQ(s["electrical"]["balance"]["it_power_W"].get<double>(), 10e6);
  EXPECT_TRUE(s["electrical"]["n_minus_1"]["secure"].get<bool>());
  EXPECT_TRUE(std::filesystem::exists(out / "one_line.dot"));
  // the example's training workload: 241 samples swinging between ~30 % and 100 % of peak
  const auto& tr = s["electrical"]["transient"];
  EXPECT_EQ(tr["samples"].get<int>(), 241);
  EXPECT_GT(tr["source_power_swing_W"].get<double>(), 4e6);
  EXPECT_LE(tr["source_power_max_W"].get<double>(), s["electrical"]["balance"]["source_power_W"].get<double>() * (1 + 1e-12));
}

// Racks named once (issue 13): an IT load that names a rack takes the rack's power; a missing rack,
// a second power that disagrees, a rack fed twice or not at all are located errors.
TEST(PowerReader, RackLoadsTakeTheRacksPowerAndAreCrossChecked) {
  json j = base();
  j["racks"] = json::parse(R"([{"name": "R1", "min": [1, 1, 0], "max": [1.6, 2.2, 2], "front": "x_min",
                                "power": "300 kW", "delta_t": "12 K"}])");
  j["power"]["loads"][0].erase("power");
  j["power"]["loads"][0]["rack"] = "R1";
  {
    const auto f = factwin::io::parse_facility(text(j), "r.json");
    ASSERT_EQ(f.power.loads.size(), 1u);
    EXPECT_EQ(f.power.loads[0].rack, "R1");
    EXPECT_DOUBLE_EQ(f.power.loads[0].power, 300e3);
    // written back as the reference, read again to the same power
    const auto g = factwin::io::parse_facility(factwin::io::to_json(f), "again.json");
    EXPECT_EQ(g.power.loads[0].rack, "R1");
    EXPECT_DOUBLE_EQ(g.power.loads[0].power, 300e3);
  }
  {
    json k = j;  // the same power on both: accepted
    k["power"]["loads"][0]["power"] = "300 kW";
    EXPECT_DOUBLE_EQ(factwin::io::parse_facility(text(k), "r.json").power.loads[0].power, 300e3);
  }
  {
    json k = j;
    k["power"]["loads"][0]["rack"] = "R9";
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(k), "r.json"); }, "FW-E0708",
                                      "/power/loads/0/rack");
    EXPECT_NE(m.find("R9"), std::string::npos) << m;
    EXPECT_NE(m.find("r.json:"), std::string::npos) << m;
  }
  {
    json k = j;
    k["power"]["loads"][0]["power"] = "250 kW";
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(k), "r.json"); }, "FW-E0709",
                                      "/power/loads/0/power");
    EXPECT_NE(m.find("disagree"), std::string::npos) << m;
  }
  {
    json k = j;  // a second IT load on the same rack
    json second = k["power"]["loads"][0];
    second["name"] = "rack-b";
    k["power"]["loads"].push_back(second);
    (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(k), "r.json"); }, "FW-E0710",
                             "/power/loads/1/rack");
  }
  {
    json k = j;  // a second rack that no load feeds
    json r2 = k["racks"][0];
    r2["name"] = "R2";
    r2["min"] = json::array({2.5, 1, 0});
    r2["max"] = json::array({3.1, 2.2, 2});
    k["racks"].push_back(r2);
    const auto m = expect_input_error([&] { (void)factwin::io::parse_scenario(text(k), "r.json"); }, "FW-E0711",
                                      "/racks/1");
    EXPECT_NE(m.find("R2"), std::string::npos) << m;
  }
  {
    json k = j;  // mechanical loads carry no rack
    k["power"]["loads"][0]["type"] = "mechanical";
    k["power"]["loads"][0].erase("psu");
    (void)expect_input_error([&] { (void)factwin::io::parse_scenario(text(k), "r.json"); }, "FW-E0110",
                             "/power/loads/0/rack");
  }
}
