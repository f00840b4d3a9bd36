// SPDX-License-Identifier: Apache-2.0
#include "factwin/grid/voxelize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"
#include "geometry/validate.hpp"

namespace factwin {
namespace {

std::string gib(double bytes) {
  std::ostringstream os;
  os.precision(3);
  os << bytes / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return os.str();
}

const char* axis_name(int a) { return a == 0 ? "x" : (a == 1 ? "y" : "z"); }

// Cells whose centre lies in [lo, hi) along an axis: half-open so that boxes that touch never
// share a cell.
std::pair<int, int> centre_range(const StructuredGrid& g, int axis, double lo, double hi) {
  const int n = g.n(axis);
  int i0 = std::max(0, g.locate(axis, lo) - 1);
  while (i0 < n && g.center(axis, i0) < lo) ++i0;
  int i1 = i0;
  while (i1 < n && g.center(axis, i1) < hi) ++i1;
  return {i0, i1};
}

}  // namespace

int VoxelGrid::surface_id(const std::string& name) const {
  for (std::size_t i = 1; i < surfaces.size(); ++i)
    if (surfaces[i].name == name) return static_cast<int>(i);
  return -1;
}

std::size_t solver_bytes_per_cell(const SolverSettings& settings) {
  // Fields of the staggered finite-volume solver (docs/solver.md): u, v, w and their previous
  // values, p, pressure correction, T and previous T, divergence, 3 momentum sources, 2 work arrays;
  // multigrid hierarchy ~1/7 of (solution + rhs + residual); geometry: 1 B flag + 3 x 2 B face ids.
  std::size_t fields = 15 + 1;  // +1 ~ multigrid 3 * 8/7 - 3 rounded up
  if (settings.turbulence == TurbulenceModel::zero_equation) fields += 2;  // nu_t, wall distance
  if (settings.turbulence == TurbulenceModel::k_epsilon) fields += 7;      // k, eps (+old), nu_t, d, work
  return fields * sizeof(real) + 7;
}

std::size_t estimate_memory(index_t cells, const SolverSettings& settings) {
  const double b = static_cast<double>(cells) * static_cast<double>(solver_bytes_per_cell(settings));
  return b >= 1.8e19 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(b);
}

VoxelGrid voxelize(const Scenario& s, std::size_t available_memory) {
  const auto where = detail::plain_locator(s);
  auto fail = [&](const char* code, const std::string& ptr, const std::string& msg) {
    throw InputError(code, where(ptr), msg);
  };
  detail::validate(s, where);  // a scenario built in C++ gets the reader's checks too

  const index_t ncell = static_cast<index_t>(s.grid.cells[0]) * s.grid.cells[1] * s.grid.cells[2];
  std::size_t limit = available_memory > 0 ? available_memory : host_available_memory();
  if (s.solver.memory_limit > 0) limit = limit ? std::min(limit, s.solver.memory_limit) : s.solver.memory_limit;
  const std::size_t need = estimate_memory(ncell, s.solver);
  if (limit > 0 && need > limit) {
    std::ostringstream os;
    os << "the grid of " << s.grid.cells[0] << " x " << s.grid.cells[1] << " x " << s.grid.cells[2]
       << " = " << ncell << " cells needs about " << gib(static_cast<double>(need)) << " ("
       << solver_bytes_per_cell(s.solver) << " B per cell) but only " << gib(static_cast<double>(limit))
       << " is available" << (s.solver.memory_limit > 0 ? " (solver.memory_limit or the machine)" : "")
       << "; use a coarser grid";
    fail("FW-E0300", "/grid", os.str());
  }

  VoxelGrid vg;
  vg.grid = StructuredGrid::uniform(s.hall.origin, s.hall.extent, s.grid.cells);
  const StructuredGrid& g = vg.grid;
  const Dims n = g.cells();
  vg.cell_type.assign(static_cast<std::size_t>(ncell), CellType::fluid);
  vg.cell_owner.assign(static_cast<std::size_t>(ncell), -1);

  // Obstructions: cell-centre rule.
  vg.obstruction_volume.assign(s.obstructions.size(), 0.0);
  for (std::size_t o = 0; o < s.obstructions.size(); ++o) {
    const Box3& b = s.obstructions[o].box;
    std::array<std::pair<int, int>, 3> r;
    for (int a = 0; a < 3; ++a) {
      r[a] = centre_range(g, a, b.lo[a], b.hi[a]);
      if (r[a].first >= r[a].second) {
        std::ostringstream os;
        os << "obstruction '" << s.obstructions[o].name << "' is " << b.size(a) << " m thick along "
           << axis_name(a) << " and covers no cell centre at spacing " << g.spacing(a)
           << " m, so it would vanish from the grid; refine the grid or enlarge it";
        fail("FW-E0205", "/obstructions/" + std::to_string(o), os.str());
      }
    }
    for (int k = r[2].first; k < r[2].second; ++k)
      for (int j = r[1].first; j < r[1].second; ++j)
        for (int i = r[0].first; i < r[0].second; ++i) {
          const index_t c = g.cell_index(i, j, k);
          vg.cell_type[c] = CellType::solid;
          vg.cell_owner[c] = static_cast<std::int32_t>(o);
          vg.obstruction_volume[o] += g.cell_volume(i, j, k);
        }
  }
  vg.fluid_cells = static_cast<index_t>(std::count(vg.cell_type.begin(), vg.cell_type.end(), CellType::fluid));
  if (vg.fluid_cells == 0)
    fail("FW-E0203", "/obstructions", "the hall holds no air: every cell is inside an obstruction");

  // Surfaces: 0 interior, 1..6 hall walls, then boundary patches, then obstructions.
  const std::size_t nsurf = 7 + s.boundaries.size() + s.obstructions.size();
  if (nsurf > std::numeric_limits<std::uint16_t>::max())
    fail("FW-E0208", "", "too many surfaces (" + std::to_string(nsurf) + "); at most 65535");
  vg.surfaces.resize(nsurf);
  vg.surfaces[0].name = "(interior)";
  const Box3 hb = s.hall.box();
  for (int f = 0; f < 6; ++f) {
    SurfaceInfo& si = vg.surfaces[1 + f];
    si.name = s.hall.wall_names[f];
    si.kind = SurfaceKind::hall_wall;
    si.source_index = f;
    si.condition = s.hall.walls[f];
    const int ax = face_axis(static_cast<Face>(f));
    si.declared_area = hb.size((ax + 1) % 3) * hb.size((ax + 2) % 3);
  }
  for (std::size_t p = 0; p < s.boundaries.size(); ++p) {
    SurfaceInfo& si = vg.surfaces[7 + p];
    const BoundaryPatch& b = s.boundaries[p];
    si.name = b.name;
    si.kind = SurfaceKind::patch;
    si.source_index = static_cast<int>(p);
    si.condition = b.condition;
    const int ax = face_axis(b.face);
    si.declared_area = b.region.size((ax + 1) % 3) * b.region.size((ax + 2) % 3);
  }
  const std::size_t obst0 = 7 + s.boundaries.size();
  for (std::size_t o = 0; o < s.obstructions.size(); ++o) {
    SurfaceInfo& si = vg.surfaces[obst0 + o];
    si.name = s.obstructions[o].name;
    si.kind = SurfaceKind::obstruction;
    si.source_index = static_cast<int>(o);
    si.condition = s.obstructions[o].surface;
  }

  std::vector<index_t> patch_covered(s.boundaries.size(), 0);  // faces in region but behind solid
  for (int a = 0; a < 3; ++a) {
    auto& fs = vg.face_surface[a];
    fs.assign(static_cast<std::size_t>(g.num_faces(a)), 0);
    const int b1 = (a + 1) % 3, b2 = (a + 2) % 3;
    for (int k = 0; k < n[2] + (a == 2); ++k)
      for (int j = 0; j < n[1] + (a == 1); ++j)
        for (int i = 0; i < n[0] + (a == 0); ++i) {
          const std::array<int, 3> ijk{i, j, k};
          const int ia = ijk[a];
          std::array<int, 3> lo = ijk;
          lo[a] -= 1;
          const bool has_lo = ia > 0, has_hi = ia < n[a];
          const CellType t_lo = has_lo ? vg.cell_type[g.cell_index(lo[0], lo[1], lo[2])] : CellType::solid;
          const CellType t_hi = has_hi ? vg.cell_type[g.cell_index(i, j, k)] : CellType::solid;
          std::uint16_t id = 0;
          double area = g.width(b1, ijk[b1]) * g.width(b2, ijk[b2]);
          if (!has_lo || !has_hi) {
            const int f = 2 * a + (has_lo ? 1 : 0);
            const bool fluid_inside = (has_lo ? t_lo : t_hi) == CellType::fluid;
            int patch = -1;
            const double c1 = g.center(b1, ijk[b1]), c2 = g.center(b2, ijk[b2]);
            for (std::size_t p = 0; p < s.boundaries.size(); ++p) {
              const BoundaryPatch& bp = s.boundaries[p];
              if (static_cast<int>(bp.face) != f) continue;
              if (c1 >= bp.region.lo[b1] && c1 < bp.region.hi[b1] && c2 >= bp.region.lo[b2] &&
                  c2 < bp.region.hi[b2]) {
                patch = static_cast<int>(p);
                break;
              }
            }
            if (fluid_inside)
              id = static_cast<std::uint16_t>(patch >= 0 ? 7 + patch : 1 + f);
            else if (patch >= 0)
              ++patch_covered[patch];
          } else if (t_lo != t_hi) {
            const index_t solid_cell = t_lo == CellType::solid ? g.cell_index(lo[0], lo[1], lo[2])
                                                               : g.cell_index(i, j, k);
            id = static_cast<std::uint16_t>(obst0 + vg.cell_owner[solid_cell]);
          }
          fs[g.face_index(a, i, j, k)] = id;
          if (id) {
            vg.surfaces[id].face_count += 1;
            vg.surfaces[id].area += area;
          }
        }
  }
  for (std::size_t p = 0; p < s.boundaries.size(); ++p) {
    if (vg.surfaces[7 + p].face_count > 0) continue;
    const std::string ptr = "/boundaries/" + std::to_string(p);
    if (patch_covered[p] > 0)
      fail("FW-E0207", ptr, "boundary '" + s.boundaries[p].name +
                                "' is entirely covered by obstructions: no air touches it");
    fail("FW-E0205", ptr, "boundary '" + s.boundaries[p].name +
                              "' is smaller than one grid face and would vanish; refine the grid or enlarge it");
  }

  // Heat sources: power to fluid cells in proportion to the overlap volume.
  for (std::size_t h = 0; h < s.heat_sources.size(); ++h) {
    const HeatSource& src = s.heat_sources[h];
    VoxelHeatSource vh;
    vh.name = src.name;
    vh.declared_power = src.power;
    std::array<int, 3> lo{}, hi{};
    for (int a = 0; a < 3; ++a) {
      lo[a] = g.locate(a, src.box.lo[a]);
      hi[a] = g.locate(a, src.box.hi[a]);
    }
    std::vector<double> overlap;
    double total = 0;
    for (int k = lo[2]; k <= hi[2]; ++k)
      for (int j = lo[1]; j <= hi[1]; ++j)
        for (int i = lo[0]; i <= hi[0]; ++i) {
          const index_t c = g.cell_index(i, j, k);
          if (vg.cell_type[c] != CellType::fluid) continue;
          const double v = overlap_volume(src.box, g.cell_box(i, j, k));
          if (v <= 0) continue;
          vh.cells.push_back(c);
          overlap.push_back(v);
          total += v;
        }
    if (!(total > 0))
      fail("FW-E0206", "/heat_sources/" + std::to_string(h),
           "heat source '" + src.name + "' touches no air cell, so its power could go nowhere");
    vh.power.resize(overlap.size());
    double assigned = 0;
    for (std::size_t c = 0; c < overlap.size(); ++c) {
      vh.power[c] = src.power * (overlap[c] / total);
      assigned += vh.power[c];
    }
    // Put the round-off residue on the largest share so the sum matches the declared power.
    if (!vh.power.empty()) {
      const auto big = std::max_element(vh.power.begin(), vh.power.end()) - vh.power.begin();
      vh.power[static_cast<std::size_t>(big)] += src.power - assigned;
    }
    vg.heat_sources.push_back(std::move(vh));
  }
  return vg;
}

}  // namespace factwin
