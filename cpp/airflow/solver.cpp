// SPDX-License-Identifier: Apache-2.0
// The airflow solver: set-up of the boundary arrays from the voxelised scenario, the pseudo-time
// (steady) or time (transient) loop, the multigrid-preconditioned pressure solve, dispatch of the
// kernels to the executor's backend, and the per-surface flow reports. Method: docs/solver.md.
#include "factwin/airflow/solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

#include "airflow/kernels/airflow_args.hpp"
#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/log.hpp"
#include "factwin/grid/field.hpp"

namespace factwin::airflow {

double Residuals::max() const {
  return std::max({momentum[0], momentum[1], momentum[2], continuity, energy});
}

index_t SolveResult::face(int axis, int i, int j, int k) const {
  const index_t nx = cells[0] + (axis == 0), ny = cells[1] + (axis == 1);
  return i + nx * (j + ny * static_cast<index_t>(k));
}

const SurfaceFlow* SolveResult::surface(const std::string& name) const {
  for (const auto& s : surfaces)
    if (s.name == name) return &s;
  return nullptr;
}

namespace {

using u8 = std::uint8_t;

/// Host mirror of a Field in the same layout (ghosts included) for set-up and post-processing.
template <class T>
struct Mirror {
  std::vector<T> v;
  index_t sx = 0, sy = 0;
  int g = 0;
  explicit Mirror(const Field<T>& f) : v(f.host_copy()), g(f.ghost()) {
    sx = f.n(0) + 2 * g;
    sy = sx * (f.n(1) + 2 * g);
  }
  T& operator()(int i, int j, int k) { return v[static_cast<std::size_t>((i + g) + sx * (j + g) + sy * (k + g))]; }
  T operator()(int i, int j, int k) const {
    return v[static_cast<std::size_t>((i + g) + sx * (j + g) + sy * (k + g))];
  }
};

IndexBox make_box(int nx, int ny, int nz) {
  IndexBox b;
  b.hi[0] = nx;
  b.hi[1] = ny;
  b.hi[2] = nz;
  return b;
}

/// Kernel dispatch: host or cuda entry point, chosen at run time (STYLE.md §4).
class Dispatch {
 public:
  explicit Dispatch(const Executor& ex) : cuda_(ex.is_cuda()) {
    h_.threads = ex.threads();
    c_.device = ex.device_id();
  }
  template <class H, class C>
  auto operator()(H&& host_fn, C&& cuda_fn) const {
    return cuda_ ? cuda_fn(c_) : host_fn(h_);
  }
  [[nodiscard]] bool cuda() const { return cuda_; }
  [[nodiscard]] const exec::Host& host_exec() const { return h_; }
  [[nodiscard]] const exec::Cuda& cuda_exec() const { return c_; }

 private:
  bool cuda_;
  exec::Host h_;
  exec::Cuda c_;
};

#define FW_CALL(fn, ...) \
  (dsp_.cuda() ? cuda::fn(dsp_.cuda_exec(), __VA_ARGS__) : host::fn(dsp_.host_exec(), __VA_ARGS__))

struct MgLevelData {
  int n[3] = {1, 1, 1};
  Field<real> k[3];
  Field<real> diag;
  Field<u8> active;
  Field<real> x, b, res;
  MgTransfer to_coarse{};  // from this level to the next
  [[nodiscard]] MgLevel view() const {
    MgLevel l;
    for (int a = 0; a < 3; ++a) {
      l.n[a] = n[a];
      l.k[a] = k[a].view();
    }
    l.diag = diag.view();
    l.active = active.view();
    return l;
  }
  [[nodiscard]] IndexBox box() const { return make_box(n[0], n[1], n[2]); }
};

class Solver {
 public:
  Solver(const Scenario& s, const VoxelGrid& vg, const Executor& ex, const SolveOptions& o)
      : s_(s), vg_(vg), ex_(ex), opt_(o), dsp_(ex) {}

  SolveResult run(SolveResult* last_good);

 private:
  void setup();
  void setup_multigrid();
  void vcycle(std::size_t lev, FieldView<real> x, FieldView<const real> b);
  void precondition(FieldView<const real> r, FieldView<real> z);
  int pressure_solve();
  Residuals iterate(real dt, bool steady);
  void check_finite(long it);
  SolveResult collect(bool with_fields) const;
  real velocity_scale() const;
  [[nodiscard]] IndexBox face_box(int a) const {
    IndexBox b = cells_;
    b.hi[a] += 1;
    return b;
  }
  [[nodiscard]] ConstStencil cstencil() const {
    ConstStencil c;
    for (int n = 0; n < 6; ++n) c.a[n] = st_a_[n].view();
    c.ap = st_ap_.view();
    c.b = st_b_.view();
    return c;
  }
  [[nodiscard]] Stencil stencil() {
    Stencil c;
    for (int n = 0; n < 6; ++n) c.a[n] = st_a_[n].view();
    c.ap = st_ap_.view();
    c.b = st_b_.view();
    return c;
  }

  const Scenario& s_;
  const VoxelGrid& vg_;
  Executor ex_;
  SolveOptions opt_;
  Dispatch dsp_;

  Geom geom_{};
  IndexBox cells_{};
  int scheme_ = scheme_van_leer;
  real rho_ = 1, rho_cp_ = 1, nu0_ = 0, alpha0_ = 0, beta_ = 0, t_ref_ = 300;
  Vec3 gravity_;
  double u_est_ = 1e-3;   // [m/s] velocity scale from the boundary conditions / buoyancy
  double t_range_bc_ = 0; // [K]
  double t_min_bc_ = 0, t_max_bc_ = 0;
  bool singular_ = true;  // no fixed-pressure face: pressure fixed only up to a constant
  double active_cells_ = 0;

  Field<real> u_[3];
  Field<u8> ftype_[3];
  Field<u8> tw_m_[3][4];
  Field<real> tw_v_[3][4];
  Field<real> p_open_[3];
  Field<u8> tcode_[3];
  Field<real> tval_[3];
  Field<real> p_, t_, nu_, diff_, source_, wall_dist_;
  bool zero_eq_ = false;
  Field<u8> fluid_;
  Field<real> st_a_[6], st_ap_, st_b_;
  Field<real> psi_, rhs_, r_, z_, pv_, ap_;
  std::vector<std::unique_ptr<MgLevelData>> mg_;

