// SPDX-License-Identifier: Apache-2.0
#include "factwin/grid/voxelize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "factwin/core/error.hpp"
#include "factwin/core/units.hpp"
#include "factwin/core/exec.hpp"
#include "model/validate.hpp"

namespace factwin {
namespace {


// Bytes per cell of the arrays voxelize allocates: cell type, owner, three face surface ids.
constexpr std::size_t grid_bytes_per_cell = sizeof(CellType) + sizeof(std::int32_t) + 3 * sizeof(std::uint16_t);

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

VoxelGrid voxelize(const Scenario& s, std::size_t available_memory) {
  const auto where = detail::plain_locator(s);
  auto fail = [&](const char* code, const std::string& ptr, const std::string& msg) {
    throw InputError(code, where(ptr), msg);
  };
  detail::validate(s, where);  // a scenario built in C++ gets the reader's checks too

  const index_t ncell = static_cast<index_t>(s.grid.cells[0]) * s.grid.cells[1] * s.grid.cells[2];
  // The grid's own arrays (cell flags and owners, face surface ids); the solver's memory is checked
  // by its own module before it allocates (airflow::check_memory).
  const std::size_t limit = available_memory > 0 ? available_memory : host_available_memory();
  const double need = static_cast<double>(ncell) * static_cast<double>(grid_bytes_per_cell);
  if (limit > 0 && need > static_cast<double>(limit)) {
    std::ostringstream os;
    os << "the grid of " << s.grid.cells[0] << " x " << s.grid.cells[1] << " x " << s.grid.cells[2]
       << " = " << ncell << " cells needs about " << units::format_gib(need) << " for its geometry alone ("
       << grid_bytes_per_cell << " B per cell) but only " << units::format_gib(static_cast<double>(limit))
       << " is available; use a coarser grid";
    fail("FW-E0300", "/grid", os.str());
  }

  VoxelGrid vg;
  vg.grid = StructuredGrid::uniform(s.hall.origin, s.hall.extent, s.grid.cells);
  const StructuredGrid& g = vg.grid;
  const Dims n = g.cells();
  vg.cell_type.assign(static_cast<std::size_t>(ncell), CellType::fluid);
  vg.cell_owner.assign(static_cast<std::size_t>(ncell), -1);

  // ---- surfaces: 0 interior, 1..6 hall walls, boundary patches, then one or three per body,
  // then panels, raised-floor slab and tiles.
  const Box3 hb = s.hall.box();
  vg.surfaces.emplace_back();
  vg.surfaces[0].name = "(interior)";
  auto add_surface = [&](std::string name, SurfaceKind kind, int source, const SurfaceCondition& c,
                         double declared) {
    if (vg.surfaces.size() >= std::numeric_limits<std::uint16_t>::max())
      fail("FW-E0208", "", "too many surfaces; at most 65535");
    SurfaceInfo si;
    si.name = std::move(name);
    si.kind = kind;
    si.source_index = source;
    si.condition = c;
    si.declared_area = declared;
    vg.surfaces.push_back(std::move(si));
    return static_cast<std::uint16_t>(vg.surfaces.size() - 1);
  };
  for (int f = 0; f < 6; ++f) {
    const int ax = face_axis(static_cast<Face>(f));
    add_surface(s.hall.wall_names[f], SurfaceKind::hall_wall, f, s.hall.walls[f],
                hb.size((ax + 1) % 3) * hb.size((ax + 2) % 3));
  }
  const std::uint16_t patch0 = static_cast<std::uint16_t>(vg.surfaces.size());
  for (std::size_t p = 0; p < s.boundaries.size(); ++p) {
    const BoundaryPatch& b = s.boundaries[p];
    const int ax = face_axis(b.face);
    add_surface(b.name, SurfaceKind::patch, static_cast<int>(p), b.condition,
                b.region.size((ax + 1) % 3) * b.region.size((ax + 2) % 3));
  }

  // ---- solid bodies: obstructions, racks, coolers (cell-centre rule)
  struct BodySpec {
    const Box3* box;
    std::string ptr;
  };
  std::vector<BodySpec> specs;
  SurfaceCondition wall;  // plain faces of devices: no-slip, adiabatic
  for (std::size_t o = 0; o < s.obstructions.size(); ++o) {
    VoxelBody b;
    b.name = s.obstructions[o].name;
    b.kind = BodyKind::obstruction;
    b.source_index = static_cast<int>(o);
    b.surface = add_surface(b.name, SurfaceKind::obstruction, static_cast<int>(o), s.obstructions[o].surface, 0);
    vg.bodies.push_back(b);
    specs.push_back({&s.obstructions[o].box, "/obstructions/" + std::to_string(o)});
  }
  for (std::size_t r = 0; r < s.racks.size(); ++r) {
    const Rack& rk = s.racks[r];
    VoxelBody b;
    b.name = rk.name;
    b.kind = BodyKind::rack;
    b.source_index = static_cast<int>(r);
    b.flow = rk.airflow * (1.0 - rk.recirculation);  // room share; the rest recirculates inside
    b.surface = add_surface(rk.name, SurfaceKind::obstruction, static_cast<int>(r), wall, 0);
    SurfaceCondition in, out;
    in.flow = out.flow = FlowCondition::velocity_inlet;
    in.inflow_temperature = out.inflow_temperature = s.fluid.reference_temperature;
    b.in_surface = add_surface(rk.name + ":intake", SurfaceKind::device_in, static_cast<int>(r), in, 0);
    b.out_surface = add_surface(rk.name + ":exhaust", SurfaceKind::device_out, static_cast<int>(r), out, 0);
    vg.bodies.push_back(b);
    specs.push_back({&rk.box, "/racks/" + std::to_string(r)});
  }
  for (std::size_t c = 0; c < s.coolers.size(); ++c) {
    const Cooler& cl = s.coolers[c];
    VoxelBody b;
    b.name = cl.name;
    b.kind = BodyKind::cooler;
    b.source_index = static_cast<int>(c);
    b.flow = cl.failed ? 0.0 : cl.airflow;
    b.surface = add_surface(cl.name, SurfaceKind::obstruction, static_cast<int>(c), wall, 0);
    SurfaceCondition in, out;
    in.flow = out.flow = cl.failed ? FlowCondition::no_slip : FlowCondition::velocity_inlet;
    in.inflow_temperature = out.inflow_temperature = cl.setpoint;
    b.in_surface = add_surface(cl.name + ":return", SurfaceKind::device_in, static_cast<int>(c), in, 0);
    b.out_surface = add_surface(cl.name + ":supply", SurfaceKind::device_out, static_cast<int>(c), out, 0);
    vg.bodies.push_back(b);
    specs.push_back({&cl.box, "/coolers/" + std::to_string(c)});
  }
  for (std::size_t bi = 0; bi < vg.bodies.size(); ++bi) {
    const Box3& b = *specs[bi].box;
    std::array<std::pair<int, int>, 3> r;
    for (int a = 0; a < 3; ++a) {
      r[a] = centre_range(g, a, b.lo[a], b.hi[a]);
      if (r[a].first >= r[a].second) {
        std::ostringstream os;
        os << "'" << vg.bodies[bi].name << "' is " << b.size(a) << " m thick along " << axis_name(a)
           << " and covers no cell centre at spacing " << g.spacing(a)
           << " m, so it would vanish from the grid; refine the grid or enlarge it";
        fail("FW-E0205", specs[bi].ptr, os.str());
      }
    }
    for (int k = r[2].first; k < r[2].second; ++k)
      for (int j = r[1].first; j < r[1].second; ++j)
        for (int i = r[0].first; i < r[0].second; ++i) {
          const index_t c = g.cell_index(i, j, k);
          vg.cell_type[c] = CellType::solid;
          vg.cell_owner[c] = static_cast<std::int32_t>(bi);
          vg.bodies[bi].volume += g.cell_volume(i, j, k);
        }
  }
  vg.obstruction_volume.resize(s.obstructions.size());
  for (std::size_t o = 0; o < s.obstructions.size(); ++o) vg.obstruction_volume[o] = vg.bodies[o].volume;
  vg.fluid_cells = static_cast<index_t>(std::count(vg.cell_type.begin(), vg.cell_type.end(), CellType::fluid));
  if (vg.fluid_cells == 0)
    fail("FW-E0203", "/obstructions", "the hall holds no air: every cell is inside an obstruction");

  // Which surface a solid body's face carries: `side` is the body's face (2*axis + is_max).
  auto body_face_surface = [&](std::size_t bi, int side) -> std::uint16_t {
    const VoxelBody& b = vg.bodies[bi];
    if (b.kind == BodyKind::rack) {
      const int front = s.racks[b.source_index].front;
      if (side == front) return b.in_surface;
      if (side == (front ^ 1)) return b.out_surface;
    } else if (b.kind == BodyKind::cooler) {
      const Cooler& c = s.coolers[b.source_index];
      if (side == c.return_face) return b.in_surface;
      if (side == c.supply_face) return b.out_surface;
    }
    return b.surface;
  };

  // ---- thin panels, the raised-floor slab and its tiles: faces between two air cells
  struct Sheet {
    int axis;
    int plane;  // node index along axis
    Box3 region;
    std::uint16_t id;
    std::string ptr;
    index_t faces = 0;
    bool whole_plane = false;  // the slab: everything not claimed by a tile
  };
  std::vector<Sheet> sheets;  // tiles first (they win over the slab), then panels, then the slab
  auto sheet_plane = [&](int axis, double x, const std::string& ptr, const std::string& what) {
    const int plane = g.nearest_node(axis, x);
    if (plane <= 0 || plane >= n[axis])
      fail("FW-E0215", ptr, what + " lies within half a cell of the hall boundary, where it would "
                                   "coincide with the wall; move it or refine the grid");
    return plane;
  };
  if (s.raised_floor.present) {
    const double zf = hb.lo.z + s.raised_floor.height;
    const int plane = sheet_plane(2, zf, "/raised_floor/height", "the raised-floor slab");
    for (std::size_t t = 0; t < s.raised_floor.tiles.size(); ++t) {
      const FloorTile& ft = s.raised_floor.tiles[t];
      SurfaceCondition c;
      c.flow = FlowCondition::porous;
      c.loss_coefficient = perforated_plate_loss(ft.open_area);
      const std::uint16_t id = add_surface(ft.name, SurfaceKind::porous, static_cast<int>(t), c,
                                           ft.region.size(0) * ft.region.size(1));
      sheets.push_back({2, plane, ft.region, id, "/raised_floor/tiles/" + std::to_string(t)});
    }
  }
  for (std::size_t p = 0; p < s.panels.size(); ++p) {
    const Panel& pn = s.panels[p];
    int axis = 0;
    for (int a = 0; a < 3; ++a)
      if (pn.region.lo[a] == pn.region.hi[a]) axis = a;
    const std::string ptr = "/panels/" + std::to_string(p);
    SurfaceCondition c;
    if (pn.open_area > 0) {
      c.flow = FlowCondition::porous;
      c.loss_coefficient = perforated_plate_loss(pn.open_area);
    }
    const std::uint16_t id = add_surface(pn.name, pn.open_area > 0 ? SurfaceKind::porous : SurfaceKind::panel,
                                         static_cast<int>(p), c,
                                         pn.region.size((axis + 1) % 3) * pn.region.size((axis + 2) % 3));
    sheets.push_back({axis, sheet_plane(axis, pn.region.lo[axis], ptr, "panel '" + pn.name + "'"), pn.region,
                      id, ptr});
  }
  if (s.raised_floor.present) {
    const double zf = hb.lo.z + s.raised_floor.height;
    const std::uint16_t id = add_surface("raised_floor", SurfaceKind::panel, 0, SurfaceCondition{},
                                         hb.size(0) * hb.size(1));
    Sheet slab{2, g.nearest_node(2, zf), hb, id, "/raised_floor", 0, true};
    sheets.push_back(slab);
  }

  // ---- faces
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
          const index_t c_lo = has_lo ? g.cell_index(lo[0], lo[1], lo[2]) : -1;
          const index_t c_hi = has_hi ? g.cell_index(i, j, k) : -1;
          const CellType t_lo = has_lo ? vg.cell_type[c_lo] : CellType::solid;
          const CellType t_hi = has_hi ? vg.cell_type[c_hi] : CellType::solid;
          std::uint16_t id = 0;
          const double area = g.width(b1, ijk[b1]) * g.width(b2, ijk[b2]);
          const double c1 = g.center(b1, ijk[b1]), c2 = g.center(b2, ijk[b2]);
          if (!has_lo || !has_hi) {
            const int f = 2 * a + (has_lo ? 1 : 0);
            const bool fluid_inside = (has_lo ? t_lo : t_hi) == CellType::fluid;
            int patch = -1;
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
              id = static_cast<std::uint16_t>(patch >= 0 ? patch0 + patch : 1 + f);
            else if (patch >= 0)
              ++patch_covered[patch];
          } else if (t_lo != t_hi) {
            const bool solid_low = t_lo == CellType::solid;
            const std::size_t bi = static_cast<std::size_t>(vg.cell_owner[solid_low ? c_lo : c_hi]);
            id = body_face_surface(bi, 2 * a + (solid_low ? 1 : 0));
          } else if (t_lo == CellType::fluid) {
            for (Sheet& sh : sheets) {
              if (sh.axis != a || sh.plane != ia) continue;
              if (!sh.whole_plane && !(c1 >= sh.region.lo[b1] && c1 < sh.region.hi[b1] &&
                                       c2 >= sh.region.lo[b2] && c2 < sh.region.hi[b2]))
                continue;
              id = sh.id;
              ++sh.faces;
              break;
            }
          }
          fs[g.face_index(a, i, j, k)] = id;
          if (id) {
            vg.surfaces[id].face_count += 1;
            vg.surfaces[id].area += area;
          }
        }
  }
  for (std::size_t p = 0; p < s.boundaries.size(); ++p) {
    if (vg.surfaces[patch0 + p].face_count > 0) continue;
    const std::string ptr = "/boundaries/" + std::to_string(p);
    if (patch_covered[p] > 0)
      fail("FW-E0207", ptr, "boundary '" + s.boundaries[p].name +
                                "' is entirely covered by obstructions: no air touches it");
    fail("FW-E0205", ptr, "boundary '" + s.boundaries[p].name +
                              "' is smaller than one grid face and would vanish; refine the grid or enlarge it");
  }
  for (const Sheet& sh : sheets)
    if (!sh.whole_plane && sh.faces == 0)
      fail("FW-E0205", sh.ptr, "'" + vg.surfaces[sh.id].name +
                                   "' covers no grid face between two air cells and would vanish; refine the "
                                   "grid, enlarge it, or move it off solid bodies");
  // Devices: their flow faces must touch air; speeds follow from the voxelised area so that the
  // volume flow is exact.
  for (std::size_t bi = 0; bi < vg.bodies.size(); ++bi) {
    VoxelBody& b = vg.bodies[bi];
    if (b.kind == BodyKind::obstruction) continue;
    for (std::uint16_t sid : {b.in_surface, b.out_surface}) {
      SurfaceInfo& si = vg.surfaces[sid];
      if (si.face_count == 0)
        fail("FW-E0209", specs[bi].ptr,
             "the " + si.name.substr(si.name.find(':') + 1) + " face of '" + b.name +
                 "' is blocked: no air cell touches it (a wall or another body covers it)");
      si.declared_area = si.area;
      const double speed = b.flow / si.area;
      si.condition.inflow_speed = sid == b.in_surface ? -speed : speed;
    }
  }

  // ---- heat sources: power to fluid cells in proportion to the overlap volume.
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

double perforated_plate_loss(double f) {
  // Idelchik, Handbook of Hydraulic Resistance, 3rd ed. (1994), Diagram 8-1: thin sharp-edged
  // perforated plate at Re > 1e5, loss referred to the approach velocity:
  //   zeta = (0.707 (1 - f)^0.375 + 1 - f)^2 / f^2
  if (!(f > 0 && f <= 1)) throw std::invalid_argument("open-area ratio must be in (0, 1]");
  const double t = 0.707 * std::pow(1.0 - f, 0.375) + 1.0 - f;
  return t * t / (f * f);
}

}  // namespace factwin
