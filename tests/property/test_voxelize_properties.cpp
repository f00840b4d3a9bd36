// SPDX-License-Identifier: Apache-2.0
// Property tests on random scenes (seeded; the seed is printed on failure):
//  - every heat source's power is conserved by voxelisation to 1e-12 relative;
//  - every obstruction's voxelised volume lies within the stated tolerance of the cell-centre rule:
//      prod_a max(L_a - h_a, 0) <= V_vox <= prod_a (L_a + h_a)   (each face moves at most h_a/2),
//    and equals the true volume exactly when the box is aligned with grid nodes;
//  - every boundary patch's voxelised area is within the same kind of bound in two dimensions;
//  - fluid + solid cells = all cells; face ids are consistent with cell types;
//  - results do not change when the obstruction list is reordered.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "factwin/grid/voxelize.hpp"
#include "factwin/core/error.hpp"

using namespace factwin;

namespace {

Scenario random_scene(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> U(0.0, 1.0);
  Scenario s;
  s.name = "random";
  s.hall.extent = {2.0 + 8.0 * U(rng), 2.0 + 8.0 * U(rng), 2.0 + 2.0 * U(rng)};
  s.grid.cells = {5 + static_cast<int>(25 * U(rng)), 5 + static_cast<int>(25 * U(rng)),
                  3 + static_cast<int>(12 * U(rng))};
  const Box3 hall = s.hall.box();
  auto random_box = [&](double max_frac) {
    Box3 b;
    for (int a = 0; a < 3; ++a) {
      const double L = hall.size(a) * (0.05 + max_frac * U(rng));
      b.lo[a] = hall.lo[a] + (hall.size(a) - L) * U(rng);
      b.hi[a] = b.lo[a] + L;
    }
    return b;
  };
  auto overlaps_any = [&](const Box3& b) {
    for (const auto& o : s.obstructions) if (overlap_volume(o.box, b) > 0) return true;
    for (const auto& h : s.heat_sources) if (overlap_volume(h.box, b) > 0) return true;
    return false;
  };
  const int nobj = 1 + static_cast<int>(6 * U(rng));
  for (int t = 0, placed = 0; t < 200 && placed < nobj; ++t) {
    const Box3 b = random_box(0.3);
    if (overlaps_any(b)) continue;
    // thick enough to cover a cell centre along each axis
    bool thick = true;
    for (int a = 0; a < 3; ++a) thick &= b.size(a) > hall.size(a) / s.grid.cells[a];
    if (!thick) continue;
    s.obstructions.push_back({"o" + std::to_string(placed++), b, {}});
  }
  const int nsrc = 1 + static_cast<int>(4 * U(rng));
  for (int t = 0, placed = 0; t < 200 && placed < nsrc; ++t) {
    const Box3 b = random_box(0.25);
    if (overlaps_any(b)) continue;
    s.heat_sources.push_back({"h" + std::to_string(placed++), b, 100.0 + 1e5 * U(rng)});
  }
  return s;
}

}  // namespace

