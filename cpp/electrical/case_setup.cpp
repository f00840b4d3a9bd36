// SPDX-License-Identifier: Apache-2.0
// Power flow, step 2: per-case set-up on the host (docs/electrical.md section 2). Active sources
// (standby generators whose utility is out), islands (union-find over in-service non-UPS branches),
// energisation through the UPS links, supplies per bus, load allocation by the transfer rules, and
// the UPS level of every energised island (islands are solved downstream first).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "electrical/power_case.hpp"
#include "factwin/core/error.hpp"

namespace factwin::electrical::detail {

namespace {

// UPS level of island `id`: 0 without live UPS outputs, else one more than the islands they feed.
int island_level(const NetworkIndex& idx, const CaseState& cs, int id, std::vector<int>& level,
                 std::vector<char>& state) {
  const auto i = static_cast<std::size_t>(id);
  if (state[i] == 2) return level[i];
  state[i] = 1;
  int lv = 0;
  for (int ul : idx.ups_branches()) {
    const auto l = static_cast<std::size_t>(ul);
    if (!cs.ups_live[l] || cs.island_of[static_cast<std::size_t>(idx.from(l))] != id) continue;
    const int down = cs.island_of[static_cast<std::size_t>(idx.to(l))];
    if (state[static_cast<std::size_t>(down)] == 1)
      throw Error("power flow: UPS links form a loop (closed by UPS '" + idx.net().branches[l].name + "')" +
                  in_case(cs));
    lv = std::max(lv, island_level(idx, cs, down, level, state) + 1);
  }
  level[i] = lv;
  state[i] = 2;
  return lv;
}

// Load i shared among its energised supply buses (transfer: the first one only), its PSU losses,
// and its injections added to the case's p_load/q_load.
void allocate_load(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, std::size_t i,
                   LoadResult& lr) {
  const Load& ld = idx.net().loads[i];
  lr.name = ld.name;
  lr.supply_share.assign(ld.buses.size(), 0.0);
  int live = 0;
  const int* bidx = idx.load_buses(i);
  for (std::size_t j = 0; j < ld.buses.size(); ++j)
    if (cs.bus_energised[static_cast<std::size_t>(bidx[j])]) {
      if (ld.mode == FeedMode::transfer && live > 0) break;
      lr.supply_share[j] = 1.0;
      ++live;
    }
  if (live == 0) return;
  lr.served = true;
  for (double& s : lr.supply_share) s /= live;
  const double tan_phi = std::tan(std::acos(std::clamp(ld.power_factor, 1e-6, 1.0)));
  for (std::size_t j = 0; j < ld.buses.size(); ++j) {
    const double share = lr.supply_share[j];
    if (share == 0.0) continue;
    double p_useful = ld.power * share;
    double p_ac = p_useful;
    if (ld.kind == LoadKind::it && ld.psu_rating > 0.0) {
      const double frac = p_useful / ld.psu_rating;
      lr.psu_loading = std::max(lr.psu_loading, frac);
      p_ac = p_useful / efficiency_at(ld.psu, frac);
    }
    lr.p_useful += p_useful;
    lr.p_ac += p_ac;
    lr.q_ac += p_ac * tan_phi;
    const auto b = static_cast<std::size_t>(bidx[j]);
    cs.p_load[b] += p_ac / opt.base_power;
    cs.q_load[b] += p_ac * tan_phi / opt.base_power;
  }
  lr.psu_loss = lr.p_ac - lr.p_useful;
}

}  // namespace

void init_case(const NetworkIndex& idx, CaseState& cs) {
  const PowerNetwork& net = idx.net();
  cs.branch_on.resize(net.branches.size());
  cs.source_on.resize(net.sources.size());
  for (std::size_t l = 0; l < net.branches.size(); ++l) cs.branch_on[l] = net.branches[l].in_service ? 1 : 0;
  for (std::size_t s = 0; s < net.sources.size(); ++s) cs.source_on[s] = net.sources[s].in_service ? 1 : 0;
}

std::string in_case(const CaseState& cs) {
  return cs.label.empty() ? std::string() : " in the N-1 case with '" + cs.label + "' out of service";
}

std::unordered_map<int, double> supply_shares(const NetworkIndex& idx, const CaseState& cs, int b) {
  const PowerNetwork& net = idx.net();
  std::unordered_map<int, double> f;
  double total = 0.0;
  for (int sup : cs.supplies[static_cast<std::size_t>(b)]) {
    const double rating = sup < 0 ? net.sources[static_cast<std::size_t>(-1 - sup)].rating
                                  : net.branches[static_cast<std::size_t>(sup)].rating;
    f[sup] = rating;
    total += rating;
  }
  for (auto& kv : f) kv.second /= total;
  return f;
}

void setup_case(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs) {
  const PowerNetwork& net = idx.net();
  const std::size_t nb = net.buses.size();
  const std::size_t nl = net.branches.size();
  cs.v.assign(nb, cd(1.0, 0.0));
  cs.p_load.assign(nb, 0.0);
  cs.q_load.assign(nb, 0.0);
  cs.slack_power.clear();
  cs.iterations = cs.radial = cs.meshed = 0;
  PowerFlowResult& r = cs.out.r;
  // --- active sources: utilities in service; generators whose utility is out ---
  cs.active.assign(net.sources.size(), false);
  for (std::size_t s = 0; s < net.sources.size(); ++s) {
    const Source& src = net.sources[s];
    if (!cs.source_on[s]) continue;
    if (src.kind == SourceKind::utility) {
      cs.active[s] = true;
    } else {
      const int backed = idx.source(src.backs_up);
      cs.active[s] = src.backs_up.empty() || backed < 0 || !cs.source_on[static_cast<std::size_t>(backed)];
    }
  }
  // --- islands: union-find over in-service non-UPS branches ---
  std::vector<int> parent(nb);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<int> size(nb, 1);
  auto find = [&](int a) {
    while (parent[static_cast<std::size_t>(a)] != a) {
      parent[static_cast<std::size_t>(a)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(a)])];
      a = parent[static_cast<std::size_t>(a)];
    }
    return a;
  };
  for (std::size_t l = 0; l < nl; ++l) {
    if (!cs.branch_on[l] || net.branches[l].kind == BranchKind::ups) continue;
    int a = find(idx.from(l)), c = find(idx.to(l));
    if (a == c) continue;
    if (size[static_cast<std::size_t>(a)] < size[static_cast<std::size_t>(c)]) std::swap(a, c);
    parent[static_cast<std::size_t>(c)] = a;  // union by size
    size[static_cast<std::size_t>(a)] += size[static_cast<std::size_t>(c)];
  }
  std::vector<int>& island_of = cs.island_of;
  std::vector<Island>& islands = cs.islands;
  island_of.assign(nb, -1);
  islands.clear();
  for (std::size_t i = 0; i < nb; ++i) {
    const int root = find(static_cast<int>(i));
    if (island_of[static_cast<std::size_t>(root)] < 0) {
      island_of[static_cast<std::size_t>(root)] = static_cast<int>(islands.size());
      islands.emplace_back();
    }
    island_of[i] = island_of[static_cast<std::size_t>(root)];
    islands[static_cast<std::size_t>(island_of[i])].buses.push_back(static_cast<int>(i));
  }
  for (std::size_t l = 0; l < nl; ++l) {
    if (cs.branch_on[l] && net.branches[l].kind != BranchKind::ups)
      islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(idx.from(l))])].branches.push_back(
          static_cast<int>(l));
  }
  // supplies per bus: active sources and in-service UPS outputs
  cs.supplies.assign(nb, {});
  for (std::size_t s = 0; s < net.sources.size(); ++s)
    if (cs.active[s]) cs.supplies[static_cast<std::size_t>(idx.source_bus(s))].push_back(-1 - static_cast<int>(s));
  // --- energisation through UPS links (fixed point over the island DAG) ---
  for (auto& isl : islands)
    for (int b : isl.buses)
      for (int sup : cs.supplies[static_cast<std::size_t>(b)])
        if (sup < 0) isl.energised = true;
  for (bool changed = true; changed;) {
    changed = false;
    for (int ul : idx.ups_branches()) {
      const auto l = static_cast<std::size_t>(ul);
      if (!cs.branch_on[l]) continue;
      Island& in = islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(idx.from(l))])];
      Island& o = islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(idx.to(l))])];
      if (in.energised && !o.energised) {
        o.energised = true;
        changed = true;
      }
      if (!o.ups_backed) {
        o.ups_backed = true;
        changed = true;
      }
    }
  }
  // UPS supplies count only when their input is energised
  cs.ups_live.assign(nl, false);
  for (int ul : idx.ups_branches()) {
    const auto l = static_cast<std::size_t>(ul);
    if (cs.branch_on[l] && islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(idx.from(l))])].energised) {
      cs.ups_live[l] = true;
      cs.supplies[static_cast<std::size_t>(idx.to(l))].push_back(ul);
    }
  }
  cs.bus_energised.assign(nb, false);
  cs.out.bus_ups_backed.assign(nb, false);
  for (std::size_t i = 0; i < nb; ++i) {
    cs.bus_energised[i] = islands[static_cast<std::size_t>(island_of[i])].energised;
    cs.out.bus_ups_backed[i] = islands[static_cast<std::size_t>(island_of[i])].ups_backed;
  }
  for (auto& isl : islands)
    for (int b : isl.buses)
      if (!cs.supplies[static_cast<std::size_t>(b)].empty()) isl.slack.push_back(b);

  // --- loads: allocate to energised supplies (transfer rules) ---
  r.loads.resize(net.loads.size());
  for (std::size_t i = 0; i < net.loads.size(); ++i) allocate_load(idx, opt, cs, i, r.loads[i]);

  r.branches.resize(nl);
  for (std::size_t l = 0; l < nl; ++l) {
    r.branches[l].name = net.branches[l].name;
    r.branches[l].in_service = cs.branch_on[l] != 0;
  }
  // --- UPS levels: an island is solved after the islands its live UPS outputs feed (their
  // output power sets its UPS input load) ---
  std::vector<int> level(islands.size(), 0);
  std::vector<char> state(islands.size(), 0);  // 0 todo, 1 in progress, 2 done
  cs.levels.clear();
  for (std::size_t i = 0; i < islands.size(); ++i) {
    if (!islands[i].energised) continue;
    const auto lv = static_cast<std::size_t>(island_level(idx, cs, static_cast<int>(i), level, state));
    if (cs.levels.size() <= lv) cs.levels.resize(lv + 1);
    cs.levels[lv].push_back(static_cast<int>(i));
  }
}

}  // namespace factwin::electrical::detail
