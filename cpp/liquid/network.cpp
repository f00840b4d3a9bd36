// SPDX-License-Identifier: Apache-2.0
// Network helpers: names, pump-curve fits, validation (FW-E06xx), N-1 variants.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "factwin/liquid/network.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid {

const char* link_type_name(LinkType t) {
  switch (t) {
    case LinkType::pipe: return "pipe";
    case LinkType::pump: return "pump";
    case LinkType::valve: return "valve";
    case LinkType::check_valve: return "check_valve";
    case LinkType::cold_plate: return "cold_plate";
    case LinkType::heat_exchanger: return "heat_exchanger";
    case LinkType::chiller: return "chiller";
    case LinkType::dry_cooler: return "dry_cooler";
    case LinkType::cooling_tower: return "cooling_tower";
    case LinkType::heat_source: return "heat_source";
  }
  return "?";
}

int Network::node_index(const std::string& n) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].name == n) return static_cast<int>(i);
  return -1;
}

int Network::link_index(const std::string& n) const {
  for (std::size_t i = 0; i < links.size(); ++i)
    if (links[i].name == n) return static_cast<int>(i);
  return -1;
}

PumpSpec pump_from_one_point(double flow, double head) {
  // EPANET 2.2 (hydraulic.c / epanet.c, "one-point curve"): h0 = 1.33334 h1, zero head at 2 q1.
  return pump_from_three_points(1.33334 * head, flow, head, 2.0 * flow, 0.0);
}

PumpSpec pump_from_three_points(double h0, double q1, double h1, double q2, double h2) {
  // EPANET powercurve(): h = h0 - r q^n through (0, h0), (q1, h1), (q2, h2).
  PumpSpec p;
  const double h4 = h0 - h1, h5 = h0 - h2;
  p.shutoff_head = h0;
  p.curve_n = std::log(h5 / h4) / std::log(q2 / q1);
  p.curve_r = h4 / std::pow(q1, p.curve_n);
  p.best_flow = q1;
  return p;
}

namespace detail {

std::vector<int> circuits(const Network& net, int* count) {
  // Union-find over all links (open or closed): a circuit is a hydraulically connected part.
  std::vector<int> parent(net.nodes.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int>(i);
  auto find = [&](int a) {
    while (parent[static_cast<std::size_t>(a)] != a) {
      parent[static_cast<std::size_t>(a)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(a)])];
      a = parent[static_cast<std::size_t>(a)];
    }
    return a;
  };
  for (const Link& l : net.links) {
    if (l.from < 0 || l.to < 0) continue;
    const int a = find(l.from), b = find(l.to);
    if (a != b) parent[static_cast<std::size_t>(a)] = b;
  }
  std::vector<int> id(net.nodes.size(), -1);  // circuit number of each root, in order of first appearance
  std::vector<int> c(net.nodes.size());
  int ncirc = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const auto r = static_cast<std::size_t>(find(static_cast<int>(i)));
    if (id[r] < 0) id[r] = ncirc++;
    c[i] = id[r];
  }
  if (count) *count = ncirc;
  return c;
}

}  // namespace detail

