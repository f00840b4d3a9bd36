// SPDX-License-Identifier: Apache-2.0
// Power flow, radial islands (docs/electrical.md Eq. E-9): packing an island for the batched
// backward/forward sweep (branch impedances, breadth-first order from the supply bus) and
// recording its solution in its case afterwards.
#include "electrical/radial_sweep.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "electrical/branch_model.hpp"
#include "factwin/core/error.hpp"

namespace factwin::electrical::detail {

void SweepPack::clear() {
  start_.assign(1, 0);
  for (auto* a : {&parent_, &iterations_}) a->clear();
  for (auto* a : {&zr_, &zi_, &p_, &q_, &vr_, &vi_, &ir_, &ii_, &last_dv_}) a->clear();
}

void SweepPack::reserve(std::size_t buses, std::size_t cases) {
  start_.reserve(cases + 1);
  iterations_.reserve(cases);
  last_dv_.reserve(cases);
  parent_.reserve(buses);
  for (auto* a : {&zr_, &zi_, &p_, &q_, &vr_, &vi_, &ir_, &ii_}) a->reserve(buses);
}

void SweepPack::push_bus(int parent, cd z, double p, double q, cd v0) {
  parent_.push_back(parent);
  zr_.push_back(z.real());
  zi_.push_back(z.imag());
  p_.push_back(p);
  q_.push_back(q);
  vr_.push_back(v0.real());
  vi_.push_back(v0.imag());
  ir_.push_back(0.0);
  ii_.push_back(0.0);
}

void SweepPack::close_case() {
  start_.push_back(static_cast<int>(parent_.size()));
  iterations_.push_back(0);
  last_dv_.push_back(0.0);
}

SweepBatchArgs SweepPack::args(const PowerFlowOptions& opt) {
  SweepBatchArgs a;
  a.ncase = ncase();
  a.start = start_.data();
  a.parent = parent_.data();
  a.zr = zr_.data();
  a.zi = zi_.data();
  a.p = p_.data();
  a.q = q_.data();
  a.vr = vr_.data();
  a.vi = vi_.data();
  a.ir = ir_.data();
  a.ii = ii_.data();
  a.iterations = iterations_.data();
  a.last_dv = last_dv_.data();
  a.max_iterations = opt.max_iterations;
  a.tolerance = opt.tolerance;
  return a;
}

void pack_island(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, std::size_t c, int id,
                 const std::vector<int>& local, const std::vector<double>& p, const std::vector<double>& q,
                 SweepPack& pack, std::vector<PendingSweep>& pending) {
  const Island& isl = cs.islands[static_cast<std::size_t>(id)];
  auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
  const std::size_t n = isl.buses.size();
  const int root = isl.slack.front();
  PendingSweep ps;
  ps.cs = c;
  ps.island = id;
  ps.slot = pack.ncase();
  // Compact per-branch arrays filled in one sequential pass (the Branch structs are large; the
  // sweep then touches only these). Branches are numbered by position pos in isl.branches.
  const std::size_t m = isl.branches.size();
  std::vector<int>& bfrom = ps.bfrom;
  std::vector<int>& bto = ps.bto;
  bfrom.resize(m);
  bto.resize(m);
  std::vector<cd> zb(m);
  for (std::size_t pos = 0; pos < m; ++pos) {
    const Branch& b = idx.net().branches[static_cast<std::size_t>(isl.branches[pos])];
    bfrom[pos] = loc(idx.from_of(b));
    bto[pos] = loc(idx.to_of(b));
    zb[pos] = branch_z(idx, opt, b, false);
  }
  // adjacency in compressed rows (one allocation, not one per bus)
  std::vector<int> adj_start(n + 1, 0), adj(2 * m);
  for (std::size_t pos = 0; pos < m; ++pos) {
    ++adj_start[static_cast<std::size_t>(bfrom[pos]) + 1];
    ++adj_start[static_cast<std::size_t>(bto[pos]) + 1];
  }
  for (std::size_t i = 0; i < n; ++i) adj_start[i + 1] += adj_start[i];
  {
    std::vector<int> fill(adj_start.begin(), adj_start.end() - 1);
    for (std::size_t pos = 0; pos < m; ++pos) {
      adj[static_cast<std::size_t>(fill[static_cast<std::size_t>(bfrom[pos])]++)] = static_cast<int>(pos);
      adj[static_cast<std::size_t>(fill[static_cast<std::size_t>(bto[pos])]++)] = static_cast<int>(pos);
    }
  }
  // BFS order from the root: parent branch and parent bus of every bus
  std::vector<int>& order = ps.order;
  std::vector<int>& par_branch = ps.par_branch;
  order.reserve(n);
  order.push_back(loc(root));
  par_branch.assign(n, -1);
  std::vector<int> par_bus(n, -1);
  std::vector<cd> z(n);
  std::vector<bool> seen(n, false);
  seen[static_cast<std::size_t>(order[0])] = true;
  for (std::size_t h = 0; h < order.size(); ++h) {
    const int u = order[h];
    for (int e = adj_start[static_cast<std::size_t>(u)]; e < adj_start[static_cast<std::size_t>(u) + 1]; ++e) {
      const auto pos = static_cast<std::size_t>(adj[static_cast<std::size_t>(e)]);
      const int w = bfrom[pos] == u ? bto[pos] : bfrom[pos];
      if (seen[static_cast<std::size_t>(w)]) continue;
      seen[static_cast<std::size_t>(w)] = true;
      par_branch[static_cast<std::size_t>(w)] = static_cast<int>(pos);
      par_bus[static_cast<std::size_t>(w)] = u;
      z[static_cast<std::size_t>(w)] = zb[pos];
      order.push_back(w);
    }
  }
  slack_voltage(idx, cs, root);
  // the island in breadth-first positions, appended to the pack (sweep_kernels.inc layout)
  std::vector<int> pos_of(n);
  for (std::size_t h = 0; h < n; ++h) pos_of[static_cast<std::size_t>(order[h])] = static_cast<int>(h);
  const cd v0 = cs.v[static_cast<std::size_t>(root)];
  for (std::size_t h = 0; h < n; ++h) {
    const auto w = static_cast<std::size_t>(order[h]);
    pack.push_bus(h > 0 ? pos_of[static_cast<std::size_t>(par_bus[w])] : -1, z[w], p[w], q[w], v0);
  }
  pack.close_case();
  pending.push_back(std::move(ps));
}

void unpack_island(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, const PendingSweep& ps,
                   const SweepPack& pack) {
  const Island& isl = cs.islands[static_cast<std::size_t>(ps.island)];
  const std::size_t n = isl.buses.size();
  const int root = isl.slack.front();
  const int it = pack.iterations(ps.slot);
  if (it < 0)
    throw ConvergenceError("power flow: backward/forward sweep did not converge in " +
                               std::to_string(opt.max_iterations) + " iterations (island of bus '" +
                               idx.net().buses[static_cast<std::size_t>(root)].name + "', last |dV| " +
                               std::to_string(pack.last_dv(ps.slot)) + " pu)" + in_case(cs),
                           {pack.last_dv(ps.slot)});
  cs.iterations = std::max(cs.iterations, it);
  const std::size_t off = pack.first_bus(ps.slot);
  std::vector<cd> v(n), cur(n);
  for (std::size_t h = 0; h < n; ++h) {
    const auto w = static_cast<std::size_t>(ps.order[h]);
    v[w] = pack.voltage(off + h);
    cur[w] = pack.current(off + h);
  }
  for (std::size_t i = 0; i < n; ++i) cs.v[static_cast<std::size_t>(isl.buses[i])] = v[i];
  const auto rl = static_cast<std::size_t>(ps.order[0]);
  cs.slack_power[root] = v[rl] * std::conj(cur[rl]);
  // record in branch order (sequential over the Branch structs); the child end of each branch
  // is the bus whose parent branch it is
  for (std::size_t pos = 0; pos < isl.branches.size(); ++pos) {
    const auto l = static_cast<std::size_t>(isl.branches[pos]);
    const auto f = static_cast<std::size_t>(ps.bfrom[pos]), t = static_cast<std::size_t>(ps.bto[pos]);
    const bool forward = ps.par_branch[t] == static_cast<int>(pos);
    const cd i_ft = forward ? cur[t] : -cur[f];
    record_branch(idx, opt, idx.net().branches[l], v[f], v[t], i_ft, cs.out.r.branches[l]);
  }
}

}  // namespace factwin::electrical::detail
