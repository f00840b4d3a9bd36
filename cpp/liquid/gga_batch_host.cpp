// SPDX-License-Identifier: Apache-2.0
// Host build of the batched head-system kernels (gga_batch_kernels.inc, FACTWIN_BACKEND_NS=host).
#include "core/launch_host.hpp"
#include "liquid/kernels/gga_batch_args.hpp"

#define FACTWIN_BACKEND_NS host
#define FACTWIN_EXEC ::factwin::host::Exec
#include "liquid/kernels/gga_batch_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace factwin::liquid::host {
void gga_assemble_batch(const GgaAssembleArgs& a) { gga_assemble_batch_impl(::factwin::host::Exec{}, a); }
void ldlt_factor_solve_batch(const LdltBatchArgs& a) { ldlt_factor_solve_batch_impl(::factwin::host::Exec{}, a); }
}  // namespace factwin::liquid::host
