// SPDX-License-Identifier: Apache-2.0
// Host build of the electrical kernels (sweep_kernels.inc with FACTWIN_BACKEND_NS=host) and their
// host entry points (host_api), generated from the list in power_backend.hpp.
#include <cmath>

#include "core/launch_host.hpp"
#include "electrical/power_backend.hpp"

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
void sweep_batch(const ::factwin::host::Exec&, const SweepBatchArgs& a) {
  if (a.ncase <= 0) return;
  const index_t nbus = a.start[a.ncase] - a.start[0];
#pragma omp parallel for schedule(dynamic, 4) if (nbus >= ::factwin::host::omp_min_parallel && a.ncase > 1)
  for (index_t c = 0; c < a.ncase; ++c) sweep_case(c, a);
}
}  // namespace factwin::electrical::host

#define FACTWIN_DISPATCH_NS factwin::electrical
FACTWIN_DEFINE_HOST_ENTRY_POINTS(FACTWIN_ELECTRICAL_ENTRY_POINTS, factwin::electrical)
