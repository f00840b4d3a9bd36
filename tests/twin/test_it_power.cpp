// SPDX-License-Identifier: Apache-2.0
// IT power from utilisation and the solved server inlet (docs/twin.md, "IT power"): the twin sets a
// rack's IT power from its utilisation and its solved server inlet temperature with the facility's
// server model (Eq. E-8), re-solves the air, and passes the power on to the rack's liquid share and
// its IT load. Checked on coupled_room.json with a server model, a utilisation and a cold-plate share.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/io/scenario_reader.hpp"
#include "factwin/twin/twin.hpp"
#include "twin/twin_test_support.hpp"
#include "twin/it_power.hpp"

namespace {

using nlohmann::json;

const std::string room_file = std::string(FACTWIN_DATA_DIR) + "/scenarios/coupled_room.json";

constexpr const char* file_name = "itload.json";  // what located errors must name
namespace support = factwin::testing::twin_support;
factwin::Facility parse(const json& j) { return support::parse(j, file_name); }
factwin::twin::RunSettings settings_of(const json& j) { return support::settings_of(j, file_name); }
using support::exchange;
void expect_located(const json& j, const std::string& code, const std::string& pointer) {
  support::expect_located(j, file_name, code, pointer);
}


// The server model of the test facility, and Eq. E-8 written out by hand (not server_power):
//   P(u, T) = P_idle + (P_peak - P_idle) u + P_fan max(1, 1 + a (T - T_fan))^3
//             + P_leak exp(beta (T + dT_idle + (dT_peak - dT_idle) u - T_ref))
constexpr double p_idle = 6e3, p_peak = 16e3, p_fan = 2e3, fan_ramp = 0.05, t_fan = 273.15 + 15.0;
constexpr double p_leak = 1e3, beta = 0.02, t_ref = 273.15 + 70.0, rise_idle = 20.0, rise_peak = 45.0;
constexpr double t_design = 273.15 + 20.0, u_rack = 0.8, p_design = 20e3;

double e8(double u, double t) {
  const double fan = std::max(1.0, 1.0 + fan_ramp * (t - t_fan));
  return p_idle + (p_peak - p_idle) * u + p_fan * fan * fan * fan +
         p_leak * std::exp(beta * (t + rise_idle + (rise_peak - rise_idle) * u - t_ref));
}
/// [W] the rack's IT power at server inlet t: racks[].power P(u, T) / P(1, T_design).
double hand_it_power(double t) { return p_design * e8(u_rack, t) / e8(1.0, t_design); }

/// coupled_room.json (one 20 kW rack, CRAH supply at 18 degC, chilled-water loop, power chain)
/// with, when `utilised`, the server model above and a utilisation of 0.8: racks[].power = 20 kW is
/// then the design power (u = 1 at the 20 degC design inlet). The rack's airflow follows from its
/// design power and delta_t (12 K) and stays fixed.
json room(bool utilised) {
  std::ifstream in(room_file);
  json j = json::parse(in);
  if (utilised) {
    j["racks"][0]["utilisation"] = u_rack;
    j["server"] = {{"idle_power", "6 kW"}, {"peak_power", "16 kW"}, {"fan_power", "2 kW"},
                   {"fan_ramp", "0.05 1/K"}, {"fan_threshold", "15 degC"}, {"leakage_power", "1 kW"},
                   {"leakage_beta", "0.02 1/K"}, {"leakage_t_ref", "70 degC"}, {"chip_rise_idle", "20 K"},
                   {"chip_rise_peak", "45 K"}, {"design_inlet", "20 degC"}};
  }
  return j;
}



double server_inlet(const factwin::twin::Solution& s) {
  for (const auto& d : s.air.devices)
    if (d.kind == "rack") return d.server_inlet_temperature;
  throw std::runtime_error("no rack");
}


}  // namespace

