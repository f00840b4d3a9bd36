// SPDX-License-Identifier: Apache-2.0
// Balanced three-phase power flow of the power chain, per phase in per unit (docs/electrical.md):
// islands split at UPS outputs, backward/forward sweep for radial islands, Newton-Raphson (Eigen
// sparse LU) for meshed ones, solved downstream first; then the N-1 study.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "electrical/power_kernels_host.hpp"
#include "electrical/kernels/sweep_args.hpp"
#include "electrical/power_internal.hpp"
#include "factwin/core/error.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

using cd = std::complex<double>;
namespace k = ::factwin::electrical::host;

const char* to_string(BranchKind kd) {
  switch (kd) {
    case BranchKind::cable: return "cable";
    case BranchKind::busway: return "busway";
    case BranchKind::breaker: return "breaker";
    case BranchKind::transformer: return "transformer";
    case BranchKind::pdu: return "pdu";
    case BranchKind::ups: return "ups";
  }
  return "?";
}

double efficiency_at(const EfficiencyCurve& c, double load_fraction) {
  return k::interp_efficiency(c.load_fraction.data(), c.efficiency.data(),
                              static_cast<int>(std::min(c.load_fraction.size(), c.efficiency.size())),
                              load_fraction);
}

namespace {

// |z| without hypot's overflow care (per-unit values are O(1))
inline double mag(cd z) { return std::sqrt(std::norm(z)); }

bool is_transformer(BranchKind kd) { return kd == BranchKind::transformer || kd == BranchKind::pdu; }

// Name -> index for the buses: open addressing over string_views of the names (one allocation;
// a 100k-bus network is indexed in a few ms, faster than a node-based unordered_map).
class NameIndex {
 public:
  void build(const std::vector<Bus>& buses) {
    std::size_t cap = 16;
    while (cap < 2 * buses.size()) cap *= 2;
    slots_.assign(cap, -1);
    mask_ = cap - 1;
    for (std::size_t i = 0; i < buses.size(); ++i) {
      std::size_t h = std::hash<std::string_view>{}(buses[i].name) & mask_;
      while (slots_[h] >= 0) h = (h + 1) & mask_;
      slots_[h] = static_cast<int>(i);
    }
  }
  [[nodiscard]] int find(std::string_view name, const std::vector<Bus>& buses) const {
    std::size_t h = std::hash<std::string_view>{}(name) & mask_;
    while (slots_[h] >= 0) {
      if (buses[static_cast<std::size_t>(slots_[h])].name == name) return slots_[h];
      h = (h + 1) & mask_;
    }
    return -1;
  }

 private:
  std::vector<int> slots_;
  std::size_t mask_ = 0;
};

struct Island {
  std::vector<int> buses;
  std::vector<int> branches;  // in-service, non-UPS branches inside
  std::vector<int> slack;     // buses with a supply (active source or UPS output)
  bool energised = false;
  bool ups_backed = false;
};

/// Everything about one solve that the N-1 study needs besides the public result.
struct Solved {
  PowerFlowResult r;
  std::vector<bool> bus_ups_backed;
};

class Solver {
 public:
  Solver(const PowerNetwork& net, const PowerFlowOptions& opt) : net_(net), opt_(opt) {
    const std::size_t nb = net.buses.size();
    bus_index_.build(net.buses);
    for (std::size_t i = 0; i < net.sources.size(); ++i) source_index_[net.sources[i].name] = static_cast<int>(i);
    local_.assign(nb, -1);
    for (const Branch& b : net.branches) {
      bf_.push_back(bus(b.from));
      bt_.push_back(bus(b.to));
    }
    for (const Source& src : net.sources) src_bus_.push_back(bus(src.bus));
    for (std::size_t l = 0; l < net.branches.size(); ++l)
      if (net.branches[l].kind == BranchKind::ups) ups_branches_.push_back(static_cast<int>(l));
    std::unordered_map<std::string, int> rooms;
    auto room_id = [&](const std::string& name) {
      auto [it, fresh] = rooms.emplace(name, static_cast<int>(room_names_.size()));
      if (fresh) room_names_.push_back(name);
      return it->second;
    };
    for (const Load& ld : net.loads) load_room_.push_back(room_id(ld.room));
    for (std::size_t l = 0; l < net.branches.size(); ++l) {
      const Branch& b = net.branches[l];
      branch_room_.push_back(room_id(b.room.empty() ? net.buses[static_cast<std::size_t>(bt_[l])].room : b.room));
    }
    load_bus_start_.push_back(0);
    for (const Load& ld : net.loads) {
      FACTWIN_CHECK(ld.buses.size() <= 16, "load '" + ld.name + "' has more than 16 supply buses");
      for (const auto& b : ld.buses) load_bus_.push_back(bus(b));
      load_bus_start_.push_back(load_bus_.size());
    }
  }

