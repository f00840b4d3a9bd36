// SPDX-License-Identifier: Apache-2.0
// Power-chain benchmarks (issue 7, docs/electrical.md#speed), one JSON record:
//   electrical.radial_solve: power flow of a radial distribution tree of --nodes buses (default
//     100000; target < 0.1 s on the CPU); check: energy balance closes to 1e-9 relative.
//   electrical.radial_resolve: the same, re-solved by a PowerFlowSolver built once.
//   electrical.n_minus_1: full N-1 study of data/scenarios/ai_hall_10mw.json (target < 10 s),
//     batched path; cases_per_s.
//   electrical.n_minus_1_site: N-1 of a site of --halls copies of that hall (default 8: 8 x 70
//     cases, each a network of 8 x 70 buses): a batch large enough for a GPU; cases_per_s.
//   electrical.sweep_batch: the sweep kernel alone on --sweeps random radial trees of 2..300
//     buses (seeded, as tests/electrical/test_sweep_batch.cpp); cases/s, achieved bandwidth from
//     SweepBatchArgs::bytes_per_bus x buses x sweeps.
//   bench_electrical [--backend cpu|cuda] [--nodes N] [--halls K] [--sweeps C] [--reps R]
//                    [--scenario FILE] [--quick] [--out FILE]
// --backend cuda (needs a CUDA build and a device; exit 3 otherwise) adds the ".cuda" entries of
// the three batched benchmarks (device transfers included; steady_clock around synchronous
// calls) next to the CPU ones, each checked against the CPU answer (1e-12 relative).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "core/buffer.hpp"
#include "electrical/power_backend.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/output.hpp"
#include "factwin/io/scenario_reader.hpp"
// the site of `halls` identical halls (testnets::replicated), shared with the batch tests
#include "../tests/electrical/networks.hpp"

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

// Sorted times of `reps` runs of f, each after an untimed setup().
template <class S, class F>
std::vector<double> time_reps(int reps, S&& setup, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    setup();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t;
}
template <class F>
std::vector<double> time_reps(int reps, F&& f) {
  return time_reps(reps, [] {}, f);
}

// Largest difference of the reported figures of two studies (max loading and unserved power per
// case, relative to their largest value) and whether every report (overloads, violations,
// dropped loads, notes) is the same.
double study_difference(const fe::ContingencyStudy& a, const fe::ContingencyStudy& b, bool* same_reports) {
  *same_reports = a.cases.size() == b.cases.size();
  if (!*same_reports) return 1.0;
  double worst = std::abs(a.base.source_power - b.base.source_power) / std::max(1.0, std::abs(a.base.source_power));
  double lmax = 1e-300, umax = 1e-300;
  for (const auto& c : a.cases) {
    lmax = std::max(lmax, c.max_loading);
    umax = std::max(umax, c.unserved_power);
  }
  for (std::size_t i = 0; i < a.cases.size(); ++i) {
    const auto &x = a.cases[i], &y = b.cases[i];
    *same_reports = *same_reports && x.overloads == y.overloads && x.voltage_violations == y.voltage_violations &&
                    x.dropped_loads == y.dropped_loads && x.notes == y.notes && x.secure == y.secure;
    worst = std::max({worst, std::abs(x.max_loading - y.max_loading) / lmax,
                      std::abs(x.unserved_power - y.unserved_power) / umax});
  }
  return worst;
}