  int last_pcg_its_ = 0;
  std::size_t field_bytes() const;
};

std::size_t Solver::field_bytes() const {
  std::size_t b = fluid_.bytes() + p_.bytes() + t_.bytes() + nu_.bytes() + diff_.bytes() + source_.bytes() +
                  wall_dist_.bytes() + st_ap_.bytes() + st_b_.bytes();
  for (const Field<real>* f : {&psi_, &rhs_, &r_, &z_, &pv_, &ap_}) b += f->bytes();
  for (const auto& f : st_a_) b += f.bytes();
  for (int a = 0; a < 3; ++a) {
    b += u_[a].bytes() + ftype_[a].bytes() + p_open_[a].bytes() + tcode_[a].bytes() + tval_[a].bytes();
    for (int t = 0; t < 4; ++t) b += tw_m_[a][t].bytes() + tw_v_[a][t].bytes();
  }
  for (const auto& l : mg_) {
    b += l->diag.bytes() + l->active.bytes() + l->x.bytes() + l->b.bytes() + l->res.bytes();
    for (const auto& k : l->k) b += k.bytes();
  }
  return b;
}

void Solver::setup() {
  const StructuredGrid& g = vg_.grid;
  const int nx = g.n(0), ny = g.n(1), nz = g.n(2);
  cells_ = make_box(nx, ny, nz);
  for (int a = 0; a < 3; ++a) {
    geom_.n[a] = g.n(a);
    geom_.h[a] = static_cast<real>(g.spacing(a));
  }
  for (int a = 0; a < 3; ++a) geom_.area[a] = geom_.h[(a + 1) % 3] * geom_.h[(a + 2) % 3];
  geom_.vol = geom_.h[0] * geom_.h[1] * geom_.h[2];

  const Fluid& f = s_.fluid;
  rho_ = static_cast<real>(f.density);
  rho_cp_ = static_cast<real>(f.density * f.specific_heat);
  nu0_ = static_cast<real>(f.kinematic_viscosity());
  alpha0_ = static_cast<real>(f.diffusivity());
  beta_ = static_cast<real>(f.expansion_coefficient);
  t_ref_ = static_cast<real>(f.reference_temperature);
  gravity_ = s_.gravity;
  switch (opt_.advection) {
    case Advection::upwind: scheme_ = scheme_upwind; break;
    case Advection::central: scheme_ = scheme_central; break;
    case Advection::van_leer: scheme_ = scheme_van_leer; break;
  }

  const double t0 = s_.solver.initial_temperature > 0 ? s_.solver.initial_temperature : f.reference_temperature;
  // Cell fields.
  fluid_ = Field<u8>(ex_, nx, ny, nz);
  p_ = Field<real>(ex_, nx, ny, nz);
  t_ = Field<real>(ex_, nx, ny, nz);
  nu_ = Field<real>(ex_, nx, ny, nz);
  diff_ = Field<real>(ex_, nx, ny, nz);
  source_ = Field<real>(ex_, nx, ny, nz);
  for (Field<real>* w : {&psi_, &rhs_, &r_, &z_, &pv_, &ap_}) *w = Field<real>(ex_, nx, ny, nz);
  for (int n = 0; n < 6; ++n) st_a_[n] = Field<real>(ex_, nx + 1, ny + 1, nz + 1);
  st_ap_ = Field<real>(ex_, nx + 1, ny + 1, nz + 1);
  st_b_ = Field<real>(ex_, nx + 1, ny + 1, nz + 1);
  {
    Mirror<u8> fl(fluid_);
    Mirror<real> tt(t_), nu(nu_), df(diff_), src(source_);
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
          const bool air = vg_.cell_type[static_cast<std::size_t>(g.cell_index(i, j, k))] == CellType::fluid;
          fl(i, j, k) = static_cast<u8>(air ? 1 : 0);
          tt(i, j, k) = static_cast<real>(t0 - f.reference_temperature);
          nu(i, j, k) = nu0_;
          df(i, j, k) = alpha0_;
          if (air) active_cells_ += 1;
        }
    for (const VoxelHeatSource& h : vg_.heat_sources)
      for (std::size_t c = 0; c < h.cells.size(); ++c) {
        const index_t ci = h.cells[c];
        const int i = static_cast<int>(ci % nx), j = static_cast<int>((ci / nx) % ny),
                  k = static_cast<int>(ci / (static_cast<index_t>(nx) * ny));
        src(i, j, k) += static_cast<real>(h.power[c] / (f.density * f.specific_heat));
      }
    fluid_.assign_from_host(fl.v);
    t_.assign_from_host(tt.v);
    nu_.assign_from_host(nu.v);
    diff_.assign_from_host(df.v);
    source_.assign_from_host(src.v);
  }

  auto is_fluid = [&](int i, int j, int k) {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return false;
    return vg_.cell_type[static_cast<std::size_t>(g.cell_index(i, j, k))] == CellType::fluid;
  };
  auto face_id = [&](int a, int i, int j, int k) -> int {
    return vg_.face_surface[a][static_cast<std::size_t>(g.face_index(a, i, j, k))];
  };

