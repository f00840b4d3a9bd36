// SPDX-License-Identifier: Apache-2.0
// CUDA build of the liquid kernels: the same files as the host backend
// (cpp/liquid/kernels/link_kernels.inc, link_batch_kernels.inc, gga_batch_kernels.inc): one thread
// per link evaluation, per (member, matrix column) of the assembly, per member of the batched
// LDL^T. The entry points synchronise, so a failed kernel is reported by the call that launched it.
#include "core/launch_cuda.cuh"
#include "liquid/kernels/gga_batch_args.hpp"
#include "liquid/kernels/link_batch_args.hpp"

#define FACTWIN_BACKEND_NS cuda_backend
#define FACTWIN_EXEC ::factwin::cuda_backend::Exec
#include "liquid/kernels/link_kernels.inc"
#include "liquid/kernels/link_batch_kernels.inc"
#include "liquid/kernels/gga_batch_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace factwin::liquid::cuda_api {
void gga_coefficients_batch(const LinkBatchArgs& a) {
  cuda_backend::gga_coefficients_batch_impl(::factwin::cuda_backend::Exec{}, a);
  FACTWIN_CUDA_CHECK(cudaDeviceSynchronize());
}
void gga_assemble_batch(const GgaAssembleArgs& a) {
  cuda_backend::gga_assemble_batch_impl(::factwin::cuda_backend::Exec{}, a);
  FACTWIN_CUDA_CHECK(cudaDeviceSynchronize());
}
void ldlt_factor_solve_batch(const LdltBatchArgs& a) {
  cuda_backend::ldlt_factor_solve_batch_impl(::factwin::cuda_backend::Exec{}, a);
  FACTWIN_CUDA_CHECK(cudaDeviceSynchronize());
}
}  // namespace factwin::liquid::cuda_api
