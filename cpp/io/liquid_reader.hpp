// SPDX-License-Identifier: Apache-2.0
// The "liquid" section of a scenario file -> liquid::Network (docs/liquid.md#scenario-files).
#pragma once

#include <vector>

#include "factwin/model/scenario.hpp"
#include "factwin/liquid/network.hpp"
#include "io/json_node.hpp"

namespace factwin::liquid {

/// Reads and validates `n` (the value of the top-level "liquid" key). Cold plates and heat sources
/// may name ("rack") a scenario rack, taking its liquid share (all of `liquid_fraction` P, or the
/// link's own `liquid_fraction` of P when several links serve one rack: they must add up to the
/// rack's), or a scenario heat source, taking `liquid_fraction` of its power. Every error is an
/// InputError located at file:line:column with its JSON pointer.
[[nodiscard]] Network read_liquid_section(const io::detail::Node& n, const io::detail::Doc& doc,
                                          const std::vector<Rack>& racks, const std::vector<HeatSource>& sources);

/// The inverse of read_liquid_section, in SI (numbers; temperatures as "<K> K"; pump curves as
/// {shutoff_head, r, n}): read_liquid_section(liquid_section_json(n)) reproduces n exactly.
[[nodiscard]] io::detail::json liquid_section_json(const Network& net);

}  // namespace factwin::liquid
