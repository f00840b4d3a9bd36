// SPDX-License-Identifier: Apache-2.0
// The facility description: what a scenario file maps onto, one to one (docs/scenario.md).
// All quantities are SI (m, K, W, Pa, m^3/s, s); io/ converts user units at input.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "factwin/core/types.hpp"
#include "factwin/model/equipment.hpp"
#include "factwin/model/run_settings.hpp"

namespace factwin {

/// The six faces of the hall (z is up by default; gravity may point anywhere).
enum class Face { x_min = 0, x_max = 1, y_min = 2, y_max = 3, z_min = 4, z_max = 5 };
inline constexpr std::array<const char*, 6> face_names = {"x_min", "x_max", "y_min",
                                                          "y_max", "z_min", "z_max"};
[[nodiscard]] constexpr int face_axis(Face f) { return static_cast<int>(f) / 2; }
[[nodiscard]] constexpr bool face_is_max(Face f) { return (static_cast<int>(f) % 2) == 1; }

/// How air moves at a surface.
enum class FlowCondition {
  no_slip,           ///< wall, u = 0
  slip,              ///< symmetry / free-slip wall: normal velocity 0, no shear
  moving,            ///< wall moving tangentially with `velocity`
  velocity_inlet,    ///< air enters with normal speed `inflow_speed` at `inflow_temperature`
  pressure_opening,  ///< fixed static pressure `pressure`; inflow takes `inflow_temperature`
  porous,            ///< interior face passing air with a loss dp = loss_coefficient rho v|v|/2
};

/// How heat crosses a wall.
enum class ThermalCondition {
  adiabatic,    ///< no heat flux
  temperature,  ///< fixed temperature `temperature` [K]
  heat_flux,    ///< fixed heat flux `heat_flux` [W/m^2] into the air
};

/// Condition on a surface: the hall walls, patches on them, and the faces of obstructions.
struct SurfaceCondition {
  FlowCondition flow = FlowCondition::no_slip;
  ThermalCondition thermal = ThermalCondition::adiabatic;
  double temperature = 0.0;         ///< [K] wall temperature (thermal == temperature)
  double heat_flux = 0.0;           ///< [W/m^2] into the air (thermal == heat_flux)
  Vec3 velocity;                    ///< [m/s] wall velocity (flow == moving)
  double inflow_speed = 0.0;        ///< [m/s] normal speed into the hall (velocity_inlet)
  double inflow_temperature = 0.0;  ///< [K] temperature of entering air (inlet, opening)
  double pressure = 0.0;            ///< [Pa] gauge static pressure (pressure_opening)
  double loss_coefficient = 0.0;    ///< [-] porous faces (tiles, leaky panels, rear doors)
};

/// A named patch on one face of the hall: an inlet, an opening, a heated panel...
struct BoundaryPatch {
  std::string name;
  Face face = Face::x_min;
  Box3 region;  ///< lies in the plane of `face`: lo[axis] == hi[axis] == that plane [m]
  SurfaceCondition condition;
};

/// A solid body in the hall (columns, cable trays, closed cabinets). Its faces towards the air carry
/// `surface` (adiabatic by default).
struct Obstruction {
  std::string name;
  Box3 box;  ///< [m]
  SurfaceCondition surface;
};

/// Heat released uniformly in the air inside a box (lighting, PDUs, a simple server model).
struct HeatSource {
  std::string name;
  Box3 box;            ///< [m]
  double power = 0.0;  ///< [W]
};

/// The data hall: the box of air the solver works in.
struct Hall {
  Vec3 origin;  ///< [m] corner with the smallest coordinates
  Vec3 extent;  ///< [m] size along x, y, z
  std::array<SurfaceCondition, 6> walls{};  ///< indexed by Face
  std::array<std::string, 6> wall_names = {"x_min", "x_max", "y_min", "y_max", "z_min", "z_max"};
  /// The power chain's name for this hall's room (buses/branches/loads "room"): losses there become
  /// heat in the hall's air when the facility is solved by the twin (docs/twin.md). "" = none.
  std::string room;
  [[nodiscard]] Box3 box() const {
    return {origin, {origin.x + extent.x, origin.y + extent.y, origin.z + extent.z}};
  }
};

/// Properties of the air, Boussinesq form. Defaults: dry air at 300 K and 1 atm, Incropera & DeWitt,
/// Fundamentals of Heat and Mass Transfer, 6th ed., Table A.4 (docs/scenario.md#fluid).
struct Fluid {
  std::string name = "dry air";
  double density = 1.1614;               ///< [kg/m^3]
  double dynamic_viscosity = 184.6e-7;   ///< [Pa s]
  double specific_heat = 1007.0;         ///< [J/(kg K)]
  double conductivity = 0.0263;          ///< [W/(m K)]
  double expansion_coefficient = 1.0 / 300.0;  ///< [1/K] (ideal gas: 1/T_ref)
  double reference_temperature = 300.0;  ///< [K] Boussinesq reference
  [[nodiscard]] double kinematic_viscosity() const { return dynamic_viscosity / density; }  ///< [m^2/s]
  [[nodiscard]] double diffusivity() const { return conductivity / (density * specific_heat); }  ///< [m^2/s]
  [[nodiscard]] double prandtl() const { return dynamic_viscosity * specific_heat / conductivity; }
};

/// The grid: cells per axis (uniform spacing now; StructuredGrid already stores node coordinates per
/// axis so stretched grids slot in later).
struct GridSpec {
  Dims cells{0, 0, 0};
};

/// The air side of a facility (model/facility.hpp holds the whole): the hall, the equipment in it
/// (racks, coolers, floor, panels, doors), the air's properties and the grid. How it is solved is
/// not part of it (model/run_settings.hpp). The voxeliser lowers equipment onto the same
/// primitives used here.
struct Scenario {
  int format_version = 1;
  std::string name;
  std::string description;
  std::string source_file;  ///< where it was read from ("" when built in C++)
  Hall hall;
  Fluid fluid;
  Vec3 gravity{0.0, 0.0, -9.80665};  ///< [m/s^2]
  GridSpec grid;
  std::vector<BoundaryPatch> boundaries;
  std::vector<Obstruction> obstructions;
  std::vector<HeatSource> heat_sources;
  // data-hall equipment (docs/datahall.md)
  std::vector<Rack> racks;
  std::vector<Cooler> coolers;
  RaisedFloor raised_floor;
  std::vector<Panel> panels;
  std::vector<RearDoor> rear_doors;
  std::string ashrae_class = "A1";  ///< class the rack inlets are judged against

  /// Total power of all heat sources [W] (racks not included).
  [[nodiscard]] double total_heat_power() const;
  /// Total IT power of all racks [W].
  [[nodiscard]] double total_rack_power() const;
};

/// The Anderson depth a solve of `s` with `settings` uses: resolves the automatic -1 (docs/solver.md).
[[nodiscard]] int effective_anderson_depth(const Scenario& s, const SolverSettings& settings);

/// Checks a scenario built in C++ (a file-loaded one is checked by the reader): sizes > 0, objects
/// inside the hall and not overlapping, patches on their wall, names unique. Throws InputError.
void validate(const Scenario& s);
/// Checks solver settings built in C++ (iterations >= 1, tolerance and cfl > 0, end_time of a
/// transient run > 0, Anderson depth 0 ... 50 and only where it applies). Throws InputError at
/// /solver/... of `source_file`.
void validate(const SolverSettings& settings, const std::string& source_file = "");

}  // namespace factwin