  /// Solves with the network's current values (loads, ratings, in_service flags); names and
  /// connections were resolved at construction and must not change.
  Solved run() {
    const std::size_t nbus = net_.buses.size();
    v_.assign(nbus, cd(1.0, 0.0));
    p_load_.assign(nbus, 0.0);
    q_load_.assign(nbus, 0.0);
    slack_power_.clear();
    iterations_ = radial_ = meshed_ = 0;
    Solved out;
    PowerFlowResult& r = out.r;
    const std::size_t nb = net_.buses.size();
    const std::size_t nl = net_.branches.size();
    // --- active sources: utilities in service; generators whose utility is out ---
    std::vector<bool> active(net_.sources.size(), false);
    for (std::size_t s = 0; s < net_.sources.size(); ++s) {
      const Source& src = net_.sources[s];
      if (!src.in_service) continue;
      if (src.kind == SourceKind::utility) {
        active[s] = true;
      } else {
        auto it = source_index_.find(src.backs_up);
        active[s] = src.backs_up.empty() || it == source_index_.end() ||
                    !net_.sources[static_cast<std::size_t>(it->second)].in_service;
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
      const Branch& b = net_.branches[l];
      if (!b.in_service || b.kind == BranchKind::ups) continue;
      int a = find(from_of(b)), c = find(to_of(b));
      if (a == c) continue;
      if (size[static_cast<std::size_t>(a)] < size[static_cast<std::size_t>(c)]) std::swap(a, c);
      parent[static_cast<std::size_t>(c)] = a;  // union by size
      size[static_cast<std::size_t>(a)] += size[static_cast<std::size_t>(c)];
    }
    std::vector<int> island_of(nb, -1);
    std::vector<Island> islands;
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
      const Branch& b = net_.branches[l];
      if (b.in_service && b.kind != BranchKind::ups)
        islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(from_of(b))])].branches.push_back(static_cast<int>(l));
    }
    // supplies per bus: active sources and in-service UPS outputs
    supplies_.assign(nb, {});
    for (std::size_t s = 0; s < net_.sources.size(); ++s)
      if (active[s]) supplies_[static_cast<std::size_t>(src_bus_[s])].push_back(-1 - static_cast<int>(s));
    // --- energisation through UPS links (fixed point over the island DAG) ---
    for (auto& isl : islands)
      for (int b : isl.buses)
        for (int sup : supplies_[static_cast<std::size_t>(b)])
          if (sup < 0) isl.energised = true;
    for (bool changed = true; changed;) {
      changed = false;
      for (int ul : ups_branches_) {
        const Branch& b = net_.branches[static_cast<std::size_t>(ul)];
        if (!b.in_service) continue;
        Island& in = islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(from_of(b))])];
        Island& o = islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(to_of(b))])];
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
    std::vector<bool> ups_live(nl, false);
    for (std::size_t l = 0; l < nl; ++l) {
      const Branch& b = net_.branches[l];
      if (b.in_service && b.kind == BranchKind::ups &&
          islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(from_of(b))])].energised) {
        ups_live[l] = true;
        supplies_[static_cast<std::size_t>(to_of(b))].push_back(static_cast<int>(l));
      }
    }
    std::vector<bool> bus_energised(nb, false);
    out.bus_ups_backed.assign(nb, false);
    for (std::size_t i = 0; i < nb; ++i) {
      bus_energised[i] = islands[static_cast<std::size_t>(island_of[i])].energised;
      out.bus_ups_backed[i] = islands[static_cast<std::size_t>(island_of[i])].ups_backed;
    }
    for (auto& isl : islands)
      for (int b : isl.buses)
        if (!supplies_[static_cast<std::size_t>(b)].empty()) isl.slack.push_back(b);

    // --- loads: allocate to energised supplies (transfer rules) ---
    r.loads.resize(net_.loads.size());
    for (std::size_t i = 0; i < net_.loads.size(); ++i) allocate_load(i, bus_energised, r.loads[i]);

    // --- solve islands downstream first (UPS input power needs the output island solved) ---
    r.branches.resize(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      r.branches[l].name = net_.branches[l].name;
      r.branches[l].in_service = net_.branches[l].in_service;
    }
    std::vector<int> state(islands.size(), 0);  // 0 todo, 1 in progress, 2 done
    std::function<void(int)> solve_island_rec = [&](int id) {
      Island& isl = islands[static_cast<std::size_t>(id)];
      if (state[static_cast<std::size_t>(id)] == 2) return;
      FACTWIN_CHECK(state[static_cast<std::size_t>(id)] == 0, "UPS links form a loop");
      state[static_cast<std::size_t>(id)] = 1;
      // downstream islands first; their UPS input powers become loads here
      for (int ul : ups_branches_) {
        if (!ups_live[static_cast<std::size_t>(ul)]) continue;
        const Branch& b = net_.branches[static_cast<std::size_t>(ul)];
        if (island_of[static_cast<std::size_t>(from_of(b))] != id) continue;
        solve_island_rec(island_of[static_cast<std::size_t>(to_of(b))]);
      }
      if (isl.energised) solve_island(isl, ups_live, r);
      state[static_cast<std::size_t>(id)] = 2;
    };
    for (std::size_t i = 0; i < islands.size(); ++i) solve_island_rec(static_cast<int>(i));

    // --- results ---
    r.buses.resize(nb);
    for (std::size_t i = 0; i < nb; ++i) {
      BusResult& br = r.buses[i];
      br.name = net_.buses[i].name;
      br.energised = bus_energised[i];
      if (br.energised) {
        br.voltage_pu = mag(v_[i]);
        br.voltage = br.voltage_pu * net_.buses[i].nominal_voltage;
        br.angle = std::arg(v_[i]);
      }
    }
    r.sources.resize(net_.sources.size());
    for (std::size_t s = 0; s < net_.sources.size(); ++s) {
      SourceResult& sr = r.sources[s];
      sr.name = net_.sources[s].name;
      sr.in_service = active[s];
      if (!active[s]) continue;
      const auto shares = supply_shares(src_bus_[s]);
      const double f = shares.at(-1 - static_cast<int>(s));
      const cd sb = slack_power_[static_cast<std::size_t>(src_bus_[s])] * f * opt_.base_power;
      sr.p = sb.real();
      sr.q = sb.imag();
      sr.loading = std::abs(sb) / net_.sources[s].rating;
      r.source_power += sr.p;
    }
    std::vector<double> room_heat(room_names_.size(), 0.0);
    for (std::size_t i = 0; i < net_.loads.size(); ++i) {
      const Load& ld = net_.loads[i];
      const LoadResult& lr = r.loads[i];
      if (!lr.served) {
        r.unserved_power += ld.power;
        continue;
      }
      if (ld.kind == LoadKind::it) {
        r.it_power += lr.p_useful;
        r.it_input_power += lr.p_ac;
        r.psu_loss += lr.psu_loss;
        room_heat[static_cast<std::size_t>(load_room_[i])] += lr.p_useful + lr.psu_loss;
      } else {
        r.mechanical_power += lr.p_ac;
      }
    }
    for (std::size_t l = 0; l < nl; ++l) {
      const BranchResult& br = r.branches[l];
      if (!br.energised) continue;
      r.distribution_loss += br.loss;
      room_heat[static_cast<std::size_t>(branch_room_[l])] += br.loss;
    }
    for (std::size_t k = 0; k < room_names_.size(); ++k)
      if (room_heat[k] != 0.0) r.heat_by_room[room_names_[k]] = room_heat[k];
    r.iterations = iterations_;
    r.islands_radial = radial_;
    r.islands_meshed = meshed_;
    return out;
  }

 private:
  int bus(const std::string& name) const {
    const int i = bus_index_.find(name, net_.buses);
    FACTWIN_CHECK(i >= 0, "power flow: unknown bus '" + name + "' (validate() the network first)");
    return i;
  }
  int from_of(const Branch& b) const { return bf_[static_cast<std::size_t>(&b - net_.branches.data())]; }
  int to_of(const Branch& b) const { return bt_[static_cast<std::size_t>(&b - net_.branches.data())]; }

  // Each supply at a bus carries a share of the bus's slack power proportional to its rating.
  std::unordered_map<int, double> supply_shares(int b) const {
    std::unordered_map<int, double> f;
    double total = 0.0;
    for (int sup : supplies_[static_cast<std::size_t>(b)]) {
      const double rating = sup < 0 ? net_.sources[static_cast<std::size_t>(-1 - sup)].rating
                                    : net_.branches[static_cast<std::size_t>(sup)].rating;
      f[sup] = rating;
      total += rating;
    }
    for (auto& kv : f) kv.second /= total;
    return f;
  }

  void allocate_load(std::size_t i, const std::vector<bool>& bus_energised, LoadResult& lr) {
    const Load& ld = net_.loads[i];
    lr.name = ld.name;
    lr.supply_share.assign(ld.buses.size(), 0.0);
    int live = 0;
    const int* bidx = load_bus_.data() + load_bus_start_[i];
    for (std::size_t j = 0; j < ld.buses.size(); ++j)
      if (bus_energised[static_cast<std::size_t>(bidx[j])]) {
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
      p_load_[b] += p_ac / opt_.base_power;
      q_load_[b] += p_ac * tan_phi / opt_.base_power;
    }
    lr.psu_loss = lr.p_ac - lr.p_useful;
  }

  // Series impedance of a branch in per unit on the system base, referred to its `to` bus.
  cd branch_z(const Branch& b, bool newton) const {
    const double vb = net_.buses[static_cast<std::size_t>(to_of(b))].nominal_voltage;
    const double zbase = vb * vb / opt_.base_power;
    switch (b.kind) {
      case BranchKind::cable:
      case BranchKind::busway: return cd(b.r_per_m * b.length, b.x_per_m * b.length) / zbase;
      case BranchKind::breaker: return newton ? cd(1e-7, 1e-7) : cd(0.0, 0.0);
      case BranchKind::transformer:
      case BranchKind::pdu: {
        double r = 0, x = 0;
        k::transformer_rx_pu(b.rating, b.load_loss, b.impedance_pu, &r, &x);
        const cd z(r, x);
        const cd zs = z * (opt_.base_power / b.rating);
        return newton && std::abs(zs) == 0.0 ? cd(1e-7, 1e-7) : zs;
      }
      case BranchKind::ups: break;
    }
    return {0.0, 0.0};
  }

  void solve_island(const Island& isl, const std::vector<bool>& ups_live, PowerFlowResult& r) {
    // bus injections: loads already in p_load_/q_load_; add transformer no-load losses and UPS inputs
    std::vector<int>& local = local_;
    for (std::size_t i = 0; i < isl.buses.size(); ++i) local[static_cast<std::size_t>(isl.buses[i])] = static_cast<int>(i);
    auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
    const std::size_t n = isl.buses.size();
    std::vector<double> p(n), q(n);
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = p_load_[static_cast<std::size_t>(isl.buses[i])];
      q[i] = q_load_[static_cast<std::size_t>(isl.buses[i])];
    }
    for (int l : isl.branches) {
      const Branch& b = net_.branches[static_cast<std::size_t>(l)];
      if (is_transformer(b.kind)) p[static_cast<std::size_t>(loc(from_of(b)))] += b.no_load_loss / opt_.base_power;
    }
    for (int ul : ups_branches_) {
      const auto l = static_cast<std::size_t>(ul);
      if (!ups_live[l]) continue;
      const Branch& b = net_.branches[l];
      const int li = local[static_cast<std::size_t>(from_of(b))];
      if (li < 0 || li >= static_cast<int>(isl.buses.size()) || isl.buses[static_cast<std::size_t>(li)] != from_of(b)) continue;
      // UPS output = its share of the output bus's slack power (solved already, downstream first)
      const int ob = to_of(b);
      const double share = supply_shares(ob).at(static_cast<int>(l));
      const double p_out = slack_power_[static_cast<std::size_t>(ob)].real() * share * opt_.base_power;
      const double loss = k::ups_loss(b.rating, b.ups_l0, b.ups_l1, b.ups_l2, p_out);
      BranchResult& br = r.branches[l];
      br.energised = true;
      br.p_out = p_out;
      br.p_in = p_out + loss;
      br.loss = loss;
      br.loading = p_out / b.rating;
      const double vt = net_.buses[static_cast<std::size_t>(ob)].nominal_voltage * std::abs(v_[static_cast<std::size_t>(ob)]);
      br.current = p_out / (std::sqrt(3.0) * vt);
      br.ride_through = p_out > 0.0 ? b.battery_energy / p_out : std::numeric_limits<double>::infinity();
      p[static_cast<std::size_t>(li)] += br.p_in / opt_.base_power;
    }
    const bool radial = isl.slack.size() == 1 && isl.branches.size() + 1 == n;
    if (radial) {
      ++radial_;
      sweep(isl, local, p, q, r);
    } else {
      ++meshed_;
      newton(isl, local, p, q, r);
    }
  }

  void slack_voltage(int b) {
    double vset = 1.0;
    for (int sup : supplies_[static_cast<std::size_t>(b)])
      if (sup < 0) vset = net_.sources[static_cast<std::size_t>(-1 - sup)].voltage_pu;
    v_[static_cast<std::size_t>(b)] = cd(vset, 0.0);
  }

  // (E-9) Backward/forward sweep on a radial island with one supply bus.
  void sweep(const Island& isl, const std::vector<int>& local, const std::vector<double>& p,
             const std::vector<double>& q, PowerFlowResult& r) {
    auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
    const std::size_t n = isl.buses.size();
    const int root = isl.slack.front();
    // Compact per-branch arrays filled in one sequential pass (the Branch structs are large; the
    // sweep then touches only these). Branches are numbered by position pos in isl.branches.
    const std::size_t m = isl.branches.size();
    std::vector<int> bfrom(m), bto(m);
    std::vector<cd> zb(m);
    for (std::size_t pos = 0; pos < m; ++pos) {
      const Branch& b = net_.branches[static_cast<std::size_t>(isl.branches[pos])];
      bfrom[pos] = loc(from_of(b));
      bto[pos] = loc(to_of(b));
      zb[pos] = branch_z(b, false);
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
    std::vector<int> order{loc(root)}, par_branch(n, -1), par_bus(n, -1);
    std::vector<cd> z(n);
    order.reserve(n);
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
    slack_voltage(root);
    // the island in breadth-first positions for the sweep kernel (sweep_kernels.inc, one case)
    std::vector<int> pos_of(n), kparent(n, -1), kstart{0, static_cast<int>(n)}, kit(1, 0);
    for (std::size_t h = 0; h < n; ++h) pos_of[static_cast<std::size_t>(order[h])] = static_cast<int>(h);
    const cd v0 = v_[static_cast<std::size_t>(root)];
    std::vector<double> kzr(n, 0.0), kzi(n, 0.0), kp(n), kq(n), kvr(n, v0.real()), kvi(n, v0.imag()), kir(n), kii(n),
        kdv(1, 0.0);
    for (std::size_t h = 0; h < n; ++h) {
      const auto w = static_cast<std::size_t>(order[h]);
      if (h > 0) kparent[h] = pos_of[static_cast<std::size_t>(par_bus[w])];
      kzr[h] = z[w].real();
      kzi[h] = z[w].imag();
      kp[h] = p[w];
      kq[h] = q[w];
    }
    SweepBatchArgs ka;
    ka.ncase = 1;
    ka.start = kstart.data();
    ka.parent = kparent.data();
    ka.zr = kzr.data();
    ka.zi = kzi.data();
    ka.p = kp.data();
    ka.q = kq.data();
    ka.vr = kvr.data();
    ka.vi = kvi.data();
    ka.ir = kir.data();
    ka.ii = kii.data();
    ka.iterations = kit.data();
    ka.last_dv = kdv.data();
    ka.max_iterations = opt_.max_iterations;
    ka.tolerance = opt_.tolerance;
    host::sweep_batch(ka);
    if (kit[0] < 0)
      throw ConvergenceError("power flow: backward/forward sweep did not converge in " +
                                 std::to_string(opt_.max_iterations) + " iterations (island of bus '" +
                                 net_.buses[static_cast<std::size_t>(root)].name + "', last |dV| " +
                                 std::to_string(kdv[0]) + " pu)",
                             {kdv[0]});
    iterations_ = std::max(iterations_, kit[0]);
    std::vector<cd> v(n), cur(n);
    for (std::size_t h = 0; h < n; ++h) {
      const auto w = static_cast<std::size_t>(order[h]);
      v[w] = cd(kvr[h], kvi[h]);
      cur[w] = cd(kir[h], kii[h]);
    }
    for (std::size_t i = 0; i < n; ++i) v_[static_cast<std::size_t>(isl.buses[i])] = v[i];
    const std::size_t rl = static_cast<std::size_t>(loc(root));
    slack_power_[static_cast<std::size_t>(root)] = v[rl] * std::conj(cur[rl]);
    // record in branch order (sequential over the Branch structs); the child end of each branch
    // is the bus whose parent branch it is
    for (std::size_t pos = 0; pos < m; ++pos) {
      const auto l = static_cast<std::size_t>(isl.branches[pos]);
      const auto f = static_cast<std::size_t>(bfrom[pos]), t = static_cast<std::size_t>(bto[pos]);
      const bool forward = par_branch[t] == static_cast<int>(pos);
      const cd i_ft = forward ? cur[t] : -cur[f];
      record_branch(net_.branches[l], v[f], v[t], i_ft, r.branches[l]);
    }
  }

  // (E-10) Newton-Raphson in polar form with every supply bus as a slack (|V|, angle fixed).
  void newton(const Island& isl, const std::vector<int>& local, const std::vector<double>& p,
              const std::vector<double>& q, PowerFlowResult& r) {
    auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
    const std::size_t n = isl.buses.size();
    using SpMat = Eigen::SparseMatrix<double>;
    std::vector<std::vector<std::pair<int, cd>>> yrow(n);
    std::vector<cd> ydiag(n, 0.0);
    for (int l : isl.branches) {
      const Branch& b = net_.branches[static_cast<std::size_t>(l)];
      const int f = loc(from_of(b)), t = loc(to_of(b));
      const cd y = 1.0 / branch_z(b, true);
      ydiag[static_cast<std::size_t>(f)] += y;
      ydiag[static_cast<std::size_t>(t)] += y;
      yrow[static_cast<std::size_t>(f)].push_back({t, -y});
      yrow[static_cast<std::size_t>(t)].push_back({f, -y});
    }
    std::vector<bool> is_slack(n, false);
    std::vector<double> vm(n, 1.0), va(n, 0.0);
    for (int s : isl.slack) {
      slack_voltage(s);
      is_slack[static_cast<std::size_t>(loc(s))] = true;
      vm[static_cast<std::size_t>(loc(s))] = v_[static_cast<std::size_t>(s)].real();
    }
    // unknown numbering: angle then magnitude of each non-slack bus
    std::vector<int> pos(n, -1);
    int m = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (!is_slack[i]) pos[i] = m++;
    auto injections = [&](std::vector<double>& pc, std::vector<double>& qc) {
      pc.assign(n, 0.0);
      qc.assign(n, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        const cd vi = std::polar(vm[i], va[i]);
        cd ii = ydiag[i] * vi;
        for (const auto& [j, y] : yrow[i]) ii += y * std::polar(vm[static_cast<std::size_t>(j)], va[static_cast<std::size_t>(j)]);
        const cd s = vi * std::conj(ii);
        pc[i] = s.real();
        qc[i] = s.imag();
      }
    };
    std::vector<double> pc, qc;
    int it = 0;
    double mis = 0.0;
    bool polished = false;
    for (;; ++it) {
      injections(pc, qc);
      Eigen::VectorXd f(2 * m);
      mis = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        if (is_slack[i]) continue;
        f[pos[i]] = pc[i] + p[i];  // specified injection is -load
        f[m + pos[i]] = qc[i] + q[i];
        mis = std::max({mis, std::abs(f[pos[i]]), std::abs(f[m + pos[i]])});
      }
      if (m == 0 || (mis < opt_.tolerance && polished)) break;
      if (mis < opt_.tolerance) polished = true;  // one more (quadratic) step: mismatch to round-off
      if (it >= opt_.max_iterations)
        throw ConvergenceError("power flow: Newton did not converge in " + std::to_string(opt_.max_iterations) +
                                   " iterations (mismatch " + std::to_string(mis) + " pu)",
                               {mis});
      std::vector<Eigen::Triplet<double>> jt;
      for (std::size_t i = 0; i < n; ++i) {
        if (is_slack[i]) continue;
        const int pi = pos[i];
        const double gii = ydiag[i].real(), bii = ydiag[i].imag();
        jt.emplace_back(pi, pi, -qc[i] - bii * vm[i] * vm[i]);
        jt.emplace_back(pi, m + pi, pc[i] / vm[i] + gii * vm[i]);
        jt.emplace_back(m + pi, pi, pc[i] - gii * vm[i] * vm[i]);
        jt.emplace_back(m + pi, m + pi, qc[i] / vm[i] - bii * vm[i]);
        for (const auto& [jj, y] : yrow[i]) {
          const auto j = static_cast<std::size_t>(jj);
          if (is_slack[j]) continue;
          const int pj = pos[j];
          const double g = y.real(), bb = y.imag(), th = va[i] - va[j];
          const double c = std::cos(th), s = std::sin(th);
          jt.emplace_back(pi, pj, vm[i] * vm[j] * (g * s - bb * c));
          jt.emplace_back(pi, m + pj, vm[i] * (g * c + bb * s));
          jt.emplace_back(m + pi, pj, -vm[i] * vm[j] * (g * c + bb * s));
          jt.emplace_back(m + pi, m + pj, vm[i] * (g * s - bb * c));
        }
      }
      SpMat jac(2 * m, 2 * m);
      jac.setFromTriplets(jt.begin(), jt.end());
      Eigen::SparseLU<SpMat> lu;
      lu.compute(jac);
      FACTWIN_CHECK(lu.info() == Eigen::Success, "power flow: singular Newton Jacobian");
      const Eigen::VectorXd dx = lu.solve(f);
      for (std::size_t i = 0; i < n; ++i) {
        if (is_slack[i]) continue;
        va[i] -= dx[pos[i]];
        vm[i] -= dx[m + pos[i]];
      }
    }
    iterations_ = std::max(iterations_, it + 1);
    for (std::size_t i = 0; i < n; ++i) v_[static_cast<std::size_t>(isl.buses[i])] = std::polar(vm[i], va[i]);
    for (int s : isl.slack) {
      const auto i = static_cast<std::size_t>(loc(s));
      slack_power_[static_cast<std::size_t>(s)] = cd(pc[i] + p[i], qc[i] + q[i]);
    }
    for (int l : isl.branches) {
      const Branch& b = net_.branches[static_cast<std::size_t>(l)];
      const cd vf = v_[static_cast<std::size_t>(from_of(b))], vt = v_[static_cast<std::size_t>(to_of(b))];
      record_branch(b, vf, vt, (vf - vt) / branch_z(b, true), r.branches[static_cast<std::size_t>(l)]);
    }
  }

  void record_branch(const Branch& b, cd vf, cd vt, cd i_ft, BranchResult& br) const {
    const double vb_to = net_.buses[static_cast<std::size_t>(to_of(b))].nominal_voltage;
    const double vb_from = net_.buses[static_cast<std::size_t>(from_of(b))].nominal_voltage;
    const double ibase = opt_.base_power / (std::sqrt(3.0) * vb_to);
    const cd s_in = vf * std::conj(i_ft) * opt_.base_power, s_out = vt * std::conj(i_ft) * opt_.base_power;
    br.energised = true;
    br.current = mag(i_ft) * ibase;
    br.p_in = s_in.real();
    br.q_in = s_in.imag();
    br.p_out = s_out.real();
    br.voltage_drop = (mag(vf) - mag(vt)) * vb_to;
    (void)vb_from;
    if (is_transformer(b.kind)) {
      br.p_in += b.no_load_loss;
      const double i_rated = b.rating / (std::sqrt(3.0) * vb_to);
      br.loading = br.current / i_rated;
    } else {
      br.loading = b.ampacity > 0.0 ? br.current / b.ampacity : 0.0;
    }
    br.loss = br.p_in - br.p_out;
  }

  const PowerNetwork& net_;
  PowerFlowOptions opt_;
  NameIndex bus_index_;
  std::unordered_map<std::string, int> source_index_;
  std::vector<std::vector<int>> supplies_;  // per bus: -1-source or UPS branch index
  std::vector<cd> v_;
  std::vector<int> bf_, bt_;  // bus indices of each branch's terminals
  std::vector<int> src_bus_;  // bus index of each source
  std::vector<int> ups_branches_;  // indices of the UPS branches
  std::vector<int> load_bus_;  // supply bus indices of all loads, load i at [start_[i], start_[i+1])
  std::vector<std::size_t> load_bus_start_;
  std::vector<std::string> room_names_;       // distinct rooms; heat is summed by index
  std::vector<int> load_room_, branch_room_;
  std::vector<int> local_;    // bus -> index within the island being solved
  std::unordered_map<int, cd> slack_power_;  // per slack bus [pu], load convention: delivered
  std::vector<double> p_load_, q_load_;
  int iterations_ = 0, radial_ = 0, meshed_ = 0;
};