// The fixed point P = f(T_in(P)). f is the hand E-8 above; T_in(P), the rack's server inlet as a
// function of its power, is the room's (CRAH supply at 18 degC, rack exhaust recirculating into
// the intake, power-chain losses in the hall) and too complex for a hand energy balance, so it is
// taken from the solver's own sensitivity: the same facility solved by the twin with the rack at
// two fixed powers (17 and 18.5 kW, bracketing the fixed point; the same airflow), T_in linear
// between them. The independent fixed-point iteration of the hand model on that line must land on
// the twin's power. (Hand: at the 20 degC design inlet P = 20 kW x 18725 / 20811 = 17995 W; the room's inlet is
// about 19.5 degC, so the fixed point is near 17.77 kW.)
TEST(ItPower, RackPowerIsTheFixedPointOfTheServerModelOnTheSolvedInlet) {
  const json j = room(true);
  const factwin::twin::Solution s = factwin::twin::solve(parse(j), settings_of(j));
  ASSERT_TRUE(s.coupling.converged);
  ASSERT_TRUE(s.air.converged);
  const double p = s.air_scenario.racks[0].power, t_in = server_inlet(s);
  EXPECT_GT(t_in, t_fan + 2.0);  // the fan term is active
  EXPECT_EQ(exchange(s, "inlet:R1").value, t_in);
  EXPECT_EQ(exchange(s, "inlet:R1").tolerance, 0.05);
  EXPECT_EQ(exchange(s, "it_power:R1").tolerance, 20.0);  // 0.1 % of the 20 kW design power
  for (const auto& x : s.coupling.exchanges) EXPECT_LE(x.change, x.tolerance) << x.name;
  // P = f(T_in) at the solved inlet, within the power tolerance
  EXPECT_NEAR(p, hand_it_power(t_in), 20.0);
  // the power reaches the air, the rack's IT load (hence the PSU loss in the hall) and the coil
  EXPECT_NEAR(s.power->study.base.it_power, p, 1e-9 * p);
  EXPECT_NEAR(s.coupling.it_power, p, 1e-9 * p);
  EXPECT_NEAR(s.power->study.base.psu_loss, p / 0.95 - p, 1e-6 * p);
  for (const auto& d : s.air.devices)
    if (d.kind == "rack") {
      EXPECT_NEAR(d.duty, p, 1e-3 * p);
    }
  EXPECT_NEAR(exchange(s, "coil:CRAH-1").value, p + s.coupling.hall_loss_heat, 1e-3 * p);

  // T_in(P) from the solver at fixed powers
  const double airflow = parse(j).air.racks[0].airflow;  // [m3/s] of the 20 kW design
  auto inlet_at = [airflow](double power) {
    json f = room(false);
    f["racks"][0]["power"] = std::to_string(power) + " W";
    f["racks"][0].erase("delta_t");
    f["racks"][0]["airflow"] = airflow;
    const factwin::twin::Solution r = factwin::twin::solve(parse(f), settings_of(f));
    EXPECT_TRUE(r.coupling.converged && r.air.converged);
    return server_inlet(r);
  };
  const double p_a = 17e3, p_b = 18.5e3, t_a = inlet_at(p_a), t_b = inlet_at(p_b);
  EXPECT_GT(t_b, t_a);  // more power, warmer intake
  double ph = p_design;
  for (int k = 0; k < 200; ++k) ph = hand_it_power(t_a + (t_b - t_a) * (ph - p_a) / (p_b - p_a));
  EXPECT_GT(ph, p_a);
  EXPECT_LT(ph, p_b);
  // the air was last solved with a power within the power tolerance (20 W) of the fixed point
  // (8 W off); the power it gives at its solved inlet, f(T_in), is the fixed point to 0.3 W (3 W
  // allowed: T_in(P) is linear between the two solves to 0.002 K, 0.8 W of fan power)
  EXPECT_NEAR(p, ph, 20.0);
  EXPECT_NEAR(exchange(s, "it_power:R1").value, ph, 3.0);
  EXPECT_NEAR(t_in, t_a + (t_b - t_a) * (p - p_a) / (p_b - p_a), 0.01);
}

// A warmer supply raises the rack inlet and, above the fan threshold, the servers' fan power: the
// IT power and the facility's power rise with it. The PUE falls: the fan power is IT power in the
// PUE (The Green Grid), while the overheads grow more slowly than the IT power: the transformer's
// no-load loss (400 W) and the pumps (142 W) are fixed, the chiller follows the coil heat in
// proportion (chilled water at 12 degC either way) and the transformer's load loss is 2 % of it.
// PUE - 1 = (L_T + pump + chiller) / P_AC, so it falls as P_AC rises.
TEST(ItPower, RaisingTheCoolerSetpointRaisesInletItPowerAndFacilityPower) {
  json j = room(true);
  const factwin::twin::Solution cool = factwin::twin::solve(parse(j), settings_of(j));
  j["coolers"][0]["setpoint"] = "22 degC";
  const factwin::twin::Solution warm = factwin::twin::solve(parse(j), settings_of(j));
  ASSERT_TRUE(cool.coupling.converged && warm.coupling.converged);
  const double t_cool = server_inlet(cool), t_warm = server_inlet(warm);
  EXPECT_NEAR(t_warm - t_cool, 4.0, 0.5);
  const double p_cool = cool.air_scenario.racks[0].power, p_warm = warm.air_scenario.racks[0].power;
  // hand: dP/dT = 0.961 (3 P_fan a (1 + a dT)^2 + beta P_leak e^...) ~ 0.5 kW/K at 20 degC
  EXPECT_GT(p_warm, p_cool + 1500.0);
  EXPECT_NEAR(p_warm, hand_it_power(t_warm), 20.0);
  EXPECT_NEAR(p_cool, hand_it_power(t_cool), 20.0);
  const auto& bc = cool.power->study.base;
  const auto& bw = warm.power->study.base;
  EXPECT_GT(bw.it_power, bc.it_power);
  EXPECT_GT(bw.source_power, bc.source_power);
  EXPECT_LT(bw.source_power / bw.it_input_power, bc.source_power / bc.it_input_power);
}

