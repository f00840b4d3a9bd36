// SPDX-License-Identifier: Apache-2.0
// Liquid-cooling loops as thermal-hydraulic networks (docs/liquid.md): nodes (junctions, manifolds,
// fixed-head / fixed-pressure nodes such as expansion tanks, reservoirs and tanks) joined by links
// (pipes, pumps, valves, check valves, cold plates, the two sides of CDU heat exchangers, chillers,
// dry coolers, cooling towers, heat sources). The hydraulics are solved by the global gradient
// method (Todini & Pilati 1988, as in EPANET 2.2); the temperatures by an energy balance along the
// flow with mixing at nodes and epsilon-NTU coupling of the two sides of each CDU.
// All quantities are SI: m, m^3/s, Pa, K, W. Heads are metres of the circuit's own coolant.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "factwin/core/error.hpp"
#include "factwin/core/types.hpp"

namespace factwin::liquid {

// ----------------------------------------------------------------------------------------------
// Coolants
// ----------------------------------------------------------------------------------------------

enum class CoolantKind { water, propylene_glycol_25, propylene_glycol_30 };

[[nodiscard]] const char* coolant_name(CoolantKind c);

/// Properties at one temperature (docs/liquid.md#coolants gives the sources).
struct CoolantProperties {
  double density = 0;            ///< [kg/m^3]
  double specific_heat = 0;      ///< [J/(kg K)]
  double dynamic_viscosity = 0;  ///< [Pa s]
  double conductivity = 0;       ///< [W/(m K)]
};

/// \brief Coolant properties at absolute temperature `T` [K].
/// Water: density Kell (1975), viscosity Vogel form (A = 2.414e-5 Pa s, B = 247.8 K, C = 140 K),
/// conductivity Ramires et al. (1995), heat capacity polynomial (docs/liquid.md, Eq. C-3).
/// Propylene glycol 25 % / 30 % by mass: Melinder (2010) polynomials (IIR, "Properties of
/// secondary working fluids for indirect systems"), coefficients as in the IBPSA Modelica library.
[[nodiscard]] CoolantProperties coolant_properties(CoolantKind c, double T);

/// Saturation (vapour) pressure of water [Pa] at T [K], IAPWS-IF97 region 4 (Eq. 30). Used for
/// the glycol mixtures too (conservative: their vapour pressure is lower).
[[nodiscard]] double water_vapour_pressure(double T);

// ----------------------------------------------------------------------------------------------
// Network description
// ----------------------------------------------------------------------------------------------

enum class NodeType {
  junction,    ///< unknown head; continuity with an optional demand
  manifold,    ///< a junction that the report names as a manifold (same equations)
  fixed_head,  ///< known head: reservoir, tank at t = 0, expansion tank, fixed-pressure node
};

struct Node {
  std::string name;
  NodeType type = NodeType::junction;
  double elevation = 0.0;   ///< [m]
  double demand = 0.0;      ///< [m^3/s] leaving the network here (junctions; < 0 injects)
  double head = 0.0;        ///< [m] fixed head (fixed_head nodes), elevation + pressure/(rho g)
  double pressure = 0.0;    ///< [Pa] gauge; used when `pressure_given` (fixed_head), else head
  bool pressure_given = false;
  double supply_temperature = 293.15;  ///< [K] of water entering from this node (fixed_head)
  CoolantKind coolant = CoolantKind::water;  ///< coolant of the circuit (read on fixed_head nodes)
  Vec3 position;            ///< [m] for the VTK output only
};

enum class LinkType {
  pipe,
  pump,
  valve,
  check_valve,
  cold_plate,
  heat_exchanger,  ///< one side of a CDU (see Cdu)
  chiller,         ///< evaporator side of a chiller
  dry_cooler,
  cooling_tower,
  heat_source,     ///< heat added to the coolant (a rack's liquid share without a plate model)
};

[[nodiscard]] const char* link_type_name(LinkType t);

enum class HeadLossFormula { darcy_weisbach, hazen_williams };
enum class FrictionModel { swamee_jain, colebrook };

/// Pipe: Darcy-Weisbach h = f L/D V^2/(2g) (f by Colebrook-White or Swamee-Jain; 64/Re laminar),
/// or Hazen-Williams h = 10.67 L Q^1.852/(C^1.852 D^4.871); plus minor losses K V^2/(2g).
struct PipeSpec {
  double length = 0.0;      ///< [m]
  double diameter = 0.0;    ///< [m]
  double roughness = 0.0;   ///< [m] absolute roughness (Darcy-Weisbach)
  double hazen_williams_c = 130.0;  ///< [-]
  double minor_loss = 0.0;  ///< [-] sum of K
  HeadLossFormula formula = HeadLossFormula::darcy_weisbach;
  FrictionModel friction = FrictionModel::colebrook;
};

/// Pump head curve at rated speed h(Q) = h0 - r Q^n; at relative speed s (affinity laws)
/// h = s^2 h0 - r s^(2-n) Q^n. Efficiency eta(Q) = eta_best (2 x - x^2), x = Q/(s Q_best).
struct PumpSpec {
  double shutoff_head = 0.0;  ///< h0 [m]
  double curve_r = 0.0;       ///< r [m/(m^3/s)^n]
  double curve_n = 2.0;       ///< n [-]
  double speed = 1.0;         ///< relative speed s [-]
  double best_flow = 0.0;     ///< [m^3/s] best-efficiency flow at rated speed (0: 2/3 of max flow)
  double best_efficiency = 0.75;  ///< [-] hydraulic (pump) efficiency at best flow
  double motor_efficiency = 0.93; ///< [-] motor + drive
  bool has_check_valve = true;    ///< a stopped/failed pump blocks reverse flow
};

/// Builds a pump curve through one rated point the way EPANET does (h0 = 4/3 h1, zero head at 2 Q1).
[[nodiscard]] PumpSpec pump_from_one_point(double flow, double head);
/// Fits h0 - r Q^n through three points (Q = 0 at h0, (q1,h1), (q2,h2)), EPANET's power fit.
[[nodiscard]] PumpSpec pump_from_three_points(double h0, double q1, double h1, double q2, double h2);

enum class ValveControl { none, flow, differential_pressure };

/// Valve with flow coefficient Kv [m^3/h at 1 bar]: dp = 1e5 SG (Q / (Kv x))^2 with Q in m^3/h,
/// x the opening (linear characteristic). Control valves adjust x to hold a flow through the
/// valve or a differential pressure between two nodes (default: across the valve).
struct ValveSpec {
  double kv = 0.0;            ///< [m^3/h / sqrt(bar)] fully open
  double opening = 1.0;       ///< [-] 0..1 (fixed valves; initial value of control valves)
  double min_opening = 1e-3;  ///< [-] lowest opening a control valve may take
  ValveControl control = ValveControl::none;
  double setpoint = 0.0;      ///< [m^3/s] (flow) or [Pa] (differential_pressure)
  int dp_node_high = -1;      ///< node whose pressure minus dp_node_low's is held (-1: valve ends)
  int dp_node_low = -1;
};

/// Pressure drop of a component: dp = a Q + b Q|Q| [Pa], Q the flow through the whole component.
struct DropCurve {
  double linear = 0.0;     ///< a [Pa/(m^3/s)]
  double quadratic = 0.0;  ///< b [Pa/(m^3/s)^2]
};

/// A bank of `count` identical cold plates in parallel (the plates of one rack). The case
/// temperature is T_case = T_coolant_in + (heat/count) R(q), R(q) = R_rated (q/q_rated)^(-m), q the
/// flow per plate (docs/liquid.md Eq. T-4). The whole bank's heat goes into the coolant.
struct ColdPlateSpec {
  int count = 1;
  double heat = 0.0;               ///< [W] of the whole bank (the rack's liquid share)
  double resistance = 0.0;         ///< R_rated [K/W] per plate, case to inlet coolant
  double rated_flow = 0.0;         ///< q_rated [m^3/s] per plate
  double resistance_exponent = 0.8;///< m [-]
  double case_limit = 358.15;      ///< [K]
  std::string rack;                ///< rack / heat-source name this bank belongs to (report only)
  double liquid_fraction = 0.0;    ///< [-] share of the rack's power in `heat` (when `rack` is set)
};

/// EnergyPlus Chiller:Electric:EIR. CAPFT, EIRFT biquadratic in (T_chw,leaving [degC],
/// T_cond,entering [degC]); EIRFPLR quadratic in the part-load ratio.
struct ChillerSpec {
  double capacity = 0.0;     ///< reference capacity [W]
  double cop = 5.5;          ///< reference COP [-]
  double leaving_setpoint = 291.15;  ///< [K] chilled-water leaving temperature
  double condenser_entering = 0.0;   ///< [K]; 0 = the ambient dry-bulb plus condenser_approach
  double condenser_approach = 0.0;   ///< [K]
  std::array<double, 6> capft{1, 0, 0, 0, 0, 0};
  std::array<double, 6> eirft{1, 0, 0, 0, 0, 0};
  std::array<double, 3> eirfplr{0, 1, 0};
  double min_plr = 0.1;
};

/// Dry cooler (approach to the dry-bulb) or cooling tower (approach to the wet-bulb):
/// T_out = max(T_ambient + approach, ...) never heating the water; duty capped by `capacity`.
struct CoolerSpec {
  double approach = 5.0;       ///< [K]
  double capacity = 0.0;       ///< [W]; 0 = unlimited
  double fan_power_ratio = 0.02;  ///< electric fan power per W of heat rejected [-]
};

struct Link {
  std::string name;
  LinkType type = LinkType::pipe;
  int from = -1, to = -1;  ///< node indices; positive flow from -> to
  bool open = true;        ///< initial / fixed status (false: closed, e.g. a failed pump)
  PipeSpec pipe;           ///< pipe, and the check_valve's body when its diameter > 0
  PumpSpec pump;
  ValveSpec valve;
  DropCurve drop;          ///< cold plates, heat exchanger sides, chillers, coolers, heat sources, check valves
  ColdPlateSpec cold_plate;
  ChillerSpec chiller;
  CoolerSpec cooler;
  double heat = 0.0;       ///< [W] heat_source: heat added to the coolant
};

/// A CDU: liquid-to-liquid counterflow heat exchanger between a hot side (the technology cooling
/// system, warmed by the racks) and a cold side (facility water), by epsilon-NTU with a fixed UA.
struct Cdu {
  std::string name;
  int hot_link = -1;   ///< link index (type heat_exchanger) of the TCS / secondary side
  int cold_link = -1;  ///< link index (type heat_exchanger) of the facility-water / primary side
  double ua = 0.0;     ///< [W/K]
  std::vector<int> pumps;  ///< TCS pump link indices (report only)
};

struct Ambient {
  double dry_bulb = 303.15;  ///< [K]
  double wet_bulb = 297.15;  ///< [K]
};

struct SolverOptions {
  int max_iterations = 200;              ///< Newton (GGA) iterations per hydraulic solve
  double flow_tolerance = 1e-9;          ///< sum|dQ| / sum|Q| (EPANET's "accuracy")
  double head_tolerance = 1e-6;          ///< [m] max |H_i - H_j - h_L(Q)| over open links
  double temperature_tolerance = 1e-9;   ///< [K] between thermal-hydraulic outer iterations
  int max_outer_iterations = 50;         ///< property / control-valve / thermal outer loop
  double kinematic_viscosity = 0.0;      ///< [m^2/s] override for all pipes (0: from coolant)
  bool thermal = true;                   ///< run the energy balance
  bool pump_heat = true;                 ///< pump shaft power goes into the coolant as heat
  double atmospheric_pressure = 101325;  ///< [Pa] gauge -> absolute, for the vapour check
};

struct Network {
  std::string name;
  std::vector<Node> nodes;
  std::vector<Link> links;
  std::vector<Cdu> cdus;
  Ambient ambient;
  SolverOptions options;
  double facility_water_supply_limit = 0.0;  ///< [K] design W-class limit for the report (0 = none)
  int facility_supply_node = -1;  ///< node whose temperature is the facility-water supply (-1: none)

