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

/// Reads a server power model (Eq. E-8: idle_power, peak_power, fan_power, fan_ramp, fan_threshold,
/// leakage_power, leakage_beta, leakage_t_ref, chip_rise_idle, chip_rise_peak) from the object `sv`
/// (power.workload.server, the top-level "server" section); unknown keys are FW-E0110 and
/// 0 <= idle_power <= peak_power, peak_power > 0 is FW-E0703. With `design_inlet`, `sv` must also
/// give "design_inlet" (a temperature), read into it (the top-level "server" section).
void read_server_model(const io::detail::Node& sv, ServerPowerModel& m, double* design_inlet = nullptr);

/// The inverse of read_power, in SI (numbers; temperatures as "<K> K"; a training workload as its
/// sampled series): read_power(power_section_json(n)) reproduces n exactly.
[[nodiscard]] io::detail::json power_section_json(const PowerNetwork& net);

}  // namespace factwin::electrical