  // Velocity scale and temperature range from the boundary conditions.
  double umax_bc = 0;
  bool have_t = false;
  t_min_bc_ = t0;
  t_max_bc_ = t0;
  for (std::size_t id = 1; id < vg_.surfaces.size(); ++id) {
    const SurfaceInfo& si = vg_.surfaces[id];
    if (si.face_count == 0) continue;
    const SurfaceCondition& c = si.condition;
    if (c.flow == FlowCondition::velocity_inlet) umax_bc = std::max(umax_bc, std::abs(c.inflow_speed));
    if (c.flow == FlowCondition::moving)
      umax_bc = std::max(umax_bc, std::sqrt(c.velocity.x * c.velocity.x + c.velocity.y * c.velocity.y +
                                            c.velocity.z * c.velocity.z));
    double tb = 0;
    bool has = false;
    if (c.flow == FlowCondition::velocity_inlet || c.flow == FlowCondition::pressure_opening) {
      tb = c.inflow_temperature;
      has = tb > 0;
    } else if (c.thermal == ThermalCondition::temperature) {
      tb = c.temperature;
      has = true;
    }
    if (has) {
      t_min_bc_ = have_t ? std::min(t_min_bc_, tb) : std::min(t0, tb);
      t_max_bc_ = have_t ? std::max(t_max_bc_, tb) : std::max(t0, tb);
      have_t = true;
    }
    if (c.flow == FlowCondition::pressure_opening) singular_ = false;
  }
  t_range_bc_ = t_max_bc_ - t_min_bc_;
  double lmax = 0;
  for (int a = 0; a < 3; ++a) lmax = std::max(lmax, s_.hall.extent[a]);
  const double gmag = std::sqrt(gravity_.x * gravity_.x + gravity_.y * gravity_.y + gravity_.z * gravity_.z);
  double dtb = t_range_bc_;
  if (!vg_.heat_sources.empty() || dtb <= 0) dtb = std::max(dtb, 1.0);
  const double ub = std::sqrt(gmag * f.expansion_coefficient * dtb * lmax);
  u_est_ = std::max({umax_bc, ub, 1e-6});

  // Face arrays.
  for (int a = 0; a < 3; ++a) {
    const int fx = nx + (a == 0), fy = ny + (a == 1), fz = nz + (a == 2);
    u_[a] = Field<real>(ex_, fx, fy, fz);
    ftype_[a] = Field<u8>(ex_, fx, fy, fz);
    p_open_[a] = Field<real>(ex_, fx, fy, fz);
    tcode_[a] = Field<u8>(ex_, fx, fy, fz);
    tval_[a] = Field<real>(ex_, fx, fy, fz);
    for (int t = 0; t < 4; ++t) {
      tw_m_[a][t] = Field<u8>(ex_, fx, fy, fz);
      tw_v_[a][t] = Field<real>(ex_, fx, fy, fz);
    }
    Mirror<real> uu(u_[a]), po(p_open_[a]), tv(tval_[a]);
    Mirror<u8> ft(ftype_[a]), tc(tcode_[a]);
    std::vector<Mirror<u8>> twm;
    std::vector<Mirror<real>> twv;
    for (int t = 0; t < 4; ++t) {
      twm.emplace_back(tw_m_[a][t]);
      twv.emplace_back(tw_v_[a][t]);
    }
    for (int k = 0; k < fz; ++k)
      for (int j = 0; j < fy; ++j)
        for (int i = 0; i < fx; ++i) {
          int L[3] = {i, j, k};
          L[a] -= 1;
          const bool fl = is_fluid(L[0], L[1], L[2]), fr = is_fluid(i, j, k);
          const int id = face_id(a, i, j, k);
          const SurfaceCondition* c = id > 0 ? &vg_.surfaces[static_cast<std::size_t>(id)].condition : nullptr;
          // Flow type.
          u8 type = face_fixed;
          real uval = 0;
          if (fl && fr) {
            type = face_active;
          } else if ((fl || fr) && c) {
            const bool boundary = (a == 0 ? i : (a == 1 ? j : k)) == 0 ||
                                  (a == 0 ? i : (a == 1 ? j : k)) == g.n(a);
            if (boundary && c->flow == FlowCondition::velocity_inlet) {
              uval = static_cast<real>(fr ? c->inflow_speed : -c->inflow_speed);  // into the air
            } else if (boundary && c->flow == FlowCondition::pressure_opening) {
              type = face_opening;
              po(i, j, k) = static_cast<real>(c->pressure);
            }
          }
          ft(i, j, k) = type;
          uu(i, j, k) = uval;
          // Thermal code (seen from the fluid side).
          if (fl && fr) {
            tc(i, j, k) = tface_interior;
          } else if ((fl || fr) && c) {
            if (c->flow == FlowCondition::velocity_inlet || c->flow == FlowCondition::pressure_opening) {
              tc(i, j, k) = tface_flow;
              tv(i, j, k) = static_cast<real>((c->inflow_temperature > 0 ? c->inflow_temperature : t0) - f.reference_temperature);
            } else if (c->thermal == ThermalCondition::temperature) {
              tc(i, j, k) = tface_fixed_t;
              tv(i, j, k) = static_cast<real>(c->temperature - f.reference_temperature);
            } else if (c->thermal == ThermalCondition::heat_flux) {
              tc(i, j, k) = tface_flux;
              tv(i, j, k) = static_cast<real>(c->heat_flux);
            } else {
              tc(i, j, k) = tface_adiabatic;
            }
          } else {
            tc(i, j, k) = tface_adiabatic;
          }
          // Tangential neighbours of an active face (Eq. S-6).
          if (type != face_active) continue;
          for (int t = 0; t < 4; ++t) {
            const int d = t < 2 ? (a + 1) % 3 : (a + 2) % 3;
            const int sgn = (t % 2) ? 1 : -1;
            int nl[3] = {L[0], L[1], L[2]}, nr[3] = {i, j, k};
            nl[d] += sgn;
            nr[d] += sgn;
            const bool fnl = is_fluid(nl[0], nl[1], nl[2]), fnr = is_fluid(nr[0], nr[1], nr[2]);
            if (fnl && fnr) {
              twm[t](i, j, k) = 1;
              continue;
            }
            // The wall between the face and its missing neighbour: id of the side face of the
            // right cell (or the left one when the right one's neighbour is still air).
            int side_r[3] = {i, j, k}, side_l[3] = {L[0], L[1], L[2]};
            if (sgn > 0) {
              side_r[d] += 1;
              side_l[d] += 1;
            }
            int wid = !fnr ? face_id(d, side_r[0], side_r[1], side_r[2]) : face_id(d, side_l[0], side_l[1], side_l[2]);
            if (wid == 0) wid = face_id(d, side_l[0], side_l[1], side_l[2]);
            u8 m = 2;
            real vw = 0;
            if (wid > 0) {
              const SurfaceCondition& wc = vg_.surfaces[static_cast<std::size_t>(wid)].condition;
              if (wc.flow == FlowCondition::slip || wc.flow == FlowCondition::pressure_opening) m = 0;
              if (wc.flow == FlowCondition::moving) vw = static_cast<real>(wc.velocity[a]);
            }
            twm[t](i, j, k) = m;
            twv[t](i, j, k) = vw;
          }
        }
    u_[a].assign_from_host(uu.v);
    ftype_[a].assign_from_host(ft.v);
    p_open_[a].assign_from_host(po.v);
    tcode_[a].assign_from_host(tc.v);
    tval_[a].assign_from_host(tv.v);
    for (int t = 0; t < 4; ++t) {
      tw_m_[a][t].assign_from_host(twm[static_cast<std::size_t>(t)].v);
      tw_v_[a][t].assign_from_host(twv[static_cast<std::size_t>(t)].v);
    }
  }
  setup_multigrid();