std::string fmt(double x, int prec = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, x);
  return buf;
}

}  // namespace

namespace detail {

SolveDetail solve_detailed(const PowerNetwork& net, const PowerFlowOptions& opt) {
  Solver s(net, opt);
  Solved sv = s.run();
  return {std::move(sv.r), std::move(sv.bus_ups_backed)};
}

}  // namespace detail

struct PowerFlowSolver::Impl {
  Solver solver;
};

PowerFlowSolver::PowerFlowSolver(const PowerNetwork& net, const PowerFlowOptions& opt)
    : impl_(std::make_unique<Impl>(Impl{Solver(net, opt)})) {}
PowerFlowSolver::~PowerFlowSolver() = default;
PowerFlowSolver::PowerFlowSolver(PowerFlowSolver&&) noexcept = default;
PowerFlowSolver& PowerFlowSolver::operator=(PowerFlowSolver&&) noexcept = default;
PowerFlowResult PowerFlowSolver::solve() { return impl_->solver.run().r; }

PowerFlowResult solve_power_flow(const PowerNetwork& net, const PowerFlowOptions& opt) {
  return detail::solve_detailed(net, opt).result;
}

ContingencyStudy n_minus_1(const PowerNetwork& net, const PowerFlowOptions& opt, const std::string& backend) {
  if (backend.rfind("cuda", 0) == 0)
    throw NotCompiled("electrical N-1 batch: no CUDA implementation yet; use backend \"cpu\"");
  ContingencyStudy study;
  study.base = solve_power_flow(net, opt);
  std::unordered_map<std::string, std::size_t> bus_of;
  for (std::size_t b = 0; b < net.buses.size(); ++b) bus_of.emplace(net.buses[b].name, b);
  // one working copy and one solver (names resolved once); each case toggles in_service
  PowerNetwork work = net;
  Solver solver(work, opt);
  auto evaluate = [&](ContingencyResult& c, const std::string& failed_source) {
    const Solved d = solver.run();
    const PowerFlowResult& r = d.r;
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
    if (!failed_source.empty()) {
      for (const auto& g : net.sources) {
        if (g.kind != SourceKind::generator || g.backs_up != failed_source || !g.in_service) continue;
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
          for (const auto& bn : net.loads[i].buses) backed = backed || d.bus_ups_backed[bus_of.at(bn)];
          (backed ? bridged : interrupted)++;
        }
        c.notes.push_back(std::to_string(bridged) + " loads bridged by UPS, " + std::to_string(interrupted) +
                          " loads interrupted for the start delay");
      }
    }
    c.secure = c.overloads.empty() && c.voltage_violations.empty() && c.dropped_loads.empty();
  };
  for (std::size_t s = 0; s < net.sources.size(); ++s) {
    if (net.sources[s].kind != SourceKind::utility || !net.sources[s].in_service) continue;
    work.sources[s].in_service = false;
    ContingencyResult c;
    c.failed = net.sources[s].name;
    c.kind = "utility";
    evaluate(c, c.failed);
    work.sources[s].in_service = true;
    study.cases.push_back(std::move(c));
  }
  for (std::size_t l = 0; l < net.branches.size(); ++l) {
    const Branch& b = net.branches[l];
    if (b.kind == BranchKind::breaker || !b.in_service) continue;
    work.branches[l].in_service = false;
    ContingencyResult c;
    c.failed = b.name;
    c.kind = to_string(b.kind);
    evaluate(c, "");
    work.branches[l].in_service = true;
    study.cases.push_back(std::move(c));
  }
  return study;
}

}  // namespace factwin::electrical
