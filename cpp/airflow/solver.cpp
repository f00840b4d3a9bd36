// SPDX-License-Identifier: Apache-2.0
// Orchestration of the airflow solver on the host: set-up from the voxelised scenario, the time loop,
// the multigrid V-cycle, convergence, failure handling and reports. Every per-cell or per-face
// operation is a kernel of airflow_kernels.inc run on the chosen backend (docs/solver.md).
#include "factwin/airflow/solver.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include <Eigen/Dense>

#include "airflow/airflow_backend.hpp"
#include "airflow/kernel_traffic.hpp"
#include "core/cuda_api.hpp"
#include "core/buffer.hpp"
#include "core/dispatch.hpp"
#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/log.hpp"

namespace factwin::airflow {
namespace {

constexpr real turbulent_prandtl = real(0.9);
// k-epsilon: k and epsilon use the inflow values of these two scalar slots of each surface (tracers
// are limited to the slots below them)
constexpr int keps_tracer_k = 2, keps_tracer_eps = 3;

// Implicit steady path (docs/solver.md, "Steady mode: implicit pseudo-time"): pseudo-time step
// limits, Gauss-Seidel sweeps per iteration and the per-iteration tolerance of the pressure correction.
constexpr double pseudo_cfl = 8.0;              // Courant number of the pseudo-time step
constexpr double pseudo_viscous_number = 5.0;   // k dt / h^2 bound of the pseudo-time step
constexpr double pseudo_buoyancy = 0.25;        // dt <= 1 / (pseudo_buoyancy N), N the buoyancy frequency
constexpr double energy_dt_factor = 4.0;        // energy pseudo-time step / momentum step
constexpr int momentum_sweeps = 2;  // more (4, 8) stall the sealed-containment study
constexpr int energy_sweeps = 12;
constexpr double correction_tolerance = 1e-3;

#define FW_RAW_CALL(name, ...) FACTWIN_DISPATCH(ex_, factwin::airflow, name, __VA_ARGS__)
// Every kernel launch goes through FW_CALL; with SolveOptions::profile_kernels it is timed
// (device synchronised) and its modelled traffic counted (kernel_traffic.hpp).
#define FW_CALL(name, ...)                                                                       \
  (profile_ ? profiled(#name, [&] { return FW_RAW_CALL(name, __VA_ARGS__); }, __VA_ARGS__)       \
            : FW_RAW_CALL(name, __VA_ARGS__))

struct Level {
  GridGpu g;
  int r[3] = {1, 1, 1};  // coarsening factor from the finer level
  Buffer<std::uint8_t> active;
  std::array<Buffer<real>, 3> beta;
  Buffer<real> phi, rhs, res;
  LevelGpu view() {
    LevelGpu l;
    l.g = g;
    l.active = active.data();
    for (int a = 0; a < 3; ++a) l.beta[a] = beta[a].data();
    l.phi = phi.data();
    l.rhs = rhs.data();
    l.res = res.data();
    return l;
  }
};

class Solver {
 public:
  Solver(const Scenario& s, const VoxelGrid& vg, const Executor& ex, const SolveOptions& opt)
      : s_(s), vg_(vg), opt_(opt), ex_(ex), cuda_(ex.kernels_on_device()) {
    profile_ = opt.profile_kernels;
    result_.backend = ex.description();
    result_.precision = FACTWIN_PRECISION_NAME;
    setup();
  }
  SolveResult run();

 private:
  bool profile_ = false;
  std::vector<KernelProfile> profile_data_;
  void sync_device() const {
    if (cuda_) cuda::synchronize();
  }
  template <class F, class... A>
  auto profiled(const char* name, F&& f, const A&... a) {
    sync_device();
    const auto t0 = std::chrono::steady_clock::now();
    auto record = [&]() {
      sync_device();
      const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      auto it = std::find_if(profile_data_.begin(), profile_data_.end(),
                             [name](const KernelProfile& k) { return k.name == name; });
      if (it == profile_data_.end()) {
        profile_data_.push_back(KernelProfile{name, 0, 0, 0, 0});
        it = profile_data_.end() - 1;
      }
      const double n = traffic::elements(name, a...);
      it->calls += 1;
      it->seconds += dt;
      it->elements += n;
      it->modelled_bytes += n * traffic::bytes_per_element(name, turbulent_);
    };
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      record();
    } else {
      auto r = f();
      record();
      return r;
    }
  }

  void setup();
  void setup_multigrid();
  void setup_devices();
  std::vector<real> wall_distance(std::vector<std::uint8_t>* wall_cell) const;
  void check_sealed_regions(const std::vector<std::uint8_t>& solid);
  int sealed_regions_ = 0;
  // One mask per sealed air region (no opening): the pressure has a free constant in each, removed
  // from the right-hand side, the preconditioned residual and the solution (docs/solver.md).
  std::vector<Buffer<std::uint8_t>> region_mask_;
  std::vector<double> region_cells_;
  void remove_region_means(const LevelGpu& v0, real* v);
  std::vector<int> cell_region_;     // air region of each cell (-1 solid)
  std::vector<char> region_open_;    // region has a fixed-pressure opening
  bool dynamic_flow_ = false;        // some rack's airflow follows its inlet temperature
  void check_variable_flow_rack(const VoxelBody& b) const;
  double solve_pressure(int max_cycles, double rel_tol);
  void vcycle_view(const LevelGpu& top);
  void vcycle_impl(std::size_t l, const LevelGpu* top);
  Buffer<real> cg_r_, cg_z_, cg_p_, cg_q_, cg_f_, cg_zero_;
  void step(real dt);
  void step_implicit(real dt);
  // Anderson acceleration of the steady implicit iteration (docs/solver.md)
  void aa_transfer(real* x, bool pack);
  void aa_pack(real* x) { aa_transfer(x, true); }
  void aa_unpack(real* x) { aa_transfer(x, false); }
  void aa_update();
  MomentumArgs momentum_args(real dt);
  KEpsArgs keps_args();
  void keps_field(ScalarArgs& sa, int q);
  void implicit_scalar(const ScalarArgs& sa);
  ProjectArgs project_args(real dt);
  ScalarArgs scalar_args();
  void couple_devices_step();
  real stable_dt(double umax_sum_over_h, double nut_max, double dT_max) const;
  real pseudo_dt(double umax_sum_over_h, double nut_max, double dT_max) const;
  void collect(SolveResult& r, bool use_new);
  [[noreturn]] void fail_numerical(const std::string& field, const real* data_device, index_t n, bool faces, int axis);

  const Scenario& s_;
  const VoxelGrid& vg_;
  SolveOptions opt_;
  Executor ex_;  // FW_CALL runs the kernels on its backend (FACTWIN_DISPATCH)
  bool cuda_;    // the fields live in device memory
  SolveResult result_;

  GridGpu g_;
  index_t ncell_ = 0;
  std::array<index_t, 3> nface_{};
  Buffer<std::uint8_t> solid_;
  std::array<Buffer<std::uint16_t>, 3> fid_;
  std::array<Buffer<std::uint8_t>, 3> ftype_;
  std::array<Buffer<std::uint8_t>, 3> tcode_;  // tangential wall codes per face (tangential_codes)
  std::array<std::vector<std::uint8_t>, 3> ftype_host_;
  Buffer<SurfaceGpu> surf_;
  std::vector<SurfaceGpu> surf_host_;
  std::array<Buffer<real>, 3> vel_, vel_new_;
  Buffer<real> T_, T_new_, src_T_, nut_, wdist_;
  bool implicit_ = false;                 // steady mode: implicit pseudo-time path
  std::array<bool, 3> comp_moves_{true, true, true};  // some face of this component is solved (not 2D's w)
  long implicit_steps_ = 0;
  Buffer<real> p_;                        // implicit path: pressure (levels_[0].phi holds the correction)
  std::array<Buffer<real>, 3> mres_;      // implicit path: steady momentum residual per face
  Buffer<real> sres_, trres_;             // implicit path: steady energy / tracer residual per cell
  Buffer<real> scoef_;                    // implicit path: energy sweep coefficients (7 per cell)
  Buffer<real> mcoef_;                    // implicit path: one momentum component's sweep coefficients
  std::vector<Buffer<real>> tr_, tr_new_;
  std::vector<Level> levels_;
  bool has_porous_ = false;
  bool turbulent_ = false;
  bool keps_ = false;
  Buffer<std::uint8_t> wall_cell_;
  Buffer<real> k_, k_new_, e_, e_new_, src_k_, sink_k_, src_e_, sink_e_;
  Buffer<DeviceGpu> dev_;
  std::vector<DeviceGpu> dev_host_;
  std::vector<int> dev_body_;  // body index per device
  Buffer<DeviceFace> dev_faces_;
  std::vector<DeviceFace> dev_faces_host_;
  index_t fluid_cells_ = 0;
  double nu_ = 0, alpha_ = 0, rho_ = 0, cp_ = 0, beta_T_ = 0, t_ref_ = 0;
  double U_ref_ = 0, dT_ref_ = 1, L_ref_ = 1, q_scale_ = 0;
  double sim_time_ = 0;
  struct Anderson {
    int m = 0;                      // depth: stored differences
    index_t n = 0;                  // packed state length: u, v, w faces, T, p and tracer cells, devices
    index_t n_fields = 0;           // the fields' part; the device states follow
    std::vector<int> dev_state;     // devices with a state carried between couplings (aa_transfer)
    std::vector<Buffer<real>> dG, dF;  // ring of differences of G(x) and of f = G(x) - x
    Buffer<real> xin, g, f, gprev, fprev;
    int count = 0, head = 0;        // stored differences, next slot
    bool have_prev = false;
    std::vector<double> gram;       // m x m, dF_i . dF_j
    double fmin = 0;                // smallest |f| since the last restart
    long restarts = 0;
  } aa_;
 public:
  long mg_cycles_ = 0;
};

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
  turbulent_ = s_.solver.turbulence != TurbulenceModel::laminar;
  keps_ = s_.solver.turbulence == TurbulenceModel::k_epsilon;
  // steady runs take the implicit iteration (k-epsilon too); SolveOptions::explicit_steady verifies it
  implicit_ = s_.solver.mode == SolveMode::steady && !opt_.explicit_steady;
  aa_.m = implicit_ ? effective_anderson_depth(s_) : 0;

