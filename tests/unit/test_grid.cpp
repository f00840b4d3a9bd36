// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <stdexcept>

#include "factwin/grid/grid.hpp"

using factwin::StructuredGrid;

TEST(Grid, UniformGeometry) {
  const auto g = StructuredGrid::uniform({1.0, 2.0, 3.0}, {4.0, 2.0, 1.0}, {8, 4, 2});
  EXPECT_EQ(g.num_cells(), 64);
  EXPECT_TRUE(g.is_uniform());
  EXPECT_DOUBLE_EQ(g.spacing(0), 0.5);
  EXPECT_DOUBLE_EQ(g.node(0, 8), 5.0);
  EXPECT_DOUBLE_EQ(g.center(1, 0), 2.25);
  EXPECT_EQ(g.num_faces(0), 9 * 4 * 2);
  EXPECT_EQ(g.num_faces(2), 8 * 4 * 3);
  EXPECT_EQ(g.cell_index(1, 2, 1), 1 + 8 * (2 + 4 * 1));
  EXPECT_EQ(g.face_index(0, 8, 3, 1), 8 + 9 * (3 + 4 * 1));
  EXPECT_EQ(g.locate(0, 1.0), 0);
  EXPECT_EQ(g.locate(0, 1.49), 0);
  EXPECT_EQ(g.locate(0, 1.5), 1);
  EXPECT_EQ(g.locate(0, 99.0), 7);
  EXPECT_EQ(g.nearest_node(0, 1.74), 1);
  double v = 0;
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 8; ++i) v += g.cell_volume(i, j, k);
  EXPECT_NEAR(v, 8.0, 1e-12);
}

TEST(Grid, StretchedNodesAreAccepted) {
  const auto g = StructuredGrid::from_nodes({{{0.0, 0.1, 0.3, 0.7}, {0.0, 1.0}, {0.0, 1.0}}});
  EXPECT_FALSE(g.is_uniform());
  EXPECT_EQ(g.n(0), 3);
  EXPECT_DOUBLE_EQ(g.width(0, 2), 0.4);
  EXPECT_THROW((void)StructuredGrid::from_nodes({{{0.0, 0.0}, {0.0, 1.0}, {0.0, 1.0}}}),
               std::invalid_argument);
  EXPECT_THROW((void)StructuredGrid::uniform({0, 0, 0}, {1, 1, 1}, {0, 1, 1}), std::invalid_argument);
}
