// SPDX-License-Identifier: Apache-2.0
// Reader of the "power" section of a scenario file (docs/electrical.md#scenario).
#pragma once

#include "factwin/electrical/power_network.hpp"
#include "io/json_node.hpp"

namespace factwin::electrical {

/// Reads /power into `net` and validates it; errors are located InputErrors (FW-E01xx for syntax,
/// types and units; FW-E07xx for the network, naming the component).
void read_power(const io::detail::Doc& doc, const io::detail::Node& power, PowerNetwork& net);

/// The inverse of read_power, in SI (numbers; temperatures as "<K> K"; a training workload as its
/// sampled series): read_power(power_section_json(n)) reproduces n exactly.
[[nodiscard]] io::detail::json power_section_json(const PowerNetwork& net);

}  // namespace factwin::electrical