  // cells
  std::vector<std::uint8_t> solid(static_cast<std::size_t>(ncell_));
  for (index_t c = 0; c < ncell_; ++c) solid[c] = vg_.cell_type[c] == CellType::solid ? 1 : 0;
  fluid_cells_ = vg_.fluid_cells;
  solid_ = Buffer<std::uint8_t>(solid, cuda_);

  // surfaces
  surf_host_.resize(vg_.surfaces.size());
  double max_speed = 0, dT = 0;
  std::vector<double> temps;
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
    // tracer 0 ("supply_air"): released at cooler supplies and inlet patches
    const bool supply = (si.kind == SurfaceKind::device_out &&
                         vg_.bodies[0 < vg_.bodies.size() ? 0 : 0].kind == BodyKind::cooler) ||
                        (si.kind == SurfaceKind::patch && c.flow == FlowCondition::velocity_inlet);
    (void)supply;
  }
  for (const VoxelBody& b : vg_.bodies)
    if (b.kind == BodyKind::cooler) surf_host_[b.out_surface].scalar_in[0] = 1;
  for (std::size_t i = 0; i < vg_.surfaces.size(); ++i)
    if (vg_.surfaces[i].kind == SurfaceKind::patch &&
        vg_.surfaces[i].condition.flow == FlowCondition::velocity_inlet)
      surf_host_[i].scalar_in[0] = 1;

  // faces
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
    ftype_[a] = Buffer<std::uint8_t>(type, cuda_);
    comp_moves_[a] = std::any_of(type.begin(), type.end(), [](std::uint8_t t) {
      return t == face_active || t == face_porous || t == face_opening;
    });
    ftype_host_[a] = type;
    fid_[a] = Buffer<std::uint16_t>(vg_.face_surface[a], cuda_);
  }

  check_sealed_regions(solid);

  // reference scales for the scaled residuals (docs/solver.md Eq. S-8)
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

  // fields
  const real t0 = static_cast<real>(s_.solver.initial_temperature > 0 ? s_.solver.initial_temperature : t_ref_);
  for (int a = 0; a < 3; ++a) {
    vel_[a] = Buffer<real>(nface_[a], cuda_);
    vel_new_[a] = Buffer<real>(nface_[a], cuda_);
  }
  surf_ = Buffer<SurfaceGpu>(surf_host_, cuda_);
  {
    // the tangential wall codes of every face (fixed geometry: once)
    for (int a = 0; a < 3; ++a) tcode_[a] = Buffer<std::uint8_t>(nface_[a], cuda_);
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
  T_ = Buffer<real>(ncell_, cuda_);
  T_new_ = Buffer<real>(ncell_, cuda_);
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
  src_T_ = Buffer<real>(src, cuda_);
  nut_ = Buffer<real>(ncell_, cuda_);
  FW_CALL(fill, nut_.data(), ncell_, real(0));
  if (turbulent_) {
    std::vector<std::uint8_t> wc;
    wdist_ = Buffer<real>(wall_distance(keps_ ? &wc : nullptr), cuda_);
    if (keps_) wall_cell_ = Buffer<std::uint8_t>(wc, cuda_);
  }
  if (keps_) {
    // Inflow and initial turbulence: 5 % intensity of the reference speed, length scale 0.07 of the
    // smallest hall extent that is resolved by more than one cell (docs/solver.md, "Turbulence").
    double lt = L_ref_;
    for (int a = 0; a < 3; ++a)
      if (g_.n[a] > 1) lt = std::min(lt, s_.hall.extent[a]);
    const double k0 = 1.5 * std::pow(0.05 * U_ref_, 2);
    const double e0 = keps::cmu_75 * std::pow(k0, 1.5) / (0.07 * lt);
    for (auto* b : {&k_, &k_new_, &e_, &e_new_, &src_k_, &sink_k_, &src_e_, &sink_e_}) *b = Buffer<real>(ncell_, cuda_);
    for (auto* b : {&k_, &k_new_}) FW_CALL(fill, b->data(), ncell_, static_cast<real>(k0));
    for (auto* b : {&e_, &e_new_}) FW_CALL(fill, b->data(), ncell_, static_cast<real>(e0));
    FW_CALL(fill, nut_.data(), ncell_, static_cast<real>(keps::cmu * k0 * k0 / e0));
    for (auto& sg : surf_host_) {
      sg.scalar_in[keps_tracer_k] = static_cast<real>(k0);
      sg.scalar_in[keps_tracer_eps] = static_cast<real>(e0);
    }
    surf_.upload(surf_host_.data());
  }
  const std::size_t ntr = std::min<std::size_t>(opt_.tracer_names.size(), keps_ ? keps_tracer_k : max_tracers);
  for (std::size_t t = 0; t < ntr; ++t) {
    tr_.emplace_back(ncell_, cuda_);
    tr_new_.emplace_back(ncell_, cuda_);
    FW_CALL(fill, tr_.back().data(), ncell_, real(0));
    FW_CALL(fill, tr_new_.back().data(), ncell_, real(0));
  }
  setup_multigrid();
  setup_devices();
  if (implicit_) {
    p_ = Buffer<real>(ncell_, cuda_);
    if (aa_.m > 0) {
      aa_.n = 2 * ncell_;  // T and p, and the velocity components that move
      for (int a = 0; a < 3; ++a)
        if (comp_moves_[a]) aa_.n += nface_[a];
      aa_.n += static_cast<index_t>(tr_.size()) * ncell_;
      aa_.n_fields = aa_.n;
      // device states that persist between couplings: a rack's server inlet temperature (its
      // airflow follows it) and a return-controlled cooler's supply temperature (integral control)
      for (std::size_t d = 0; d < dev_host_.size(); ++d)
        if ((dev_host_[d].kind == 1 && dev_host_[d].per_kelvin > 0) || (dev_host_[d].kind == 2 && dev_host_[d].return_control))
          aa_.dev_state.push_back(static_cast<int>(d));
      aa_.n += static_cast<index_t>(aa_.dev_state.size());
      for (int q = 0; q < aa_.m; ++q) {
        aa_.dG.emplace_back(aa_.n, cuda_);
        aa_.dF.emplace_back(aa_.n, cuda_);
      }
      aa_.xin = Buffer<real>(aa_.n, cuda_);
      aa_.g = Buffer<real>(aa_.n, cuda_);
      aa_.f = Buffer<real>(aa_.n, cuda_);
      aa_.gprev = Buffer<real>(aa_.n, cuda_);
      aa_.fprev = Buffer<real>(aa_.n, cuda_);
      aa_.gram.assign(static_cast<std::size_t>(aa_.m * aa_.m), 0.0);
    }
    FW_CALL(fill, p_.data(), ncell_, real(0));
    for (int a = 0; a < 3; ++a) {
      mres_[a] = Buffer<real>(nface_[a], cuda_);
      FW_CALL(fill, mres_[a].data(), nface_[a], real(0));
    }
    sres_ = Buffer<real>(ncell_, cuda_);
    scoef_ = Buffer<real>(7 * ncell_, cuda_);
    mcoef_ = Buffer<real>(7 * std::max({nface_[0], nface_[1], nface_[2]}), cuda_);
    FW_CALL(fill, sres_.data(), ncell_, real(0));
    if (!tr_.empty() || keps_) trres_ = Buffer<real>(ncell_, cuda_);  // tracers', then k's and eps' residual
  }
}

