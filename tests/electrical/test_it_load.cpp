// SPDX-License-Identifier: Apache-2.0
// IT load: server power against utilisation, inlet and chip temperature (model forms of
// data/validation/it_power_chain_models.json), the EnergyPlus ITE curve check points, and a
// quasi-static training-workload transient through the 2N chain.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/core/units.hpp"
#include "factwin/electrical/it_load.hpp"
#include "networks.hpp"

namespace fe = factwin::electrical;
using factwin::units::from_celsius;

namespace {
fe::ServerPowerModel gpu_server() {
  fe::ServerPowerModel m;
  m.idle_power = 2000.0;
  m.peak_power = 9000.0;
  m.fan_power = 300.0;
  m.fan_ramp = 0.05;
  m.fan_threshold = from_celsius(25.0);
  m.leakage_power = 400.0;
  m.leakage_beta = 0.02;
  m.leakage_t_ref = from_celsius(70.0);
  m.chip_rise_idle = 20.0;
  m.chip_rise_peak = 45.0;
  return m;
}
}  // namespace

TEST(ItLoad, UtilisationIsLinearBetweenIdleAndPeak) {
  fe::ServerPowerModel m = gpu_server();
  m.fan_power = 0.0;
  m.leakage_power = 0.0;
  const double t = from_celsius(22.0);
  EXPECT_DOUBLE_EQ(fe::server_power(m, 0.0, t), 2000.0);
  EXPECT_DOUBLE_EQ(fe::server_power(m, 1.0, t), 9000.0);
  EXPECT_DOUBLE_EQ(fe::server_power(m, 0.3, t), 2000.0 + 0.3 * 7000.0);
  EXPECT_DOUBLE_EQ(fe::server_power(m, 1.7, t), 9000.0);  // clamped
}

// Fan affinity (P ~ N^3): flat below the threshold; at 1/a K above it the speed doubles, power x8.
TEST(ItLoad, FanPowerFollowsAffinityLawAboveThreshold) {
  fe::ServerPowerModel m = gpu_server();
  m.idle_power = m.peak_power = 0.0;
  m.leakage_power = 0.0;
  EXPECT_DOUBLE_EQ(fe::server_power(m, 0.5, from_celsius(18.0)), 300.0);
  EXPECT_DOUBLE_EQ(fe::server_power(m, 0.5, from_celsius(25.0)), 300.0);
  EXPECT_NEAR(fe::server_power(m, 0.5, from_celsius(25.0) + 1.0 / 0.05), 8.0 * 300.0, 1e-9);
}

// Leakage P(T) = P0 exp(beta (T - T0)) doubles every ln2 / beta kelvin (model-form test named in
// it_power_chain_models.json, item cpu_gpu_leakage_vs_temperature).
TEST(ItLoad, LeakageDoublesEveryLn2OverBetaKelvin) {
  fe::ServerPowerModel m = gpu_server();
  m.idle_power = m.peak_power = 0.0;
  m.fan_power = 0.0;
  m.chip_rise_idle = m.chip_rise_peak = 0.0;  // chip at inlet temperature
  const double t0 = m.leakage_t_ref;
  EXPECT_NEAR(fe::server_power(m, 0.0, t0), 400.0, 1e-9);
  EXPECT_NEAR(fe::server_power(m, 0.0, t0 + std::log(2.0) / 0.02), 800.0, 1e-9);
  // with a chip rise, utilisation heats the chip and leakage grows
  m.chip_rise_peak = 30.0;
  EXPECT_NEAR(fe::server_power(m, 1.0, t0), 400.0 * std::exp(0.02 * 30.0), 1e-9);
}

// EnergyPlus ITE example curves (it_power_chain_models.json, check_points_computed).
TEST(ItLoad, EnergyPlusItePowerCurveCheckPoints) {
  std::ifstream in(std::string(FACTWIN_DATA_DIR) + "/validation/it_power_chain_models.json");
  const auto j = nlohmann::json::parse(in);
  const auto& item = j["items"][0];
  const auto c = item["curves"]["CPU_power_fLoadTemp"]["coeffs_c1..c6"].get<std::array<double, 6>>();
  const auto ca = item["curves"]["airflow_fLoadTemp"]["coeffs_c1..c6"].get<std::array<double, 6>>();
  for (const auto& p : item["check_points_computed"]) {
    EXPECT_NEAR(fe::biquadratic(c, p["x"], p["T_in_C"]), p["f_CPU"].get<double>(), 5e-5);
    EXPECT_NEAR(fe::biquadratic(ca, p["x"], p["T_in_C"]), p["f_air"].get<double>(), 1e-12);
  }
}

TEST(ItLoad, TrainingWorkloadSwingsAndCheckpointDips) {
  // 4 s steps: 3 s compute at 100 %, 1 s all-reduce at 30 %; checkpoint every 60 s for 5 s at 10 %
  const auto w = fe::training_workload(120.0, 0.5, 4.0, 0.75, 0.3, 1.0, 60.0, 5.0, 0.1);
  ASSERT_EQ(w.size(), 241u);
  EXPECT_DOUBLE_EQ(w[0].utilisation, 1.0);
  EXPECT_DOUBLE_EQ(w[7].utilisation, 0.3);  // t = 3.5 s
  EXPECT_DOUBLE_EQ(w[8].utilisation, 1.0);  // t = 4 s
  EXPECT_DOUBLE_EQ(w[121].utilisation, 0.1);  // t = 60.5 s: checkpoint
  EXPECT_DOUBLE_EQ(w[130].utilisation, 1.0);  // t = 65 s: back to training
}

TEST(ItLoad, TransientThroughThe2NChain) {
  const auto net = fe::testnets::two_n(40, 25e3, 1.5e6);
  const auto m = gpu_server();
  const double t_in = from_celsius(24.0);
  const auto w = fe::training_workload(10.0, 0.5, 4.0, 0.75, 0.3, 1.0);
  const auto ts = fe::run_transient(net, m, w, t_in);
  ASSERT_EQ(ts.size(), w.size());
  const auto base = fe::solve_power_flow(net);
  const double low = fe::server_power(m, 0.3, t_in) / fe::server_power(m, 1.0, t_in);
  for (const auto& s : ts) {
    if (s.utilisation == 1.0) {
      EXPECT_NEAR(s.source_power, base.source_power, 1e-6);
    } else {
      EXPECT_NEAR(s.it_power, low * 40 * 25e3, 1e-6);
      EXPECT_LT(s.source_power, base.source_power);
    }
    EXPECT_GT(s.min_voltage_pu, 0.95);
  }
}
