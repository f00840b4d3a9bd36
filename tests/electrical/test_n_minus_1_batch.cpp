// SPDX-License-Identifier: Apache-2.0
// The batched N-1 study (docs/electrical.md section 3): every contingency case is set up on the
// host, and the radial islands of all cases are swept in one launch per UPS level. Its answers
// must equal the reference evaluation (one solve_power_flow per modified copy of the network,
// case by case: the previous serial N-1) bit for bit: every case solves the same arithmetic, the
// batch only shares the launches. Networks: the 10 MW hall of data/scenarios/ai_hall_10mw.json
// (read with the scenario reader, as benchmarks/bench_electrical.cpp does) and the chains of
// networks.hpp (2N, N+1, block redundant, a meshed ring main, a meshed weak feeder).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "electrical/power_internal.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "networks.hpp"

namespace fe = factwin::electrical;
using namespace factwin::electrical::testnets;

namespace {

fe::PowerNetwork hall() {
  return factwin::io::load_facility(std::string(FACTWIN_DATA_DIR) + "/scenarios/ai_hall_10mw.json").power;
}

// Every reported item of a case, exactly.
void expect_same_case(const fe::ContingencyResult& a, const fe::ContingencyResult& b) {
  SCOPED_TRACE("case " + a.failed);
  EXPECT_EQ(a.failed, b.failed);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.overloads, b.overloads);
  EXPECT_EQ(a.voltage_violations, b.voltage_violations);
  EXPECT_EQ(a.dropped_loads, b.dropped_loads);
  EXPECT_EQ(a.notes, b.notes);
  EXPECT_EQ(a.unserved_power, b.unserved_power);
  EXPECT_EQ(a.max_loading, b.max_loading);
  EXPECT_EQ(a.secure, b.secure);
}

// Every number of a solved power flow, exactly (bit for bit).
void expect_same_flow(const fe::PowerFlowResult& a, const fe::PowerFlowResult& b, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(a.buses.size(), b.buses.size());
  for (std::size_t i = 0; i < a.buses.size(); ++i) {
    EXPECT_EQ(a.buses[i].energised, b.buses[i].energised) << a.buses[i].name;
    EXPECT_EQ(a.buses[i].voltage, b.buses[i].voltage) << a.buses[i].name;
    EXPECT_EQ(a.buses[i].voltage_pu, b.buses[i].voltage_pu) << a.buses[i].name;
    EXPECT_EQ(a.buses[i].angle, b.buses[i].angle) << a.buses[i].name;
  }
  ASSERT_EQ(a.branches.size(), b.branches.size());
  for (std::size_t l = 0; l < a.branches.size(); ++l) {
    const auto &x = a.branches[l], &y = b.branches[l];
    EXPECT_EQ(x.energised, y.energised) << x.name;
    EXPECT_EQ(x.in_service, y.in_service) << x.name;
    EXPECT_EQ(x.current, y.current) << x.name;
    EXPECT_EQ(x.p_in, y.p_in) << x.name;
    EXPECT_EQ(x.p_out, y.p_out) << x.name;
    EXPECT_EQ(x.q_in, y.q_in) << x.name;
    EXPECT_EQ(x.loss, y.loss) << x.name;
    EXPECT_EQ(x.loading, y.loading) << x.name;
    EXPECT_EQ(x.voltage_drop, y.voltage_drop) << x.name;
    EXPECT_EQ(x.ride_through, y.ride_through) << x.name;
  }
  ASSERT_EQ(a.loads.size(), b.loads.size());
  for (std::size_t i = 0; i < a.loads.size(); ++i) {
    EXPECT_EQ(a.loads[i].served, b.loads[i].served) << a.loads[i].name;
    EXPECT_EQ(a.loads[i].p_ac, b.loads[i].p_ac) << a.loads[i].name;
    EXPECT_EQ(a.loads[i].supply_share, b.loads[i].supply_share) << a.loads[i].name;
  }
  ASSERT_EQ(a.sources.size(), b.sources.size());
  for (std::size_t s = 0; s < a.sources.size(); ++s) {
    EXPECT_EQ(a.sources[s].in_service, b.sources[s].in_service) << a.sources[s].name;
    EXPECT_EQ(a.sources[s].p, b.sources[s].p) << a.sources[s].name;
    EXPECT_EQ(a.sources[s].q, b.sources[s].q) << a.sources[s].name;
    EXPECT_EQ(a.sources[s].loading, b.sources[s].loading) << a.sources[s].name;
  }
  EXPECT_EQ(a.source_power, b.source_power);
  EXPECT_EQ(a.distribution_loss, b.distribution_loss);
  EXPECT_EQ(a.unserved_power, b.unserved_power);
  EXPECT_EQ(a.heat_by_room, b.heat_by_room);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.islands_radial, b.islands_radial);
  EXPECT_EQ(a.islands_meshed, b.islands_meshed);
}