TEST(ItPower, BadInputIsALocatedInputError) {
  const json base = room(true);
  json j = base;
  j.erase("server");  // a utilisation without a server model
  expect_located(j, "FW-E0714", "/racks/0/utilisation");
  j = base;
  j["racks"][0].erase("utilisation");  // a server model no rack uses
  expect_located(j, "FW-E0715", "/server");
  j = base;
  j["racks"][0]["utilisation"] = 1.5;
  expect_located(j, "FW-E0114", "/racks/0/utilisation");
  j = base;
  j["server"].erase("design_inlet");
  expect_located(j, "FW-E0111", "/server");
  j = base;
  j["server"]["inlet"] = "20 degC";
  expect_located(j, "FW-E0110", "/server/inlet");
  j = base;
  j["server"]["peak_power"] = "0 W";
  expect_located(j, "FW-E0703", "/server/peak_power");
  j = base;
  j["server"]["fan_power"] = "-600 W";  // a negative fan term would give negative IT power
  expect_located(j, "FW-E0703", "/server/fan_power");
  j = base;  // the rack's IT load gives its own power instead of naming the rack: the chain would keep it
  for (auto& l : j["power"]["loads"])
    if (l.contains("rack")) {
      l.erase("rack");
      l["power"] = "20 kW";
    }
  expect_located(j, "FW-E0717", "/racks/0/utilisation");
}

// Built in C++, the facility is checked by the twin (pointer, no line).
TEST(ItPower, FacilityBuiltInCodeIsChecked) {
  factwin::Facility f = parse(room(true));
  f.server.reset();
  try {
    (void)factwin::twin::solve(f, settings_of(room(true)));
    ADD_FAILURE() << "expected FW-E0714";
  } catch (const factwin::InputError& e) {
    EXPECT_EQ(e.code(), "FW-E0714") << e.what();
    EXPECT_EQ(e.where().pointer, "/racks/0/utilisation");
  }
  f = parse(room(true));
  f.air.racks[0].utilisation = -1.0;
  try {
    (void)factwin::twin::solve(f, settings_of(room(true)));
    ADD_FAILURE() << "expected FW-E0715";
  } catch (const factwin::InputError& e) {
    EXPECT_EQ(e.code(), "FW-E0715") << e.what();
    EXPECT_EQ(e.where().pointer, "/server");
  }
}

// The server section and the utilisation survive to_json(Case) and back.
TEST(ItPower, RoundTrip) {
  const factwin::Case c = factwin::io::parse_case(room(true).dump(2), "itload.json");
  const factwin::Case r = factwin::io::parse_case(factwin::io::to_json(c), "round.json");
  ASSERT_TRUE(r.facility.server);
  EXPECT_EQ(r.facility.air.racks[0].utilisation, u_rack);
  EXPECT_EQ(r.facility.server->design_inlet, t_design);
  EXPECT_EQ(r.facility.server->power.fan_threshold, c.facility.server->power.fan_threshold);
  EXPECT_EQ(r.facility.server->power.leakage_beta, beta);
  EXPECT_EQ(r.facility.server->power.peak_power, p_peak);
}

// The new IT power reaches the rack's liquid share: a heat_source naming the rack takes its
// liquid_fraction of it, and so does the rack's IT load (detail::set_rack_power, the twin's step).
TEST(ItPower, RackPowerReachesItsLiquidShareAndItsLoad) {
  json j = room(true);
  j["racks"][0]["liquid_fraction"] = 0.1;
  j["liquid"]["nodes"].push_back({{"name", "plates_out"}});
  j["liquid"]["links"][1]["to"] = "plates_out";
  j["liquid"]["links"].push_back({{"name", "plates"}, {"type", "heat_source"}, {"from", "plates_out"},
                                  {"to", "coil_out"}, {"rack", "R1"}, {"liquid_fraction", 0.1},
                                  {"pressure_drop", {{"flow", "1 L/s"}, {"dp", "10 kPa"}}}});
  factwin::Facility f = parse(j);
  const int plates = f.liquid->link_index("plates");
  ASSERT_GE(plates, 0);
  EXPECT_EQ(f.liquid->links[static_cast<std::size_t>(plates)].heat, 2000.0);  // the design power's share
  factwin::twin::detail::set_rack_power(f.air, f.liquid, f.power, 0, 17500.0);
  EXPECT_EQ(f.air.racks[0].power, 17500.0);
  EXPECT_DOUBLE_EQ(f.liquid->links[static_cast<std::size_t>(plates)].heat, 1750.0);
  EXPECT_EQ(f.liquid->links[1].heat, 0.0);  // the coil is not the rack's
  EXPECT_EQ(f.power.loads[0].power, 17500.0);
  EXPECT_EQ(f.power.loads[1].power, 0.0);  // a plant load
}
