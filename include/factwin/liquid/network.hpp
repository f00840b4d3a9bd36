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
#include "factwin/model/liquid_network.hpp"

namespace factwin::liquid {

// ----------------------------------------------------------------------------------------------
// Coolants
// ----------------------------------------------------------------------------------------------


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
