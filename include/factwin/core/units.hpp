// SPDX-License-Identifier: Apache-2.0
// Unit conversions into SI. Everything inside factwin is SI (K, Pa, W, m^3/s, m, s); other units
// are accepted at input only (scenario files through io/, C++ users through these helpers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace factwin::units {

inline constexpr double celsius_offset = 273.15;  ///< K at 0 degC

[[nodiscard]] constexpr double from_celsius(double c) { return c + celsius_offset; }         ///< [K]
[[nodiscard]] constexpr double to_celsius(double k) { return k - celsius_offset; }           ///< [degC]
[[nodiscard]] constexpr double from_fahrenheit(double f) { return (f - 32.0) / 1.8 + celsius_offset; }
[[nodiscard]] constexpr double from_kw(double kw) { return kw * 1e3; }                       ///< [W]
[[nodiscard]] constexpr double from_cfm(double cfm) { return cfm * 0.028316846592 / 60.0; }  ///< [m^3/s]
[[nodiscard]] constexpr double from_m3_per_h(double q) { return q / 3600.0; }                ///< [m^3/s]
[[nodiscard]] constexpr double from_l_per_min(double q) { return q * 1e-3 / 60.0; }          ///< [m^3/s]
[[nodiscard]] constexpr double to_cfm(double m3s) { return m3s * 60.0 / 0.028316846592; }

/// Physical dimension of an input quantity; decides which unit names are accepted.
enum class Dimension {
  dimensionless,
  length,               ///< m
  area,                 ///< m^2
  temperature,          ///< K (absolute)
  temperature_difference,  ///< K
  power,                ///< W
  volume_flow,          ///< m^3/s
  velocity,             ///< m/s
  pressure,             ///< Pa
  heat_flux,            ///< W/m^2
  time,                 ///< s
  density,              ///< kg/m^3
  dynamic_viscosity,    ///< Pa s
  specific_heat,        ///< J/(kg K)
  conductivity,         ///< W/(m K)
  expansion,            ///< 1/K
  acceleration,         ///< m/s^2
  bytes,                ///< B
  voltage,              ///< V
  current,              ///< A
  apparent_power,       ///< VA
  impedance,            ///< ohm
  impedance_per_length, ///< ohm/m
  energy,               ///< J
};

/// Human-readable name of a dimension with its SI unit, e.g. "power [W]".
[[nodiscard]] std::string describe(Dimension d);

/// The unit names accepted for a dimension, e.g. "W, kW, MW, BTU/h".
[[nodiscard]] std::string accepted_units(Dimension d);

/// Converts `value` given in `unit` into SI for dimension `d`; std::nullopt if the unit is not one
/// of accepted_units(d). Temperatures in degC/degF are absolute (offset applied).
[[nodiscard]] std::optional<double> to_si(double value, std::string_view unit, Dimension d);

/// Parses "22 degC", "12kW", "1200 CFM" or "-3.5e2 Pa" into SI. Returns std::nullopt with a reason in
/// `why` when the text is not a number followed by an accepted unit.
[[nodiscard]] std::optional<double> parse_quantity(std::string_view text, Dimension d, std::string* why);

/// `bytes` as "<x> GiB" with 3 significant digits, for memory messages.
[[nodiscard]] std::string format_gib(double bytes);

}  // namespace factwin::units
