// SPDX-License-Identifier: Apache-2.0
// Small public helpers of the power chain: efficiency curves (docs/electrical.md Eq. E-5) and the
// names of branch kinds.
#include <algorithm>

#include "electrical/power_backend.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

const char* to_string(BranchKind kd) {
  switch (kd) {
    case BranchKind::cable: return "cable";
    case BranchKind::busway: return "busway";
    case BranchKind::breaker: return "breaker";
    case BranchKind::transformer: return "transformer";
    case BranchKind::pdu: return "pdu";
    case BranchKind::ups: return "ups";
  }
  return "?";
}

double efficiency_at(const EfficiencyCurve& c, double load_fraction) {
  return host::interp_efficiency(c.load_fraction.data(), c.efficiency.data(),
                                 static_cast<int>(std::min(c.load_fraction.size(), c.efficiency.size())),
                                 load_fraction);
}

}  // namespace factwin::electrical
