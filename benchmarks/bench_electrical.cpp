// SPDX-License-Identifier: Apache-2.0
// Power-chain benchmarks (issue 7, docs/electrical.md#speed), one JSON record:
//   electrical.radial_solve: power flow of a radial distribution tree of --nodes buses (default
//     100000; target < 0.1 s on the CPU); check: energy balance closes to 1e-9 relative.
//   electrical.radial_resolve: the same, re-solved by a PowerFlowSolver built once.
//   electrical.n_minus_1: full N-1 study of data/scenarios/ai_hall_10mw.json (target < 10 s).
//   bench_electrical [--nodes N] [--reps R] [--scenario FILE] [--quick] [--out FILE]
// Network solves are serial host code; --backend cuda is not available (no GPU batch yet).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/output.hpp"
#include "factwin/io/scenario_reader.hpp"

namespace fe = factwin::electrical;

namespace {

// A 13.8 kV source, then a random tree: each new bus hangs from a random one of the last 64 buses
// (long feeders with laterals, depth ~ N/64... bounded by choosing parents among recent buses),
// 50 m cables of 0.05 ohm/km, 2 kW + 0.5 kvar per bus.
fe::PowerNetwork radial_tree(std::size_t n, unsigned seed) {
  fe::PowerNetwork net;
  net.name = "radial tree";
  std::mt19937 rng(seed);
  net.buses.reserve(n);
  for (std::size_t i = 0; i < n; ++i) net.buses.push_back({"b" + std::to_string(i), 13800.0, ""});
  fe::Source s;
  s.name = "U";
  s.bus = "b0";
  s.rating = 1e9;
  net.sources.push_back(s);
  net.branches.reserve(n - 1);
  net.loads.reserve(n - 1);
  for (std::size_t i = 1; i < n; ++i) {
    // parent among the first buses of the tree, biased to a shallow, bushy tree (fan-out ~ 4)
    std::uniform_int_distribution<std::size_t> pick(i > 4 ? (i - 1) / 4 : 0, i - 1);
    const std::size_t p = pick(rng);
    fe::Branch b;
    b.name = "c" + std::to_string(i);
    b.kind = fe::BranchKind::cable;
    b.from = net.buses[p].name;
    b.to = net.buses[i].name;
    b.r_per_m = 0.05e-3;
    b.x_per_m = 0.04e-3;
    b.length = 50.0;
    b.ampacity = 1e5;
    net.branches.push_back(b);
    fe::Load l;
    l.name = "l" + std::to_string(i);
    l.kind = fe::LoadKind::mechanical;
    l.buses = {b.to};
    l.power = 2e3;
    l.power_factor = 0.97;
    net.loads.push_back(l);
  }
  return net;
}

template <class F>
std::vector<double> time_reps(int reps, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t nodes = 100000;
  int reps = 5;
  bool quick = false;
  std::string out, scenario = std::string(FACTWIN_SOURCE_DIR) + "/data/scenarios/ai_hall_10mw.json";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--nodes" && i + 1 < argc) nodes = std::stoul(argv[++i]);
    else if (a == "--reps" && i + 1 < argc) reps = std::stoi(argv[++i]);
    else if (a == "--scenario" && i + 1 < argc) scenario = argv[++i];
    else if (a == "--quick") quick = true;
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else if (a == "--backend" && i + 1 < argc && std::string(argv[i + 1]) == "cpu") ++i;
    else {
      std::cerr << "usage: bench_electrical [--nodes N] [--reps R] [--scenario FILE] [--quick] [--out FILE]\n";
      return 2;
    }
  }
  if (quick) {
    nodes = std::min<std::size_t>(nodes, 10000);
    reps = 2;
  }
  try {
    const factwin::Executor ex = factwin::Executor::create("host");
    nlohmann::json j = factwin::bench::provenance(ex, factwin::bench::measured_bandwidth(ex, true));
    j["benchmark"] = "electrical";
    j["quick"] = quick;
    bool all_ok = true;

    const fe::PowerNetwork tree = radial_tree(nodes, 12345u);
    fe::validate(tree);
    fe::PowerFlowResult r;
    const auto t = time_reps(reps, [&] { r = fe::solve_power_flow(tree); });
    const bool ok1 = std::abs(r.balance_error()) < 1e-9 * r.source_power && r.islands_radial == 1;
    all_ok = all_ok && ok1;
    double vmin = 1.0;
    for (const auto& b : r.buses) vmin = std::min(vmin, b.voltage_pu);
    j["results"].push_back({{"name", "electrical.radial_solve"},
                            {"case", std::to_string(nodes) + "-bus radial tree, sweep"},
                            {"cells", nodes},
                            {"wall_s", t.front()},
                            {"median_s_per_step", t[t.size() / 2]},
                            {"iterations", r.iterations},
                            {"min_voltage_pu", vmin},
                            {"target_s", 0.1},
                            {"check", ok1 ? "passed" : "failed"}});

    // the same network re-solved by a solver that resolved its names once (N-1, transients)
    fe::PowerFlowSolver solver(tree);
    fe::PowerFlowResult r2;
    const auto t3 = time_reps(reps, [&] { r2 = solver.solve(); });
    const bool ok3 = std::abs(r2.source_power - r.source_power) <= 1e-9 * r.source_power;
    all_ok = all_ok && ok3;
    j["results"].push_back({{"name", "electrical.radial_resolve"},
                            {"case", std::to_string(nodes) + "-bus radial tree, PowerFlowSolver::solve()"},
                            {"cells", nodes},
                            {"wall_s", t3.front()},
                            {"median_s_per_step", t3[t3.size() / 2]},
                            {"iterations", r2.iterations},
                            {"target_s", 0.1},
                            {"check", ok3 ? "passed" : "failed"}});

    const auto sc = factwin::io::load_scenario(scenario);
    fe::ContingencyStudy study;
    const auto t2 = time_reps(quick ? 1 : reps, [&] { study = fe::n_minus_1(sc.power); });
    const bool ok2 = std::abs(study.base.balance_error()) < 1e-9 * study.base.source_power && !study.cases.empty();
    all_ok = all_ok && ok2;
    j["results"].push_back({{"name", "electrical.n_minus_1"},
                            {"case", sc.name + " (" + std::to_string(sc.power.buses.size()) + " buses, " +
                                         std::to_string(study.cases.size()) + " contingencies)"},
                            {"cells", sc.power.buses.size()},
                            {"steps", study.cases.size()},
                            {"wall_s", t2.front()},
                            {"median_s_per_step", t2[t2.size() / 2]},
                            {"target_s", 10.0},
                            {"check", ok2 ? "passed" : "failed"}});
    const std::string text = j.dump(2) + "\n";
    if (!out.empty()) factwin::io::write_file_atomic(out, text);
    std::cout << text;
    return all_ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_electrical: " << e.what() << "\n";
    return 3;
  }
}
