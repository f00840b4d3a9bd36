// SPDX-License-Identifier: Apache-2.0
// Diagnostics and results of the airflow solver: the scaled residuals of an iteration (docs/solver.md
// Eqs. S-8, S-9), the numerical-failure report (last good state kept), and the results collected on
// the host: cell-centred fields, surface mass and heat flows, the energy balance and device states.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "airflow/solver_state.hpp"
#include "factwin/core/error.hpp"

namespace factwin::airflow::detail {

ResidualRecord Solver::residuals(long it, real dt) {
  // Explicit path: du/dt and dT/dt of the step. Implicit path: the same rates of the explicit
  // scheme, i.e. the steady residuals at the start of the iteration (docs/solver.md Eq. S-8).
  double faces_total = 0;
  for (int a = 0; a < 3; ++a) faces_total += static_cast<double>(nface_[a]);
  double du2 = 0, dT2 = 0, dTsum = 0;
  if (implicit_) {
    for (int a = 0; a < 3; ++a) du2 += FW_CALL(sum_squares, mres_[a].data(), nface_[a]);
    dT2 = FW_CALL(sum_squares, sres_.data(), ncell_);
    dTsum = FW_CALL(sum, sres_.data(), ncell_);
  } else {
    for (int a = 0; a < 3; ++a) du2 += FW_CALL(sum_sq_diff, vel_new_[a].data(), vel_[a].data(), nface_[a]);
    dT2 = FW_CALL(sum_sq_diff, T_new_.data(), T_.data(), ncell_);
    dTsum = FW_CALL(sum_diff, T_new_.data(), T_.data(), ncell_);
    du2 /= static_cast<double>(dt) * dt;
    dT2 /= static_cast<double>(dt) * dt;
    dTsum /= dt;
  }
  ResidualRecord r;
  r.iteration = it;
  r.time = sim_time_;
  r.momentum = std::sqrt(du2 / faces_total) * L_ref_ / (U_ref_ * U_ref_);
  r.energy = std::sqrt(dT2 / static_cast<double>(fluid_cells_)) * L_ref_ / (U_ref_ * dT_ref_);
  // heat being stored in the air (W): a slow global drift the local residuals can miss
  const double cell_volume = static_cast<double>(g_.h[0]) * g_.h[1] * g_.h[2];
  r.storage = rho_ * cp_ * cell_volume * dTsum / q_scale_;
  // continuity after projection
  ProjectArgs p = project_args(1);
  Level& L0 = pressure_.finest();
  LevelGpu l0 = L0.view();
  l0.rhs = L0.res.data();  // scratch
  FW_CALL(divergence, l0, p);
  // (the opening-pressure term is not part of the divergence: recompute without it)
  const double div2 = FW_CALL(mg_sum_squares, l0, L0.res.data());
  r.mass = std::sqrt(div2 / static_cast<double>(fluid_cells_)) * L_ref_ / U_ref_;
  return r;
}

void Solver::fail_numerical(const std::string& field, const real* data, index_t n, bool faces, int axis) {
  // Locate the worst value on the host, save the last good state, then throw.
  std::vector<real> h(static_cast<std::size_t>(n));
  if (on_device_) cuda::copy_to_host(h.data(), data, h.size() * sizeof(real));
  else std::copy(data, data + n, h.begin());
  index_t worst = 0;
  double wv = -1;
  for (index_t i = 0; i < n; ++i) {
    const double v = std::isfinite(h[i]) ? std::abs(static_cast<double>(h[i]) - (field == "temperature" ? t_ref_ : 0.0))
                                         : std::numeric_limits<double>::infinity();
    if (v > wv) {
      wv = v;
      worst = i;
    }
  }
  int ijk[3];
  const int nx = faces ? g_.fn(axis, 0) : g_.n[0], ny = faces ? g_.fn(axis, 1) : g_.n[1];
  ijk[0] = static_cast<int>(worst % nx);
  ijk[1] = static_cast<int>((worst / nx) % ny);
  ijk[2] = static_cast<int>(worst / (static_cast<index_t>(nx) * ny));
  SolveResult last = result_;
  collect(last, /*use_new=*/true);  // the *_new buffers hold the previous, good state
  last.stop_reason = "numerical failure";
  if (opt_.on_failure) opt_.on_failure(last);
  std::ostringstream os;
  os << "the solution diverged at iteration " << result_.iterations << ": field '" << field << "' is "
     << (std::isfinite(wv) ? "out of bounds (" + std::to_string(wv) + ")" : std::string("NaN or infinite"))
     << " at " << (faces ? "face" : "cell") << " (" << ijk[0] << ", " << ijk[1] << ", " << ijk[2]
     << "); the last good fields were kept. Reduce solver.cfl or refine the grid";
  throw NumericalError(os.str(), field, result_.iterations, {ijk[0], ijk[1], ijk[2]});
}

void Solver::collect(SolveResult& r, bool use_new) {
  // Final pressure-consistent coupling state (device temperatures) and fields to the host.
  const auto& V = use_new ? vel_new_ : vel_;
  const Buffer<real>& Tb = use_new ? T_new_ : T_;
  std::array<std::vector<real>, 3> vel;
  for (int a = 0; a < 3; ++a) vel[a] = V[a].to_host();
  const std::vector<real> T = Tb.to_host();
  const std::vector<real> p = (implicit_ ? p_ : pressure_.finest().phi).to_host();
  const std::vector<real> nut = turb_->eddy_viscosity_to_host();  // empty when laminar
  std::vector<SurfaceGpu> surf = surf_.to_host();
  std::vector<DeviceGpu> dev = dev_.to_host();
  HostFields& F = r.fields;
  F.cells = {g_.n[0], g_.n[1], g_.n[2]};
  F.origin = vg_.grid.bounds().lo;
  F.spacing = {g_.h[0], g_.h[1], g_.h[2]};
  const std::size_t nc = static_cast<std::size_t>(ncell_);
  F.u.assign(nc, 0);
  F.v.assign(nc, 0);
  F.w.assign(nc, 0);
  F.p.assign(nc, 0);
  F.T.assign(nc, 0);
  F.nut.assign(nc, 0);
  F.solid.assign(nc, 0);
  for (int k = 0; k < g_.n[2]; ++k)
    for (int j = 0; j < g_.n[1]; ++j)
      for (int i = 0; i < g_.n[0]; ++i) {
        const index_t c = g_.cell(i, j, k);
        F.u[c] = 0.5 * (vel[0][g_.face(0, i, j, k)] + vel[0][g_.face(0, i + 1, j, k)]);
        F.v[c] = 0.5 * (vel[1][g_.face(1, i, j, k)] + vel[1][g_.face(1, i, j + 1, k)]);
        F.w[c] = 0.5 * (vel[2][g_.face(2, i, j, k)] + vel[2][g_.face(2, i, j, k + 1)]);
        F.p[c] = rho_ * p[c];
        F.T[c] = T[c];
        if (turbulent_) F.nut[c] = nut[c];
        F.solid[c] = vg_.cell_type[c] == CellType::solid ? 1 : 0;
        if (F.solid[c]) F.u[c] = F.v[c] = F.w[c] = F.p[c] = 0;
      }
  F.u_face.assign(vel[0].begin(), vel[0].end());
  F.v_face.assign(vel[1].begin(), vel[1].end());
  F.w_face.assign(vel[2].begin(), vel[2].end());
  F.k.clear();
  F.eps.clear();
  turb_->collect(F, use_new);  // k-epsilon: k and eps
  F.tracers.clear();
  F.tracer_names.clear();
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    const std::vector<real> h = (use_new ? tr_new_[t] : tr_[t]).to_host();
    F.tracers.emplace_back(h.begin(), h.end());
    F.tracer_names.push_back(opt_.tracer_names[t]);
  }

