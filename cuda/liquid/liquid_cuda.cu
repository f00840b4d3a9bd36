// SPDX-License-Identifier: Apache-2.0
// CUDA build of the liquid kernels: the same files as the host backend
// (cpp/liquid/kernels/link_kernels.inc, link_batch_kernels.inc, gga_batch_kernels.inc): one thread
// per link evaluation, per (member, matrix column) of the assembly, per member of the batched
// LDL^T; and the CUDA entry points of cpp/liquid/liquid_backend.hpp. The entry points launch
// asynchronously; the batch driver synchronises after each (cuda::synchronize), so a failed kernel
// is reported by the step that launched it.
#include "core/launch_cuda.cuh"
#include "liquid/liquid_backend.hpp"

#define FACTWIN_BACKEND_NS cuda_backend
#define FACTWIN_EXEC ::factwin::cuda_backend::Exec
#include "liquid/kernels/link_kernels.inc"
#include "liquid/kernels/link_batch_kernels.inc"
#include "liquid/kernels/gga_batch_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

#define FACTWIN_DISPATCH_NS factwin::liquid
FACTWIN_DEFINE_CUDA_ENTRY_POINTS(FACTWIN_LIQUID_ENTRY_POINTS, factwin::liquid)
#undef FACTWIN_DISPATCH_NS
