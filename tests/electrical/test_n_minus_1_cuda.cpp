// SPDX-License-Identifier: Apache-2.0
// Backend equivalence of the batched N-1 study (STYLE.md section 7): n_minus_1(net, opt, "cuda")
// sweeps the radial islands of all cases on the device (the CUDA build of sweep_kernels.inc) and
// must give the answers of "cpu": every case's reports (overloads, voltage violations, dropped
// loads, notes) equal, and every number of every case's power flow within 1e-12 relative to that
// quantity's scale (the two builds differ only by FMA contraction; the sweep stops at max |dV| <
// 1e-12 pu). Networks: the 10 MW hall (data/scenarios/ai_hall_10mw.json) alone and as a 4-hall
// site, and the chains of networks.hpp. Skips, saying why, without a CUDA build or a device.
// Label "equivalence" (run by .ci/device-run on a GPU machine, like tests/equivalence).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "electrical/power_internal.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "networks.hpp"

namespace fe = factwin::electrical;
using namespace factwin::electrical::testnets;

namespace {

constexpr double rtol = 1e-12;

// Largest |a - b| over a quantity, against the quantity's largest |a| (its scale).
struct Diff {
  double worst = 0.0, scale = 0.0;
  void add(double a, double b) {
    if (std::isinf(a) && a == b) return;  // e.g. ride-through of an idle UPS
    worst = std::max(worst, std::abs(a - b));
    scale = std::max(scale, std::abs(a));
  }
  [[nodiscard]] double rel() const { return worst / std::max(scale, 1e-300); }
};

void compare(const fe::PowerNetwork& net) {
  SCOPED_TRACE(net.name);
  std::vector<fe::PowerFlowResult> fh, fd;
  const auto h = fe::detail::n_minus_1_batched(net, {}, "cpu", 0, &fh);
  const auto d = fe::detail::n_minus_1_batched(net, {}, "cuda", 0, &fd);
  ASSERT_EQ(h.cases.size(), d.cases.size());
  fh.push_back(h.base);
  fd.push_back(d.base);
  Diff v, ang, cur, pw, load;
  for (std::size_t c = 0; c < h.cases.size(); ++c) {
    const auto &a = h.cases[c], &b = d.cases[c];
    EXPECT_EQ(a.failed, b.failed);
    EXPECT_EQ(a.overloads, b.overloads) << a.failed;
    EXPECT_EQ(a.voltage_violations, b.voltage_violations) << a.failed;
    EXPECT_EQ(a.dropped_loads, b.dropped_loads) << a.failed;
    EXPECT_EQ(a.notes, b.notes) << a.failed;
    EXPECT_EQ(a.secure, b.secure) << a.failed;
    load.add(a.max_loading, b.max_loading);
  }
  for (std::size_t c = 0; c < fh.size(); ++c) {
    const auto &x = fh[c], &y = fd[c];
    ASSERT_EQ(x.buses.size(), y.buses.size());
    for (std::size_t i = 0; i < x.buses.size(); ++i) {
      EXPECT_EQ(x.buses[i].energised, y.buses[i].energised);
      v.add(x.buses[i].voltage_pu, y.buses[i].voltage_pu);
      ang.add(x.buses[i].angle, y.buses[i].angle);
    }
    for (std::size_t l = 0; l < x.branches.size(); ++l) {
      EXPECT_EQ(x.branches[l].energised, y.branches[l].energised);
      cur.add(x.branches[l].current, y.branches[l].current);
      pw.add(x.branches[l].p_in, y.branches[l].p_in);
      pw.add(x.branches[l].loss, y.branches[l].loss);
      load.add(x.branches[l].loading, y.branches[l].loading);
    }
    for (std::size_t s = 0; s < x.sources.size(); ++s) pw.add(x.sources[s].p, y.sources[s].p);
    pw.add(x.source_power, y.source_power);
  }
  std::printf("[figure] N-1 cuda vs cpu (%s, %zu cases): max rel. difference V %.2e, angle %.2e (abs %.2e rad), "
              "current %.2e, power %.2e, loading %.2e\n",
              net.name.c_str(), h.cases.size(), v.rel(), ang.rel(), ang.worst, cur.rel(), pw.rel(), load.rel());
  EXPECT_LE(v.rel(), rtol);
  EXPECT_LE(ang.worst, rtol);  // angles are small: absolute [rad]
  EXPECT_LE(cur.rel(), rtol);
  EXPECT_LE(pw.rel(), rtol);
  EXPECT_LE(load.rel(), rtol);
}

fe::PowerNetwork hall() {
  return factwin::io::load_facility(std::string(FACTWIN_DATA_DIR) + "/scenarios/ai_hall_10mw.json").power;
}

}  // namespace

#define FACTWIN_SKIP_WITHOUT_DEVICE()                                                                 \
  do {                                                                                                \
    if (!factwin::Executor::cuda_compiled())                                                          \
      GTEST_SKIP() << "this build has no CUDA backend (FACTWIN_ENABLE_CUDA=OFF)";                     \
    if (factwin::Executor::device_count() == 0)                                                       \
      GTEST_SKIP() << "no CUDA device: " << factwin::Executor::no_device_reason();                    \
  } while (0)

TEST(NMinus1Cuda, TenMegawattHallMatchesCpu) {
  FACTWIN_SKIP_WITHOUT_DEVICE();
  compare(hall());
}

TEST(NMinus1Cuda, FourHallSiteMatchesCpu) {
  FACTWIN_SKIP_WITHOUT_DEVICE();
  fe::PowerNetwork site = replicated(hall(), 4);
  site.name = "4 x 10 MW hall";
  compare(site);
}

TEST(NMinus1Cuda, TestNetworksMatchCpu) {
  FACTWIN_SKIP_WITHOUT_DEVICE();
  for (const auto& n : {two_n(48, 25e3, 1.0e6), two_n(30, 25e3, 1.0e6), n_plus_1(), block_redundant(), ring_main(),
                        weak_feeder_mesh()})
    compare(n);
}
