// SPDX-License-Identifier: Apache-2.0
// Set-up step of the airflow solver: grid, fluid properties, boundary surfaces, face types and the
// reference scales from the voxelised scenario, then the fields (velocity, temperature, heat
// sources, turbulence, tracers) and the arrays of the steady implicit iteration (docs/solver.md).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "airflow/solver_state.hpp"
#include "factwin/config.hpp"

namespace factwin::airflow::detail {

Solver::Solver(const Scenario& s, const SolverSettings& settings, const VoxelGrid& vg, const Executor& ex,
               const SolveOptions& opt)
    : s_(s),
      st_(settings),
      vg_(vg),
      opt_(opt),
      kernels_(ex, opt.profile_kernels),
      on_device_(ex.kernels_on_device()),
      pressure_(kernels_, on_device_),
      aa_(kernels_, on_device_) {
  result_.backend = ex.description();
  result_.precision = FACTWIN_PRECISION_NAME;
  setup();
}

void Solver::setup() {
  const StructuredGrid& grid = vg_.grid;
  for (int a = 0; a < 3; ++a) {
    g_.n[a] = grid.n(a);
    g_.h[a] = static_cast<real>(grid.spacing(a));
    g_.ih[a] = real(1) / g_.h[a];
    g_.ih2[a] = g_.ih[a] * g_.ih[a];
  }
  ncell_ = g_.cells();
  for (int a = 0; a < 3; ++a) nface_[a] = g_.faces(a);
  const Fluid& f = s_.fluid;
  nu_ = f.kinematic_viscosity();
  alpha_ = f.diffusivity();
  rho_ = f.density;
  cp_ = f.specific_heat;
  beta_T_ = f.expansion_coefficient;
  t_ref_ = f.reference_temperature;
  turb_ = make_turbulence_model(st_.turbulence, kernels_);
  turbulent_ = turb_->has_eddy_viscosity();
  kernels_.set_turbulent(turbulent_);
  // steady runs take the implicit iteration (k-epsilon too); SolveOptions::explicit_steady verifies it
  implicit_ = st_.mode == SolveMode::steady && !opt_.explicit_steady;
  anderson_depth_ = implicit_ ? effective_anderson_depth(s_, st_) : 0;

  // cells
  std::vector<std::uint8_t> solid(static_cast<std::size_t>(ncell_));
  for (index_t c = 0; c < ncell_; ++c) solid[c] = vg_.cell_type[c] == CellType::solid ? 1 : 0;
  fluid_cells_ = vg_.fluid_cells;
  solid_ = Buffer<std::uint8_t>(solid, on_device_);

  double max_speed = 0;
  std::vector<double> temps;
  setup_surfaces(max_speed, temps);
  setup_faces(solid);
  check_sealed_regions(solid);
  setup_reference_scales(max_speed, temps);
  setup_fields();
  {
    std::vector<std::uint8_t> act(static_cast<std::size_t>(ncell_));  // cells the pressure is solved in
    for (index_t c = 0; c < ncell_; ++c) act[c] = vg_.cell_type[c] == CellType::fluid ? 1 : 0;
    pressure_.setup(g_, act, fluid_cells_);
  }
  setup_devices();
  if (implicit_) setup_implicit();
  if (opt_.initial) setup_initial_state(*opt_.initial);
}

void Solver::setup_surfaces(double& max_speed, std::vector<double>& temps) {
  surf_host_.resize(vg_.surfaces.size());
  for (std::size_t i = 0; i < vg_.surfaces.size(); ++i) {
    const SurfaceInfo& si = vg_.surfaces[i];
    SurfaceGpu& g = surf_host_[i];
    const SurfaceCondition& c = si.condition;
    g.flow = static_cast<std::uint8_t>(c.flow);
    g.thermal = static_cast<std::uint8_t>(c.thermal);
    g.speed = static_cast<real>(c.inflow_speed);
    g.t_in = static_cast<real>(c.inflow_temperature > 0 ? c.inflow_temperature : t_ref_);
    g.t_wall = static_cast<real>(c.temperature);
    g.q_wall = static_cast<real>(c.heat_flux / (rho_ * cp_));
    g.p_open = static_cast<real>(c.pressure / rho_);
    g.loss = static_cast<real>(c.loss_coefficient);
    for (int a = 0; a < 3; ++a) g.wall_vel[a] = static_cast<real>(c.velocity[a]);
    max_speed = std::max({max_speed, std::abs(c.inflow_speed), std::abs(c.velocity.x), std::abs(c.velocity.y),
                          std::abs(c.velocity.z)});
    if (c.thermal == ThermalCondition::temperature) temps.push_back(c.temperature);
    if ((c.flow == FlowCondition::velocity_inlet || c.flow == FlowCondition::pressure_opening) &&
        c.inflow_temperature > 0)
      temps.push_back(c.inflow_temperature);
  }
  // tracer 0 ("supply_air"): released at cooler supplies and inlet patches
  for (const VoxelBody& b : vg_.bodies)
    if (b.kind == BodyKind::cooler) surf_host_[b.out_surface].scalar_in[0] = 1;
  for (std::size_t i = 0; i < vg_.surfaces.size(); ++i)
    if (vg_.surfaces[i].kind == SurfaceKind::patch &&
        vg_.surfaces[i].condition.flow == FlowCondition::velocity_inlet)
      surf_host_[i].scalar_in[0] = 1;
}

void Solver::setup_faces(const std::vector<std::uint8_t>& solid) {
  for (int a = 0; a < 3; ++a) {
    std::vector<std::uint8_t> type(static_cast<std::size_t>(nface_[a]));
    for (int k = 0; k < g_.fn(a, 2); ++k)
      for (int j = 0; j < g_.fn(a, 1); ++j)
        for (int i = 0; i < g_.fn(a, 0); ++i) {
          const index_t fi = g_.face(a, i, j, k);
          int lo[3] = {i, j, k};
          lo[a] -= 1;
          const bool air_lo = g_.inside(lo[0], lo[1], lo[2]) && !solid[g_.cell(lo[0], lo[1], lo[2])];
          const bool air_hi = g_.inside(i, j, k) && !solid[g_.cell(i, j, k)];
          const std::uint16_t id = vg_.face_surface[a][fi];
          std::uint8_t t = face_inactive;
          if (air_lo && air_hi) {
            if (id == 0) {
              t = face_active;
            } else if (vg_.surfaces[id].condition.flow == FlowCondition::porous) {
              t = face_porous;
              has_porous_ = true;
            } else {
              t = face_fixed;  // sealed panel
            }
          } else if (air_lo || air_hi) {
            t = vg_.surfaces[id].condition.flow == FlowCondition::pressure_opening ? face_opening : face_fixed;
          }
          type[fi] = t;
        }
    ftype_[a] = Buffer<std::uint8_t>(type, on_device_);
    comp_moves_[a] = std::any_of(type.begin(), type.end(), [](std::uint8_t t) {
      return t == face_active || t == face_porous || t == face_opening;
    });
    ftype_host_[a] = type;
    fid_[a] = Buffer<std::uint16_t>(vg_.face_surface[a], on_device_);
  }
}

void Solver::setup_reference_scales(double max_speed, std::vector<double>& temps) {
  // reference scales for the scaled residuals (docs/solver.md Eq. S-8)
  double dT = 0;
  for (int a = 0; a < 3; ++a) L_ref_ = std::max(L_ref_ * (a ? 1.0 : 0.0), s_.hall.extent[a]);
  L_ref_ = std::max({s_.hall.extent.x, s_.hall.extent.y, s_.hall.extent.z});
  if (!temps.empty()) {
    temps.push_back(t_ref_);
    dT = *std::max_element(temps.begin(), temps.end()) - *std::min_element(temps.begin(), temps.end());
  }
  double q_total = 0;
  for (const auto& h : vg_.heat_sources) q_total += h.declared_power;
  for (const auto& r : s_.racks) q_total += r.power * (1 - r.liquid_fraction);
  double wall_q = 0;
  for (const auto& si : vg_.surfaces)
    if (si.condition.thermal == ThermalCondition::heat_flux) wall_q += std::abs(si.condition.heat_flux) * si.area;
  q_total += wall_q;
  double flow_total = 0;
  for (const auto& b : vg_.bodies) flow_total += b.flow;
  for (const auto& si : vg_.surfaces)
    if (si.kind == SurfaceKind::patch && si.condition.flow == FlowCondition::velocity_inlet)
      flow_total += si.condition.inflow_speed * si.area;
  if (q_total > 0 && flow_total > 0) dT = std::max(dT, q_total / (rho_ * cp_ * flow_total));
  if (q_total > 0 && flow_total == 0) {
    // closed box heated inside: conduction/convection scale
    dT = std::max(dT, q_total / (rho_ * cp_ * alpha_ * L_ref_));
  }
  dT_ref_ = std::max(dT, 1e-3);
  q_scale_ = q_total;
  const double gmag = std::sqrt(s_.gravity.x * s_.gravity.x + s_.gravity.y * s_.gravity.y + s_.gravity.z * s_.gravity.z);
  const double u_buoy = std::sqrt(gmag * beta_T_ * dT_ref_ * L_ref_);
  U_ref_ = std::max({max_speed, u_buoy, nu_ / L_ref_, alpha_ / L_ref_});
  // heat-rate scale of the storage criterion: the heat load, or the advective scale rho cp U dT A
  const double volume = s_.hall.extent.x * s_.hall.extent.y * s_.hall.extent.z;
  q_scale_ = std::max(q_scale_, rho_ * cp_ * U_ref_ * dT_ref_ * volume / L_ref_);
}

void Solver::setup_fields() {
  const StructuredGrid& grid = vg_.grid;
  const real t0 = static_cast<real>(st_.initial_temperature > 0 ? st_.initial_temperature : t_ref_);
  for (int a = 0; a < 3; ++a) {
    vel_[a] = Buffer<real>(nface_[a], on_device_);
    vel_new_[a] = Buffer<real>(nface_[a], on_device_);
  }
  surf_ = Buffer<SurfaceGpu>(surf_host_, on_device_);
  {
    // the tangential wall codes of every face (fixed geometry: once)
    for (int a = 0; a < 3; ++a) tcode_[a] = Buffer<std::uint8_t>(nface_[a], on_device_);
    MomentumArgs m{};  // tangential_codes reads the grid, the surface ids and the surfaces only
    m.g = g_;
    m.surf = surf_.data();
    for (int a = 0; a < 3; ++a) m.fid[a] = fid_[a].data();
    for (int a = 0; a < 3; ++a) {
      m.comp = a;
      FW_CALL(tangential_codes, m, tcode_[a].data());
    }
  }
  for (int a = 0; a < 3; ++a) {
    FW_CALL(fill, vel_[a].data(), nface_[a], real(0));
    FW_CALL(set_fixed_faces, g_, solid_.data(), ftype_[a].data(), fid_[a].data(), surf_.data(), vel_[a].data(), a);
    FW_CALL(copy, vel_new_[a].data(), vel_[a].data(), nface_[a]);
  }
  T_ = Buffer<real>(ncell_, on_device_);
  T_new_ = Buffer<real>(ncell_, on_device_);
  FW_CALL(fill, T_.data(), ncell_, t0);
  FW_CALL(fill, T_new_.data(), ncell_, t0);
  std::vector<real> src(static_cast<std::size_t>(ncell_), real(0));
  for (const auto& h : vg_.heat_sources)
    for (std::size_t q = 0; q < h.cells.size(); ++q) {
      const index_t c = h.cells[q];
      const int i = static_cast<int>(c % g_.n[0]);
      const int j = static_cast<int>((c / g_.n[0]) % g_.n[1]);
      const int k = static_cast<int>(c / (static_cast<index_t>(g_.n[0]) * g_.n[1]));
      src[c] += static_cast<real>(h.power[q] / (rho_ * cp_ * grid.cell_volume(i, j, k)));
    }
  src_T_ = Buffer<real>(src, on_device_);

  // the turbulence model's fields (nu_t, wall distance, k and eps with their inflow values)
  TurbulenceSetup ts;
  ts.scenario = &s_;
  ts.voxels = &vg_;
  ts.g = g_;
  ts.solid = solid_.data();
  ts.nu = nu_;
  ts.L_ref = L_ref_;
  ts.U_ref = U_ref_;
  ts.surf_host = &surf_host_;
  ts.surf = &surf_;
  ts.fail = [this](const std::string& field, const real* data) { fail_numerical(field, data, ncell_, false, 0); };
  turb_->allocate(ts);

  const std::size_t ntr =
      std::min<std::size_t>(opt_.tracer_names.size(), static_cast<std::size_t>(turb_->tracer_slots()));
  for (std::size_t t = 0; t < ntr; ++t) {
    tr_.emplace_back(ncell_, on_device_);
    tr_new_.emplace_back(ncell_, on_device_);
    FW_CALL(fill, tr_.back().data(), ncell_, real(0));
    FW_CALL(fill, tr_new_.back().data(), ncell_, real(0));
  }
}

void Solver::setup_implicit() {
  p_ = Buffer<real>(ncell_, on_device_);
  if (anderson_depth_ > 0) setup_anderson();
  FW_CALL(fill, p_.data(), ncell_, real(0));
  for (int a = 0; a < 3; ++a) {
    mres_[a] = Buffer<real>(nface_[a], on_device_);
    FW_CALL(fill, mres_[a].data(), nface_[a], real(0));
  }
  sres_ = Buffer<real>(ncell_, on_device_);
  scoef_ = Buffer<real>(7 * ncell_, on_device_);
  mcoef_ = Buffer<real>(7 * std::max({nface_[0], nface_[1], nface_[2]}), on_device_);
  FW_CALL(fill, sres_.data(), ncell_, real(0));
  // the tracers' residual, then the turbulence model's scalars' (k, then eps)
  if (!tr_.empty() || turb_->uses_scalar_residual()) trres_ = Buffer<real>(ncell_, on_device_);
}

namespace {

std::string dims_text(const Dims& n) {
  return std::to_string(n[0]) + " x " + std::to_string(n[1]) + " x " + std::to_string(n[2]);
}

void check_size(const char* what, std::size_t got, index_t want) {
  if (got != static_cast<std::size_t>(want))
    throw std::invalid_argument(std::string("airflow: SolveOptions::initial: field '") + what + "' has " +
                                std::to_string(got) + " values, the grid needs " + std::to_string(want));
}

}  // namespace

// Warm start (SolveOptions::initial): the fields and device states of an earlier solution of the
// same grid replace the initial state set above; the scenario's sources, powers and settings stay.
void Solver::setup_initial_state(const SolveResult& initial) {
  const HostFields& F = initial.fields;
  const Dims n{g_.n[0], g_.n[1], g_.n[2]};
  if (F.cells[0] != n[0] || F.cells[1] != n[1] || F.cells[2] != n[2])
    throw std::invalid_argument("airflow: SolveOptions::initial has " + dims_text(F.cells) + " cells, the grid " +
                                dims_text(n));
  const std::vector<double>* faces[3] = {&F.u_face, &F.v_face, &F.w_face};
  for (int a = 0; a < 3; ++a) check_size(a == 0 ? "u_face" : a == 1 ? "v_face" : "w_face", faces[a]->size(), nface_[a]);
  check_size("T", F.T.size(), ncell_);
  check_size("p", F.p.size(), ncell_);
  check_size("solid", F.solid.size(), ncell_);
  for (index_t c = 0; c < ncell_; ++c)
    if ((F.solid[c] != 0) != (vg_.cell_type[c] == CellType::solid))
      throw std::invalid_argument("airflow: SolveOptions::initial: its solid cells differ from the grid's (cell " +
                                  std::to_string(c) + ")");
  if (F.tracers.size() != tr_.size())
    throw std::invalid_argument("airflow: SolveOptions::initial has " + std::to_string(F.tracers.size()) +
                                " tracers, this solve " + std::to_string(tr_.size()));
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    if (F.tracer_names[t] != opt_.tracer_names[t])
      throw std::invalid_argument("airflow: SolveOptions::initial: tracer " + std::to_string(t) + " is '" +
                                  F.tracer_names[t] + "', this solve's '" + opt_.tracer_names[t] + "'");
    check_size("tracer", F.tracers[t].size(), ncell_);
  }
  const std::vector<DeviceState>& devs = initial.devices;
  if (devs.size() != dev_host_.size())
    throw std::invalid_argument("airflow: SolveOptions::initial has " + std::to_string(devs.size()) +
                                " racks and coolers, the grid " + std::to_string(dev_host_.size()));
  for (std::size_t d = 0; d < devs.size(); ++d)
    if (devs[d].name != vg_.bodies[static_cast<std::size_t>(dev_body_[d])].name)
      throw std::invalid_argument("airflow: SolveOptions::initial: device " + std::to_string(d) + " is '" +
                                  devs[d].name + "', the grid's '" +
                                  vg_.bodies[static_cast<std::size_t>(dev_body_[d])].name + "'");
  turb_->restore(F);  // k and eps (k-epsilon; checks their sizes)

