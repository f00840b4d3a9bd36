// SPDX-License-Identifier: Apache-2.0
// Power flow, meshed islands: Newton-Raphson on the host (newton.cpp).
#pragma once

#include <vector>

#include "electrical/power_case.hpp"

namespace factwin::electrical::detail {

/// (E-10) Solves meshed island `isl` of a case by Newton-Raphson in polar form, every supply bus a
/// slack (|V|, angle fixed); `local` maps a bus to its index within the island, `p`, `q` are the
/// island's injections [pu, load convention]. Sets the island's voltages, slack powers and branch
/// results in `cs`. \throws ConvergenceError, Error (singular Jacobian).
void solve_meshed(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, const Island& isl,
                  const std::vector<int>& local, const std::vector<double>& p, const std::vector<double>& q);

}  // namespace factwin::electrical::detail
