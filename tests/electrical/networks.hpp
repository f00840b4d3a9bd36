// SPDX-License-Identifier: Apache-2.0
// Small power chains built in C++ for the electrical tests.
#pragma once

#include <string>

#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical::testnets {

inline Branch cable(const std::string& name, const std::string& from, const std::string& to, double r_per_m,
                    double x_per_m, double length, double ampacity) {
  Branch b;
  b.name = name;
  b.kind = BranchKind::cable;
  b.from = from;
  b.to = to;
  b.r_per_m = r_per_m;
  b.x_per_m = x_per_m;
  b.length = length;
  b.ampacity = ampacity;
  return b;
}

inline Branch transformer(const std::string& name, const std::string& from, const std::string& to, double rating,
                          double p_nl, double p_ll, double z_pu, BranchKind kind = BranchKind::transformer) {
  Branch b;
  b.name = name;
  b.kind = kind;
  b.from = from;
  b.to = to;
  b.rating = rating;
  b.no_load_loss = p_nl;
  b.load_loss = p_ll;
  b.impedance_pu = z_pu;
  return b;
}

inline Branch ups(const std::string& name, const std::string& from, const std::string& to, double rating) {
  Branch b;
  b.name = name;
  b.kind = BranchKind::ups;
  b.from = from;
  b.to = to;
  b.rating = rating;
  b.ups_l0 = 0.01;  // illustrative loss split, docs/electrical.md (E-4)
  b.ups_l1 = 0.01;
  b.ups_l2 = 0.01;
  b.battery_energy = rating * 300.0;  // 5 min at full load
  return b;
}

inline Source utility(const std::string& name, const std::string& bus, double rating) {
  Source s;
  s.name = name;
  s.bus = bus;
  s.rating = rating;
  return s;
}

inline Load it_load(const std::string& name, std::vector<std::string> buses, double power, double psu_rating) {
  Load l;
  l.name = name;
  l.kind = LoadKind::it;
  l.buses = std::move(buses);
  l.power = power;
  l.psu_rating = psu_rating;
  if (psu_rating > 0.0) l.psu = psu_80plus("230V_internal_redundant", "Titanium");
  l.room = "hall";
  return l;
}

/// A 2N chain: utility X -> 13.8 kV/480 V transformer X -> UPS X -> PDU X (480/415 V) -> busway X
/// -> rack bus X, for X = A, B; `racks` dual-corded racks of `rack_power` W DC each; a mechanical
/// panel on side A's transformer secondary with generator backup of utility A.
inline PowerNetwork two_n(int racks, double rack_power, double ups_rating) {
  PowerNetwork n;
  n.name = "2N test chain";
  n.topology = Topology::two_n;
  n.require_radial = true;
  for (const char* side : {"A", "B"}) {
    const std::string s = side;
    n.buses.push_back({"MV-" + s, 13800.0, "yard"});
    n.buses.push_back({"LV-" + s, 480.0, "electrical room"});
    n.buses.push_back({"UPSOUT-" + s, 480.0, "electrical room"});
    n.buses.push_back({"PDUOUT-" + s, 415.0, "hall"});
    n.buses.push_back({"ROW-" + s, 415.0, "hall"});
    n.sources.push_back(utility("UTIL-" + s, "MV-" + s, 5e6));
    n.branches.push_back(transformer("TX-" + s, "MV-" + s, "LV-" + s, 2.5e6, 3.0e3, 18.0e3, 0.0575));
    n.branches.push_back(ups("UPS-" + s, "LV-" + s, "UPSOUT-" + s, ups_rating));
    n.branches.push_back(transformer("PDU-" + s, "UPSOUT-" + s, "PDUOUT-" + s, 2.0e6, 2.0e3, 12.0e3, 0.045, BranchKind::pdu));
    Branch bw = cable("BW-" + s, "PDUOUT-" + s, "ROW-" + s, 1.2e-5, 0.9e-5, 40.0, 4000.0);
    bw.kind = BranchKind::busway;
    n.branches.push_back(bw);
  }
  Source gen;
  gen.name = "GEN-A";
  gen.kind = SourceKind::generator;
  gen.bus = "MV-A";
  gen.rating = 3e6;
  gen.start_delay = 10.0;
  gen.backs_up = "UTIL-A";
  n.sources.push_back(gen);
  for (int i = 0; i < racks; ++i)
    n.loads.push_back(it_load("rack" + std::to_string(i), {"ROW-A", "ROW-B"}, rack_power, 1.2 * rack_power));
  Load mech;
  mech.name = "CRAH panel";
  mech.kind = LoadKind::mechanical;
  mech.buses = {"LV-A"};
  mech.power = 120e3;
  mech.power_factor = 0.9;
  mech.room = "electrical room";
  mech.panel = "MECH-A";
  n.loads.push_back(mech);
  return n;
}

}  // namespace factwin::electrical::testnets
