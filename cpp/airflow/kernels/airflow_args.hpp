// SPDX-License-Identifier: Apache-2.0
// Plain data crossing the host/backend boundary of the airflow solver. The entry points taking it
// are listed in airflow_backend.hpp (defined in cpp/airflow/airflow_host.cpp, cuda/airflow/
// airflow_cuda.cu or its stubs); kernel bodies: airflow_kernels.inc.
#pragma once

#include <cstdint>

#include "factwin/core/hd.hpp"
#include "factwin/core/types.hpp"

namespace factwin::airflow {

inline constexpr int max_tracers = 4;

/// What the solver does with a velocity face.
enum FaceType : std::uint8_t {
  face_inactive = 0,  ///< inside a solid or between two solids
  face_active = 1,    ///< between two air cells: momentum solved
  face_fixed = 2,     ///< prescribed normal velocity: walls (0), inlets and devices (signed speed)
  face_opening = 3,   ///< fixed-pressure opening on the hall boundary
  face_porous = 4,    ///< between two air cells, with a pressure-loss coefficient (tiles, doors)
};

/// One boundary surface as the kernels see it (SI; pressure kinematic p/rho).
struct SurfaceGpu {
  std::uint8_t flow = 0;     ///< FlowCondition
  std::uint8_t thermal = 0;  ///< ThermalCondition
  real speed = 0;            ///< [m/s] normal speed, > 0 into the air
  real t_in = 0;             ///< [K] temperature of air entering through it
  real t_wall = 0;           ///< [K] fixed wall temperature
  real q_wall = 0;           ///< [K m/s] heat flux into the air / (rho cp)
  real p_open = 0;           ///< [m^2/s^2] opening pressure / rho
  real loss = 0;             ///< [-] pressure-loss coefficient (porous)
  real wall_vel[3] = {0, 0, 0};            ///< [m/s] moving-wall velocity
  real scalar_in[max_tracers] = {0, 0, 0, 0};  ///< tracer value of entering air
};

/// Uniform grid dimensions and spacings.
struct GridGpu {
  int n[3] = {0, 0, 0};
  real h[3] = {0, 0, 0};
  real ih[3] = {0, 0, 0};   ///< 1/h
  real ih2[3] = {0, 0, 0};  ///< 1/h^2
  FACTWIN_HD index_t cells() const { return static_cast<index_t>(n[0]) * n[1] * n[2]; }
  FACTWIN_HD index_t cell(int i, int j, int k) const {
    return i + static_cast<index_t>(n[0]) * (j + static_cast<index_t>(n[1]) * k);
  }
  FACTWIN_HD int fn(int axis, int d) const { return n[d] + (axis == d ? 1 : 0); }
  FACTWIN_HD index_t faces(int axis) const {
    return static_cast<index_t>(fn(axis, 0)) * fn(axis, 1) * fn(axis, 2);
  }
  FACTWIN_HD index_t face(int axis, int i, int j, int k) const {
    return i + static_cast<index_t>(fn(axis, 0)) * (j + static_cast<index_t>(fn(axis, 1)) * k);
  }
  /// Flat index step along d of the cell grid; also the step along d of the d-face grid (the
  /// faces normal to d), whose dimensions before d are the cells'.
  FACTWIN_HD index_t step(int d) const {
    return d == 0 ? 1 : d == 1 ? static_cast<index_t>(n[0]) : static_cast<index_t>(n[0]) * n[1];
  }
  FACTWIN_HD bool inside(int i, int j, int k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < n[0] && j < n[1] && k < n[2];
  }
};

/// Everything the momentum predictor reads and writes.
struct MomentumArgs {
  GridGpu g;
  const std::uint8_t* solid;      ///< per cell: 1 solid, 0 air
  const std::uint16_t* fid[3];    ///< per face: surface id (0 interior)
  const std::uint8_t* ftype[3];   ///< per face: FaceType
  /// per face: the four tangential wall codes (2 bits each; tangential_codes in airflow_kernels.inc)
  const std::uint8_t* tcode[3] = {nullptr, nullptr, nullptr};
  const SurfaceGpu* surf;
  const real* vel[3];             ///< [m/s] velocity at the start of the step
  real* vel_new[3];               ///< [m/s] predicted velocity
  real* beta[3];                  ///< projection coefficient 1/(1 + dt c) per face (written)
  const real* T;                  ///< [K]
  const real* nut;                ///< [m^2/s] turbulent viscosity per cell (may be null)
  const real* k_wall = nullptr;   ///< k-epsilon: k per cell; non-null switches the log-law wall shear on
  real nu;                        ///< [m^2/s] molecular kinematic viscosity
  real dt;                        ///< [s]
  real buoy[3];                   ///< [m/s^2/K] -beta_T * g
  real t_ref;                     ///< [K]
  int comp;                       ///< component being predicted (0, 1, 2)
  // implicit steady path (docs/solver.md Eq. S-10); null: explicit predictor
  const real* p = nullptr;        ///< kinematic pressure (the predictor carries its gradient)
  real* res[3] = {nullptr, nullptr, nullptr};  ///< steady momentum residual per face (written)
  // bytes moved per face (modelled, for the roofline): 13 velocity reads, T x2, nut x4, write, flags
  static constexpr int bytes_per_face = 20 * static_cast<int>(sizeof(real)) + 16;
};

/// Scalar transport (temperature or a tracer) per air cell.
struct ScalarArgs {
  GridGpu g;
  const std::uint8_t* solid;
  const std::uint16_t* fid[3];
  const std::uint8_t* ftype[3];
  const SurfaceGpu* surf;
  const real* vel[3];
  const real* s;        ///< field at the start of the step
  real* s_new;
  const real* source;   ///< per cell [unit/s] (may be null)
  real sref = 0;        ///< reference subtracted in the advective fluxes (T_ref for temperature)
  const real* sink = nullptr;  ///< per cell implicit destruction rate [1/s] (may be null; k-epsilon)
  const real* nut;      ///< (may be null)
  real kappa;           ///< [m^2/s] molecular diffusivity
  real prt;             ///< turbulent Prandtl/Schmidt number
  real dt;
  int tracer;           ///< -1: temperature (wall thermal conditions apply), else tracer index
  real* res = nullptr;  ///< implicit steady path: steady residual per cell (written); null: explicit
  /// implicit steady path: cells whose value is set after the sweeps (k-epsilon wall cells for eps,
  /// by keps_finish), kept out of the sweeps: their neighbours see the value the log law gave them at
  /// the end of the previous iteration, as in the explicit scheme (may be null)
  const std::uint8_t* fixed = nullptr;
  static constexpr int bytes_per_cell = 16 * static_cast<int>(sizeof(real)) + 16;
};

/// Pressure projection and multigrid level data.
struct LevelGpu {
  GridGpu g;
  const std::uint8_t* active;  ///< per cell: 1 air, 0 not solved
  const real* beta[3];         ///< per face coefficient (0 blocked, 2 Dirichlet at half cell)
  real* phi;
  real* rhs;
  real* res;
};

struct ProjectArgs {
  GridGpu g;
  const std::uint8_t* ftype[3];
  const std::uint16_t* fid[3];
  const SurfaceGpu* surf;
  const real* beta[3];
  const real* p;      ///< kinematic pressure
  real* vel[3];
  real dt;
  real open_scale = 1;  ///< 1: p is the pressure (openings at p_open); 0: a correction (openings at 0)
};

/// Standard k-epsilon model constants (Launder & Spalding 1974, Comput. Methods Appl. Mech. Eng.
/// 3:269-289) and the log law of the wall functions: kappa = 0.41, E = 9.793 (smooth wall, ~9.8).
namespace keps {
inline constexpr double cmu = 0.09, c1 = 1.44, c2 = 1.92, sigma_k = 1.0, sigma_eps = 1.3;
inline constexpr double kappa = 0.41, E = 9.793;
inline constexpr double cmu_25 = 0.5477225575051661;  ///< C_mu^(1/4)
inline constexpr double cmu_75 = 0.16431676725154984;  ///< C_mu^(3/4)
/// y* where the linear sublayer u+ = y+ meets the log law u+ = ln(E y+)/kappa (kappa 0.41, E 9.793)
inline constexpr double ystar_lam = 11.53;
}  // namespace keps

/// Standard k-epsilon with wall functions: arrays of one step (docs/solver.md, "Turbulence").
struct KEpsArgs {
  GridGpu g;
  const std::uint8_t* solid;
  const std::uint8_t* wall_cell;  ///< 1 for air cells with a face on a no-slip wall (wall functions apply)
  const real* wall_distance;      ///< [m] for wall cells: half the cell width normal to the nearest wall
  const real* vel[3];
  const real* k;
  const real* eps;
  real* nut;
  real* src_k;   ///< production P_k [m^2/s^3]
  real* sink_k;  ///< eps/k [1/s] (implicit)
  real* src_e;   ///< C1 eps/k P_k
  real* sink_e;  ///< C2 eps/k (implicit)
  real nu;
  real nut_max;  ///< [m^2/s] cap on nu_t (numerical safety only)
};

/// A device (rack or cooler) coupling its intake/return to its exhaust/supply.
struct DeviceGpu {
  int kind = 0;              ///< 1 rack, 2 cooler
  int in_surface = 0, out_surface = 0;
  index_t in_begin = 0, in_end = 0;  ///< range in the device face list
  real flow = 0;             ///< [m^3/s]
  real heat = 0;             ///< [K m^3/s] rack: air-side power / (rho cp)
  real capacity = 0;         ///< [K m^3/s] cooler capacity / (rho cp), 0 unlimited
  real setpoint = 0;         ///< [K]
  int return_control = 0;
  real recirculation = 0;    ///< rack internal recirculation share (flow is the room share (1-r) Q)
  real flow0 = 0;            ///< [m^3/s] room flow at or below the airflow reference temperature
  real per_kelvin = 0;       ///< [1/K] rack airflow rise per K of server inlet above flow_t_ref
  real flow_t_ref = 0;       ///< [K]
  real speed_in0 = 0, speed_out0 = 0;  ///< [m/s] intake/exhaust face speeds at flow0
  int rd_mode = 0;           ///< rear door: 0 none, 1 effectiveness, 2 capacity
  real rd_eff = 0;           ///< effectiveness (air side C_min)
  real rd_tw = 0;            ///< [K] entering water temperature
  real rd_cap = 0;           ///< [K m^3/s] capacity / (rho cp)
  real rd_removed = 0;       ///< [K m^3/s] heat taken by the rear door / (rho cp) (output)
  real t_server = 0;         ///< [K] server inlet: intake mixed with the internal recirculation (output)
  real t_in = 0;             ///< [K] mean intake temperature (output)
  real t_out = 0;            ///< [K] exhaust/supply temperature (output)
  real tracer_in[max_tracers] = {0, 0, 0, 0};  ///< mean intake tracer values (output)
  int saturated = 0;         ///< cooler at its capacity (output)
};

/// A face of a device intake/return: the air cell it draws from.
struct DeviceFace {
  index_t cell = 0;
  real weight = 0;  ///< share of the device flow through this face (sums to 1)
};

struct DeviceArgs {
  DeviceGpu* dev;
  int ndev;
  const DeviceFace* faces;
  SurfaceGpu* surf;
  const real* T;
  const real* tracer[max_tracers];
  int ntracer;
  real relax;  ///< return-control integral gain per iteration
};

}  // namespace factwin::airflow
