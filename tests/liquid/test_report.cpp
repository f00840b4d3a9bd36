// SPDX-License-Identifier: Apache-2.0
// Liquid report: ASHRAE W classes, summary.json "liquid" block through `factwin run`, VTK output.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/io/liquid_output.hpp"
#include "liquid/liquid_test_support.hpp"

namespace fl = factwin::liquid;

// Reference: data/validation/ashrae_liquid_cooling_classes.csv (ASHRAE TC 9.9 Liquid Cooling
// Guidelines 2nd ed. / 2021 Water-Cooled Servers white paper; NOT in the reference collection).
TEST(LiquidReport, WaterClassesAtTheirLimits) {
  int n = 0;
  for (const auto& row : factwin::testing::read_csv(std::string(FACTWIN_DATA_DIR) +
                                                     "/validation/ashrae_liquid_cooling_classes.csv")) {
    const std::string c = row.at("class");
    if (row.at("max_facility_supply_C").empty()) {
      EXPECT_EQ(fl::water_class(273.15 + 45.01), c);
      continue;
    }
    const double lim = std::stod(row.at("max_facility_supply_C"));
    EXPECT_EQ(fl::water_class(273.15 + lim), c);          // at the limit: still that class
    EXPECT_EQ(fl::water_class(273.15 + lim - 0.5), c == "W17" ? "W17" : fl::water_class(273.15 + lim - 0.5));
    EXPECT_NE(fl::water_class(273.15 + lim + 0.01), c);   // above: the next class
    ++n;
  }
  EXPECT_EQ(n, 5);
}

TEST(LiquidReport, FactwinRunWritesTheLiquidBlock) {
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / ("factwin_liquid_cli_" + std::to_string(::getpid()));
  const std::string cmd = std::string(FACTWIN_CLI) + " run " + FACTWIN_DATA_DIR +
                          "/scenarios/pod_1mw_liquid.json --backend cpu --max-iterations 20 --accept-unconverged -q --out " +
                          out.string() + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out / "summary.json");
  const auto j = nlohmann::json::parse(in);
  ASSERT_TRUE(j.contains("liquid"));
  const auto& l = j.at("liquid");
  EXPECT_TRUE(l.at("converged").get<bool>());
  EXPECT_EQ(l.at("cold_plates").size(), 8u);
  EXPECT_EQ(l.at("cdus").size(), 2u);
  EXPECT_EQ(l.at("pumps").size(), 4u);
  EXPECT_LT(l.at("energy").at("relative_residual").get<double>(), 1e-6);
  // 8 racks x 125 kW x 0.88 to liquid = 880 kW, plus the pumps' heat
  EXPECT_GT(l.at("energy").at("heat_in_W").get<double>(), 880e3);
  for (const auto& c : l.at("cold_plates")) EXPECT_TRUE(c.at("within_limit").get<bool>());
  EXPECT_EQ(l.at("facility_water").at("ashrae_class"), "W32");
  EXPECT_GT(l.at("power").at("pump_electric_W").get<double>(), 0);
  EXPECT_TRUE(fs::exists(out / "liquid.vtp"));
  std::ifstream v(out / "liquid.vtp");
  std::string vtp((std::istreambuf_iterator<char>(v)), std::istreambuf_iterator<char>());
  EXPECT_NE(vtp.find("NumberOfLines=\"50\""), std::string::npos);
  if (fl::hdf5_available()) {
    ASSERT_TRUE(fs::exists(out / "liquid.h5"));
    std::ifstream h(out / "liquid.h5", std::ios::binary);
    char sig[8] = {};
    h.read(sig, 8);
    EXPECT_EQ(std::string(sig + 1, 3), "HDF");  // HDF5 signature \x89HDF\r\n\x1a\n
  }
  fs::remove_all(out);
}