void Solver::check_sealed_regions(const std::vector<std::uint8_t>& solid) {
  // Air regions connected through open or porous faces. A region with no fixed-pressure opening is
  // incompressible and sealed: the flow its inlets and devices push in must equal what they draw
  // out, or no solution exists (e.g. a sealed contained aisle fed more air than its racks take).
  std::vector<int> region(static_cast<std::size_t>(ncell_), -1);
  std::vector<index_t> stack;
  int nreg = 0;
  for (index_t seed = 0; seed < ncell_; ++seed) {
    if (solid[seed] || region[seed] >= 0) continue;
    double net = 0, gross = 0;
    bool open = false;
    stack.assign(1, seed);
    region[seed] = nreg;
    while (!stack.empty()) {
      const index_t c = stack.back();
      stack.pop_back();
      const int i = static_cast<int>(c % g_.n[0]);
      const int j = static_cast<int>((c / g_.n[0]) % g_.n[1]);
      const int k = static_cast<int>(c / (static_cast<index_t>(g_.n[0]) * g_.n[1]));
      for (int a = 0; a < 3; ++a)
        for (int sd = 0; sd < 2; ++sd) {
          int fi[3] = {i, j, k};
          fi[a] += sd;
          const index_t f = g_.face(a, fi[0], fi[1], fi[2]);
          const std::uint8_t t = ftype_host_[a][f];
          if (t == face_opening) open = true;
          if (t == face_fixed) {
            const std::uint16_t id = vg_.face_surface[a][f];
            const SurfaceCondition& cnd = vg_.surfaces[id].condition;
            if (cnd.flow == FlowCondition::velocity_inlet) {
              const int t1 = (a + 1) % 3, t2 = (a + 2) % 3;
              const double area = static_cast<double>(g_.h[t1]) * g_.h[t2];
              net += cnd.inflow_speed * area;
              gross += std::abs(cnd.inflow_speed) * area;
            }
          }
          if (t == face_active || t == face_porous) {
            int nb[3] = {i, j, k};
            nb[a] += sd ? 1 : -1;
            const index_t cn = g_.cell(nb[0], nb[1], nb[2]);
            if (region[cn] < 0) {
              region[cn] = nreg;
              stack.push_back(cn);
            }
          }
        }
    }
    if (!open && std::abs(net) > 1e-6 * std::max(gross, 1e-12) && std::abs(net) > 1e-12) {
      const int i = static_cast<int>(seed % g_.n[0]);
      const int j = static_cast<int>((seed / g_.n[0]) % g_.n[1]);
      const int k = static_cast<int>(seed / (static_cast<index_t>(g_.n[0]) * g_.n[1]));
      const StructuredGrid& grid = vg_.grid;
      std::ostringstream os;
      os << "a sealed air region (it contains the cell at x = " << grid.center(0, i) << ", y = " << grid.center(1, j)
         << ", z = " << grid.center(2, k) << " m) has no opening, yet its inlets and devices push in " << net
         << " m^3/s more than they draw out (of " << gross
         << " m^3/s through them): incompressible air cannot do that. Balance the airflows of the devices "
            "serving it, let its panels leak (open_area), or give it an opening";
      throw InputError("FW-E0216", {s_.source_file, 0, 0, ""}, os.str());
    }
    if (!open) {
      ++sealed_regions_;
      std::vector<std::uint8_t> mask(static_cast<std::size_t>(ncell_), 0);
      double cnt = 0;
      for (index_t c = 0; c < ncell_; ++c)
        if (region[c] == nreg) {
          mask[c] = 1;
          ++cnt;
        }
      region_mask_.emplace_back(mask, cuda_);
      region_cells_.push_back(cnt);
    }
    region_open_.push_back(open ? 1 : 0);
    ++nreg;
  }
  cell_region_ = std::move(region);
}

void Solver::check_variable_flow_rack(const VoxelBody& b) const {
  // A rack whose fans follow its inlet temperature changes the flow it moves from its intake region
  // to its exhaust region. Where those differ and one is sealed (sealed containment), incompressible
  // air cannot follow a fixed-flow compact model: refuse clearly instead of failing in the solve.
  int rin = -1, rout = -1;
  for (int a = 0; a < 3 && (rin < 0 || rout < 0); ++a)
    for (index_t f = 0; f < nface_[a]; ++f) {
      const std::uint16_t id = vg_.face_surface[a][f];
      if (id != b.in_surface && id != b.out_surface) continue;
      int i, j, k;
      {
        const int nx = g_.fn(a, 0), ny = g_.fn(a, 1);
        i = static_cast<int>(f % nx);
        j = static_cast<int>((f / nx) % ny);
        k = static_cast<int>(f / (static_cast<index_t>(nx) * ny));
      }
      int lo[3] = {i, j, k};
      lo[a] -= 1;
      index_t c = -1;
      if (g_.inside(i, j, k) && cell_region_[static_cast<std::size_t>(g_.cell(i, j, k))] >= 0) c = g_.cell(i, j, k);
      else if (g_.inside(lo[0], lo[1], lo[2])) c = g_.cell(lo[0], lo[1], lo[2]);
      if (c < 0 || cell_region_[static_cast<std::size_t>(c)] < 0) continue;
      (id == b.in_surface ? rin : rout) = cell_region_[static_cast<std::size_t>(c)];
    }
  if (rin >= 0 && rout >= 0 && rin != rout &&
      (!region_open_[static_cast<std::size_t>(rin)] || !region_open_[static_cast<std::size_t>(rout)]))
    throw InputError("FW-E0217", {s_.source_file, 0, 0, "/racks/" + std::to_string(b.source_index) + "/airflow_per_kelvin"},
                     "rack '" + b.name +
                         "' has an airflow that rises with its inlet temperature, but its intake and exhaust open "
                         "into different air regions and one of them is sealed (no opening, no leaking panel): a "
                         "sealed region cannot take a changing flow. Let the containment leak (open_area), give the "
                         "region an opening, or use a fixed airflow");
}

