// SPDX-License-Identifier: Apache-2.0
#include "factwin/io/output.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "factwin/airflow/memory.hpp"
#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/units.hpp"
#include "factwin/metrics/datahall.hpp"

namespace factwin::io {

void write_file_atomic(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw IoError("cannot create directory " + target.parent_path().string() + ": " + ec.message());
  }
  std::random_device rd;
  const fs::path tmp = target.string() + ".tmp" + std::to_string(rd());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError("cannot write " + tmp.string());
    out << text;
    out.flush();
    if (!out) {
      out.close();
      fs::remove(tmp, ec);
      throw IoError("writing " + tmp.string() + " failed (disk full?)");
    }
  }
  detail::move_into_place(tmp.string(), target.string());
}

namespace detail {
void move_into_place(const std::string& tmp, const std::string& target) {
  std::error_code ec;
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::error_code ec2;
    std::filesystem::remove(tmp, ec2);
    throw IoError("cannot move " + tmp + " to " + target + ": " + ec.message());
  }
}
}  // namespace detail

namespace {
double celsius(double k) { return units::to_celsius(k); }

nlohmann::json datahall_json(const Scenario& s, const airflow::SolveResult& r) {
  using nlohmann::json;
  const metrics::DatahallFigures d = metrics::datahall_figures(s, r, r.fields.tracers.empty() ? -1 : 0);
  json racks = json::array();
  for (const auto& f : d.racks) {
    json e = {{"name", f.name}, {"power_W", f.power}, {"air_heat_W", f.air_heat}, {"airflow_m3_s", f.airflow},
              {"inlet_mean_C", celsius(f.inlet_mean)}, {"inlet_max_C", celsius(f.inlet_max)},
              {"exhaust_C", celsius(f.exhaust)}, {"ashrae", metrics::to_string(f.compliance)}};
    if (f.capture_index >= 0) e["capture_index"] = f.capture_index;
    if (f.room_airflow != f.airflow) {  // internal recirculation
      e["room_airflow_m3_s"] = f.room_airflow;
      e["server_inlet_mean_C"] = celsius(f.server_inlet);
      e["server_inlet_max_C"] = celsius(f.server_inlet_max);
    }
    if (f.rear_door_heat > 0) e["rear_door_heat_W"] = f.rear_door_heat;
    racks.push_back(e);
  }
  json coolers = json::array();
  for (const auto& f : d.coolers)
    coolers.push_back({{"name", f.name}, {"failed", f.failed}, {"airflow_m3_s", f.airflow},
                       {"return_C", celsius(f.return_temperature)}, {"supply_C", celsius(f.supply_temperature)},
                       {"load_W", f.load}, {"capacity_W", f.capacity}, {"load_fraction", f.load_fraction},
                       {"at_capacity", f.at_capacity}});
  return {{"ashrae_class", d.ashrae_class},
          {"racks", racks},
          {"coolers", coolers},
          {"hottest_inlet_C", celsius(d.hottest_inlet)},
          {"hottest_rack", d.hottest_rack},
          {"rci_hi_pct", d.rci_hi},
          {"rci_lo_pct", d.rci_lo},
          {"rti_pct", d.rti},
          {"shi", d.shi},
          {"rhi", d.rhi},
          {"supply_demand_airflow_ratio", d.supply_demand_ratio},
          {"it_heat_to_air_W", d.it_heat_to_air},
          {"heat_removed_W", d.heat_removed},
          {"rear_door_heat_W", d.rear_door_heat},
          {"energy_balance_error", d.energy_balance_error}};
}

nlohmann::json grid_summary(const Scenario& s, const SolverSettings& st, const VoxelGrid& vg, const Executor& ex,
                            const std::string& requested_backend) {
  using nlohmann::json;
  const StructuredGrid& g = vg.grid;
  json j;
  j["factwin_version"] = FACTWIN_VERSION_STRING;
  j["scenario"] = {{"name", s.name}, {"file", s.source_file}};
  j["status"] = "voxelised";
  json grid = {{"cells", {g.n(0), g.n(1), g.n(2)}},
               {"cell_count", g.num_cells()},
               {"spacing_m", {g.spacing(0), g.spacing(1), g.spacing(2)}},
               {"uniform", g.is_uniform()},
               {"fluid_cells", vg.fluid_cells},
               {"solid_cells", g.num_cells() - vg.fluid_cells},
               {"fluid_fraction", vg.fluid_fraction()}};
  j["grid"] = grid;
  j["memory_estimate_bytes"] = airflow::estimate_memory(g.num_cells(), st);
  j["memory_bytes_per_cell"] = airflow::solver_bytes_per_cell(s, st);
  j["precision"] = FACTWIN_PRECISION_NAME;
  json be = {{"requested", requested_backend},
             {"used", ex.is_cuda() ? "cuda" : "cpu"},
             {"description", ex.description()}};
  if (!ex.fallback_reason().empty()) be["fallback_reason"] = ex.fallback_reason();
  j["backend"] = be;
  json surfaces = json::array();
  for (std::size_t i = 1; i < vg.surfaces.size(); ++i) {
    const SurfaceInfo& si = vg.surfaces[i];
    static const char* const kinds[] = {"wall", "boundary", "body", "device_in", "device_out", "panel", "porous"};
    const char* kind = kinds[static_cast<int>(si.kind)];
    json e = {{"id", i}, {"name", si.name}, {"kind", kind}, {"faces", si.face_count}, {"area_m2", si.area}};
    if (si.kind != SurfaceKind::obstruction) e["declared_area_m2"] = si.declared_area;
    if (si.kind == SurfaceKind::device_in || si.kind == SurfaceKind::device_out)
      e["normal_speed_m_s"] = si.condition.inflow_speed;
    if (si.kind == SurfaceKind::porous) e["loss_coefficient"] = si.condition.loss_coefficient;
    surfaces.push_back(e);
  }
  j["surfaces"] = surfaces;
  json obst = json::array();
  for (std::size_t o = 0; o < s.obstructions.size(); ++o)
    obst.push_back({{"name", s.obstructions[o].name},
                    {"volume_m3", s.obstructions[o].box.volume()},
                    {"voxel_volume_m3", vg.obstruction_volume[o]}});
  j["obstructions"] = obst;
  json racks = json::array();
  for (const auto& b : vg.bodies) {
    if (b.kind != BodyKind::rack) continue;
    const Rack& r = s.racks[b.source_index];
    racks.push_back({{"name", r.name}, {"power_W", r.power}, {"airflow_m3_s", r.airflow},
                     {"liquid_fraction", r.liquid_fraction}, {"voxel_volume_m3", b.volume},
                     {"intake_area_m2", vg.surfaces[b.in_surface].area},
                     {"exhaust_area_m2", vg.surfaces[b.out_surface].area}});
  }
  if (!racks.empty()) j["racks"] = racks;
  json coolers = json::array();
  for (const auto& b : vg.bodies) {
    if (b.kind != BodyKind::cooler) continue;
    const Cooler& c = s.coolers[b.source_index];
    coolers.push_back({{"name", c.name}, {"airflow_m3_s", b.flow}, {"failed", c.failed},
                       {"capacity_W", c.capacity}, {"setpoint_K", c.setpoint},
                       {"return_area_m2", vg.surfaces[b.in_surface].area},
                       {"supply_area_m2", vg.surfaces[b.out_surface].area}});
  }
  if (!coolers.empty()) j["coolers"] = coolers;
  json hs = json::array();
  double total = 0;
  for (const auto& h : vg.heat_sources) {
    double p = 0;
    for (double w : h.power) p += w;
    total += p;
    hs.push_back({{"name", h.name}, {"power_W", h.declared_power}, {"voxel_power_W", p}, {"cells", h.cells.size()}});
  }
  j["heat_sources"] = hs;
  j["total_heat_W"] = total;
  return j;
}
}  // namespace

