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

namespace factwin::electrical {

/// A node of the one-line diagram (switchgear, a bus duct, a PDU panel, an RPP...).
struct Bus {
  std::string name;
  double nominal_voltage = 0.0;  ///< [V] line-to-line RMS
  std::string room;              ///< where losses of equipment on this bus become heat ("" = unassigned)
};

enum class SourceKind { utility, generator };

/// A utility feed or a generator. A generator is standby: it carries load only when the utility
/// feed listed in `backs_up` has failed, `start_delay` seconds after the failure.
struct Source {
  std::string name;
  SourceKind kind = SourceKind::utility;
  std::string bus;
  double rating = 0.0;      ///< [VA]
  double voltage_pu = 1.0;  ///< set point, per unit of the bus nominal voltage
  double start_delay = 0.0; ///< [s] generator: time from utility loss to taking load
  std::string backs_up;     ///< generator: the utility source it replaces
  bool in_service = true;
};

enum class BranchKind {
  cable,        ///< series R + jX per length; ampacity [A]
  busway,       ///< as a cable (busway / bus duct); ampacity [A]
  breaker,      ///< ideal switch with a current rating [A]
  transformer,  ///< ratio from the two bus voltages; rating [VA], P_NL, P_LL, |Z| per unit
  pdu,          ///< a PDU with its transformer: same model and data as `transformer`
  ups           ///< double-conversion converter: regulated output, load-dependent losses
};

/// A two-terminal element between buses `from` (upstream) and `to` (downstream).
struct Branch {
  std::string name;
  BranchKind kind = BranchKind::cable;
  std::string from, to;
  std::string room;  ///< where its losses become heat ("" = the room of `to`)
  bool in_service = true;
  // cable, busway
  double r_per_m = 0.0;   ///< [ohm/m] per phase
  double x_per_m = 0.0;   ///< [ohm/m] per phase
  double length = 0.0;    ///< [m]
  double ampacity = 0.0;  ///< [A] cable/busway/breaker current rating
  // transformer, pdu, ups
  double rating = 0.0;       ///< [VA] transformer/pdu; [W] ups output
  double no_load_loss = 0.0; ///< [W] P_NL (transformer core loss)
  double load_loss = 0.0;    ///< [W] P_LL at rated current
  double impedance_pu = 0.0; ///< |Z| on the rating (e.g. 0.0575)
  // ups: P_loss = l0 P_rated + l1 P + l2 P^2 / P_rated (APC White Paper 108 form)
  double ups_l0 = 0.0, ups_l1 = 0.0, ups_l2 = 0.0;
  double battery_energy = 0.0;  ///< [J] usable battery energy (ride-through)
};

/// Efficiency against fraction of rated load, interpolated piecewise linearly through the points
/// and held flat outside them (e.g. the 80 PLUS points at 10/20/50/100 %).
struct EfficiencyCurve {
  std::vector<double> load_fraction;  ///< ascending, > 0
  std::vector<double> efficiency;     ///< (0, 1]
};

enum class LoadKind { it, mechanical };

/// How a load with several supplies uses them.
enum class FeedMode {
  share,    ///< all energised supplies share equally (dual-corded IT: 2N)
  transfer  ///< the first energised supply in the list carries it all (ATS/STS: block redundant)
};

/// An IT load (a rack or a row, behind its power supplies) or a mechanical load.
struct Load {
  std::string name;
  LoadKind kind = LoadKind::it;
  std::vector<std::string> buses;  ///< supplies (one per cord, or primary then alternates)
  FeedMode mode = FeedMode::share;
  double power = 0.0;         ///< [W] IT: DC power drawn behind the PSUs; mechanical: electrical input
  double power_factor = 1.0;  ///< at the AC terminals (lagging)
  double psu_rating = 0.0;    ///< [W] IT: total PSU rating on ONE supply (0 = no PSU model)
  EfficiencyCurve psu;        ///< IT: PSU efficiency against load fraction
  std::string room;
  std::string panel;  ///< label (mechanical panel, row) for reports
};

/// Server (or rack) DC power model, Eq. (E-8):
///   P = P_idle + (P_peak - P_idle) u + P_fan max(1, 1 + a (T_in - T_fan))^3
///       + P_leak exp(beta (T_chip - T_ref)),   T_chip = T_in + dT_idle + (dT_peak - dT_idle) u.
/// Forms from it_power_chain_models.json (fan affinity law; exponential leakage); coefficients
/// are the user's (the reference gives no trusted values).
struct ServerPowerModel {
  double idle_power = 0.0;        ///< [W] dynamic + static at u = 0, fans and leakage excluded
  double peak_power = 0.0;        ///< [W] at u = 1, fans and leakage excluded
  double fan_power = 0.0;         ///< [W] fans at their minimum speed
  double fan_ramp = 0.0;          ///< [1/K] relative fan speed rise per K above fan_threshold
  double fan_threshold = 298.15;  ///< [K] inlet temperature where fans leave minimum speed
  double leakage_power = 0.0;     ///< [W] at chip temperature leakage_t_ref
  double leakage_beta = 0.0;      ///< [1/K]
  double leakage_t_ref = 333.15;  ///< [K]
  double chip_rise_idle = 20.0;   ///< [K] chip above inlet at u = 0
  double chip_rise_peak = 45.0;   ///< [K] chip above inlet at u = 1
};

struct WorkloadSample {
  double time = 0.0;         ///< [s]
  double utilisation = 0.0;  ///< [0, 1]
};

enum class Topology { radial, two_n, n_plus_1, block_redundant };

/// A whole power chain.
struct PowerNetwork {
  std::string name;
  Topology topology = Topology::radial;
  std::vector<Bus> buses;
  std::vector<Source> sources;
  std::vector<Branch> branches;
  std::vector<Load> loads;
  double v_min_pu = 0.95;  ///< voltage limits reported as violations
  double v_max_pu = 1.05;
  bool require_radial = false;  ///< a cycle between buses is an error (radial designs)
  // optional transient run (it_load.hpp run_transient): IT loads follow `workload` through `server`
  ServerPowerModel server;
  std::vector<WorkloadSample> workload;
  double inlet_temperature = 0.0;  ///< [K] server inlet air for the transient run
  [[nodiscard]] bool empty() const { return buses.empty(); }
};

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

/// The one-line diagram as Graphviz DOT; `result` (optional) adds loading and losses to labels.
[[nodiscard]] std::string one_line_dot(const PowerNetwork& net, const PowerFlowResult* result = nullptr);

/// JSON text of the electrical block of summary.json: per-component results, energy balance,
/// N-1 cases, PUE parts (`cooling_power` [W], < 0 when unknown).
[[nodiscard]] std::string electrical_summary_json(const PowerNetwork& net, const ContingencyStudy& study,
                                                  double cooling_power = -1.0);

[[nodiscard]] const char* to_string(BranchKind k);

}  // namespace factwin::electrical

namespace factwin::electrical {

/// Writes the results to an HDF5 file (groups /electrical/{buses,branches,loads,sources,n_minus_1},
/// one dataset per quantity with a "units" attribute; the balance as attributes of /electrical),
/// atomically. Returns false, writing nothing, when this build has no HDF5. \throws IoError.
bool write_power_hdf5(const std::string& path, const PowerNetwork& net, const ContingencyStudy& study);

/// What `factwin run` does with a scenario's power chain: solves it with its N-1 study, adds the
/// "electrical" block to `summary_json` (text of a JSON object) and writes the one-line diagram
/// `one_line.dot` and (with HDF5) `electrical.h5` atomically into `out_dir`. Returns the study. \throws IoError, ConvergenceError.
ContingencyStudy run_power_chain(const PowerNetwork& net, const std::string& out_dir, std::string& summary_json,
                                 double cooling_power = -1.0);

}  // namespace factwin::electrical
