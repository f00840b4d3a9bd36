// SPDX-License-Identifier: Apache-2.0
// The electrical kernels' entry points, listed once (core/dispatch.hpp): declared here for the host
// build (host_api, power_host.cpp) and the CUDA build (cuda_api, cuda/electrical/power_cuda.cu, or
// power_cuda_stubs.cpp without CUDA). Callers run them with
//   FACTWIN_DISPATCH(executor, factwin::electrical, sweep_batch, args)
// Also the host build of the per-component physics (power_kernels.inc in namespace host), which the
// host-side solver calls directly.
#pragma once

#include <cmath>

#include "core/dispatch.hpp"
#include "electrical/kernels/sweep_args.hpp"
#include "factwin/core/hd.hpp"

// X(return type, name, (parameters), (arguments forwarded to the kernel after its Exec))
#define FACTWIN_ELECTRICAL_ENTRY_POINTS(X) \
  X(void, sweep_batch, (const SweepBatchArgs& a), (a))

// sweep_batch: every radial case of the batch swept to convergence (sweep_kernels.inc); with the
// CUDA build every pointer of the arguments must be device memory.
FACTWIN_DECLARE_ENTRY_POINTS(FACTWIN_ELECTRICAL_ENTRY_POINTS, factwin::electrical)

#define FACTWIN_BACKEND_NS host
#include "electrical/kernels/power_kernels.inc"
#undef FACTWIN_BACKEND_NS
