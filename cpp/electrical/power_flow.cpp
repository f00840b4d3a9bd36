// SPDX-License-Identifier: Apache-2.0
// Balanced three-phase power flow of the power chain, per phase in per unit (docs/electrical.md):
// islands split at UPS outputs, backward/forward sweep for radial islands, Newton-Raphson (Eigen
// sparse LU) for meshed ones, solved downstream first; then the N-1 study. A solve is a batch of
// cases (one for solve_power_flow, all contingencies for n_minus_1) run in phases: per-case set-up
// on the host, then per UPS level one sweep launch for the radial islands of every case (host or
// CUDA build of sweep_kernels.inc) and host Newton for meshed islands, then per-case results.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "core/buffer.hpp"
#include "electrical/power_kernels_host.hpp"
#include "electrical/kernels/sweep_args.hpp"
#include "electrical/power_internal.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"
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

/// One case of a batch: the network's values with this case's in-service flags, and the state of
/// its solve. Cases are independent; the batch only shares the sweep launches.
struct CaseState {
  std::vector<char> branch_on, source_on;  // in-service flags of this case
  std::string label;                       // "" (the network as given) or the failed component
  std::vector<bool> active;                // per source: carries load in this case
  std::vector<int> island_of;              // per bus
  std::vector<Island> islands;
  std::vector<std::vector<int>> levels;    // energised islands by UPS level, downstream (0) first
  std::vector<std::vector<int>> supplies;  // per bus: -1-source or UPS branch index
  std::vector<bool> ups_live;              // per branch: an in-service UPS with an energised input
  std::vector<bool> bus_energised;
  std::vector<cd> v;                       // [pu] bus voltages
  std::vector<double> p_load, q_load;      // [pu] load injections (load convention)
  std::unordered_map<int, cd> slack_power;  // per slack bus [pu], load convention: delivered
  int iterations = 0, radial = 0, meshed = 0;
  Solved out;
};

/// The radial islands of many cases packed for one sweep launch (SweepBatchArgs layout: one
/// sweep case per island, buses in breadth-first order from its supply bus).
struct SweepPack {
  std::vector<int> start{0}, parent, iterations;
  std::vector<double> zr, zi, p, q, vr, vi, ir, ii, last_dv;

  [[nodiscard]] index_t ncase() const { return static_cast<index_t>(iterations.size()); }
  [[nodiscard]] std::size_t nbus() const { return parent.size(); }
  void clear() {
    start.assign(1, 0);
    for (auto* a : {&parent, &iterations}) a->clear();
    for (auto* a : {&zr, &zi, &p, &q, &vr, &vi, &ir, &ii, &last_dv}) a->clear();
  }
  void reserve(std::size_t buses, std::size_t cases) {
    start.reserve(cases + 1);
    iterations.reserve(cases);
    last_dv.reserve(cases);
    parent.reserve(buses);
    for (auto* a : {&zr, &zi, &p, &q, &vr, &vi, &ir, &ii}) a->reserve(buses);
  }
  /// Arguments pointing at these host arrays.
  SweepBatchArgs args(const PowerFlowOptions& opt) {
    SweepBatchArgs a;
    a.ncase = ncase();
    a.start = start.data();
    a.parent = parent.data();
    a.zr = zr.data();
    a.zi = zi.data();
    a.p = p.data();
    a.q = q.data();
    a.vr = vr.data();
    a.vi = vi.data();
    a.ir = ir.data();
    a.ii = ii.data();
    a.iterations = iterations.data();
    a.last_dv = last_dv.data();
    a.max_iterations = opt.max_iterations;
    a.tolerance = opt.tolerance;
    return a;
  }
};

/// Runs the sweeps of a pack in place (voltages, currents, iterations and last |dV| out).
class SweepBackend {
 public:
  virtual ~SweepBackend() = default;
  virtual void run(SweepPack& pack, const PowerFlowOptions& opt) = 0;
};

/// The host build of sweep_kernels.inc on the pack's own arrays.
class HostSweep final : public SweepBackend {
 public:
  void run(SweepPack& pack, const PowerFlowOptions& opt) override { host::sweep_batch(pack.args(opt)); }
};

