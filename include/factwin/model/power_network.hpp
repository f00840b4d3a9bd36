// SPDX-License-Identifier: Apache-2.0
// The description of a facility's power chain (docs/electrical.md), part of the facility model:
// utility feeds and generators, transformers, switchgear, UPS, PDUs, RPPs, busways, cables,
// breakers, rack power supplies, IT and mechanical loads. The power flow (electrical/) reads it.
// All quantities are SI: V (line-to-line RMS for voltages of three-phase buses), A (per phase),
// W, VA, ohm, J, s. Public header: standard library only.
#pragma once

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

/// The part of the liquid-cooling plant a mechanical load stands for (docs/twin.md): its power is
/// then the solved electric power of that part, shared equally by the loads naming it.
enum class PlantPart { none, pumps, chillers, dry_coolers };

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
  /// IT: the rack (racks[].name of the facility) whose IT power this load carries; its power is
  /// then the rack's (named once, on the rack). Empty: a load described on its own.
  std::string rack;
  /// Mechanical: the plant part whose solved electric power this load carries (set by the twin;
  /// none: `power` as given).
  PlantPart plant = PlantPart::none;
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

}  // namespace factwin::electrical
