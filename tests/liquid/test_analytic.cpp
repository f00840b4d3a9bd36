// SPDX-License-Identifier: Apache-2.0
// Analytic single-pipe and parallel-pipe cases (validation, issue 6 item 3).
// References: data/validation/analytic_solutions.json, cases hagen_poiseuille_pipe (dp = 128 mu L Q
// / (pi D^4), EXACT) and pipe_network_laws (continuity, loop energy; EXACT).
#include <gtest/gtest.h>

#include <cmath>

#include "factwin/liquid/network.hpp"
#include "liquid/link_host.hpp"

namespace fl = factwin::liquid;

namespace {

fl::Network two_tanks(double h_up, double h_down) {
  fl::Network n;
  n.name = "two tanks";
  fl::Node a;
  a.name = "A";
  a.type = fl::NodeType::fixed_head;
  a.head = h_up;
  fl::Node b = a;
  b.name = "B";
  b.head = h_down;
  n.nodes = {a, b};
  n.options.thermal = false;
  n.options.kinematic_viscosity = 1e-6;
  return n;
}

fl::Link pipe(const std::string& name, int from, int to, double L, double D, double eps) {
  fl::Link l;
  l.name = name;
  l.from = from;
  l.to = to;
  l.pipe.length = L;
  l.pipe.diameter = D;
  l.pipe.roughness = eps;
  return l;
}

}  // namespace

TEST(LiquidAnalytic, SinglePipeHagenPoiseuille) {
  // 1 m head over 100 m of 5 mm tube, nu = 1e-6: laminar; Q = h g pi D^4 / (128 nu L)
  fl::Network n = two_tanks(1.0, 0.0);
  n.links.push_back(pipe("P", 0, 1, 100.0, 0.005, 0.0));
  const fl::Result r = fl::solve_hydraulics(n);
  const double g = 9.80665;
  const double q = 1.0 * g * M_PI * std::pow(0.005, 4) / (128 * 1e-6 * 100.0);
  const double re = 4 * q / (M_PI * 0.005 * 1e-6);
  ASSERT_LT(re, 2000.0);
  std::printf("[figure] Hagen-Poiseuille: Q %.9e vs exact %.9e, rel %.2e (Re %.0f)\n", r.flow[0], q,
              std::fabs(r.flow[0] - q) / q, re);
  EXPECT_NEAR(r.flow[0], q, 1e-9 * q);
}

TEST(LiquidAnalytic, SinglePipeTurbulentColebrook) {
  // Turbulent: at the solved Q, h = f(Re) L/D V^2/(2g) must equal the imposed 20 m with f from
  // the Colebrook equation evaluated independently.
  fl::Network n = two_tanks(20.0, 0.0);
  n.links.push_back(pipe("P", 0, 1, 200.0, 0.1, 4.5e-5));
  const fl::Result r = fl::solve_hydraulics(n);
  const double A = M_PI * 0.01 / 4, V = r.flow[0] / A, re = V * 0.1 / 1e-6;
  const double f = fl::host::friction_colebrook(re, 4.5e-4);
  const double h = f * 200.0 / 0.1 * V * V / (2 * 9.80665);
  EXPECT_GT(re, 4000);
  EXPECT_NEAR(h, 20.0, 1e-7);
}

TEST(LiquidAnalytic, ParallelPipesSplitAndEnergy) {
  // Three parallel pipes between two fixed heads with a 500 L/s... each branch must carry the flow
  // of the single-pipe solution for the same head drop; a junction in the middle ties them.
  fl::Network n = two_tanks(15.0, 0.0);
  fl::Node j;
  j.name = "J";
  n.nodes.push_back(j);
  n.links.push_back(pipe("feed", 0, 2, 10.0, 0.3, 4.5e-5));
  n.links.push_back(pipe("a", 2, 1, 300.0, 0.10, 4.5e-5));
  n.links.push_back(pipe("b", 2, 1, 200.0, 0.15, 4.5e-5));
  n.links.push_back(pipe("c", 2, 1, 500.0, 0.20, 1.5e-4));
  const fl::Result r = fl::solve_hydraulics(n);
  // continuity at J
  EXPECT_NEAR(r.flow[0], r.flow[1] + r.flow[2] + r.flow[3], 1e-12);
  // each branch: same head drop; check against its own single-pipe solution
  const double hj = r.head[2];
  for (int k = 1; k <= 3; ++k) {
    fl::Network s = two_tanks(hj, 0.0);
    fl::Link p = n.links[static_cast<std::size_t>(k)];
    p.from = 0;
    p.to = 1;
    s.links.push_back(p);
    const fl::Result rs = fl::solve_hydraulics(s);
    EXPECT_NEAR(r.flow[static_cast<std::size_t>(k)], rs.flow[0], 1e-8 * rs.flow[0]) << k;
  }
  EXPECT_LT(r.convergence.head_residual, 1e-6);
}

TEST(LiquidAnalytic, HardyCrossLoopEnergy) {
  // pipe_network_laws: around any loop the signed head losses sum to zero (Hardy Cross). A
  // 4-node square loop fed at one corner, drawn off at the opposite one.
  fl::Network n = two_tanks(30.0, 0.0);
  n.nodes.pop_back();
  for (const char* nm : {"1", "2", "3", "4"}) {
    fl::Node j;
    j.name = nm;
    n.nodes.push_back(j);
  }
  n.nodes[3].demand = 0.05;
  n.links.push_back(pipe("s", 0, 1, 50, 0.3, 4.5e-5));
  n.links.push_back(pipe("12", 1, 2, 300, 0.2, 4.5e-5));
  n.links.push_back(pipe("23", 2, 3, 300, 0.15, 4.5e-5));
  n.links.push_back(pipe("14", 1, 4, 300, 0.15, 4.5e-5));
  n.links.push_back(pipe("43", 4, 3, 300, 0.2, 4.5e-5));
  n.links.push_back(pipe("24", 2, 4, 400, 0.1, 4.5e-5));
  const fl::Result r = fl::solve_hydraulics(n);
  const double loop = r.headloss[1] + r.headloss[5] - r.headloss[3];  // 1-2-4-1
  EXPECT_NEAR(loop, 0.0, 1e-9);
  EXPECT_NEAR(r.flow[0], 0.05, 1e-12);
}
