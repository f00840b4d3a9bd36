// SPDX-License-Identifier: Apache-2.0
// EPANET 2.2 .inp import (the subset a steady snapshot at t = 0 needs): [JUNCTIONS] [RESERVOIRS]
// [TANKS] (fixed head = elevation + initial level) [PIPES] [PUMPS] [VALVES] (none or empty)
// [CURVES] [PATTERNS] [DEMANDS] [STATUS] [OPTIONS] (Units, Headloss H-W / D-W, Viscosity, Pattern,
// Demand Multiplier). Other sections are skipped. Everything is converted to SI.
#pragma once

#include <string>

#include "factwin/liquid/network.hpp"

namespace factwin::liquid {

struct EpanetModel {
  Network network;
  std::string flow_units;      ///< as in the file, e.g. "GPM"
  double flow_to_si = 1.0;     ///< [m^3/s per file flow unit]
  double length_to_si = 1.0;   ///< [m per file length unit] (ft or m)
  std::string headloss;        ///< "H-W" or "D-W"
};

/// \brief Parses .inp text. \throws InputError FW-E0620 (syntax), FW-E0621 (unknown id),
/// FW-E0622 (unsupported feature), located at file:line with the section as the pointer.
[[nodiscard]] EpanetModel parse_epanet(const std::string& text, const std::string& filename = "<string>");

/// Reads an .inp file. \throws InputError FW-E0100 when it cannot be opened.
[[nodiscard]] EpanetModel load_epanet(const std::string& path);

}  // namespace factwin::liquid
