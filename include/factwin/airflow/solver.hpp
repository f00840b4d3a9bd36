// SPDX-License-Identifier: Apache-2.0
// The airflow and heat solver: incompressible Navier-Stokes with Boussinesq buoyancy and the
// temperature equation on the staggered (MAC) finite-volume grid of a voxelised scenario
// (docs/solver.md). Runs on the executor's backend; results come back as host copies.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "factwin/core/exec.hpp"
#include "factwin/core/types.hpp"
#include "factwin/geometry/scenario.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::airflow {

/// Face interpolation of advected quantities (docs/solver.md Eq. S-5).
enum class Advection { upwind, central, van_leer };

/// Scaled residuals of one iteration (docs/solver.md §Residuals). Dimensionless.
struct Residuals {
  double momentum[3] = {0, 0, 0};  ///< x, y, z momentum
  double continuity = 0;           ///< sum |div u*| / sum throughput
  double energy = 0;               ///< temperature equation
  int pressure_iterations = 0;     ///< MG-PCG iterations of the pressure solve
  [[nodiscard]] double max() const;
};

/// Knobs of the solve. Negative / empty values take the scenario's settings.
struct SolveOptions {
  long max_iterations = -1;         ///< steady: pseudo-time iterations (-1: scenario)
  double tolerance = -1;            ///< steady: all scaled residuals below this (-1: scenario)
  double pseudo_cfl = 4.0;          ///< steady: Courant number of the pseudo-time step
  double pseudo_viscous_number = 5.0;   ///< steady: also dt <= this * h_min^2 / nu_max (<= 0: off)
  Advection advection = Advection::van_leer;
  int momentum_sweeps = 8;          ///< Gauss-Seidel sweeps per iteration on each momentum equation
  int energy_sweeps = 6;            ///< ... on the temperature equation
  double pressure_rtol = 1e-3;      ///< relative tolerance of the MG-preconditioned CG per iteration
  int pressure_max_iterations = 60;
  double end_time = -1;             ///< [s] transient: time to simulate (-1: scenario)
  double cfl = -1;                  ///< transient: Courant number (-1: scenario)
  /// Called after every iteration (iteration, residuals); return false to stop early.
  std::function<bool(long, const Residuals&)> progress;
};

/// Mass and heat crossing one surface, positive INTO the air.
struct SurfaceFlow {
  int id = 0;                ///< surface id (VoxelGrid::surfaces)
  std::string name;
  std::string kind;          ///< "wall" | "boundary" | "obstruction"
  double area = 0;           ///< [m^2]
  double mass_flow = 0;      ///< [kg/s]
  double volume_flow = 0;    ///< [m^3/s]
  double heat_flow = 0;      ///< [W] conduction at walls + advection (relative to T_ref) at openings
};

/// Outcome of a solve; every field is a host copy, x fastest.
struct SolveResult {
  bool converged = false;
  long iterations = 0;
  double wall_time = 0;             ///< [s]
  double simulated_time = 0;        ///< [s] transient mode
  std::string mode;                 ///< "steady" | "transient"
  std::string backend;              ///< executor description
  std::string precision;            ///< "double" | "float"
  double tolerance = 0;
  std::size_t memory_bytes = 0;     ///< [B] field memory the solve held on its backend (ghosts included)
  Residuals final_residuals;
  std::vector<Residuals> history;   ///< one entry per iteration
  Dims cells{0, 0, 0};
  std::array<double, 3> spacing{};  ///< [m]
  Vec3 origin;                      ///< [m]
  /// Face velocities [m/s]: face_velocity[a] holds (n_a + 1) x n_b x n_c values, face (i,j,k)
  /// on the low side of cell (i,j,k).
  std::array<std::vector<double>, 3> face_velocity;
  std::array<std::vector<double>, 3> velocity;  ///< [m/s] cell-centred (average of the two faces)
  std::vector<double> pressure;     ///< [Pa] cell, hydrostatic part removed
  std::vector<double> temperature;  ///< [K] cell
  std::vector<double> viscosity;    ///< [m^2/s] effective kinematic viscosity per cell
  std::vector<std::uint8_t> fluid;  ///< 1 air, 0 solid
  std::vector<SurfaceFlow> surfaces;
  double source_heat = 0;           ///< [W] heat sources released in the air
  double net_mass_flow = 0;         ///< [kg/s] sum over surfaces
  double through_mass_flow = 0;     ///< [kg/s] sum of inflows
  double net_heat_flow = 0;         ///< [W] surfaces + sources (0 at steady state)
  std::string message;              ///< e.g. "converged in 812 iterations"

  [[nodiscard]] index_t cell(int i, int j, int k) const {
    return i + static_cast<index_t>(cells[0]) * (j + static_cast<index_t>(cells[1]) * k);
  }
  [[nodiscard]] index_t face(int axis, int i, int j, int k) const;
  [[nodiscard]] const SurfaceFlow* surface(const std::string& name) const;
};

/// Solves the scenario on `vg` with executor `ex`. Steady mode iterates in pseudo-time until every
/// scaled residual is below the tolerance or max_iterations is reached (result.converged says
/// which); transient mode advances to end_time with an adaptive step.
/// \throws NumericalError on NaN/Inf or blow-up (iteration, field, worst cell); `last_good`, when
///         given, then receives the last fields that were finite.
/// \throws NotCompiled / DeviceError for an unavailable backend.
[[nodiscard]] SolveResult solve(const Scenario& s, const VoxelGrid& vg, const Executor& ex,
                                const SolveOptions& options = {}, SolveResult* last_good = nullptr);

}  // namespace factwin::airflow
