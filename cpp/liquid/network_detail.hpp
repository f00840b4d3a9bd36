// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the liquid solver's files: gravity, message numbers, circuits, viscosity.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "factwin/liquid/network.hpp"

namespace factwin::liquid::detail {

inline constexpr double kGravity = 9.80665;  ///< [m/s^2]

/// A number for a message, `prec` significant digits.
inline std::string fmt(double v, int prec = 6) {
  std::ostringstream os;
  os.precision(prec);
  os << v;
  return os.str();
}

/// Circuit (hydraulically connected part, through open or closed links) of every node.
std::vector<int> circuits(const Network& net, int* count);

/// Kinematic viscosity [m^2/s] at T [K]: coolant_properties(c, T).dynamic_viscosity / .density,
/// the same numbers, without the properties the hydraulics do not need.
[[nodiscard]] double kinematic_viscosity(CoolantKind c, double T);

}  // namespace factwin::liquid::detail
