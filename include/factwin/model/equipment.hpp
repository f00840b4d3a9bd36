// SPDX-License-Identifier: Apache-2.0
// Air-side equipment of a data hall: IT racks (the compact "black box" model data-centre CFD tools
// use), cooling units, raised-floor tiles, containment panels and rear-door heat exchangers.
// The voxeliser lowers each onto grid primitives: solid cells, flow faces (intake/exhaust/supply/
// return, a fixed mass flux), blocked faces (thin panels) and porous faces (tiles, doors).
#pragma once

#include <string>
#include <vector>

#include "factwin/core/types.hpp"

namespace factwin {

enum class Face;  // scenario.hpp

/// IT rack. The body is solid; the front face draws `airflow` from the room, the opposite face
/// returns it heated by the air-side share of the power:
///   T_exhaust = mean T_intake + (1 - liquid_fraction) P / (rho c_p Q)            (docs/datahall.md)
struct Rack {
  std::string name;
  Box3 box;                       ///< [m]
  int front = 2;                  ///< Face index the intake faces (default y_min); exhaust opposite
  double power = 0.0;             ///< [W] IT power
  double airflow = 0.0;           ///< [m^3/s] at the reference inlet temperature
  double liquid_fraction = 0.0;   ///< share of the power taken by liquid (cold plates), 0..1
  double airflow_per_kelvin = 0.0;  ///< [1/K] relative airflow rise per K of inlet above reference
  double airflow_reference_temperature = 0.0;  ///< [K] inlet temperature of `airflow` (0: none)
  double recirculation = 0.0;     ///< share of exhaust air leaking back to the intake inside the rack
  /// Utilisation of the rack's servers, 0..1; < 0: not given. When given, `power` is the design
  /// power (at u = 1 and the server model's design inlet) and the twin sets the IT power from the
  /// utilisation and the solved server inlet temperature (Facility::server, docs/twin.md).
  double utilisation = -1.0;
};

enum class CoolerKind { crah, crac, in_row };
enum class CoolerControl { supply, return_air };

/// CRAH/CRAC or in-row cooler: takes air in at its return face, blows it out of its supply face at
/// the supply temperature set by its control, limited by its capacity.
struct Cooler {
  std::string name;
  CoolerKind kind = CoolerKind::crah;
  Box3 box;                          ///< [m]
  int return_face = 5;               ///< Face index (default z_max: top return)
  int supply_face = 4;               ///< Face index (default z_min: downflow into a plenum)
  double airflow = 0.0;              ///< [m^3/s]
  CoolerControl control = CoolerControl::supply;
  double setpoint = 0.0;             ///< [K] supply (or return) air temperature
  double capacity = 0.0;             ///< [W] sensible cooling capacity; 0 = unlimited
  bool failed = false;               ///< switched off: no airflow, no cooling
  /// Name of the liquid link (a heat_source of the "liquid" loops) that is this cooler's water coil:
  /// the twin sets its heat to the cooler's solved duty (docs/twin.md). "" = no coil modelled.
  std::string coil;
};

/// Raised-floor plenum: a slab at `height` above the hall floor splits plenum and room; perforated
/// tiles in it pass air with the pressure loss of a thin perforated plate (Idelchik, Diagram 8-1).
struct FloorTile {
  std::string name;
  Box3 region;              ///< in the slab plane (z = height) [m]
  double open_area = 0.25;  ///< open-area ratio, 0 < f < 1
};
struct RaisedFloor {
  bool present = false;
  double height = 0.0;  ///< [m] slab height above the hall floor
  std::vector<FloorTile> tiles;
};

/// Thin panel (zero thickness along one axis): containment walls, roofs and doors, blanking panels,
/// a suspended ceiling. `open_area` > 0 makes it leak (porous, same loss model as tiles).
struct Panel {
  std::string name;
  Box3 region;              ///< lo == hi along exactly one axis [m]
  double open_area = 0.0;   ///< 0 = sealed
};

/// Rear-door heat exchanger on a rack's exhaust: removes heat by effectiveness (of the rack's
/// air-side heat above the cooling-water temperature) or by a fixed capacity, with a pressure drop.
struct RearDoor {
  std::string rack;                 ///< name of the rack it is mounted on
  double effectiveness = 0.0;       ///< 0..1 (used when capacity == 0)
  double water_temperature = 0.0;   ///< [K] entering water temperature
  double capacity = 0.0;            ///< [W] heat removed at most; 0 = by effectiveness
  double loss_coefficient = 0.0;    ///< pressure drop dp = K * rho v^2 / 2 across the door
};

}  // namespace factwin
