// SPDX-License-Identifier: Apache-2.0
// The power-chain kernels compiled for the host backend (namespace factwin::electrical::host).
#pragma once

#include <cmath>

#include "factwin/core/hd.hpp"

#define FACTWIN_BACKEND_NS host
#include "electrical/kernels/power_kernels.inc"
#undef FACTWIN_BACKEND_NS
