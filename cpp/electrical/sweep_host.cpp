// SPDX-License-Identifier: Apache-2.0
// Host build of the batched sweep kernel (sweep_kernels.inc with FACTWIN_BACKEND_NS=host).
#include <cmath>

#include "core/launch_host.hpp"
#include "electrical/kernels/sweep_args.hpp"
#include "electrical/power_kernels_host.hpp"

namespace factwin::electrical::host {
using std::sqrt;
}  // namespace factwin::electrical::host

#define FACTWIN_BACKEND_NS host
#define FACTWIN_EXEC ::factwin::host::Exec
#include "electrical/kernels/sweep_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace factwin::electrical::host {
// One case is a whole radial island (many buses, several sweeps), so the batch is split among
// threads by its total bus count rather than its case count (for_each_index forks from 8192
// indices); dynamic scheduling because islands differ in size. Cases are independent: the
// results do not depend on the schedule.
void sweep_batch(const SweepBatchArgs& a) {
  if (a.ncase <= 0) return;
  const index_t nbus = a.start[a.ncase] - a.start[0];
#pragma omp parallel for schedule(dynamic, 4) if (nbus >= ::factwin::host::omp_min_parallel && a.ncase > 1)
  for (index_t c = 0; c < a.ncase; ++c) sweep_case(c, a);
}
}  // namespace factwin::electrical::host
