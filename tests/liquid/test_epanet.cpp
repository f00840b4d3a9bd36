// SPDX-License-Identifier: Apache-2.0
// EPANET Example Network 1 at t = 0 (validation, issue 6 item 3).
// Reference: data/validation/epanet/net1_hw_{links,nodes}.csv, EPANET 2.2 output for Net1.inp
// (OpenWaterAnalytics/EPANET example-networks, commit 473b87d), verified by the collector against
// EPANET's own test suite; copied from shared/validation/epanet_net1/. Tolerance: 0.1 % (issue 6).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "factwin/io/epanet.hpp"
#include "liquid/liquid_test_support.hpp"
#include "test_support.hpp"

namespace fl = factwin::liquid;
using factwin::testing::read_csv;

namespace {

const std::string dir = std::string(FACTWIN_DATA_DIR) + "/validation/epanet/";

struct Errors {
  double flow = 0, head = 0;
  std::string worst_flow, worst_head;
};

Errors compare(const fl::EpanetModel& m, const fl::Result& r, const std::string& links_csv,
               const std::string& nodes_csv, double flow_floor_gpm) {
  Errors e;
  const double ft = m.length_to_si, q = m.flow_to_si;
  int nl = 0, nn = 0;
  for (const auto& row : read_csv(dir + links_csv)) {
    if (row.at("time_s") != "0") continue;
    const int k = m.network.link_index(row.at("link_id"));
    EXPECT_GE(k, 0) << row.at("link_id");
    if (k < 0) continue;
    const double ref = std::stod(row.at("flow_gpm"));
    const double got = r.flow[static_cast<std::size_t>(k)] / q;
    if (std::fabs(ref) < flow_floor_gpm) {
      EXPECT_LT(std::fabs(got), 1e-2) << "dead-end link " << row.at("link_id");
      continue;
    }
    const double rel = std::fabs(got - ref) / std::fabs(ref);
    if (rel > e.flow) {
      e.flow = rel;
      e.worst_flow = row.at("link_id");
    }
    ++nl;
  }
  for (const auto& row : read_csv(dir + nodes_csv)) {
    if (row.at("time_s") != "0") continue;
    const int k = m.network.node_index(row.at("node_id"));
    EXPECT_GE(k, 0);
    if (k < 0) continue;
    const double ref = std::stod(row.at("head_ft"));
    const double got = r.head[static_cast<std::size_t>(k)] / ft;
    const double rel = std::fabs(got - ref) / std::fabs(ref);
    if (rel > e.head) {
      e.head = rel;
      e.worst_head = row.at("node_id");
    }
    ++nn;
  }
  EXPECT_GT(nl, 0);
  EXPECT_GT(nn, 0);
  return e;
}

}  // namespace

TEST(EpanetNet1, HazenWilliamsT0FlowsAndHeadsWithinPointOnePercent) {
  const fl::EpanetModel m = fl::load_epanet(dir + "Net1.inp");
  ASSERT_EQ(m.network.nodes.size(), 11u);
  ASSERT_EQ(m.network.links.size(), 13u);
  const fl::Result r = fl::solve_hydraulics(m.network);
  const Errors e = compare(m, r, "net1_hw_links.csv", "net1_hw_nodes.csv", 0.0);
  std::printf("[figure] Net1 H-W t=0: max rel flow error %.3e (link %s), max rel head error %.3e (node %s), "
              "%d GGA iterations, flow change %.2e, head residual %.2e m\n",
              e.flow, e.worst_flow.c_str(), e.head, e.worst_head.c_str(), r.convergence.iterations,
              r.convergence.flow_change, r.convergence.head_residual);
  EXPECT_LT(e.flow, 1e-3);
  EXPECT_LT(e.head, 1e-3);
  EXPECT_LT(r.convergence.continuity_residual, 1e-9);
}

