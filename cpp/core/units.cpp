// SPDX-License-Identifier: Apache-2.0
#include "factwin/core/units.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <utility>
#include <vector>

namespace factwin::units {
namespace {

struct UnitDef {
  const char* name;
  double scale;   // SI = value * scale + offset
  double offset;
};

const std::vector<UnitDef>& table(Dimension d) {
  static const std::vector<UnitDef> none{};
  static const std::vector<UnitDef> dimensionless{{"", 1, 0}, {"%", 0.01, 0}};
  static const std::vector<UnitDef> length{{"m", 1, 0}, {"cm", 1e-2, 0}, {"mm", 1e-3, 0},
                                           {"ft", 0.3048, 0}, {"in", 0.0254, 0}};
  static const std::vector<UnitDef> area{{"m2", 1, 0}, {"m^2", 1, 0}, {"cm2", 1e-4, 0},
                                         {"ft2", 0.09290304, 0}, {"ft^2", 0.09290304, 0}};
  static const std::vector<UnitDef> temperature{
      {"K", 1, 0},          {"C", 1, celsius_offset},   {"degC", 1, celsius_offset},
      {"\xC2\xB0" "C", 1, celsius_offset},           {"F", 1 / 1.8, celsius_offset - 32 / 1.8},
      {"degF", 1 / 1.8, celsius_offset - 32 / 1.8},
      {"\xC2\xB0" "F", 1 / 1.8, celsius_offset - 32 / 1.8}};
  static const std::vector<UnitDef> temperature_difference{
      {"K", 1, 0}, {"C", 1, 0}, {"degC", 1, 0}, {"\xC2\xB0" "C", 1, 0},
      {"F", 1 / 1.8, 0}, {"degF", 1 / 1.8, 0}};
  static const std::vector<UnitDef> power{{"W", 1, 0}, {"kW", 1e3, 0}, {"MW", 1e6, 0},
                                          {"BTU/h", 0.29307107, 0}, {"Btu/h", 0.29307107, 0}};
  static const std::vector<UnitDef> volume_flow{
      {"m3/s", 1, 0},          {"m^3/s", 1, 0},          {"m3/h", 1 / 3600.0, 0},
      {"m^3/h", 1 / 3600.0, 0}, {"L/s", 1e-3, 0},         {"l/s", 1e-3, 0},
      {"L/min", 1e-3 / 60, 0}, {"l/min", 1e-3 / 60, 0},  {"CFM", 0.028316846592 / 60, 0},
      {"cfm", 0.028316846592 / 60, 0}, {"GPM", 3.785411784e-3 / 60, 0},
      {"gpm", 3.785411784e-3 / 60, 0}};
  static const std::vector<UnitDef> velocity{{"m/s", 1, 0}, {"ft/min", 0.00508, 0},
                                             {"fpm", 0.00508, 0}, {"km/h", 1 / 3.6, 0}};
  static const std::vector<UnitDef> pressure{{"Pa", 1, 0},        {"kPa", 1e3, 0},
                                             {"bar", 1e5, 0},     {"psi", 6894.757293, 0},
                                             {"inH2O", 249.08891, 0}, {"mmH2O", 9.80665, 0}};
  static const std::vector<UnitDef> heat_flux{{"W/m2", 1, 0}, {"W/m^2", 1, 0},
                                              {"kW/m2", 1e3, 0}, {"kW/m^2", 1e3, 0}};
  static const std::vector<UnitDef> time{{"s", 1, 0}, {"ms", 1e-3, 0}, {"min", 60, 0},
                                         {"h", 3600, 0}};
  static const std::vector<UnitDef> density{{"kg/m3", 1, 0}, {"kg/m^3", 1, 0}};
  static const std::vector<UnitDef> viscosity{{"Pa*s", 1, 0}, {"Pa s", 1, 0}, {"Pa.s", 1, 0},
                                              {"mPa*s", 1e-3, 0}, {"cP", 1e-3, 0}};
  static const std::vector<UnitDef> specific_heat{{"J/(kg*K)", 1, 0}, {"J/kg/K", 1, 0},
                                                  {"J/(kg K)", 1, 0}, {"kJ/(kg*K)", 1e3, 0},
                                                  {"kJ/kg/K", 1e3, 0}};
  static const std::vector<UnitDef> conductivity{{"W/(m*K)", 1, 0}, {"W/m/K", 1, 0},
                                                 {"W/(m K)", 1, 0}};
  static const std::vector<UnitDef> expansion{{"1/K", 1, 0}};
  static const std::vector<UnitDef> acceleration{{"m/s2", 1, 0}, {"m/s^2", 1, 0}};
  static const std::vector<UnitDef> bytes{{"B", 1, 0},          {"kB", 1e3, 0},
                                          {"MB", 1e6, 0},       {"GB", 1e9, 0},
                                          {"TB", 1e12, 0},      {"KiB", 1024.0, 0},
                                          {"MiB", 1048576.0, 0}, {"GiB", 1073741824.0, 0}};
  static const std::vector<UnitDef> voltage{{"V", 1, 0}, {"kV", 1e3, 0}};
  static const std::vector<UnitDef> current{{"A", 1, 0}, {"kA", 1e3, 0}};
  static const std::vector<UnitDef> apparent_power{{"VA", 1, 0}, {"kVA", 1e3, 0}, {"MVA", 1e6, 0}};
  static const std::vector<UnitDef> impedance{{"ohm", 1, 0}, {"mohm", 1e-3, 0}};
  static const std::vector<UnitDef> impedance_per_length{
      {"ohm/m", 1, 0}, {"ohm/km", 1e-3, 0}, {"mohm/m", 1e-3, 0}, {"ohm/kft", 1 / 304.8, 0}};
  static const std::vector<UnitDef> energy{{"J", 1, 0},      {"kJ", 1e3, 0},   {"MJ", 1e6, 0},
                                           {"Wh", 3600, 0},  {"kWh", 3.6e6, 0}, {"MWh", 3.6e9, 0}};
  switch (d) {
    case Dimension::voltage: return voltage;
    case Dimension::current: return current;
    case Dimension::apparent_power: return apparent_power;
    case Dimension::impedance: return impedance;
    case Dimension::impedance_per_length: return impedance_per_length;
    case Dimension::energy: return energy;
    case Dimension::dimensionless: return dimensionless;
    case Dimension::length: return length;
    case Dimension::area: return area;
    case Dimension::temperature: return temperature;
    case Dimension::temperature_difference: return temperature_difference;
    case Dimension::power: return power;
    case Dimension::volume_flow: return volume_flow;
    case Dimension::velocity: return velocity;
    case Dimension::pressure: return pressure;
    case Dimension::heat_flux: return heat_flux;
    case Dimension::time: return time;
    case Dimension::density: return density;
    case Dimension::dynamic_viscosity: return viscosity;
    case Dimension::specific_heat: return specific_heat;
    case Dimension::conductivity: return conductivity;
    case Dimension::expansion: return expansion;
    case Dimension::acceleration: return acceleration;
    case Dimension::bytes: return bytes;
  }
  return none;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string describe(Dimension d) {
  switch (d) {
    case Dimension::dimensionless: return "a dimensionless number";
    case Dimension::length: return "a length [m]";
    case Dimension::area: return "an area [m^2]";
    case Dimension::temperature: return "a temperature [K]";
    case Dimension::temperature_difference: return "a temperature difference [K]";
    case Dimension::power: return "a power [W]";
    case Dimension::volume_flow: return "a volume flow [m^3/s]";
    case Dimension::velocity: return "a velocity [m/s]";
    case Dimension::pressure: return "a pressure [Pa]";
    case Dimension::heat_flux: return "a heat flux [W/m^2]";
    case Dimension::time: return "a time [s]";
    case Dimension::density: return "a density [kg/m^3]";
    case Dimension::dynamic_viscosity: return "a dynamic viscosity [Pa*s]";
    case Dimension::specific_heat: return "a specific heat [J/(kg*K)]";
    case Dimension::conductivity: return "a thermal conductivity [W/(m*K)]";
    case Dimension::expansion: return "an expansion coefficient [1/K]";
    case Dimension::acceleration: return "an acceleration [m/s^2]";
    case Dimension::bytes: return "a memory size [B]";
    case Dimension::voltage: return "a voltage [V]";
    case Dimension::current: return "a current [A]";
    case Dimension::apparent_power: return "an apparent power [VA]";
    case Dimension::impedance: return "an impedance [ohm]";
    case Dimension::impedance_per_length: return "an impedance per length [ohm/m]";
    case Dimension::energy: return "an energy [J]";
  }
  return "a quantity";
}

std::string accepted_units(Dimension d) {
  std::string s;
  for (const auto& u : table(d)) {
    if (u.name[0] == '\0') continue;
    if (!s.empty()) s += ", ";
    s += u.name;
  }
  return s;
}

std::optional<double> to_si(double value, std::string_view unit, Dimension d) {
  for (const auto& u : table(d))
    if (unit == u.name) return value * u.scale + u.offset;
  return std::nullopt;
}

std::optional<double> parse_quantity(std::string_view text, Dimension d, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<double> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  std::string_view s = trim(text);
  if (s.empty()) return fail("empty quantity");
  std::string buf(s);
  const char* begin = buf.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin) return fail("does not start with a number");
  if (!std::isfinite(v)) return fail("number is not finite");
  // strtod accepts "inf"/"nan" and hex; only plain decimal numbers are allowed.
  for (const char* p = begin; p < end; ++p)
    if (!(std::isdigit(static_cast<unsigned char>(*p)) || *p == '.' || *p == '-' || *p == '+' ||
          *p == 'e' || *p == 'E'))
      return fail("not a plain decimal number");
  std::string_view unit = trim(std::string_view(end));
  auto si = to_si(v, unit, d);
  if (!si) {
    if (unit.empty()) return fail("has no unit");
    return fail("unit '" + std::string(unit) + "' is not one of the units of " + describe(d));
  }
  if (!std::isfinite(*si)) return fail("value out of range");
  return si;
}

std::string format_gib(double bytes) {
  std::ostringstream os;
  os.precision(3);
  os << bytes / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return os.str();
}

}  // namespace factwin::units
