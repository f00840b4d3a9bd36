// SPDX-License-Identifier: Apache-2.0
// Metrics against the worked examples in data/validation/datacenter_metrics.json (definitions from
// Herrlin 2005/2008, Sharma, Bash & Patel 2002, The Green Grid WP #49) and the ASHRAE TC 9.9 table in
// data/validation/ashrae_tc99_thermal_classes.csv.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "factwin/core/units.hpp"
#include "factwin/metrics/thermal_metrics.hpp"

using namespace factwin;
using namespace factwin::metrics;
using units::from_celsius;

namespace {
std::vector<double> celsius(std::initializer_list<double> c) {
  std::vector<double> k;
  for (double x : c) k.push_back(from_celsius(x));
  return k;
}
}  // namespace

TEST(ThermalMetrics, RciWorkedExamples) {
  const AshraeClass a1 = ashrae_class("A1");
  // Herrlin RCI_HI example: intakes 22, 25, 28, 30, 33 degC -> 60 %.
  EXPECT_NEAR(rci_hi(celsius({22, 25, 28, 30, 33}), a1), 60.0, 1e-9);
  // RCI_LO example: 14, 17, 20, 22, 25 degC -> 66.666667 %.
  EXPECT_NEAR(rci_lo(celsius({14, 17, 20, 22, 25}), a1), 66.666667, 1e-6);
  EXPECT_NEAR(rci_hi(celsius({20, 21}), a1), 100.0, 1e-12);
  EXPECT_THROW((void)rci_hi({}, a1), std::invalid_argument);
}

TEST(ThermalMetrics, RtiShiRhiPueWorkedExamples) {
  EXPECT_NEAR(rti(from_celsius(30), from_celsius(18), 15.0), 80.0, 1e-9);
  EXPECT_NEAR(shi(celsius({18, 20}), celsius({30, 32}), from_celsius(15)), 0.25, 1e-12);
  EXPECT_NEAR(rhi(celsius({18, 20}), celsius({30, 32}), from_celsius(15)), 0.75, 1e-12);
  EXPECT_NEAR(pue(1500, 1000), 1.5, 1e-15);
  EXPECT_THROW((void)pue(1, 0), std::invalid_argument);
}

TEST(ThermalMetrics, SensibleHeatAirflow) {
  // 12 kW through 1000 CFM: IP shorthand Q[BTU/h] = 1.08 CFM dT[F] gives 37.9 F (calcspec example).
  // With sea-level air rho cp = 1.2 * 1006 J/(m^3 K) the SI relation gives the same within 1 %.
  const double dt = air_temperature_rise(12e3, units::from_cfm(1000), 1.2, 1006.0);
  EXPECT_NEAR(dt * 1.8, 37.9111, 0.01 * 37.9111);
}

TEST(ThermalMetrics, AshraeEnvelopesMatchTheReferenceTable) {
  std::ifstream in(std::string(FACTWIN_DATA_DIR) + "/validation/ashrae_tc99_thermal_classes.csv");
  ASSERT_TRUE(in) << "data/validation/ashrae_tc99_thermal_classes.csv missing";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("class,", 0) == 0) continue;
    std::stringstream ss(line);
    std::string cls, env, lo, hi;
    std::getline(ss, cls, ',');
    std::getline(ss, env, ',');
    std::getline(ss, lo, ',');
    std::getline(ss, hi, ',');
    if (env != "allowable" || cls.size() != 2 || cls[0] != 'A') continue;
    const AshraeClass c = ashrae_class(cls);
    EXPECT_DOUBLE_EQ(c.allowable_min, from_celsius(std::stod(lo))) << cls;
    EXPECT_DOUBLE_EQ(c.allowable_max, from_celsius(std::stod(hi))) << cls;
    EXPECT_DOUBLE_EQ(c.recommended_min, from_celsius(18));
    EXPECT_DOUBLE_EQ(c.recommended_max, from_celsius(27));
    ++checked;
  }
  EXPECT_EQ(checked, 4);
  EXPECT_EQ(classify(from_celsius(24), ashrae_class("A1")), Compliance::recommended);
  EXPECT_EQ(classify(from_celsius(30), ashrae_class("A1")), Compliance::allowable);
  EXPECT_EQ(classify(from_celsius(33), ashrae_class("A1")), Compliance::out_of_range);
  EXPECT_EQ(classify(from_celsius(24), ashrae_class("H1")), Compliance::allowable);
  EXPECT_THROW((void)ashrae_class("Z9"), std::invalid_argument);
}