  // Wall distance for the zero-equation model (Chen & Xu 1998): distance from each air cell centre
  // to the nearest no-slip / moving wall face, by chamfer sweeps over the 26 neighbours.
  zero_eq_ = s_.solver.turbulence != TurbulenceModel::laminar;
  if (s_.solver.turbulence == TurbulenceModel::k_epsilon)
    throw NotCompiled("turbulence model k_epsilon is not implemented yet; use \"laminar\" or \"zero_equation\"");
  if (zero_eq_) {
    wall_dist_ = Field<real>(ex_, nx, ny, nz);
    Mirror<real> d(wall_dist_);
    const double big = 1e30;
    for (auto& x : d.v) x = static_cast<real>(big);
    for (int a = 0; a < 3; ++a)
      for (int k = 0; k < nz + (a == 2); ++k)
        for (int j = 0; j < ny + (a == 1); ++j)
          for (int i = 0; i < nx + (a == 0); ++i) {
            const int id = face_id(a, i, j, k);
            if (id == 0) continue;
            const FlowCondition fc = vg_.surfaces[static_cast<std::size_t>(id)].condition.flow;
            if (fc != FlowCondition::no_slip && fc != FlowCondition::moving) continue;
            int L[3] = {i, j, k};
            L[a] -= 1;
            const real half = real(0.5) * geom_.h[a];
            if (is_fluid(i, j, k)) d(i, j, k) = std::min(d(i, j, k), half);
            if (is_fluid(L[0], L[1], L[2])) d(L[0], L[1], L[2]) = std::min(d(L[0], L[1], L[2]), half);
          }
    for (int pass = 0; pass < 4; ++pass) {
      const bool fwd = pass % 2 == 0;
      for (int kk = 0; kk < nz; ++kk)
        for (int jj = 0; jj < ny; ++jj)
          for (int ii = 0; ii < nx; ++ii) {
            const int i = fwd ? ii : nx - 1 - ii, j = fwd ? jj : ny - 1 - jj, k = fwd ? kk : nz - 1 - kk;
            if (!is_fluid(i, j, k)) continue;
            real best = d(i, j, k);
            for (int dk = -1; dk <= 1; ++dk)
              for (int dj = -1; dj <= 1; ++dj)
                for (int di = -1; di <= 1; ++di) {
                  if (!is_fluid(i + di, j + dj, k + dk)) continue;
                  const real step = std::sqrt(real(di * di) * geom_.h[0] * geom_.h[0] +
                                              real(dj * dj) * geom_.h[1] * geom_.h[1] +
                                              real(dk * dk) * geom_.h[2] * geom_.h[2]);
                  best = std::min(best, d(i + di, j + dj, k + dk) + step);
                }
            d(i, j, k) = best;
          }
    }
    const real cap = static_cast<real>(std::max({s_.hall.extent.x, s_.hall.extent.y, s_.hall.extent.z}));
    for (auto& x : d.v) x = std::min(x, cap);
    wall_dist_.assign_from_host(d.v);
  }
}

void Solver::setup_multigrid() {
  // Level 0: K = A/h between fluid cells, A/(h/2) at openings, 0 on blocked faces (Eq. S-13).
  auto lev0 = std::make_unique<MgLevelData>();
  for (int a = 0; a < 3; ++a) lev0->n[a] = geom_.n[a];
  const int nx = geom_.n[0], ny = geom_.n[1], nz = geom_.n[2];
  std::array<Mirror<real>, 3> kk = {Mirror<real>(Field<real>(ex_, nx + 1, ny, nz)),
                                    Mirror<real>(Field<real>(ex_, nx, ny + 1, nz)),
                                    Mirror<real>(Field<real>(ex_, nx, ny, nz + 1))};
  for (int a = 0; a < 3; ++a) {
    Mirror<u8> ft(ftype_[a]);
    const int fx = nx + (a == 0), fy = ny + (a == 1), fz = nz + (a == 2);
    for (int k = 0; k < fz; ++k)
      for (int j = 0; j < fy; ++j)
        for (int i = 0; i < fx; ++i) {
          const u8 t = ft(i, j, k);
          kk[a](i, j, k) = t == face_active ? geom_.area[a] / geom_.h[a]
                           : t == face_opening ? geom_.area[a] / (real(0.5) * geom_.h[a])
                                               : real(0);
        }
  }
  std::vector<Mirror<real>> kcur(kk.begin(), kk.end());
  Mirror<u8> act(fluid_);
  std::array<int, 3> n = {nx, ny, nz};
  for (std::size_t lev = 0;; ++lev) {
    if (lev == 0) mg_.push_back(std::move(lev0));
    MgLevelData& cur = *mg_.back();
    for (int a = 0; a < 3; ++a) cur.n[a] = n[static_cast<std::size_t>(a)];
    const int cx = n[0], cy = n[1], cz = n[2];
    for (int a = 0; a < 3; ++a) {
      cur.k[a] = Field<real>(ex_, cx + (a == 0), cy + (a == 1), cz + (a == 2));
      cur.k[a].assign_from_host(kcur[static_cast<std::size_t>(a)].v);
    }
    cur.active = Field<u8>(ex_, cx, cy, cz);
    cur.active.assign_from_host(act.v);
    Mirror<real> dg(Field<real>(ex_, cx, cy, cz));
    for (int k = 0; k < cz; ++k)
      for (int j = 0; j < cy; ++j)
        for (int i = 0; i < cx; ++i)
          dg(i, j, k) = act(i, j, k) ? kcur[0](i, j, k) + kcur[0](i + 1, j, k) + kcur[1](i, j, k) +
                                           kcur[1](i, j + 1, k) + kcur[2](i, j, k) + kcur[2](i, j, k + 1)
                                     : real(0);
    cur.diag = Field<real>(ex_, cx, cy, cz);
    cur.diag.assign_from_host(dg.v);
    if (lev > 0) {  // level 0 works on the CG vectors
      cur.x = Field<real>(ex_, cx, cy, cz);
      cur.b = Field<real>(ex_, cx, cy, cz);
    }
    cur.res = Field<real>(ex_, cx, cy, cz);
    // Coarsen every axis with more than one cell, until the level is tiny.
    std::array<int, 3> ratio = {1, 1, 1}, nc = n;
    bool any = false;
    for (int a = 0; a < 3; ++a)
      if (n[static_cast<std::size_t>(a)] >= 2) {
        ratio[static_cast<std::size_t>(a)] = 2;
        nc[static_cast<std::size_t>(a)] = (n[static_cast<std::size_t>(a)] + 1) / 2;
        any = true;
      }
    if (!any || static_cast<long>(cx) * cy * cz <= 8 || mg_.size() >= 16) break;
    MgTransfer tr{};
    for (int a = 0; a < 3; ++a) {
      tr.nf[a] = n[static_cast<std::size_t>(a)];
      tr.nc[a] = nc[static_cast<std::size_t>(a)];
      tr.ratio[a] = ratio[static_cast<std::size_t>(a)];
    }
    cur.to_coarse = tr;
    // Coarse faces: sum of the fine faces they cover, times h_fine / H_coarse along the normal.
    std::vector<Mirror<real>> kc;
    for (int a = 0; a < 3; ++a) {
      kc.emplace_back(Field<real>(ex_, nc[0] + (a == 0), nc[1] + (a == 1), nc[2] + (a == 2)));
      const int b = (a + 1) % 3, c = (a + 2) % 3;
      const real scale = real(1) / static_cast<real>(ratio[static_cast<std::size_t>(a)]);
      for (int K = 0; K < nc[2] + (a == 2); ++K)
        for (int J = 0; J < nc[1] + (a == 1); ++J)
          for (int I = 0; I < nc[0] + (a == 0); ++I) {
            int C[3] = {I, J, K};
            int base[3];
            for (int d = 0; d < 3; ++d) base[d] = C[d] * ratio[static_cast<std::size_t>(d)];
            base[a] = std::min(base[a], n[static_cast<std::size_t>(a)]);
            real sum = 0;
            for (int db = 0; db < ratio[static_cast<std::size_t>(b)]; ++db)
              for (int dc = 0; dc < ratio[static_cast<std::size_t>(c)]; ++dc) {
                int F[3] = {base[0], base[1], base[2]};
                F[b] += db;
                F[c] += dc;
                if (F[b] >= n[static_cast<std::size_t>(b)] || F[c] >= n[static_cast<std::size_t>(c)]) continue;
                sum += kcur[static_cast<std::size_t>(a)](F[0], F[1], F[2]);
              }
            kc[static_cast<std::size_t>(a)](I, J, K) = sum * scale;
          }
    }
    Mirror<u8> actc(Field<u8>(ex_, nc[0], nc[1], nc[2]));
    for (int k = 0; k < n[2]; ++k)
      for (int j = 0; j < n[1]; ++j)
        for (int i = 0; i < n[0]; ++i)
          if (act(i, j, k)) actc(i / ratio[0], j / ratio[1], k / ratio[2]) = 1;
    kcur = std::move(kc);
    act = std::move(actc);
    n = nc;
    mg_.push_back(std::make_unique<MgLevelData>());
  }
}

void Solver::vcycle(std::size_t lev, FieldView<real> x, FieldView<const real> b) {
  MgLevelData& L = *mg_[lev];
  const MgLevel lv = L.view();
  const IndexBox box = L.box();
  FW_CALL(fill, box, x, real(0));
  if (lev + 1 == mg_.size()) {  // bottom: many symmetric sweeps
    for (int s = 0; s < 20; ++s) {
      FW_CALL(mg_smooth, box, lv, x, b, 0);
      FW_CALL(mg_smooth, box, lv, x, b, 1);
      FW_CALL(mg_smooth, box, lv, x, b, 1);
      FW_CALL(mg_smooth, box, lv, x, b, 0);
    }
    return;
  }
  for (int s = 0; s < 2; ++s) {
    FW_CALL(mg_smooth, box, lv, x, b, 0);
    FW_CALL(mg_smooth, box, lv, x, b, 1);
  }
  FW_CALL(mg_residual, box, lv, FieldView<const real>(x), b, L.res.view());
  MgLevelData& C = *mg_[lev + 1];
  FW_CALL(mg_restrict, C.box(), L.to_coarse, L.res.cview(), C.b.view());
  vcycle(lev + 1, C.x.view(), C.b.cview());
  FW_CALL(mg_prolong_add, box, L.to_coarse, C.x.cview(), x);
  for (int s = 0; s < 2; ++s) {
    FW_CALL(mg_smooth, box, lv, x, b, 1);
    FW_CALL(mg_smooth, box, lv, x, b, 0);
  }
}

void Solver::precondition(FieldView<const real> r, FieldView<real> z) {
  vcycle(0, z, r);
  if (singular_) {
    const double m = FW_CALL(masked_sum, cells_, FieldView<const real>(z), fluid_.cview()) / active_cells_;
    FW_CALL(add_const, cells_, z, static_cast<real>(-m), fluid_.cview());
  }
}

/// MG-preconditioned conjugate gradients on A psi = rhs (Eq. S-13). Returns the iterations.
int Solver::pressure_solve() {
  const MgLevel l0 = mg_[0]->view();
  const auto mask = fluid_.cview();
  FW_CALL(fill, cells_, psi_.view(), real(0));
  // r = rhs (compatibility: zero mean when the pressure has no fixed level).
  FW_CALL(fill, cells_, r_.view(), real(0));
  FW_CALL(axpy, cells_, real(1), rhs_.cview(), r_.view(), mask);
  if (singular_) {
    const double m = FW_CALL(masked_sum, cells_, r_.cview(), mask) / active_cells_;
    FW_CALL(add_const, cells_, r_.view(), static_cast<real>(-m), mask);
  }
  const double rr0 = FW_CALL(dot, cells_, r_.cview(), r_.cview(), mask);
  if (!(rr0 > 0)) return 0;
  const double tol2 = opt_.pressure_rtol * opt_.pressure_rtol * rr0;
  precondition(r_.cview(), z_.view());
  FW_CALL(fill, cells_, pv_.view(), real(0));
  FW_CALL(axpy, cells_, real(1), z_.cview(), pv_.view(), mask);
  double rz = FW_CALL(dot, cells_, r_.cview(), z_.cview(), mask);
  int it = 0;
  for (; it < opt_.pressure_max_iterations; ++it) {
    FW_CALL(mg_apply, cells_, l0, pv_.cview(), ap_.view());
    const double pap = FW_CALL(dot, cells_, pv_.cview(), ap_.cview(), mask);
    if (!(pap > 0)) break;
    const real alpha = static_cast<real>(rz / pap);
    FW_CALL(axpy, cells_, alpha, pv_.cview(), psi_.view(), mask);
    FW_CALL(axpy, cells_, -alpha, ap_.cview(), r_.view(), mask);
    const double rr = FW_CALL(dot, cells_, r_.cview(), r_.cview(), mask);
    if (rr <= tol2) {
      ++it;
      break;
    }
    precondition(r_.cview(), z_.view());
    const double rz_new = FW_CALL(dot, cells_, r_.cview(), z_.cview(), mask);
    const real beta = static_cast<real>(rz_new / rz);
    rz = rz_new;
    FW_CALL(xpay, cells_, z_.cview(), beta, pv_.view(), mask);
  }
  return it;
}

real Solver::velocity_scale() const {
  double m = 0;
  for (int a = 0; a < 3; ++a) m = std::max(m, FW_CALL(max_abs, face_box(a), u_[a].cview()));
  return static_cast<real>(m);
}

Residuals Solver::iterate(real dt, bool steady) {
  Residuals res;
  const real vdt = dt > 0 ? geom_.vol / dt : real(0);
  const real uref = std::max(velocity_scale(), static_cast<real>(1e-3 * u_est_));
  if (zero_eq_) {  // Eq. (S-14)
    EddyArgs e{};
    e.g = geom_;
    for (int d = 0; d < 3; ++d) e.u[d] = u_[d].cview();
    e.wall_distance = wall_dist_.cview();
    e.fluid = fluid_.cview();
    e.nu = nu_.view();
    e.diff = diff_.view();
    e.nu0 = nu0_;
    e.alpha0 = alpha0_;
    e.prandtl_t = real(0.9);
    FW_CALL(eddy_viscosity_zero_eq, cells_, e);
  }
  // Momentum, component by component (Eqs. S-3..S-7).
  for (int a = 0; a < 3; ++a) {
    MomentumArgs m{};
    m.g = geom_;
    m.axis = a;
    for (int d = 0; d < 3; ++d) m.u[d] = u_[d].cview();
    m.p = p_.cview();
    m.t = t_.cview();
    m.nu = nu_.cview();
    m.ftype = ftype_[a].cview();
    for (int t = 0; t < 4; ++t) {
      m.tw_m[t] = tw_m_[a][t].cview();
      m.tw_v[t] = tw_v_[a][t].cview();
    }
    m.out = stencil();
    m.rho = rho_;
    m.beta = beta_;
    m.t_ref = 0;  // the solver's temperature field is T - T_ref
    m.g_axis = static_cast<real>(gravity_[a]);
    m.dt = dt;
    m.scheme = scheme_;
    const IndexBox fb = face_box(a);
    FW_CALL(momentum_assemble, fb, m);
    const ConstStencil cs = cstencil();
    const double r1 = FW_CALL(stencil_residual_l1, fb, cs, u_[a].cview());
    const double dsum = FW_CALL(stencil_diag_sum, fb, cs, vdt);
    res.momentum[a] = dsum > 0 ? r1 / (dsum * static_cast<double>(uref)) : 0.0;
    for (int sweep = 0; sweep < opt_.momentum_sweeps; ++sweep) {
      FW_CALL(stencil_sweep, fb, cs, u_[a].view(), 0);
      FW_CALL(stencil_sweep, fb, cs, u_[a].view(), 1);
    }
  }
  // Openings, divergence, pressure correction (Eqs. S-8, S-9, S-13).
  for (int a = 0; a < 3; ++a) {
    OpeningArgs o{};
    o.g = geom_;
    o.axis = a;
    o.u = u_[a].view();
    o.ftype = ftype_[a].cview();
    o.fluid = fluid_.cview();
    o.p = p_.cview();
    o.p_open = p_open_[a].cview();
    o.rho = rho_;
    o.dt = dt > 0 ? dt : real(1);
    if (!singular_) FW_CALL(opening_predict, face_box(a), o);
  }
  DivArgs dv{};
  dv.g = geom_;
  for (int d = 0; d < 3; ++d) dv.u[d] = u_[d].cview();
  dv.fluid = fluid_.cview();
  dv.rhs = rhs_.view();
  const double div = FW_CALL(divergence, cells_, dv);
  const double thr = FW_CALL(throughput, cells_, dv);
  res.continuity = thr > 0 ? div / thr : 0.0;
  last_pcg_its_ = pressure_solve();
  res.pressure_iterations = last_pcg_its_;
  for (int a = 0; a < 3; ++a) {
    ProjectArgs pa{};
    pa.g = geom_;
    pa.axis = a;
    pa.u = u_[a].view();
    pa.ftype = ftype_[a].cview();
    pa.fluid = fluid_.cview();
    pa.psi = psi_.cview();
    FW_CALL(project_velocity, face_box(a), pa);
  }
  real shift = 0;
  if (singular_) {  // keep the mean pressure at 0: no drift in closed rooms
    const double pm = FW_CALL(masked_sum, cells_, p_.cview(), fluid_.cview()) / active_cells_;
    shift = static_cast<real>(-pm);
  }
  FW_CALL(update_pressure, cells_, p_.view(), psi_.cview(), fluid_.cview(), rho_ / (dt > 0 ? dt : real(1)), shift);

  // Temperature (Eqs. S-10..S-12).
  ScalarArgs sa{};
  sa.g = geom_;
  for (int d = 0; d < 3; ++d) {
    sa.u[d] = u_[d].cview();
    sa.tcode[d] = tcode_[d].cview();
    sa.tval[d] = tval_[d].cview();
  }
  sa.phi = t_.cview();
  sa.diff = diff_.cview();
  sa.source = source_.cview();
  sa.fluid = fluid_.cview();
  sa.out = stencil();
  sa.rho_cp = rho_cp_;
  sa.dt = dt;
  sa.scheme = scheme_;
  FW_CALL(scalar_assemble, cells_, sa);
  const ConstStencil cs = cstencil();
  const double r1 = FW_CALL(stencil_residual_l1, cells_, cs, t_.cview());
  const double dsum = FW_CALL(stencil_diag_sum, cells_, cs, vdt);
  const double trange = std::max({t_range_bc_, 2.0 * FW_CALL(max_abs, cells_, t_.cview()), 1e-6});
  res.energy = dsum > 0 ? r1 / (dsum * trange) : 0.0;
  for (int sweep = 0; sweep < opt_.energy_sweeps; ++sweep) {
    FW_CALL(stencil_sweep, cells_, cs, t_.view(), 0);
    FW_CALL(stencil_sweep, cells_, cs, t_.view(), 1);
  }
  (void)steady;
  return res;
}

void Solver::check_finite(long it) {
  struct Named {
    const char* name;
    const Field<real>* f;
    IndexBox box;
  };
  const Named fields[] = {{"u", &u_[0], face_box(0)}, {"v", &u_[1], face_box(1)}, {"w", &u_[2], face_box(2)},
                          {"p", &p_, cells_},        {"T", &t_, cells_}};
  const double limit = 1e4 * u_est_ + 1e3;
  for (const Named& nf : fields) {
    const double bad = FW_CALL(count_nonfinite, nf.box, nf.f->cview());
    const bool velocity = nf.name[0] == 'u' || nf.name[0] == 'v' || nf.name[0] == 'w';
    const double big = velocity ? FW_CALL(max_abs, nf.box, nf.f->cview()) : 0.0;
    if (bad == 0 && !(big > limit)) continue;
    // Locate the worst cell on the host.
    Mirror<real> m(*nf.f);
    std::array<int, 3> worst{0, 0, 0};
    double wv = -1;
    for (int k = nf.box.lo[2]; k < nf.box.hi[2]; ++k)
      for (int j = nf.box.lo[1]; j < nf.box.hi[1]; ++j)
        for (int i = nf.box.lo[0]; i < nf.box.hi[0]; ++i) {
          const double v = static_cast<double>(m(i, j, k));
          const double score = std::isfinite(v) ? std::abs(v) : std::numeric_limits<double>::infinity();
          if (score > wv) {
            wv = score;
            worst = {i, j, k};
          }
        }
    std::ostringstream os;
    os << "airflow solver: " << (bad > 0 ? "NaN/Inf" : "blow-up (|value| > " + std::to_string(limit) + ")")
       << " in field '" << nf.name << "' at iteration " << it << ", worst cell (" << worst[0] << ", "
       << worst[1] << ", " << worst[2] << ") = " << m(worst[0], worst[1], worst[2])
       << "; try a smaller solver CFL, a finer grid or the upwind scheme";
    throw NumericalError(os.str(), nf.name, it, worst);
  }
}

SolveResult Solver::collect(bool with_fields) const {
  SolveResult r;
  const StructuredGrid& g = vg_.grid;
  const int nx = g.n(0), ny = g.n(1), nz = g.n(2);
  r.cells = g.cells();
  for (int a = 0; a < 3; ++a) r.spacing[static_cast<std::size_t>(a)] = g.spacing(a);
  r.origin = s_.hall.origin;
  r.precision = FACTWIN_PRECISION_NAME;
  r.backend = ex_.description();
  std::array<Mirror<real>, 3> u = {Mirror<real>(u_[0]), Mirror<real>(u_[1]), Mirror<real>(u_[2])};
  const Mirror<real> t(t_), p(p_), nu(nu_), df(diff_);
  const Mirror<u8> fl(fluid_);
  if (with_fields) {
    for (int a = 0; a < 3; ++a) {
      auto& fv = r.face_velocity[static_cast<std::size_t>(a)];
      for (int k = 0; k < nz + (a == 2); ++k)
        for (int j = 0; j < ny + (a == 1); ++j)
          for (int i = 0; i < nx + (a == 0); ++i) fv.push_back(static_cast<double>(u[static_cast<std::size_t>(a)](i, j, k)));
    }
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
          r.velocity[0].push_back(0.5 * static_cast<double>(u[0](i, j, k) + u[0](i + 1, j, k)));
          r.velocity[1].push_back(0.5 * static_cast<double>(u[1](i, j, k) + u[1](i, j + 1, k)));
          r.velocity[2].push_back(0.5 * static_cast<double>(u[2](i, j, k) + u[2](i, j, k + 1)));
          r.pressure.push_back(static_cast<double>(p(i, j, k)));
          r.temperature.push_back(static_cast<double>(t(i, j, k)) + s_.fluid.reference_temperature);
          r.viscosity.push_back(static_cast<double>(nu(i, j, k)));
          r.fluid.push_back(fl(i, j, k));
        }
  }
  // Per-surface mass and heat flow into the air.
  const double rho = s_.fluid.density, rcp = s_.fluid.density * s_.fluid.specific_heat;
  for (std::size_t id = 1; id < vg_.surfaces.size(); ++id) {
    const SurfaceInfo& si = vg_.surfaces[id];
    SurfaceFlow sf;
    sf.id = static_cast<int>(id);
    sf.name = si.name;
    sf.kind = si.kind == SurfaceKind::hall_wall ? "wall" : si.kind == SurfaceKind::patch ? "boundary" : "obstruction";
    sf.area = si.area;
    r.surfaces.push_back(sf);
  }
  for (int a = 0; a < 3; ++a) {
    const Mirror<u8> tc(tcode_[a]);
    const Mirror<real> tv(tval_[a]);
    const double A = static_cast<double>(geom_.area[a]), h = static_cast<double>(geom_.h[a]);
    for (int k = 0; k < nz + (a == 2); ++k)
      for (int j = 0; j < ny + (a == 1); ++j)
        for (int i = 0; i < nx + (a == 0); ++i) {
          const int id = vg_.face_surface[a][static_cast<std::size_t>(g.face_index(a, i, j, k))];
          if (id == 0) continue;
          int L[3] = {i, j, k};
          L[a] -= 1;
          const bool right_air = (a == 0 ? i < nx : a == 1 ? j < ny : k < nz) && fl(i, j, k);
          const int P[3] = {right_air ? i : L[0], right_air ? j : L[1], right_air ? k : L[2]};
          const double in_sign = right_air ? 1.0 : -1.0;  // +axis points into the air
          const double q_in = in_sign * static_cast<double>(u[static_cast<std::size_t>(a)](i, j, k)) * A;
          SurfaceFlow& sf = r.surfaces[static_cast<std::size_t>(id - 1)];
          sf.volume_flow += q_in;
          const double tp = static_cast<double>(t(P[0], P[1], P[2]));
          const u8 code = tc(i, j, k);
          const double val = static_cast<double>(tv(i, j, k));
          if (code == tface_fixed_t)
            sf.heat_flow += rcp * static_cast<double>(df(P[0], P[1], P[2])) * A * (val - tp) / (0.5 * h);
          else if (code == tface_flux)
            sf.heat_flow += val * A;
          else if (code == tface_flow)
            sf.heat_flow += rcp * q_in * (q_in > 0 ? val : tp);  // theta = T - T_ref
        }
  }
  for (auto& sf : r.surfaces) {
    sf.mass_flow = rho * sf.volume_flow;
    r.net_mass_flow += sf.mass_flow;
    if (sf.mass_flow > 0) r.through_mass_flow += sf.mass_flow;
    r.net_heat_flow += sf.heat_flow;
  }
  for (const auto& h : vg_.heat_sources)
    for (double w : h.power) r.source_heat += w;
  r.net_heat_flow += r.source_heat;
  return r;
}

