// SPDX-License-Identifier: Apache-2.0
// The air solver's memory model (docs/solver.md, memory): bytes per cell for given settings, and the
// guard that stops a run with FW-E0300 before anything large is allocated.
#pragma once

#include <cstddef>

#include "factwin/core/types.hpp"
#include "factwin/model/scenario.hpp"

namespace factwin::airflow {

/// Bytes per cell the solver needs for `settings` on the chosen precision (docs/solver.md, memory).
[[nodiscard]] std::size_t solver_bytes_per_cell(const SolverSettings& settings);
/// The same for a whole scenario, with the Anderson-acceleration history when it applies.
[[nodiscard]] std::size_t solver_bytes_per_cell(const Scenario& s, const SolverSettings& settings);
/// Memory estimate of a full solve on `cells` cells [B], geometry included.
[[nodiscard]] std::size_t estimate_memory(index_t cells, const SolverSettings& settings);

/// Throws InputError FW-E0300 at /grid when a solve of `s` with `settings` on its grid would need
/// more than `available_memory` [B] (0 = the host's available memory) or settings.memory_limit.
/// Call it before voxelize(): it allocates nothing.
void check_memory(const Scenario& s, const SolverSettings& settings, std::size_t available_memory = 0);

}  // namespace factwin::airflow
