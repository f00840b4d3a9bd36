// SPDX-License-Identifier: Apache-2.0
// One run of a facility (include/factwin/twin/twin.hpp).
#include "factwin/twin/twin.hpp"

#include <algorithm>

#include "factwin/airflow/memory.hpp"
#include "twin/coupling.hpp"

namespace factwin::twin {

Executor choose_executor(const RunSettings& rs, std::string* requested) {
  std::string backend = rs.air.backend;
  if (backend == "host") backend = "cpu";
  if (requested) *requested = backend;
  return Executor::create(backend);
}

Solution solve(const Facility& f, const RunSettings& rs) {
  Solution sol;
  sol.air_scenario = f.air;
  const Scenario& s = sol.air_scenario;
  sol.settings = rs.air;
  const SolverSettings& st = sol.settings;
  validate(st, s.source_file);
  sol.executor = choose_executor(rs, &sol.requested_backend);
  const Executor& ex = sol.executor;

  airflow::check_memory(s, st, ex.available_memory());
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
  sol.liquid_network = f.liquid;
  sol.power_network = f.power;

  if (f.liquid) sol.liquid = liquid::solve(*f.liquid);
  if (!f.power.empty()) {
    PowerSolution p;
    p.study = electrical::n_minus_1(f.power);
    if (!f.power.workload.empty())
      p.transient = electrical::run_transient(f.power, f.power.server, f.power.workload, f.power.inlet_temperature);
    sol.power = std::move(p);
  }
  return sol;
}

}  // namespace factwin::twin
