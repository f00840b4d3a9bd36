// SPDX-License-Identifier: Apache-2.0
// The N-1 study (docs/electrical.md section 3): contingency enumeration (every utility feed and
// non-breaker branch in service fails in turn), the batched study (cases set up together, their
// radial islands swept in one launch per UPS level on the chosen backend), the case-by-case
// reference, and what each case reports (overloads, voltage violations, dropped loads, notes).
#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "electrical/power_internal.hpp"
#include "electrical/power_solver.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

namespace {

std::string fmt(double x, int prec = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, x);
  return buf;
}

/// The components an N-1 study fails, in report order: utility feeds, then branches (breakers are
/// not failed: a breaker trip is the same case as its cable's).
struct Contingency {
  std::string failed, kind;
  int source = -1, branch = -1;
};

std::vector<Contingency> contingencies(const PowerNetwork& net) {
  std::vector<Contingency> out;
  for (std::size_t s = 0; s < net.sources.size(); ++s)
    if (net.sources[s].kind == SourceKind::utility && net.sources[s].in_service)
      out.push_back({net.sources[s].name, "utility", static_cast<int>(s), -1});
  for (std::size_t l = 0; l < net.branches.size(); ++l) {
    const Branch& b = net.branches[l];
    if (b.kind == BranchKind::breaker || !b.in_service) continue;
    out.push_back({b.name, to_string(b.kind), -1, static_cast<int>(l)});
  }
  return out;
}

/// What a contingency case reports, from its solved power flow (docs/electrical.md section 3).
void evaluate_case(const PowerNetwork& net, const std::vector<std::vector<std::size_t>>& load_buses,
                   const PowerFlowResult& r, const std::vector<bool>& bus_ups_backed, const Contingency& k,
                   ContingencyResult& c) {
  c.failed = k.failed;
  c.kind = k.kind;
  for (std::size_t l = 0; l < r.branches.size(); ++l) {
    const auto& br = r.branches[l];
    c.max_loading = std::max(c.max_loading, br.loading);
    if (br.energised && br.loading > 1.0 + 1e-9) c.overloads.push_back(br.name + " (loading " + fmt(br.loading) + ")");
  }
  for (const auto& sr : r.sources) {
    c.max_loading = std::max(c.max_loading, sr.loading);
    if (sr.in_service && sr.loading > 1.0 + 1e-9) c.overloads.push_back(sr.name + " (loading " + fmt(sr.loading) + ")");
  }
  for (const auto& b : r.buses)
    if (b.energised && (b.voltage_pu < net.v_min_pu || b.voltage_pu > net.v_max_pu))
      c.voltage_violations.push_back(b.name + " (" + fmt(b.voltage_pu, 4) + " pu)");
  for (const auto& lr : r.loads)
    if (!lr.served) c.dropped_loads.push_back(lr.name);
  c.unserved_power = r.unserved_power;
  // a failed utility: standby generators start; UPS batteries bridge the start delay
  if (k.source >= 0) {
    for (const auto& g : net.sources) {
      if (g.kind != SourceKind::generator || g.backs_up != k.failed || !g.in_service) continue;
      c.notes.push_back("generator " + g.name + " takes the load after " + fmt(g.start_delay, 1) + " s");
      for (std::size_t l = 0; l < net.branches.size(); ++l) {
        const auto& br = r.branches[l];
        if (net.branches[l].kind == BranchKind::ups && br.energised && br.ride_through < g.start_delay)
          c.notes.push_back("UPS " + br.name + " ride-through " + fmt(br.ride_through, 1) +
                            " s is shorter than the generator start delay");
      }
      std::size_t bridged = 0, interrupted = 0;
      for (std::size_t i = 0; i < net.loads.size(); ++i) {
        bool backed = false;
        for (std::size_t b : load_buses[i]) backed = backed || bus_ups_backed[b];
        (backed ? bridged : interrupted)++;
      }
      c.notes.push_back(std::to_string(bridged) + " loads bridged by UPS, " + std::to_string(interrupted) +
                        " loads interrupted for the start delay");
    }
  }
  c.secure = c.overloads.empty() && c.voltage_violations.empty() && c.dropped_loads.empty();
}