TEST(EpanetNet1, DarcyWeisbachVariantT0) {
  // Reference: net1_dw_variant_*.csv (EPANET 2.2, COMPUTED, not published): same tolerance.
  const fl::EpanetModel m = fl::load_epanet(dir + "Net1_DW_variant.inp");
  const fl::Result r = fl::solve_hydraulics(m.network);
  const Errors e = compare(m, r, "net1_dw_variant_links.csv", "net1_dw_variant_nodes.csv", 0.0);
  std::printf("[figure] Net1 D-W t=0: max rel flow error %.3e (link %s), max rel head error %.3e (node %s)\n", e.flow,
              e.worst_flow.c_str(), e.head, e.worst_head.c_str());
  EXPECT_LT(e.flow, 1e-3);
  EXPECT_LT(e.head, 1e-3);
}

TEST(EpanetNet1, DarcyWeisbachPump9ClosedFailureCase) {
  // Reference: epanet_more/net1_dw_pump9closed_t0_*.csv (EPANET 2.2, COMPUTED). README there: the
  // solver must not fail although reservoir 9 is isolated, the closed pump carries no flow, dead-end
  // pipe 10 has |Q| < 1e-2 GPM and junctions 10 and 11 have equal heads.
  const fl::EpanetModel m = fl::load_epanet(dir + "Net1_DW_pump9closed.inp");
  const fl::Result r = fl::solve_hydraulics(m.network);
  const Errors e = compare(m, r, "net1_dw_pump9closed_t0_links.csv", "net1_dw_pump9closed_t0_nodes.csv", 1e-2);
  std::printf("[figure] Net1 D-W pump 9 closed t=0: max rel flow error %.3e, max rel head error %.3e\n", e.flow,
              e.head);
  EXPECT_LT(e.flow, 1e-3);
  EXPECT_LT(e.head, 1e-3);
  const auto pump = static_cast<std::size_t>(m.network.link_index("9"));
  EXPECT_EQ(r.flow[pump], 0.0);
  EXPECT_NEAR(r.head[static_cast<std::size_t>(m.network.node_index("10"))],
              r.head[static_cast<std::size_t>(m.network.node_index("11"))], 1e-6);
}

TEST(EpanetReader, ErrorsAreLocated) {
  using factwin::testing::expect_input_error;
  const std::string base = "[JUNCTIONS]\n 1 10 5\n[RESERVOIRS]\n R 100\n[PIPES]\n";
  // unknown node in [PIPES], line 6
  std::string msg = expect_input_error([&] { (void)fl::parse_epanet(base + " P1 R 2 100 12 100\n", "x.inp"); },
                                       "FW-E0621", "[PIPES]", 6);
  EXPECT_NE(msg.find("x.inp"), std::string::npos) << msg;
  expect_input_error([&] { (void)fl::parse_epanet(base + " P1 R 1 100 abc 100\n", "x.inp"); }, "FW-E0620",
                     "[PIPES]", 6);
  expect_input_error([&] { (void)fl::parse_epanet(base + " P1 R 1 100 0 100\n", "x.inp"); }, "FW-E0601",
                     "[PIPES]", 6);
  expect_input_error([&] { (void)fl::parse_epanet(base + " P1 R 1\n", "x.inp"); }, "FW-E0620", "[PIPES]", 6);
  expect_input_error([&] { (void)fl::parse_epanet(" 1 2 3\n", "x.inp"); }, "FW-E0620", "", 1);
  expect_input_error(
      [&] { (void)fl::parse_epanet(base + " P1 R 1 100 12 100\n[PUMPS]\n U R 1 HEAD 7\n", "x.inp"); },
      "FW-E0621", "[PUMPS]", 8);
  expect_input_error([&] { (void)fl::parse_epanet(base + "[OPTIONS]\n Headloss C-M\n", "x.inp"); }, "FW-E0622",
                     "[OPTIONS]");
  expect_input_error([&] { (void)fl::load_epanet(dir + "does_not_exist.inp"); }, "FW-E0100", "");
}
