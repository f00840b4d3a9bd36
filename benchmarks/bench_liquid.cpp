// SPDX-License-Identifier: Apache-2.0
// Liquid-network benchmark (issue 6 item 4): (1) one large looped network (a grid of Darcy-
// Weisbach pipes, ~100k links by default) solved by the GGA on the CPU, hydraulics alone and with
// the energy balance, and a data-hall ladder of rack branches of the same size; (2) batched studies
// of the 1 MW pod (data/scenarios/pod_1mw_liquid.json): its N-1 set (16 members) and a parameter
// sweep (pump speeds, valve openings, rack heat; --sweep members, 4096 by default), in variants per
// second for the independent CPU solves ("cpu"), the lockstep driver with the host kernels
// ("cpu-batched") and, with --backend cuda, the lockstep driver on the GPU ("cuda"); each batched
// result is checked against the "cpu" answers (max relative deviation <= 1e-9; members accepted at
// the round-off floor within their achieved flow change, see deviation()). Prints one JSON record
// (benchmark.schema.json).
//   bench_liquid [--backend cpu|cuda] [--links N] [--sweep M] [--reps R] [--quick] [--out FILE]
// --backend cuda without CUDA or without a device reports NotCompiled / DeviceError (exit 3).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "factwin/io/output.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "factwin/liquid/network.hpp"

namespace fl = factwin::liquid;

namespace {

fl::Network grid_network(long links_wanted, unsigned seed) {
  // n x n junctions, 2 n (n - 1) pipes, fixed heads at the four corners' feeders.
  const int n = std::max(3, static_cast<int>(std::lround(std::sqrt(static_cast<double>(links_wanted) / 2.0))));
  fl::Network net;
  net.name = "grid " + std::to_string(n) + "x" + std::to_string(n);
  net.options.thermal = false;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dia(0.10, 0.30);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      fl::Node x;
      x.name = "J" + std::to_string(i) + "_" + std::to_string(j);
      x.demand = 2e-5;
      x.position = {100.0 * i, 100.0 * j, 0.0};
      net.nodes.push_back(x);
    }
  auto id = [n](int i, int j) { return j * n + i; };
  auto pipe = [&](int a, int b) {
    fl::Link l;
    l.name = "P" + std::to_string(net.links.size());
    l.from = a;
    l.to = b;
    l.pipe.length = 100.0;
    l.pipe.diameter = dia(rng);
    l.pipe.roughness = 4.5e-5;
    net.links.push_back(l);
  };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      if (i + 1 < n) pipe(id(i, j), id(i + 1, j));
      if (j + 1 < n) pipe(id(i, j), id(i, j + 1));
    }
  const int corners[4][2] = {{0, 0}, {n - 1, 0}, {0, n - 1}, {n - 1, n - 1}};
  for (const auto& c : corners) {
    fl::Node r;
    r.name = "R" + std::to_string(net.nodes.size());
    r.type = fl::NodeType::fixed_head;
    r.head = 120.0;
    r.elevation = 120.0;
    r.supply_temperature = 288.15;
    net.nodes.push_back(r);
    fl::Link l;
    l.name = "F" + std::to_string(net.links.size());
    l.from = static_cast<int>(net.nodes.size()) - 1;
    l.to = id(c[0], c[1]);
    l.pipe.length = 50.0;
    l.pipe.diameter = 0.8;
    l.pipe.roughness = 4.5e-5;
    net.links.push_back(l);
  }
  return net;
}