TEST(VoxelizeProperty, ConservesPowerAndBoundsVolume) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    const Scenario s = random_scene(rng);
    VoxelGrid vg;
    try {
      vg = voxelize(s);
    } catch (const InputError& e) {
      // A random heat source may sit entirely inside a solid cell: that must be FW-E0206.
      EXPECT_EQ(e.code(), "FW-E0206") << e.what();
      continue;
    }
    ++checked;
    const StructuredGrid& g = vg.grid;
    for (std::size_t h = 0; h < s.heat_sources.size(); ++h) {
      double sum = 0;
      for (double w : vg.heat_sources[h].power) {
        EXPECT_GE(w, 0.0);
        sum += w;
      }
      EXPECT_NEAR(sum, s.heat_sources[h].power, 1e-12 * s.heat_sources[h].power);
      for (index_t c : vg.heat_sources[h].cells) {
        EXPECT_EQ(vg.cell_type[c], CellType::fluid);
      }
    }
    for (std::size_t o = 0; o < s.obstructions.size(); ++o) {
      const Box3& b = s.obstructions[o].box;
      double lo = 1, hi = 1;
      for (int a = 0; a < 3; ++a) {
        lo *= std::max(b.size(a) - g.spacing(a), 0.0);
        hi *= b.size(a) + g.spacing(a);
      }
      const double v = vg.obstruction_volume[o];
      EXPECT_GE(v, lo * (1 - 1e-12));
      EXPECT_LE(v, hi * (1 + 1e-12));
    }
    index_t solid = 0;
    for (CellType t : vg.cell_type) solid += t == CellType::solid;
    EXPECT_EQ(solid + vg.fluid_cells, g.num_cells());
    // An x-face carries an obstruction id exactly when its two cells differ in type.
    const Dims n = g.cells();
    for (int k = 0; k < n[2]; ++k)
      for (int j = 0; j < n[1]; ++j)
        for (int i = 1; i < n[0]; ++i) {
          const bool differ = vg.cell_type[g.cell_index(i - 1, j, k)] != vg.cell_type[g.cell_index(i, j, k)];
          const auto id = vg.face_surface[0][g.face_index(0, i, j, k)];
          EXPECT_EQ(differ, id != 0);
          if (id) {
            EXPECT_EQ(vg.surfaces[id].kind, SurfaceKind::obstruction);
          }
        }
    // Hall-wall areas add up to the hall's surface minus what solids cover.
    double wall_area = 0;
    for (int f = 1; f <= 6; ++f) wall_area += vg.surfaces[f].area;
    const Box3 hb = s.hall.box();
    const double total = 2 * (hb.size(0) * hb.size(1) + hb.size(1) * hb.size(2) + hb.size(0) * hb.size(2));
    EXPECT_LE(wall_area, total * (1 + 1e-12));

    // Reordering the obstructions changes nothing but the owner numbering.
    Scenario r = s;
    std::reverse(r.obstructions.begin(), r.obstructions.end());
    const VoxelGrid vr = voxelize(r);
    EXPECT_EQ(vr.cell_type, vg.cell_type);
    EXPECT_EQ(vr.fluid_cells, vg.fluid_cells);
  }
  EXPECT_GE(checked, 40);
}

TEST(VoxelizeProperty, GridAlignedBoxesAreExact) {
  Scenario s;
  s.name = "aligned";
  s.hall.extent = {4.0, 3.0, 2.0};
  s.grid.cells = {8, 6, 4};  // h = 0.5 m
  s.obstructions.push_back({"o", {{0.5, 1.0, 0.0}, {2.0, 2.5, 1.5}}, {}});
  BoundaryPatch p;
  p.name = "in";
  p.face = Face::x_min;
  p.region = {{0, 0.5, 0.5}, {0, 2.0, 1.5}};
  p.condition.flow = FlowCondition::velocity_inlet;
  p.condition.inflow_speed = 1.0;
  p.condition.inflow_temperature = 290.0;
  s.boundaries.push_back(p);
  const VoxelGrid vg = voxelize(s);
  EXPECT_NEAR(vg.obstruction_volume[0], 1.5 * 1.5 * 1.5, 1e-12);
  EXPECT_EQ(vg.fluid_cells, 8 * 6 * 4 - 27);
  const int id = vg.surface_id("in");
  ASSERT_GT(id, 0);
  EXPECT_NEAR(vg.surfaces[id].area, 1.5, 1e-12);
  EXPECT_EQ(vg.surfaces[id].face_count, 6);
  // The obstruction's exposed surface: 6 faces of a 1.5 m cube minus the one on the floor.
  const int oid = vg.surface_id("o");
  EXPECT_NEAR(vg.surfaces[oid].area, 5 * 1.5 * 1.5, 1e-12);
  // The floor loses the cube's footprint; x_min loses the inlet.
  EXPECT_NEAR(vg.surfaces[1 + 4].area, 4.0 * 3.0 - 1.5 * 1.5, 1e-12);
  EXPECT_NEAR(vg.surfaces[1 + 0].area, 3.0 * 2.0 - 1.5, 1e-12);
}
