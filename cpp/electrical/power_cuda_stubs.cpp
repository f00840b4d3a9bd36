// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: every CUDA entry point of the electrical kernels (power_backend.hpp)
// throws NotCompiled.
#include "electrical/power_backend.hpp"
#include "factwin/core/error.hpp"

#define FACTWIN_DISPATCH_WHAT "power-flow"
FACTWIN_DEFINE_CUDA_STUBS(FACTWIN_ELECTRICAL_ENTRY_POINTS, factwin::electrical)
