// SPDX-License-Identifier: Apache-2.0
// The "liquid" section of a scenario file -> liquid::Network (docs/liquid.md#scenario-files).
#pragma once

#include <vector>

#include "factwin/geometry/scenario.hpp"
#include "factwin/liquid/network.hpp"
#include "io/json_node.hpp"

namespace factwin::liquid {

/// Reads and validates `n` (the value of the top-level "liquid" key). Cold plates and heat sources
/// may name a scenario heat source ("rack") and take `liquid_fraction` of its power. Every error is
/// an InputError located at file:line:column with its JSON pointer.
[[nodiscard]] Network read_liquid_section(const io::detail::Node& n, const io::detail::Doc& doc,
                                          const std::vector<HeatSource>& racks);

/// The inverse of read_liquid_section, in SI (numbers; temperatures as "<K> K"; pump curves as
/// {shutoff_head, r, n}): read_liquid_section(liquid_section_json(n)) reproduces n exactly.
[[nodiscard]] io::detail::json liquid_section_json(const Network& net);

}  // namespace factwin::liquid
