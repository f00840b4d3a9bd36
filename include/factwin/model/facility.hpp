// SPDX-License-Identifier: Apache-2.0
// The facility model: the single source of truth for one AI factory (docs/architecture.md). A
// scenario file maps onto it one to one (docs/scenario.md). Racks are named once, in the air side;
// the liquid loops' cold plates and the power chain's IT loads refer to them by name.
// All quantities are SI (m, K, W, Pa, m^3/s, s); io/ converts user units at input.
#pragma once

#include <optional>
#include <string>

#include "factwin/model/liquid_network.hpp"
#include "factwin/model/power_network.hpp"
#include "factwin/model/run_settings.hpp"
#include "factwin/model/scenario.hpp"

namespace factwin {

/// The server power model of the racks that give a utilisation (the top-level "server" section,
/// docs/twin.md "IT power"): rack IT power = racks[].power * P(u, T_in) / P(1, design_inlet), with
/// P the server power of Eq. E-8 (docs/electrical.md) and T_in the rack's solved server inlet.
struct ServerModel {
  electrical::ServerPowerModel power;  ///< Eq. E-8
  double design_inlet = 0.0;           ///< [K] server inlet at which a rack draws racks[].power at u = 1
};

/// One facility: its data hall and air-side equipment, its liquid-cooling loops and its power chain.
struct Facility {
  Scenario air;                           ///< the hall, racks, coolers, air, grid ("hall", "racks"...)
  std::optional<liquid::Network> liquid;  ///< liquid-cooling loops, the "liquid" section (docs/liquid.md)
  electrical::PowerNetwork power;         ///< the power chain, the "power" section (empty when absent)
  std::optional<ServerModel> server;      ///< the "server" section: IT power from utilisation and inlet

  [[nodiscard]] const std::string& name() const noexcept { return air.name; }
  [[nodiscard]] bool has_liquid() const noexcept { return liquid.has_value(); }
  [[nodiscard]] bool has_power() const noexcept { return !power.empty(); }
};

/// What one scenario file holds: the facility (what it is) and its run settings (how to solve it).
struct Case {
  Facility facility;
  SolverSettings solver;  ///< the "solver" section
};

}  // namespace factwin
