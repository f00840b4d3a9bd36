// SPDX-License-Identifier: Apache-2.0
// IT power from utilisation and the solved server inlet (cpp/twin/it_power.hpp, docs/twin.md).
#include "twin/it_power.hpp"

#include "factwin/core/error.hpp"
#include "factwin/electrical/it_load.hpp"

namespace factwin::twin::detail {

std::vector<std::size_t> utilised_racks(const Facility& f) {
  const Scenario& s = f.air;
  std::vector<std::size_t> racks;
  for (std::size_t k = 0; k < s.racks.size(); ++k) {
    const Rack& r = s.racks[k];
    if (r.utilisation < 0) continue;
    const InputLocation at{s.source_file, 0, 0, "/racks/" + std::to_string(k) + "/utilisation"};
    if (r.utilisation > 1) throw InputError("FW-E0114", at, "utilisation of rack '" + r.name + "' must be between 0 and 1");
    if (!f.server)
      throw InputError("FW-E0714", at, "rack '" + r.name + "' gives a utilisation, but the facility has no \"server\" "
                                       "section (the server power model that turns utilisation and inlet temperature "
                                       "into IT power)");
    racks.push_back(k);
  }
  if (f.server && racks.empty())
    throw InputError("FW-E0715", {s.source_file, 0, 0, "/server"},
                     "the \"server\" power model is used by no rack: give racks a \"utilisation\", or remove the section");
  if (f.server && !(electrical::server_power(f.server->power, 1.0, f.server->design_inlet) > 0))
    throw InputError("FW-E0703", {s.source_file, 0, 0, "/server/peak_power"},
                     "the server model draws no power at full utilisation and the design inlet");
  return racks;
}

double rack_it_power(const ServerModel& m, const Rack& r, double t_in) {
  return r.power * electrical::server_power(m.power, r.utilisation, t_in) /
         electrical::server_power(m.power, 1.0, m.design_inlet);
}

double server_inlet(const airflow::SolveResult& air, const std::string& name) {
  for (const airflow::DeviceState& d : air.devices)
    if (d.kind == "rack" && d.name == name) return d.server_inlet_temperature;
  throw Error("twin: rack '" + name + "' has no solved state");
}

void set_rack_power(Scenario& s, std::optional<liquid::Network>& loops, electrical::PowerNetwork& chain,
                    std::size_t k, double power) {
  Rack& r = s.racks[k];
  r.power = power;
  if (loops)
    for (liquid::Link& l : loops->links) {
      if (l.type == liquid::LinkType::cold_plate && l.cold_plate.rack == r.name)
        l.cold_plate.heat = l.cold_plate.liquid_fraction * power;
      if (l.type == liquid::LinkType::heat_source && l.heat_rack == r.name) l.heat = l.heat_fraction * power;
    }
  for (electrical::Load& ld : chain.loads)
    if (ld.kind == electrical::LoadKind::it && ld.rack == r.name) ld.power = power;
}

}  // namespace factwin::twin::detail
