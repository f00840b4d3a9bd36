// SPDX-License-Identifier: Apache-2.0
// Reader of the scenario's "liquid" section (docs/liquid.md#scenario-files).
#include "io/liquid_reader.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

namespace factwin::liquid {
namespace {

using io::detail::Node;
using units::Dimension;
using JNode = io::detail::Node;

// Thermal resistance [K/W] or conductance [W/K]: a number (SI) or "<number> <unit>".
double ratio_quantity(const JNode& n, bool conductance) {
  if (n.raw().is_number()) return n.quantity(Dimension::dimensionless);
  const std::string s = n.string();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  std::string unit(end ? end : "");
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  const std::map<std::string, double> ok =
      conductance ? std::map<std::string, double>{{"W/K", 1.0}, {"kW/K", 1e3}, {"MW/K", 1e6}}
                  : std::map<std::string, double>{{"K/W", 1.0}, {"K/kW", 1e-3}, {"mK/W", 1e-3}};
  auto it = ok.find(unit);
  if (end == s.c_str() || it == ok.end() || !std::isfinite(v))
    n.fail("FW-E0113", "\"" + s + "\" is not a " + (conductance ? "conductance (W/K, kW/K)" : "thermal resistance (K/W)"));
  return v * it->second;
}

DropCurve read_drop(const JNode& n) {
  n.allow_keys({"flow", "dp", "linear", "quadratic"});
  DropCurve d;
  if (n.has("flow") || n.has("dp")) {
    const double q = n.at("flow").quantity(Dimension::volume_flow);
    const double dp = n.at("dp").quantity(Dimension::pressure);
    if (!(q > 0)) n.at("flow").fail("FW-E0601", "rated flow must be > 0");
    if (!(dp > 0)) n.at("dp").fail("FW-E0601", "rated pressure drop must be > 0");
    d.quadratic = dp / (q * q);  // dp = b Q^2 through the rated point
  }
  if (auto a = n.get("linear")) d.linear = a->quantity(Dimension::dimensionless);
  if (auto b = n.get("quadratic")) d.quadratic = b->quantity(Dimension::dimensionless);
  return d;
}

template <std::size_t N>
std::array<double, N> coeffs(const JNode& n) {
  (void)n.array_size(N, N, ("an array of " + std::to_string(N) + " coefficients").c_str());
  std::array<double, N> c{};
  for (std::size_t i = 0; i < N; ++i) c[i] = n[i].quantity(Dimension::dimensionless);
  return c;
}

}  // namespace

Network read_liquid_section(const JNode& n, const io::detail::Doc& doc, const std::vector<Rack>& racks,
                            const std::vector<HeatSource>& sources) {
  Network net;
  // liquid share taken so far from each scenario rack, and where it was first named
  std::vector<double> rack_share(racks.size(), 0.0);
  std::vector<std::string> rack_first(racks.size());
  n.allow_keys({"name", "ambient", "solver", "nodes", "links", "cdus", "facility_supply_node", "design_water_class"});
  net.name = n.has("name") ? n.at("name").string() : "liquid";
  if (auto a = n.get("ambient")) {
    a->allow_keys({"dry_bulb", "wet_bulb"});
    if (auto v = a->get("dry_bulb")) net.ambient.dry_bulb = v->quantity(Dimension::temperature);
    if (auto v = a->get("wet_bulb")) net.ambient.wet_bulb = v->quantity(Dimension::temperature);
  }
  if (auto so = n.get("solver")) {
    so->allow_keys({"max_iterations", "flow_tolerance", "head_tolerance", "temperature_tolerance",
                    "max_outer_iterations", "pump_heat"});
    SolverOptions& o = net.options;
    if (auto v = so->get("max_iterations")) o.max_iterations = static_cast<int>(v->integer(1, 100000));
    if (auto v = so->get("max_outer_iterations")) o.max_outer_iterations = static_cast<int>(v->integer(1, 10000));
    if (auto v = so->get("flow_tolerance")) o.flow_tolerance = v->quantity(Dimension::dimensionless);
    if (auto v = so->get("head_tolerance")) o.head_tolerance = v->quantity(Dimension::length);
    if (auto v = so->get("temperature_tolerance")) o.temperature_tolerance = v->quantity(Dimension::temperature_difference);
    if (auto v = so->get("pump_heat")) o.pump_heat = v->boolean();
  }

  // nodes
  const JNode nodes = n.at("nodes");
  const std::size_t nn = nodes.array_size(1, 1000000, "an array of nodes");
  for (std::size_t i = 0; i < nn; ++i) {
    const JNode x = nodes[i];
    x.allow_keys({"name", "type", "elevation", "demand", "head", "pressure", "temperature", "coolant", "position"});
    liquid::Node d;
    d.name = x.at("name").string();
    const std::string type = x.has("type") ? x.at("type").string() : "junction";
    if (type == "junction") d.type = NodeType::junction;
    else if (type == "manifold") d.type = NodeType::manifold;
    else if (type == "expansion_tank" || type == "fixed_pressure" || type == "reservoir" || type == "fixed_head")
      d.type = NodeType::fixed_head;
    else
      x.at("type").fail("FW-E0610", "unknown node type \"" + type +
                                        "\"; expected junction, manifold, expansion_tank, fixed_pressure, reservoir or fixed_head");
    if (auto v = x.get("elevation")) d.elevation = v->quantity(Dimension::length);
    if (auto v = x.get("position")) d.position = v->vec3(Dimension::length);
    if (d.type == NodeType::fixed_head) {
      const auto p = x.get("pressure");
      const auto h = x.get("head");
      if (p && h) h->fail("FW-E0110", "give either \"pressure\" or \"head\", not both", true);
      if (!p && !h) x.fail("FW-E0111", "a " + type + " needs \"pressure\" (gauge) or \"head\"");
      if (p) {
        d.pressure_given = true;
        d.pressure = p->quantity(Dimension::pressure);
      } else {
        d.head = h->quantity(Dimension::length);
      }
      d.supply_temperature = x.at("temperature").quantity(Dimension::temperature);
      if (auto c = x.get("coolant"))
        d.coolant = c->choice<CoolantKind>({{"water", CoolantKind::water},
                                            {"propylene_glycol_25", CoolantKind::propylene_glycol_25},
                                            {"propylene_glycol_30", CoolantKind::propylene_glycol_30}});
    } else {
      for (const char* k : {"pressure", "head", "coolant", "temperature"})
        if (auto v = x.get(k)) v->fail("FW-E0110", std::string("\"") + k + "\" applies to fixed-head nodes (expansion_tank, reservoir) only", true);
      if (auto v = x.get("demand")) d.demand = v->quantity(Dimension::volume_flow);
    }
    if (net.node_index(d.name) >= 0) x.at("name").fail("FW-E0605", "node name \"" + d.name + "\" is used twice");
    net.nodes.push_back(d);
  }
  if (auto f = n.get("facility_supply_node")) {
    net.facility_supply_node = net.node_index(f->string());
    if (net.facility_supply_node < 0) f->fail("FW-E0600", "node \"" + f->string() + "\" is not in /liquid/nodes");
  }
  if (auto w = n.get("design_water_class")) {
    const std::string c = w->string();
    static const std::map<std::string, double> lim = {{"W17", 17}, {"W27", 27}, {"W32", 32}, {"W40", 40}, {"W45", 45}};
    auto it = lim.find(c);
    if (it == lim.end()) w->fail("FW-E0115", "\"" + c + "\" is not an ASHRAE liquid-cooling class; expected W17, W27, W32, W40 or W45");
    net.facility_water_supply_limit = units::from_celsius(it->second);
  }

  // links
  const JNode links = n.at("links");
  const std::size_t nl = links.array_size(1, 1000000, "an array of links");
  static const std::map<std::string, LinkType> types = {
      {"pipe", LinkType::pipe},           {"pump", LinkType::pump},
      {"valve", LinkType::valve},         {"check_valve", LinkType::check_valve},
      {"cold_plate", LinkType::cold_plate}, {"heat_exchanger", LinkType::heat_exchanger},
      {"chiller", LinkType::chiller},     {"dry_cooler", LinkType::dry_cooler},
      {"cooling_tower", LinkType::cooling_tower}, {"heat_source", LinkType::heat_source}};
  for (std::size_t i = 0; i < nl; ++i) {
    const JNode x = links[i];
    x.expect_object();
    Link l;
    l.name = x.at("name").string();
    const std::string type = x.at("type").string();
    auto t = types.find(type);
    if (t == types.end()) {
      std::string list;
      for (const auto& [k, v] : types) list += (list.empty() ? "" : ", ") + k;
      x.at("type").fail("FW-E0610", "unknown component type \"" + type + "\"; expected one of: " + list);
    }
    l.type = t->second;
    switch (l.type) {
      case LinkType::pipe:
        x.allow_keys({"name", "type", "from", "to", "status", "length", "diameter", "roughness", "minor_loss",
                      "hazen_williams_c", "friction"});
        break;
      case LinkType::pump:
        x.allow_keys({"name", "type", "from", "to", "status", "curve", "speed", "efficiency", "best_flow",
                      "motor_efficiency", "check_valve"});
        break;
      case LinkType::valve:
        x.allow_keys({"name", "type", "from", "to", "status", "kv", "opening", "min_opening", "control"});
        break;
      case LinkType::check_valve:
        x.allow_keys({"name", "type", "from", "to", "status", "pressure_drop"});
        break;
      case LinkType::cold_plate:
        x.allow_keys({"name", "type", "from", "to", "status", "pressure_drop", "count", "heat", "rack",
                      "liquid_fraction", "thermal_resistance", "rated_flow", "resistance_exponent", "case_limit"});
        break;
      case LinkType::heat_source:
        x.allow_keys({"name", "type", "from", "to", "status", "pressure_drop", "heat", "rack", "liquid_fraction"});
        break;
      case LinkType::heat_exchanger:
        x.allow_keys({"name", "type", "from", "to", "status", "pressure_drop"});
        break;
      case LinkType::chiller:
        x.allow_keys({"name", "type", "from", "to", "status", "pressure_drop", "capacity", "cop", "leaving_setpoint",
                      "condenser_entering", "condenser_approach", "capft", "eirft", "eirfplr", "min_part_load"});
        break;
      case LinkType::dry_cooler:
      case LinkType::cooling_tower:
        x.allow_keys({"name", "type", "from", "to", "status", "pressure_drop", "approach", "capacity", "fan_power_ratio"});
        break;
    }
    for (const char* end : {"from", "to"}) {
      const JNode e = x.at(end);
      const int k = net.node_index(e.string());
      if (k < 0) e.fail("FW-E0600", "link \"" + l.name + "\": node \"" + e.string() + "\" is not in /liquid/nodes");
      (end[0] == 'f' ? l.from : l.to) = k;
    }
    if (auto s = x.get("status")) l.open = s->choice<bool>({{"open", true}, {"closed", false}});
    if (auto d = x.get("pressure_drop")) l.drop = read_drop(*d);
    auto heat_of = [&](double* heat, double* fraction) {
      const auto h = x.get("heat");
      const auto r = x.get("rack");
      if (h && r) h->fail("FW-E0110", "give either \"heat\" or \"rack\" (+ \"liquid_fraction\"), not both", true);
      if (!h && !r) x.fail("FW-E0111", "needs \"heat\" or \"rack\" with \"liquid_fraction\"");
      if (h) {
        *heat = h->quantity(Dimension::power);
        if (*heat < 0) h->fail("FW-E0601", "heat must be >= 0");
        return std::string();
      }
      const std::string rack = r->string();
      for (std::size_t k = 0; k < racks.size(); ++k) {
        if (racks[k].name != rack) continue;
        // a scenario rack: the air side keeps (1 - liquid_fraction) P, the loop takes the rest
        double frac = racks[k].liquid_fraction;
        if (auto f = x.get("liquid_fraction")) {
          frac = f->quantity(Dimension::dimensionless);
          if (!(frac >= 0 && frac <= 1)) f->fail("FW-E0114", "liquid_fraction must be in [0, 1]");
        }
        rack_share[k] += frac;
        if (rack_first[k].empty()) rack_first[k] = r->ptr();
        *heat = frac * racks[k].power;
        if (fraction) *fraction = frac;
        return rack;
      }
      const HeatSource* src = nullptr;
      for (const HeatSource& hs : sources)
        if (hs.name == rack) src = &hs;
      if (!src) r->fail("FW-E0621", "rack \"" + rack + "\" is neither one of the scenario's racks nor of its heat_sources");
      const JNode f = x.at("liquid_fraction");
      const double frac = f.quantity(Dimension::dimensionless);
      if (!(frac >= 0 && frac <= 1)) f.fail("FW-E0114", "liquid_fraction must be in [0, 1]");
      *heat = frac * src->power;
      if (fraction) *fraction = frac;
      return rack;
    };
    switch (l.type) {
      case LinkType::pipe:
        l.pipe.length = x.at("length").quantity(Dimension::length);
        l.pipe.diameter = x.at("diameter").quantity(Dimension::length);
        if (auto v = x.get("roughness")) l.pipe.roughness = v->quantity(Dimension::length);
        if (auto v = x.get("minor_loss")) l.pipe.minor_loss = v->quantity(Dimension::dimensionless);
        if (auto v = x.get("hazen_williams_c")) {
          l.pipe.formula = HeadLossFormula::hazen_williams;
          l.pipe.hazen_williams_c = v->quantity(Dimension::dimensionless);
        }
        if (auto v = x.get("friction"))
          l.pipe.friction = v->choice<FrictionModel>({{"colebrook", FrictionModel::colebrook},
                                                      {"swamee_jain", FrictionModel::swamee_jain}});
        break;
      case LinkType::pump: {
        const JNode c = x.at("curve");
        if (c.raw().is_object()) {  // exact form h = h0 - r Q^n in SI (what to_json writes)
          c.allow_keys({"shutoff_head", "r", "n"});
          l.pump.shutoff_head = c.at("shutoff_head").quantity(Dimension::length);
          l.pump.curve_r = c.at("r").quantity(Dimension::dimensionless);
          l.pump.curve_n = c.at("n").quantity(Dimension::dimensionless);
          if (!(l.pump.shutoff_head > 0 && l.pump.curve_r > 0 && l.pump.curve_n > 0))
            c.fail("FW-E0607", "a pump curve {shutoff_head, r, n} needs all three > 0 (h = h0 - r Q^n, SI)");
        } else {
        const std::size_t np = c.array_size(1, 3, "an array of 1 or 3 curve points {\"flow\", \"head\"}");
        std::vector<std::pair<double, double>> pts;
        for (std::size_t k = 0; k < np; ++k) {
          c[k].allow_keys({"flow", "head"});
          pts.emplace_back(c[k].at("flow").quantity(Dimension::volume_flow), c[k].at("head").quantity(Dimension::length));
        }
        if (np == 1) {
          if (!(pts[0].first > 0 && pts[0].second > 0)) c.fail("FW-E0607", "the rated point needs flow > 0 and head > 0");
          l.pump = pump_from_one_point(pts[0].first, pts[0].second);
        } else if (np == 3 && pts[0].first == 0.0 && pts[1].first > 0 && pts[2].first > pts[1].first &&
                   pts[0].second > pts[1].second && pts[1].second > pts[2].second && pts[2].second >= 0) {
          l.pump = pump_from_three_points(pts[0].second, pts[1].first, pts[1].second, pts[2].first, pts[2].second);
        } else {
          c.fail("FW-E0607", "a pump curve is 1 point, or 3 points starting at zero flow with flow rising and head falling");
        }
        }
        if (auto v = x.get("speed")) l.pump.speed = v->quantity(Dimension::dimensionless);
        if (auto v = x.get("efficiency")) l.pump.best_efficiency = v->quantity(Dimension::dimensionless);
        if (auto v = x.get("best_flow")) l.pump.best_flow = v->quantity(Dimension::volume_flow);
        if (auto v = x.get("motor_efficiency")) l.pump.motor_efficiency = v->quantity(Dimension::dimensionless);
        if (auto v = x.get("check_valve")) l.pump.has_check_valve = v->boolean();
        break;
      }
      case LinkType::valve:
        l.valve.kv = x.at("kv").quantity(Dimension::dimensionless);
        if (auto v = x.get("opening")) l.valve.opening = v->quantity(Dimension::dimensionless);
        if (auto v = x.get("min_opening")) l.valve.min_opening = v->quantity(Dimension::dimensionless);
        if (auto c = x.get("control")) {
          c->allow_keys({"type", "setpoint", "high", "low"});
          l.valve.control = c->at("type").choice<ValveControl>(
              {{"flow", ValveControl::flow}, {"differential_pressure", ValveControl::differential_pressure}});
          l.valve.setpoint = c->at("setpoint").quantity(l.valve.control == ValveControl::flow ? Dimension::volume_flow
                                                                                               : Dimension::pressure);
          if (!(l.valve.setpoint > 0)) c->at("setpoint").fail("FW-E0601", "setpoint must be > 0");
          for (const char* k : {"high", "low"})
            if (auto v = c->get(k)) {
              const int idx = net.node_index(v->string());
              if (idx < 0) v->fail("FW-E0600", "node \"" + v->string() + "\" is not in /liquid/nodes");
              (k[0] == 'h' ? l.valve.dp_node_high : l.valve.dp_node_low) = idx;
            }
        }
        break;
      case LinkType::cold_plate:
        if (auto v = x.get("count")) l.cold_plate.count = static_cast<int>(v->integer(1, 1000000));
        l.cold_plate.rack = heat_of(&l.cold_plate.heat, &l.cold_plate.liquid_fraction);
        l.cold_plate.resistance = ratio_quantity(x.at("thermal_resistance"), false);
        l.cold_plate.rated_flow = x.at("rated_flow").quantity(Dimension::volume_flow);
        if (auto v = x.get("resistance_exponent")) l.cold_plate.resistance_exponent = v->quantity(Dimension::dimensionless);
        if (auto v = x.get("case_limit")) l.cold_plate.case_limit = v->quantity(Dimension::temperature);
        break;
      case LinkType::heat_source: l.heat_rack = heat_of(&l.heat, &l.heat_fraction); break;
      case LinkType::chiller:
        l.chiller.capacity = x.at("capacity").quantity(Dimension::power);
        if (auto v = x.get("cop")) l.chiller.cop = v->quantity(Dimension::dimensionless);
        l.chiller.leaving_setpoint = x.at("leaving_setpoint").quantity(Dimension::temperature);
        if (auto v = x.get("condenser_entering")) l.chiller.condenser_entering = v->quantity(Dimension::temperature);
        if (auto v = x.get("condenser_approach")) l.chiller.condenser_approach = v->quantity(Dimension::temperature_difference);
        if (auto v = x.get("capft")) l.chiller.capft = coeffs<6>(*v);
        if (auto v = x.get("eirft")) l.chiller.eirft = coeffs<6>(*v);
        if (auto v = x.get("eirfplr")) l.chiller.eirfplr = coeffs<3>(*v);
        if (auto v = x.get("min_part_load")) l.chiller.min_plr = v->quantity(Dimension::dimensionless);
        break;
      case LinkType::dry_cooler:
      case LinkType::cooling_tower:
        if (auto v = x.get("approach")) l.cooler.approach = v->quantity(Dimension::temperature_difference);
        if (auto v = x.get("capacity")) l.cooler.capacity = v->quantity(Dimension::power);
        if (auto v = x.get("fan_power_ratio")) l.cooler.fan_power_ratio = v->quantity(Dimension::dimensionless);
        break;
      default: break;
    }
    if (net.link_index(l.name) >= 0) x.at("name").fail("FW-E0605", "link name \"" + l.name + "\" is used twice");
    net.links.push_back(l);
  }

  if (auto cs = n.get("cdus")) {
    const std::size_t nc = cs->array_size(0, 100000, "an array of CDUs");
    for (std::size_t i = 0; i < nc; ++i) {
      const JNode x = (*cs)[i];
      x.allow_keys({"name", "hot", "cold", "ua", "pumps"});
      Cdu c;
      c.name = x.at("name").string();
      auto link_of = [&](const JNode& v) {
        const int k = net.link_index(v.string());
        if (k < 0) v.fail("FW-E0623", "link \"" + v.string() + "\" is not in /liquid/links");
        return k;
      };
      c.hot_link = link_of(x.at("hot"));
      c.cold_link = link_of(x.at("cold"));
      c.ua = ratio_quantity(x.at("ua"), true);
      if (auto p = x.get("pumps")) {
        const std::size_t np = p->array_size(0, 1000, "an array of pump names");
        for (std::size_t k = 0; k < np; ++k) c.pumps.push_back(link_of((*p)[k]));
      }
      net.cdus.push_back(c);
    }
  }
  for (std::size_t k = 0; k < racks.size(); ++k) {
    if (rack_first[k].empty()) continue;
    if (std::abs(rack_share[k] - racks[k].liquid_fraction) > 1e-6)
      throw InputError("FW-E0624", doc.locate(rack_first[k]),
                       "the loop's links take " + std::to_string(rack_share[k]) + " of rack \"" + racks[k].name +
                           "\"'s power, but its liquid_fraction is " + std::to_string(racks[k].liquid_fraction) +
                           ": the air side and the liquid loop must split the rack's heat exactly once");
  }
  validate(net, [&doc](const std::string& ptr) { return doc.locate(ptr); }, n.ptr());
  return net;
}

using json = io::detail::json;

namespace {
json temperature_json(double kelvin) {
  std::ostringstream os;
  os.precision(17);
  os << kelvin << " K";
  return os.str();
}
json drop_json(const DropCurve& d) { return {{"linear", d.linear}, {"quadratic", d.quadratic}}; }
}  // namespace

json liquid_section_json(const Network& net) {
  json j;
  j["name"] = net.name;
  j["ambient"] = {{"dry_bulb", temperature_json(net.ambient.dry_bulb)}, {"wet_bulb", temperature_json(net.ambient.wet_bulb)}};
  const SolverOptions& o = net.options;
  j["solver"] = {{"max_iterations", o.max_iterations},     {"max_outer_iterations", o.max_outer_iterations},
                 {"flow_tolerance", o.flow_tolerance},     {"head_tolerance", o.head_tolerance},
                 {"temperature_tolerance", o.temperature_tolerance}, {"pump_heat", o.pump_heat}};
  if (net.facility_supply_node >= 0)
    j["facility_supply_node"] = net.nodes[static_cast<std::size_t>(net.facility_supply_node)].name;
  if (net.facility_water_supply_limit > 0) {
    const int c = static_cast<int>(std::lround(net.facility_water_supply_limit - 273.15));
    j["design_water_class"] = "W" + std::to_string(c);
  }
  json nodes = json::array();
  for (const liquid::Node& n : net.nodes) {
    json e = {{"name", n.name}};
    if (n.type == NodeType::fixed_head) {
      e["type"] = "fixed_head";
      if (n.pressure_given) e["pressure"] = n.pressure;
      else e["head"] = n.head;
      e["temperature"] = temperature_json(n.supply_temperature);
      e["coolant"] = coolant_name(n.coolant);
    } else {
      e["type"] = n.type == NodeType::manifold ? "manifold" : "junction";
      if (n.demand != 0.0) e["demand"] = n.demand;
    }
    if (n.elevation != 0.0) e["elevation"] = n.elevation;
    if (n.position.x != 0.0 || n.position.y != 0.0 || n.position.z != 0.0)
      e["position"] = {n.position.x, n.position.y, n.position.z};
    nodes.push_back(e);
  }
  j["nodes"] = nodes;
  json links = json::array();
  for (const Link& l : net.links) {
    json e = {{"name", l.name}, {"type", link_type_name(l.type)},
              {"from", net.nodes[static_cast<std::size_t>(l.from)].name},
              {"to", net.nodes[static_cast<std::size_t>(l.to)].name}};
    if (!l.open) e["status"] = "closed";
    switch (l.type) {
      case LinkType::pipe:
        e["length"] = l.pipe.length;
        e["diameter"] = l.pipe.diameter;
        e["roughness"] = l.pipe.roughness;
        e["minor_loss"] = l.pipe.minor_loss;
        if (l.pipe.formula == HeadLossFormula::hazen_williams) e["hazen_williams_c"] = l.pipe.hazen_williams_c;
        e["friction"] = l.pipe.friction == FrictionModel::colebrook ? "colebrook" : "swamee_jain";
        break;
      case LinkType::pump:
        e["curve"] = {{"shutoff_head", l.pump.shutoff_head}, {"r", l.pump.curve_r}, {"n", l.pump.curve_n}};
        e["speed"] = l.pump.speed;
        e["efficiency"] = l.pump.best_efficiency;
        if (l.pump.best_flow > 0) e["best_flow"] = l.pump.best_flow;
        e["motor_efficiency"] = l.pump.motor_efficiency;
        e["check_valve"] = l.pump.has_check_valve;
        break;
      case LinkType::valve:
        e["kv"] = l.valve.kv;
        e["opening"] = l.valve.opening;
        e["min_opening"] = l.valve.min_opening;
        if (l.valve.control != ValveControl::none) {
          json c = {{"type", l.valve.control == ValveControl::flow ? "flow" : "differential_pressure"},
                    {"setpoint", l.valve.setpoint}};
          if (l.valve.dp_node_high >= 0) c["high"] = net.nodes[static_cast<std::size_t>(l.valve.dp_node_high)].name;
          if (l.valve.dp_node_low >= 0) c["low"] = net.nodes[static_cast<std::size_t>(l.valve.dp_node_low)].name;
          e["control"] = c;
        }
        break;
      case LinkType::cold_plate:
        e["pressure_drop"] = drop_json(l.drop);
        e["count"] = l.cold_plate.count;
        if (!l.cold_plate.rack.empty()) {
          e["rack"] = l.cold_plate.rack;
          e["liquid_fraction"] = l.cold_plate.liquid_fraction;
        } else {
          e["heat"] = l.cold_plate.heat;
        }
        e["thermal_resistance"] = l.cold_plate.resistance;
        e["rated_flow"] = l.cold_plate.rated_flow;
        e["resistance_exponent"] = l.cold_plate.resistance_exponent;
        e["case_limit"] = temperature_json(l.cold_plate.case_limit);
        break;
      case LinkType::heat_source:
        e["pressure_drop"] = drop_json(l.drop);
        e["heat"] = l.heat;
        break;
      case LinkType::chiller:
        e["pressure_drop"] = drop_json(l.drop);
        e["capacity"] = l.chiller.capacity;
        e["cop"] = l.chiller.cop;
        e["leaving_setpoint"] = temperature_json(l.chiller.leaving_setpoint);
        if (l.chiller.condenser_entering > 0) e["condenser_entering"] = temperature_json(l.chiller.condenser_entering);
        else e["condenser_approach"] = l.chiller.condenser_approach;
        e["capft"] = l.chiller.capft;
        e["eirft"] = l.chiller.eirft;
        e["eirfplr"] = l.chiller.eirfplr;
        e["min_part_load"] = l.chiller.min_plr;
        break;
      case LinkType::dry_cooler:
      case LinkType::cooling_tower:
        e["pressure_drop"] = drop_json(l.drop);
        e["approach"] = l.cooler.approach;
        e["capacity"] = l.cooler.capacity;
        e["fan_power_ratio"] = l.cooler.fan_power_ratio;
        break;
      case LinkType::check_valve:
      case LinkType::heat_exchanger:
        e["pressure_drop"] = drop_json(l.drop);
        break;
    }
    links.push_back(e);
  }
  j["links"] = links;
  json cdus = json::array();
  for (const Cdu& c : net.cdus) {
    json e = {{"name", c.name}, {"hot", net.links[static_cast<std::size_t>(c.hot_link)].name},
              {"cold", net.links[static_cast<std::size_t>(c.cold_link)].name}, {"ua", c.ua}};
    json pumps = json::array();
    for (int k : c.pumps) pumps.push_back(net.links[static_cast<std::size_t>(k)].name);
    e["pumps"] = pumps;
    cdus.push_back(e);
  }
  j["cdus"] = cdus;
  return j;
}

}  // namespace factwin::liquid
