// SPDX-License-Identifier: Apache-2.0
#include "factwin/io/output.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "factwin/config.hpp"
#include "factwin/core/error.hpp"

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
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ec2;
    fs::remove(tmp, ec2);
    throw IoError("cannot move " + tmp.string() + " to " + target.string() + ": " + ec.message());
  }
}

std::string grid_summary_json(const Scenario& s, const VoxelGrid& vg, const Executor& ex,
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
  j["memory_estimate_bytes"] = estimate_memory(g.num_cells(), s.solver);
  j["memory_bytes_per_cell"] = solver_bytes_per_cell(s.solver);
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
  return j.dump(2) + "\n";
}

}  // namespace factwin::io