  // per-surface mass and heat flows (positive into the air), same fluxes as the kernels
  std::vector<SurfaceFlow> flows(vg_.surfaces.size());
  std::vector<double> tsum(vg_.surfaces.size(), 0), wsum(vg_.surfaces.size(), 0);
  static const char* const kinds[] = {"wall", "boundary", "body", "device_in", "device_out", "panel", "porous"};
  for (std::size_t i = 0; i < vg_.surfaces.size(); ++i) {
    flows[i].name = vg_.surfaces[i].name;
    flows[i].kind = kinds[static_cast<int>(vg_.surfaces[i].kind)];
    flows[i].area = vg_.surfaces[i].area;
  }
  const double rcp = rho_ * cp_;
  for (int a = 0; a < 3; ++a)
    for (int k = 0; k < g_.fn(a, 2); ++k)
      for (int j = 0; j < g_.fn(a, 1); ++j)
        for (int i = 0; i < g_.fn(a, 0); ++i) {
          const index_t fi = g_.face(a, i, j, k);
          const std::uint16_t id = vg_.face_surface[a][fi];
          if (id == 0) continue;
          int lo[3] = {i, j, k};
          lo[a] -= 1;
          const bool air_lo = g_.inside(lo[0], lo[1], lo[2]) && !F.solid[g_.cell(lo[0], lo[1], lo[2])];
          const bool air_hi = g_.inside(i, j, k) && !F.solid[g_.cell(i, j, k)];
          const int ijk[3] = {i, j, k};
          const double area = vg_.grid.width((a + 1) % 3, ijk[(a + 1) % 3]) * vg_.grid.width((a + 2) % 3, ijk[(a + 2) % 3]);
          SurfaceFlow& sf = flows[id];
          if (air_lo && air_hi) {  // porous / panel: flow along +axis
            sf.mass_flow += rho_ * vel[a][fi] * area;
            continue;
          }
          if (!air_lo && !air_hi) continue;
          const index_t c = air_hi ? g_.cell(i, j, k) : g_.cell(lo[0], lo[1], lo[2]);
          const double un = (air_hi ? 1.0 : -1.0) * vel[a][fi];  // into the air
          const SurfaceGpu& sg = surf[id];
          sf.mass_flow += rho_ * un * area;
          if (un > 0) {
            sf.heat_flow += rcp * un * area * (sg.t_in - t_ref_);
            tsum[id] += un * area * sg.t_in;
            wsum[id] += un * area;
          } else if (un < 0) {
            sf.heat_flow += rcp * un * area * (T[c] - t_ref_);
            tsum[id] += -un * area * T[c];
            wsum[id] += -un * area;
          } else {
            const double kc = rcp * (alpha_ + (turbulent_ ? nut[c] / turbulent_prandtl : 0.0));
            if (sg.thermal == 1) sf.heat_flow += kc * (sg.t_wall - T[c]) * 2.0 / g_.h[a] * area;
            else if (sg.thermal == 2) sf.heat_flow += rcp * sg.q_wall * area;
            tsum[id] += area * T[c];
            wsum[id] += area;
          }
        }
  r.surfaces.clear();
  double net_mass = 0, through = 0, heat_pos = 0, heat_net = 0;
  for (std::size_t i = 1; i < flows.size(); ++i) {
    flows[i].mean_temperature = wsum[i] > 0 ? tsum[i] / wsum[i] : 0.0;
    const SurfaceKind kd = vg_.surfaces[i].kind;
    if (kd == SurfaceKind::panel || kd == SurfaceKind::porous) {
      r.surfaces.push_back(flows[i]);
      continue;
    }
    net_mass += flows[i].mass_flow;
    if (flows[i].mass_flow > 0) through += flows[i].mass_flow;
    heat_net += flows[i].heat_flow;
    if (flows[i].heat_flow > 0) heat_pos += flows[i].heat_flow;
    r.surfaces.push_back(flows[i]);
  }
  double sources = 0;
  for (const auto& h : vg_.heat_sources) sources += h.declared_power;
  r.heat_sources = sources;
  r.net_mass_flow = net_mass;
  r.through_mass_flow = through;
  r.heat_in = heat_pos + sources;
  r.heat_out = heat_pos + sources - (heat_net + sources);
  r.energy_imbalance = r.heat_in > 0 ? (heat_net + sources) / r.heat_in : 0.0;

