// SPDX-License-Identifier: Apache-2.0
// ParaView-ready VTK output, written through VTK's own XML writers when the build has VTK.
#pragma once

#include <string>
#include <vector>

#include "factwin/model/scenario.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::io {

/// Per-body values shown on the equipment boxes (NaN where unknown).
struct BodyValues {
  double power = 0.0;              ///< [W]
  double inlet_temperature = 0.0;  ///< [K] mean intake / return temperature
  double outlet_temperature = 0.0; ///< [K] exhaust / supply temperature
  double airflow = 0.0;            ///< [m^3/s]
};

/// True when this build can write VTK files.
[[nodiscard]] bool vtk_available() noexcept;

/// Writes every solid body (obstructions, racks, coolers) as a box of 6 quads in a .vtp file with
/// cell data "power" [W], "inlet_temperature" [K], "outlet_temperature" [K], "airflow" [m^3/s],
/// "kind" (0 obstruction, 1 rack, 2 cooler) and "body" (index); field data "body_names".
/// `values` has one entry per VoxelGrid::bodies entry (or is empty). Written whole or not at all.
/// Throws NotCompiled without VTK, IoError when the file cannot be written.
void write_equipment_vtp(const std::string& path, const Scenario& s, const VoxelGrid& vg,
                         const std::vector<BodyValues>& values);

}  // namespace factwin::io
