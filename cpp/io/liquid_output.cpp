// SPDX-License-Identifier: Apache-2.0
#include "factwin/io/liquid_output.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "factwin/core/error.hpp"
#include "factwin/io/output.hpp"

namespace factwin::liquid {
namespace {

using nlohmann::json;

double c_of(double k) { return k - 273.15; }
double lpm(double q) { return q * 60e3; }
json finite(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

std::string water_class(double T) {
  const double t = c_of(T);
  if (t <= 17.0) return "W17";
  if (t <= 27.0) return "W27";
  if (t <= 32.0) return "W32";
  if (t <= 40.0) return "W40";
  if (t <= 45.0) return "W45";
  return "W+";
}

std::string summary_json(const Network& net, const Result& r) {
  json j;
  const Convergence& c = r.convergence;
  j["name"] = net.name;
  j["converged"] = c.converged;
  j["tolerances"] = {{"flow_change", net.options.flow_tolerance},
                     {"head_m", net.options.head_tolerance},
                     {"temperature_K", net.options.temperature_tolerance}};
  j["achieved"] = {{"flow_change", c.flow_change},
                   {"head_residual_m", c.head_residual},
                   {"continuity_residual_m3_s", c.continuity_residual},
                   {"temperature_change_K", c.temperature_change},
                   {"energy_relative_residual", c.energy_residual},
                   {"newton_iterations", c.iterations},
                   {"outer_iterations", c.outer_iterations}};
  j["energy"] = {{"heat_in_W", r.heat_in},
                 {"heat_rejected_W", r.heat_rejected},
                 {"heat_stored_W", r.heat_stored},
                 {"relative_residual", c.energy_residual}};
  j["power"] = {{"pump_electric_W", r.pump_power},
                {"chiller_electric_W", r.chiller_power},
                {"fan_electric_W", r.fan_power},
                {"total_W", r.pump_power + r.chiller_power + r.fan_power}};
  if (net.facility_supply_node >= 0) {
    json fw = {{"node", net.nodes[static_cast<std::size_t>(net.facility_supply_node)].name},
               {"supply_temperature_C", c_of(r.facility_supply_temperature)},
               {"ashrae_class", water_class(r.facility_supply_temperature)},
               {"classes_C", {{"W17", 17}, {"W27", 27}, {"W32", 32}, {"W40", 40}, {"W45", 45}}}};
    if (net.facility_water_supply_limit > 0) {
      fw["design_class"] = water_class(net.facility_water_supply_limit);
      fw["design_limit_C"] = c_of(net.facility_water_supply_limit);
      fw["within_design_class"] = r.facility_supply_temperature <= net.facility_water_supply_limit + 1e-9;
    }
    j["facility_water"] = fw;
  }
  json cps = json::array();
  for (const auto& p : r.cold_plates) {
    const Link& l = net.links[static_cast<std::size_t>(p.link)];
    cps.push_back({{"name", l.name},
                   {"rack", l.cold_plate.rack},
                   {"count", l.cold_plate.count},
                   {"heat_W", p.heat},
                   {"flow_per_plate_L_min", lpm(p.flow_per_plate)},
                   {"coolant_in_C", c_of(p.inlet_temperature)},
                   {"coolant_out_C", c_of(p.outlet_temperature)},
                   {"case_temperature_C", finite(c_of(p.case_temperature))},
                   {"case_limit_C", c_of(p.case_limit)},
                   {"margin_K", finite(p.case_limit - p.case_temperature)},
                   {"within_limit", p.case_temperature <= p.case_limit}});
  }
  j["cold_plates"] = cps;
  json cdus = json::array();
  for (const auto& d : r.cdus) {
    const Cdu& u = net.cdus[static_cast<std::size_t>(d.cdu)];
    cdus.push_back({{"name", u.name},
                    {"duty_W", d.duty},
                    {"approach_K", d.approach},
                    {"effectiveness", d.effectiveness},
                    {"ntu", d.ntu},
                    {"secondary_supply_C", c_of(d.hot_out)},
                    {"secondary_return_C", c_of(d.hot_in)},
                    {"facility_in_C", c_of(d.cold_in)},
                    {"facility_out_C", c_of(d.cold_out)}});
  }
  j["cdus"] = cdus;
  json pumps = json::array();
  for (const auto& p : r.pumps) {
    const Link& l = net.links[static_cast<std::size_t>(p.link)];
    pumps.push_back({{"name", l.name},
                     {"running", p.running},
                     {"speed", p.speed},
                     {"flow_L_min", lpm(p.flow)},
                     {"head_m", p.head},
                     {"shutoff_head_m", p.shutoff_head},
                     {"max_flow_L_min", lpm(p.max_flow)},
                     {"fraction_of_max_flow", p.max_flow > 0 ? p.flow / p.max_flow : 0.0},
                     {"efficiency", p.efficiency},
                     {"shaft_power_W", p.shaft_power},
                     {"electric_power_W", p.electric_power}});
  }
  j["pumps"] = pumps;
  json ch = json::array();
  for (const auto& x : r.chillers)
    ch.push_back({{"name", net.links[static_cast<std::size_t>(x.link)].name},
                  {"duty_W", x.duty},
                  {"electric_power_W", x.electric_power},
                  {"cop", x.cop},
                  {"part_load", x.part_load},
                  {"available_capacity_W", x.available_capacity},
                  {"condenser_entering_C", c_of(x.condenser_entering)},
                  {"at_capacity", x.at_capacity}});
  j["chillers"] = ch;
  json co = json::array();
  for (const auto& x : r.coolers)
    co.push_back({{"name", net.links[static_cast<std::size_t>(x.link)].name},
                  {"type", link_type_name(net.links[static_cast<std::size_t>(x.link)].type)},
                  {"duty_W", x.duty},
                  {"fan_power_W", x.fan_power},
                  {"outlet_C", c_of(x.outlet_temperature)},
                  {"at_capacity", x.at_capacity}});
  j["coolers"] = co;
  json dg = json::array();
  for (const auto& d : r.diagnostics)
    dg.push_back({{"level", d.level == Diagnostic::Level::warning ? "warning" : "info"},
                  {"component", d.component},
                  {"message", d.message}});
  j["diagnostics"] = dg;
  return j.dump(2);
}

std::string append_summary(const std::string& summary, const Network& net, const Result& r) {
  json j = json::parse(summary);
  j["liquid"] = json::parse(summary_json(net, r));
  return j.dump(2) + "\n";
}

void write_vtk(const std::string& path, const Network& net, const Result& r) {
  std::ostringstream o;
  o.precision(10);
  const std::size_t nn = net.nodes.size(), nl = net.links.size();
  o << "<?xml version=\"1.0\"?>\n<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
    << "<PolyData>\n<Piece NumberOfPoints=\"" << nn << "\" NumberOfVerts=\"0\" NumberOfLines=\"" << nl
    << "\" NumberOfStrips=\"0\" NumberOfPolys=\"0\">\n<Points>\n"
    << "<DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">\n";
  for (const auto& n : net.nodes) o << n.position.x << " " << n.position.y << " " << n.position.z << "\n";
  o << "</DataArray>\n</Points>\n<PointData Scalars=\"temperature_C\">\n";
  auto arr = [&](const char* name, std::size_t count, auto f) {
    o << "<DataArray type=\"Float64\" Name=\"" << name << "\" format=\"ascii\">\n";
    for (std::size_t i = 0; i < count; ++i) {
      const double v = f(i);
      o << (std::isfinite(v) ? v : 0.0) << "\n";
    }
    o << "</DataArray>\n";
  };
  arr("temperature_C", nn, [&](std::size_t i) { return i < r.temperature.size() ? c_of(r.temperature[i]) : 0.0; });
  arr("pressure_Pa", nn, [&](std::size_t i) { return r.pressure[i]; });
  arr("head_m", nn, [&](std::size_t i) { return r.head[i]; });
  o << "</PointData>\n<CellData Scalars=\"flow_L_min\">\n";
  arr("flow_L_min", nl, [&](std::size_t l) { return lpm(r.flow[l]); });
  arr("velocity_m_s", nl, [&](std::size_t l) { return r.velocity[l]; });
  arr("temperature_out_C", nl, [&](std::size_t l) {
    return l < r.link_out_temperature.size() && r.link_out_temperature[l] > 0 ? c_of(r.link_out_temperature[l]) : 0.0;
  });
  arr("heat_W", nl, [&](std::size_t l) { return l < r.link_heat.size() ? r.link_heat[l] : 0.0; });
  arr("type", nl, [&](std::size_t l) { return static_cast<double>(static_cast<int>(net.links[l].type)); });
  o << "</CellData>\n<Lines>\n<DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n";
  for (const auto& l : net.links) o << l.from << " " << l.to << "\n";
  o << "</DataArray>\n<DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">\n";
  for (std::size_t l = 0; l < nl; ++l) o << 2 * (l + 1) << "\n";
  o << "</DataArray>\n</Lines>\n</Piece>\n</PolyData>\n</VTKFile>\n";
  io::write_file_atomic(path, o.str());
}

}  // namespace factwin::liquid
