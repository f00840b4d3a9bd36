// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: the CUDA entry points of the power-chain kernels throw NotCompiled.
#include "electrical/kernels/sweep_args.hpp"
#include "factwin/core/error.hpp"

namespace factwin::electrical::cuda_api {
void sweep_batch(const SweepBatchArgs&) {
  throw NotCompiled("power-flow sweep batch: this build of factwin has no CUDA backend");
}
}  // namespace factwin::electrical::cuda_api