  r.devices.clear();
  for (std::size_t d = 0; d < dev.size(); ++d) {
    const VoxelBody& b = vg_.bodies[static_cast<std::size_t>(dev_body_[d])];
    DeviceState st;
    st.name = b.name;
    st.kind = b.kind == BodyKind::rack ? "rack" : "cooler";
    st.flow = dev[d].kind == 1 ? static_cast<double>(dev[d].flow) : b.flow;
    st.server_inlet_temperature = dev[d].kind == 1 ? static_cast<double>(dev[d].t_server) : 0.0;
    st.rear_door_heat = dev[d].kind == 1 ? rcp * static_cast<double>(dev[d].rd_removed) : 0.0;
    // intake mean from the final field (flux-weighted over intake faces)
    const SurfaceFlow& in = flows[b.in_surface];
    st.inlet_temperature = in.mean_temperature;
    st.outlet_temperature = surf[b.out_surface].t_in;
    double tmax = 0;  // hottest air cell in front of the intake (face list built at set-up)
    for (index_t q = dev_host_[d].in_begin; q < dev_host_[d].in_end; ++q)
      tmax = std::max(tmax, static_cast<double>(T[dev_faces_host_[q].cell]));
    st.inlet_max_temperature = tmax;
    st.saturated = dev[d].saturated != 0;
    st.duty = rcp * st.flow * (st.kind == std::string("rack") ? st.outlet_temperature - st.inlet_temperature
                                                             : st.inlet_temperature - st.outlet_temperature);
    for (std::size_t t = 0; t < tr_.size(); ++t) st.tracer_in.push_back(dev[d].tracer_in[t]);
    r.devices.push_back(st);
  }
}

}  // namespace factwin::airflow::detail
