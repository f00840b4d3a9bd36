// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: the CUDA entry points of the liquid kernels (liquid_backend.hpp) throw
// NotCompiled.
#include "factwin/core/error.hpp"
#include "liquid/liquid_backend.hpp"

#define FACTWIN_DISPATCH_WHAT "liquid"
FACTWIN_DEFINE_CUDA_STUBS(FACTWIN_LIQUID_ENTRY_POINTS, factwin::liquid)
#undef FACTWIN_DISPATCH_WHAT
