// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <vector>

#include "factwin/core/types.hpp"

namespace factwin {

/// A Cartesian grid given by its node (cell-face) coordinates on each axis. Uniform today; the
/// per-axis node arrays already allow stretched spacing. Cells are numbered x fastest:
/// cell(i,j,k) = i + nx*(j + ny*k).
class StructuredGrid {
 public:
  StructuredGrid() = default;
  /// Uniform grid of `cells` over [origin, origin + extent]. Throws std::invalid_argument on
  /// non-positive sizes.
  static StructuredGrid uniform(const Vec3& origin, const Vec3& extent, const Dims& cells);
  /// Grid from explicit, strictly increasing node coordinates on each axis.
  static StructuredGrid from_nodes(std::array<std::vector<double>, 3> nodes);

  [[nodiscard]] const Dims& cells() const noexcept { return n_; }
  [[nodiscard]] int n(int axis) const noexcept { return n_[axis]; }
  [[nodiscard]] index_t num_cells() const noexcept {
    return static_cast<index_t>(n_[0]) * n_[1] * n_[2];
  }
  /// Number of faces normal to `axis`: (n_axis + 1) * product of the other two.
  [[nodiscard]] index_t num_faces(int axis) const noexcept;
  [[nodiscard]] index_t cell_index(int i, int j, int k) const noexcept {
    return i + static_cast<index_t>(n_[0]) * (j + static_cast<index_t>(n_[1]) * k);
  }
  /// Face (i,j,k) normal to `axis` lies on the low side of cell (i,j,k); i runs to n_axis.
  [[nodiscard]] index_t face_index(int axis, int i, int j, int k) const noexcept;
  [[nodiscard]] double node(int axis, int i) const { return nodes_[axis][i]; }
  [[nodiscard]] const std::vector<double>& nodes(int axis) const { return nodes_[axis]; }
  [[nodiscard]] double width(int axis, int i) const { return nodes_[axis][i + 1] - nodes_[axis][i]; }
  [[nodiscard]] double center(int axis, int i) const {
    return 0.5 * (nodes_[axis][i] + nodes_[axis][i + 1]);
  }
  [[nodiscard]] double cell_volume(int i, int j, int k) const {
    return width(0, i) * width(1, j) * width(2, k);
  }
  [[nodiscard]] Box3 cell_box(int i, int j, int k) const;
  [[nodiscard]] Box3 bounds() const;
  [[nodiscard]] bool is_uniform() const noexcept { return uniform_; }
  /// Spacing of a uniform grid along `axis` [m].
  [[nodiscard]] double spacing(int axis) const { return width(axis, 0); }
  /// Index of the cell containing coordinate x on `axis`, clamped to [0, n-1].
  [[nodiscard]] int locate(int axis, double x) const;
  /// Index of the node nearest to x on `axis` (0..n).
  [[nodiscard]] int nearest_node(int axis, double x) const;

 private:
  Dims n_{0, 0, 0};
  std::array<std::vector<double>, 3> nodes_;
  bool uniform_ = true;
};

}  // namespace factwin