/// The CUDA build of sweep_kernels.inc: the packed arrays are copied to device buffers (grown on
/// demand, kept for the next launch), swept there, and the results copied back. Every copy is
/// explicit (STYLE.md section 3).
class DeviceSweep final : public SweepBackend {
 public:
  void run(SweepPack& pack, const PowerFlowOptions& opt) override {
    const std::size_t nbus = pack.nbus(), ncase = static_cast<std::size_t>(pack.ncase());
    put(start_, pack.start);
    put(parent_, pack.parent);
    put(zr_, pack.zr);
    put(zi_, pack.zi);
    put(p_, pack.p);
    put(q_, pack.q);
    put(vr_, pack.vr);  // initial guess: the supply voltage
    put(vi_, pack.vi);
    grow(ir_, nbus);  // written by the kernel before any read
    grow(ii_, nbus);
    grow(it_, ncase);
    grow(dv_, ncase);
    SweepBatchArgs a = pack.args(opt);
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
    a.iterations = it_.data();
    a.last_dv = dv_.data();
    cuda_api::sweep_batch(a);
    get(vr_, pack.vr);
    get(vi_, pack.vi);
    get(ir_, pack.ir);
    get(ii_, pack.ii);
    get(it_, pack.iterations);
    get(dv_, pack.last_dv);
  }

 private:
  template <class T>
  static void grow(Buffer<T>& d, std::size_t n) {
    if (static_cast<std::size_t>(d.size()) >= n) return;
    d = Buffer<T>(static_cast<index_t>(n + n / 2), true);
  }
  template <class T>
  static void put(Buffer<T>& d, const std::vector<T>& h) {
    grow(d, h.size());
    if (!h.empty()) ::factwin::cuda::copy_to_device(d.data(), h.data(), h.size() * sizeof(T));
  }
  template <class T>
  static void get(const Buffer<T>& d, std::vector<T>& h) {
    if (!h.empty()) ::factwin::cuda::copy_to_host(h.data(), d.data(), h.size() * sizeof(T));
  }
  Buffer<int> start_, parent_, it_;
  Buffer<double> zr_, zi_, p_, q_, vr_, vi_, ir_, ii_, dv_;
};

/// A radial island packed for the sweep, with what is needed to record its solution.
struct PendingSweep {
  std::size_t cs = 0;  // case within the batch
  int island = 0;
  index_t slot = 0;           // sweep case within the pack
  std::vector<int> order;     // breadth-first position -> local bus
  std::vector<int> par_branch;  // local bus -> position (in Island::branches) of its parent branch
  std::vector<int> bfrom, bto;  // per branch position: local bus of each terminal
};