void validate(const Network& net, const Locator& where, const std::string& prefix) {
  auto fail = [&](const char* code, const std::string& ptr, const std::string& msg) {
    const std::string full = prefix + ptr;
    InputLocation loc = where ? where(full) : InputLocation{"<network " + net.name + ">", 0, 0, full};
    throw InputError(code, loc, msg);
  };
  if (net.nodes.empty()) fail("FW-E0609", "/nodes", "the network has no nodes");
  std::unordered_set<std::string> names;
  names.reserve(std::max(net.nodes.size(), net.links.size()));
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (!names.insert(net.nodes[i].name).second)
      fail("FW-E0605", "/nodes/" + std::to_string(i) + "/name",
           "node name \"" + net.nodes[i].name + "\" is used twice");
  }
  names.clear();
  const int nn = static_cast<int>(net.nodes.size());
  for (std::size_t i = 0; i < net.links.size(); ++i) {
    const Link& l = net.links[i];
    struct Ptr {  // formatted only when a check fails
      std::size_t i;
      std::string operator+(const char* suffix) const { return "/links/" + std::to_string(i) + suffix; }
      operator std::string() const { return "/links/" + std::to_string(i); }  // NOLINT: implicit on purpose
    } const p{i};
    if (!names.insert(l.name).second) fail("FW-E0605", p + "/name", "link name \"" + l.name + "\" is used twice");
    if (l.from < 0 || l.from >= nn) fail("FW-E0600", p + "/from", "link \"" + l.name + "\": start node does not exist");
    if (l.to < 0 || l.to >= nn) fail("FW-E0600", p + "/to", "link \"" + l.name + "\": end node does not exist");
    if (l.from == l.to) fail("FW-E0606", p + "/to", "link \"" + l.name + "\" connects node \"" + net.nodes[static_cast<std::size_t>(l.from)].name + "\" to itself");
    const bool has_pipe_body = l.type == LinkType::pipe || (l.type == LinkType::check_valve && l.pipe.diameter > 0);
    if (l.type == LinkType::pipe) {
      if (!(l.pipe.diameter > 0)) fail("FW-E0601", p + "/diameter", "pipe \"" + l.name + "\": diameter must be > 0");
      if (!(l.pipe.length > 0)) fail("FW-E0601", p + "/length", "pipe \"" + l.name + "\": length must be > 0");
    }
    if (has_pipe_body) {
      if (l.pipe.formula == HeadLossFormula::hazen_williams && !(l.pipe.hazen_williams_c > 0))
        fail("FW-E0601", p + "/roughness", "pipe \"" + l.name + "\": Hazen-Williams C must be > 0");
      if (l.pipe.roughness < 0) fail("FW-E0601", p + "/roughness", "pipe \"" + l.name + "\": roughness must be >= 0");
      if (l.pipe.minor_loss < 0) fail("FW-E0601", p + "/minor_loss", "pipe \"" + l.name + "\": minor loss must be >= 0");
    }
    if (l.type == LinkType::pump) {
      if (!(l.pump.shutoff_head > 0) || !(l.pump.curve_r > 0) || !(l.pump.curve_n > 0))
        fail("FW-E0607", p + "/curve", "pump \"" + l.name + "\": the head curve must fall with flow (h0 > 0, r > 0, n > 0)");
      if (!(l.pump.speed >= 0)) fail("FW-E0607", p + "/speed", "pump \"" + l.name + "\": speed must be >= 0");
      if (!(l.pump.best_efficiency > 0 && l.pump.best_efficiency <= 1))
        fail("FW-E0607", p + "/efficiency", "pump \"" + l.name + "\": efficiency must be in (0, 1]");
    }
    if (l.type == LinkType::valve) {
      if (!(l.valve.kv > 0)) fail("FW-E0608", p + "/kv", "valve \"" + l.name + "\": Kv must be > 0");
      if (!(l.valve.opening >= 0 && l.valve.opening <= 1))
        fail("FW-E0608", p + "/opening", "valve \"" + l.name + "\": opening must be in [0, 1]");
      if (l.valve.control == ValveControl::differential_pressure &&
          ((l.valve.dp_node_high >= nn) || (l.valve.dp_node_low >= nn)))
        fail("FW-E0600", p + "/dp_nodes", "valve \"" + l.name + "\": differential-pressure node does not exist");
    }
    const bool drop_law = l.type == LinkType::cold_plate || l.type == LinkType::heat_exchanger ||
                          l.type == LinkType::chiller || l.type == LinkType::dry_cooler ||
                          l.type == LinkType::cooling_tower || l.type == LinkType::heat_source ||
                          (l.type == LinkType::check_valve && !has_pipe_body);
    if (drop_law && !(l.drop.linear > 0 || l.drop.quadratic > 0))
      fail("FW-E0601", p + "/pressure_drop", std::string(link_type_name(l.type)) + " \"" + l.name +
                                                 "\": the pressure-drop curve must be > 0 (dp = a Q + b Q^2)");
    if (l.type == LinkType::cold_plate) {
      if (l.cold_plate.count < 1) fail("FW-E0601", p + "/count", "cold plate \"" + l.name + "\": count must be >= 1");
      if (l.cold_plate.heat < 0) fail("FW-E0601", p + "/heat", "cold plate \"" + l.name + "\": heat must be >= 0");
      if (!(l.cold_plate.resistance > 0) || !(l.cold_plate.rated_flow > 0))
        fail("FW-E0601", p + "/thermal_resistance", "cold plate \"" + l.name + "\": thermal resistance and rated flow must be > 0");
    }
    if (l.type == LinkType::chiller && !(l.chiller.capacity > 0 && l.chiller.cop > 0))
      fail("FW-E0601", p + "/capacity", "chiller \"" + l.name + "\": capacity and COP must be > 0");
  }
  for (std::size_t c = 0; c < net.cdus.size(); ++c) {
    const Cdu& u = net.cdus[c];
    const std::string p = "/cdus/" + std::to_string(c);
    for (int side : {u.hot_link, u.cold_link}) {
      if (side < 0 || side >= static_cast<int>(net.links.size()) ||
          net.links[static_cast<std::size_t>(side)].type != LinkType::heat_exchanger)
        fail("FW-E0603", p, "CDU \"" + u.name + "\": both sides must be heat_exchanger links");
    }
    if (u.hot_link == u.cold_link) fail("FW-E0603", p, "CDU \"" + u.name + "\": the two sides must be different links");
    if (!(u.ua > 0)) fail("FW-E0601", p + "/ua", "CDU \"" + u.name + "\": UA must be > 0");
  }
  // Each circuit needs a fixed-head node (expansion tank / reservoir), and one coolant.
  int nc = 0;
  const std::vector<int> circ = detail::circuits(net, &nc);
  std::vector<int> fixed(static_cast<std::size_t>(nc), -1);
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (net.nodes[i].type != NodeType::fixed_head) continue;
    int& f = fixed[static_cast<std::size_t>(circ[i])];
    if (f >= 0 && net.nodes[static_cast<std::size_t>(f)].coolant != net.nodes[i].coolant)
      fail("FW-E0604", "/nodes/" + std::to_string(i) + "/coolant",
           "node \"" + net.nodes[i].name + "\" gives a coolant different from \"" +
               net.nodes[static_cast<std::size_t>(f)].name + "\" in the same circuit");
    if (f < 0) f = static_cast<int>(i);
  }
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (fixed[static_cast<std::size_t>(circ[i])] >= 0) continue;
    std::string members;
    int shown = 0;
    for (std::size_t k = 0; k < net.nodes.size() && shown < 6; ++k)
      if (circ[k] == circ[i]) {
        members += (shown ? ", " : "") + net.nodes[k].name;
        ++shown;
      }
    fail("FW-E0602", "/nodes/" + std::to_string(i),
         "disconnected part: node \"" + net.nodes[i].name + "\" (part: " + members +
             ") is not connected to any fixed-head or fixed-pressure node (expansion tank, reservoir)");
  }
}