std::string grid_summary_json(const Scenario& s, const SolverSettings& st, const VoxelGrid& vg, const Executor& ex,
                              const std::string& requested_backend) {
  return grid_summary(s, st, vg, ex, requested_backend).dump(2) + "\n";
}

std::string run_summary_json(const Scenario& s, const SolverSettings& st, const VoxelGrid& vg, const Executor& ex,
                             const std::string& requested_backend, const airflow::SolveResult& r) {
  using nlohmann::json;
  json j = grid_summary(s, st, vg, ex, requested_backend);
  j["status"] = r.converged ? "converged" : r.stop_reason;
  json hist = json::array();
  for (const auto& h : r.history)
    hist.push_back({h.iteration, h.time, h.momentum, h.energy, h.mass, h.storage});
  j["solver"] = {{"mode", st.mode == SolveMode::steady ? "steady" : "transient"},
                 {"turbulence", st.turbulence == TurbulenceModel::laminar
                                    ? "laminar"
                                    : (st.turbulence == TurbulenceModel::zero_equation ? "zero_equation" : "k_epsilon")},
                 {"converged", r.converged},
                 {"stop_reason", r.stop_reason},
                 {"iterations", r.iterations},
                 {"simulated_time_s", r.simulated_time},
                 {"tolerance", r.tolerance},
                 {"final_residuals", {{"momentum", r.final_residual.momentum},
                                      {"energy", r.final_residual.energy},
                                      {"mass", r.final_residual.mass},
                                      {"heat_storage", r.final_residual.storage}}},
                 {"residual_history_columns", {"iteration", "time_s", "momentum", "energy", "mass", "heat_storage"}},
                 {"residual_history", hist},
                 {"wall_time_s", r.wall_seconds},
                 {"cell_updates_per_s", r.cell_updates_per_second},
                 {"cells", r.cells},
                 {"backend", r.backend},
                 {"precision", r.precision}};
  json sf = json::array();
  for (const auto& f : r.surfaces)
    sf.push_back({{"name", f.name}, {"kind", f.kind}, {"area_m2", f.area}, {"mass_flow_kg_s", f.mass_flow},
                  {"heat_flow_W", f.heat_flow}, {"mean_temperature_K", f.mean_temperature}});
  j["surface_flows"] = sf;
  j["surface_flows_sign"] = "positive into the air; heat flow = wall conduction + enthalpy relative to the reference temperature";
  j["balance"] = {{"heat_sources_W", r.heat_sources},
                  {"heat_in_W", r.heat_in},
                  {"heat_out_W", r.heat_out},
                  {"energy_imbalance", r.energy_imbalance},
                  {"net_mass_flow_kg_s", r.net_mass_flow},
                  {"through_mass_flow_kg_s", r.through_mass_flow}};
  if (!r.devices.empty()) j["datahall"] = datahall_json(s, r);
  return j.dump(2) + "\n";
}

