// SPDX-License-Identifier: Apache-2.0
// Geometry onto the grid: per-cell fluid/solid flags, per-face surface ids, heat sources per cell.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "factwin/model/scenario.hpp"
#include "factwin/grid/grid.hpp"

namespace factwin {

enum class CellType : std::uint8_t { fluid = 0, solid = 1 };

/// What a surface id stands for.
enum class SurfaceKind : std::uint8_t {
  hall_wall,      ///< one of the six walls of the hall
  patch,          ///< a boundary patch on a hall wall
  obstruction,    ///< the air-facing faces of a solid body (obstruction, or a device's other faces)
  device_in,      ///< air leaves the room into a device: rack intake, cooler return
  device_out,     ///< air enters the room from a device: rack exhaust, cooler supply
  panel,          ///< thin sealed panel between two air cells (blocked faces)
  porous,         ///< perforated tile or leaky panel between two air cells
};

/// A solid body on the grid: an obstruction, a rack or a cooler.
enum class BodyKind : std::uint8_t { obstruction, rack, cooler };
struct VoxelBody {
  std::string name;
  BodyKind kind = BodyKind::obstruction;
  int source_index = 0;     ///< index in Scenario::obstructions / racks / coolers
  double volume = 0.0;      ///< [m^3] voxelised
  std::uint16_t surface = 0;   ///< id of its plain faces
  std::uint16_t in_surface = 0;   ///< rack intake / cooler return (0 for obstructions)
  std::uint16_t out_surface = 0;  ///< rack exhaust / cooler supply (0 for obstructions)
  double flow = 0.0;        ///< [m^3/s] through the device at its reference state
};

/// One boundary surface as voxelised: the faces carrying its id and their total area.
struct SurfaceInfo {
  std::string name;
  SurfaceKind kind = SurfaceKind::hall_wall;
  int source_index = 0;       ///< Face (hall_wall), index in boundaries / obstructions
  SurfaceCondition condition;
  index_t face_count = 0;     ///< grid faces with this id that touch fluid
  double area = 0.0;          ///< [m^2] their total area
  double declared_area = 0.0; ///< [m^2] area of the surface as described (patch/wall only)
};

/// A heat source after voxelisation: the fluid cells it heats and the watts each receives.
struct VoxelHeatSource {
  std::string name;
  std::vector<index_t> cells;
  std::vector<double> power;  ///< [W] per listed cell; sums to the declared power to round-off
  double declared_power = 0.0;
};

/// Result of voxelising a scenario onto its grid.
struct VoxelGrid {
  StructuredGrid grid;
  std::vector<CellType> cell_type;       ///< per cell
  std::vector<std::int32_t> cell_owner;  ///< per cell: index in `bodies`, -1 for fluid
  /// Per face, by axis: surface id (index into `surfaces`), or 0 for a face inside the fluid or
  /// inside a solid. Id 0 is reserved ("interior").
  std::array<std::vector<std::uint16_t>, 3> face_surface;
  std::vector<SurfaceInfo> surfaces;     ///< surfaces[0] is the reserved interior entry
  std::vector<VoxelHeatSource> heat_sources;
  std::vector<double> obstruction_volume;  ///< [m^3] voxelised volume per obstruction
  std::vector<VoxelBody> bodies;           ///< obstructions, then racks, then coolers
  index_t fluid_cells = 0;

  [[nodiscard]] double fluid_fraction() const {
    return grid.num_cells() ? static_cast<double>(fluid_cells) / static_cast<double>(grid.num_cells())
                            : 0.0;
  }
  [[nodiscard]] int surface_id(const std::string& name) const;  ///< -1 if absent
};

/// Pressure-loss coefficient of a thin perforated plate (raised-floor tile, leaky panel) with
/// open-area ratio f, referred to the approach velocity: Idelchik, Handbook of Hydraulic Resistance,
/// Diagram 8-1: zeta = (0.707 (1-f)^0.375 + 1 - f)^2 / f^2. Throws std::invalid_argument unless 0 < f <= 1.
[[nodiscard]] double perforated_plate_loss(double open_area);

/// Voxelises the scenario on its grid: a cell is solid when its centre lies inside an obstruction;
/// faces get the id of the wall, patch or obstruction they belong to; heat-source power goes to the
/// fluid cells in proportion to their overlap with the source box (exactly conserved).
/// Throws InputError (FW-E03xx) when an object resolves to no cell, a patch is fully blocked, no
/// fluid cell remains, or the grid's own arrays would exceed `available_memory` [B] (0 = the host's
/// available memory), before anything large is allocated. The solver's
/// memory is checked by the solver's module (airflow::check_memory) before voxelising.
[[nodiscard]] VoxelGrid voxelize(const Scenario& scenario, std::size_t available_memory = 0);

}  // namespace factwin
