// SPDX-License-Identifier: Apache-2.0
// Equipment coupling of the airflow solver: racks (heat, airflow rising with the inlet
// temperature, internal recirculation, rear-door heat exchangers) and coolers (supply or return
// control, capacity) as compact models joining their intake faces to their exhaust surface; the
// device list at set-up and the coupling kernel of each iteration (docs/datahall.md).
#include "airflow/solver_state.hpp"

namespace factwin::airflow::detail {

void Solver::setup_devices() {
  std::vector<DeviceFace> faces;
  const StructuredGrid& grid = vg_.grid;
  for (std::size_t bi = 0; bi < vg_.bodies.size(); ++bi) {
    const VoxelBody& b = vg_.bodies[bi];
    if (b.kind == BodyKind::obstruction) continue;
    DeviceGpu d;
    d.kind = b.kind == BodyKind::rack ? 1 : 2;
    d.in_surface = b.in_surface;
    d.out_surface = b.out_surface;
    d.flow = static_cast<real>(b.flow);
    if (b.kind == BodyKind::rack) {
      const Rack& r = s_.racks[b.source_index];
      d.heat = static_cast<real>(r.power * (1 - r.liquid_fraction) / (rho_ * cp_));
      d.recirculation = static_cast<real>(r.recirculation);
      d.flow0 = d.flow;
      d.t_server = static_cast<real>(t_ref_);
      if (r.airflow_per_kelvin > 0 && r.airflow_reference_temperature > 0) {
        d.per_kelvin = static_cast<real>(r.airflow_per_kelvin);
        d.flow_t_ref = static_cast<real>(r.airflow_reference_temperature);
        d.speed_in0 = surf_host_[b.in_surface].speed;
        d.speed_out0 = surf_host_[b.out_surface].speed;
        dynamic_flow_ = true;
        check_variable_flow_rack(b);
      }
      for (const RearDoor& rd : s_.rear_doors) {
        if (rd.rack != r.name) continue;
        d.rd_mode = rd.capacity > 0 ? 2 : 1;
        d.rd_eff = static_cast<real>(rd.effectiveness);
        d.rd_tw = static_cast<real>(rd.water_temperature);
        d.rd_cap = static_cast<real>(rd.capacity / (rho_ * cp_));
      }
    } else {
      const Cooler& c = s_.coolers[b.source_index];
      d.capacity = static_cast<real>(c.capacity / (rho_ * cp_));
      d.setpoint = static_cast<real>(c.setpoint);
      d.return_control = c.control == CoolerControl::return_air ? 1 : 0;
      if (c.failed) d.kind = 0;  // no coupling
    }
    d.in_begin = static_cast<index_t>(faces.size());
    const double area = vg_.surfaces[b.in_surface].area;
    for (int a = 0; a < 3; ++a)
      for (int k = 0; k < g_.fn(a, 2); ++k)
        for (int j = 0; j < g_.fn(a, 1); ++j)
          for (int i = 0; i < g_.fn(a, 0); ++i) {
            const index_t fi = g_.face(a, i, j, k);
            if (vg_.face_surface[a][fi] != b.in_surface) continue;
            int lo[3] = {i, j, k};
            lo[a] -= 1;
            const bool air_hi = g_.inside(i, j, k) && vg_.cell_type[g_.cell(i, j, k)] == CellType::fluid;
            const index_t cell = air_hi ? g_.cell(i, j, k) : g_.cell(lo[0], lo[1], lo[2]);
            const int t1 = (a + 1) % 3, t2 = (a + 2) % 3;
            const int ijk[3] = {i, j, k};
            const double fa = grid.width(t1, ijk[t1]) * grid.width(t2, ijk[t2]);
            faces.push_back({cell, static_cast<real>(fa / area)});
          }
    d.in_end = static_cast<index_t>(faces.size());
    dev_host_.push_back(d);
    dev_body_.push_back(static_cast<int>(bi));
  }
  dev_ = Buffer<DeviceGpu>(dev_host_, on_device_);
  dev_faces_ = Buffer<DeviceFace>(faces, on_device_);
  dev_faces_host_ = std::move(faces);
}

void Solver::couple_devices_step() {
  if (!dev_host_.empty()) {
    DeviceArgs d;
    d.dev = dev_.data();
    d.ndev = static_cast<int>(dev_host_.size());
    d.faces = dev_faces_.data();
    d.surf = surf_.data();
    d.T = T_.data();
    for (std::size_t t = 0; t < tr_.size(); ++t) d.tracer[t] = tr_[t].data();
    d.ntracer = static_cast<int>(tr_.size());
    d.relax = real(0.05);
    FW_CALL(couple_devices, d);
    if (dynamic_flow_)  // rack face speeds follow their airflow: refresh the prescribed normal velocities
      for (int a = 0; a < 3; ++a)
        FW_CALL(set_fixed_faces, g_, solid_.data(), ftype_[a].data(), fid_[a].data(), surf_.data(), vel_[a].data(), a);
  }
}

}  // namespace factwin::airflow::detail
