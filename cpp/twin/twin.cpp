// SPDX-License-Identifier: Apache-2.0
// One run of a facility (include/factwin/twin/twin.hpp).
#include "factwin/twin/twin.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "factwin/airflow/memory.hpp"
#include "factwin/core/units.hpp"
#include "twin/coupling.hpp"

namespace factwin::twin {

Executor choose_executor(const RunSettings& rs, std::string* requested) {
  std::string backend = rs.air.backend;
  if (backend == "host") backend = "cpu";
  if (requested) *requested = backend;
  return Executor::create(backend);
}

namespace {

/// Racks are named once (docs/architecture.md): the loops' rack-named cold plates and heat sources
/// and the chain's rack-named IT loads take their power from the racks at solve time, so a facility
/// changed or built in C++ after reading stays consistent (for a file just read the values are the
/// reader's, bit for bit). A load naming no rack of the hall is FW-E0708.
void resolve_rack_references(Solution& sol) {
  Scenario& s = sol.air_scenario;
  for (std::size_t i = 0; i < sol.power_network.loads.size(); ++i) {
    const electrical::Load& ld = sol.power_network.loads[i];
    if (ld.rack.empty()) continue;
    bool found = false;
    for (const Rack& r : s.racks) found |= r.name == ld.rack;
    if (!found)
      throw InputError("FW-E0708", {s.source_file, 0, 0, "/power/loads/" + std::to_string(i) + "/rack"},
                       "IT load '" + ld.name + "' names rack '" + ld.rack + "', which is not in racks[]");
  }
  if (!sol.power_network.empty())
    for (std::size_t k = 0; k < s.racks.size(); ++k) {
      if (s.racks[k].utilisation < 0) continue;
      bool fed = false;
      for (const electrical::Load& l : sol.power_network.loads) fed |= l.rack == s.racks[k].name;
      if (!fed)
        throw InputError("FW-E0717", {s.source_file, 0, 0, "/racks/" + std::to_string(k) + "/utilisation"},
                         "rack '" + s.racks[k].name + "' gives a utilisation (its IT power is solved), but no IT "
                         "load of the power chain names it");
    }
  // one pass over the links and loads (set_rack_power per rack would cost racks x (links + loads))
  std::unordered_map<std::string, double> power;
  for (const Rack& r : s.racks) power.emplace(r.name, r.power);
  auto power_of = [&](const std::string& rack) {
    const auto it = rack.empty() ? power.end() : power.find(rack);
    return it == power.end() ? nullptr : &it->second;
  };
  if (sol.liquid_network)
    for (liquid::Link& l : sol.liquid_network->links) {
      if (l.type == liquid::LinkType::cold_plate)
        if (const double* p = power_of(l.cold_plate.rack)) l.cold_plate.heat = l.cold_plate.liquid_fraction * *p;
      if (l.type == liquid::LinkType::heat_source)
        if (const double* p = power_of(l.heat_rack)) l.heat = l.heat_fraction * *p;
    }
  for (electrical::Load& ld : sol.power_network.loads)
    if (ld.kind == electrical::LoadKind::it)
      if (const double* p = power_of(ld.rack)) ld.power = *p;
}

}  // namespace

Solution solve(const Facility& f, const RunSettings& rs) {
  Solution sol;
  sol.air_scenario = f.air;
  sol.liquid_network = f.liquid;
  sol.power_network = f.power;
  resolve_rack_references(sol);
  const Scenario& s = sol.air_scenario;
  sol.settings = rs.air;
  const SolverSettings& st = sol.settings;
  validate(st, s.source_file);
  sol.executor = choose_executor(rs, &sol.requested_backend);
  const Executor& ex = sol.executor;

  airflow::check_memory(s, st, ex.available_memory());
  if (has_exchanges(f) && !s.hall.room.empty() && !sol.power_network.empty()) {
    // the coupling's hall-loss heat source lists every air cell with its power and its volume weight
    // on the host (cpp/twin/coupling.cpp): checked here, before anything large is allocated
    const double cells = static_cast<double>(s.grid.cells[0]) * s.grid.cells[1] * s.grid.cells[2];
    const double need = cells * static_cast<double>(sizeof(index_t) + 2 * sizeof(double));
    const std::size_t host = host_available_memory();
    if (host > 0 && need > static_cast<double>(host))
      throw InputError("FW-E0300", {s.source_file, 0, 0, "/hall/room"},
                       "the hall-loss heat source of the coupling needs about " + units::format_gib(need) +
                           " of host memory (" + std::to_string(sizeof(index_t) + 2 * sizeof(double)) +
                           " B per cell) but only " + units::format_gib(static_cast<double>(host)) +
                           " is available; use a coarser grid");
  }
  std::size_t available = ex.available_memory();
  if (st.memory_limit > 0) available = available ? std::min(available, st.memory_limit) : st.memory_limit;
  sol.grid = voxelize(s, available);
  const AirContext ctx{s, st, sol.grid, ex, sol.requested_backend};
  if (rs.on_prepared) rs.on_prepared(ctx);

  airflow::SolveOptions opt;
  opt.history_every = rs.history_every;
  if (!s.coolers.empty() || !s.boundaries.empty()) opt.tracer_names = {"supply_air"};
  opt.progress = rs.progress;
  if (rs.on_air_failure) opt.on_failure = [&](const airflow::SolveResult& last) { rs.on_air_failure(ctx, last); };
  if (has_exchanges(f)) {  // coupled: the fixed point of the exchanges (cpp/twin/coupling.cpp)
    detail::solve_coupled(f, rs, opt, sol);
    return sol;
  }
  sol.air = airflow::solve(s, st, sol.grid, ex, opt);

  if (sol.liquid_network) sol.liquid = liquid::solve(*sol.liquid_network);
  const electrical::PowerNetwork& chain = sol.power_network;
  if (!chain.empty()) {
    PowerSolution p;
    p.study = electrical::n_minus_1(chain);
    if (!chain.workload.empty())
      p.transient = electrical::run_transient(chain, chain.server, chain.workload, chain.inlet_temperature);
    sol.power = std::move(p);
  }
  return sol;
}

}  // namespace factwin::twin
