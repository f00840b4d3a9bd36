// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "factwin/liquid/network.hpp"

namespace factwin::liquid::detail {

/// Circuit (hydraulically connected part, through open or closed links) of every node.
std::vector<int> circuits(const Network& net, int* count);

}  // namespace factwin::liquid::detail
