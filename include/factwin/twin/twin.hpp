// SPDX-License-Identifier: Apache-2.0
// The twin: one facility's air, liquid loops and power chain solved as one run (docs/architecture.md).
// This module owns the order of the solves and what passes between them; it does no I/O (io/run.hpp
// writes what it computed). A facility whose solves exchange quantities (a cooler's coil on a water
// loop, plant power in the power chain, power-chain losses in the hall) is solved to a fixed point
// of those exchanges (twin/exchange.hpp, docs/twin.md); one without is solved in one pass.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/electrical/it_load.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/liquid/network.hpp"
#include "factwin/model/facility.hpp"
#include "factwin/twin/exchange.hpp"

namespace factwin::twin {

/// The air solve's set-up, as handed to the callbacks of RunSettings. Its references are valid only
/// during the call (they point into the Solution being built): copy what a callback keeps.
struct AirContext {
  const Scenario& scenario;            ///< the air side
  const SolverSettings& settings;      ///< how it is solved
  const VoxelGrid& grid;
  const Executor& executor;
  const std::string& requested_backend;
};

/// How to run a facility: everything that is not its physics.
struct RunSettings {
  SolverSettings air;     ///< the air solver's settings and the backend (a file's "solver" section)
  int history_every = 10;  ///< air iterations between residual records
  /// Called every history_every air iterations (progress display); may be empty.
  std::function<void(const airflow::ResidualRecord&)> progress;
  /// Called once the backend is chosen and the hall voxelised, before the air solve.
  std::function<void(const AirContext&)> on_prepared;
  /// Called with the last good air state before a NumericalError is thrown (to save it).
  std::function<void(const AirContext&, const airflow::SolveResult&)> on_air_failure;
  CouplingSettings coupling;        ///< limits of the coupling iteration (coupled facilities only)
};

/// The power chain's results: its power flow with the N-1 study, and the quasi-static workload
/// transient when the chain has a workload series.
struct PowerSolution {
  electrical::ContingencyStudy study;
  std::vector<electrical::TransientSample> transient;
};

/// Everything one run of a facility computed.
struct Solution {
  Scenario air_scenario;          ///< what the air solve ran: the facility's air side (with the
                                  ///< coupling's electrical-loss heat source when it has one)
  SolverSettings settings;        ///< how the air was solved
  std::string requested_backend;  ///< as asked for ("auto" resolved in `executor`)
  Executor executor;
  VoxelGrid grid;
  airflow::SolveResult air;
  std::optional<liquid::Result> liquid;  ///< when the facility has liquid loops
  std::optional<PowerSolution> power;    ///< when the facility has a power chain
  /// The liquid loops and the power chain as solved: the facility's, with the exchanged quantities
  /// (coil heats, plant-load powers) set by the coupling; the outputs describe these.
  std::optional<liquid::Network> liquid_network;
  electrical::PowerNetwork power_network;
  CouplingReport coupling;               ///< coupling.active false: solved in one pass

  /// The air solve reached its tolerance (or the run accepts an unconverged one).
  [[nodiscard]] bool accepted() const { return air.converged || settings.accept_unconverged; }
};

/// The Executor a run with `rs` uses ("host" = "cpu").
[[nodiscard]] Executor choose_executor(const RunSettings& rs, std::string* requested = nullptr);

/// Solves facility `f`: checks the air solver's memory, voxelises, solves the air, then the liquid
/// loops and the power chain; with exchanges (has_exchanges), iterates power, air, liquid to their
/// fixed point (docs/twin.md). Throws InputError, NumericalError, DeviceError, ConvergenceError as
/// the solvers do (on_air_failure is called first for a failing air solve), and ConvergenceError
/// naming the exchange that still moves when the coupling iteration reaches its limit.
/// `rs` has no default on purpose: a file's run settings (Case::solver) must be passed, never
/// silently replaced by SolverSettings' defaults.
[[nodiscard]] Solution solve(const Facility& f, const RunSettings& rs);

}  // namespace factwin::twin
