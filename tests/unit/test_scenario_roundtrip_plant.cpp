// SPDX-License-Identifier: Apache-2.0
// Round trip of the "liquid" and "power" scenario sections through io::to_json (STYLE.md section 7
// property parse(write(s)) == s): every scenario in data/scenarios with one of the sections is
// written, read back and written again (identical text), and the read-back networks give the
// same solutions as the originals (liquid: flows and temperatures bit for bit; power: bus voltages
// and the source power bit for bit).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "factwin/electrical/power_network.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "factwin/liquid/network.hpp"

namespace io = factwin::io;
namespace fl = factwin::liquid;
namespace fe = factwin::electrical;

TEST(ScenarioRoundTrip, LiquidAndPowerSectionsSurviveToJson) {
  namespace fs = std::filesystem;
  int liquid = 0, power = 0;
  for (const auto& f : fs::directory_iterator(std::string(FACTWIN_DATA_DIR) + "/scenarios")) {
    if (f.path().extension() != ".json") continue;
    SCOPED_TRACE(f.path().filename().string());
    const factwin::Facility a = io::load_facility(f.path().string());
    if (!a.liquid && a.power.empty()) continue;
    const std::string text = io::to_json(a);
    const factwin::Facility b = io::parse_facility(text, "roundtrip.json");
    EXPECT_EQ(io::to_json(b), text);
    if (a.liquid) {
      ++liquid;
      ASSERT_TRUE(b.liquid.has_value());
      ASSERT_EQ(a.liquid->links.size(), b.liquid->links.size());
      ASSERT_EQ(a.liquid->nodes.size(), b.liquid->nodes.size());
      EXPECT_EQ(a.liquid->cdus.size(), b.liquid->cdus.size());
      for (std::size_t l = 0; l < a.liquid->links.size(); ++l) {
        const fl::Link &x = a.liquid->links[l], &y = b.liquid->links[l];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.pump.curve_r, y.pump.curve_r);
        EXPECT_EQ(x.pump.shutoff_head, y.pump.shutoff_head);
        EXPECT_EQ(x.drop.quadratic, y.drop.quadratic);
        EXPECT_EQ(x.cold_plate.heat, y.cold_plate.heat) << x.name;
        EXPECT_EQ(x.cold_plate.rack, y.cold_plate.rack);
      }
      const fl::Result ra = fl::solve(*a.liquid), rb = fl::solve(*b.liquid);
      EXPECT_EQ(ra.flow, rb.flow);
      EXPECT_EQ(ra.temperature, rb.temperature);
    }
    if (!a.power.empty()) {
      ++power;
      ASSERT_EQ(a.power.buses.size(), b.power.buses.size());
      ASSERT_EQ(a.power.branches.size(), b.power.branches.size());
      EXPECT_EQ(a.power.loads.size(), b.power.loads.size());
      EXPECT_EQ(a.power.workload.size(), b.power.workload.size());
      const fe::PowerFlowResult pa = fe::solve_power_flow(a.power), pb = fe::solve_power_flow(b.power);
      EXPECT_EQ(pa.source_power, pb.source_power);
      for (std::size_t i = 0; i < pa.buses.size(); ++i) EXPECT_EQ(pa.buses[i].voltage, pb.buses[i].voltage);
    }
  }
  EXPECT_GE(liquid, 1);  // pod_1mw_liquid.json
  EXPECT_GE(power, 1);   // ai_hall_10mw.json and the data-hall examples
}
