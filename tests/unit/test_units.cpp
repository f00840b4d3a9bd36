// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "factwin/core/units.hpp"

using factwin::units::Dimension;
using factwin::units::parse_quantity;

TEST(Units, TemperaturesConvertToKelvin) {
  EXPECT_DOUBLE_EQ(*parse_quantity("22 degC", Dimension::temperature, nullptr), 295.15);
  EXPECT_DOUBLE_EQ(*parse_quantity("22C", Dimension::temperature, nullptr), 295.15);
  EXPECT_DOUBLE_EQ(*parse_quantity("300 K", Dimension::temperature, nullptr), 300.0);
  EXPECT_NEAR(*parse_quantity("212 degF", Dimension::temperature, nullptr), 373.15, 1e-12);
  EXPECT_NEAR(*parse_quantity("5 degC", Dimension::temperature_difference, nullptr), 5.0, 1e-15);
}

TEST(Units, PowerFlowPressure) {
  EXPECT_DOUBLE_EQ(*parse_quantity("12 kW", Dimension::power, nullptr), 12000.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1.5MW", Dimension::power, nullptr), 1.5e6);
  // 1 CFM = 0.028316846592 m^3 / 60 s (exact by definition of the foot)
  EXPECT_NEAR(*parse_quantity("1000 CFM", Dimension::volume_flow, nullptr), 0.4719474432, 1e-12);
  EXPECT_DOUBLE_EQ(*parse_quantity("3600 m3/h", Dimension::volume_flow, nullptr), 1.0);
  EXPECT_NEAR(*parse_quantity("60 L/min", Dimension::volume_flow, nullptr), 1e-3, 1e-15);
  EXPECT_DOUBLE_EQ(*parse_quantity("1 kPa", Dimension::pressure, nullptr), 1000.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("2 GiB", Dimension::bytes, nullptr), 2147483648.0);
}

TEST(Units, RejectsWrongOrMissingUnit) {
  std::string why;
  EXPECT_FALSE(parse_quantity("12 parsecs", Dimension::power, &why));
  EXPECT_NE(why.find("parsecs"), std::string::npos);
  EXPECT_FALSE(parse_quantity("12", Dimension::power, &why));
  EXPECT_NE(why.find("no unit"), std::string::npos);
  EXPECT_FALSE(parse_quantity("kW", Dimension::power, &why));
  EXPECT_FALSE(parse_quantity("nan W", Dimension::power, &why));
  EXPECT_FALSE(parse_quantity("inf W", Dimension::power, &why));
  EXPECT_FALSE(parse_quantity("0x10 W", Dimension::power, &why));
  EXPECT_FALSE(parse_quantity("12 kW", Dimension::temperature, &why));
  EXPECT_FALSE(parse_quantity("", Dimension::length, &why));
}

TEST(Units, HelpersAgreeWithParser) {
  using namespace factwin::units;
  EXPECT_DOUBLE_EQ(from_celsius(18.0), *parse_quantity("18 degC", Dimension::temperature, nullptr));
  EXPECT_DOUBLE_EQ(from_cfm(4000.0), *parse_quantity("4000 CFM", Dimension::volume_flow, nullptr));
  EXPECT_NEAR(to_cfm(from_cfm(1234.0)), 1234.0, 1e-9);
  EXPECT_DOUBLE_EQ(from_l_per_min(30.0), *parse_quantity("30 L/min", Dimension::volume_flow, nullptr));
}