void Solver::remove_region_means(const LevelGpu& v0, real* v) {
  for (std::size_t r = 0; r < region_mask_.size(); ++r) {
    LevelGpu l = v0;
    l.active = region_mask_[r].data();
    const double mean = FW_CALL(mg_sum, l, v) / region_cells_[r];
    FW_CALL(mg_shift, l, v, static_cast<real>(mean));
  }
}

std::vector<real> Solver::wall_distance(std::vector<std::uint8_t>* wall_cell) const {
  // Distance from each air-cell centre to the nearest wall (solid cell or hall wall that is not an
  // opening), by two-pass chamfer sweeps seeded at half a cell from walls (docs/solver.md).
  const real big = std::numeric_limits<real>::max() / 4;
  std::vector<real> d(static_cast<std::size_t>(ncell_), big);
  const auto& ct = vg_.cell_type;
  for (int k = 0; k < g_.n[2]; ++k)
    for (int j = 0; j < g_.n[1]; ++j)
      for (int i = 0; i < g_.n[0]; ++i) {
        const index_t c = g_.cell(i, j, k);
        if (ct[c] == CellType::solid) {
          d[c] = 0;
          continue;
        }
        const int ijk[3] = {i, j, k};
        for (int a = 0; a < 3; ++a)
          for (int s = 0; s < 2; ++s) {
            int fi[3] = {i, j, k};
            fi[a] += s;
            const std::uint16_t id = vg_.face_surface[a][g_.face(a, fi[0], fi[1], fi[2])];
            const bool boundary = (s == 0 && ijk[a] == 0) || (s == 1 && ijk[a] == g_.n[a] - 1);
            if (!boundary || id == 0) continue;
            const FlowCondition fc = vg_.surfaces[id].condition.flow;
            if (fc == FlowCondition::pressure_opening || fc == FlowCondition::slip) continue;
            d[c] = std::min(d[c], real(0.5) * g_.h[a]);
          }
      }
  auto relax = [&](int i, int j, int k) {
    const index_t c = g_.cell(i, j, k);
    if (ct[c] == CellType::solid) return;
    const int ijk[3] = {i, j, k};
    for (int a = 0; a < 3; ++a)
      for (int s = -1; s <= 1; s += 2) {
        int nb[3] = {i, j, k};
        nb[a] += s;
        if (nb[a] < 0 || nb[a] >= g_.n[a]) continue;
        const index_t cn = g_.cell(nb[0], nb[1], nb[2]);
        const real dn = ct[cn] == CellType::solid ? real(0.5) * g_.h[a] : d[cn] + g_.h[a];
        d[c] = std::min(d[c], dn);
        (void)ijk;
      }
  };
  for (int pass = 0; pass < 4; ++pass) {
    for (int k = 0; k < g_.n[2]; ++k)
      for (int j = 0; j < g_.n[1]; ++j)
        for (int i = 0; i < g_.n[0]; ++i) relax(i, j, k);
    for (int k = g_.n[2] - 1; k >= 0; --k)
      for (int j = g_.n[1] - 1; j >= 0; --j)
        for (int i = g_.n[0] - 1; i >= 0; --i) relax(i, j, k);
  }
  if (wall_cell) {
    // k-epsilon wall cells: air cells with a face on a no-slip or moving wall (hall wall, solid body,
    // sealed panel; not openings, slip walls, inlets or device faces, which air crosses). Their
    // distance is half the cell width normal to that wall (the nearest such face): the wall
    // functions' y.
    wall_cell->assign(d.size(), 0);
    for (int k = 0; k < g_.n[2]; ++k)
      for (int j = 0; j < g_.n[1]; ++j)
        for (int i = 0; i < g_.n[0]; ++i) {
          const index_t c = g_.cell(i, j, k);
          if (ct[c] == CellType::solid) continue;
          real y = big;
          for (int a = 0; a < 3; ++a)
            for (int s = 0; s < 2; ++s) {
              int fi[3] = {i, j, k};
              fi[a] += s;
              int nb[3] = {i, j, k};
              nb[a] += s ? 1 : -1;
              const bool nb_solid = g_.inside(nb[0], nb[1], nb[2]) && ct[g_.cell(nb[0], nb[1], nb[2])] == CellType::solid;
              const std::uint16_t id = vg_.face_surface[a][g_.face(a, fi[0], fi[1], fi[2])];
              bool wall = false;
              if (id != 0) {
                const FlowCondition fc = vg_.surfaces[id].condition.flow;
                wall = fc == FlowCondition::no_slip || fc == FlowCondition::moving;
              } else {
                wall = nb_solid;
              }
              if (wall) y = std::min(y, real(0.5) * g_.h[a]);
            }
          if (y < big) {
            (*wall_cell)[c] = 1;
            d[c] = y;
          }
        }
  }
  for (auto& x : d)
    if (x >= big) x = static_cast<real>(L_ref_);
  return d;
}

void Solver::setup_multigrid() {
  Level l0;
  l0.g = g_;
  std::vector<std::uint8_t> act(static_cast<std::size_t>(ncell_));
  for (index_t c = 0; c < ncell_; ++c) act[c] = vg_.cell_type[c] == CellType::fluid ? 1 : 0;
  l0.active = Buffer<std::uint8_t>(act, cuda_);
  for (int a = 0; a < 3; ++a) {
    l0.beta[a] = Buffer<real>(nface_[a], cuda_);
    FW_CALL(fill, l0.beta[a].data(), nface_[a], real(0));
  }
  l0.phi = Buffer<real>(ncell_, cuda_);
  l0.rhs = Buffer<real>(ncell_, cuda_);
  l0.res = Buffer<real>(ncell_, cuda_);
  FW_CALL(fill, l0.phi.data(), ncell_, real(0));
  levels_.push_back(std::move(l0));
  for (auto* b : {&cg_r_, &cg_z_, &cg_p_, &cg_q_, &cg_f_, &cg_zero_}) {
    *b = Buffer<real>(ncell_, cuda_);
    FW_CALL(fill, b->data(), ncell_, real(0));
  }
  for (;;) {
    const GridGpu& fg = levels_.back().g;
    Level c;
    bool any = false;
    // Semi-coarsening towards isotropy: halve an axis only if its spacing is within 1.5x of the
    // finest spacing (point smoothers and constant prolongation fail on strongly anisotropic cells).
    real hmin = std::numeric_limits<real>::max();
    for (int a = 0; a < 3; ++a)
      if (fg.n[a] > 1) hmin = std::min(hmin, fg.h[a]);
    for (int a = 0; a < 3; ++a) {
      // odd lengths too: the last coarse cell covers one fine cell (mg_restrict and friends)
      c.r[a] = (fg.n[a] >= 3 && fg.h[a] <= real(1.5) * hmin) ? 2 : 1;
      any |= c.r[a] == 2;
      c.g.n[a] = (fg.n[a] + c.r[a] - 1) / c.r[a];
      c.g.h[a] = fg.h[a] * static_cast<real>(c.r[a]);
      c.g.ih[a] = real(1) / c.g.h[a];
      c.g.ih2[a] = c.g.ih[a] * c.g.ih[a];
    }
    if (!any || fg.cells() <= 16) break;
    c.active = Buffer<std::uint8_t>(c.g.cells(), cuda_);
    for (int a = 0; a < 3; ++a) c.beta[a] = Buffer<real>(c.g.faces(a), cuda_);
    c.phi = Buffer<real>(c.g.cells(), cuda_);
    c.rhs = Buffer<real>(c.g.cells(), cuda_);
    c.res = Buffer<real>(c.g.cells(), cuda_);
    LevelGpu fv = levels_.back().view();
    FW_CALL(mg_coarsen_active, fv, c.active.data(), c.g, c.r[0], c.r[1], c.r[2]);
    levels_.push_back(std::move(c));
  }
}

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
  dev_ = Buffer<DeviceGpu>(dev_host_, cuda_);
  dev_faces_ = Buffer<DeviceFace>(faces, cuda_);
  dev_faces_host_ = std::move(faces);
}