SolveResult Solver::run(SolveResult* last_good) {
  const auto t_start = std::chrono::steady_clock::now();
  setup();
  const bool steady = s_.solver.mode == SolveMode::steady;
  const long max_it = opt_.max_iterations > 0 ? opt_.max_iterations : s_.solver.max_iterations;
  const double tol = opt_.tolerance > 0 ? opt_.tolerance : s_.solver.tolerance;
  const double end_time = opt_.end_time > 0 ? opt_.end_time : s_.solver.end_time;
  const double cfl = steady ? opt_.pseudo_cfl : (opt_.cfl > 0 ? opt_.cfl : s_.solver.cfl);
  FACTWIN_CHECK(max_it > 0, "airflow: max_iterations must be > 0");
  FACTWIN_CHECK(steady || end_time > 0, "airflow: transient mode needs solver.end_time > 0");
  const double hmin = std::min({static_cast<double>(geom_.h[0]), static_cast<double>(geom_.h[1]),
                                static_cast<double>(geom_.h[2])});
  std::vector<Residuals> history;
  bool converged = false;
  long it = 0;
  double time = 0;
  const long snapshot_every = 50;
  if (last_good) *last_good = collect(true);  // the initial fields are the first good ones
  for (it = 1; it <= max_it; ++it) {
    // Pseudo/physical time step from the Courant number (docs/solver.md §Time step).
    double umax = static_cast<double>(velocity_scale());
    double uscale = std::max(umax, (steady ? 0.05 : 1.0) * u_est_);
    double dt = cfl * hmin / uscale;
    if (steady && opt_.pseudo_viscous_number > 0) {
      // Large dt nu / h^2 slows the pressure-velocity splitting (docs/solver.md, iteration).
      const double numax = zero_eq_ ? static_cast<double>(FW_CALL(max_abs, cells_, nu_.cview()))
                                    : static_cast<double>(nu0_);
      if (numax > 0) dt = std::min(dt, opt_.pseudo_viscous_number * hmin * hmin / numax);
    }
    if (!steady) {
      // Explicit-diffusion-like bound keeps the first-order implicit step accurate in time.
      const double dmax = std::max(static_cast<double>(nu0_), static_cast<double>(alpha0_));
      dt = std::min(dt, 0.5 * hmin * hmin / std::max(dmax, 1e-30) * 4.0);
      dt = std::min(dt, end_time - time);
    }
    const Residuals res = iterate(static_cast<real>(dt), steady);
    history.push_back(res);
    time += dt;
    if (it % 10 == 0 || it < 10) check_finite(it);
    if (!std::isfinite(res.max())) check_finite(it);
    if (last_good && it % snapshot_every == 0) *last_good = collect(true);
    if (opt_.progress && !opt_.progress(it, res)) break;
    if (steady && res.max() < tol && it > 5) {
      converged = true;
      break;
    }
    if (!steady && time >= end_time * (1 - 1e-12)) {
      converged = true;
      break;
    }
  }
  check_finite(it);
  SolveResult r = collect(true);
  r.converged = converged;
  r.memory_bytes = field_bytes();
  r.iterations = std::min(it, max_it);
  r.history = std::move(history);
  r.final_residuals = r.history.empty() ? Residuals{} : r.history.back();
  r.tolerance = tol;
  r.mode = steady ? "steady" : "transient";
  r.simulated_time = steady ? 0.0 : time;
  r.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  std::ostringstream os;
  if (steady)
    os << (converged ? "converged in " : "NOT converged after ") << r.iterations << " iterations (max scaled residual "
       << r.final_residuals.max() << ", tolerance " << tol << ")";
  else
    os << "transient: " << r.iterations << " steps to t = " << time << " s";
  r.message = os.str();
  log::info("airflow: " + r.message);
  return r;
}

}  // namespace

SolveResult solve(const Scenario& s, const VoxelGrid& vg, const Executor& ex, const SolveOptions& options,
                  SolveResult* last_good) {
  Solver solver(s, vg, ex, options);
  return solver.run(last_good);
}

}  // namespace factwin::airflow
