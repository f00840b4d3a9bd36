// SPDX-License-Identifier: Apache-2.0
// CUDA build of the batched backward/forward sweep: the same kernel file as the host backend
// (cpp/electrical/kernels/sweep_kernels.inc), one thread per radial case.
#include "core/launch_cuda.cuh"
#include "electrical/kernels/sweep_args.hpp"

#define FACTWIN_BACKEND_NS cuda_backend
#define FACTWIN_EXEC ::factwin::cuda_backend::Exec
#include "electrical/kernels/power_kernels.inc"
#include "electrical/kernels/sweep_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace factwin::electrical::cuda_api {
void sweep_batch(const SweepBatchArgs& a) {
  cuda_backend::sweep_batch_impl(::factwin::cuda_backend::Exec{}, a);
  FACTWIN_CUDA_CHECK(cudaDeviceSynchronize());
}
}  // namespace factwin::electrical::cuda_api
