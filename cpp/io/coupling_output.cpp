// SPDX-License-Identifier: Apache-2.0
// The "coupling" block of summary.json (include/factwin/io/coupling_output.hpp).
#include "factwin/io/coupling_output.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace factwin::io {

std::string coupling_summary_json(const twin::CouplingReport& r) {
  using nlohmann::json;
  json ex = json::array();
  for (const twin::ExchangeState& e : r.exchanges)
    ex.push_back({{"name", e.name}, {"from", e.from}, {"to", e.to}, {"unit", e.unit}, {"value", e.value},
                  {"last_change", e.change}, {"tolerance", e.tolerance}, {"converged", e.change <= e.tolerance}});
  json j = {{"iterations", r.iterations},
            {"max_iterations", r.max_iterations},
            {"converged", r.converged},
            {"stop_reason", r.stop_reason},
            {"solves", {{"air", r.air_solves}, {"liquid", r.liquid_solves}, {"power", r.power_solves}}},
            {"it_power_W", r.it_power},
            {"exchanges", ex},
            {"hall_room", r.hall_room},
            {"hall_loss_heat_W", r.hall_loss_heat},
            {"plant_heat_by_room_W", r.plant_heat_by_room}};
  j["plant_power_outside_chain_W"] = r.plant_power_outside_chain >= 0 ? json(r.plant_power_outside_chain) : json(nullptr);
  return j.dump(2);
}

std::string coupling_report_text(const twin::CouplingReport& r) {
  std::string t = "\ncoupling (docs/twin.md): " + std::string(r.converged ? "converged" : "not converged") + " after " +
                  std::to_string(r.iterations) + " iterations (" + std::to_string(r.air_solves) + " air solves)\n";
  char line[256];
  for (const twin::ExchangeState& e : r.exchanges) {
    const double scale = e.unit == "W" ? 1e-3 : 1.0;
    const char* unit = e.unit == "W" ? "kW" : e.unit.c_str();
    std::snprintf(line, sizeof line, "  %s (%s -> %s): %.3f %s, last change %.3g %s (tolerance %.3g %s)\n", e.name.c_str(),
                  e.from.c_str(), e.to.c_str(), e.value * scale, unit, e.change * scale, unit, e.tolerance * scale, unit);
    t += line;
  }
  if (!r.hall_room.empty()) {
    std::snprintf(line, sizeof line, "  power-chain losses in the hall ('%s'): %.3f kW, released in its air\n",
                  r.hall_room.c_str(), r.hall_loss_heat * 1e-3);
    t += line;
  }
  for (const auto& [room, heat] : r.plant_heat_by_room) {
    std::snprintf(line, sizeof line, "  losses in '%s': %.3f kW (plant heat load)\n", room.c_str(), heat * 1e-3);
    t += line;
  }
  return t;
}

std::string append_coupling_summary(const std::string& summary_json, const twin::CouplingReport& r) {
  nlohmann::json j = nlohmann::json::parse(summary_json);
  j["coupling"] = nlohmann::json::parse(coupling_summary_json(r));
  return j.dump(2) + "\n";
}

}  // namespace factwin::io
