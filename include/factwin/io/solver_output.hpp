// SPDX-License-Identifier: Apache-2.0
// Outputs of a solve: summary.json with the solver figures and per-surface flows, and the fields as
// VTK image data (.vti, when built with VTK) and HDF5 + XDMF (when built with HDF5).
#pragma once

#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/geometry/scenario.hpp"
#include "factwin/grid/voxelize.hpp"

namespace factwin::io {

/// summary.json of a run: grid_summary_json() plus "status" ("converged" | "not_converged" |
/// "failed"), "solver" (mode, iterations, final residuals, tolerance, converged, wall time, cells,
/// backend, precision, residual history) and "surfaces" with mass_flow_kg_s and heat_flow_W (into the
/// air), the heat balance and, when `error` is non-empty, the error message.
[[nodiscard]] std::string run_summary_json(const Scenario& s, const VoxelGrid& vg, const Executor& ex,
                                           const std::string& requested_backend,
                                           const airflow::SolveResult& r, const std::string& status,
                                           const std::string& error = {});

/// Writes the cell fields of `r` (velocity [m/s], pressure [Pa], temperature [K], air flag) into
/// `dir` as <stem>.vti and <stem>.h5 + <stem>.xdmf, each written atomically, as far as this build
/// has the writers. Returns the paths written. Throws IoError.
std::vector<std::string> write_fields(const std::string& dir, const std::string& stem,
                                      const airflow::SolveResult& r);

}  // namespace factwin::io