/// Random radial trees (seeded): each bus hangs from an earlier one; cable-like impedances and
/// loads of a few kW..MW on a 1 MVA base (the trees of tests/electrical/test_sweep_batch.cpp).
struct SweepCases {
  std::vector<int> start{0}, parent, it;
  std::vector<double> zr, zi, p, q, vr, vi, ir, ii, dv;
  SweepCases(unsigned seed, int ncase) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int c = 0; c < ncase; ++c) {
      const int n = 2 + static_cast<int>(rng() % 300);
      for (int h = 0; h < n; ++h) {
        parent.push_back(h == 0 ? -1 : static_cast<int>(u(rng) * h));
        zr.push_back(h == 0 ? 0.0 : 1e-4 + 2e-3 * u(rng));
        zi.push_back(h == 0 ? 0.0 : 1e-4 + 1e-3 * u(rng));
        p.push_back(h == 0 ? 0.0 : 0.02 * u(rng));
        q.push_back(h == 0 ? 0.0 : 0.005 * u(rng));
      }
      start.push_back(start.back() + n);
    }
    reset();
  }
  void reset() {
    vr.assign(parent.size(), 1.0);
    vi.assign(parent.size(), 0.0);
    ir.assign(parent.size(), 0.0);
    ii.assign(parent.size(), 0.0);
    it.assign(start.size() - 1, 0);
    dv.assign(start.size() - 1, 0.0);
  }
  [[nodiscard]] factwin::index_t ncase() const { return static_cast<factwin::index_t>(start.size() - 1); }
  /// Arguments over the given arrays (host vectors here, or device buffers of the same sizes).
  static fe::SweepBatchArgs args(factwin::index_t ncase, const int* start, const int* parent, const double* zr,
                                 const double* zi, const double* p, const double* q, double* vr, double* vi,
                                 double* ir, double* ii, int* it, double* dv) {
    fe::SweepBatchArgs a;
    a.ncase = ncase;
    a.start = start;
    a.parent = parent;
    a.zr = zr;
    a.zi = zi;
    a.p = p;
    a.q = q;
    a.vr = vr;
    a.vi = vi;
    a.ir = ir;
    a.ii = ii;
    a.iterations = it;
    a.last_dv = dv;
    return a;
  }
  fe::SweepBatchArgs host_args() {
    return args(ncase(), start.data(), parent.data(), zr.data(), zi.data(), p.data(), q.data(), vr.data(),
                vi.data(), ir.data(), ii.data(), it.data(), dv.data());
  }
  /// Bus-sweeps done: sum over cases of buses x (iterations + 1) (the last current update).
  [[nodiscard]] double bus_sweeps() const {
    double s = 0.0;
    for (std::size_t c = 0; c + 1 < start.size(); ++c)
      s += static_cast<double>(start[c + 1] - start[c]) * (std::max(it[c], 0) + 1);
    return s;
  }
};

