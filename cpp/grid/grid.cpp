// SPDX-License-Identifier: Apache-2.0
#include "factwin/grid/grid.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace factwin {

StructuredGrid StructuredGrid::uniform(const Vec3& origin, const Vec3& extent, const Dims& cells) {
  std::array<std::vector<double>, 3> nodes;
  for (int a = 0; a < 3; ++a) {
    if (cells[a] < 1) throw std::invalid_argument("grid needs at least one cell per axis");
    if (!(extent[a] > 0)) throw std::invalid_argument("grid extent must be > 0");
    nodes[a].resize(static_cast<std::size_t>(cells[a]) + 1);
    const double h = extent[a] / cells[a];
    for (int i = 0; i <= cells[a]; ++i) nodes[a][i] = origin[a] + h * i;
    nodes[a].back() = origin[a] + extent[a];
  }
  StructuredGrid g = from_nodes(std::move(nodes));
  g.uniform_ = true;
  return g;
}

StructuredGrid StructuredGrid::from_nodes(std::array<std::vector<double>, 3> nodes) {
  StructuredGrid g;
  g.uniform_ = true;
  for (int a = 0; a < 3; ++a) {
    if (nodes[a].size() < 2) throw std::invalid_argument("grid axis needs at least two nodes");
    for (std::size_t i = 1; i < nodes[a].size(); ++i)
      if (!(nodes[a][i] > nodes[a][i - 1]))
        throw std::invalid_argument("grid nodes must increase strictly");
    g.n_[a] = static_cast<int>(nodes[a].size() - 1);
    const double h0 = nodes[a][1] - nodes[a][0];
    for (std::size_t i = 1; i + 1 < nodes[a].size(); ++i)
      if (std::abs((nodes[a][i + 1] - nodes[a][i]) - h0) > 1e-9 * h0) g.uniform_ = false;
  }
  g.nodes_ = std::move(nodes);
  return g;
}

index_t StructuredGrid::num_faces(int axis) const noexcept {
  index_t f = 1;
  for (int a = 0; a < 3; ++a) f *= (a == axis) ? n_[a] + 1 : n_[a];
  return f;
}

index_t StructuredGrid::face_index(int axis, int i, int j, int k) const noexcept {
  const index_t nx = n_[0] + (axis == 0 ? 1 : 0);
  const index_t ny = n_[1] + (axis == 1 ? 1 : 0);
  return i + nx * (j + ny * k);
}

Box3 StructuredGrid::cell_box(int i, int j, int k) const {
  return {{node(0, i), node(1, j), node(2, k)}, {node(0, i + 1), node(1, j + 1), node(2, k + 1)}};
}

Box3 StructuredGrid::bounds() const {
  return {{nodes_[0].front(), nodes_[1].front(), nodes_[2].front()},
          {nodes_[0].back(), nodes_[1].back(), nodes_[2].back()}};
}

int StructuredGrid::locate(int axis, double x) const {
  const auto& v = nodes_[axis];
  auto it = std::upper_bound(v.begin(), v.end(), x);
  int i = static_cast<int>(it - v.begin()) - 1;
  return std::clamp(i, 0, n_[axis] - 1);
}

int StructuredGrid::nearest_node(int axis, double x) const {
  const auto& v = nodes_[axis];
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.begin()) return 0;
  if (it == v.end()) return n_[axis];
  const int i = static_cast<int>(it - v.begin());
  return (x - v[i - 1] <= v[i] - x) ? i - 1 : i;
}

}  // namespace factwin