real Solver::stable_dt(double u_over_h, double nut_max, double dT_max) const {
  const double cfl = s_.solver.cfl;
  const double kmax = std::max(nu_, alpha_) + nut_max / std::min(1.0, static_cast<double>(turbulent_prandtl));
  double sum_ih2 = 0, hmin = 1e300;
  for (int a = 0; a < 3; ++a) {
    if (g_.n[a] > 1) sum_ih2 += g_.ih2[a];
    hmin = std::min(hmin, static_cast<double>(g_.h[a]));
  }
  if (sum_ih2 == 0) sum_ih2 = g_.ih2[0];
  // forward Euler with explicit advection and diffusion: (sum |u|/h)/cfl + 2 k sum 1/h^2 <= 1/dt
  double inv = u_over_h / cfl + 2.0 * kmax * sum_ih2 / 0.9;
  const double gmag = std::sqrt(s_.gravity.x * s_.gravity.x + s_.gravity.y * s_.gravity.y + s_.gravity.z * s_.gravity.z);
  const double nb = std::sqrt(gmag * beta_T_ * std::max(dT_max, 1e-12) / hmin);  // buoyancy frequency scale
  inv = std::max(inv, 2.0 * nb);
  return static_cast<real>(1.0 / inv);
}

real Solver::pseudo_dt(double u_over_h, double nut_max, double dT_max) const {
  // Implicit pseudo-time step (docs/solver.md): a Courant number of pseudo_cfl on the largest
  // velocity (at least 5 % of the reference speed, so the first iterations from rest stay moderate)
  // and a viscous number k dt / h^2 of pseudo_viscous_number; a buoyancy (Brunt-Vaisala) limit as
  // the temperature is lagged in the momentum equation.
  double sum_ih = 0, hmin = 1e300;
  for (int a = 0; a < 3; ++a)
    if (g_.n[a] > 1) {
      sum_ih += g_.ih[a];
      hmin = std::min(hmin, static_cast<double>(g_.h[a]));
    }
  if (sum_ih == 0) {
    sum_ih = g_.ih[0];
    hmin = g_.h[0];
  }
  const double kmax = std::max(nu_, alpha_) + nut_max / std::min(1.0, static_cast<double>(turbulent_prandtl));
  const double u = std::max(u_over_h, 0.05 * U_ref_ * sum_ih);
  double inv = std::max(u / pseudo_cfl, kmax / (pseudo_viscous_number * hmin * hmin));
  const double gmag = std::sqrt(s_.gravity.x * s_.gravity.x + s_.gravity.y * s_.gravity.y + s_.gravity.z * s_.gravity.z);
  const double nb = std::sqrt(gmag * beta_T_ * std::max(dT_max, 1e-12) / hmin);
  inv = std::max(inv, pseudo_buoyancy * nb);
  return static_cast<real>(1.0 / inv);
}

void Solver::vcycle_view(const LevelGpu& top) { vcycle_impl(0, &top); }

void Solver::vcycle_impl(std::size_t l, const LevelGpu* top) {
  LevelGpu v = (l == 0 && top) ? *top : levels_[l].view();
  if (l + 1 == levels_.size()) {
    // symmetric bottom solve (red-black, then black-red) so the V-cycle is a symmetric preconditioner
    for (int it = 0; it < 8; ++it) {
      FW_CALL(mg_smooth, v, 0);
      FW_CALL(mg_smooth, v, 1);
    }
    for (int it = 0; it < 8; ++it) {
      FW_CALL(mg_smooth, v, 1);
      FW_CALL(mg_smooth, v, 0);
    }
    return;
  }
  for (int it = 0; it < 2; ++it) {
    FW_CALL(mg_smooth, v, 0);
    FW_CALL(mg_smooth, v, 1);
  }
  FW_CALL(mg_residual, v);
  Level& c = levels_[l + 1];
  LevelGpu cv = c.view();
  FW_CALL(mg_restrict, v, cv, c.r[0], c.r[1], c.r[2]);
  vcycle_impl(l + 1, nullptr);
  FW_CALL(mg_prolong_add, cv, v, c.r[0], c.r[1], c.r[2]);
  for (int it = 0; it < 2; ++it) {
    FW_CALL(mg_smooth, v, 1);
    FW_CALL(mg_smooth, v, 0);
  }
}