  [[nodiscard]] int node_index(const std::string& name) const;  ///< -1 if absent
  [[nodiscard]] int link_index(const std::string& name) const;  ///< -1 if absent
};

/// Maps a pointer such as "/liquid/links/3/diameter" to a file location.
using Locator = std::function<InputLocation(const std::string& pointer)>;

/// \brief Checks a network: indices, sizes > 0, every part reaches a fixed-head node, every CDU
/// names two heat-exchanger links, one coolant per circuit. Throws InputError (FW-E06xx) with the
/// pointer `prefix`/links/i/... located by `where` (plain pointer when `where` is empty).
void validate(const Network& net, const Locator& where = {}, const std::string& prefix = "/liquid");

// ----------------------------------------------------------------------------------------------
// Results
// ----------------------------------------------------------------------------------------------

struct Diagnostic {
  enum class Level { info, warning } level = Level::warning;
  std::string component;  ///< node or link name
  std::string message;
};

struct PumpResult {
  int link = -1;
  double flow = 0, head = 0;      ///< [m^3/s] [m] operating point
  double speed = 1;               ///< [-]
  double efficiency = 0;          ///< [-] hydraulic
  double shaft_power = 0;         ///< [W]
  double electric_power = 0;      ///< [W]
  double shutoff_head = 0;        ///< [m] at this speed
  double max_flow = 0;            ///< [m^3/s] zero-head flow at this speed
  bool running = true;
};

struct ColdPlateResult {
  int link = -1;
  double flow_per_plate = 0;      ///< [m^3/s]
  double inlet_temperature = 0;   ///< [K]
  double outlet_temperature = 0;  ///< [K]
  double case_temperature = 0;    ///< [K]
  double case_limit = 0;          ///< [K]
  double heat = 0;                ///< [W]
};

struct CduResult {
  int cdu = -1;
  double duty = 0;            ///< [W] hot -> cold
  double effectiveness = 0;   ///< [-]
  double ntu = 0;             ///< [-]
  double approach = 0;        ///< [K] secondary supply (hot outlet) minus facility inlet (cold inlet)
  double hot_in = 0, hot_out = 0, cold_in = 0, cold_out = 0;  ///< [K]
};

struct ChillerResult {
  int link = -1;
  double duty = 0;            ///< [W] heat removed from the water
  double electric_power = 0;  ///< [W]
  double cop = 0;             ///< [-]
  double part_load = 0;       ///< [-]
  double available_capacity = 0;  ///< [W]
  double condenser_entering = 0;  ///< [K]
  bool at_capacity = false;
};

struct CoolerResult {
  int link = -1;
  double duty = 0;            ///< [W]
  double fan_power = 0;       ///< [W]
  double outlet_temperature = 0;  ///< [K]
  bool at_capacity = false;
};

struct Convergence {
  int iterations = 0;          ///< total Newton iterations (all outer iterations)
  int outer_iterations = 0;
  int factorizations = 0;      ///< numeric LDL^T factorisations of the head matrix
  double flow_change = 0;      ///< final sum|dQ|/sum|Q|
  double head_residual = 0;    ///< [m] final max |H_i - H_j - h_L(Q)|
  double continuity_residual = 0;  ///< [m^3/s] max node imbalance
  double temperature_change = 0;   ///< [K] last outer-iteration change
  double energy_residual = 0;  ///< [-] |in - out - stored| / in
  bool converged = false;
};

struct Result {
  std::vector<double> head;         ///< [m] per node (NaN: isolated)
  std::vector<double> pressure;     ///< [Pa] gauge per node
  std::vector<double> temperature;  ///< [K] per node
  std::vector<double> flow;         ///< [m^3/s] per link, + from -> to
  std::vector<double> headloss;     ///< [m] per link, H_from - H_to
  std::vector<double> velocity;     ///< [m/s] per link (pipes)
  std::vector<double> link_out_temperature;  ///< [K] per link
  std::vector<double> link_heat;    ///< [W] per link, heat into the coolant (< 0 removed)
  std::vector<int> link_open;       ///< final status per link (1 open / 0 closed)
  std::vector<double> valve_opening;///< [-] per link (valves; 1 otherwise)
  std::vector<int> circuit;         ///< circuit id per node
  std::vector<PumpResult> pumps;
  std::vector<ColdPlateResult> cold_plates;
  std::vector<CduResult> cdus;
  std::vector<ChillerResult> chillers;
  std::vector<CoolerResult> coolers;
  std::vector<Diagnostic> diagnostics;
  Convergence convergence;
  double heat_in = 0;           ///< [W] racks/heat sources + pump heat
  double heat_rejected = 0;     ///< [W] chillers + coolers + net enthalpy out at fixed-head nodes
  double heat_stored = 0;       ///< [W] (0 in steady state)
  double pump_power = 0;        ///< [W] electric
  double chiller_power = 0;     ///< [W] electric
  double fan_power = 0;         ///< [W] electric, dry coolers and towers
  double facility_supply_temperature = 0;  ///< [K] (0 when no facility supply node)
};

/// \brief Solves hydraulics (GGA Newton, Eigen sparse LDL^T) and temperatures (sparse LU of the
/// energy balance), alternating until properties, control valves and temperatures settle.
/// \throws InputError for an invalid network, ConvergenceError when a tolerance is not met.
[[nodiscard]] Result solve(const Network& net);

/// Hydraulics only (no temperatures): used by the EPANET import and the analytic tests.
[[nodiscard]] Result solve_hydraulics(const Network& net);

/// One member of a batched study: the base network with links closed (failed) and/or changed.
struct Variant {
  std::string name;
  std::vector<int> closed_links;                 ///< failed pumps / valves / CDU sides
  std::vector<std::pair<int, double>> pump_speed;  ///< (link, relative speed)
  std::vector<std::pair<int, double>> valve_opening;  ///< (link, opening)
  std::vector<std::pair<int, double>> heat_scale;  ///< (link, factor on the heat)
};

/// The N-1 set: one variant per pump, per CDU (both sides closed) and per valve, each failed in turn.
[[nodiscard]] std::vector<Variant> n_minus_1_variants(const Network& net);

/// Applies a variant to a copy of `base`.
[[nodiscard]] Network apply_variant(const Network& base, const Variant& v);

struct BatchMember {
  std::string name;
  bool ok = false;
  std::string error;  ///< why the member failed (no convergence, disconnected...)
  Result result;
};

/// Where the time of a lockstep batched solve went (docs/liquid.md section 6); zeros for "cpu".
struct BatchStats {
  int lockstep_iterations = 0;   ///< lockstep Newton iterations (calls of each batched kernel)
  long member_iterations = 0;    ///< sum over those of the members taking part
  double setup_s = 0;            ///< [s] union pattern, ordering, symbolic LDL^T, members' set-up
  double coefficients_s = 0;     ///< [s] (a) link coefficients, members x links
  double assembly_s = 0;         ///< [s] (b) head systems of all members
  double head_solve_s = 0;       ///< [s] (c) batched LDL^T factorisations and solves
  double copies_s = 0;           ///< [s] staging of member data, host <-> device copies
  double member_steps_s = 0;     ///< [s] (d) per-member host work: flow update, checks, thermal, properties
};

/// \brief Solves all variants of `base` (docs/liquid.md section 6). Backends:
///  - "cpu" (also "host", "auto"): the reference; each member an independent solve(), OpenMP over members;
///  - "cpu-batched": the lockstep driver, all members' Newton iterations together, with the host
///    build of the batched kernels (coefficients, head-system assembly, batched sparse LDL^T);
///  - "cuda" / "cuda:N": the same driver with the CUDA build of the kernels;
///  - "host-debug": the driver's CUDA code path run on the CPU (device layout, explicit copies).
/// A member that fails has ok = false and the error message of solve() for it.
/// \throws NotCompiled for "cuda" in a build without CUDA, DeviceError when no device is usable,
/// std::invalid_argument for an unknown backend, InputError when `base` is invalid.
[[nodiscard]] std::vector<BatchMember> solve_batch(const Network& base,
                                                   const std::vector<Variant>& variants,
                                                   const std::string& backend = "cpu",
                                                   BatchStats* stats = nullptr);

}  // namespace factwin::liquid
