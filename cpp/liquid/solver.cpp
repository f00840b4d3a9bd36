// SPDX-License-Identifier: Apache-2.0
// Thermal-hydraulic network solver (docs/liquid.md sections 2 and 3): one network, solved to the
// end by detail::Solver (solver_impl.hpp).
#include "factwin/liquid/network.hpp"
#include "liquid/solver_impl.hpp"

namespace factwin::liquid {

Result solve(const Network& net) {
  validate(net);
  detail::Solver s(net);
  return s.run(net.options.thermal);
}

Result solve_hydraulics(const Network& net) {
  validate(net);
  detail::Solver s(net);
  return s.run(false);
}

}  // namespace factwin::liquid
