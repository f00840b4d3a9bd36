// SPDX-License-Identifier: Apache-2.0
// The kernel entry points of the liquid module, listed once (core/dispatch.hpp): the batched link
// coefficients (link_batch_kernels.inc), and the batched head-system assembly and LDL^T solve
// (gga_batch_kernels.inc). From this list come their declarations (host_api, cuda_api), their
// host definitions (liquid_host.cpp), their CUDA definitions (cuda/liquid/liquid_cuda.cu) and the
// stubs of builds without CUDA (liquid_cuda_stubs.cpp). Callers pick the backend with
// FACTWIN_DISPATCH(executor, factwin::liquid, name, args) (batch.cpp); the one-network CPU solver
// calls host_api directly.
#pragma once

#include "core/dispatch.hpp"
#include "liquid/kernels/gga_batch_args.hpp"
#include "liquid/kernels/link_batch_args.hpp"

/// X(return type, name, (parameters), (arguments forwarded to the kernel after its Exec))
///  - gga_coefficients_batch: p, y of every entry (members x links, or the links of one network);
///  - gga_assemble_batch: every member's head matrix and right-hand side on the union pattern;
///  - ldlt_factor_solve_batch: every member's head solve, one shared symbolic schedule.
/// The CUDA entries take device pointers.
#define FACTWIN_LIQUID_ENTRY_POINTS(X)                               \
  X(void, gga_coefficients_batch, (const LinkBatchArgs& a), (a))    \
  X(void, gga_assemble_batch, (const GgaAssembleArgs& a), (a))      \
  X(void, ldlt_factor_solve_batch, (const LdltBatchArgs& a), (a))

FACTWIN_DECLARE_ENTRY_POINTS(FACTWIN_LIQUID_ENTRY_POINTS, factwin::liquid)