/// The same sweep on the device: inputs copied up, one launch, outputs copied back (all timed).
void sweep_on_device(SweepCases& sc) {
  using factwin::Buffer;
  Buffer<int> start(sc.start, true), parent(sc.parent, true), it(sc.ncase(), true);
  Buffer<double> zr(sc.zr, true), zi(sc.zi, true), p(sc.p, true), q(sc.q, true), vr(sc.vr, true), vi(sc.vi, true),
      ir(static_cast<factwin::index_t>(sc.parent.size()), true), ii(static_cast<factwin::index_t>(sc.parent.size()), true),
      dv(sc.ncase(), true);
  fe::cuda_api::sweep_batch(SweepCases::args(sc.ncase(), start.data(), parent.data(), zr.data(), zi.data(), p.data(),
                                             q.data(), vr.data(), vi.data(), ir.data(), ii.data(), it.data(),
                                             dv.data()));
  vr.download(sc.vr.data());
  vi.download(sc.vi.data());
  ir.download(sc.ir.data());
  ii.download(sc.ii.data());
  it.download(sc.it.data());
  dv.download(sc.dv.data());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t nodes = 100000;
  int reps = 5, halls = 8, sweeps = 20000;
  bool quick = false;
  std::string backend = "cpu";
  std::string out, scenario = std::string(FACTWIN_SOURCE_DIR) + "/data/scenarios/ai_hall_10mw.json";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--nodes" && i + 1 < argc) nodes = std::stoul(argv[++i]);
    else if (a == "--reps" && i + 1 < argc) reps = std::stoi(argv[++i]);
    else if (a == "--halls" && i + 1 < argc) halls = std::stoi(argv[++i]);
    else if (a == "--sweeps" && i + 1 < argc) sweeps = std::stoi(argv[++i]);
    else if (a == "--scenario" && i + 1 < argc) scenario = argv[++i];
    else if (a == "--quick") quick = true;
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else if (a == "--backend" && i + 1 < argc && (std::string(argv[i + 1]) == "cpu" || std::string(argv[i + 1]) == "cuda"))
      backend = argv[++i];
    else {
      std::cerr << "usage: bench_electrical [--backend cpu|cuda] [--nodes N] [--halls K] [--sweeps C] [--reps R] "
                   "[--scenario FILE] [--quick] [--out FILE]\n";
      return 2;
    }
  }
  if (quick) {
    nodes = std::min<std::size_t>(nodes, 10000);
    reps = 2;
    halls = std::min(halls, 2);
    sweeps = std::min(sweeps, 1000);
  }
  try {
    const factwin::Executor ex = factwin::Executor::create(backend == "cpu" ? "host" : backend);
    const bool gpu = ex.is_cuda();
    const double bw = factwin::bench::measured_bandwidth(ex, true);
    nlohmann::json j = factwin::bench::provenance(ex, bw);
    j["benchmark"] = "electrical";
    j["quick"] = quick;
    bool all_ok = true;

    if (!gpu) {  // single networks: host code only
      const fe::PowerNetwork tree = radial_tree(nodes, 12345u);
      fe::validate(tree);
      fe::PowerFlowResult r;
      const auto t = time_reps(reps, [&] { r = fe::solve_power_flow(tree); });
      const bool ok1 = std::abs(r.balance_error()) < 1e-9 * r.source_power && r.islands_radial == 1;
      all_ok = all_ok && ok1;
      double vmin = 1.0;
      for (const auto& b : r.buses) vmin = std::min(vmin, b.voltage_pu);
      j["results"].push_back({{"name", "electrical.radial_solve"},
                              {"backend", "cpu"},
                              {"case", std::to_string(nodes) + "-bus radial tree, sweep"},
                              {"cells", nodes},
                              {"wall_s", t.front()},
                              {"median_s_per_step", t[t.size() / 2]},
                              {"iterations", r.iterations},
                              {"min_voltage_pu", vmin},
                              {"target_s", 0.1},
                              {"check", ok1 ? "passed" : "failed"}});

      // the same network re-solved by a solver that resolved its names once (transients)
      fe::PowerFlowSolver solver(tree);
      fe::PowerFlowResult r2;
      const auto t3 = time_reps(reps, [&] { r2 = solver.solve(); });
      const bool ok3 = std::abs(r2.source_power - r.source_power) <= 1e-9 * r.source_power;
      all_ok = all_ok && ok3;
      j["results"].push_back({{"name", "electrical.radial_resolve"},
                              {"backend", "cpu"},
                              {"case", std::to_string(nodes) + "-bus radial tree, PowerFlowSolver::solve()"},
                              {"cells", nodes},
                              {"wall_s", t3.front()},
                              {"median_s_per_step", t3[t3.size() / 2]},
                              {"iterations", r2.iterations},
                              {"target_s", 0.1},
                              {"check", ok3 ? "passed" : "failed"}});
    }

    // N-1 studies: the hall, then a site of `halls` halls; CPU always, the GPU with --backend cuda
    const auto sc = factwin::io::load_facility(scenario);
    fe::PowerNetwork site = fe::testnets::replicated(sc.power, halls);
    site.name = std::to_string(halls) + " x " + sc.name();
    struct Study {
      std::string name, what;
      const fe::PowerNetwork* net;
      double target_s;
    };
    const std::vector<Study> studies{{"electrical.n_minus_1", sc.name(), &sc.power, 10.0},
                                     {"electrical.n_minus_1_site", site.name, &site, -1.0}};
    for (const Study& st : studies) {
      fe::ContingencyStudy cpu;
      const auto tc = time_reps(quick ? 1 : reps, [&] { cpu = fe::n_minus_1(*st.net, {}, "cpu"); });
      const bool ok = std::abs(cpu.base.balance_error()) < 1e-9 * cpu.base.source_power && !cpu.cases.empty();
      all_ok = all_ok && ok;
      const std::string what = st.what + " (" + std::to_string(st.net->buses.size()) + " buses, " +
                               std::to_string(cpu.cases.size()) + " contingencies)";
      const double ncase = static_cast<double>(cpu.cases.size());
      nlohmann::json rc = {{"name", st.name},
                           {"backend", "cpu"},
                           {"case", what + ", batched on the CPU"},
                           {"cells", st.net->buses.size()},
                           {"steps", cpu.cases.size()},
                           {"wall_s", tc.front()},
                           {"median_s_per_step", tc[tc.size() / 2]},
                           {"cases_per_s", ncase / tc[tc.size() / 2]},
                           {"check", ok ? "passed" : "failed"}};
      if (st.target_s > 0) rc["target_s"] = st.target_s;
      j["results"].push_back(rc);
      if (!gpu) continue;
      fe::ContingencyStudy dev;
      dev = fe::n_minus_1(*st.net, {}, "cuda");  // warm-up: device buffers, module load
      const auto td = time_reps(quick ? 1 : reps, [&] { dev = fe::n_minus_1(*st.net, {}, "cuda"); });
      bool same = false;
      const double diff = study_difference(cpu, dev, &same);
      const bool okd = same && diff <= 1e-12;
      all_ok = all_ok && okd;
      j["results"].push_back({{"name", st.name + ".cuda"},
                              {"backend", "cuda"},
                              {"case", what + ", sweeps on the GPU (set-up and Newton on the host)"},
                              {"cells", st.net->buses.size()},
                              {"steps", dev.cases.size()},
                              {"wall_s", td.front()},
                              {"median_s_per_step", td[td.size() / 2]},
                              {"cases_per_s", ncase / td[td.size() / 2]},
                              {"cpu_median_s", tc[tc.size() / 2]},
                              {"max_rel_difference_vs_cpu", diff},
                              {"check", okd ? "passed" : "failed"}});
    }

    // the sweep kernel alone on many random radial cases
    SweepCases cases(20261201u, sweeps);
    const auto th = time_reps(quick ? 1 : reps, [&] { cases.reset(); }, [&] { fe::host_api::sweep_batch(cases.host_args()); });
    const SweepCases ref = cases;
    bool converged = true;
    for (int k : cases.it) converged = converged && k > 0;
    all_ok = all_ok && converged;
    const double nbus = static_cast<double>(cases.parent.size());
    const double bytes = fe::SweepBatchArgs::bytes_per_bus * cases.bus_sweeps();
    auto sweep_record = [&](const std::string& name, const std::string& be, const std::vector<double>& t,
                            double measured_bw, bool ok) {
      const double med = t[t.size() / 2];
      return nlohmann::json{{"name", name},
                            {"backend", be},
                            {"case", std::to_string(sweeps) + " random radial trees of 2..300 buses (" +
                                         std::to_string(cases.parent.size()) + " buses), one sweep case each"},
                            {"cells", cases.parent.size()},
                            {"steps", sweeps},
                            {"wall_s", t.front()},
                            {"median_s_per_step", med},
                            {"cases_per_s", sweeps / med},
                            {"cells_per_s", nbus / med},
                            {"bytes_per_cell", fe::SweepBatchArgs::bytes_per_bus},
                            {"achieved_bw_gbs", bytes / med / 1e9},
                            {"roofline_fraction", bytes / med / measured_bw},
                            {"check", ok ? "passed" : "failed"}};
    };
    if (!gpu) {
      j["results"].push_back(sweep_record("electrical.sweep_batch", "cpu", th, bw, converged));
    } else {
      // the CPU's own roofline for the CPU record
      const factwin::Executor host = factwin::Executor::create("host");
      j["results"].push_back(sweep_record("electrical.sweep_batch", "cpu", th,
                                          factwin::bench::measured_bandwidth(host, true), converged));
      cases.reset();
      sweep_on_device(cases);  // warm-up
      const auto td = time_reps(quick ? 1 : reps, [&] { cases.reset(); }, [&] { sweep_on_device(cases); });
      double worst = 0.0;
      bool ok = cases.it == ref.it;
      for (std::size_t k = 0; k < cases.vr.size(); ++k)
        worst = std::max(worst, std::hypot(cases.vr[k] - ref.vr[k], cases.vi[k] - ref.vi[k]));
      ok = ok && worst < 1e-12;
      all_ok = all_ok && ok;
      auto rec = sweep_record("electrical.sweep_batch.cuda", "cuda", td, bw, ok);
      rec["case"] = rec["case"].get<std::string>() + ", device allocation and host-device copies included";
      rec["max_abs_dv_vs_cpu_pu"] = worst;
      j["results"].push_back(rec);
    }
    const std::string text = j.dump(2) + "\n";
    if (!out.empty()) factwin::io::write_file_atomic(out, text);
    std::cout << text;
    return all_ok ? 0 : 1;
  } catch (const std::exception& e) {  // NotCompiled, DeviceError (--backend cuda) and the rest
    std::cerr << "bench_electrical: " << e.what() << "\n";
    return 3;
  }
}
