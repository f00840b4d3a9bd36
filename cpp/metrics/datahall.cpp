// SPDX-License-Identifier: Apache-2.0
#include "factwin/metrics/datahall.hpp"

#include <algorithm>
#include <map>

namespace factwin::metrics {

DatahallFigures datahall_figures(const Scenario& s, const airflow::SolveResult& r, int supply_tracer) {
  DatahallFigures d;
  d.ashrae_class = s.ashrae_class;
  const AshraeClass cls = ashrae_class(s.ashrae_class);
  const double rcp = s.fluid.density * s.fluid.specific_heat;
  std::map<std::string, const airflow::DeviceState*> dev;
  for (const auto& x : r.devices) dev[x.name] = &x;
  std::vector<double> inlets, outlets;
  double rack_flow = 0, rack_dt_weighted = 0;
  for (const Rack& rk : s.racks) {
    RackFigures f;
    f.name = rk.name;
    f.power = rk.power;
    f.air_heat = rk.power * (1 - rk.liquid_fraction);
    f.room_airflow = rk.airflow * (1 - rk.recirculation);
    f.airflow = rk.airflow;
    auto it = dev.find(rk.name);
    if (it != dev.end()) {
      f.room_airflow = it->second->flow;
      f.airflow = f.room_airflow / (1 - rk.recirculation);
      f.inlet_mean = it->second->inlet_temperature;
      f.inlet_max = it->second->inlet_max_temperature;
      f.exhaust = it->second->outlet_temperature;
      f.rear_door_heat = it->second->rear_door_heat;
      if (supply_tracer >= 0 && static_cast<std::size_t>(supply_tracer) < it->second->tracer_in.size())
        f.capture_index = std::clamp(it->second->tracer_in[static_cast<std::size_t>(supply_tracer)], 0.0, 1.0);
    }
    // Internal recirculation: the servers breathe (1 - r) T_intake + r T_exhaust(before the door);
    // the solver reports that mix of the mean, and the hottest cell is mixed the same way.
    f.server_inlet = it != dev.end() && rk.recirculation > 0 ? it->second->server_inlet_temperature : f.inlet_mean;
    f.server_inlet_max = f.inlet_max + (f.server_inlet - f.inlet_mean);
    f.compliance = classify(f.server_inlet_max, cls);
    inlets.push_back(f.server_inlet);
    outlets.push_back(f.exhaust);
    // RTI and SHI/RHI describe the room: room-side flows and temperatures
    rack_flow += f.room_airflow;
    rack_dt_weighted += f.room_airflow * (f.exhaust - f.inlet_mean);
    d.it_heat_to_air += f.air_heat;
    d.rear_door_heat += f.rear_door_heat;
    if (f.server_inlet_max > d.hottest_inlet) {
      d.hottest_inlet = f.server_inlet_max;
      d.hottest_rack = f.name;
    }
    d.racks.push_back(f);
  }
  double cool_flow = 0, t_ret = 0, t_sup = 0;
  for (const Cooler& c : s.coolers) {
    CoolerFigures f;
    f.name = c.name;
    f.failed = c.failed;
    f.capacity = c.capacity;
    auto it = dev.find(c.name);
    if (!c.failed && it != dev.end()) {
      f.airflow = c.airflow;
      f.return_temperature = it->second->inlet_temperature;
      f.supply_temperature = it->second->outlet_temperature;
      f.load = rcp * c.airflow * (f.return_temperature - f.supply_temperature);
      f.at_capacity = it->second->saturated;
      cool_flow += c.airflow;
      t_ret += c.airflow * f.return_temperature;
      t_sup += c.airflow * f.supply_temperature;
    }
    f.load_fraction = f.capacity > 0 ? f.load / f.capacity : 0.0;
    d.heat_removed += f.load;
    d.coolers.push_back(f);
  }
  for (const auto& h : s.heat_sources) d.it_heat_to_air += h.power;
  // heat that leaves (or enters) through the hall boundary: walls, openings, inlets
  double boundary_net = 0;
  for (const auto& sf : r.surfaces)
    if (sf.kind == "wall" || sf.kind == "boundary" || sf.kind == "body") boundary_net += sf.heat_flow;
  d.heat_removed -= boundary_net;
  d.heat_removed += d.rear_door_heat;
  if (d.it_heat_to_air > 0) d.energy_balance_error = (d.it_heat_to_air - d.heat_removed) / d.it_heat_to_air;
  if (!inlets.empty()) {
    d.rci_hi = rci_hi(inlets, cls);
    d.rci_lo = rci_lo(inlets, cls);
  }
  if (cool_flow > 0 && rack_flow > 0) {
    t_ret /= cool_flow;
    t_sup /= cool_flow;
    const double dt_equip = rack_dt_weighted / rack_flow;
    if (dt_equip > 0) d.rti = rti(t_ret, t_sup, dt_equip);
    d.supply_demand_ratio = cool_flow / rack_flow;
    bool ok = true;
    for (double o : outlets) ok &= o > t_sup;
    if (ok && !inlets.empty()) {
      d.shi = shi(inlets, outlets, t_sup);
      d.rhi = 1 - d.shi;
    }
  }
  return d;
}

}  // namespace factwin::metrics