double Solver::solve_pressure(int max_iterations, double rel_tol) {
  // Conjugate gradients on A = -L (symmetric positive (semi-)definite), preconditioned by one
  // multigrid V-cycle (symmetric: red-black before, black-red after). The V-cycle alone can stall
  // where thin panels cut coarse cells; CG keeps the solve convergent (docs/solver.md).
  Level& L0 = levels_[0];
  for (std::size_t l = 1; l < levels_.size(); ++l) {
    LevelGpu fv = levels_[l - 1].view(), cv = levels_[l].view();
    for (int a = 0; a < 3; ++a)
      FW_CALL(mg_coarsen_beta, fv, cv, a, levels_[l].r[0], levels_[l].r[1], levels_[l].r[2], levels_[l].beta[a].data());
  }
  const double nact = static_cast<double>(fluid_cells_);
  LevelGpu v0 = L0.view();  // phi = pressure x, rhs = f
  remove_region_means(v0, v0.rhs);
  const double rhs_norm = std::sqrt(FW_CALL(mg_sum_squares, v0, v0.rhs) / nact);
  real* x = L0.phi.data();
  real* r = cg_r_.data();
  real* z = cg_z_.data();
  real* p = cg_p_.data();
  real* q = cg_q_.data();
  real* f = cg_f_.data();
  // r_A = b - A x = -(rhs - L x) = -res
  FW_CALL(mg_residual, v0);
  FW_CALL(mg_axpby, v0, real(-1), v0.res, real(0), r);
  double rel = std::sqrt(FW_CALL(mg_sum_squares, v0, r) / nact) / std::max(rhs_norm, 1e-300);
  if (rhs_norm == 0 || rel < rel_tol) return rel;
  // views for the preconditioner: solve L e = f from e = 0 with the level-0 work arrays
  LevelGpu pre = v0;
  pre.rhs = f;
  pre.res = L0.res.data();
  auto precondition = [&](const real* rr, real* zz) {
    FW_CALL(mg_axpby, v0, real(-1), rr, real(0), f);  // f = -r
    pre.phi = zz;
    FW_CALL(fill, zz, ncell_, real(0));
    vcycle_view(pre);
    remove_region_means(v0, zz);
  };
  precondition(r, z);
  FW_CALL(mg_axpby, v0, real(1), z, real(0), p);
  double rz = FW_CALL(mg_dot, v0, r, z);
  LevelGpu apply = v0;  // q = A p = -L p: residual of L p = 0
  apply.phi = p;
  apply.rhs = cg_zero_.data();
  apply.res = q;
  for (int it = 0; it < max_iterations; ++it) {
    FW_CALL(mg_residual, apply);  // q = 0 - L p = A p
    const double pq = FW_CALL(mg_dot, v0, p, q);
    if (!(pq > 0)) break;
    const real alpha = static_cast<real>(rz / pq);
    FW_CALL(mg_axpby, v0, alpha, p, real(1), x);
    FW_CALL(mg_axpby, v0, -alpha, q, real(1), r);
    ++mg_cycles_;
    rel = std::sqrt(FW_CALL(mg_sum_squares, v0, r) / nact) / rhs_norm;
    if (rel < rel_tol) break;
    precondition(r, z);
    const double rz_new = FW_CALL(mg_dot, v0, r, z);
    const real beta = static_cast<real>(rz_new / rz);
    rz = rz_new;
    FW_CALL(mg_axpby, v0, real(1), z, beta, p);
  }
  remove_region_means(v0, x);
  return rel;
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

MomentumArgs Solver::momentum_args(real dt) {
  MomentumArgs m;
  m.g = g_;
  m.solid = solid_.data();
  m.surf = surf_.data();
  for (int a = 0; a < 3; ++a) {
    m.fid[a] = fid_[a].data();
    m.ftype[a] = ftype_[a].data();
    m.tcode[a] = tcode_[a].data();
    m.vel[a] = vel_[a].data();
    m.vel_new[a] = vel_new_[a].data();
    m.beta[a] = levels_[0].beta[a].data();
  }
  m.T = T_.data();
  m.nut = turbulent_ ? nut_.data() : nullptr;
  if (keps_) m.k_wall = k_.data();
  m.nu = static_cast<real>(nu_);
  m.dt = dt;
  for (int a = 0; a < 3; ++a) m.buoy[a] = static_cast<real>(-beta_T_ * s_.gravity[a]);
  m.t_ref = static_cast<real>(t_ref_);
  return m;
}

ProjectArgs Solver::project_args(real dt) {
  // projection / divergence of the predicted velocity (vel_new_) with the level-0 pressure
  ProjectArgs p;
  p.g = g_;
  p.surf = surf_.data();
  for (int a = 0; a < 3; ++a) {
    p.ftype[a] = ftype_[a].data();
    p.fid[a] = fid_[a].data();
    p.beta[a] = levels_[0].beta[a].data();
    p.vel[a] = vel_new_[a].data();
  }
  p.p = levels_[0].phi.data();
  p.dt = dt;
  return p;
}

ScalarArgs Solver::scalar_args() {
  // temperature transport with the projected velocity; callers set dt and switch to tracers / k, eps
  ScalarArgs sa;
  sa.g = g_;
  sa.solid = solid_.data();
  sa.surf = surf_.data();
  for (int a = 0; a < 3; ++a) {
    sa.fid[a] = fid_[a].data();
    sa.ftype[a] = ftype_[a].data();
    sa.vel[a] = vel_new_[a].data();
  }
  sa.nut = turbulent_ ? nut_.data() : nullptr;
  sa.prt = turbulent_prandtl;
  sa.s = T_.data();
  sa.s_new = T_new_.data();
  sa.source = src_T_.data();
  sa.kappa = static_cast<real>(alpha_);
  sa.tracer = -1;
  sa.sref = static_cast<real>(t_ref_);
  return sa;
}

void Solver::step(real dt) {
  couple_devices_step();
  MomentumArgs m = momentum_args(dt);
  for (int a = 0; a < 3; ++a) {
    m.comp = a;
    FW_CALL(momentum_predict, m);
  }
  ProjectArgs p = project_args(dt);
  FW_CALL(divergence, levels_[0].view(), p);
  // With several sealed regions the pressure has one free constant per region but only the global
  // mean is removed, so CG reaches a floor: stop it earlier there (docs/solver.md).
  (void)solve_pressure(40, sealed_regions_ > 1 ? 1e-6 : 1e-8);
  for (int a = 0; a < 3; ++a) FW_CALL(project, p, a);

  ScalarArgs sa = scalar_args();
  sa.dt = dt;
  FW_CALL(scalar_transport, sa);
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    sa.s = tr_[t].data();
    sa.s_new = tr_new_[t].data();
    sa.source = nullptr;
    sa.sref = 0;
    sa.tracer = static_cast<int>(t);
    FW_CALL(scalar_transport, sa);
  }
  if (keps_) {
    KEpsArgs t = keps_args();
    FW_CALL(keps_sources, t);
    for (int q = 0; q < 2; ++q) {
      keps_field(sa, q);
      FW_CALL(scalar_transport, sa);
    }
    FW_CALL(keps_finish, t, k_new_.data(), e_new_.data());
  }
}

void Solver::step_implicit(real dt) {
  // Steady mode: one implicit pseudo-time iteration (docs/solver.md Eqs. S-10, S-11): steady residuals
  // with the current pressure, red-black Gauss-Seidel sweeps of the upwind-implicit momentum
  // equations in delta form, an incremental pressure correction to a loose tolerance, then the
  // energy and tracer equations the same way with the corrected velocity.
  couple_devices_step();
  MomentumArgs m = momentum_args(dt);
  for (int a = 0; a < 3; ++a) m.res[a] = mres_[a].data();
  m.p = p_.data();
  for (int a = 0; a < 3; ++a) {
    m.comp = a;
    if (!comp_moves_[a] && implicit_steps_ > 0) {
      // no face of this component is solved (w of a one-cell-thick 2D case): its prescribed values
      // carry over; the first iteration's predict has set its residual and beta to zero
      FW_CALL(copy, vel_new_[a].data(), vel_[a].data(), nface_[a]);
      continue;
    }
    FW_CALL(momentum_predict, m);
    // the sweep coefficients of this component once (frozen transport velocity), then the sweeps
    FW_CALL(momentum_coeffs, m, mcoef_.data());
    for (int sw = 0; sw < momentum_sweeps; ++sw) {
      FW_CALL(momentum_sweep_coef, m, mcoef_.data(), 0);
      FW_CALL(momentum_sweep_coef, m, mcoef_.data(), 1);
    }
  }
  ProjectArgs p = project_args(dt);
  p.open_scale = 0;  // a correction: zero at openings
  FW_CALL(fill, levels_[0].phi.data(), ncell_, real(0));
  FW_CALL(divergence, levels_[0].view(), p);
  (void)solve_pressure(40, correction_tolerance);
  for (int a = 0; a < 3; ++a)
    if (comp_moves_[a]) FW_CALL(project, p, a);
  FW_CALL(mg_axpby, levels_[0].view(), real(1), levels_[0].phi.data(), real(1), p_.data());
  ++implicit_steps_;

  ScalarArgs sa = scalar_args();
  sa.dt = static_cast<real>(dt * energy_dt_factor);
  sa.res = sres_.data();
  implicit_scalar(sa);
  for (std::size_t t = 0; t < tr_.size(); ++t) {
    sa.s = tr_[t].data();
    sa.s_new = tr_new_[t].data();
    sa.source = nullptr;
    sa.sref = 0;
    sa.tracer = static_cast<int>(t);
    sa.res = trres_.data();
    implicit_scalar(sa);  // with a tracer's own coefficients (no wall temperature term)
  }
  if (keps_) {
    // k and eps the same way (docs/solver.md, "Turbulence"): sources from the corrected velocity,
    // destruction implicit in the residual and in a_P, then the wall values, floors and nu_t
    KEpsArgs t = keps_args();
    FW_CALL(keps_sources, t);
    sa.dt = dt;
    sa.res = trres_.data();
    for (int q = 0; q < 2; ++q) {
      keps_field(sa, q);
      // eps of wall cells comes from the log law (keps_finish), not from its transport equation
      sa.fixed = q == 0 ? nullptr : wall_cell_.data();
      implicit_scalar(sa);
    }
    FW_CALL(keps_finish, t, k_new_.data(), e_new_.data());
  }
}

void Solver::implicit_scalar(const ScalarArgs& sa) {
  // steady residual, the sweep coefficients once (the velocity is frozen during the sweeps), then
  // the red-black sweeps on them (docs/solver.md Eq. S-11)
  FW_CALL(scalar_transport, sa);
  FW_CALL(scalar_coeffs, sa, scoef_.data());
  for (int sw = 0; sw < energy_sweeps; ++sw) {
    FW_CALL(scalar_sweep_coef, sa, scoef_.data(), 0);
    FW_CALL(scalar_sweep_coef, sa, scoef_.data(), 1);
  }
}

