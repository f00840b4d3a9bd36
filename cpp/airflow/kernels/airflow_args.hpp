// SPDX-License-Identifier: Apache-2.0
// Plain argument structs of the airflow kernels (cpp/airflow/kernels/airflow_kernels.inc) and the
// declarations of their host:: and cuda:: entry points. Dispatch happens in cpp/airflow/solver.cpp.
// Discretisation: docs/solver.md (equation numbers quoted in the kernels).
#pragma once

#include <cmath>
#include <cstdint>

#include "core/exec_tags.hpp"
#include "factwin/core/types.hpp"
#include "factwin/grid/field.hpp"

namespace factwin::airflow {

/// Face kinds of the staggered velocity arrays.
enum FaceType : std::uint8_t {
  face_fixed = 0,    ///< wall, solid, inlet: the normal velocity is prescribed (held in the array)
  face_active = 1,   ///< between two fluid cells: solved by the momentum equation
  face_opening = 2,  ///< fixed-pressure opening: driven by p_open - p_cell, Eq. (S-9)
};

/// Thermal code of a cell face (seen from the fluid cell).
enum ThermalFace : std::uint8_t {
  tface_interior = 0,  ///< fluid on both sides
  tface_adiabatic = 1,
  tface_fixed_t = 2,   ///< value = wall temperature [K]
  tface_flux = 3,      ///< value = heat flux into the air [W/m^2]
  tface_flow = 4,      ///< inlet/opening: value = temperature of entering air [K]
};

/// Advection schemes for the face value, Eq. (S-5).
enum Scheme : int { scheme_upwind = 0, scheme_central = 1, scheme_van_leer = 2 };

/// Uniform grid metrics.
struct Geom {
  int n[3];      ///< cells per axis
  real h[3];     ///< [m] spacing
  real area[3];  ///< [m^2] area of a face normal to each axis
  real vol;      ///< [m^3] cell volume
};

/// A 7-point stencil a_P x_P = sum a_nb x_nb + b (neighbours ordered -x,+x,-y,+y,-z,+z).
struct Stencil {
  FieldView<real> a[6];
  FieldView<real> ap;
  FieldView<real> b;
};
struct ConstStencil {
  FieldView<const real> a[6];
  FieldView<const real> ap;
  FieldView<const real> b;
};

/// Momentum of velocity component `axis` on its faces, Eqs. (S-3)-(S-7).
struct MomentumArgs {
  Geom g;
  int axis;
  FieldView<const real> u[3];         ///< [m/s] face velocities
  FieldView<const real> p;            ///< [Pa] cell pressure (hydrostatic part removed)
  FieldView<const real> t;            ///< [K] cell temperature
  FieldView<const real> nu;           ///< [m^2/s] cell effective kinematic viscosity
  FieldView<const std::uint8_t> ftype;
  FieldView<const std::uint8_t> tw_m[4];  ///< tangential neighbours (b-,b+,c-,c+): 1 fluid, 2 wall, 0 slip
  FieldView<const real> tw_v[4];          ///< [m/s] wall velocity along `axis` when tw_m == 2
  Stencil out;
  real rho, beta, t_ref, g_axis, dt;  ///< [kg/m^3] [1/K] [K] [m/s^2] [s] (dt <= 0: steady, no V/dt)
  int scheme;
  static constexpr int bytes_per_cell = 26 * static_cast<int>(sizeof(real));
};

/// Temperature (or a passive scalar) on the cells, Eqs. (S-10)-(S-12).
struct ScalarArgs {
  Geom g;
  FieldView<const real> u[3];
  FieldView<const real> phi;            ///< [K] current value
  FieldView<const real> diff;           ///< [m^2/s] cell effective diffusivity
  FieldView<const real> source;         ///< [K m^3/s] = W / (rho cp) per cell
  FieldView<const std::uint8_t> fluid;  ///< 1 fluid, 0 solid / ghost
  FieldView<const std::uint8_t> tcode[3];
  FieldView<const real> tval[3];
  Stencil out;
  real rho_cp;  ///< [J/(m^3 K)] converts heat flux to the equation's units
  real dt;
  int scheme;
  static constexpr int bytes_per_cell = 22 * static_cast<int>(sizeof(real));
};

/// Zero-equation indoor model of Chen & Xu (1998), Eq. (S-14): nu_t = 0.03874 |V| l, l the distance
/// to the nearest wall; alpha_t = nu_t / Pr_t.
struct EddyArgs {
  Geom g;
  FieldView<const real> u[3];
  FieldView<const real> wall_distance;  ///< [m]
  FieldView<const std::uint8_t> fluid;
  FieldView<real> nu, diff;  ///< [m^2/s] effective viscosity and diffusivity (written)
  real nu0, alpha0, prandtl_t;
  static constexpr int bytes_per_cell = 9 * static_cast<int>(sizeof(real));
};

/// Velocity of fixed-pressure opening faces, Eq. (S-9).
struct OpeningArgs {
  Geom g;
  int axis;
  FieldView<real> u;
  FieldView<const std::uint8_t> ftype;
  FieldView<const std::uint8_t> fluid;
  FieldView<const real> p;
  FieldView<const real> p_open;  ///< [Pa]
  real rho, dt;
};

/// Divergence of the face velocities, Eq. (S-8): rhs = -sum_faces A u.n_out.
struct DivArgs {
  Geom g;
  FieldView<const real> u[3];
  FieldView<const std::uint8_t> fluid;
  FieldView<real> rhs;  ///< [m^3/s]
};

/// Projection: u -= grad psi on active and opening faces; p += rho psi / dt, Eq. (S-8).
struct ProjectArgs {
  Geom g;
  int axis;
  FieldView<real> u;
  FieldView<const std::uint8_t> ftype;
  FieldView<const std::uint8_t> fluid;
  FieldView<const real> psi;  ///< [m^2/s]
};

/// One level of the pressure multigrid, Eq. (S-13): (A x)_P = sum_f K_f (x_P - x_nb).
struct MgLevel {
  int n[3];
  FieldView<const real> k[3];  ///< [m] face coefficients (area / distance), 0 on blocked faces
  FieldView<const real> diag;  ///< sum of the six K of the cell
  FieldView<const std::uint8_t> active;
};

/// Coarsening map between a fine and a coarse level.
struct MgTransfer {
  int nf[3], nc[3];
  int ratio[3];  ///< 2 where the axis is coarsened, 1 where it is not
};

// ---- entry points, one set per backend ----------------------------------------------------------
#define FACTWIN_AIRFLOW_DECLARE(NS, EXEC)                                                           \
  namespace NS {                                                                                    \
  void momentum_assemble(const EXEC& ex, const IndexBox& box, const MomentumArgs& a);               \
  void scalar_assemble(const EXEC& ex, const IndexBox& box, const ScalarArgs& a);                   \
  void eddy_viscosity_zero_eq(const EXEC& ex, const IndexBox& box, const EddyArgs& a);              \
  void stencil_sweep(const EXEC& ex, const IndexBox& box, const ConstStencil& s, FieldView<real> x, \
                     int color);                                                                    \
  double stencil_residual_l1(const EXEC& ex, const IndexBox& box, const ConstStencil& s,            \
                             FieldView<const real> x);                                              \
  double stencil_diag_sum(const EXEC& ex, const IndexBox& box, const ConstStencil& s, real vdt);    \
  void opening_predict(const EXEC& ex, const IndexBox& box, const OpeningArgs& a);                  \
  double divergence(const EXEC& ex, const IndexBox& box, const DivArgs& a);                         \
  double throughput(const EXEC& ex, const IndexBox& box, const DivArgs& a);                         \
  void project_velocity(const EXEC& ex, const IndexBox& box, const ProjectArgs& a);                 \
  void update_pressure(const EXEC& ex, const IndexBox& box, FieldView<real> p,                      \
                       FieldView<const real> psi, FieldView<const std::uint8_t> fluid, real scale,  \
                       real shift);                                                                 \
  void mg_smooth(const EXEC& ex, const IndexBox& box, const MgLevel& l, FieldView<real> x,          \
                 FieldView<const real> r, int color);                                               \
  void mg_residual(const EXEC& ex, const IndexBox& box, const MgLevel& l, FieldView<const real> x,  \
                   FieldView<const real> r, FieldView<real> res);                                   \
  void mg_apply(const EXEC& ex, const IndexBox& box, const MgLevel& l, FieldView<const real> x,     \
                FieldView<real> y);                                                                 \
  void mg_restrict(const EXEC& ex, const IndexBox& coarse_box, const MgTransfer& t,                 \
                   FieldView<const real> fine, FieldView<real> coarse);                             \
  void mg_prolong_add(const EXEC& ex, const IndexBox& fine_box, const MgTransfer& t,                \
                      FieldView<const real> coarse, FieldView<real> fine);                          \
  void fill(const EXEC& ex, const IndexBox& box, FieldView<real> x, real v);                        \
  void axpy(const EXEC& ex, const IndexBox& box, real alpha, FieldView<const real> x,               \
            FieldView<real> y, FieldView<const std::uint8_t> mask);                                 \
  void xpay(const EXEC& ex, const IndexBox& box, FieldView<const real> x, real beta,                \
            FieldView<real> y, FieldView<const std::uint8_t> mask);                                 \
  void add_const(const EXEC& ex, const IndexBox& box, FieldView<real> x, real v,                    \
                 FieldView<const std::uint8_t> mask);                                               \
  double dot(const EXEC& ex, const IndexBox& box, FieldView<const real> x,                          \
             FieldView<const real> y, FieldView<const std::uint8_t> mask);                          \
  double masked_sum(const EXEC& ex, const IndexBox& box, FieldView<const real> x,                   \
                    FieldView<const std::uint8_t> mask);                                            \
  double masked_count(const EXEC& ex, const IndexBox& box, FieldView<const std::uint8_t> mask);     \
  double max_abs(const EXEC& ex, const IndexBox& box, FieldView<const real> x);                     \
  double count_nonfinite(const EXEC& ex, const IndexBox& box, FieldView<const real> x);             \
  }

FACTWIN_AIRFLOW_DECLARE(host, exec::Host)
FACTWIN_AIRFLOW_DECLARE(cuda, exec::Cuda)
#undef FACTWIN_AIRFLOW_DECLARE

}  // namespace factwin::airflow
