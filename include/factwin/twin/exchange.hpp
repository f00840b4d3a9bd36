// SPDX-License-Identifier: Apache-2.0
// What the twin passes between the air, liquid and power solves of a coupled facility, and what its
// fixed-point iteration reports (docs/twin.md). Plain structs: the physics modules never see each
// other, only the twin reads one's results and writes the next one's inputs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "factwin/electrical/power_network.hpp"
#include "factwin/model/facility.hpp"

namespace factwin::twin {

/// One quantity exchanged between two solves, as the coupling iteration left it.
struct ExchangeState {
  std::string name;        ///< "coil:<cooler>", "hall_losses", "plant:pumps", "plant:chillers", "plant:dry_coolers",
                           ///< "inlet:<rack>", "it_power:<rack>"
  std::string from, to;    ///< the solve that computes it and the one that takes it: "air", "liquid", "power",
                           ///< "it" (the server power model of racks with a utilisation)
  std::string unit;        ///< "W" or "K"
  double value = 0.0;      ///< last value
  double change = 0.0;     ///< |last value - the value used by the iteration before|
  double tolerance = 0.0;  ///< converged when change <= tolerance
};

/// Limits of the coupling iteration (docs/twin.md, "Fixed point").
struct CouplingSettings {
  int max_iterations = 20;               ///< coupling iterations before ConvergenceError
  double power_tolerance = 1e-3;         ///< exchanged powers, relative to the facility's IT power
  double temperature_tolerance = 0.05;   ///< [K] exchanged temperatures
  /// No fixed point within max_iterations: true (default) throws ConvergenceError; false returns the
  /// last iteration's state with CouplingReport::converged false and stop_reason set (io::run writes
  /// it, then throws: what was computed is kept).
  bool throw_when_not_converged = true;
};

/// What the coupling iteration did (summary.json "coupling").
struct CouplingReport {
  bool active = false;      ///< the facility has exchanges (false: one pass, exactly as uncoupled)
  bool converged = false;
  std::string stop_reason;  ///< why the coupling stopped without a fixed point ("" when converged)
  std::vector<double> last_changes;  ///< each exchange's last change, in `exchanges` order
  int iterations = 0;       ///< coupling iterations done
  int max_iterations = 0;
  int air_solves = 0, liquid_solves = 0, power_solves = 0;
  double it_power = 0.0;    ///< [W] racks' IT power as solved (the power tolerances refer to the
                            ///< racks' design power, racks[].power; the same without utilisations)
  std::vector<ExchangeState> exchanges;
  std::string hall_room;    ///< the hall's room name in the power chain ("" = none)
  double hall_loss_heat = 0.0;  ///< [W] power-chain losses in the hall's room, released in its air
  std::map<std::string, double> plant_heat_by_room;  ///< [W] losses in other rooms: reported only
  /// [W] pump + chiller + dry-cooler power that no mechanical load names: cooling outside the power
  /// chain in the PUE; < 0 when the facility has no liquid loops (unknown).
  double plant_power_outside_chain = -1.0;
};

/// Whether `f` couples its solves: a cooler with a coil, a mechanical load carrying a plant part,
/// a hall room named in a facility with a power chain, or a rack with a utilisation (or a server
/// model: IT power from the solved inlet).
[[nodiscard]] bool has_exchanges(const Facility& f);

/// Power-chain losses by room (docs/twin.md, "Electrical losses"): a branch's loss in its `room`,
/// else its downstream bus's; an IT load's PSU loss in the load's room. IT DC power is not a loss.
[[nodiscard]] std::map<std::string, double> losses_by_room(const electrical::PowerNetwork& net,
                                                           const electrical::PowerFlowResult& r);

}  // namespace factwin::twin