void Solver::keps_field(ScalarArgs& sa, int q) {
  // the transport arguments of k (q = 0) or eps (q = 1): molecular diffusivity nu + nu_t/sigma,
  // sources and implicit destruction from keps_sources, inflow values at the tracer slots
  sa.kappa = static_cast<real>(nu_);
  sa.sref = 0;
  sa.s = q == 0 ? k_.data() : e_.data();
  sa.s_new = q == 0 ? k_new_.data() : e_new_.data();
  sa.source = q == 0 ? src_k_.data() : src_e_.data();
  sa.sink = q == 0 ? sink_k_.data() : sink_e_.data();
  sa.prt = static_cast<real>(q == 0 ? keps::sigma_k : keps::sigma_eps);
  sa.tracer = q == 0 ? keps_tracer_k : keps_tracer_eps;
}

KEpsArgs Solver::keps_args() {
  // the k-epsilon arrays of one step, with the projected velocity
  KEpsArgs t;
  t.g = g_;
  t.solid = solid_.data();
  t.wall_cell = wall_cell_.data();
  t.wall_distance = wdist_.data();
  for (int a = 0; a < 3; ++a) t.vel[a] = vel_new_[a].data();
  t.k = k_.data();
  t.eps = e_.data();
  t.nut = nut_.data();
  t.src_k = src_k_.data();
  t.sink_k = sink_k_.data();
  t.src_e = src_e_.data();
  t.sink_e = sink_e_.data();
  t.nu = static_cast<real>(nu_);
  t.nut_max = static_cast<real>(1e5 * nu_);
  return t;
}

// The packed state of the Anderson acceleration: u, v, w over U, (T - T_ref) over dT_ref and p over
// U^2, so that the least-squares problem weighs the fields alike. pack: fields -> x; else x -> fields.
void Solver::aa_transfer(real* x, bool pack) {
  struct Part {
    real* field;
    index_t n;
    double scale, shift;  // field = scale * x + shift
  };
  std::vector<Part> parts;
  for (int a = 0; a < 3; ++a)
    if (comp_moves_[a]) parts.push_back({vel_[a].data(), nface_[a], U_ref_, 0.0});  // constant ones stay out
  parts.push_back({T_.data(), ncell_, dT_ref_, t_ref_});
  parts.push_back({p_.data(), ncell_, U_ref_ * U_ref_, 0.0});
  for (auto& t : tr_) parts.push_back({t.data(), ncell_, 1.0, 0.0});  // tracers: fractions of order 1
  index_t o = 0;
  for (const Part& q : parts) {
    if (pack)
      FW_CALL(affine, x + o, q.field, q.n, static_cast<real>(1.0 / q.scale), static_cast<real>(-q.shift / q.scale));
    else
      FW_CALL(affine, q.field, x + o, q.n, static_cast<real>(q.scale), static_cast<real>(q.shift));
    o += q.n;
  }
  // the device states (a few per device, on the host side of the transfer), scaled as temperatures
  const std::vector<int>& ds = aa_.dev_state;
  if (o != aa_.n_fields || o + static_cast<index_t>(ds.size()) != aa_.n)
    throw std::logic_error("airflow: the Anderson state layout does not match its size");
  if (ds.empty()) return;
  std::vector<DeviceGpu> dev = dev_.to_host();
  std::vector<SurfaceGpu> surf = surf_.to_host();
  std::vector<real> tail(ds.size());
  const std::size_t bytes = tail.size() * sizeof(real);
  if (!pack) {
    if (cuda_) cuda::copy_to_host(tail.data(), x + o, bytes);
    else std::copy(x + o, x + o + static_cast<index_t>(tail.size()), tail.begin());
  }
  for (std::size_t q = 0; q < ds.size(); ++q) {
    DeviceGpu& d = dev[static_cast<std::size_t>(ds[q])];
    real& state = d.kind == 1 ? d.t_server : surf[static_cast<std::size_t>(d.out_surface)].t_in;
    if (pack) tail[q] = static_cast<real>((state - t_ref_) / dT_ref_);
    else state = static_cast<real>(tail[q] * dT_ref_ + t_ref_);
  }
  if (pack) {
    if (cuda_) cuda::copy_to_device(x + o, tail.data(), bytes);
    else std::copy(tail.begin(), tail.end(), x + o);
  } else {
    dev_.upload(dev.data());
    surf_.upload(surf.data());
  }
}

// One Anderson step (Walker & Ni 2011, "Anderson acceleration for fixed-point iterations", SIAM J.
// Numer. Anal. 49:1715, the difference form; Anderson 1965). The implicit iteration is a fixed-point
// map x -> G(x); with f = G(x) - x and the last m differences dG, dF, the next state is
// G(x) - dG gamma, gamma minimising |f - dF gamma| (normal equations, Tikhonov-regularised). The
// combination has coefficients summing to one, so prescribed values (inlets, walls, solid cells)
// are kept and a combination of divergence-free fields stays divergence-free. Restart (history
// dropped) when |f| grows 100-fold over its smallest value since the last restart.
void Solver::aa_update() {
  Anderson& A = aa_;
  const index_t n = A.n;
  aa_pack(A.g.data());
  FW_CALL(copy, A.f.data(), A.g.data(), n);
  FW_CALL(axpby, n, real(-1), A.xin.data(), real(1), A.f.data());  // f = G(x) - x
  const double fnorm2 = FW_CALL(dot, A.f.data(), A.f.data(), n);
  if (!std::isfinite(fnorm2)) return;  // the next iteration's checks name the field
  const double fnorm = std::sqrt(fnorm2);
  if (A.have_prev && fnorm > 100 * A.fmin) {
    A.count = 0;
    A.head = 0;
    A.have_prev = false;
    ++A.restarts;
  }
  if (!A.have_prev || A.count == 0) A.fmin = fnorm;
  A.fmin = std::min(A.fmin, fnorm);
  const auto m = static_cast<std::size_t>(A.m);
  if (A.have_prev) {
    const int slot = A.head;
    real* dg = A.dG[static_cast<std::size_t>(slot)].data();
    real* df = A.dF[static_cast<std::size_t>(slot)].data();
    FW_CALL(copy, dg, A.g.data(), n);
    FW_CALL(axpby, n, real(-1), A.gprev.data(), real(1), dg);
    FW_CALL(copy, df, A.f.data(), n);
    FW_CALL(axpby, n, real(-1), A.fprev.data(), real(1), df);
    A.head = (A.head + 1) % A.m;
    A.count = std::min(A.count + 1, A.m);
    for (int j = 0; j < A.count; ++j) {
      const double v = FW_CALL(dot, df, A.dF[static_cast<std::size_t>(j)].data(), n);
      A.gram[static_cast<std::size_t>(slot) * m + static_cast<std::size_t>(j)] = v;
      A.gram[static_cast<std::size_t>(j) * m + static_cast<std::size_t>(slot)] = v;
    }
  }
  std::swap(A.gprev, A.g);
  FW_CALL(copy, A.fprev.data(), A.f.data(), n);
  A.have_prev = true;
  if (A.count == 0) return;
  // normal equations (count x count), regularised relative to their trace
  const int k = A.count;
  Eigen::MatrixXd M(k, k);
  Eigen::VectorXd rhs(k);
  double trace = 0;
  for (int i = 0; i < k; ++i) {
    rhs[i] = FW_CALL(dot, A.dF[static_cast<std::size_t>(i)].data(), A.f.data(), n);
    for (int j = 0; j < k; ++j) M(i, j) = A.gram[static_cast<std::size_t>(i) * m + static_cast<std::size_t>(j)];
    trace += M(i, i);
  }
  if (!(trace > 0) || !std::isfinite(trace)) return;
  M.diagonal().array() += 1e-10 * trace / k;
  const Eigen::VectorXd gamma = M.ldlt().solve(rhs);
  if (!gamma.allFinite()) return;
  // x = G(x) - dG gamma (G(x) is now in gprev)
  FW_CALL(copy, A.xin.data(), A.gprev.data(), n);
  for (int i = 0; i < k; ++i)
    FW_CALL(axpby, n, static_cast<real>(-gamma[i]), A.dG[static_cast<std::size_t>(i)].data(), real(1), A.xin.data());
  aa_unpack(A.xin.data());
}

