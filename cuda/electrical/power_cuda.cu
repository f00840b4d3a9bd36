// SPDX-License-Identifier: Apache-2.0
// CUDA build of the electrical kernels: the same kernel files as the host backend
// (cpp/electrical/kernels/*.inc), one thread per radial case; entry points (cuda_api) generated
// from the list in cpp/electrical/power_backend.hpp.
#include "core/launch_cuda.cuh"
#include "electrical/power_backend.hpp"

#define FACTWIN_BACKEND_NS cuda_backend
#define FACTWIN_EXEC ::factwin::cuda_backend::Exec
#include "electrical/kernels/power_kernels.inc"
#include "electrical/kernels/sweep_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace factwin::electrical::cuda_backend {
// The launch, then a wait for it: the caller copies the results back next.
void sweep_batch(const ::factwin::cuda_backend::Exec& ex, const SweepBatchArgs& a) {
  sweep_batch_impl(ex, a);
  FACTWIN_CUDA_CHECK(cudaDeviceSynchronize());
}
}  // namespace factwin::electrical::cuda_backend

#define FACTWIN_DISPATCH_NS factwin::electrical
FACTWIN_DEFINE_CUDA_ENTRY_POINTS(FACTWIN_ELECTRICAL_ENTRY_POINTS, factwin::electrical)
