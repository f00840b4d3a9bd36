// SPDX-License-Identifier: Apache-2.0
// Wall distance of the turbulence models: two-pass chamfer sweeps from the walls, and the
// k-epsilon wall cells (docs/solver.md, "Turbulence").
#include "airflow/turbulence/wall_distance.hpp"

#include <algorithm>
#include <limits>

namespace factwin::airflow::detail {

std::vector<real> wall_distance(const VoxelGrid& vg, const GridGpu& g, double far,
                                std::vector<std::uint8_t>* wall_cell) {
  const index_t ncell = g.cells();
  // Distance from each air-cell centre to the nearest wall (solid cell or hall wall that is not an
  // opening), by two-pass chamfer sweeps seeded at half a cell from walls (docs/solver.md).
  const real big = std::numeric_limits<real>::max() / 4;
  std::vector<real> d(static_cast<std::size_t>(ncell), big);
  const auto& ct = vg.cell_type;
  for (int k = 0; k < g.n[2]; ++k)
    for (int j = 0; j < g.n[1]; ++j)
      for (int i = 0; i < g.n[0]; ++i) {
        const index_t c = g.cell(i, j, k);
        if (ct[c] == CellType::solid) {
          d[c] = 0;
          continue;
        }
        const int ijk[3] = {i, j, k};
        for (int a = 0; a < 3; ++a)
          for (int s = 0; s < 2; ++s) {
            int fi[3] = {i, j, k};
            fi[a] += s;
            const std::uint16_t id = vg.face_surface[a][g.face(a, fi[0], fi[1], fi[2])];
            const bool boundary = (s == 0 && ijk[a] == 0) || (s == 1 && ijk[a] == g.n[a] - 1);
            if (!boundary || id == 0) continue;
            const FlowCondition fc = vg.surfaces[id].condition.flow;
            if (fc == FlowCondition::pressure_opening || fc == FlowCondition::slip) continue;
            d[c] = std::min(d[c], real(0.5) * g.h[a]);
          }
      }
  auto relax = [&](int i, int j, int k) {
    const index_t c = g.cell(i, j, k);
    if (ct[c] == CellType::solid) return;
    const int ijk[3] = {i, j, k};
    for (int a = 0; a < 3; ++a)
      for (int s = -1; s <= 1; s += 2) {
        int nb[3] = {i, j, k};
        nb[a] += s;
        if (nb[a] < 0 || nb[a] >= g.n[a]) continue;
        const index_t cn = g.cell(nb[0], nb[1], nb[2]);
        const real dn = ct[cn] == CellType::solid ? real(0.5) * g.h[a] : d[cn] + g.h[a];
        d[c] = std::min(d[c], dn);
        (void)ijk;
      }
  };
  for (int pass = 0; pass < 4; ++pass) {
    for (int k = 0; k < g.n[2]; ++k)
      for (int j = 0; j < g.n[1]; ++j)
        for (int i = 0; i < g.n[0]; ++i) relax(i, j, k);
    for (int k = g.n[2] - 1; k >= 0; --k)
      for (int j = g.n[1] - 1; j >= 0; --j)
        for (int i = g.n[0] - 1; i >= 0; --i) relax(i, j, k);
  }
  if (wall_cell) {
    // k-epsilon wall cells: air cells with a face on a no-slip or moving wall (hall wall, solid body,
    // sealed panel; not openings, slip walls, inlets or device faces, which air crosses). Their
    // distance is half the cell width normal to that wall (the nearest such face): the wall
    // functions' y.
    wall_cell->assign(d.size(), 0);
    for (int k = 0; k < g.n[2]; ++k)
      for (int j = 0; j < g.n[1]; ++j)
        for (int i = 0; i < g.n[0]; ++i) {
          const index_t c = g.cell(i, j, k);
          if (ct[c] == CellType::solid) continue;
          real y = big;
          for (int a = 0; a < 3; ++a)
            for (int s = 0; s < 2; ++s) {
              int fi[3] = {i, j, k};
              fi[a] += s;
              int nb[3] = {i, j, k};
              nb[a] += s ? 1 : -1;
              const bool nb_solid = g.inside(nb[0], nb[1], nb[2]) && ct[g.cell(nb[0], nb[1], nb[2])] == CellType::solid;
              const std::uint16_t id = vg.face_surface[a][g.face(a, fi[0], fi[1], fi[2])];
              bool wall = false;
              if (id != 0) {
                const FlowCondition fc = vg.surfaces[id].condition.flow;
                wall = fc == FlowCondition::no_slip || fc == FlowCondition::moving;
              } else {
                wall = nb_solid;
              }
              if (wall) y = std::min(y, real(0.5) * g.h[a]);
            }
          if (y < big) {
            (*wall_cell)[c] = 1;
            d[c] = y;
          }
        }
  }
  for (auto& x : d)
    if (x >= big) x = static_cast<real>(far);
  return d;
}

}  // namespace factwin::airflow::detail