/// A data-hall style network: a reverse-return ladder of rack branches (supply header segment,
/// cold plate, return header segment, branch pipe) fed by one pump from an expansion tank, ~links
/// links in all. Tree-like with one loop per branch, as real liquid-cooling distribution is.
fl::Network ladder_network(long links_wanted) {
  const int nb = std::max(2, static_cast<int>(links_wanted / 4));
  fl::Network net;
  net.name = "ladder " + std::to_string(nb) + " branches";
  net.options.thermal = false;
  fl::Node tank;
  tank.name = "tank";
  tank.type = fl::NodeType::fixed_head;
  tank.pressure_given = true;
  tank.pressure = 2e5;
  tank.supply_temperature = 308.15;
  net.nodes.push_back(tank);
  fl::Node x;
  x.name = "pump_out";
  net.nodes.push_back(x);
  fl::Link p;
  p.name = "pump";
  p.type = fl::LinkType::pump;
  p.from = 0;
  p.to = 1;
  const double qd = 2e-5 * nb;  // ~1.2 L/min per branch
  p.pump.shutoff_head = 60;
  p.pump.curve_n = 2;
  p.pump.curve_r = 20.0 / (qd * qd);
  p.pump.best_flow = qd;
  net.links.push_back(p);
  auto node = [&](const std::string& nm) {
    fl::Node n;
    n.name = nm;
    net.nodes.push_back(n);
    return static_cast<int>(net.nodes.size()) - 1;
  };
  auto pipe = [&](int a, int b, double d, double len) {
    fl::Link l;
    l.name = "L" + std::to_string(net.links.size());
    l.from = a;
    l.to = b;
    l.pipe.length = len;
    l.pipe.diameter = d;
    l.pipe.roughness = 1.5e-6;
    net.links.push_back(l);
  };
  int sup_prev = 1, ret_prev = -1;
  std::vector<int> ret_nodes;
  for (int b = 0; b < nb; ++b) {
    const int s_ = node("s" + std::to_string(b)), c = node("c" + std::to_string(b)), r = node("r" + std::to_string(b));
    pipe(sup_prev, s_, 0.25, 1.0);  // supply header segment
    fl::Link cp;
    cp.name = "CP" + std::to_string(b);
    cp.type = fl::LinkType::cold_plate;
    cp.from = s_;
    cp.to = c;
    cp.drop.quadratic = 50e3 / (2e-5 * 2e-5);
    cp.cold_plate.heat = 0;
    cp.cold_plate.resistance = 0.01;
    cp.cold_plate.rated_flow = 2e-5;
    net.links.push_back(cp);
    pipe(c, r, 0.02, 2.0);  // branch return pipe
    if (ret_prev >= 0) pipe(ret_prev, r, 0.25, 1.0);  // return header segment (reverse return)
    ret_prev = r;
    sup_prev = s_;
  }
  pipe(ret_prev, 0, 0.25, 5.0);
  return net;
}

/// `n` members of the pod: every pump at a speed in [0.6, 1.1], every valve at an opening in
/// [0.3, 1], every cold plate and heat source at [0.4, 1.3] of its heat; every 8th member also loses
/// one pump or valve (as tests/liquid/batch_test_support.hpp).
std::vector<fl::Variant> pod_sweep(const fl::Network& base, int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<int> failable;
  for (std::size_t l = 0; l < base.links.size(); ++l)
    if (base.links[l].type == fl::LinkType::pump || base.links[l].type == fl::LinkType::valve)
      failable.push_back(static_cast<int>(l));
  std::vector<fl::Variant> out;
  for (int k = 0; k < n; ++k) {
    fl::Variant v;
    v.name = "sweep " + std::to_string(k);
    for (std::size_t l = 0; l < base.links.size(); ++l) {
      const auto t = base.links[l].type;
      const int i = static_cast<int>(l);
      if (t == fl::LinkType::pump) v.pump_speed.emplace_back(i, 0.6 + 0.5 * u(rng));
      if (t == fl::LinkType::valve) v.valve_opening.emplace_back(i, 0.3 + 0.7 * u(rng));
      if (t == fl::LinkType::cold_plate || t == fl::LinkType::heat_source) v.heat_scale.emplace_back(i, 0.4 + 0.9 * u(rng));
    }
    if (k % 8 == 7 && !failable.empty()) v.closed_links.push_back(failable[static_cast<std::size_t>(k / 8) % failable.size()]);
    out.push_back(v);
  }
  return out;
}

