// SPDX-License-Identifier: Apache-2.0
// The pressure Poisson solver of the airflow solver (internal): conjugate gradients on -L,
// preconditioned by one geometric-multigrid V-cycle (semi-coarsened towards isotropy), with the
// free pressure constant of each sealed air region removed (docs/solver.md, "Pressure"). It owns the
// multigrid hierarchy, whose finest level holds the face coefficients beta, the solution phi, the
// right-hand side and a residual array that the solver's steps read and write.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "airflow/kernels/airflow_args.hpp"
#include "core/buffer.hpp"

namespace factwin::airflow::detail {

class KernelLauncher;

/// One level of the pressure multigrid hierarchy.
struct Level {
  GridGpu g;
  int r[3] = {1, 1, 1};  // coarsening factor from the finer level
  Buffer<std::uint8_t> active;
  std::array<Buffer<real>, 3> beta;
  Buffer<real> phi, rhs, res;
  LevelGpu view() {
    LevelGpu l;
    l.g = g;
    l.active = active.data();
    for (int a = 0; a < 3; ++a) l.beta[a] = beta[a].data();
    l.phi = phi.data();
    l.rhs = rhs.data();
    l.res = res.data();
    return l;
  }
};

class PressureSolver {
 public:
  PressureSolver(KernelLauncher& kernels, bool on_device) : kernels_(kernels), on_device_(on_device) {}

  /// A sealed air region (no opening): its cells (mask per cell) and their number.
  void add_sealed_region(const std::vector<std::uint8_t>& mask, double cells);
  [[nodiscard]] int sealed_regions() const noexcept { return static_cast<int>(region_mask_.size()); }
  /// The hierarchy on grid g, solving in the cells `active` (1 air); fluid_cells of them.
  void setup(const GridGpu& g, const std::vector<std::uint8_t>& active, index_t fluid_cells);

  /// The finest level: beta (set by the momentum step), phi (the solution), rhs, res.
  [[nodiscard]] Level& finest() noexcept { return levels_[0]; }
  /// Solves L phi = rhs on the finest level from its phi to the relative residual rel_tol or
  /// max_iterations CG iterations (the coarse betas are coarsened first); returns the relative
  /// residual reached.
  double solve(int max_iterations, double rel_tol);
  /// CG iterations so far.
  [[nodiscard]] long iterations() const noexcept { return cg_iterations_; }

 private:
  void remove_region_means(const LevelGpu& v0, real* v);
  void vcycle_view(const LevelGpu& top);
  void vcycle_impl(std::size_t l, const LevelGpu* top);

  KernelLauncher& kernels_;  // FW_CALL launches through it
  bool on_device_;
  index_t ncell_ = 0, fluid_cells_ = 0;
  std::vector<Level> levels_;
  Buffer<real> cg_r_, cg_z_, cg_p_, cg_q_, cg_f_, cg_zero_;
  // one mask per sealed air region: the pressure has a free constant in each, removed from the
  // right-hand side, the preconditioned residual and the solution
  std::vector<Buffer<std::uint8_t>> region_mask_;
  std::vector<double> region_cells_;
  long cg_iterations_ = 0;
};

}  // namespace factwin::airflow::detail
