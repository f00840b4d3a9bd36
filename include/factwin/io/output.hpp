// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "factwin/airflow/solver.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/model/scenario.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::io {

/// Writes `text` to `path` whole or not at all: into a temporary file beside it, flushed, then
/// renamed over `path`. Creates missing parent directories. Throws IoError.
void write_file_atomic(const std::string& path, const std::string& text);

/// summary.json of a run before any solve: the scenario, the grid and voxelisation figures, the
/// memory estimate and the backend (docs/outputs.md).
[[nodiscard]] std::string grid_summary_json(const Scenario& s, const SolverSettings& settings, const VoxelGrid& vg,
                                            const Executor& ex,
                                            const std::string& requested_backend);

/// summary.json after a solve: the grid summary plus the solver figures (iterations, residuals,
/// convergence, wall time, backend, precision), per-surface mass and heat flows, and for data halls
/// the rack, cooler and room metrics (docs/outputs.md).
[[nodiscard]] std::string run_summary_json(const Scenario& s, const SolverSettings& settings, const VoxelGrid& vg,
                                           const Executor& ex,
                                           const std::string& requested_backend, const airflow::SolveResult& r);

/// The short readable report of a run (report.txt).
[[nodiscard]] std::string run_report_text(const Scenario& s, const airflow::SolveResult& r);

}  // namespace factwin::io
