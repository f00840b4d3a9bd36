// SPDX-License-Identifier: Apache-2.0
// Wall distance of the turbulence models (zero-equation mixing length, k-epsilon wall functions).
#pragma once

#include <cstdint>
#include <vector>

#include "airflow/kernels/airflow_args.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::airflow::detail {

/// Distance from each air-cell centre to the nearest wall (solid cell or hall wall that is not an
/// opening or slip wall) [m]; cells with no wall in reach get `far` (the reference length). With
/// `wall_cell`, also the k-epsilon wall cells (1 for air cells with a face on a no-slip or moving
/// wall), whose distance is then half the cell width normal to that wall.
[[nodiscard]] std::vector<real> wall_distance(const VoxelGrid& vg, const GridGpu& g, double far,
                                              std::vector<std::uint8_t>* wall_cell);

}  // namespace factwin::airflow::detail
