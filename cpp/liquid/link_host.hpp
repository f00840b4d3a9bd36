// SPDX-License-Identifier: Apache-2.0
// Host instantiation of the link kernels (link_kernels.inc with FACTWIN_BACKEND_NS=host).
#pragma once

#include <cmath>

#include "factwin/core/hd.hpp"
#include "liquid/kernels/link_args.hpp"

namespace factwin::liquid::host {
using std::exp;
using std::fabs;
using std::fmax;
using std::log10;
using std::pow;
using std::sqrt;
}  // namespace factwin::liquid::host

#define FACTWIN_BACKEND_NS host
#include "liquid/kernels/link_kernels.inc"
#undef FACTWIN_BACKEND_NS
