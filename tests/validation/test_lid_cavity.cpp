// SPDX-License-Identifier: Apache-2.0
// Lid-driven cavity against Ghia, Ghia & Shin (1982), J. Comput. Phys. 48:387-411, Tables I and II
// (data/validation/ghia_lid_cavity_Re100_Re400.csv). Criterion: RMS error of the centreline
// velocities below 1 % of the lid speed (the row flagged suspect=1 is excluded, as the file says).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "factwin/grid/voxelize.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

struct GhiaResult {
  double rms_u = 0, rms_v = 0, max_u = 0, max_v = 0;
  long iterations = 0;
  double seconds = 0;
  bool converged = false;
};

GhiaResult run_ghia(int re, int n) {
  Case cs = io::load_case(data_path("scenarios/lid_cavity_re100.json"));
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  s.fluid.dynamic_viscosity = 1.0 / re;  // U = L = rho = 1
  s.grid.cells = {n, n, 1};
  s.hall.extent.z = 1.0 / n;
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"));
  GhiaResult g;
  g.iterations = r.iterations;
  g.seconds = r.wall_seconds;
  g.converged = r.converged;
  double su = 0, sv = 0;
  int nu = 0, nv = 0;
  for (const auto& row : read_csv(data_path("validation/ghia_lid_cavity_Re100_Re400.csv"))) {
    if (std::stoi(row[3]) != re || row[6] == "1") continue;
    const double c = std::stod(row[2]), ref = std::stod(row[5]);
    if (row[4] == "u") {
      if (c >= 1.0 || c <= 0.0) continue;  // the wall values are boundary conditions
      const double e = centre_column(r.fields, r.fields.u, c) - ref;
      su += e * e;
      g.max_u = std::max(g.max_u, std::abs(e));
      ++nu;
    } else {
      if (c >= 1.0 || c <= 0.0) continue;
      const double e = centre_row(r.fields, r.fields.v, c) - ref;
      sv += e * e;
      g.max_v = std::max(g.max_v, std::abs(e));
      ++nv;
    }
  }
  g.rms_u = std::sqrt(su / nu);
  g.rms_v = std::sqrt(sv / nv);
  std::printf("Ghia Re=%d grid %dx%d: RMS u %.5f, RMS v %.5f (max %.5f, %.5f), %ld iterations, %.2f s, converged %d\n",
              re, n, n, g.rms_u, g.rms_v, g.max_u, g.max_v, g.iterations, g.seconds, g.converged);
  return g;
}

}  // namespace

TEST(GhiaLidCavity, Re100) {
  const GhiaResult g = run_ghia(100, 64);
  EXPECT_TRUE(g.converged);
  EXPECT_LT(g.rms_u, 0.01);
  EXPECT_LT(g.rms_v, 0.01);
}

TEST(GhiaLidCavity, Re400) {
  const GhiaResult g = run_ghia(400, 64);
  EXPECT_TRUE(g.converged);
  EXPECT_LT(g.rms_u, 0.01);
  EXPECT_LT(g.rms_v, 0.01);
}
