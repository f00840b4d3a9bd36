// SPDX-License-Identifier: Apache-2.0
// Server power from utilisation, inlet temperature and chip temperature; workload time series for
// quasi-static transient runs of the power chain (docs/electrical.md#it-load). SI units.
#pragma once

#include <array>
#include <vector>

#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

/// DC power [W] at utilisation u (clamped to [0, 1]) and inlet air temperature [K].
[[nodiscard]] double server_power(const ServerPowerModel& m, double utilisation, double inlet_temperature);

/// EnergyPlus Curve:Biquadratic (ITE CPU power and airflow curves): c1 + c2 x + c3 x^2 + c4 y +
/// c5 y^2 + c6 x y.
[[nodiscard]] double biquadratic(const std::array<double, 6>& c, double x, double y);

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