/// Deviation of a batch from the reference, as tests/liquid/batch_test_support.hpp measures it:
/// flows and heads relative to the member's largest, temperatures to their value in K. Members
/// that either path accepted at the round-off floor (info diagnostic, docs/liquid.md section 2) are
/// known only to their achieved flow change: their flows are held to links * (change_ref +
/// change_got) instead of 1e-9 and reported apart. `within` is false when a member's success or
/// error differs or a deviation exceeds its bound.
struct Deviation {
  double converged = 0;   ///< largest deviation over the members that met the flow tolerance
  double floor_flow = 0;  ///< largest flow deviation over the members at the round-off floor
  double floor_bound = 0; ///< and the largest bound they were held to
  int floor_members = 0;
  bool within = true;
};
Deviation deviation(const std::vector<fl::BatchMember>& ref, const std::vector<fl::BatchMember>& got, double rtol) {
  Deviation d;
  if (ref.size() != got.size()) d.within = false;
  for (std::size_t i = 0; i < std::min(ref.size(), got.size()); ++i) {
    if (ref[i].ok != got[i].ok || ref[i].error != got[i].error) d.within = false;
    if (!ref[i].ok || !got[i].ok) continue;
    const fl::Result& a = ref[i].result;
    const fl::Result& b = got[i].result;
    auto stalled = [](const fl::Result& r) {
      for (const auto& g : r.diagnostics)
        if (g.level == fl::Diagnostic::Level::info) return true;
      return false;
    };
    const bool floor = stalled(a) || stalled(b);
    const double bound_q =
        floor ? std::max(rtol, static_cast<double>(a.flow.size()) * (a.convergence.flow_change + b.convergence.flow_change))
              : rtol;
    double qs = 1e-300, hs = 1e-300, dq = 0, dht = 0;
    for (double q : a.flow) qs = std::max(qs, std::fabs(q));
    for (double h : a.head)
      if (!std::isnan(h)) hs = std::max(hs, std::fabs(h));
    for (std::size_t l = 0; l < a.flow.size(); ++l) dq = std::max(dq, std::fabs(a.flow[l] - b.flow[l]) / qs);
    for (std::size_t k = 0; k < a.head.size(); ++k) {
      if (std::isnan(a.head[k]) != std::isnan(b.head[k])) d.within = false;
      if (!std::isnan(a.head[k])) dht = std::max(dht, std::fabs(a.head[k] - b.head[k]) / hs);
    }
    for (std::size_t k = 0; k < a.temperature.size(); ++k)
      dht = std::max(dht, std::fabs(a.temperature[k] - b.temperature[k]) / std::fabs(a.temperature[k]));
    if (dq > bound_q || dht > rtol) d.within = false;
    d.converged = std::max(d.converged, floor ? dht : std::max(dq, dht));
    if (floor) {
      ++d.floor_members;
      d.floor_flow = std::max(d.floor_flow, dq);
      d.floor_bound = std::max(d.floor_bound, bound_q);
    }
  }
  return d;
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
  std::string backend = "cpu", out;
  long links = 100000;
  int sweep = 4096;
  int reps = 5;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--backend" && i + 1 < argc) backend = argv[++i];
    else if (a == "--links" && i + 1 < argc) links = std::stol(argv[++i]);
    else if (a == "--sweep" && i + 1 < argc) sweep = std::stoi(argv[++i]);
    else if (a == "--reps" && i + 1 < argc) reps = std::stoi(argv[++i]);
    else if (a == "--quick") quick = true;
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else {
      std::cerr << "usage: bench_liquid [--backend cpu|cuda] [--links N] [--sweep M] [--reps R] [--quick] [--out FILE]\n";
      return 2;
    }
  }
  if (quick) {
    links = std::min(links, 5000L);
    sweep = std::min(sweep, 128);
    reps = std::min(reps, 2);
  }
  try {
    const factwin::Executor ex = factwin::Executor::create(backend == "cpu" ? "host" : backend);
    nlohmann::json j = factwin::bench::provenance(ex, factwin::bench::measured_bandwidth(ex, true));
    j["benchmark"] = "liquid";
    j["quick"] = quick;
    nlohmann::json results = nlohmann::json::array();
    const auto pod = *factwin::io::load_facility(std::string(FACTWIN_DATA_DIR) + "/scenarios/pod_1mw_liquid.json").liquid;
    const auto variants = fl::n_minus_1_variants(pod);
    // (1) one large network
    const fl::Network big = grid_network(links, 12345);
    fl::Result r;
    const auto th = time_reps(reps, [&] { r = fl::solve_hydraulics(big); });
    const bool ok_h = r.convergence.converged && r.convergence.continuity_residual < 1e-9 &&
                      r.convergence.head_residual < big.options.head_tolerance;
    results.push_back({{"name", "liquid.gga_hydraulics"},
                       {"case", big.name},
                       {"links", big.links.size()},
                       {"nodes", big.nodes.size()},
                       {"newton_iterations", r.convergence.iterations},
                       {"factorizations", r.convergence.factorizations},
                       {"wall_s", th.front()},
                       {"median_s", th[th.size() / 2]},
                       {"min_s", th.front()},
                       {"links_per_s", static_cast<double>(big.links.size()) / th[th.size() / 2]},
                       {"flow_change", r.convergence.flow_change},
                       {"head_residual_m", r.convergence.head_residual},
                       {"continuity_residual_m3_s", r.convergence.continuity_residual},
                       {"converged", r.convergence.converged},
                       {"total_flow_m3_s", r.flow[0]},
                       {"check", ok_h ? "passed" : "failed"}});
    const fl::Network lad = ladder_network(links);
    const auto tl = time_reps(reps, [&] { r = fl::solve_hydraulics(lad); });
    // continuity is exact to round-off relative to the total flow through the pump
    const bool ok_l = r.convergence.converged && r.convergence.continuity_residual < 1e-7 * std::fabs(r.flow[0]) &&
                      r.convergence.head_residual < lad.options.head_tolerance;
    results.push_back({{"name", "liquid.gga_hydraulics"},
                       {"case", lad.name},
                       {"links", lad.links.size()},
                       {"nodes", lad.nodes.size()},
                       {"newton_iterations", r.convergence.iterations},
                       {"factorizations", r.convergence.factorizations},
                       {"wall_s", tl.front()},
                       {"median_s", tl[tl.size() / 2]},
                       {"min_s", tl.front()},
                       {"links_per_s", static_cast<double>(lad.links.size()) / tl[tl.size() / 2]},
                       {"flow_change", r.convergence.flow_change},
                       {"head_residual_m", r.convergence.head_residual},
                       {"continuity_residual_m3_s", r.convergence.continuity_residual},
                       {"converged", r.convergence.converged},
                       {"total_flow_m3_s", r.flow[0]},
                       {"check", ok_l ? "passed" : "failed"}});
    fl::Network bigt = big;
    bigt.options.thermal = true;
    const auto tt = time_reps(reps, [&] { r = fl::solve(bigt); });
    const bool ok_t = r.convergence.converged && r.convergence.energy_residual < 1e-6;
    results.push_back({{"name", "liquid.thermal_hydraulic"},
                       {"case", big.name},
                       {"links", big.links.size()},
                       {"wall_s", tt.front()},
                       {"median_s", tt[tt.size() / 2]},
                       {"min_s", tt.front()},
                       {"energy_residual", r.convergence.energy_residual},
                       {"check", ok_t ? "passed" : "failed"}});
    // (2) batched studies of the pod: N-1 and a parameter sweep, per backend
    std::vector<std::string> backends = {"cpu", "cpu-batched"};
    if (ex.is_cuda()) backends.push_back("cuda");
    bool ok_b = true;
    const std::vector<fl::Variant> sweep_variants = pod_sweep(pod, sweep, 2024);
    struct Study {
      const char* name;
      const char* label;
      const std::vector<fl::Variant>* variants;
    };
    for (const Study& st : {Study{"liquid.batch_n_minus_1", "pod_1mw_liquid N-1", &variants},
                            Study{"liquid.batch_sweep", "pod_1mw_liquid sweep", &sweep_variants}}) {
      std::vector<fl::BatchMember> reference;
      for (const std::string& b : backends) {
        std::vector<fl::BatchMember> batch;
        (void)fl::solve_batch(pod, *st.variants, b);  // warm-up (first touch, device start-up)
        fl::BatchStats stats;  // of the last repetition
        const auto tb = time_reps(reps, [&] { batch = fl::solve_batch(pod, *st.variants, b, &stats); });
        int members_ok = 0;
        bool energy_ok = true;
        for (const auto& m : batch) {
          members_ok += m.ok ? 1 : 0;
          energy_ok = energy_ok && (!m.ok || m.result.convergence.energy_residual < 1e-6);
        }
        if (b == "cpu") reference = batch;
        const Deviation dev = b == "cpu" ? Deviation{} : deviation(reference, batch, 1e-9);
        // every N-1 member solves; a sweep member may fail only as its reference does
        const bool ok = energy_ok && dev.within &&
                        (st.variants != &variants || members_ok == static_cast<int>(batch.size()));
        ok_b = ok_b && ok;
        results.push_back({{"name", st.name},
                           {"case", st.label},
                           {"backend", b},
                           {"variants", st.variants->size()},
                           {"members_solved", members_ok},
                           {"links_per_variant", pod.links.size()},
                           {"wall_s", tb.front()},
                           {"median_s", tb[tb.size() / 2]},
                           {"min_s", tb.front()},
                           {"variants_per_s", static_cast<double>(st.variants->size()) / tb[tb.size() / 2]},
                           {"max_rel_deviation_from_cpu", dev.converged},
                           {"members_at_round_off_floor", dev.floor_members},
                           {"floor_max_rel_flow_deviation", dev.floor_flow},
                           {"floor_flow_bound", dev.floor_bound},
                           {"check", ok ? "passed" : "failed"}});
        if (b != "cpu")  // where the lockstep time went (last repetition)
          results.back()["lockstep"] = {{"iterations", stats.lockstep_iterations},
                                        {"member_iterations", stats.member_iterations},
                                        {"setup_s", stats.setup_s},
                                        {"coefficients_s", stats.coefficients_s},
                                        {"assembly_s", stats.assembly_s},
                                        {"head_solve_s", stats.head_solve_s},
                                        {"copies_s", stats.copies_s},
                                        {"member_steps_s", stats.member_steps_s}};
      }
    }
    j["results"] = results;
    const std::string text = j.dump(2) + "\n";
    if (!out.empty()) factwin::io::write_file_atomic(out, text);
    std::cout << text;
    return ok_h && ok_l && ok_t && ok_b ? 0 : 1;
  } catch (const factwin::NotCompiled& e) {
    std::cerr << "bench_liquid: " << e.what() << "\n";
    return 3;
  } catch (const factwin::DeviceError& e) {
    std::cerr << "bench_liquid: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "bench_liquid: " << e.what() << "\n";
    return 1;
  }
}