void Solver::fail_numerical(const std::string& field, const real* data, index_t n, bool faces, int axis) {
  // Locate the worst value on the host, save the last good state, then throw.
  std::vector<real> h(static_cast<std::size_t>(n));
  if (cuda_) cuda::copy_to_host(h.data(), data, h.size() * sizeof(real));
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

SolveResult Solver::run() {
  const auto t0 = std::chrono::steady_clock::now();
  const bool transient = s_.solver.mode == SolveMode::transient;
  const long max_it = opt_.max_iterations > 0 ? opt_.max_iterations : s_.solver.max_iterations;
  const double tol = opt_.tolerance > 0 ? opt_.tolerance : s_.solver.tolerance;
  result_.tolerance = tol;
  result_.cells = ncell_;
  const int check_every = std::max(1, opt_.history_every);
  double nut_max = 0;
  long it = 0;
  bool converged = false;
  double faces_total = 0;
  for (int a = 0; a < 3; ++a) faces_total += static_cast<double>(nface_[a]);
  for (it = 1; it <= max_it || transient; ++it) {
    result_.iterations = it;
    // time step from the current state; NaN shows up here at once
    double u_over_h = 0;
    for (int a = 0; a < 3; ++a) {
      const double um = FW_CALL(max_abs, vel_[a].data(), nface_[a]);
      if (!std::isfinite(um) || um > 1e4 * U_ref_ + 1e3) fail_numerical(std::string("velocity ") + "uvw"[a], vel_[a].data(), nface_[a], true, a);
      u_over_h += um * g_.ih[a];
    }
    const double dTm = FW_CALL(max_abs_diff_masked, T_.data(), static_cast<real>(t_ref_), solid_.data(), ncell_);
    if (!std::isfinite(dTm) || dTm > 1e4) fail_numerical("temperature", T_.data(), ncell_, false, 0);
    if (turbulent_ && !keps_ && (it == 1 || it % 5 == 0 || implicit_)) {
      const real* vv[3] = {vel_[0].data(), vel_[1].data(), vel_[2].data()};
      FW_CALL(eddy_viscosity_zero_eq, g_, solid_.data(), vv, wdist_.data(), nut_.data());
      nut_max = FW_CALL(max_abs, nut_.data(), ncell_);
    }
    if (keps_) {
      nut_max = FW_CALL(max_abs, nut_.data(), ncell_);
      if (!std::isfinite(nut_max)) fail_numerical("turbulent viscosity", nut_.data(), ncell_, false, 0);
    }
    real dt = implicit_ ? pseudo_dt(u_over_h, nut_max, std::max(dTm, dT_ref_))
                        : stable_dt(u_over_h, nut_max, std::max(dTm, dT_ref_));
    if (transient && sim_time_ + dt > s_.solver.end_time) dt = static_cast<real>(s_.solver.end_time - sim_time_);
    if (aa_.m > 0) aa_pack(aa_.xin.data());
    if (implicit_) step_implicit(dt);
    else step(dt);
    sim_time_ += dt;
    const bool record = it % check_every == 0 || it == 1 || (transient && sim_time_ >= s_.solver.end_time) || it == max_it;
    if (record) {
      // Explicit path: du/dt and dT/dt of the step. Implicit path: the same rates of the explicit
      // scheme, i.e. the steady residuals at the start of the iteration (docs/solver.md Eq. S-8).
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
      LevelGpu l0 = levels_[0].view();
      l0.rhs = levels_[0].res.data();  // scratch
      FW_CALL(divergence, l0, p);
      // (the opening-pressure term is not part of the divergence: recompute without it)
      const double div2 = FW_CALL(mg_sum_squares, l0, levels_[0].res.data());
      r.mass = std::sqrt(div2 / static_cast<double>(fluid_cells_)) * L_ref_ / U_ref_;
      result_.history.push_back(r);
      result_.final_residual = r;
      if (opt_.progress) opt_.progress(r);
      if (!transient && r.momentum < tol && r.energy < tol && std::abs(r.storage) < std::max(10 * tol, 1e-5) &&
          it > 10)
        converged = true;
    }
    for (int a = 0; a < 3; ++a) std::swap(vel_[a], vel_new_[a]);
    std::swap(T_, T_new_);
    for (std::size_t t = 0; t < tr_.size(); ++t) std::swap(tr_[t], tr_new_[t]);
    if (aa_.m > 0 && !converged) aa_update();
    if (opt_.snapshot && opt_.snapshot_every > 0 && it % opt_.snapshot_every == 0 && !converged) {
      SolveResult snap;
      snap.iterations = it;
      snap.tolerance = tol;
      snap.cells = ncell_;
      collect(snap, false);
      opt_.snapshot(snap);
    }
    if (keps_) {
      std::swap(k_, k_new_);
      std::swap(e_, e_new_);
    }
    if (converged) break;
    if (transient && sim_time_ >= s_.solver.end_time * (1 - 1e-12)) {
      converged = true;
      break;
    }
    if (!transient && it >= max_it) break;
  }
  if (it > max_it) it = max_it;
  result_.converged = converged;
  result_.stop_reason = converged ? (transient ? "end time reached" : "converged")
                                  : "iteration limit reached before the residuals fell below the tolerance";
  result_.simulated_time = sim_time_;
  result_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result_.cell_updates_per_second =
      static_cast<double>(ncell_) * static_cast<double>(result_.iterations) / std::max(result_.wall_seconds, 1e-12);
  collect(result_, false);
  result_.kernels = profile_data_;
  log::info("airflow: " + std::to_string(result_.iterations) + " iterations, " +
            std::to_string(static_cast<double>(mg_cycles_) / static_cast<double>(std::max(1L, result_.iterations))) +
            " preconditioned CG iterations per step");
  return result_;
}

void Solver::collect(SolveResult& r, bool use_new) {
  // Final pressure-consistent coupling state (device temperatures) and fields to the host.
  const auto& V = use_new ? vel_new_ : vel_;
  const Buffer<real>& Tb = use_new ? T_new_ : T_;
  std::array<std::vector<real>, 3> vel;
  for (int a = 0; a < 3; ++a) vel[a] = V[a].to_host();
  const std::vector<real> T = Tb.to_host();
  const std::vector<real> p = (implicit_ ? p_ : levels_[0].phi).to_host();
  const std::vector<real> nut = nut_.to_host();
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
        F.nut[c] = nut[c];
        F.solid[c] = vg_.cell_type[c] == CellType::solid ? 1 : 0;
        if (F.solid[c]) F.u[c] = F.v[c] = F.w[c] = F.p[c] = 0;
      }
  F.k.clear();
  F.eps.clear();
  if (keps_) {
    const std::vector<real> kh = (use_new ? k_new_ : k_).to_host(), eh = (use_new ? e_new_ : e_).to_host();
    F.k.assign(kh.begin(), kh.end());
    F.eps.assign(eh.begin(), eh.end());
    for (index_t c = 0; c < ncell_; ++c)
      if (F.solid[c]) F.k[c] = F.eps[c] = 0;
  }
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

}  // namespace

SolveResult solve(const Scenario& s, const VoxelGrid& vg, const Executor& ex, const SolveOptions& options) {
  Solver solver(s, vg, ex, options);
  return solver.run();
}

}  // namespace factwin::airflow
