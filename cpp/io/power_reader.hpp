// SPDX-License-Identifier: Apache-2.0
// Reader of the "power" section of a scenario file (docs/electrical.md#scenario).
#pragma once

#include <vector>

#include "factwin/electrical/power_network.hpp"
#include "factwin/model/equipment.hpp"
#include "io/json_node.hpp"

namespace factwin::electrical {

/// Reads /power into `net` and validates it; errors are located InputErrors (FW-E01xx for syntax,
/// types and units; FW-E07xx for the network, naming the component). An IT load may name one of
/// `racks` ("rack") and takes its power from it; when any load does, every rack must be fed by
/// exactly one IT load (FW-E0708 to FW-E0711, docs/electrical.md).
void read_power(const io::detail::Doc& doc, const io::detail::Node& power, PowerNetwork& net,
                const std::vector<Rack>& racks = {});

/// The inverse of read_power, in SI (numbers; temperatures as "<K> K"; a training workload as its
/// sampled series): read_power(power_section_json(n)) reproduces n exactly.
[[nodiscard]] io::detail::json power_section_json(const PowerNetwork& net);

}  // namespace factwin::electrical
