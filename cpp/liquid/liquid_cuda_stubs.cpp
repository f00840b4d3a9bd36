// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: the CUDA entry points of the liquid kernels throw NotCompiled.
#include "factwin/core/error.hpp"
#include "liquid/kernels/gga_batch_args.hpp"
#include "liquid/kernels/link_batch_args.hpp"

namespace factwin::liquid::cuda_api {
void gga_coefficients_batch(const LinkBatchArgs&) {
  throw NotCompiled("liquid link-coefficient batch: this build of factwin has no CUDA backend");
}
void gga_assemble_batch(const GgaAssembleArgs&) {
  throw NotCompiled("liquid head-system assembly batch: this build of factwin has no CUDA backend");
}
void ldlt_factor_solve_batch(const LdltBatchArgs&) {
  throw NotCompiled("liquid batched LDL^T head solve: this build of factwin has no CUDA backend");
}
}  // namespace factwin::liquid::cuda_api
