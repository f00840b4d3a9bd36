// SPDX-License-Identifier: Apache-2.0
// Host build of the batched link-coefficient kernel (link_batch_kernels.inc, FACTWIN_BACKEND_NS=host).
#include "core/launch_host.hpp"
#include "liquid/kernels/link_batch_args.hpp"
#include "liquid/link_host.hpp"

#define FACTWIN_BACKEND_NS host
#define FACTWIN_EXEC ::factwin::host::Exec
#include "liquid/kernels/link_batch_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace factwin::liquid::host {
void gga_coefficients_batch(const LinkBatchArgs& a) { gga_coefficients_batch_impl(::factwin::host::Exec{}, a); }
}  // namespace factwin::liquid::host
