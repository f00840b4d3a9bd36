// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "factwin/liquid/network.hpp"

namespace factwin::liquid::detail {

/// Circuit (hydraulically connected part, through open or closed links) of every node.
std::vector<int> circuits(const Network& net, int* count);

/// Kinematic viscosity [m^2/s] at T [K]: coolant_properties(c, T).dynamic_viscosity / .density,
/// the same numbers, without the properties the hydraulics do not need.
[[nodiscard]] double kinematic_viscosity(CoolantKind c, double T);

}  // namespace factwin::liquid::detail
