// SPDX-License-Identifier: Apache-2.0
// The airflow and heat solver: incompressible Navier-Stokes with Boussinesq buoyancy, temperature
// and passive tracers on the staggered grid of a voxelised scenario (docs/solver.md).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "factwin/core/exec.hpp"
#include "factwin/model/scenario.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::airflow {

/// One line of the residual history.
struct ResidualRecord {
  long iteration = 0;
  double time = 0;      ///< [s] simulated (pseudo-)time
  double momentum = 0;  ///< scaled momentum residual (docs/solver.md Eq. S-8)
  double energy = 0;    ///< scaled energy residual
  double mass = 0;      ///< scaled continuity residual after projection
  double storage = 0;   ///< heat stored in the air per second over the heat-rate scale (Eq. S-9)
};

/// Mass and heat crossing one boundary surface, positive INTO the air.
struct SurfaceFlow {
  std::string name;
  std::string kind;
  double area = 0;        ///< [m^2]
  double mass_flow = 0;   ///< [kg/s]
  double heat_flow = 0;   ///< [W] conduction at walls + enthalpy (relative to the reference temperature) of air entering
  double mean_temperature = 0;  ///< [K] flux-weighted temperature of the air crossing (walls: face-cell mean)
};

/// A rack or cooler after the solve.
struct DeviceState {
  std::string name;
  std::string kind;            ///< "rack" | "cooler"
  double flow = 0;             ///< [m^3/s] drawn from and returned to the room (rack: (1 - r) Q at the final inlet)
  double inlet_temperature = 0;   ///< [K] mean intake (rack) / return (cooler)
  double server_inlet_temperature = 0;  ///< [K] rack: intake mixed with its internal recirculation
  double rear_door_heat = 0;   ///< [W] rack: heat taken by its rear-door heat exchanger
  double inlet_max_temperature = 0;  ///< [K] hottest intake cell
  double outlet_temperature = 0;  ///< [K] exhaust / supply
  double duty = 0;             ///< [W] heat added (rack, air side) or removed (cooler)
  bool saturated = false;      ///< cooler at its capacity: supply above setpoint
  std::vector<double> tracer_in;  ///< mean tracer values at the intake
};

/// Fields on the host, cell-centred, x fastest (for output).
struct HostFields {
  Dims cells{0, 0, 0};
  Vec3 origin, spacing;
  std::vector<double> u, v, w;   ///< [m/s] cell-centred velocity
  std::vector<double> p;         ///< [Pa] gauge pressure
  std::vector<double> T;         ///< [K]
  std::vector<double> nut;       ///< [m^2/s] turbulent viscosity
  std::vector<double> k, eps;    ///< [m^2/s^2], [m^2/s^3] k-epsilon only (empty otherwise)
  std::vector<std::vector<double>> tracers;
  std::vector<std::string> tracer_names;
  std::vector<unsigned char> solid;
  /// [m/s] the solver's own face-normal velocities on the staggered grid (x faces: (nx+1) ny nz,
  /// x fastest; likewise y and z): what SolveOptions::initial restarts from (not written out)
  std::vector<double> u_face, v_face, w_face;
};

/// One kernel entry point's share of a profiled solve (SolveOptions::profile_kernels).
struct KernelProfile {
  std::string name;
  long calls = 0;
  double seconds = 0;          ///< wall time inside the kernel, device synchronised
  double elements = 0;         ///< cells or faces processed, summed over calls (all grid levels)
  double modelled_bytes = 0;   ///< compulsory memory traffic of those calls (docs/benchmarks.md)
};

struct SolveResult {
  bool converged = false;
  std::string stop_reason;
  long iterations = 0;
  double simulated_time = 0;   ///< [s]
  double wall_seconds = 0;
  double cell_updates_per_second = 0;
  std::string backend;
  std::string precision;
  index_t cells = 0;
  double tolerance = 0;
  ResidualRecord final_residual;
  std::vector<ResidualRecord> history;
  std::vector<SurfaceFlow> surfaces;
  std::vector<DeviceState> devices;
  std::vector<KernelProfile> kernels;  ///< empty unless SolveOptions::profile_kernels
  double heat_sources = 0;      ///< [W] volumetric sources
  double heat_in = 0;           ///< [W] sum of positive surface heat flows + sources + rack heat
  double heat_out = 0;          ///< [W] sum of negative surface heat flows + cooler duty
  double energy_imbalance = 0;  ///< relative: (in - out) / max(in, out)
  double net_mass_flow = 0;     ///< [kg/s] sum over hall boundary surfaces
  double through_mass_flow = 0; ///< [kg/s] sum of inflows through the hall boundary and devices
  HostFields fields;
};

struct SolveOptions {
  long max_iterations = 0;     ///< 0: the scenario's
  double tolerance = 0;        ///< 0: the scenario's
  int history_every = 10;      ///< iterations between residual records
  std::vector<std::string> tracer_names;  ///< tracers released at cooler supplies (first) ...
  /// Called with the last good state before a NumericalError is thrown (to save it).
  std::function<void(const SolveResult&)> on_failure;
  /// Called every history_every iterations (progress display); may be empty.
  std::function<void(const ResidualRecord&)> progress;
  /// Time every kernel launch (synchronising the device around each): for benchmarks, not production
  /// runs (it serialises the GPU). Fills SolveResult::kernels.
  bool profile_kernels = false;
  /// Called every `snapshot_every` iterations (0: never) with the current state as a SolveResult
  /// (fields, surface flows, device states; `iterations` = the iteration just done). It copies the
  /// fields to the host: for convergence studies and benchmarks (bench_airflow --nu-band), not
  /// production runs.
  std::function<void(const SolveResult&)> snapshot;
  int snapshot_every = 0;
  /// Verification: solve a steady case with the explicit pseudo-time scheme (docs/solver.md,
  /// "Discretisation") instead of the implicit iteration; both reach the same steady equations.
  bool explicit_steady = false;
  /// Warm start: begin from this earlier solution of the same grid (its fields: face velocities,
  /// pressure, temperature, tracers, k and eps; its devices' persisting states: rack server inlet
  /// temperatures, cooler supply and rack exhaust temperatures) instead of the scenario's initial
  /// state. Everything else (heat sources, device powers, settings) comes from the scenario and
  /// settings of this solve. Sizes, tracers, turbulence fields and devices must match the grid
  /// and scenario (std::invalid_argument otherwise). nullptr: the initial state (docs/solver.md).
  const SolveResult* initial = nullptr;
};

/// Solves the scenario's airflow and heat with `settings` to steady state (or to settings.end_time in transient mode)
/// on the executor's backend. Returns whether it converged; throws NumericalError on NaN/Inf or blow-up
/// (naming the field, iteration and worst cell) after calling options.on_failure with the last good
/// fields; throws DeviceError if the device lacks memory.
[[nodiscard]] SolveResult solve(const Scenario& s, const SolverSettings& settings, const VoxelGrid& vg,
                                const Executor& ex, const SolveOptions& options = {});

}  // namespace factwin::airflow
