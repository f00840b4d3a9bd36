// SPDX-License-Identifier: Apache-2.0
// The coupling iteration of the twin (docs/twin.md); private to the twin module.
#pragma once

#include "factwin/twin/twin.hpp"

namespace factwin::twin::detail {

/// Solves a facility with exchanges to their fixed point: power flow, air (with the power chain's
/// losses in the hall), coil heats, liquid loops, plant power into the power chain, repeated until
/// no exchange moves by more than its tolerance. `sol` holds the prepared air side (scenario, grid,
/// executor); fills its results and its CouplingReport. \throws ConvergenceError at the limit.
void solve_coupled(const Facility& f, const RunSettings& rs, const airflow::SolveOptions& opt, Solution& sol);

}  // namespace factwin::twin::detail
