// SPDX-License-Identifier: Apache-2.0
// Internals of the electrical module shared by its .cpp files (not installed).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "factwin/core/error.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical::detail {

struct SolveDetail {
  PowerFlowResult result;
  std::vector<bool> bus_ups_backed;  ///< per bus: fed through a UPS
};

[[nodiscard]] SolveDetail solve_detailed(const PowerNetwork& net, const PowerFlowOptions& opt);

/// Maps a JSON pointer into the scenario ("/power/branches/3/rating") to a location.
using Locator = std::function<InputLocation(const std::string& pointer)>;

/// validate() with located errors; pointers are "/power/<list>/<index>[/<key>]".
void validate(const PowerNetwork& net, const Locator& locate);

}  // namespace factwin::electrical::detail
