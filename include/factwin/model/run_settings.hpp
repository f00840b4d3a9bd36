// SPDX-License-Identifier: Apache-2.0
// How a facility is solved, apart from what it is (docs/architecture.md, "The facility model"): the
// air solver's mode, closure, iteration limit, tolerance, time step limit, backend and memory cap.
// A scenario file's "solver" section maps onto SolverSettings (docs/scenario.md#solver); a run may
// override parts of it (twin::RunSettings).
#pragma once

#include <cstddef>
#include <string>

namespace factwin {

enum class SolveMode { steady, transient };
enum class TurbulenceModel { laminar, zero_equation, k_epsilon };

/// The air solver's settings (the "solver" section).
struct SolverSettings {
  SolveMode mode = SolveMode::steady;
  TurbulenceModel turbulence = TurbulenceModel::laminar;
  long max_iterations = 5000;       ///< steady: pseudo-time iterations
  double tolerance = 1e-5;          ///< steady: scaled-residual criterion (docs/solver.md)
  double end_time = 0.0;            ///< [s] transient: physical time to simulate
  double cfl = 0.5;                 ///< time-step limit (Courant number)
  double initial_temperature = 0.0; ///< [K]; 0 = the fluid's reference temperature
  std::string backend = "auto";     ///< "auto" | "cpu" | "cuda" | "cuda:N"
  std::size_t memory_limit = 0;     ///< [B] cap on the solver's memory; 0 = what the backend has
  bool accept_unconverged = false;  ///< exit 0 even if max_iterations is reached
  /// Steady mode: depth (stored differences) of the Anderson acceleration of the implicit iteration
  /// (docs/solver.md). -1: automatic (8 where it applies: steady, laminar or zero-equation, no racks
  /// or coolers; 0 elsewhere); 0: off.
  int anderson_depth = -1;
};

}  // namespace factwin
