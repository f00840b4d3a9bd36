// SPDX-License-Identifier: Apache-2.0
#include "model/validate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "factwin/core/units.hpp"

namespace factwin {
namespace detail {
namespace {

std::string fmt_num(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

std::string fmt_vec(const Vec3& v) {
  return "[" + fmt_num(v.x) + ", " + fmt_num(v.y) + ", " + fmt_num(v.z) + "]";
}

const char* axis_name(int a) { return a == 0 ? "x" : (a == 1 ? "y" : "z"); }

struct Checker {
  const Scenario& s;
  const Locator& where;
  const SolverSettings* settings = nullptr;  // checked too when given (the file's "solver" section)

  [[noreturn]] void fail(const char* code, const std::string& ptr, const std::string& msg) const {
    throw InputError(code, where(ptr), msg);
  }

  void positive(double v, const std::string& ptr, const std::string& what) const {
    if (!(v > 0) || !std::isfinite(v))
      fail("FW-E0114", ptr, what + " must be > 0 (got " + fmt_num(v) + ")");
  }

  // A box of an object: non-empty and inside the hall.
  void box_inside(const Box3& b, const std::string& ptr, const std::string& kind) const {
    for (int a = 0; a < 3; ++a)
      if (!(b.hi[a] > b.lo[a]))
        fail("FW-E0200", ptr + "/max/" + std::to_string(a),
             kind + " must have max > min along " + axis_name(a) + " (min " + fmt_num(b.lo[a]) +
                 ", max " + fmt_num(b.hi[a]) + "): zero or negative size");
    const Box3 h = s.hall.box();
    const double tol = 1e-9 * std::max({s.hall.extent.x, s.hall.extent.y, s.hall.extent.z});
    for (int a = 0; a < 3; ++a) {
      if (b.lo[a] < h.lo[a] - tol)
        fail("FW-E0201", ptr + "/min/" + std::to_string(a),
             kind + " lies outside the hall: min " + axis_name(a) + " = " + fmt_num(b.lo[a]) +
                 " m is below the hall's " + fmt_num(h.lo[a]) + " m; expected a box inside " +
                 fmt_vec(h.lo) + " .. " + fmt_vec(h.hi));
      if (b.hi[a] > h.hi[a] + tol)
        fail("FW-E0201", ptr + "/max/" + std::to_string(a),
             kind + " lies outside the hall: max " + axis_name(a) + " = " + fmt_num(b.hi[a]) +
                 " m is beyond the hall's " + fmt_num(h.hi[a]) + " m; expected a box inside " +
                 fmt_vec(h.lo) + " .. " + fmt_vec(h.hi));
    }
  }

  void condition(const SurfaceCondition& c, const std::string& ptr, bool on_hall_boundary) const {
    if (!on_hall_boundary &&
        (c.flow == FlowCondition::velocity_inlet || c.flow == FlowCondition::pressure_opening ||
         c.flow == FlowCondition::moving))
      fail("FW-E0115", ptr + "/type",
           "an obstruction surface can only be no_slip or slip (inlets, openings and moving walls "
           "belong on the hall walls as boundaries)");
    if (c.thermal == ThermalCondition::temperature) positive(c.temperature, ptr + "/temperature", "temperature");
    if (!std::isfinite(c.heat_flux)) fail("FW-E0114", ptr + "/heat_flux", "heat flux must be finite");
    if (c.flow == FlowCondition::velocity_inlet) {
      positive(c.inflow_speed, ptr + "/speed", "inlet speed");
      positive(c.inflow_temperature, ptr + "/temperature", "inflow temperature");
    }
    if (c.flow == FlowCondition::pressure_opening) {
      positive(c.inflow_temperature, ptr + "/temperature", "inflow temperature");
      if (!std::isfinite(c.pressure)) fail("FW-E0114", ptr + "/pressure", "pressure must be finite");
    }
  }

  void run() const {
    for (int a = 0; a < 3; ++a) {
      if (!(s.hall.extent[a] > 0) || !std::isfinite(s.hall.extent[a]))
        fail("FW-E0200", "/hall/extent/" + std::to_string(a),
             std::string("hall extent along ") + axis_name(a) + " must be > 0 (got " +
                 fmt_num(s.hall.extent[a]) + " m): zero or negative size");
      if (!std::isfinite(s.hall.origin[a]))
        fail("FW-E0114", "/hall/origin/" + std::to_string(a), "hall origin must be finite");
      if (s.grid.cells[a] < 1)
        fail("FW-E0301", "/grid/cells/" + std::to_string(a),
             std::string("the grid needs at least 1 cell along ") + axis_name(a) + " (got " +
                 std::to_string(s.grid.cells[a]) + ")");
      if (!std::isfinite(s.gravity[a]))
        fail("FW-E0114", "/gravity/" + std::to_string(a), "gravity must be finite");
    }
    const Fluid& f = s.fluid;
    positive(f.density, "/fluid/density", "density");
    positive(f.dynamic_viscosity, "/fluid/dynamic_viscosity", "dynamic viscosity");
    positive(f.specific_heat, "/fluid/specific_heat", "specific heat");
    positive(f.conductivity, "/fluid/conductivity", "conductivity");
    if (!(f.expansion_coefficient >= 0) || !std::isfinite(f.expansion_coefficient))
      fail("FW-E0114", "/fluid/expansion_coefficient", "expansion coefficient must be >= 0");
    positive(f.reference_temperature, "/fluid/reference_temperature", "reference temperature");

    if (settings) check_settings(*settings);

    for (int w = 0; w < 6; ++w)
      condition(s.hall.walls[w], std::string("/hall/walls/") + face_names[w], true);
    rest();
  }

  void check_settings(const SolverSettings& so) const {
    if (so.max_iterations < 1)
      fail("FW-E0114", "/solver/max_iterations", "max_iterations must be >= 1");
    positive(so.tolerance, "/solver/tolerance", "tolerance");
    positive(so.cfl, "/solver/cfl", "cfl");
    if (so.mode == SolveMode::transient)
      positive(so.end_time, "/solver/end_time", "end_time of a transient run");
    if (so.anderson_depth > 50 || so.anderson_depth < -1)
      fail("FW-E0114", "/solver/anderson_depth", "anderson_depth must be 0 ... 50 (got " + std::to_string(so.anderson_depth) + ")");
    if (so.anderson_depth > 0) {
      if (so.mode != SolveMode::steady || so.turbulence == TurbulenceModel::k_epsilon)
        fail("FW-E0110", "/solver/anderson_depth",
             "Anderson acceleration applies to the steady implicit iteration (laminar or zero_equation), "
             "not to transient or k_epsilon runs; remove the key or set it to 0");
    }
    if (so.initial_temperature != 0.0)
      positive(so.initial_temperature, "/solver/initial_temperature", "initial temperature");
  }

  void rest() const {

    std::map<std::string, std::string> names;  // name -> pointer of first use
    auto unique_name = [&](const std::string& name, const std::string& ptr) {
      if (name.empty()) fail("FW-E0114", ptr + "/name", "name must not be empty");
      auto [it, fresh] = names.emplace(name, ptr);
      if (!fresh)
        fail("FW-E0120", ptr + "/name",
             "name '" + name + "' is already used by " + it->second + "; names must be unique");
    };
    for (int w = 0; w < 6; ++w) unique_name(s.hall.wall_names[w], std::string("/hall/walls/") + face_names[w]);

    const Box3 hall = s.hall.box();
    for (std::size_t p = 0; p < s.boundaries.size(); ++p) {
      const BoundaryPatch& b = s.boundaries[p];
      const std::string ptr = "/boundaries/" + std::to_string(p);
      unique_name(b.name, ptr);
      const int ax = face_axis(b.face);
      const double plane = face_is_max(b.face) ? hall.hi[ax] : hall.lo[ax];
      const double tol = 1e-9 * std::max({s.hall.extent.x, s.hall.extent.y, s.hall.extent.z});
      if (std::abs(b.region.lo[ax] - plane) > tol || std::abs(b.region.hi[ax] - plane) > tol)
        fail("FW-E0204", ptr + "/min/" + std::to_string(ax),
             std::string("boundary on wall ") + face_names[static_cast<int>(b.face)] +
                 " must lie in its plane " + axis_name(ax) + " = " + fmt_num(plane) + " m (min " +
                 fmt_num(b.region.lo[ax]) + ", max " + fmt_num(b.region.hi[ax]) + ")");
      for (int a = 0; a < 3; ++a) {
        if (a == ax) continue;
        if (!(b.region.hi[a] > b.region.lo[a]))
          fail("FW-E0200", ptr + "/max/" + std::to_string(a),
               std::string("boundary must have max > min along ") + axis_name(a) +
                   ": zero or negative size");
        if (b.region.lo[a] < hall.lo[a] - tol || b.region.hi[a] > hall.hi[a] + tol)
          fail("FW-E0201", ptr + (b.region.lo[a] < hall.lo[a] - tol ? "/min/" : "/max/") + std::to_string(a),
               std::string("boundary extends beyond its wall along ") + axis_name(a) +
                   "; expected it within " + fmt_num(hall.lo[a]) + " .. " + fmt_num(hall.hi[a]) + " m");
      }
      condition(b.condition, ptr, true);
      if (b.condition.flow == FlowCondition::moving && b.condition.velocity[ax] != 0.0)
        fail("FW-E0114", ptr + "/velocity/" + std::to_string(ax),
             "a moving wall moves along its plane: the normal velocity component must be 0");
      for (std::size_t q = 0; q < p; ++q) {
        const BoundaryPatch& o = s.boundaries[q];
        if (o.face != b.face) continue;
        double area = 1.0;
        for (int a = 0; a < 3; ++a) {
          if (a == ax) continue;
          area *= std::max(0.0, std::min(b.region.hi[a], o.region.hi[a]) -
                                    std::max(b.region.lo[a], o.region.lo[a]));
        }
        if (area > 0)
          fail("FW-E0202", ptr, "boundary '" + b.name + "' overlaps boundary '" + o.name +
                                    "' (/boundaries/" + std::to_string(q) + ") on wall " +
                                    face_names[static_cast<int>(b.face)]);
      }
    }
    struct Placed {
      std::string ptr, name;
      Box3 box;
    };
    std::vector<Placed> placed;
    auto place = [&](const Box3& box, const std::string& ptr, const std::string& name,
                     const std::string& kind) {
      box_inside(box, ptr, kind);
      for (const Placed& o : placed)
        if (overlap_volume(box, o.box) > 0)
          fail("FW-E0202", ptr,
               kind + " '" + name + "' overlaps '" + o.name + "' (" + o.ptr + "): " + fmt_vec(box.lo) +
                   " .. " + fmt_vec(box.hi) + " intersects " + fmt_vec(o.box.lo) + " .. " +
                   fmt_vec(o.box.hi));
      placed.push_back({ptr, name, box});
    };
    for (std::size_t i = 0; i < s.obstructions.size(); ++i) {
      const Obstruction& o = s.obstructions[i];
      const std::string ptr = "/obstructions/" + std::to_string(i);
      unique_name(o.name, ptr);
      place(o.box, ptr, o.name, "obstruction");
      condition(o.surface, ptr, false);
    }
    const double htol = 1e-9 * std::max({s.hall.extent.x, s.hall.extent.y, s.hall.extent.z});
    for (std::size_t i = 0; i < s.racks.size(); ++i) {
      const Rack& r = s.racks[i];
      const std::string ptr = "/racks/" + std::to_string(i);
      unique_name(r.name, ptr);
      place(r.box, ptr, r.name, "rack");
      if (r.front < 0 || r.front > 3)
        fail("FW-E0115", ptr + "/front", "a rack front faces x_min, x_max, y_min or y_max");
      if (!(r.power >= 0)) fail("FW-E0114", ptr + "/power", "rack power must be >= 0");
      if (!(r.airflow > 0)) fail("FW-E0114", ptr + "/airflow", "rack airflow must be > 0");
      if (!(r.liquid_fraction >= 0 && r.liquid_fraction <= 1))
        fail("FW-E0114", ptr + "/liquid_fraction", "liquid_fraction must be between 0 and 1");
      if (s.raised_floor.present && r.box.lo.z < hall.lo.z + s.raised_floor.height - htol)
        fail("FW-E0213", ptr + "/min/2",
             "rack '" + r.name + "' reaches into the raised-floor plenum (its base must be at or above " +
                 fmt_num(hall.lo.z + s.raised_floor.height) + " m)");
      for (int side : {r.front, r.front ^ 1}) {
        const int ax = side / 2;
        const double plane = (side % 2) ? r.box.hi[ax] : r.box.lo[ax];
        const double wall = (side % 2) ? hall.hi[ax] : hall.lo[ax];
        if (std::abs(plane - wall) <= htol)
          fail("FW-E0209", ptr + "/front",
               std::string("the ") + (side == r.front ? "intake" : "exhaust") + " face of rack '" + r.name +
                   "' lies on the hall wall " + face_names[side] + ", which blocks it; move the rack or turn it");
      }
    }
    for (std::size_t i = 0; i < s.coolers.size(); ++i) {
      const Cooler& c = s.coolers[i];
      const std::string ptr = "/coolers/" + std::to_string(i);
      unique_name(c.name, ptr);
      place(c.box, ptr, c.name, "cooler");
      if (!(c.airflow > 0))
        fail("FW-E0211", ptr + "/airflow", "a cooler needs airflow > 0 (mark it failed to switch it off)");
      positive(c.setpoint, ptr + "/setpoint", "setpoint temperature");
      for (int side : {c.return_face, c.supply_face}) {
        const int ax = side / 2;
        const double plane = (side % 2) ? c.box.hi[ax] : c.box.lo[ax];
        const double wall = (side % 2) ? hall.hi[ax] : hall.lo[ax];
        if (std::abs(plane - wall) <= htol)
          fail("FW-E0209", ptr + (side == c.return_face ? "/return_face" : "/supply_face"),
               std::string("the ") + (side == c.return_face ? "return" : "supply") + " face of cooler '" +
                   c.name + "' lies on the hall wall " + face_names[side] + ", which blocks it");
      }
    }
    if (s.raised_floor.present) {
      if (!(s.raised_floor.height > 0) || s.raised_floor.height >= s.hall.extent.z - htol)
        fail("FW-E0200", "/raised_floor/height", "raised-floor height must be > 0 and below the hall height");
    }
    for (std::size_t i = 0; i < s.raised_floor.tiles.size(); ++i) {
      const FloorTile& t = s.raised_floor.tiles[i];
      const std::string ptr = "/raised_floor/tiles/" + std::to_string(i);
      unique_name(t.name, ptr);
      for (int a = 0; a < 2; ++a) {
        if (!(t.region.hi[a] > t.region.lo[a]))
          fail("FW-E0200", ptr + "/max/" + std::to_string(a), "tile must have max > min: zero or negative size");
        if (t.region.lo[a] < hall.lo[a] - htol || t.region.hi[a] > hall.hi[a] + htol)
          fail("FW-E0214", ptr, "tile '" + t.name + "' lies outside the raised-floor plenum (the hall footprint)");
      }
      if (!(t.open_area > 0 && t.open_area < 1))
        fail("FW-E0114", ptr + "/open_area", "open_area must be between 0 and 1 (exclusive)");
      for (std::size_t j = 0; j < i; ++j) {
        const FloorTile& o = s.raised_floor.tiles[j];
        const double ox = std::min(t.region.hi.x, o.region.hi.x) - std::max(t.region.lo.x, o.region.lo.x);
        const double oy = std::min(t.region.hi.y, o.region.hi.y) - std::max(t.region.lo.y, o.region.lo.y);
        if (ox > 0 && oy > 0)
          fail("FW-E0202", ptr, "tile '" + t.name + "' overlaps tile '" + o.name + "'");
      }
    }
    for (std::size_t i = 0; i < s.panels.size(); ++i) {
      const Panel& p = s.panels[i];
      const std::string ptr = "/panels/" + std::to_string(i);
      unique_name(p.name, ptr);
      int thin = 0;
      for (int a = 0; a < 3; ++a) {
        if (p.region.hi[a] < p.region.lo[a])
          fail("FW-E0200", ptr + "/max/" + std::to_string(a), "panel must have max >= min");
        if (p.region.hi[a] == p.region.lo[a]) ++thin;
        if (p.region.lo[a] < hall.lo[a] - htol || p.region.hi[a] > hall.hi[a] + htol)
          fail("FW-E0201", ptr, "panel '" + p.name + "' lies outside the hall");
      }
      if (thin != 1)
        fail("FW-E0200", ptr, "a panel is flat: min and max must be equal along exactly one axis (got " +
                                  std::to_string(thin) + ")");
    }
    for (std::size_t i = 0; i < s.rear_doors.size(); ++i) {
      const RearDoor& d = s.rear_doors[i];
      const std::string ptr = "/rear_doors/" + std::to_string(i);
      bool found = false;
      for (const Rack& r : s.racks) found |= r.name == d.rack;
      if (!found) fail("FW-E0212", ptr + "/rack", "no rack is named '" + d.rack + "'");
      for (std::size_t j = 0; j < i; ++j)
        if (s.rear_doors[j].rack == d.rack)
          fail("FW-E0202", ptr + "/rack", "rack '" + d.rack + "' already has a rear door (/rear_doors/" + std::to_string(j) + ")");
    }
    for (std::size_t i = 0; i < s.heat_sources.size(); ++i) {
      const HeatSource& h = s.heat_sources[i];
      const std::string ptr = "/heat_sources/" + std::to_string(i);
      unique_name(h.name, ptr);
      place(h.box, ptr, h.name, "heat source");
      if (!(h.power >= 0) || !std::isfinite(h.power))
        fail("FW-E0114", ptr + "/power", "power must be >= 0 (got " + fmt_num(h.power) + " W)");
    }
  }
};

}  // namespace

Locator plain_locator(const Scenario& s) {
  return [file = s.source_file](const std::string& ptr) { return InputLocation{file, 0, 0, ptr}; };
}

void validate(const Scenario& s, const Locator& where, const SolverSettings* settings) {
  Checker{s, where, settings}.run();
}

}  // namespace detail

void validate(const Scenario& s) { detail::validate(s, detail::plain_locator(s)); }

void validate(const SolverSettings& settings, const std::string& source_file) {
  Scenario none;
  none.source_file = source_file;
  const detail::Locator where = detail::plain_locator(none);
  detail::Checker{none, where, &settings}.check_settings(settings);
}

double Scenario::total_rack_power() const {
  double p = 0;
  for (const auto& r : racks) p += r.power;
  return p;
}

double Scenario::total_heat_power() const {
  double p = 0;
  for (const auto& h : heat_sources) p += h.power;
  return p;
}

int effective_anderson_depth(const Scenario& s, const SolverSettings& v) {
  if (v.anderson_depth >= 0) return v.anderson_depth;
  const bool applies = v.mode == SolveMode::steady && v.turbulence != TurbulenceModel::k_epsilon &&
                       s.racks.empty() && s.coolers.empty();
  return applies ? 8 : 0;
}

}  // namespace factwin