/// Supply bus indices of every load (by name, for evaluate_case).
std::vector<std::vector<std::size_t>> load_bus_indices(const PowerNetwork& net) {
  std::unordered_map<std::string, std::size_t> bus_of;
  for (std::size_t b = 0; b < net.buses.size(); ++b) bus_of.emplace(net.buses[b].name, b);
  std::vector<std::vector<std::size_t>> out(net.loads.size());
  for (std::size_t i = 0; i < net.loads.size(); ++i)
    for (const auto& bn : net.loads[i].buses) out[i].push_back(bus_of.at(bn));
  return out;
}

/// The executor of an N-1 backend name: "cpu"/"host", "host-debug", "cuda", "cuda:N" or "auto"
/// (Executor::create); NotCompiled without CUDA, DeviceError without a device,
/// std::invalid_argument for other names.
Executor n1_executor(const std::string& backend) {
  try {
    return Executor::create(backend);
  } catch (const NotCompiled& e) {
    throw NotCompiled(std::string("electrical N-1 study: ") + e.what() + "; use backend \"cpu\"");
  } catch (const DeviceError& e) {
    throw DeviceError(std::string("electrical N-1 study: ") + e.what() + "; use backend \"cpu\"", e.cuda_code(),
                      e.cuda_name());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("electrical N-1 study: ") + e.what());
  }
}

}  // namespace

namespace detail {

ContingencyStudy n_minus_1_batched(const PowerNetwork& net, const PowerFlowOptions& opt, const std::string& backend,
                                   std::size_t cases_per_batch, std::vector<PowerFlowResult>* case_results) {
  SweepRunner sweeps(n1_executor(backend));
  Solver solver(net, opt);
  const auto load_buses = load_bus_indices(net);
  // case 0 is the network as given (the study's base), then one case per failed component
  std::vector<Contingency> defs{Contingency{}};
  for (auto& k : contingencies(net)) defs.push_back(std::move(k));
  if (cases_per_batch == 0) {
    // bound the batch's memory: about 2^18 buses + branches + loads of case state per batch
    const std::size_t per_case = net.buses.size() + net.branches.size() + net.loads.size() + 1;
    cases_per_batch = std::max<std::size_t>(1, (std::size_t{1} << 18) / per_case);
  }
  ContingencyStudy study;
  study.cases.reserve(defs.size() - 1);
  if (case_results) case_results->clear();
  for (std::size_t first = 0; first < defs.size(); first += cases_per_batch) {
    const std::size_t count = std::min(cases_per_batch, defs.size() - first);
    std::vector<CaseState> cases(count);
    for (std::size_t i = 0; i < count; ++i) {
      const Contingency& k = defs[first + i];
      CaseState& cs = cases[i];
      solver.init_case(cs);
      if (k.source >= 0) cs.source_on[static_cast<std::size_t>(k.source)] = 0;
      if (k.branch >= 0) cs.branch_on[static_cast<std::size_t>(k.branch)] = 0;
      cs.label = k.failed;
      solver.setup(cs);
    }
    solver.solve_levels(cases, sweeps);
    for (std::size_t i = 0; i < count; ++i) {
      Solved d = solver.finish(cases[i]);
      if (first + i == 0) {
        study.base = std::move(d.r);
        continue;
      }
      ContingencyResult c;
      evaluate_case(net, load_buses, d.r, d.bus_ups_backed, defs[first + i], c);
      study.cases.push_back(std::move(c));
      if (case_results) case_results->push_back(std::move(d.r));
    }
  }
  return study;
}

ContingencyStudy n_minus_1_reference(const PowerNetwork& net, const PowerFlowOptions& opt,
                                     std::vector<PowerFlowResult>* case_results) {
  ContingencyStudy study;
  study.base = solve_power_flow(net, opt);
  const auto load_buses = load_bus_indices(net);
  if (case_results) case_results->clear();
  for (const Contingency& k : contingencies(net)) {
    PowerNetwork m = net;
    if (k.source >= 0) m.sources[static_cast<std::size_t>(k.source)].in_service = false;
    if (k.branch >= 0) m.branches[static_cast<std::size_t>(k.branch)].in_service = false;
    SolveDetail d = solve_detailed(m, opt);
    ContingencyResult c;
    evaluate_case(net, load_buses, d.result, d.bus_ups_backed, k, c);
    study.cases.push_back(std::move(c));
    if (case_results) case_results->push_back(std::move(d.result));
  }
  return study;
}

}  // namespace detail

ContingencyStudy n_minus_1(const PowerNetwork& net, const PowerFlowOptions& opt, const std::string& backend) {
  return detail::n_minus_1_batched(net, opt, backend, 0, nullptr);
}

}  // namespace factwin::electrical
