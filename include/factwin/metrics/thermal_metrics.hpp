// SPDX-License-Identifier: Apache-2.0
// The figures data-centre engineers judge an air-cooling layout by. Definitions and sources:
// data/validation/datacenter_metrics.json (copied from the project's reference collection).
// Temperatures are in K like everywhere inside factwin.
#pragma once

#include <string>
#include <vector>

namespace factwin::metrics {

/// An ASHRAE TC 9.9 inlet dry-bulb envelope [K] (Thermal Guidelines for Data Processing
/// Environments; table in data/validation/ashrae_tc99_thermal_classes.csv).
struct AshraeClass {
  std::string name;             ///< "A1" .. "A4", "H1"
  double recommended_min = 0;   ///< [K]
  double recommended_max = 0;   ///< [K]
  double allowable_min = 0;     ///< [K]
  double allowable_max = 0;     ///< [K]
};

/// The envelope of class `name` (A1, A2, A3, A4: recommended 18-27 degC; H1: recommended 18-22,
/// allowable 5-25 degC). Throws std::invalid_argument for an unknown class.
[[nodiscard]] AshraeClass ashrae_class(const std::string& name);
[[nodiscard]] std::vector<std::string> ashrae_class_names();

enum class Compliance { recommended, allowable, out_of_range };
[[nodiscard]] Compliance classify(double inlet_temperature, const AshraeClass& c);
[[nodiscard]] const char* to_string(Compliance c);

/// Rack Cooling Index, high side [%] (Herrlin 2005): 100 when no intake exceeds the recommended
/// maximum; RCI_HI = (1 - sum(T_x - T_max_rec)+ / ((T_max_all - T_max_rec) n)) * 100.
[[nodiscard]] double rci_hi(const std::vector<double>& intake_temperatures, const AshraeClass& c);
/// Rack Cooling Index, low side [%] (Herrlin 2005).
[[nodiscard]] double rci_lo(const std::vector<double>& intake_temperatures, const AshraeClass& c);

/// Return Temperature Index [%] (Herrlin 2008): (T_return - T_supply) / dT_equipment * 100.
[[nodiscard]] double rti(double t_return, double t_supply, double dt_equipment);

/// Supply Heat Index (Sharma, Bash & Patel 2002): sum(T_in - T_ref) / sum(T_out - T_ref) over racks.
/// RHI = 1 - SHI.
[[nodiscard]] double shi(const std::vector<double>& t_in, const std::vector<double>& t_out, double t_ref);
[[nodiscard]] inline double rhi(const std::vector<double>& t_in, const std::vector<double>& t_out,
                                double t_ref) {
  return 1.0 - shi(t_in, t_out, t_ref);
}

/// Power Usage Effectiveness (The Green Grid WP #49): total facility power / IT power.
[[nodiscard]] double pue(double total_facility_power, double it_power);

/// Air temperature rise across equipment [K] for heat `power` [W] carried by volume flow `flow`
/// [m^3/s] of air with density rho [kg/m^3] and specific heat cp [J/(kg K)]: dT = P / (rho cp Q).
[[nodiscard]] double air_temperature_rise(double power, double flow, double rho, double cp);

}  // namespace factwin::metrics
