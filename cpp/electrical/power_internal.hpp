// SPDX-License-Identifier: Apache-2.0
// Internals of the electrical module shared by its .cpp files (not installed).
#pragma once

#include <cstddef>
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

/// n_minus_1 with the batch size chosen: `cases_per_batch` cases (the base counts as one) are set
/// up together and their radial islands swept in one launch per UPS level (0 = by memory, about
/// 2^18 buses + branches + loads of case state per batch). With `case_results`, the full power flow
/// of every contingency case (in study order) is kept there. \throws NotCompiled, DeviceError,
/// std::invalid_argument (backend), ConvergenceError.
[[nodiscard]] ContingencyStudy n_minus_1_batched(const PowerNetwork& net, const PowerFlowOptions& opt,
                                                 const std::string& backend, std::size_t cases_per_batch,
                                                 std::vector<PowerFlowResult>* case_results);

/// The reference N-1 evaluation: one solve_power_flow per modified copy of the network, case by
/// case (no batching); reports built by the same rules as n_minus_1. For tests.
[[nodiscard]] ContingencyStudy n_minus_1_reference(const PowerNetwork& net, const PowerFlowOptions& opt,
                                                   std::vector<PowerFlowResult>* case_results = nullptr);

/// Maps a JSON pointer into the scenario ("/power/branches/3/rating") to a location.
using Locator = std::function<InputLocation(const std::string& pointer)>;

/// validate() with located errors; pointers are "/power/<list>/<index>[/<key>]".
void validate(const PowerNetwork& net, const Locator& locate);

}  // namespace factwin::electrical::detail
