// SPDX-License-Identifier: Apache-2.0
// The coupling re-solves the air from its previous solution (docs/twin.md, "The fixed point"): on
// data/scenarios/coupled_room.json every air solve after the first starts warm and takes far fewer
// iterations than the first (from rest), and the fixed point stays the hand-calculated one of
// test_coupling.cpp to the same tolerances.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "factwin/io/scenario_reader.hpp"
#include "factwin/twin/twin.hpp"

TEST(CouplingWarmStart, AirResolvesStartFromThePreviousSolution) {
  const factwin::Case cs = factwin::io::load_case(std::string(FACTWIN_DATA_DIR) + "/scenarios/coupled_room.json");
  factwin::twin::RunSettings rs;
  rs.air = cs.solver;
  // iterations of each air solve: its last progress record (a new solve restarts at iteration 1)
  std::vector<long> per_solve;
  long last = 0;
  rs.progress = [&](const factwin::airflow::ResidualRecord& r) {
    if (r.iteration < last) per_solve.push_back(last);
    last = r.iteration;
  };
  const factwin::twin::Solution s = factwin::twin::solve(cs.facility, rs);
  per_solve.push_back(last);
  ASSERT_TRUE(s.coupling.converged);
  ASSERT_EQ(s.coupling.air_solves, 3);
  ASSERT_EQ(per_solve.size(), 3u);
  for (std::size_t i = 1; i < per_solve.size(); ++i)
    EXPECT_LT(4 * per_solve[i], per_solve[0]) << "air solve " << i + 1 << ": " << per_solve[i] << " iterations, the first "
                                              << per_solve[0];
  // the hand-calculated fixed point of test_coupling.cpp, same tolerances: hall losses 1546.2 W,
  // coil = rack 20 kW + losses = 21546.2 W
  double coil = 0;
  for (const auto& d : s.air.devices)
    if (d.name == "CRAH-1") coil = d.duty;
  EXPECT_NEAR(s.coupling.hall_loss_heat, 1546.2, 3.0);
  EXPECT_NEAR(coil, 21546.2, 1e-3 * 21546.2);
}