// The batched host study against the case-by-case reference: reports and full power flows.
void expect_batch_equals_reference(const fe::PowerNetwork& net, std::size_t cases_per_batch = 0) {
  std::vector<fe::PowerFlowResult> flows_b, flows_r;
  const auto b = fe::detail::n_minus_1_batched(net, {}, "cpu", cases_per_batch, &flows_b);
  const auto r = fe::detail::n_minus_1_reference(net, {}, &flows_r);
  ASSERT_EQ(b.cases.size(), r.cases.size());
  ASSERT_EQ(flows_b.size(), b.cases.size());
  ASSERT_EQ(flows_r.size(), r.cases.size());
  expect_same_flow(b.base, r.base, net.name + ": base");
  for (std::size_t c = 0; c < b.cases.size(); ++c) {
    expect_same_case(b.cases[c], r.cases[c]);
    expect_same_flow(flows_b[c], flows_r[c], net.name + ": case " + r.cases[c].failed);
  }
}

}  // namespace

TEST(NMinus1Batch, TenMegawattHallEqualsSerialReference) {
  const fe::PowerNetwork n = hall();
  expect_batch_equals_reference(n);
  // the figures of docs/electrical.md section 7: 70 cases, all secure, highest loading 0.908
  const auto s = fe::n_minus_1(n);
  EXPECT_EQ(s.cases.size(), 70u);
  EXPECT_TRUE(s.secure());
  double worst = 0.0;
  for (const auto& c : s.cases) worst = std::max(worst, c.max_loading);
  EXPECT_NEAR(worst, 0.908, 5e-4);
}

TEST(NMinus1Batch, TestNetworksEqualSerialReference) {
  for (const auto& n : {two_n(48, 25e3, 1.0e6), two_n(30, 25e3, 1.0e6), two_n(4, 25e3, 1.0e6), n_plus_1(),
                        block_redundant(), ring_main(), weak_feeder_mesh()})
    expect_batch_equals_reference(n);
}

// The batch size changes only how many cases share a launch: one case per batch, a few, or all
// give the same answers (a 3-hall site: cases of every UPS level spread over several batches).
TEST(NMinus1Batch, AnswersDoNotDependOnTheBatchSize) {
  const fe::PowerNetwork site = replicated(two_n(12, 25e3, 1.0e6), 3);
  for (std::size_t per : {1u, 2u, 7u, 1000u}) {
    SCOPED_TRACE("cases per batch " + std::to_string(per));
    expect_batch_equals_reference(site, per);
  }
  const auto a = fe::n_minus_1(site), b = fe::detail::n_minus_1_batched(site, {}, "host", 5, nullptr);
  ASSERT_EQ(a.cases.size(), b.cases.size());
  for (std::size_t c = 0; c < a.cases.size(); ++c) expect_same_case(a.cases[c], b.cases[c]);
}

// "host-debug" runs the device code path on the CPU: the packed sweep inputs are uploaded to
// separate Buffers, the host build of the kernel sweeps them there, and the results come back by
// explicit downloads into arrays poisoned with NaN before each download. Same arithmetic, so the
// answers equal "host" bit for bit: the full power flow of every case, batched or not.
TEST(NMinus1Batch, HostDebugEqualsHostBitForBit) {
  for (const auto& n : {hall(), two_n(48, 25e3, 1.0e6), two_n(4, 25e3, 1.0e6), n_plus_1(), block_redundant(),
                        ring_main(), weak_feeder_mesh(), replicated(two_n(12, 25e3, 1.0e6), 3)}) {
    for (std::size_t per : {0u, 3u}) {
      SCOPED_TRACE(n.name + ", cases per batch " + std::to_string(per));
      std::vector<fe::PowerFlowResult> flows_h, flows_d;
      const auto h = fe::detail::n_minus_1_batched(n, {}, "host", per, &flows_h);
      const auto d = fe::detail::n_minus_1_batched(n, {}, "host-debug", per, &flows_d);
      ASSERT_EQ(h.cases.size(), d.cases.size());
      ASSERT_EQ(flows_h.size(), flows_d.size());
      expect_same_flow(h.base, d.base, n.name + ": base");
      for (std::size_t c = 0; c < h.cases.size(); ++c) {
        expect_same_case(h.cases[c], d.cases[c]);
        expect_same_flow(flows_h[c], flows_d[c], n.name + ": case " + h.cases[c].failed);
      }
    }
  }
  const fe::PowerNetwork n = two_n(4, 25e3, 1.0e6);
  const auto a = fe::n_minus_1(n, {}, "host"), b = fe::n_minus_1(n, {}, "host-debug");
  ASSERT_EQ(a.cases.size(), b.cases.size());
  for (std::size_t c = 0; c < a.cases.size(); ++c) expect_same_case(a.cases[c], b.cases[c]);
}

