// SPDX-License-Identifier: Apache-2.0
// Server power from utilisation, inlet temperature and chip temperature; workload time series for
// quasi-static transient runs of the power chain (docs/electrical.md#it-load). SI units.
#pragma once

#include <array>
#include <vector>

#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

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

/// DC power [W] at utilisation u (clamped to [0, 1]) and inlet air temperature [K].
[[nodiscard]] double server_power(const ServerPowerModel& m, double utilisation, double inlet_temperature);

/// EnergyPlus Curve:Biquadratic (ITE CPU power and airflow curves): c1 + c2 x + c3 x^2 + c4 y +
/// c5 y^2 + c6 x y.
[[nodiscard]] double biquadratic(const std::array<double, 6>& c, double x, double y);

struct WorkloadSample {
  double time = 0.0;         ///< [s]
  double utilisation = 0.0;  ///< [0, 1]
};

/// Synchronous training: each step of `step_period` [s] computes at `high` for `compute_fraction`
/// of the step and communicates at `low` for the rest; every `checkpoint_interval` [s] (0 = never)
/// a checkpoint holds `checkpoint_level` for `checkpoint_duration` [s]. Sampled every `dt` [s]
/// from 0 to `end_time`.
[[nodiscard]] std::vector<WorkloadSample> training_workload(double end_time, double dt, double step_period,
                                                           double compute_fraction, double low, double high,
                                                           double checkpoint_interval = 0.0,
                                                           double checkpoint_duration = 0.0,
                                                           double checkpoint_level = 0.0);

struct TransientSample {
  double time = 0.0;          ///< [s]
  double utilisation = 0.0;
  double it_power = 0.0;      ///< [W] DC
  double source_power = 0.0;  ///< [W]
  double losses = 0.0;        ///< [W] distribution + PSU
  double max_loading = 0.0;   ///< highest branch or source loading
  double min_voltage_pu = 0.0;
};

/// Quasi-static transient: at each sample every IT load draws its design power (Load::power, taken
/// as the power at u = 1) scaled by server_power(m, u, T_in) / server_power(m, 1, T_in); one power
/// flow per sample. Electrical transients are much faster than the samples (ms vs s), so each
/// sample is a steady state; UPS batteries and generator dynamics are not modelled here.
[[nodiscard]] std::vector<TransientSample> run_transient(const PowerNetwork& net, const ServerPowerModel& m,
                                                         const std::vector<WorkloadSample>& workload,
                                                         double inlet_temperature,
                                                         const PowerFlowOptions& opt = {});

}  // namespace factwin::electrical
