// SPDX-License-Identifier: Apache-2.0
// The power-flow solver bound to one network (power_flow.cpp): it runs a batch of cases through
// the steps of docs/electrical.md section 2, each in its own file:
//   network_index  names and connections resolved once
//   case_setup     per case: active sources, islands, energisation, loads, UPS levels
//   power_flow     per UPS level, downstream first: island injections, then radial islands packed
//                  (radial_sweep) and swept in one launch (sweep_runner), meshed ones by Newton
//                  (newton); branch_model is the per-unit branch model both use
//   case_results   per case: bus voltages, source powers, energy balance, heat by room
// One network = a batch of one case, so solve_power_flow and the N-1 study (n_minus_1.cpp) share
// this code.
#pragma once

#include <cstddef>
#include <vector>

#include "electrical/network_index.hpp"
#include "electrical/power_case.hpp"
#include "electrical/radial_sweep.hpp"
#include "electrical/sweep_runner.hpp"

namespace factwin::electrical::detail {

class Solver {
 public:
  /// Resolves names and connections of `net` (which must outlive the solver); \throws Error.
  Solver(const PowerNetwork& net, const PowerFlowOptions& opt);

  /// Solves with the network's current values (loads, ratings, in_service flags); names and
  /// connections were resolved at construction and must not change. Host sweeps.
  [[nodiscard]] Solved run();

  /// A case with the network's current in-service flags (change them before setup()).
  void init_case(CaseState& cs) const { detail::init_case(idx_, cs); }
  /// Per-case set-up on the host (case_setup.cpp).
  void setup(CaseState& cs) const { setup_case(idx_, opt_, cs); }
  /// Solves the islands of every case, level by level of the UPS links (downstream first): the
  /// radial islands of all cases at one level go to `sweeps` in one launch; meshed islands are
  /// solved by host Newton. \throws ConvergenceError naming the case.
  void solve_levels(std::vector<CaseState>& cases, SweepRunner& sweeps);
  /// Per-case results (case_results.cpp); moves them out of `cs`.
  [[nodiscard]] Solved finish(CaseState& cs) const { return collect_results(idx_, opt_, cs); }

 private:
  void prepare_island(CaseState& cs, std::size_t c, int id, std::vector<PendingSweep>& pending);

  NetworkIndex idx_;
  PowerFlowOptions opt_;
  std::vector<int> local_;  // bus -> index within the island being prepared (scratch)
  SweepPack pack_;          // the sweep batch of the level being solved (kept for its capacity)
  SweepRunner host_{Executor{}};
};

}  // namespace factwin::electrical::detail
