// SPDX-License-Identifier: Apache-2.0
// Anderson acceleration of a fixed-point iteration x -> G(x) on a packed state of n values (internal;
// docs/solver.md, "Anderson acceleration of the steady iteration"). It owns the history of the last
// m differences and computes the mixed next state; what the state holds, and how it is packed from
// and unpacked into the fields, is the caller's (Solver::aa_transfer).
#pragma once

#include <functional>
#include <vector>

#include "airflow/kernels/airflow_args.hpp"
#include "core/buffer.hpp"

namespace factwin::airflow::detail {

class KernelLauncher;

class AndersonAccelerator {
 public:
  AndersonAccelerator(KernelLauncher& kernels, bool on_device) : kernels_(kernels), on_device_(on_device) {}

  /// Depth m (stored differences) and state length n; depth 0: off.
  void setup(int depth, index_t n);
  [[nodiscard]] int depth() const noexcept { return A_.m; }
  [[nodiscard]] index_t size() const noexcept { return A_.n; }
  /// Where the caller packs the state x before an iteration.
  [[nodiscard]] real* iterate() noexcept { return A_.xin.data(); }
  /// After an iteration: pack(g) writes G(x) into g; where the history gives a mixed state, it is
  /// handed to unpack(x) (the fields take it).
  void update(const std::function<void(real*)>& pack, const std::function<void(real*)>& unpack);
  /// Restarts (history dropped) so far.
  [[nodiscard]] long restarts() const noexcept { return A_.restarts; }

 private:
  struct State {
    int m = 0;                      // depth: stored differences
    index_t n = 0;                  // packed state length
    std::vector<Buffer<real>> dG, dF;  // ring of differences of G(x) and of f = G(x) - x
    Buffer<real> xin, g, f, gprev, fprev;
    int count = 0, head = 0;        // stored differences, next slot
    bool have_prev = false;
    std::vector<double> gram;       // m x m, dF_i . dF_j
    double fmin = 0;                // smallest |f| since the last restart
    long restarts = 0;
  };
  KernelLauncher& kernels_;  // FW_CALL launches through it
  bool on_device_;
  State A_;
};

}  // namespace factwin::airflow::detail
