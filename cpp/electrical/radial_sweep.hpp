// SPDX-License-Identifier: Apache-2.0
// Power flow, radial islands (docs/electrical.md Eq. E-9): the islands of many cases packed for one
// backward/forward sweep launch (SweepPack, SweepBatchArgs layout), and their solutions unpacked
// into their cases (radial_sweep.cpp). SweepRunner (sweep_runner.hpp) runs the launch.
#pragma once

#include <cstddef>
#include <vector>

#include "electrical/kernels/sweep_args.hpp"
#include "electrical/power_case.hpp"

namespace factwin::electrical::detail {

/// The radial islands of many cases packed for one sweep launch: one sweep case per island, its
/// buses in breadth-first order from its supply bus (position 0).
class SweepPack {
 public:
  void clear();
  void reserve(std::size_t buses, std::size_t cases);
  [[nodiscard]] index_t ncase() const { return static_cast<index_t>(iterations_.size()); }
  [[nodiscard]] std::size_t nbus() const { return parent_.size(); }

  /// Appends a bus to the sweep case being packed: the position of its parent within the case (-1
  /// at the root), the impedance of the branch to its parent, its load and initial voltage [pu].
  void push_bus(int parent, cd z, double p, double q, cd v0);
  /// Closes the sweep case being packed (the buses pushed since the last close).
  void close_case();

  /// Arguments pointing at these host arrays (the sweep runs in place, or copies them).
  [[nodiscard]] SweepBatchArgs args(const PowerFlowOptions& opt);

  /// Results of sweep case `slot`: sweeps used (-1: not converged), last max |dV| [pu], position of
  /// its first bus; voltage and current of the bus at position k of the pack [pu].
  [[nodiscard]] int iterations(index_t slot) const { return iterations_[static_cast<std::size_t>(slot)]; }
  [[nodiscard]] double last_dv(index_t slot) const { return last_dv_[static_cast<std::size_t>(slot)]; }
  [[nodiscard]] std::size_t first_bus(index_t slot) const {
    return static_cast<std::size_t>(start_[static_cast<std::size_t>(slot)]);
  }
  [[nodiscard]] cd voltage(std::size_t k) const { return cd(vr_[k], vi_[k]); }
  [[nodiscard]] cd current(std::size_t k) const { return cd(ir_[k], ii_[k]); }

 private:
  std::vector<int> start_{0}, parent_, iterations_;
  std::vector<double> zr_, zi_, p_, q_, vr_, vi_, ir_, ii_, last_dv_;
};

/// A radial island packed for the sweep, with what is needed to record its solution.
struct PendingSweep {
  std::size_t cs = 0;           // case within the batch
  int island = 0;
  index_t slot = 0;             // sweep case within the pack
  std::vector<int> order;       // breadth-first position -> local bus
  std::vector<int> par_branch;  // local bus -> position (in Island::branches) of its parent branch
  std::vector<int> bfrom, bto;  // per branch position: local bus of each terminal
};

/// Appends radial island `id` of case `cs` (number `c` in the batch) to `pack` in breadth-first
/// order from its supply bus, and what unpack_island needs to `pending`. `local` maps a bus to its
/// index within the island; `p`, `q` are the island's injections [pu, load convention].
void pack_island(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, std::size_t c, int id,
                 const std::vector<int>& local, const std::vector<double>& p, const std::vector<double>& q,
                 SweepPack& pack, std::vector<PendingSweep>& pending);

/// The solution of a swept island recorded in its case: bus voltages, the supply bus's power and
/// every branch. \throws ConvergenceError when its sweep did not converge.
void unpack_island(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, const PendingSweep& ps,
                   const SweepPack& pack);

}  // namespace factwin::electrical::detail