  auto upload = [this](const std::vector<double>& v, Buffer<real>& b) {
    std::vector<real> h(v.size());
    for (std::size_t q = 0; q < v.size(); ++q) h[q] = static_cast<real>(v[q]);
    b.upload(h.data());
  };
  for (int a = 0; a < 3; ++a) {
    upload(*faces[a], vel_[a]);
    upload(*faces[a], vel_new_[a]);
  }
  upload(F.T, T_);
  upload(F.T, T_new_);
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    upload(F.tracers[t], tr_[t]);
    upload(F.tracers[t], tr_new_[t]);
  }
  if (implicit_) {  // HostFields::p is rho p (kinematic pressure p_ inside the solver)
    std::vector<double> p(F.p.size());
    for (std::size_t c = 0; c < p.size(); ++c) p[c] = F.p[c] / rho_;
    upload(p, p_);
  }
  // the devices' persisting states: a rack's server inlet temperature (its airflow follows it),
  // the exhaust / supply temperature of every rack and cooler (a return-controlled cooler
  // integrates its supply from there)
  std::vector<SurfaceGpu> surf = surf_.to_host();
  for (std::size_t d = 0; d < devs.size(); ++d) {
    DeviceGpu& dv = dev_host_[d];
    if (dv.kind == 0) continue;  // failed cooler: no coupling
    if (dv.kind == 1) dv.t_server = static_cast<real>(devs[d].server_inlet_temperature);
    surf[static_cast<std::size_t>(dv.out_surface)].t_in = static_cast<real>(devs[d].outlet_temperature);
  }
  dev_.upload(dev_host_.data());
  surf_.upload(surf.data());
}

}  // namespace factwin::airflow::detail
