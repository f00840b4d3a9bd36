// SPDX-License-Identifier: Apache-2.0
// Coupling overhead benchmark (issue 13 section 4: "at steady state the coupling costs at most 10 %
// over the air solve alone"). Times the coupled run of a facility (default
// data/scenarios/coupled_room.json: twin::solve with the file's own solver settings, io::load_case)
// against its air solve alone: airflow::solve, from rest, of the coupled run's final air scenario
// (the same hall with the coupling's loss heat) on the same grid and executor. Reports the
// overhead ratio, the coupling's iterations, its air solves and their iterations (the coupled air
// solves after the first start from the previous air solution, SolveOptions::initial), against
// the air alone's. Check: both converge and the coupled cooler duties equal the air-alone ones to
// the coupling's power tolerance. Prints one JSON record (benchmark.schema.json).
//   bench_twin [--case FILE] [--refine N] [--history-every H] [--reps R] [--quick] [--out FILE]
// --refine N multiplies the file's cells per axis by N (a finer air grid, same facility).
// --history-every H: air iterations between residual records, which are also the convergence
// checks (default 10, as factwin run), in both runs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "factwin/airflow/solver.hpp"
#include "factwin/io/output.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "factwin/twin/twin.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Iterations of every air solve of a run, from its progress records (the last record of a solve
/// is its final iteration; a new solve starts again at iteration 1).
struct AirIterations {
  std::vector<long> per_solve;
  long last = 0;
  void record(const factwin::airflow::ResidualRecord& r) {
    if (r.iteration < last) per_solve.push_back(last);
    last = r.iteration;
  }
  std::vector<long> finish() {
    if (last > 0) per_solve.push_back(last);
    last = 0;
    std::vector<long> out;
    out.swap(per_solve);
    return out;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string file = std::string(FACTWIN_DATA_DIR) + "/scenarios/coupled_room.json";
  std::string out;
  int refine = 1;
  int reps = 5;
  int history_every = 10;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--case" && i + 1 < argc) file = argv[++i];
    else if (a == "--refine" && i + 1 < argc) refine = std::stoi(argv[++i]);
    else if (a == "--reps" && i + 1 < argc) reps = std::stoi(argv[++i]);
    else if (a == "--history-every" && i + 1 < argc) history_every = std::stoi(argv[++i]);
    else if (a == "--quick") quick = true;
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else {
      std::cerr << "usage: bench_twin [--case FILE] [--refine N] [--history-every H] [--reps R] [--quick] [--out FILE]\n";
      return 2;
    }
  }
  if (quick) reps = 1;
  reps = std::max(reps, 1);
  refine = std::max(refine, 1);
  try {
    namespace fw = factwin;
    fw::Case cs = fw::io::load_case(file);
    for (int& n : cs.facility.air.grid.cells) n *= refine;
    fw::twin::RunSettings rs;
    rs.air = cs.solver;
    rs.history_every = std::max(history_every, 1);
    AirIterations counter;
    rs.progress = [&counter](const fw::airflow::ResidualRecord& r) { counter.record(r); };

    std::vector<double> t_coupled, t_air;
    std::optional<fw::twin::Solution> run;
    std::vector<long> coupled_iterations;
    fw::airflow::SolveResult alone;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = clock_type::now();
      run.emplace(fw::twin::solve(cs.facility, rs));
      t_coupled.push_back(seconds_since(t0));
      const fw::twin::Solution& sol = *run;
      coupled_iterations = counter.finish();
      // the air alone: the coupled run's final air scenario, from rest, same grid and executor
      fw::airflow::SolveOptions opt;
      opt.history_every = rs.history_every;
      if (!sol.air_scenario.coolers.empty() || !sol.air_scenario.boundaries.empty()) opt.tracer_names = {"supply_air"};
      const auto t1 = clock_type::now();
      alone = fw::airflow::solve(sol.air_scenario, sol.settings, sol.grid, sol.executor, opt);
      t_air.push_back(seconds_since(t1));
    }
    const fw::twin::Solution& sol = *run;
    long coupled_total = 0;
    for (long n : coupled_iterations) coupled_total += n;

    // check: converged, and the same cooler duties as the air alone within the power tolerance
    const double tol_w = sol.coupling.it_power * rs.coupling.power_tolerance;
    double worst_duty = 0;
    for (const auto& d : alone.devices)
      for (const auto& c : sol.air.devices)
        if (c.name == d.name) worst_duty = std::max(worst_duty, std::abs(c.duty - d.duty));
    const bool ok = sol.coupling.converged && sol.air.converged && alone.converged && worst_duty <= tol_w;

    const double tc = median(t_coupled), ta = median(t_air);
    const double iteration_ratio = static_cast<double>(coupled_total) / static_cast<double>(std::max(1L, alone.iterations));
    nlohmann::json j = fw::bench::provenance(sol.executor, fw::bench::measured_bandwidth(sol.executor, true));
    j["benchmark"] = "twin";
    j["quick"] = quick;
    const auto& cells = sol.grid.grid;
    nlohmann::json res = {{"name", "twin.coupling_overhead"},
                          {"case", file.substr(file.find_last_of('/') + 1)},
                          {"grid", {cells.n(0), cells.n(1), cells.n(2)}},
                          {"cells", static_cast<long long>(cells.n(0)) * cells.n(1) * cells.n(2)},
                          {"reps", reps},
                          {"history_every", rs.history_every},
                          {"coupled_median_s", tc},
                          {"coupled_min_s", *std::min_element(t_coupled.begin(), t_coupled.end())},
                          {"air_alone_median_s", ta},
                          {"air_alone_min_s", *std::min_element(t_air.begin(), t_air.end())},
                          {"overhead_ratio", tc / ta - 1.0},
                          {"goal_overhead_ratio", 0.10},
                          {"coupling_iterations", sol.coupling.iterations},
                          {"air_solves", sol.coupling.air_solves},
                          {"liquid_solves", sol.coupling.liquid_solves},
                          {"power_solves", sol.coupling.power_solves},
                          {"air_iterations_per_solve", coupled_iterations},
                          {"air_iterations_coupled", coupled_total},
                          {"air_iterations_alone", alone.iterations},
                          {"iteration_ratio", iteration_ratio},
                          // the overhead split: the extra air iterations at the air alone's time per
                          // iteration, and the rest (set-up of each air solve, voxelisation, loops,
                          // power flows, the N-1 study)
                          {"overhead_from_air_iterations", iteration_ratio - 1.0},
                          {"overhead_other", (tc - ta * iteration_ratio) / ta},
                          {"max_cooler_duty_difference_W", worst_duty},
                          {"power_tolerance_W", tol_w},
                          {"check", ok ? "passed" : "failed"}};
    j["results"] = nlohmann::json::array({res});
    const std::string text = j.dump(2) + "\n";
    if (!out.empty()) fw::io::write_file_atomic(out, text);
    std::cout << text;
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_twin: " << e.what() << "\n";
    return 1;
  }
}
