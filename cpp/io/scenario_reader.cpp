// SPDX-License-Identifier: Apache-2.0
// JSON scenario -> Scenario, with every error located (file:line:column and JSON pointer).
#include "factwin/io/scenario_reader.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "factwin/core/error.hpp"
#include "factwin/core/units.hpp"
#include "model/validate.hpp"
#include "io/power_reader.hpp"
#include "io/json_node.hpp"
#include "io/liquid_reader.hpp"

namespace factwin::io {
namespace {

using nlohmann::json;
using units::Dimension;
using detail::Doc;
using detail::Node;

constexpr int current_format = 1;


int face_from(const Node& n) {
  const std::string s = n.string();
  for (int f = 0; f < 6; ++f)
    if (s == face_names[f]) return f;
  n.fail("FW-E0115", "\"" + s + "\" is not a wall; expected one of: x_min, x_max, y_min, y_max, z_min, z_max");
}

// Surface condition keys shared by hall walls, boundaries and obstructions.
SurfaceCondition read_condition(const Node& n, double patch_area, bool obstruction) {
  SurfaceCondition c;
  if (auto t = n.get("type")) {
    c.flow = obstruction ? t->choice<FlowCondition>({{"no_slip", FlowCondition::no_slip},
                                                     {"slip", FlowCondition::slip}})
                         : t->choice<FlowCondition>({{"no_slip", FlowCondition::no_slip},
                                                     {"slip", FlowCondition::slip},
                                                     {"moving_wall", FlowCondition::moving},
                                                     {"velocity_inlet", FlowCondition::velocity_inlet},
                                                     {"pressure_opening", FlowCondition::pressure_opening}});
  }
  const bool is_wall = c.flow == FlowCondition::no_slip || c.flow == FlowCondition::slip ||
                       c.flow == FlowCondition::moving;
  auto forbid = [&](const char* key, const char* why) {
    if (auto k = n.get(key)) k->fail("FW-E0110", std::string("key \"") + key + "\" " + why, true);
  };
  if (is_wall) {
    forbid("speed", "applies to velocity_inlet only");
    forbid("flow_rate", "applies to velocity_inlet only");
    forbid("pressure", "applies to pressure_opening only");
    const auto t = n.get("temperature");
    const auto q = n.get("heat_flux");
    if (t && q)
      q->fail("FW-E0110", "a wall has either a fixed \"temperature\" or a fixed \"heat_flux\", not both", true);
    if (t) {
      c.thermal = ThermalCondition::temperature;
      c.temperature = t->quantity(Dimension::temperature);
    } else if (q) {
      c.thermal = ThermalCondition::heat_flux;
      c.heat_flux = q->quantity(Dimension::heat_flux);
    }
    if (c.flow == FlowCondition::moving) {
      c.velocity = n.at("velocity").vec3(Dimension::velocity);
    } else {
      forbid("velocity", "applies to moving_wall only");
    }
  } else {
    forbid("heat_flux", "applies to walls only");
    forbid("velocity", "applies to moving_wall only");
    c.inflow_temperature = n.at("temperature").quantity(Dimension::temperature);
    if (c.flow == FlowCondition::velocity_inlet) {
      forbid("pressure", "applies to pressure_opening only");
      const auto sp = n.get("speed");
      const auto fr = n.get("flow_rate");
      if (sp && fr) fr->fail("FW-E0110", "give either \"speed\" or \"flow_rate\", not both", true);
      if (!sp && !fr) n.fail("FW-E0111", "a velocity_inlet needs \"speed\" or \"flow_rate\"");
      if (sp) {
        c.inflow_speed = sp->quantity(Dimension::velocity);
        if (!(c.inflow_speed > 0)) sp->fail("FW-E0114", "inlet speed must be > 0");
      } else {
        const double q = fr->quantity(Dimension::volume_flow);
        if (!(q > 0)) fr->fail("FW-E0114", "flow rate must be > 0");
        if (!(patch_area > 0)) fr->fail("FW-E0200", "flow rate needs a boundary of non-zero area");
        c.inflow_speed = q / patch_area;
      }
    } else {
      forbid("speed", "applies to velocity_inlet only");
      forbid("flow_rate", "applies to velocity_inlet only");
      c.pressure = n.has("pressure") ? n.at("pressure").quantity(Dimension::pressure) : 0.0;
    }
  }
  return c;
}

#define FW_CONDITION_KEYS "type", "temperature", "heat_flux", "velocity", "speed", "flow_rate", "pressure"

Box3 read_box(const Node& n) {
  return {n.at("min").vec3(Dimension::length), n.at("max").vec3(Dimension::length)};
}

int side_face(const Node& n, bool horizontal_only) {
  const int f = face_from(n);
  if (horizontal_only && f >= 4)
    n.fail("FW-E0115", "a rack front faces sideways; expected one of: x_min, x_max, y_min, y_max");
  return f;
}

double fraction(const Node& n, bool open_interval) {
  const double v = n.quantity(Dimension::dimensionless);
  if (open_interval ? !(v > 0 && v < 1) : !(v >= 0 && v <= 1))
    n.fail("FW-E0114", std::string("must be ") + (open_interval ? "between 0 and 1 (exclusive)" : "between 0 and 1") +
                           " (got " + n.raw().dump() + ")");
  return v;
}

void read_equipment(const Node& root, Scenario& s) {
  if (auto a = root.get("ashrae_class")) {
    s.ashrae_class = a->choice<std::string>({{"A1", "A1"}, {"A2", "A2"}, {"A3", "A3"}, {"A4", "A4"}, {"H1", "H1"}});
  }
  if (auto rs = root.get("racks")) {
    const std::size_t n = rs->array_size(0, 100000, "an array of racks");
    for (std::size_t i = 0; i < n; ++i) {
      const Node r = (*rs)[i];
      r.allow_keys({"name", "min", "max", "front", "power", "airflow", "delta_t", "liquid_fraction",
                    "airflow_per_kelvin", "airflow_reference_temperature", "recirculation", "utilisation"});
      Rack k;
      k.name = r.at("name").string();
      k.box = read_box(r);
      if (auto f = r.get("front")) k.front = side_face(*f, true);
      const Node pw = r.at("power");
      k.power = pw.quantity(Dimension::power);
      if (!(k.power >= 0)) pw.fail("FW-E0114", "rack power must be >= 0");
      if (auto lf = r.get("liquid_fraction")) k.liquid_fraction = fraction(*lf, false);
      const auto af = r.get("airflow");
      const auto dt = r.get("delta_t");
      if (af && dt) dt->fail("FW-E0110", "give either \"airflow\" or \"delta_t\" (design temperature rise), not both", true);
      if (!af && !dt) r.fail("FW-E0111", "a rack needs \"airflow\" or \"delta_t\" (design temperature rise)");
      const double air_power = (1.0 - k.liquid_fraction) * k.power;
      if (af) {
        k.airflow = af->quantity(Dimension::volume_flow);
        if (!(k.airflow > 0)) af->fail("FW-E0114", "rack airflow must be > 0");
        // Physical limit: the air-side heat must be carried with a rise below 50 K.
        const double rise = air_power / (s.fluid.density * s.fluid.specific_heat * k.airflow);
        if (rise > 50.0)
          af->fail("FW-E0210", "airflow cannot carry the rack's air-side heat: it would heat the air by " +
                                   std::to_string(static_cast<int>(rise)) +
                                   " K (more than 50 K); give more airflow or a liquid_fraction");
      } else {
        const double d = dt->quantity(Dimension::temperature_difference);
        if (!(d > 0) || d > 50.0)
          dt->fail("FW-E0210", "design temperature rise must be > 0 and at most 50 K (got " + dt->raw().dump() + ")");
        if (!(air_power > 0))
          dt->fail("FW-E0210", "a rack with no air-side heat needs \"airflow\", not \"delta_t\"");
        k.airflow = air_power / (s.fluid.density * s.fluid.specific_heat * d);
      }
      if (auto a = r.get("airflow_per_kelvin")) {
        k.airflow_per_kelvin = a->quantity(Dimension::expansion);
        if (!(k.airflow_per_kelvin >= 0) || k.airflow_per_kelvin > 1)
          a->fail("FW-E0114", "airflow_per_kelvin must be between 0 and 1 per K");
        k.airflow_reference_temperature = r.at("airflow_reference_temperature").quantity(Dimension::temperature);
      }
      if (auto rc = r.get("recirculation")) k.recirculation = fraction(*rc, false);
      if (k.recirculation >= 1.0) r.at("recirculation").fail("FW-E0114", "recirculation must be < 1");
      if (auto u = r.get("utilisation")) k.utilisation = fraction(*u, false);
      s.racks.push_back(std::move(k));
    }
  }
  if (auto cs = root.get("coolers")) {
    const std::size_t n = cs->array_size(0, 10000, "an array of coolers");
    for (std::size_t i = 0; i < n; ++i) {
      const Node c = (*cs)[i];
      c.allow_keys({"name", "kind", "min", "max", "return_face", "supply_face", "airflow", "control",
                    "setpoint", "capacity", "failed", "coil"});
      Cooler k;
      k.name = c.at("name").string();
      if (auto kd = c.get("kind"))
        k.kind = kd->choice<CoolerKind>({{"crah", CoolerKind::crah}, {"crac", CoolerKind::crac}, {"in_row", CoolerKind::in_row}});
      k.box = read_box(c);
      if (k.kind == CoolerKind::in_row) {
        k.return_face = 3;
        k.supply_face = 2;
      }
      if (auto f = c.get("return_face")) k.return_face = face_from(*f);
      if (auto f = c.get("supply_face")) k.supply_face = face_from(*f);
      if (k.return_face == k.supply_face)
        c.at("supply_face").fail("FW-E0114", "supply and return must be different faces of the cooler");
      const Node af = c.at("airflow");
      k.airflow = af.quantity(Dimension::volume_flow);
      if (!(k.airflow > 0)) af.fail("FW-E0211", "a cooler needs airflow > 0 (set \"failed\": true to switch it off)");
      if (auto ct = c.get("control"))
        k.control = ct->choice<CoolerControl>({{"supply", CoolerControl::supply}, {"return", CoolerControl::return_air}});
      k.setpoint = c.at("setpoint").quantity(Dimension::temperature);
      if (auto cap = c.get("capacity")) {
        k.capacity = cap->quantity(Dimension::power);
        if (!(k.capacity > 0)) cap->fail("FW-E0114", "capacity must be > 0 (omit it for unlimited)");
      }
      if (auto f = c.get("failed")) k.failed = f->boolean();
      if (auto cl = c.get("coil")) {
        k.coil = cl->string();
        if (k.coil.empty()) cl->fail("FW-E0114", "coil must name a link of /liquid/links");
      }
      s.coolers.push_back(std::move(k));
    }
  }
  if (auto rf = root.get("raised_floor")) {
    rf->allow_keys({"height", "tiles"});
    s.raised_floor.present = true;
    const Node h = rf->at("height");
    s.raised_floor.height = h.quantity(Dimension::length);
    if (!(s.raised_floor.height > 0)) h.fail("FW-E0200", "raised-floor height must be > 0");
    if (auto ts = rf->get("tiles")) {
      const std::size_t n = ts->array_size(0, 1000000, "an array of tiles");
      for (std::size_t i = 0; i < n; ++i) {
        const Node t = (*ts)[i];
        t.allow_keys({"name", "min", "max", "open_area"});
        FloorTile tile;
        tile.name = t.at("name").string();
        const Node mn = t.at("min"), mx = t.at("max");
        (void)mn.array_size(2, 2, "an array [x, y] in the floor plane");
        (void)mx.array_size(2, 2, "an array [x, y] in the floor plane");
        tile.region.lo = {mn[0].quantity(Dimension::length), mn[1].quantity(Dimension::length), s.hall.origin.z + s.raised_floor.height};
        tile.region.hi = {mx[0].quantity(Dimension::length), mx[1].quantity(Dimension::length), s.hall.origin.z + s.raised_floor.height};
        if (auto oa = t.get("open_area")) tile.open_area = fraction(*oa, true);
        s.raised_floor.tiles.push_back(std::move(tile));
      }
    }
  }
  if (auto ps = root.get("panels")) {
    const std::size_t n = ps->array_size(0, 100000, "an array of panels");
    for (std::size_t i = 0; i < n; ++i) {
      const Node p = (*ps)[i];
      p.allow_keys({"name", "min", "max", "open_area"});
      Panel pn;
      pn.name = p.at("name").string();
      pn.region = read_box(p);
      if (auto oa = p.get("open_area")) {
        pn.open_area = oa->quantity(Dimension::dimensionless);
        if (!(pn.open_area >= 0 && pn.open_area < 1)) oa->fail("FW-E0114", "open_area must be >= 0 and < 1");
      }
      s.panels.push_back(std::move(pn));
    }
  }
  if (auto ds = root.get("rear_doors")) {
    const std::size_t n = ds->array_size(0, 100000, "an array of rear doors");
    for (std::size_t i = 0; i < n; ++i) {
      const Node d = (*ds)[i];
      d.allow_keys({"rack", "effectiveness", "water_temperature", "capacity", "loss_coefficient"});
      RearDoor rd;
      rd.rack = d.at("rack").string();
      const auto e = d.get("effectiveness");
      const auto c = d.get("capacity");
      if (e && c) c->fail("FW-E0110", "give either \"effectiveness\" or \"capacity\", not both", true);
      if (!e && !c) d.fail("FW-E0111", "a rear door needs \"effectiveness\" (with water_temperature) or \"capacity\"");
      if (e) {
        rd.effectiveness = fraction(*e, false);
        rd.water_temperature = d.at("water_temperature").quantity(Dimension::temperature);
      } else {
        rd.capacity = c->quantity(Dimension::power);
        if (!(rd.capacity > 0)) c->fail("FW-E0114", "capacity must be > 0");
      }
      if (auto k = d.get("loss_coefficient")) {
        rd.loss_coefficient = k->quantity(Dimension::dimensionless);
        if (!(rd.loss_coefficient >= 0)) k->fail("FW-E0114", "loss_coefficient must be >= 0");
      }
      s.rear_doors.push_back(std::move(rd));
    }
  }
}

// The twin's exchanges named in the file (docs/twin.md): a cooler's coil is a heat_source link of
// the liquid loops that takes no heat of its own; a mechanical load's plant part exists in them.
void check_exchanges(const Node& root, const Facility& f) {
  const Scenario& s = f.air;
  if (!s.hall.room.empty()) {
    // the hall's room receives the chain's losses there: it must be a room of the chain
    const Node hr = root.at("hall").at("room");
    if (f.power.empty())
      hr.fail("FW-E0716", "hall.room '" + s.hall.room + "' collects the power chain's losses in that room, but the "
                          "facility has no \"power\" section");
    bool known = false;
    for (const auto& b : f.power.buses) known |= b.room == s.hall.room;
    for (const auto& b : f.power.branches) known |= b.room == s.hall.room;
    for (const auto& l : f.power.loads) known |= l.room == s.hall.room;
    if (!known)
      hr.fail("FW-E0716", "hall.room '" + s.hall.room + "' is the room of no bus, branch or load of the power chain "
                          "(a misspelt room would put none of the chain's losses into the hall's air)");
  }
  if (!f.power.empty())
    for (std::size_t k = 0; k < s.racks.size(); ++k) {
      // a rack whose IT power the twin computes must reach the power chain through an IT load naming it
      if (s.racks[k].utilisation < 0) continue;
      bool fed = false;
      for (const auto& l : f.power.loads) fed |= l.rack == s.racks[k].name;
      if (!fed)
        root.at("racks")[k].at("utilisation").fail(
            "FW-E0717", "rack '" + s.racks[k].name + "' gives a utilisation (its IT power is solved), but no IT load "
                        "of the power chain names it (\"rack\": \"" + s.racks[k].name + "\"): the chain would keep a "
                        "fixed power");
    }
  for (std::size_t i = 0; i < s.coolers.size(); ++i) {
    const Cooler& c = s.coolers[i];
    if (c.coil.empty()) continue;
    const Node cl = root.at("coolers")[i].at("coil");
    const int k = f.liquid ? f.liquid->link_index(c.coil) : -1;
    if (k < 0)
      cl.fail("FW-E0625", "cooler '" + c.name + "' names coil '" + c.coil + "', which is not a link of /liquid/links" +
                              (f.liquid ? std::string() : " (the facility has no \"liquid\" section)"));
    const liquid::Link& l = f.liquid->links[static_cast<std::size_t>(k)];
    if (l.type != liquid::LinkType::heat_source)
      cl.fail("FW-E0626", "cooler '" + c.name + "': coil '" + c.coil + "' is a " + liquid::link_type_name(l.type) +
                              " link; a coil must be a heat_source link (its heat is the cooler's duty)");
    const Node ln = root.at("liquid").at("links")[static_cast<std::size_t>(k)];
    if (auto r = ln.get("rack"))
      r->fail("FW-E0626", "heat_source '" + c.coil + "' is the coil of cooler '" + c.name +
                              "': its heat is the cooler's duty, so it names no rack (give \"heat\": \"0 W\")");
    if (l.heat != 0.0)
      ln.at("heat").fail("FW-E0626", "heat_source '" + c.coil + "' is the coil of cooler '" + c.name +
                                         "': its heat is the cooler's duty (the same heat in two places); give \"heat\": \"0 W\"");
    for (std::size_t j = 0; j < i; ++j)
      if (s.coolers[j].coil == c.coil)
        cl.fail("FW-E0626", "coil '" + c.coil + "' is already the coil of cooler '" + s.coolers[j].name +
                                "' (/coolers/" + std::to_string(j) + "): one cooler per coil");
  }
  for (std::size_t i = 0; i < f.power.loads.size(); ++i) {
    const electrical::Load& ld = f.power.loads[i];
    if (ld.plant == electrical::PlantPart::none) continue;
    const Node pl = root.at("power").at("loads")[i].at("plant");
    auto is_part = [&](liquid::LinkType t) {
      switch (ld.plant) {
        case electrical::PlantPart::pumps: return t == liquid::LinkType::pump;
        case electrical::PlantPart::chillers: return t == liquid::LinkType::chiller;
        case electrical::PlantPart::dry_coolers:
          return t == liquid::LinkType::dry_cooler || t == liquid::LinkType::cooling_tower;
        case electrical::PlantPart::none: break;
      }
      return false;
    };
    bool found = false;
    if (f.liquid)
      for (const liquid::Link& l : f.liquid->links) found |= is_part(l.type);
    if (!found)
      pl.fail("FW-E0713", "mechanical load '" + ld.name + "' carries the plant's " + pl.string() +
                              ", but the facility's liquid loops have none (" +
                              (f.liquid ? "no such link in /liquid/links" : "no \"liquid\" section") + ")");
  }
}

// The top-level "server" section (the server power model of the racks that give a utilisation,
// docs/twin.md "IT power"): used by at least one rack, and every rack with a utilisation needs it.
void read_server(const Node& root, Facility& f) {
  const auto sv = root.get("server");
  if (sv) {
    ServerModel m;
    electrical::read_server_model(*sv, m.power, &m.design_inlet);
    f.server = m;
  }
  bool used = false;
  for (std::size_t i = 0; i < f.air.racks.size(); ++i) {
    if (f.air.racks[i].utilisation < 0) continue;
    used = true;
    if (!sv)
      root.at("racks")[i].at("utilisation").fail(
          "FW-E0714", "rack '" + f.air.racks[i].name + "' gives a utilisation, but the facility has no \"server\" "
                      "section (the server power model that turns utilisation and inlet temperature into IT power)");
  }
  if (sv && !used)
    sv->fail("FW-E0715", "the \"server\" power model is used by no rack: give racks a \"utilisation\", or remove "
                         "the section", true);
}

Case read(const Doc& doc) {
  Case result;
  Facility& facility = result.facility;
  Scenario& s = facility.air;
  s.source_file = doc.file();
  const Node root(doc, doc.root(), "");
  root.allow_keys({"factwin", "name", "description", "hall", "fluid", "gravity", "grid", "solver",
                   "boundaries", "obstructions", "heat_sources", "racks", "coolers", "raised_floor",
                   "panels", "rear_doors", "ashrae_class", "power", "liquid", "server"});

  const Node ver = root.at("factwin");
  s.format_version = static_cast<int>(ver.integer(1, 1000));
  if (s.format_version != current_format)
    ver.fail("FW-E0114", "scenario format " + std::to_string(s.format_version) +
                             " is not supported by this factwin; expected " +
                             std::to_string(current_format));
  s.name = root.at("name").string();
  if (s.name.empty()) root.at("name").fail("FW-E0114", "name must not be empty");
  if (auto d = root.get("description")) s.description = d->string();

  // hall
  const Node hall = root.at("hall");
  hall.allow_keys({"origin", "extent", "walls", "room"});
  if (auto rm = hall.get("room")) {
    s.hall.room = rm->string();
    if (s.hall.room.empty()) rm->fail("FW-E0114", "room must not be empty (omit it for none)");
  }
  if (auto o = hall.get("origin")) s.hall.origin = o->vec3(Dimension::length);
  s.hall.extent = hall.at("extent").vec3(Dimension::length);
  SurfaceCondition default_wall;
  if (auto walls = hall.get("walls")) {
    walls->allow_keys({"default", "x_min", "x_max", "y_min", "y_max", "z_min", "z_max"});
    if (auto d = walls->get("default")) {
      d->allow_keys({FW_CONDITION_KEYS});
      default_wall = read_condition(*d, 0.0, false);
    }
    for (int f = 0; f < 6; ++f) s.hall.walls[f] = default_wall;
    for (int f = 0; f < 6; ++f) {
      if (auto w = walls->get(face_names[f])) {
        w->allow_keys({"name", FW_CONDITION_KEYS});
        if (auto nm = w->get("name")) s.hall.wall_names[f] = nm->string();
        const int ax = face_axis(static_cast<Face>(f));
        const double area = s.hall.extent[(ax + 1) % 3] * s.hall.extent[(ax + 2) % 3];
        s.hall.walls[f] = read_condition(*w, area, false);
      }
    }
  }

  if (auto fl = root.get("fluid")) {
    fl->allow_keys({"name", "density", "dynamic_viscosity", "specific_heat", "conductivity",
                    "expansion_coefficient", "reference_temperature"});
    Fluid& f = s.fluid;
    if (auto v = fl->get("name")) f.name = v->string();
    if (auto v = fl->get("density")) f.density = v->quantity(Dimension::density);
    if (auto v = fl->get("dynamic_viscosity")) f.dynamic_viscosity = v->quantity(Dimension::dynamic_viscosity);
    if (auto v = fl->get("specific_heat")) f.specific_heat = v->quantity(Dimension::specific_heat);
    if (auto v = fl->get("conductivity")) f.conductivity = v->quantity(Dimension::conductivity);
    if (auto v = fl->get("expansion_coefficient")) f.expansion_coefficient = v->quantity(Dimension::expansion);
    if (auto v = fl->get("reference_temperature")) f.reference_temperature = v->quantity(Dimension::temperature);
  }
  if (auto g = root.get("gravity")) s.gravity = g->vec3(Dimension::acceleration);

  // grid
  const Node grid = root.at("grid");
  grid.allow_keys({"cells", "spacing"});
  const auto cells = grid.get("cells");
  const auto spacing = grid.get("spacing");
  if (cells && spacing) spacing->fail("FW-E0110", "give either \"cells\" or \"spacing\", not both", true);
  if (!cells && !spacing) grid.fail("FW-E0111", "the grid needs \"cells\" [nx, ny, nz] or \"spacing\"");
  constexpr long max_cells_per_axis = 1L << 20;
  if (cells) {
    (void)cells->array_size(3, 3, "an array [nx, ny, nz]");
    for (int a = 0; a < 3; ++a)
      s.grid.cells[a] = static_cast<int>((*cells)[a].integer(1, max_cells_per_axis));
  } else {
    Vec3 h;
    if (spacing->raw().is_array()) {
      h = spacing->vec3(Dimension::length);
    } else {
      const double v = spacing->quantity(Dimension::length);
      h = {v, v, v};
    }
    for (int a = 0; a < 3; ++a) {
      const Node at = spacing->raw().is_array() ? (*spacing)[a] : *spacing;
      if (!(h[a] > 0)) at.fail("FW-E0114", "grid spacing must be > 0");
      if (!(s.hall.extent[a] > 0)) continue;  // reported by validate() at /hall/extent
      const double n = std::round(s.hall.extent[a] / h[a]);
      if (n > static_cast<double>(max_cells_per_axis))
        at.fail("FW-E0300", "spacing gives " + std::to_string(static_cast<long long>(n)) +
                                " cells along one axis; at most " + std::to_string(max_cells_per_axis) +
                                " are supported");
      s.grid.cells[a] = std::max(1, static_cast<int>(n));
    }
  }

  if (auto so = root.get("solver")) {
    so->allow_keys({"mode", "turbulence", "max_iterations", "tolerance", "end_time", "cfl",
                    "initial_temperature", "backend", "memory_limit", "accept_unconverged", "anderson_depth"});
    SolverSettings& v = result.solver;
    if (auto m = so->get("mode"))
      v.mode = m->choice<SolveMode>({{"steady", SolveMode::steady}, {"transient", SolveMode::transient}});
    if (auto t = so->get("turbulence"))
      v.turbulence = t->choice<TurbulenceModel>({{"laminar", TurbulenceModel::laminar},
                                                 {"zero_equation", TurbulenceModel::zero_equation},
                                                 {"k_epsilon", TurbulenceModel::k_epsilon}});
    if (auto m = so->get("max_iterations")) v.max_iterations = m->integer(1, 100000000);
    if (auto t = so->get("tolerance")) v.tolerance = t->quantity(Dimension::dimensionless);
    if (auto t = so->get("end_time")) v.end_time = t->quantity(Dimension::time);
    if (auto c = so->get("cfl")) v.cfl = c->quantity(Dimension::dimensionless);
    if (auto t = so->get("initial_temperature")) v.initial_temperature = t->quantity(Dimension::temperature);
    if (auto b = so->get("backend")) {
      v.backend = b->string();
      const bool ok = v.backend == "auto" || v.backend == "cpu" || v.backend == "host" ||
                      v.backend == "cuda" ||
                      (v.backend.rfind("cuda:", 0) == 0 && v.backend.size() > 5 &&
                       v.backend.find_first_not_of("0123456789", 5) == std::string::npos);
      if (!ok) b->fail("FW-E0115", "\"" + v.backend + "\" is not a backend; expected auto, cpu, cuda or cuda:N");
    }
    if (auto m = so->get("memory_limit")) {
      const double b = m->quantity(Dimension::bytes);
      if (!(b > 0)) m->fail("FW-E0114", "memory_limit must be > 0");
      v.memory_limit = static_cast<std::size_t>(std::min(b, 1e18));
    }
    if (auto a = so->get("accept_unconverged")) v.accept_unconverged = a->boolean();
    if (auto a = so->get("anderson_depth")) v.anderson_depth = static_cast<int>(a->integer(0, 50));
  }

  if (auto bs = root.get("boundaries")) {
    const std::size_t n = bs->array_size(0, 60000, "an array of boundaries");
    for (std::size_t i = 0; i < n; ++i) {
      const Node b = (*bs)[i];
      b.allow_keys({"name", "wall", "min", "max", FW_CONDITION_KEYS});
      BoundaryPatch p;
      p.name = b.at("name").string();
      p.face = static_cast<Face>(face_from(b.at("wall")));
      p.region = read_box(b);
      const int ax = face_axis(p.face);
      const double area = std::max(0.0, p.region.size((ax + 1) % 3)) *
                          std::max(0.0, p.region.size((ax + 2) % 3));
      p.condition = read_condition(b, area, false);
      s.boundaries.push_back(std::move(p));
    }
  }
  if (auto os = root.get("obstructions")) {
    const std::size_t n = os->array_size(0, 60000, "an array of obstructions");
    for (std::size_t i = 0; i < n; ++i) {
      const Node o = (*os)[i];
      o.allow_keys({"name", "min", "max", "type", "temperature", "heat_flux"});
      Obstruction ob;
      ob.name = o.at("name").string();
      ob.box = read_box(o);
      ob.surface = read_condition(o, 0.0, true);
      s.obstructions.push_back(std::move(ob));
    }
  }
  if (auto hs = root.get("heat_sources")) {
    const std::size_t n = hs->array_size(0, 1000000, "an array of heat sources");
    for (std::size_t i = 0; i < n; ++i) {
      const Node h = (*hs)[i];
      h.allow_keys({"name", "min", "max", "power"});
      HeatSource src;
      src.name = h.at("name").string();
      src.box = read_box(h);
      src.power = h.at("power").quantity(Dimension::power);
      s.heat_sources.push_back(std::move(src));
    }
  }

  read_equipment(root, s);

  ::factwin::detail::validate(s, [&doc](const std::string& ptr) { return doc.locate(ptr); }, &result.solver);
  if (auto pw = root.get("power")) electrical::read_power(doc, *pw, facility.power, s.racks);
  if (auto lq = root.get("liquid")) facility.liquid = liquid::read_liquid_section(*lq, doc, s.racks, s.heat_sources);
  check_exchanges(root, facility);
  read_server(root, facility);
  return result;
}

json quantity_k(double kelvin) {
  std::ostringstream os;
  os.precision(17);
  os << kelvin << " K";
  return os.str();
}

json vec_json(const Vec3& v) { return json::array({v.x, v.y, v.z}); }

json condition_json(const SurfaceCondition& c, bool obstruction) {
  json j = json::object();
  switch (c.flow) {
    case FlowCondition::no_slip: j["type"] = "no_slip"; break;
    case FlowCondition::slip: j["type"] = "slip"; break;
    case FlowCondition::moving: j["type"] = "moving_wall"; j["velocity"] = vec_json(c.velocity); break;
    case FlowCondition::velocity_inlet:
      j["type"] = "velocity_inlet";
      j["speed"] = c.inflow_speed;
      j["temperature"] = quantity_k(c.inflow_temperature);
      return j;
    case FlowCondition::pressure_opening:
      j["type"] = "pressure_opening";
      j["pressure"] = c.pressure;
      j["temperature"] = quantity_k(c.inflow_temperature);
      return j;
    case FlowCondition::porous:  // only made by the voxeliser (tiles, leaky panels), never read
      break;
  }
  (void)obstruction;
  if (c.thermal == ThermalCondition::temperature) j["temperature"] = quantity_k(c.temperature);
  if (c.thermal == ThermalCondition::heat_flux) j["heat_flux"] = c.heat_flux;
  return j;
}

}  // namespace

Case parse_case(const std::string& text, const std::string& filename) {
  const Doc doc(text, filename);
  return read(doc);
}

Facility parse_facility(const std::string& text, const std::string& filename) {
  return parse_case(text, filename).facility;
}

Scenario parse_scenario(const std::string& text, const std::string& filename) {
  return parse_case(text, filename).facility.air;
}

Scenario load_scenario(const std::string& path) { return load_case(path).facility.air; }

Facility load_facility(const std::string& path) { return load_case(path).facility; }

Case load_case(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError("FW-E0100", {path, 0, 0, ""}, "cannot open the scenario file (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError("FW-E0100", {path, 0, 0, ""}, "cannot read the scenario file");
  return parse_case(ss.str(), path);
}

InputLocation locate_in_file(const std::string& file, const std::string& pointer) {
  InputLocation loc{file, 0, 0, pointer};
  std::ifstream in(file, std::ios::binary);
  if (!in) return loc;
  std::ostringstream ss;
  ss << in.rdbuf();
  try {
    const std::string text = ss.str();
    const Doc doc(text, file);
    return doc.locate(pointer);
  } catch (const InputError&) {
    return loc;
  }
}

InputError with_location(const InputError& e) {
  if (e.where().line > 0 || e.where().file.empty()) return e;
  return InputError(e.code(), locate_in_file(e.where().file, e.where().pointer), e.message());
}

namespace {

json air_json(const Scenario& s) {
  json j;
  j["factwin"] = s.format_version;
  j["name"] = s.name;
  if (!s.description.empty()) j["description"] = s.description;
  json walls = json::object();
  for (int f = 0; f < 6; ++f) {
    json w = condition_json(s.hall.walls[f], false);
    if (s.hall.wall_names[f] != face_names[f]) w["name"] = s.hall.wall_names[f];
    walls[face_names[f]] = w;
  }
  j["hall"] = {{"origin", vec_json(s.hall.origin)}, {"extent", vec_json(s.hall.extent)}, {"walls", walls}};
  if (!s.hall.room.empty()) j["hall"]["room"] = s.hall.room;
  const Fluid& f = s.fluid;
  j["fluid"] = {{"name", f.name},
                {"density", f.density},
                {"dynamic_viscosity", f.dynamic_viscosity},
                {"specific_heat", f.specific_heat},
                {"conductivity", f.conductivity},
                {"expansion_coefficient", f.expansion_coefficient},
                {"reference_temperature", quantity_k(f.reference_temperature)}};
  j["gravity"] = vec_json(s.gravity);
  j["grid"] = {{"cells", {s.grid.cells[0], s.grid.cells[1], s.grid.cells[2]}}};
  json bs = json::array();
  for (const auto& b : s.boundaries) {
    json e = condition_json(b.condition, false);
    e["name"] = b.name;
    e["wall"] = face_names[static_cast<int>(b.face)];
    e["min"] = vec_json(b.region.lo);
    e["max"] = vec_json(b.region.hi);
    bs.push_back(e);
  }
  j["boundaries"] = bs;
  json os = json::array();
  for (const auto& o : s.obstructions) {
    json e = condition_json(o.surface, true);
    e["name"] = o.name;
    e["min"] = vec_json(o.box.lo);
    e["max"] = vec_json(o.box.hi);
    os.push_back(e);
  }
  j["obstructions"] = os;
  json hs = json::array();
  for (const auto& h : s.heat_sources)
    hs.push_back({{"name", h.name}, {"min", vec_json(h.box.lo)}, {"max", vec_json(h.box.hi)}, {"power", h.power}});
  j["heat_sources"] = hs;
  j["ashrae_class"] = s.ashrae_class;
  json racks = json::array();
  for (const auto& r : s.racks) {
    json e = {{"name", r.name}, {"min", vec_json(r.box.lo)}, {"max", vec_json(r.box.hi)},
              {"front", face_names[r.front]}, {"power", r.power}, {"airflow", r.airflow},
              {"liquid_fraction", r.liquid_fraction}, {"recirculation", r.recirculation}};
    if (r.utilisation >= 0) e["utilisation"] = r.utilisation;
    if (r.airflow_per_kelvin > 0) {
      e["airflow_per_kelvin"] = r.airflow_per_kelvin;
      e["airflow_reference_temperature"] = quantity_k(r.airflow_reference_temperature);
    }
    racks.push_back(e);
  }
  j["racks"] = racks;
  json coolers = json::array();
  for (const auto& c : s.coolers) {
    json e = {{"name", c.name},
              {"kind", c.kind == CoolerKind::crah ? "crah" : (c.kind == CoolerKind::crac ? "crac" : "in_row")},
              {"min", vec_json(c.box.lo)}, {"max", vec_json(c.box.hi)},
              {"return_face", face_names[c.return_face]}, {"supply_face", face_names[c.supply_face]},
              {"airflow", c.airflow}, {"control", c.control == CoolerControl::supply ? "supply" : "return"},
              {"setpoint", quantity_k(c.setpoint)}, {"failed", c.failed}};
    if (c.capacity > 0) e["capacity"] = c.capacity;
    if (!c.coil.empty()) e["coil"] = c.coil;
    coolers.push_back(e);
  }
  j["coolers"] = coolers;
  if (s.raised_floor.present) {
    json tiles = json::array();
    for (const auto& t : s.raised_floor.tiles)
      tiles.push_back({{"name", t.name}, {"min", {t.region.lo.x, t.region.lo.y}},
                       {"max", {t.region.hi.x, t.region.hi.y}}, {"open_area", t.open_area}});
    j["raised_floor"] = {{"height", s.raised_floor.height}, {"tiles", tiles}};
  }
  json panels = json::array();
  for (const auto& p : s.panels)
    panels.push_back({{"name", p.name}, {"min", vec_json(p.region.lo)}, {"max", vec_json(p.region.hi)},
                      {"open_area", p.open_area}});
  j["panels"] = panels;
  json doors = json::array();
  for (const auto& d : s.rear_doors) {
    json e = {{"rack", d.rack}, {"loss_coefficient", d.loss_coefficient}};
    if (d.capacity > 0) {
      e["capacity"] = d.capacity;
    } else {
      e["effectiveness"] = d.effectiveness;
      e["water_temperature"] = quantity_k(d.water_temperature);
    }
    doors.push_back(e);
  }
  j["rear_doors"] = doors;
  return j;
}

json solver_json(const SolverSettings& v) {
  json so = {{"mode", v.mode == SolveMode::steady ? "steady" : "transient"},
             {"turbulence", v.turbulence == TurbulenceModel::laminar
                                ? "laminar"
                                : (v.turbulence == TurbulenceModel::zero_equation ? "zero_equation"
                                                                                  : "k_epsilon")},
             {"max_iterations", v.max_iterations},
             {"tolerance", v.tolerance},
             {"cfl", v.cfl},
             {"backend", v.backend},
             {"accept_unconverged", v.accept_unconverged}};
  if (v.mode == SolveMode::transient) so["end_time"] = v.end_time;
  if (v.initial_temperature > 0) so["initial_temperature"] = quantity_k(v.initial_temperature);
  if (v.memory_limit > 0) so["memory_limit"] = static_cast<double>(v.memory_limit);
  if (v.anderson_depth >= 0) so["anderson_depth"] = v.anderson_depth;
  return so;
}

}  // namespace

std::string to_json(const Scenario& s) { return air_json(s).dump(2) + "\n"; }

namespace {
json facility_json(const Facility& f) {
  json j = air_json(f.air);
  if (!f.power.empty()) j["power"] = electrical::power_section_json(f.power);
  if (f.liquid) j["liquid"] = liquid::liquid_section_json(*f.liquid);
  if (f.server) {
    const electrical::ServerPowerModel& m = f.server->power;
    j["server"] = {{"idle_power", m.idle_power}, {"peak_power", m.peak_power}, {"fan_power", m.fan_power},
                   {"fan_ramp", m.fan_ramp}, {"fan_threshold", quantity_k(m.fan_threshold)},
                   {"leakage_power", m.leakage_power}, {"leakage_beta", m.leakage_beta},
                   {"leakage_t_ref", quantity_k(m.leakage_t_ref)}, {"chip_rise_idle", m.chip_rise_idle},
                   {"chip_rise_peak", m.chip_rise_peak}, {"design_inlet", quantity_k(f.server->design_inlet)}};
  }
  return j;
}
}  // namespace

std::string to_json(const Facility& f) { return facility_json(f).dump(2) + "\n"; }

std::string to_json(const Case& c) {
  json j = facility_json(c.facility);
  j["solver"] = solver_json(c.solver);
  return j.dump(2) + "\n";
}

}  // namespace factwin::io
