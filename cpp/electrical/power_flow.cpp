// SPDX-License-Identifier: Apache-2.0
// Balanced three-phase power flow of the power chain, per phase in per unit (docs/electrical.md):
// islands split at UPS outputs, backward/forward sweep for radial islands, Newton-Raphson (Eigen
// sparse LU) for meshed ones, solved downstream first. This file drives a batch of cases through
// the UPS levels (Solver::solve_levels: island injections, one sweep launch per level, Newton) and
// holds the public entry points; the other steps are listed in power_solver.hpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "electrical/branch_model.hpp"
#include "electrical/newton.hpp"
#include "electrical/power_backend.hpp"
#include "electrical/power_internal.hpp"
#include "electrical/power_solver.hpp"
#include "factwin/core/error.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

namespace detail {

Solver::Solver(const PowerNetwork& net, const PowerFlowOptions& opt) : idx_(net), opt_(opt) {
  local_.assign(net.buses.size(), -1);
}

Solved Solver::run() {
  std::vector<CaseState> one(1);
  init_case(one[0]);
  setup(one[0]);
  solve_levels(one, host_);
  return finish(one[0]);
}

void Solver::solve_levels(std::vector<CaseState>& cases, SweepRunner& sweeps) {
  std::size_t nlevel = 0;
  for (const CaseState& cs : cases) nlevel = std::max(nlevel, cs.levels.size());
  std::vector<PendingSweep> pending;
  for (std::size_t lv = 0; lv < nlevel; ++lv) {
    std::size_t nbus = 0, nisl = 0;
    for (const CaseState& cs : cases) {
      if (lv >= cs.levels.size()) continue;
      for (int id : cs.levels[lv]) nbus += cs.islands[static_cast<std::size_t>(id)].buses.size();
      nisl += cs.levels[lv].size();
    }
    FACTWIN_CHECK(nbus < static_cast<std::size_t>(std::numeric_limits<int>::max()),
                  "power flow: a sweep batch of " + std::to_string(nbus) + " buses is too large (int offsets)");
    pack_.clear();
    pack_.reserve(nbus, nisl);
    pending.clear();
    for (std::size_t c = 0; c < cases.size(); ++c) {
      CaseState& cs = cases[c];
      if (lv >= cs.levels.size()) continue;
      for (int id : cs.levels[lv]) prepare_island(cs, c, id, pending);
    }
    if (pack_.ncase() > 0) sweeps.run(pack_, opt_);
    for (const PendingSweep& ps : pending) unpack_island(idx_, opt_, cases[ps.cs], ps, pack_);
  }
}

// Injections of one energised island (loads, transformer no-load losses, the inputs of the UPS
// modules it feeds, whose output islands are solved already), then its solve: a radial island is
// packed for the sweep batch, a meshed one is solved now by Newton.
void Solver::prepare_island(CaseState& cs, std::size_t c, int id, std::vector<PendingSweep>& pending) {
  const PowerNetwork& net = idx_.net();
  const Island& isl = cs.islands[static_cast<std::size_t>(id)];
  PowerFlowResult& r = cs.out.r;
  // bus injections: loads already in p_load/q_load; add transformer no-load losses and UPS inputs
  std::vector<int>& local = local_;
  for (std::size_t i = 0; i < isl.buses.size(); ++i) local[static_cast<std::size_t>(isl.buses[i])] = static_cast<int>(i);
  auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
  const std::size_t n = isl.buses.size();
  std::vector<double> p(n), q(n);
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = cs.p_load[static_cast<std::size_t>(isl.buses[i])];
    q[i] = cs.q_load[static_cast<std::size_t>(isl.buses[i])];
  }
  for (int l : isl.branches) {
    const Branch& b = net.branches[static_cast<std::size_t>(l)];
    if (is_transformer(b.kind)) p[static_cast<std::size_t>(loc(idx_.from_of(b)))] += b.no_load_loss / opt_.base_power;
  }
  for (int ul : idx_.ups_branches()) {
    const auto l = static_cast<std::size_t>(ul);
    if (!cs.ups_live[l]) continue;
    const Branch& b = net.branches[l];
    if (cs.island_of[static_cast<std::size_t>(idx_.from_of(b))] != id) continue;
    const int li = loc(idx_.from_of(b));
    // UPS output = its share of the output bus's slack power (solved already, downstream first)
    const int ob = idx_.to_of(b);
    const double share = supply_shares(idx_, cs, ob).at(static_cast<int>(l));
    const double p_out = cs.slack_power[ob].real() * share * opt_.base_power;
    const double loss = host::ups_loss(b.rating, b.ups_l0, b.ups_l1, b.ups_l2, p_out);
    BranchResult& br = r.branches[l];
    br.energised = true;
    br.p_out = p_out;
    br.p_in = p_out + loss;
    br.loss = loss;
    br.loading = p_out / b.rating;
    const double vt = net.buses[static_cast<std::size_t>(ob)].nominal_voltage * std::abs(cs.v[static_cast<std::size_t>(ob)]);
    br.current = p_out / (std::sqrt(3.0) * vt);
    br.ride_through = p_out > 0.0 ? b.battery_energy / p_out : std::numeric_limits<double>::infinity();
    p[static_cast<std::size_t>(li)] += br.p_in / opt_.base_power;
  }
  const bool radial = isl.slack.size() == 1 && isl.branches.size() + 1 == n;
  if (radial) {
    ++cs.radial;
    pack_island(idx_, opt_, cs, c, id, local, p, q, pack_, pending);
  } else {
    ++cs.meshed;
    solve_meshed(idx_, opt_, cs, isl, local, p, q);
  }
}

SolveDetail solve_detailed(const PowerNetwork& net, const PowerFlowOptions& opt) {
  Solver s(net, opt);
  Solved sv = s.run();
  return {std::move(sv.r), std::move(sv.bus_ups_backed)};
}

}  // namespace detail

struct PowerFlowSolver::Impl {
  detail::Solver solver;
};

PowerFlowSolver::PowerFlowSolver(const PowerNetwork& net, const PowerFlowOptions& opt)
    : impl_(std::make_unique<Impl>(Impl{detail::Solver(net, opt)})) {}
PowerFlowSolver::~PowerFlowSolver() = default;
PowerFlowSolver::PowerFlowSolver(PowerFlowSolver&&) noexcept = default;
PowerFlowSolver& PowerFlowSolver::operator=(PowerFlowSolver&&) noexcept = default;
PowerFlowResult PowerFlowSolver::solve() { return impl_->solver.run().r; }

PowerFlowResult solve_power_flow(const PowerNetwork& net, const PowerFlowOptions& opt) {
  return detail::solve_detailed(net, opt).result;
}

}  // namespace factwin::electrical
