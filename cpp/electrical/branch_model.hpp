// SPDX-License-Identifier: Apache-2.0
// Power flow, the per-unit branch model shared by the sweep and Newton-Raphson (branch_model.cpp):
// series impedances on the system base, supply-bus voltages, and a branch's result from its
// terminal voltages and current.
#pragma once

#include <cmath>
#include <complex>

#include "electrical/power_case.hpp"

namespace factwin::electrical::detail {

/// |z| without hypot's overflow care (per-unit values are O(1)).
inline double mag(cd z) { return std::sqrt(std::norm(z)); }

inline bool is_transformer(BranchKind kd) { return kd == BranchKind::transformer || kd == BranchKind::pdu; }

/// Series impedance of a branch in per unit on the system base, referred to its `to` bus. With
/// `newton`, zero impedances (breakers, ideal transformers) become 1e-7 + 1e-7j pu.
[[nodiscard]] cd branch_z(const NetworkIndex& idx, const PowerFlowOptions& opt, const Branch& b, bool newton);

/// Sets the voltage of supply bus `b` of a case: the set point of its source (1 pu behind a UPS).
void slack_voltage(const NetworkIndex& idx, CaseState& cs, int b);

/// A branch's result from its terminal voltages and the current from `from` to `to` [pu].
void record_branch(const NetworkIndex& idx, const PowerFlowOptions& opt, const Branch& b, cd vf, cd vt, cd i_ft,
                   BranchResult& br);

}  // namespace factwin::electrical::detail
