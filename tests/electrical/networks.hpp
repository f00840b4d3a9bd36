// SPDX-License-Identifier: Apache-2.0
// Small power chains built in C++ for the electrical tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

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

/// N+1: three 500 kW UPS modules in parallel between one utility bus and one output bus, an
/// 850 kW load (as in Redundancy.NPlusOneParallelUpsModulesShare).
inline PowerNetwork n_plus_1() {
  PowerNetwork n;
  n.name = "N+1 test chain";
  n.topology = Topology::n_plus_1;
  n.require_radial = true;
  n.buses = {{"IN", 480.0, ""}, {"OUT", 480.0, ""}};
  n.sources = {utility("U", "IN", 2e6)};
  for (int i = 0; i < 3; ++i) n.branches.push_back(ups("UPS" + std::to_string(i), "IN", "OUT", 500e3));
  n.loads = {it_load("rows", {"OUT"}, 850e3, 0.0)};
  return n;
}

/// Block redundant: blocks B1, B2 and a reserve R (transformer + UPS each) on one MV bus; each
/// block's rows transfer to the reserve (as in Redundancy.BlockRedundantTransfersToReserve).
inline PowerNetwork block_redundant() {
  PowerNetwork n;
  n.name = "block-redundant test chain";
  n.topology = Topology::block_redundant;
  n.buses = {{"MV", 13800.0, ""}};
  n.sources = {utility("U", "MV", 10e6)};
  for (const char* blk : {"B1", "B2", "R"}) {
    const std::string b = blk;
    n.buses.push_back({"LV-" + b, 480.0, ""});
    n.buses.push_back({"OUT-" + b, 480.0, ""});
    n.branches.push_back(transformer("TX-" + b, "MV", "LV-" + b, 2.5e6, 3e3, 18e3, 0.0575));
    n.branches.push_back(ups("UPS-" + b, "LV-" + b, "OUT-" + b, 1.5e6));
  }
  for (const char* blk : {"B1", "B2"}) {
    Load l = it_load(std::string("rows-") + blk, {std::string("OUT-") + blk, "OUT-R"}, 1.2e6, 0.0);
    l.mode = FeedMode::transfer;
    n.loads.push_back(l);
  }
  return n;
}

inline Load mechanical(const std::string& name, const std::string& bus, double power, double pf) {
  Load l;
  l.name = name;
  l.kind = LoadKind::mechanical;
  l.buses = {bus};
  l.power = power;
  l.power_factor = pf;
  return l;
}

/// An 11 kV ring main S-A-B-C-S with 1.5 MW at A, B and C: meshed (Newton) as built, radial
/// (sweep) with any ring cable out (as in Redundancy.RingMainSurvivesAnyCableFailure).
inline PowerNetwork ring_main() {
  PowerNetwork n;
  n.name = "ring main";
  n.buses = {{"S", 11000.0, ""}, {"A", 11000.0, ""}, {"B", 11000.0, ""}, {"C", 11000.0, ""}};
  n.sources = {utility("U", "S", 10e6)};
  n.branches = {cable("SA", "S", "A", 0.2e-3, 0.1e-3, 500.0, 400.0), cable("AB", "A", "B", 0.2e-3, 0.1e-3, 500.0, 400.0),
                cable("BC", "B", "C", 0.2e-3, 0.1e-3, 500.0, 400.0), cable("CS", "C", "S", 0.2e-3, 0.1e-3, 500.0, 400.0)};
  for (const char* b : {"A", "B", "C"}) n.loads.push_back(mechanical(std::string("L") + b, b, 1.5e6, 0.9));
  return n;
}

/// A weak 400 V feeder S-M-E with two parallel cables M-E (meshed); 120 kW at E sags below
/// 0.95 pu (as in Redundancy.VoltageViolationsAreReported).
inline PowerNetwork weak_feeder_mesh() {
  PowerNetwork n;
  n.name = "weak feeder";
  n.buses = {{"S", 400.0, ""}, {"M", 400.0, ""}, {"E", 400.0, ""}};
  n.sources = {utility("U", "S", 1e6)};
  n.branches = {cable("C1", "S", "M", 0.1e-3, 0.0, 50.0, 1000.0), cable("C2", "M", "E", 0.6e-3, 0.08e-3, 200.0, 400.0),
                cable("C2b", "M", "E", 0.6e-3, 0.08e-3, 200.0, 400.0)};
  n.loads = {mechanical("far", "E", 120e3, 0.9)};
  return n;
}

/// `halls` copies of `net` side by side (every name suffixed "#k"): a site whose N-1 study has
/// `halls` times the cases, each a `halls` times larger network (benchmarks, batch tests).
inline PowerNetwork replicated(const PowerNetwork& net, int halls) {
  PowerNetwork out = net;
  out.buses.clear();
  out.sources.clear();
  out.branches.clear();
  out.loads.clear();
  for (int k = 0; k < halls; ++k) {
    const std::string sfx = "#" + std::to_string(k);
    for (Bus b : net.buses) {
      b.name += sfx;
      out.buses.push_back(b);
    }
    for (Source s : net.sources) {
      s.name += sfx;
      s.bus += sfx;
      if (!s.backs_up.empty()) s.backs_up += sfx;
      out.sources.push_back(s);
    }
    for (Branch b : net.branches) {
      b.name += sfx;
      b.from += sfx;
      b.to += sfx;
      out.branches.push_back(b);
    }
    for (Load l : net.loads) {
      l.name += sfx;
      for (auto& b : l.buses) b += sfx;
      out.loads.push_back(l);
    }
  }
  return out;
}

}  // namespace factwin::electrical::testnets