/// A power-flow solver bound to one network (names and connections resolved once). A solve runs in
/// phases over a batch of cases (docs/electrical.md section 2): setup() per case on the host
/// (islands, energisation, loads, UPS levels); solve_levels() level by level of the UPS links,
/// downstream first: every case prepares its islands of the level, the radial ones of all cases are
/// swept in one launch of the backend, meshed ones are solved by host Newton; finish() per case.
/// One network = a batch of one case, so solve_power_flow and the N-1 study share this code.
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
    std::vector<CaseState> one(1);
    init_case(one[0]);
    setup(one[0]);
    solve_levels(one, host_);
    return finish(one[0]);
  }

  /// A case with the network's current in-service flags (change them before setup()).
  void init_case(CaseState& cs) const {
    cs.branch_on.resize(net_.branches.size());
    cs.source_on.resize(net_.sources.size());
    for (std::size_t l = 0; l < net_.branches.size(); ++l) cs.branch_on[l] = net_.branches[l].in_service ? 1 : 0;
    for (std::size_t s = 0; s < net_.sources.size(); ++s) cs.source_on[s] = net_.sources[s].in_service ? 1 : 0;
  }

  /// Per-case set-up on the host: active sources, islands, energisation through the UPS links,
  /// supplies, load allocation (transfer rules) and the UPS level of every energised island.
  void setup(CaseState& cs) {
    const std::size_t nb = net_.buses.size();
    const std::size_t nl = net_.branches.size();
    cs.v.assign(nb, cd(1.0, 0.0));
    cs.p_load.assign(nb, 0.0);
    cs.q_load.assign(nb, 0.0);
    cs.slack_power.clear();
    cs.iterations = cs.radial = cs.meshed = 0;
    PowerFlowResult& r = cs.out.r;
    // --- active sources: utilities in service; generators whose utility is out ---
    cs.active.assign(net_.sources.size(), false);
    for (std::size_t s = 0; s < net_.sources.size(); ++s) {
      const Source& src = net_.sources[s];
      if (!cs.source_on[s]) continue;
      if (src.kind == SourceKind::utility) {
        cs.active[s] = true;
      } else {
        auto it = source_index_.find(src.backs_up);
        cs.active[s] = src.backs_up.empty() || it == source_index_.end() ||
                       !cs.source_on[static_cast<std::size_t>(it->second)];
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
      if (!cs.branch_on[l] || net_.branches[l].kind == BranchKind::ups) continue;
      int a = find(bf_[l]), c = find(bt_[l]);
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
      if (cs.branch_on[l] && net_.branches[l].kind != BranchKind::ups)
        islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(bf_[l])])].branches.push_back(static_cast<int>(l));
    }
    // supplies per bus: active sources and in-service UPS outputs
    cs.supplies.assign(nb, {});
    for (std::size_t s = 0; s < net_.sources.size(); ++s)
      if (cs.active[s]) cs.supplies[static_cast<std::size_t>(src_bus_[s])].push_back(-1 - static_cast<int>(s));
    // --- energisation through UPS links (fixed point over the island DAG) ---
    for (auto& isl : islands)
      for (int b : isl.buses)
        for (int sup : cs.supplies[static_cast<std::size_t>(b)])
          if (sup < 0) isl.energised = true;
    for (bool changed = true; changed;) {
      changed = false;
      for (int ul : ups_branches_) {
        const auto l = static_cast<std::size_t>(ul);
        if (!cs.branch_on[l]) continue;
        Island& in = islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(bf_[l])])];
        Island& o = islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(bt_[l])])];
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
    for (int ul : ups_branches_) {
      const auto l = static_cast<std::size_t>(ul);
      if (cs.branch_on[l] && islands[static_cast<std::size_t>(island_of[static_cast<std::size_t>(bf_[l])])].energised) {
        cs.ups_live[l] = true;
        cs.supplies[static_cast<std::size_t>(bt_[l])].push_back(ul);
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
    r.loads.resize(net_.loads.size());
    for (std::size_t i = 0; i < net_.loads.size(); ++i) allocate_load(cs, i, r.loads[i]);

    r.branches.resize(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      r.branches[l].name = net_.branches[l].name;
      r.branches[l].in_service = cs.branch_on[l] != 0;
    }
    // --- UPS levels: an island is solved after the islands its live UPS outputs feed (their
    // output power sets its UPS input load) ---
    std::vector<int> level(islands.size(), 0);
    std::vector<char> state(islands.size(), 0);  // 0 todo, 1 in progress, 2 done
    cs.levels.clear();
    for (std::size_t i = 0; i < islands.size(); ++i) {
      if (!islands[i].energised) continue;
      const auto lv = static_cast<std::size_t>(island_level(cs, static_cast<int>(i), level, state));
      if (cs.levels.size() <= lv) cs.levels.resize(lv + 1);
      cs.levels[lv].push_back(static_cast<int>(i));
    }
  }

  /// Solves the islands of every case, level by level of the UPS links (downstream first): the
  /// radial islands of all cases at one level go to `backend` in one sweep launch; meshed islands
  /// are solved by host Newton.
  void solve_levels(std::vector<CaseState>& cases, SweepBackend& backend) {
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
      if (pack_.ncase() > 0) backend.run(pack_, opt_);
      for (const PendingSweep& ps : pending) finish_sweep(cases[ps.cs], ps);
    }
  }

  /// Per-case results: bus voltages, source powers, the energy balance and heat by room.
  Solved finish(CaseState& cs) {
    PowerFlowResult& r = cs.out.r;
    const std::size_t nb = net_.buses.size();
    const std::size_t nl = net_.branches.size();
    r.buses.resize(nb);
    for (std::size_t i = 0; i < nb; ++i) {
      BusResult& br = r.buses[i];
      br.name = net_.buses[i].name;
      br.energised = cs.bus_energised[i];
      if (br.energised) {
        br.voltage_pu = mag(cs.v[i]);
        br.voltage = br.voltage_pu * net_.buses[i].nominal_voltage;
        br.angle = std::arg(cs.v[i]);
      }
    }
    r.sources.resize(net_.sources.size());
    for (std::size_t s = 0; s < net_.sources.size(); ++s) {
      SourceResult& sr = r.sources[s];
      sr.name = net_.sources[s].name;
      sr.in_service = cs.active[s];
      if (!cs.active[s]) continue;
      const auto shares = supply_shares(cs, src_bus_[s]);
      const double f = shares.at(-1 - static_cast<int>(s));
      const cd sb = cs.slack_power[static_cast<std::size_t>(src_bus_[s])] * f * opt_.base_power;
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
    r.iterations = cs.iterations;
    r.islands_radial = cs.radial;
    r.islands_meshed = cs.meshed;
    return std::move(cs.out);
  }

 private:
  int bus(const std::string& name) const {
    const int i = bus_index_.find(name, net_.buses);
    FACTWIN_CHECK(i >= 0, "power flow: unknown bus '" + name + "' (validate() the network first)");
    return i;
  }
  int from_of(const Branch& b) const { return bf_[static_cast<std::size_t>(&b - net_.branches.data())]; }
  int to_of(const Branch& b) const { return bt_[static_cast<std::size_t>(&b - net_.branches.data())]; }

  // " in N-1 case 'X' out of service" for the messages of a contingency case; "" otherwise
  static std::string in_case(const CaseState& cs) {
    return cs.label.empty() ? std::string() : " in the N-1 case with '" + cs.label + "' out of service";
  }

  // UPS level of island `id`: 0 without live UPS outputs, else one more than the islands they feed.
  int island_level(const CaseState& cs, int id, std::vector<int>& level, std::vector<char>& state) const {
    const auto i = static_cast<std::size_t>(id);
    if (state[i] == 2) return level[i];
    state[i] = 1;
    int lv = 0;
    for (int ul : ups_branches_) {
      const auto l = static_cast<std::size_t>(ul);
      if (!cs.ups_live[l] || cs.island_of[static_cast<std::size_t>(bf_[l])] != id) continue;
      const int down = cs.island_of[static_cast<std::size_t>(bt_[l])];
      if (state[static_cast<std::size_t>(down)] == 1)
        throw Error("power flow: UPS links form a loop (closed by UPS '" + net_.branches[l].name + "')" + in_case(cs));
      lv = std::max(lv, island_level(cs, down, level, state) + 1);
    }
    level[i] = lv;
    state[i] = 2;
    return lv;
  }

  // Each supply at a bus carries a share of the bus's slack power proportional to its rating.
  std::unordered_map<int, double> supply_shares(const CaseState& cs, int b) const {
    std::unordered_map<int, double> f;
    double total = 0.0;
    for (int sup : cs.supplies[static_cast<std::size_t>(b)]) {
      const double rating = sup < 0 ? net_.sources[static_cast<std::size_t>(-1 - sup)].rating
                                    : net_.branches[static_cast<std::size_t>(sup)].rating;
      f[sup] = rating;
      total += rating;
    }
    for (auto& kv : f) kv.second /= total;
    return f;
  }

  void allocate_load(CaseState& cs, std::size_t i, LoadResult& lr) const {
    const Load& ld = net_.loads[i];
    lr.name = ld.name;
    lr.supply_share.assign(ld.buses.size(), 0.0);
    int live = 0;
    const int* bidx = load_bus_.data() + load_bus_start_[i];
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
      cs.p_load[b] += p_ac / opt_.base_power;
      cs.q_load[b] += p_ac * tan_phi / opt_.base_power;
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

  // Injections of one energised island (loads, transformer no-load losses, the inputs of the UPS
  // modules it feeds, whose output islands are solved already), then its solve: a radial island is
  // packed for the sweep batch, a meshed one is solved now by Newton.
  void prepare_island(CaseState& cs, std::size_t c, int id, std::vector<PendingSweep>& pending) {
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
      const Branch& b = net_.branches[static_cast<std::size_t>(l)];
      if (is_transformer(b.kind)) p[static_cast<std::size_t>(loc(from_of(b)))] += b.no_load_loss / opt_.base_power;
    }
    for (int ul : ups_branches_) {
      const auto l = static_cast<std::size_t>(ul);
      if (!cs.ups_live[l]) continue;
      const Branch& b = net_.branches[l];
      if (cs.island_of[static_cast<std::size_t>(from_of(b))] != id) continue;
      const int li = loc(from_of(b));
      // UPS output = its share of the output bus's slack power (solved already, downstream first)
      const int ob = to_of(b);
      const double share = supply_shares(cs, ob).at(static_cast<int>(l));
      const double p_out = cs.slack_power[ob].real() * share * opt_.base_power;
      const double loss = k::ups_loss(b.rating, b.ups_l0, b.ups_l1, b.ups_l2, p_out);
      BranchResult& br = r.branches[l];
      br.energised = true;
      br.p_out = p_out;
      br.p_in = p_out + loss;
      br.loss = loss;
      br.loading = p_out / b.rating;
      const double vt = net_.buses[static_cast<std::size_t>(ob)].nominal_voltage * std::abs(cs.v[static_cast<std::size_t>(ob)]);
      br.current = p_out / (std::sqrt(3.0) * vt);
      br.ride_through = p_out > 0.0 ? b.battery_energy / p_out : std::numeric_limits<double>::infinity();
      p[static_cast<std::size_t>(li)] += br.p_in / opt_.base_power;
    }
    const bool radial = isl.slack.size() == 1 && isl.branches.size() + 1 == n;
    if (radial) {
      ++cs.radial;
      pack_sweep(cs, c, id, local, p, q, pending);
    } else {
      ++cs.meshed;
      newton(cs, isl, local, p, q);
    }
  }

  void slack_voltage(CaseState& cs, int b) const {
    double vset = 1.0;
    for (int sup : cs.supplies[static_cast<std::size_t>(b)])
      if (sup < 0) vset = net_.sources[static_cast<std::size_t>(-1 - sup)].voltage_pu;
    cs.v[static_cast<std::size_t>(b)] = cd(vset, 0.0);
  }

  // (E-9) Backward/forward sweep of a radial island with one supply bus: the island is appended to
  // the sweep pack in breadth-first order from its supply bus; finish_sweep() records the solution.
  void pack_sweep(CaseState& cs, std::size_t c, int id, const std::vector<int>& local, const std::vector<double>& p,
                  const std::vector<double>& q, std::vector<PendingSweep>& pending) {
    const Island& isl = cs.islands[static_cast<std::size_t>(id)];
    auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
    const std::size_t n = isl.buses.size();
    const int root = isl.slack.front();
    PendingSweep ps;
    ps.cs = c;
    ps.island = id;
    ps.slot = pack_.ncase();
    // Compact per-branch arrays filled in one sequential pass (the Branch structs are large; the
    // sweep then touches only these). Branches are numbered by position pos in isl.branches.
    const std::size_t m = isl.branches.size();
    std::vector<int>& bfrom = ps.bfrom;
    std::vector<int>& bto = ps.bto;
    bfrom.resize(m);
    bto.resize(m);
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
    slack_voltage(cs, root);
    // the island in breadth-first positions, appended to the pack (sweep_kernels.inc layout)
    std::vector<int> pos_of(n);
    for (std::size_t h = 0; h < n; ++h) pos_of[static_cast<std::size_t>(order[h])] = static_cast<int>(h);
    const cd v0 = cs.v[static_cast<std::size_t>(root)];
    for (std::size_t h = 0; h < n; ++h) {
      const auto w = static_cast<std::size_t>(order[h]);
      pack_.parent.push_back(h > 0 ? pos_of[static_cast<std::size_t>(par_bus[w])] : -1);
      pack_.zr.push_back(z[w].real());
      pack_.zi.push_back(z[w].imag());
      pack_.p.push_back(p[w]);
      pack_.q.push_back(q[w]);
      pack_.vr.push_back(v0.real());
      pack_.vi.push_back(v0.imag());
      pack_.ir.push_back(0.0);
      pack_.ii.push_back(0.0);
    }
    pack_.start.push_back(pack_.start.back() + static_cast<int>(n));
    pack_.iterations.push_back(0);
    pack_.last_dv.push_back(0.0);
    pending.push_back(std::move(ps));
  }

  // The solution of a swept island: bus voltages, the supply bus's power and every branch.
  void finish_sweep(CaseState& cs, const PendingSweep& ps) {
    const Island& isl = cs.islands[static_cast<std::size_t>(ps.island)];
    const std::size_t n = isl.buses.size();
    const int root = isl.slack.front();
    const auto slot = static_cast<std::size_t>(ps.slot);
    const int it = pack_.iterations[slot];
    if (it < 0)
      throw ConvergenceError("power flow: backward/forward sweep did not converge in " +
                                 std::to_string(opt_.max_iterations) + " iterations (island of bus '" +
                                 net_.buses[static_cast<std::size_t>(root)].name + "', last |dV| " +
                                 std::to_string(pack_.last_dv[slot]) + " pu)" + in_case(cs),
                             {pack_.last_dv[slot]});
    cs.iterations = std::max(cs.iterations, it);
    const auto off = static_cast<std::size_t>(pack_.start[slot]);
    std::vector<cd> v(n), cur(n);
    for (std::size_t h = 0; h < n; ++h) {
      const auto w = static_cast<std::size_t>(ps.order[h]);
      v[w] = cd(pack_.vr[off + h], pack_.vi[off + h]);
      cur[w] = cd(pack_.ir[off + h], pack_.ii[off + h]);
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
      record_branch(net_.branches[l], v[f], v[t], i_ft, cs.out.r.branches[l]);
    }
  }

  // (E-10) Newton-Raphson in polar form with every supply bus as a slack (|V|, angle fixed).
  void newton(CaseState& cs, const Island& isl, const std::vector<int>& local, const std::vector<double>& p,
              const std::vector<double>& q) {
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
      slack_voltage(cs, s);
      is_slack[static_cast<std::size_t>(loc(s))] = true;
      vm[static_cast<std::size_t>(loc(s))] = cs.v[static_cast<std::size_t>(s)].real();
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
                                   " iterations (mismatch " + std::to_string(mis) + " pu, island of bus '" +
                                   net_.buses[static_cast<std::size_t>(isl.buses.front())].name + "')" + in_case(cs),
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
      FACTWIN_CHECK(lu.info() == Eigen::Success, "power flow: singular Newton Jacobian (island of bus '" +
                                                     net_.buses[static_cast<std::size_t>(isl.buses.front())].name + "')" + in_case(cs));
      const Eigen::VectorXd dx = lu.solve(f);
      for (std::size_t i = 0; i < n; ++i) {
        if (is_slack[i]) continue;
        va[i] -= dx[pos[i]];
        vm[i] -= dx[m + pos[i]];
      }
    }
    cs.iterations = std::max(cs.iterations, it + 1);
    for (std::size_t i = 0; i < n; ++i) cs.v[static_cast<std::size_t>(isl.buses[i])] = std::polar(vm[i], va[i]);
    for (int s : isl.slack) {
      const auto i = static_cast<std::size_t>(loc(s));
      cs.slack_power[s] = cd(pc[i] + p[i], qc[i] + q[i]);
    }
    for (int l : isl.branches) {
      const Branch& b = net_.branches[static_cast<std::size_t>(l)];
      const cd vf = cs.v[static_cast<std::size_t>(from_of(b))], vt = cs.v[static_cast<std::size_t>(to_of(b))];
      record_branch(b, vf, vt, (vf - vt) / branch_z(b, true), cs.out.r.branches[static_cast<std::size_t>(l)]);
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
  std::vector<int> bf_, bt_;  // bus indices of each branch's terminals
  std::vector<int> src_bus_;  // bus index of each source
  std::vector<int> ups_branches_;  // indices of the UPS branches
  std::vector<int> load_bus_;  // supply bus indices of all loads, load i at [start_[i], start_[i+1])
  std::vector<std::size_t> load_bus_start_;
  std::vector<std::string> room_names_;       // distinct rooms; heat is summed by index
  std::vector<int> load_room_, branch_room_;
  std::vector<int> local_;  // bus -> index within the island being prepared (scratch)
  SweepPack pack_;          // the sweep batch of the level being solved (kept for its capacity)
  HostSweep host_;
};

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

/// The executor of an N-1 backend name: "cpu"/"host", "cuda", "cuda:N" or "auto" (Executor::create);
/// NotCompiled without CUDA, DeviceError without a device, std::invalid_argument for other names.
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

SolveDetail solve_detailed(const PowerNetwork& net, const PowerFlowOptions& opt) {
  Solver s(net, opt);
  Solved sv = s.run();
  return {std::move(sv.r), std::move(sv.bus_ups_backed)};
}

ContingencyStudy n_minus_1_batched(const PowerNetwork& net, const PowerFlowOptions& opt, const std::string& backend,
                                   std::size_t cases_per_batch, std::vector<PowerFlowResult>* case_results) {
  const Executor ex = n1_executor(backend);
  std::unique_ptr<SweepBackend> sweeps;
  if (ex.is_cuda()) sweeps = std::make_unique<DeviceSweep>();
  else sweeps = std::make_unique<HostSweep>();
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
    solver.solve_levels(cases, *sweeps);
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
  return detail::n_minus_1_batched(net, opt, backend, 0, nullptr);
}

}  // namespace factwin::electrical
