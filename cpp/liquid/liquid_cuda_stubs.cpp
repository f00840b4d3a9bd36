// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: the CUDA entry points of the liquid kernels throw NotCompiled.
#include "factwin/core/error.hpp"
#include "liquid/kernels/link_batch_args.hpp"

namespace factwin::liquid::cuda_api {
void gga_coefficients_batch(const LinkBatchArgs&) {
  throw NotCompiled("liquid link-coefficient batch: this build of factwin has no CUDA backend");
}
}  // namespace factwin::liquid::cuda_api
