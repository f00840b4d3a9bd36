// SPDX-License-Identifier: Apache-2.0
// The power chain of a facility: utility feeds and generators, transformers, switchgear, UPS, PDUs,
// RPPs, busways, cables, breakers, rack power supplies, IT and mechanical loads (docs/electrical.md).
// All quantities are SI: V (line-to-line RMS for voltages of three-phase buses), A (per phase),
// W, VA, ohm, J, s. Public header: standard library only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "factwin/model/power_network.hpp"

namespace factwin::electrical {

/// Solver settings.
struct PowerFlowOptions {
  double tolerance = 1e-12;  ///< max |dV| (per unit) between sweeps / max mismatch (per unit) in Newton
                            ///< (Newton then takes one more step, so the balance closes to round-off)
  int max_iterations = 100;
  double base_power = 1e6;   ///< [VA] per-unit base
};

struct BusResult {
  std::string name;
  bool energised = false;
  double voltage = 0.0;     ///< [V] line-to-line
  double voltage_pu = 0.0;
  double angle = 0.0;       ///< [rad]
};

struct BranchResult {
  std::string name;
  bool in_service = true;
  bool energised = false;
  double current = 0.0;    ///< [A] per phase, at the downstream terminal
  double p_in = 0.0;       ///< [W] entering at `from`
  double p_out = 0.0;      ///< [W] leaving at `to`
  double q_in = 0.0;       ///< [var]
  double loss = 0.0;       ///< [W] p_in - p_out
  double loading = 0.0;    ///< fraction of rating (current, VA or W as the kind rates)
  double voltage_drop = 0.0;  ///< [V] |V_from| - |V_to| referred to `to` (line-to-line)
  double ride_through = 0.0;  ///< [s] ups: battery energy / output power
};

struct LoadResult {
  std::string name;
  bool served = false;
  double p_ac = 0.0;      ///< [W] at the AC terminals, all supplies
  double q_ac = 0.0;      ///< [var]
  double p_useful = 0.0;  ///< [W] IT: DC power; mechanical: = p_ac
  double psu_loss = 0.0;  ///< [W]
  double psu_loading = 0.0;  ///< fraction of one supply's PSU rating
  std::vector<double> supply_share;  ///< fraction of the load carried by each listed bus
};

struct SourceResult {
  std::string name;
  bool in_service = false;
  double p = 0.0;        ///< [W]
  double q = 0.0;        ///< [var]
  double loading = 0.0;  ///< |S| / rating
};

/// The state of a solved power chain and its energy balance.
struct PowerFlowResult {
  std::vector<BusResult> buses;
  std::vector<BranchResult> branches;
  std::vector<LoadResult> loads;
  std::vector<SourceResult> sources;
  double source_power = 0.0;      ///< [W] drawn from all sources
  double it_power = 0.0;          ///< [W] DC delivered to IT equipment behind its PSUs
  double it_input_power = 0.0;    ///< [W] AC at the IT loads' terminals (rack input)
  double psu_loss = 0.0;          ///< [W]
  double distribution_loss = 0.0; ///< [W] transformers, UPS, cables, busways, PDUs
  double mechanical_power = 0.0;  ///< [W]
  double unserved_power = 0.0;    ///< [W] loads with no energised supply
  std::map<std::string, double> heat_by_room;  ///< [W] all losses, by room ("" = unassigned)
  int iterations = 0;             ///< most iterations any island needed
  int islands_radial = 0, islands_meshed = 0;
  /// source_power - (it_power + psu_loss + distribution_loss + mechanical_power): round-off.
  [[nodiscard]] double balance_error() const {
    return source_power - (it_power + psu_loss + distribution_loss + mechanical_power);
  }
};

/// \brief Checks a network: unique names, known references, ratings > 0, every load reaches a
/// source, no cycle if require_radial. \throws InputError (code FW-E07xx) naming the component.
void validate(const PowerNetwork& net);

/// \brief Solves the balanced three-phase power flow (per phase, per unit) of `net` (validate()
/// first). UPS outputs are regulated and split the network into islands; each island is solved by
/// a backward/forward sweep if radial with one source bus, else by Newton-Raphson (Eigen sparse
/// LU). Islands are solved downstream first so each UPS sees its output load (docs/electrical.md).
/// \throws ConvergenceError if an island does not converge.
[[nodiscard]] PowerFlowResult solve_power_flow(const PowerNetwork& net, const PowerFlowOptions& opt = {});

/// A power-flow solver bound to one network: names and connections are resolved once at
/// construction; each solve() reads the network's current values (load powers, in_service flags,
/// ratings), so repeated solves (N-1 cases, transients) skip the lookups. `net` must outlive the
/// solver and keep its names and connections.
class PowerFlowSolver {
 public:
  explicit PowerFlowSolver(const PowerNetwork& net, const PowerFlowOptions& opt = {});
  ~PowerFlowSolver();
  PowerFlowSolver(PowerFlowSolver&&) noexcept;
  PowerFlowSolver& operator=(PowerFlowSolver&&) noexcept;
  PowerFlowSolver(const PowerFlowSolver&) = delete;
  PowerFlowSolver& operator=(const PowerFlowSolver&) = delete;
  [[nodiscard]] PowerFlowResult solve();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One single-failure case of an N-1 study.
struct ContingencyResult {
  std::string failed;         ///< the component taken out of service
  std::string kind;           ///< "utility", "transformer", "ups", "pdu", "cable", "busway"
  std::vector<std::string> overloads;            ///< "name (loading 1.23)"
  std::vector<std::string> voltage_violations;   ///< "bus (0.934 pu)"
  std::vector<std::string> dropped_loads;
  std::vector<std::string> notes;   ///< generator starts, UPS on battery for the start delay...
  double unserved_power = 0.0;      ///< [W]
  double max_loading = 0.0;
  bool secure = true;               ///< no overload, no violation, no dropped load
};

struct ContingencyStudy {
  PowerFlowResult base;
  std::vector<ContingencyResult> cases;
  [[nodiscard]] bool secure() const {
    for (const auto& c : cases)
      if (!c.secure) return false;
    return true;
  }
};

/// \brief N-1 study: each utility feed, transformer, pdu, ups, cable and busway in turn out of
/// service, with the transfer rules (standby generators replace their utility feed; dual-corded
/// loads share the energised supplies; ATS/STS loads transfer; parallel UPS modules share).
/// All cases are solved as one batch: set up on the host, then per UPS level the radial islands of
/// every case are swept in one launch and meshed islands solved by Newton on the host.
/// `backend`: "cpu" (default; also "host"), "cuda" or "cuda:N" (the sweeps on that GPU; the same
/// answers as "cpu" to round-off), "host-debug" (the device code path on the CPU: separate
/// buffers, explicit copies; the same answers as "cpu" bit for bit), or "auto" (a GPU if one is
/// usable, else the CPU).
/// \throws NotCompiled ("cuda" in a build without CUDA), DeviceError ("cuda" without a usable
/// device), std::invalid_argument (another backend name), ConvergenceError (naming the case).
[[nodiscard]] ContingencyStudy n_minus_1(const PowerNetwork& net, const PowerFlowOptions& opt = {},
                                         const std::string& backend = "cpu");

/// 80 PLUS minimum efficiency points for a category and level (psu_80plus_efficiency.csv, built
/// in): category "230V_internal_redundant", "115V_internal_non_redundant" or
/// "230V_EU_internal_non_redundant"; level "Bronze" ... "Titanium". \throws Error if unknown.
[[nodiscard]] EfficiencyCurve psu_80plus(const std::string& category, const std::string& level);

/// Efficiency at a load fraction, interpolated through the curve (flat beyond its ends).
[[nodiscard]] double efficiency_at(const EfficiencyCurve& c, double load_fraction);

[[nodiscard]] const char* to_string(BranchKind k);

}  // namespace factwin::electrical