std::string run_report_text(const Scenario& s, const airflow::SolveResult& r) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(2);
  os << "factwin report: " << s.name << "\n";
  os << "solver: " << (r.converged ? "converged" : r.stop_reason) << " after " << r.iterations << " iterations, "
     << r.wall_seconds << " s on " << r.backend << " (" << r.precision << ")\n";
  os.precision(3);
  os << "residuals: momentum " << r.final_residual.momentum << ", energy " << r.final_residual.energy
     << ", mass " << r.final_residual.mass << " (tolerance " << r.tolerance << ")\n";
  os << "energy imbalance: " << r.energy_imbalance * 100 << " %\n";
  if (!r.devices.empty()) {
    const metrics::DatahallFigures d = metrics::datahall_figures(s, r, r.fields.tracers.empty() ? -1 : 0);
    os.precision(1);
    os << "\nracks (ASHRAE " << d.ashrae_class << "):\n";
    for (const auto& f : d.racks) {
      os << "  " << f.name << ": " << f.power / 1e3 << " kW, inlet mean " << celsius(f.inlet_mean) << " C, max "
         << celsius(f.inlet_max) << " C, exhaust " << celsius(f.exhaust) << " C, " << metrics::to_string(f.compliance);
      if (f.capture_index >= 0) os << ", CI " << f.capture_index;
      if (f.room_airflow != f.airflow) os << ", servers breathe " << celsius(f.server_inlet) << " C (recirculation)";
      if (f.rear_door_heat > 0) os << ", rear door " << f.rear_door_heat / 1e3 << " kW";
      os << "\n";
    }
    os << "coolers:\n";
    for (const auto& f : d.coolers) {
      os << "  " << f.name << ": ";
      if (f.failed) {
        os << "FAILED (off)\n";
        continue;
      }
      os << "load " << f.load / 1e3 << " kW";
      if (f.capacity > 0) os << " of " << f.capacity / 1e3 << " kW (" << f.load_fraction * 100 << " %)";
      os << ", return " << celsius(f.return_temperature) << " C, supply " << celsius(f.supply_temperature) << " C"
         << (f.at_capacity ? " (AT CAPACITY: supply above setpoint)" : "") << "\n";
    }
    os << "hottest inlet: " << celsius(d.hottest_inlet) << " C at " << d.hottest_rack << "\n";
    os << "RCI_HI " << d.rci_hi << " %, RCI_LO " << d.rci_lo << " %, RTI " << d.rti << " %, SHI "
       << d.shi << ", RHI " << d.rhi << ", supply/demand airflow " << d.supply_demand_ratio << "\n";
    os << "energy balance: IT heat to air " << d.it_heat_to_air / 1e3 << " kW, removed " << d.heat_removed / 1e3
       << " kW";
    if (d.rear_door_heat > 0) os << " (of which rear doors " << d.rear_door_heat / 1e3 << " kW)";
    os << " (" << d.energy_balance_error * 100 << " %)\n";
  }
  return os.str();
}

}  // namespace factwin::io
