// SPDX-License-Identifier: Apache-2.0
// Batched solves of many variants of one network (N-1 studies, parameter sweeps).
// Host backend: members are independent; OpenMP distributes them over threads, each member runs
// the full solver (GGA + energy balance) with its own Eigen factorisations.
// CUDA backend: not implemented in this version; asking for it throws NotCompiled (docs/liquid.md
// section 6 describes the planned device path: link kernels from link_kernels.inc over
// members x links, batched PCG on the node matrices).
#include <exception>
#include <string>
#include <vector>

#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/liquid/network.hpp"

namespace factwin::liquid {

std::vector<BatchMember> solve_batch(const Network& base, const std::vector<Variant>& variants,
                                     const std::string& backend) {
  if (backend.rfind("cuda", 0) == 0) {
#if FACTWIN_HAVE_CUDA
    throw NotCompiled("the batched liquid-network solver has no CUDA implementation yet; use backend \"cpu\"");
#else
    throw NotCompiled("this build of factwin has no CUDA backend (and the batched liquid solver has no CUDA "
                      "implementation yet); use backend \"cpu\"");
#endif
  }
  if (backend != "cpu" && backend != "host" && backend != "auto")
    throw std::invalid_argument("unknown backend \"" + backend + "\" for solve_batch (cpu or cuda)");
  validate(base);
  std::vector<BatchMember> out(variants.size());
  const long n = static_cast<long>(variants.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (long i = 0; i < n; ++i) {
    BatchMember& m = out[static_cast<std::size_t>(i)];
    m.name = variants[static_cast<std::size_t>(i)].name;
    try {
      const Network net = apply_variant(base, variants[static_cast<std::size_t>(i)]);
      m.result = net.options.thermal ? solve(net) : solve_hydraulics(net);
      m.ok = true;
    } catch (const std::exception& e) {
      m.ok = false;
      m.error = e.what();
    }
  }
  return out;
}

}  // namespace factwin::liquid
