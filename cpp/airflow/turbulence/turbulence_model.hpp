// SPDX-License-Identifier: Apache-2.0
// Turbulence closures of the airflow solver as units (docs/solver.md, "Turbulence"). A unit owns
// its fields (eddy viscosity, wall distance, transported turbulence quantities) and their memory
// cost, updates its eddy viscosity each iteration and transports its own quantities within the
// steady or transient iteration; the solver sees only this interface, and make_turbulence_model
// maps a TurbulenceModel to its unit.
//
// A new turbulence model touches:
//   - turbulence/<model>.hpp and .cpp: the unit (its fields, bytes per cell, eddy viscosity,
//     transport, output fields);
//   - turbulence/turbulence_model.cpp: one case in make_turbulence_model and one in
//     turbulence_bytes_per_cell;
//   - cpp/CMakeLists.txt: the unit's source file;
//   - its name: the TurbulenceModel enum (include/factwin/model/scenario.hpp), the scenario
//     reader and writer (io/scenario_reader.cpp), the summary (io/output.cpp), the JSON schema
//     (data/schema/scenario.schema.json) and docs/scenario.md;
//   - only if it transports scalars of its own that the Anderson state does not hold (as k-epsilon):
//     the Anderson rules (effective_anderson_depth, geometry/validate.cpp's FW-E0110 check);
//   - only if it has kernels of its own: kernels/airflow_kernels.inc (+ an args struct in
//     kernels/airflow_args.hpp), one line each in the entry-point list (airflow_backend.hpp) and
//     in the traffic model (kernel_traffic.hpp);
//   - docs/solver.md.
// The solver's step files (setup, momentum, transport, drivers, diagnostics, ...) and the memory
// model (which asks turbulence_bytes_per_cell) need no change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "airflow/kernels/airflow_args.hpp"
#include "core/buffer.hpp"
#include "factwin/airflow/solver.hpp"
#include "factwin/model/scenario.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::airflow::detail {

class KernelLauncher;

/// What a unit needs of the solver to allocate and initialise its fields.
struct TurbulenceSetup {
  const Scenario* scenario = nullptr;
  const VoxelGrid* voxels = nullptr;
  GridGpu g;
  const std::uint8_t* solid = nullptr;  ///< per cell, 1 solid (backend memory)
  double nu = 0;                        ///< [m^2/s] molecular kinematic viscosity
  double L_ref = 1, U_ref = 0;          ///< [m], [m/s] reference length and speed
  std::vector<SurfaceGpu>* surf_host = nullptr;  ///< the surfaces (a unit may set inflow values)
  Buffer<SurfaceGpu>* surf = nullptr;            ///< their backend copy, uploaded after a change
  /// The solver's failure handling for a non-finite cell field (throws NumericalError).
  std::function<void(const std::string& field, const real* data)> fail;
};

/// How the iteration under way solves one scalar: the explicit update (transient and explicit
/// steady) or the implicit steady solve (residual, coefficients, sweeps) with a residual array.
struct ScalarStep {
  bool implicit = false;
  real dt = 0;              ///< [s] the momentum (pseudo-)time step
  real* residual = nullptr;  ///< implicit: the steady residual array shared by the extra scalars
  std::function<void(const ScalarArgs&)> solve;
};

class TurbulenceUnit {
 public:
  explicit TurbulenceUnit(KernelLauncher& kernels) : kernels_(kernels) {}
  virtual ~TurbulenceUnit() = default;
  TurbulenceUnit(const TurbulenceUnit&) = delete;
  TurbulenceUnit& operator=(const TurbulenceUnit&) = delete;

  [[nodiscard]] virtual TurbulenceModel model() const = 0;
  /// Bytes per cell the unit's fields add to the solver's (turbulence_bytes_per_cell).
  [[nodiscard]] virtual std::size_t bytes_per_cell(SolveMode mode) const = 0;
  /// The model adds an eddy viscosity nu_t to the momentum and scalar diffusion.
  [[nodiscard]] virtual bool has_eddy_viscosity() const = 0;
  /// SurfaceGpu::scalar_in slots left to passive tracers (a unit may keep some for its inflow values).
  [[nodiscard]] virtual int tracer_slots() const { return max_tracers; }
  /// The unit solves scalars of its own in the implicit steady iteration (with the shared
  /// residual array ScalarStep::residual).
  [[nodiscard]] virtual bool uses_scalar_residual() const { return false; }

  /// Allocates and initialises the unit's fields (once, during the solver's set-up).
  virtual void allocate(const TurbulenceSetup& setup) = 0;
  /// The eddy viscosity from the velocity `vel` at the start of iteration `it` (1-based).
  virtual void update_eddy_viscosity(const real* const* vel, long it, bool implicit);
  /// The largest eddy viscosity after the last update [m^2/s] (time-step limits).
  [[nodiscard]] double nut_max() const noexcept { return nut_max_; }
  /// The model's own transport within an iteration, after temperature and tracers: `vel` the
  /// projected velocity, `sa` the scalar arguments the iteration used last (grid, velocity, nu_t).
  virtual void transport(const real* const* vel, ScalarArgs sa, const ScalarStep& step);
  /// End of an iteration: the new states become the current ones.
  virtual void advance() {}

  /// nu_t per cell (backend memory), null without an eddy viscosity.
  [[nodiscard]] virtual const real* eddy_viscosity() const { return nullptr; }
  /// The unit's part of the momentum arguments (nu_t; k-epsilon: the wall-function k).
  virtual void momentum_args(MomentumArgs& m) const { m.nut = eddy_viscosity(); }
  /// nu_t on the host (empty without an eddy viscosity).
  [[nodiscard]] virtual std::vector<real> eddy_viscosity_to_host() const { return {}; }
  /// The unit's output fields (k, eps) into F: the new states when use_new.
  virtual void collect(HostFields& F, bool use_new) const;
  /// Warm start: the unit's fields from an earlier solution's (k-epsilon: k, eps and nu_t in the
  /// air cells; std::invalid_argument when F lacks them). Others keep theirs (nu_t follows the velocity).
  virtual void restore(const HostFields& F);

 protected:
  KernelLauncher& kernels_;  // FW_CALL launches through it
  double nut_max_ = 0;
};

/// The unit of `model`.
[[nodiscard]] std::unique_ptr<TurbulenceUnit> make_turbulence_model(TurbulenceModel model, KernelLauncher& kernels);

}  // namespace factwin::airflow::detail

namespace factwin::airflow {
/// Bytes per cell the fields of `model` add to the airflow solver in `mode`, in the build's
/// precision (sizeof(real) per array element): what the memory model (solver_bytes_per_cell)
/// counts for the turbulence model. Laminar 0; zero-equation 2 arrays (nu_t, wall distance);
/// k-epsilon 10 (k, eps and their new values, 4 source/sink arrays, nu_t, wall distance) and in
/// steady mode 1 more (the residual of k and eps in the implicit iteration).
[[nodiscard]] std::size_t turbulence_bytes_per_cell(TurbulenceModel model, SolveMode mode);
}  // namespace factwin::airflow
