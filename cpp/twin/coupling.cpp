// SPDX-License-Identifier: Apache-2.0
// The steady coupling of a facility's solves (docs/twin.md): cooler coils on a water loop, plant
// power in the power chain, power-chain losses as heat in the hall, iterated to a fixed point.
// The physics modules never see each other: this file reads one's results and sets the next one's
// inputs (twin/exchange.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "factwin/core/error.hpp"
#include "twin/coupling.hpp"
#include "twin/it_power.hpp"

namespace factwin::twin {
namespace {

using electrical::PlantPart;

constexpr PlantPart plant_parts[] = {PlantPart::pumps, PlantPart::chillers, PlantPart::dry_coolers};

const char* part_name(PlantPart p) {
  switch (p) {
    case PlantPart::pumps: return "pumps";
    case PlantPart::chillers: return "chillers";
    case PlantPart::dry_coolers: return "dry_coolers";
    case PlantPart::none: break;
  }
  return "none";
}

std::size_t part_index(PlantPart p) { return static_cast<std::size_t>(p) - 1; }

/// [W] electric power of a plant part, from the liquid solve.
double part_power(const liquid::Result& r, PlantPart p) {
  switch (p) {
    case PlantPart::pumps: return r.pump_power;
    case PlantPart::chillers: return r.chiller_power;
    case PlantPart::dry_coolers: return r.fan_power;  // dry coolers and cooling towers
    case PlantPart::none: break;
  }
  return 0.0;
}

InputLocation at(const Scenario& s, const std::string& pointer) { return {s.source_file, 0, 0, pointer}; }

std::string fmt(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

/// The hall-wide heat source of the power chain's losses: every air cell, by its volume.
VoxelHeatSource hall_heat_source(const std::string& name, const VoxelGrid& vg) {
  VoxelHeatSource vh;
  vh.name = name;
  const StructuredGrid& g = vg.grid;
  for (int k = 0; k < g.cells()[2]; ++k)
    for (int j = 0; j < g.cells()[1]; ++j)
      for (int i = 0; i < g.cells()[0]; ++i) {
        const index_t c = g.cell_index(i, j, k);
        if (vg.cell_type[c] != CellType::fluid) continue;
        vh.cells.push_back(c);
        vh.power.push_back(g.cell_volume(i, j, k));  // weights until set_power
      }
  return vh;
}

/// Sets the source's total to `power`, shared by the cell volumes in `weights`.
void set_power(VoxelHeatSource& vh, const std::vector<double>& weights, double volume, double power) {
  vh.declared_power = power;
  for (std::size_t c = 0; c < weights.size(); ++c) vh.power[c] = power * (weights[c] / volume);
}

}  // namespace

bool has_exchanges(const Facility& f) {
  for (const Cooler& c : f.air.coolers)
    if (!c.coil.empty()) return true;
  for (const electrical::Load& l : f.power.loads)
    if (l.plant != PlantPart::none) return true;
  for (const Rack& r : f.air.racks)
    if (r.utilisation >= 0) return true;
  if (f.server) return true;
  return !f.air.hall.room.empty() && !f.power.empty();
}

std::map<std::string, double> losses_by_room(const electrical::PowerNetwork& net,
                                             const electrical::PowerFlowResult& r) {
  std::map<std::string, double> rooms;
  std::unordered_map<std::string, const std::string*> bus_room;
  for (const electrical::Bus& b : net.buses) bus_room[b.name] = &b.room;
  for (std::size_t i = 0; i < net.loads.size() && i < r.loads.size(); ++i) {
    const electrical::Load& ld = net.loads[i];
    if (ld.kind != electrical::LoadKind::it || !r.loads[i].served) continue;
    // a load without a room is where its first supply bus is (as a branch without one is where its
    // downstream bus is)
    const auto it = ld.buses.empty() ? bus_room.end() : bus_room.find(ld.buses.front());
    rooms[!ld.room.empty() || it == bus_room.end() ? ld.room : *it->second] += r.loads[i].psu_loss;
  }
  for (std::size_t l = 0; l < net.branches.size() && l < r.branches.size(); ++l) {
    if (!r.branches[l].energised) continue;
    const electrical::Branch& b = net.branches[l];
    const auto it = bus_room.find(b.to);
    rooms[!b.room.empty() || it == bus_room.end() ? b.room : *it->second] += r.branches[l].loss;
  }
  return rooms;
}

namespace detail {
namespace {

/// The air solve of a coupling iteration: from the previous air solution (`sol.air`) once there
/// is one (a warm start, airflow::SolveOptions::initial), else from the initial state.
airflow::SolveResult solve_air(const Scenario& s, const Solution& sol, airflow::SolveOptions opt, bool warm) {
  if (warm) opt.initial = &sol.air;
  return airflow::solve(s, sol.settings, sol.grid, sol.executor, opt);
}

}  // namespace

void solve_coupled(const Facility& f, const RunSettings& rs, const airflow::SolveOptions& opt, Solution& sol) {
  Scenario& s = sol.air_scenario;
  const CouplingSettings& cs = rs.coupling;
  CouplingReport& rep = sol.coupling;
  rep.active = true;
  rep.max_iterations = cs.max_iterations;
  rep.hall_room = s.hall.room;
  rep.it_power = s.total_rack_power();
  const double reference = rep.it_power > 0 ? rep.it_power : std::max(s.total_heat_power(), 1.0);
  const double power_tol = cs.power_tolerance * reference;

  // sol.liquid_network and sol.power_network hold the facility's loops and chain with the racks'
  // powers resolved (twin::solve)
  electrical::PowerNetwork& pnet = sol.power_network;
  const bool has_power = !pnet.empty();
  const bool hall_heat = has_power && !s.hall.room.empty();

  // ---- the exchanges, checked again for facilities built in C++ (the reader locates them in files)
  struct Coil {
    std::size_t cooler;
    std::size_t link;
  };
  std::vector<Coil> coils;
  for (std::size_t i = 0; i < s.coolers.size(); ++i) {
    const Cooler& c = s.coolers[i];
    if (c.coil.empty()) continue;
    const std::string ptr = "/coolers/" + std::to_string(i) + "/coil";
    const int k = sol.liquid_network ? sol.liquid_network->link_index(c.coil) : -1;
    if (k < 0)
      throw InputError("FW-E0625", at(s, ptr), "cooler '" + c.name + "' names coil '" + c.coil + "', which is not a link of /liquid/links");
    if (sol.liquid_network->links[static_cast<std::size_t>(k)].type != liquid::LinkType::heat_source)
      throw InputError("FW-E0626", at(s, ptr), "cooler '" + c.name + "': coil '" + c.coil + "' is not a heat_source link");
    for (const Coil& o : coils)
      if (o.link == static_cast<std::size_t>(k))
        throw InputError("FW-E0626", at(s, ptr), "coil '" + c.coil + "' is already the coil of cooler '" + s.coolers[o.cooler].name + "'");
    coils.push_back({i, static_cast<std::size_t>(k)});
  }
  std::array<int, 3> part_loads{0, 0, 0};  // loads naming each plant part
  for (std::size_t i = 0; i < pnet.loads.size(); ++i) {
    electrical::Load& ld = pnet.loads[i];
    if (!ld.rack.empty())  // IT power from the rack, named once (docs/electrical.md)
      for (const Rack& r : s.racks)
        if (r.name == ld.rack) ld.power = r.power;
    if (ld.plant == PlantPart::none) continue;
    if (!sol.liquid_network)
      throw InputError("FW-E0713", at(s, "/power/loads/" + std::to_string(i) + "/plant"),
                       "mechanical load '" + ld.name + "' carries the plant's " + part_name(ld.plant) +
                           ", but the facility has no liquid loops");
    ++part_loads[part_index(ld.plant)];
  }

  // ---- IT power from utilisation and the solved server inlet (docs/twin.md, "IT power"): start at
  // the design inlet; the facility's racks[].power is the design power at u = 1
  const std::vector<std::size_t> it_racks = utilised_racks(f);
  std::vector<double> it_used(it_racks.size()), inlet_used(it_racks.size());
  for (std::size_t j = 0; j < it_racks.size(); ++j) {
    inlet_used[j] = f.server->design_inlet;
    it_used[j] = rack_it_power(*f.server, f.air.racks[it_racks[j]], inlet_used[j]);
    set_rack_power(s, sol.liquid_network, pnet, it_racks[j], it_used[j]);
  }
  if (!it_racks.empty()) rep.it_power = s.total_rack_power();

  // ---- the power chain's losses in the hall: one more heat source over the hall's air
  std::vector<double> weights;
  double volume = 0.0;
  if (hall_heat) {
    const std::string name = "power-chain losses in '" + s.hall.room + "'";
    s.heat_sources.push_back({name, s.hall.box(), 0.0});
    sol.grid.heat_sources.push_back(hall_heat_source(name, sol.grid));
    weights = sol.grid.heat_sources.back().power;
    for (double w : weights) volume += w;
  }

  // ---- exchange states: start values 0 (docs/twin.md)
  std::vector<ExchangeState>& ex = rep.exchanges;
  const std::size_t loss_x = ex.size();
  if (hall_heat) ex.push_back({"hall_losses", "power", "air", "W", 0.0, 0.0, power_tol});
  const std::size_t coil_x = ex.size();
  for (const Coil& c : coils) ex.push_back({"coil:" + s.coolers[c.cooler].name, "air", "liquid", "W", 0.0, 0.0, power_tol});
  const std::size_t it_x = ex.size();  // per IT rack: its inlet (air -> it), its power (it -> air)
  for (std::size_t j = 0; j < it_racks.size(); ++j) {
    const std::string& name = s.racks[it_racks[j]].name;
    ex.push_back({"inlet:" + name, "air", "it", "K", inlet_used[j], 0.0, cs.temperature_tolerance});
    ex.push_back({"it_power:" + name, "it", "air", "W", it_used[j], 0.0, power_tol});
  }
  std::array<std::size_t, 3> part_x{};
  for (PlantPart p : plant_parts)
    if (part_loads[part_index(p)] > 0) {
      part_x[part_index(p)] = ex.size();
      ex.push_back({std::string("plant:") + part_name(p), "liquid", "power", "W", 0.0, 0.0, power_tol});
    }

  const double nan = std::numeric_limits<double>::quiet_NaN();
  double loss_in_air = nan;
  std::vector<double> coil_in_liquid(coils.size(), nan);
  std::array<double, 3> plant_used{0.0, 0.0, 0.0};
  auto set_plant_loads = [&] {
    for (electrical::Load& ld : pnet.loads)
      if (ld.plant != PlantPart::none)
        ld.power = plant_used[part_index(ld.plant)] / part_loads[part_index(ld.plant)];
  };

  bool racks_moved = false;  // IT rack powers changed since the last air and liquid solves
  std::vector<double> it_next(it_racks.size());
  for (int it = 1; it <= cs.max_iterations; ++it) {
    rep.iterations = it;
    // power flow with the plant power of the last liquid solve
    double loss = 0.0;
    if (has_power) {
      set_plant_loads();
      const electrical::PowerFlowResult pf = electrical::solve_power_flow(pnet);
      ++rep.power_solves;
      if (hall_heat) {
        const auto rooms = losses_by_room(pnet, pf);
        const auto h = rooms.find(s.hall.room);
        loss = h == rooms.end() ? 0.0 : h->second;
      }
    }
    // air, with the losses in the hall and the racks' powers (re-solved, from its last solution, when they changed)
    if (it == 1 || (hall_heat && loss != loss_in_air) || racks_moved) {
      if (hall_heat) {
        s.heat_sources.back().power = loss;
        set_power(sol.grid.heat_sources.back(), weights, volume, loss);
      }
      sol.air = solve_air(s, sol, opt, rep.air_solves > 0);
      ++rep.air_solves;
      loss_in_air = loss;
      if (!sol.air.converged && !sol.settings.accept_unconverged) return;  // the caller reports the air
    }
    if (hall_heat) {
      ExchangeState& e = ex[loss_x];
      e.change = std::abs(loss - e.value);
      e.value = loss;
    }
    // IT power from each rack's solved server inlet (taken by the next iteration)
    for (std::size_t j = 0; j < it_racks.size(); ++j) {
      const Rack& design = f.air.racks[it_racks[j]];
      const double t_in = server_inlet(sol.air, design.name);
      ExchangeState& ei = ex[it_x + 2 * j];
      ei.change = std::abs(t_in - inlet_used[j]);
      ei.value = t_in;
      inlet_used[j] = t_in;
      it_next[j] = rack_it_power(*f.server, design, t_in);
      ExchangeState& ep = ex[it_x + 2 * j + 1];
      ep.change = std::abs(it_next[j] - it_used[j]);
      ep.value = it_next[j];
    }
    // coil heats = the coolers' duties; the liquid loops with them (and the racks' liquid shares)
    bool coils_moved = it == 1 || racks_moved;
    racks_moved = false;
    for (std::size_t c = 0; c < coils.size(); ++c) {
      double duty = 0.0;
      for (const airflow::DeviceState& d : sol.air.devices)
        if (d.kind == "cooler" && d.name == s.coolers[coils[c].cooler].name) duty = d.duty;
      ExchangeState& e = ex[coil_x + c];
      e.change = std::abs(duty - e.value);
      e.value = duty;
      if (duty != coil_in_liquid[c]) coils_moved = true;
      coil_in_liquid[c] = duty;
      sol.liquid_network->links[coils[c].link].heat = duty;
    }
    if (sol.liquid_network && coils_moved) {
      sol.liquid = liquid::solve(*sol.liquid_network);
      ++rep.liquid_solves;
    }
    // plant power for the next power flow
    for (PlantPart p : plant_parts) {
      const std::size_t k = part_index(p);
      if (part_loads[k] == 0) continue;
      ExchangeState& e = ex[part_x[k]];
      const double power = part_power(*sol.liquid, p);
      e.change = std::abs(power - plant_used[k]);
      e.value = power;
      plant_used[k] = power;
    }
    rep.converged = std::all_of(ex.begin(), ex.end(), [](const ExchangeState& e) { return e.change <= e.tolerance; });
    if (rep.converged) break;
    // the new IT powers go to the air, the liquid loops and the power chain when one of them moved
    // by more than the power tolerance (else all keep the powers the air was solved with)
    bool it_moved = false;
    for (std::size_t j = 0; j < it_racks.size(); ++j) it_moved |= std::abs(it_next[j] - it_used[j]) > power_tol;
    if (it_moved)
      for (std::size_t j = 0; j < it_racks.size(); ++j) {
        it_used[j] = it_next[j];
        set_rack_power(s, sol.liquid_network, pnet, it_racks[j], it_used[j]);
        racks_moved = true;
      }
  }
  if (!rep.converged) {
    const auto worst = std::max_element(ex.begin(), ex.end(), [](const ExchangeState& a, const ExchangeState& b) {
      return a.change / a.tolerance < b.change / b.tolerance;
    });
    std::vector<double> changes;
    for (const ExchangeState& e : ex) changes.push_back(e.change);
    rep.stop_reason = "coupling: no fixed point after " + std::to_string(rep.iterations) + " iterations: exchange '" +
                      worst->name + "' (" + worst->from + " -> " + worst->to + ") still moves by " +
                      fmt(worst->change) + " " + worst->unit + " (tolerance " + fmt(worst->tolerance) + " " +
                      worst->unit + ")";
    rep.last_changes = changes;
    if (cs.throw_when_not_converged) throw ConvergenceError(rep.stop_reason, changes);
    // else: the last iteration's state is completed below and returned, marked not converged
  }

  // ---- the final state: the power chain with the last plant power, its N-1 study and transient
  if (has_power) {
    set_plant_loads();
    PowerSolution p;
    p.study = electrical::n_minus_1(pnet);
    if (!pnet.workload.empty()) p.transient = electrical::run_transient(pnet, pnet.server, pnet.workload, pnet.inlet_temperature);
    rep.hall_loss_heat = hall_heat ? loss_in_air : 0.0;
    for (const auto& [room, heat] : losses_by_room(pnet, p.study.base))
      if (!(hall_heat && room == s.hall.room) && heat != 0.0) rep.plant_heat_by_room[room] = heat;
    sol.power = std::move(p);
  }
  if (sol.liquid) {
    double outside = sol.liquid->pump_power + sol.liquid->chiller_power + sol.liquid->fan_power;
    for (PlantPart p : plant_parts)
      if (part_loads[part_index(p)] > 0) outside -= part_power(*sol.liquid, p);
    rep.plant_power_outside_chain = std::max(outside, 0.0);
  }
  if (!it_racks.empty()) rep.it_power = s.total_rack_power();  // as solved
}

}  // namespace detail
}  // namespace factwin::twin
