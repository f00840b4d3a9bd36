// SPDX-License-Identifier: Apache-2.0
// The figures an engineer judges a data-hall layout by, from a solved scenario (docs/datahall.md).
#pragma once

#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"
#include "factwin/model/scenario.hpp"
#include "factwin/metrics/thermal_metrics.hpp"

namespace factwin::metrics {

struct RackFigures {
  std::string name;
  double power = 0;                 ///< [W] IT power
  double air_heat = 0;              ///< [W] air-side share
  double airflow = 0;               ///< [m^3/s] through the servers at the final inlet temperature
  double room_airflow = 0;          ///< [m^3/s] drawn from the room: (1 - recirculation) airflow
  double inlet_mean = 0;            ///< [K] room air at the intake face (flow-weighted)
  double inlet_max = 0;             ///< [K] hottest intake cell
  double server_inlet = 0;          ///< [K] what the servers breathe: intake mixed with internal recirculation
  double server_inlet_max = 0;      ///< [K] the hottest intake cell mixed the same way
  double exhaust = 0;               ///< [K] into the room (after a rear door)
  double rear_door_heat = 0;        ///< [W] taken by the rack's rear-door heat exchanger
  Compliance compliance = Compliance::recommended;  ///< of server_inlet_max
  double capture_index = -1;        ///< cold-aisle CI in [0, 1]; -1 when no tracer was solved
};

struct CoolerFigures {
  std::string name;
  bool failed = false;
  double airflow = 0;       ///< [m^3/s]
  double return_temperature = 0;  ///< [K]
  double supply_temperature = 0;  ///< [K]
  double load = 0;          ///< [W] sensible heat removed
  double capacity = 0;      ///< [W] (0: unlimited)
  double load_fraction = 0; ///< load / capacity (0 when unlimited)
  bool at_capacity = false; ///< supply temperature raised above the setpoint
};

struct DatahallFigures {
  std::string ashrae_class;
  std::vector<RackFigures> racks;
  std::vector<CoolerFigures> coolers;
  double rci_hi = 100, rci_lo = 100;  ///< [%] Herrlin, from the rack mean intake temperatures
  double rti = 0;                     ///< [%] Herrlin
  double shi = 0, rhi = 0;            ///< Sharma, Bash & Patel
  double supply_demand_ratio = 0;     ///< cooler airflow / rack airflow
  double it_heat_to_air = 0;          ///< [W] racks' air-side heat + other heat sources
  double heat_removed = 0;            ///< [W] coolers + rear doors + net heat leaving through the hall boundary
  double rear_door_heat = 0;          ///< [W] all rear-door heat exchangers (to their water loop)
  double energy_balance_error = 0;    ///< (it_heat_to_air - heat_removed) / it_heat_to_air
  double hottest_inlet = 0;           ///< [K]
  std::string hottest_rack;
};

/// Computes the figures; `supply_tracer` is the index of the supply-air tracer in the result (-1 none).
[[nodiscard]] DatahallFigures datahall_figures(const Scenario& s, const airflow::SolveResult& r, int supply_tracer);

}  // namespace factwin::metrics
