// SPDX-License-Identifier: Apache-2.0
// Plain data of the batched backward/forward sweep (docs/electrical.md Eq. E-9), seen by the host
// solver and by both backends of sweep_kernels.inc (entry point sweep_batch: power_backend.hpp). One case = one radial island with one supply
// bus; the buses of a case are stored in breadth-first order from the supply bus (position 0).
#pragma once

#include "factwin/core/types.hpp"

namespace factwin::electrical {

struct SweepBatchArgs {
  index_t ncase = 0;
  const int* start = nullptr;   ///< [ncase + 1] first bus of each case in the arrays below
  const int* parent = nullptr;  ///< position of the parent bus within its case (-1 at the root)
  const double* zr = nullptr;   ///< [pu] resistance of the branch to the parent
  const double* zi = nullptr;   ///< [pu] reactance of the branch to the parent
  const double* p = nullptr;    ///< [pu] constant-power load, active
  const double* q = nullptr;    ///< [pu] constant-power load, reactive
  double* vr = nullptr;         ///< [pu] voltage, real part: initial guess in, solution out
  double* vi = nullptr;         ///< [pu] voltage, imaginary part
  double* ir = nullptr;         ///< [pu] current into the bus through its parent branch (root: total)
  double* ii = nullptr;         ///< [pu]
  int* iterations = nullptr;    ///< [ncase] sweeps used; -1 when not converged
  double* last_dv = nullptr;    ///< [ncase] [pu] last max |dV|
  int max_iterations = 100;
  double tolerance = 1e-12;     ///< [pu] max |dV| between sweeps
  /// Per bus and sweep: p, q, zr, zi, parent, 2x voltage read + write, 2x current write + read.
  static constexpr int bytes_per_bus = 4 * 8 + 4 + 4 * 8 + 4 * 8;
};

}  // namespace factwin::electrical