// A case that does not converge names the failed component: two weak feeders (0.1 pu each) share
// a 3 MW load; one out, the other must carry more than its transfer limit 1/(4R) = 2.5 pu.
TEST(NMinus1Batch, NonConvergingCaseIsNamed) {
  fe::PowerNetwork n;
  n.name = "weak dual feed";
  n.buses = {{"S", 400.0, ""}, {"A", 400.0, ""}, {"B", 400.0, ""}};
  n.sources = {utility("U", "S", 10e6)};
  // 0.1 pu on 1 MVA, 400 V: 0.016 ohm
  n.branches = {cable("FEED-A", "S", "A", 0.016 / 100.0, 0.0, 100.0, 1e5),
                cable("FEED-B", "S", "B", 0.016 / 100.0, 0.0, 100.0, 1e5)};
  n.loads = {it_load("rows", {"A", "B"}, 3e6, 0.0)};
  n.loads[0].power_factor = 1.0;
  const auto base = fe::solve_power_flow(n);
  EXPECT_NEAR(base.buses[1].voltage_pu, 0.5 * (1.0 + std::sqrt(1.0 - 0.6)), 1e-9);  // V^2 - V + 0.15 = 0
  try {
    (void)fe::n_minus_1(n);
    ADD_FAILURE() << "expected ConvergenceError";
  } catch (const factwin::ConvergenceError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("N-1 case with 'FEED-A' out of service"), std::string::npos) << msg;
    EXPECT_NE(msg.find("island of bus 'S'"), std::string::npos) << msg;
  }
  EXPECT_THROW((void)fe::detail::n_minus_1_reference(n, {}), factwin::ConvergenceError);
}

TEST(NMinus1Batch, BackendNames) {
  const fe::PowerNetwork n = two_n(4, 25e3, 1.0e6);
  const auto cpu = fe::n_minus_1(n, {}, "cpu");
  const auto host = fe::n_minus_1(n, {}, "host");
  ASSERT_EQ(cpu.cases.size(), host.cases.size());
  for (std::size_t c = 0; c < cpu.cases.size(); ++c) expect_same_case(cpu.cases[c], host.cases[c]);
  EXPECT_THROW((void)fe::n_minus_1(n, {}, "gpu"), std::invalid_argument);
}

// The "cuda" backend: NotCompiled in a build without CUDA, DeviceError in a CUDA build on a machine
// without a device, both saying what to use instead; with a device it runs (its equivalence with
// "cpu" is NMinus1Cuda.* in test_n_minus_1_cuda.cpp).
TEST(NMinus1Batch, CudaBackendNeedsCudaBuildAndDevice) {
  const fe::PowerNetwork n = two_n(4, 25e3, 1.0e6);
  if (!factwin::Executor::cuda_compiled()) {
    try {
      (void)fe::n_minus_1(n, {}, "cuda");
      ADD_FAILURE() << "expected NotCompiled";
    } catch (const factwin::NotCompiled& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("N-1"), std::string::npos) << msg;
      EXPECT_NE(msg.find("no CUDA backend"), std::string::npos) << msg;
      EXPECT_NE(msg.find("\"cpu\""), std::string::npos) << msg;
    }
  } else if (factwin::Executor::device_count() == 0) {
    EXPECT_THROW((void)fe::n_minus_1(n, {}, "cuda"), factwin::DeviceError);
  } else {
    EXPECT_EQ(fe::n_minus_1(n, {}, "cuda").cases.size(), fe::n_minus_1(n).cases.size());
  }
}
