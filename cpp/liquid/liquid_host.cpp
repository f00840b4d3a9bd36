// SPDX-License-Identifier: Apache-2.0
// Host build of the liquid kernels (FACTWIN_BACKEND_NS=host): link_batch_kernels.inc and
// gga_batch_kernels.inc, and the host entry points of liquid_backend.hpp.
#include "core/launch_host.hpp"
#include "liquid/liquid_backend.hpp"
#include "liquid/link_host.hpp"

#define FACTWIN_BACKEND_NS host
#define FACTWIN_EXEC ::factwin::host::Exec
#include "liquid/kernels/link_batch_kernels.inc"
#include "liquid/kernels/gga_batch_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

#define FACTWIN_DISPATCH_NS factwin::liquid
FACTWIN_DEFINE_HOST_ENTRY_POINTS(FACTWIN_LIQUID_ENTRY_POINTS, factwin::liquid)
#undef FACTWIN_DISPATCH_NS
