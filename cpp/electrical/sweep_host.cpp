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
void sweep_batch(const SweepBatchArgs& a) { sweep_batch_impl(::factwin::host::Exec{}, a); }
}  // namespace factwin::electrical::host