std::vector<Variant> n_minus_1_variants(const Network& net) {
  std::vector<Variant> v;
  for (std::size_t i = 0; i < net.links.size(); ++i) {
    const Link& l = net.links[i];
    if (!l.open) continue;
    if (l.type == LinkType::pump || l.type == LinkType::valve) {
      Variant x;
      x.name = std::string(l.type == LinkType::pump ? "pump " : "valve ") + l.name + " failed";
      x.closed_links.push_back(static_cast<int>(i));
      v.push_back(x);
    }
  }
  for (const Cdu& c : net.cdus) {
    Variant x;
    x.name = "CDU " + c.name + " failed";
    x.closed_links = {c.hot_link, c.cold_link};
    for (int p : c.pumps) x.closed_links.push_back(p);
    v.push_back(x);
  }
  return v;
}

Network apply_variant(const Network& base, const Variant& v) {
  Network n = base;
  for (int l : v.closed_links) n.links.at(static_cast<std::size_t>(l)).open = false;
  for (const auto& [l, s] : v.pump_speed) n.links.at(static_cast<std::size_t>(l)).pump.speed = s;
  for (const auto& [l, x] : v.valve_opening) n.links.at(static_cast<std::size_t>(l)).valve.opening = x;
  for (const auto& [l, f] : v.heat_scale) {
    Link& k = n.links.at(static_cast<std::size_t>(l));
    k.heat *= f;
    k.cold_plate.heat *= f;
  }
  return n;
}

}  // namespace factwin::liquid
