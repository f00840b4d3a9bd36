// SPDX-License-Identifier: Apache-2.0
// The description of liquid-cooling loops (docs/liquid.md), part of the facility model: nodes
// (junctions, manifolds, fixed-head nodes) joined by links (pipes, pumps, valves, cold plates, the
// two sides of CDU heat exchangers, chillers, dry coolers, cooling towers, heat sources), CDUs and
// the ambient. The solver (liquid/network.hpp) reads it; nothing here computes.
// All quantities are SI: m, m^3/s, Pa, K, W. Heads are metres of the circuit's own coolant.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "factwin/core/types.hpp"

namespace factwin::liquid {

enum class CoolantKind { water, propylene_glycol_25, propylene_glycol_30 };

[[nodiscard]] const char* coolant_name(CoolantKind c);

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
  /// heat_source naming a rack (or heat source) of the scenario: its name and the share of its power
  /// in `heat` (the twin updates `heat` when a rack's IT power follows its utilisation and inlet,
  /// docs/twin.md); "" = a fixed heat.
  std::string heat_rack;
  double heat_fraction = 0.0;
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

}  // namespace factwin::liquid
