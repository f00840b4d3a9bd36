// SPDX-License-Identifier: Apache-2.0
// Batched N-1 study of the 1 MW pod (data/scenarios/pod_1mw_liquid.json): every pump, CDU and
// valve failed in turn. Backend equivalence: the batch gives the same answers as one-by-one solves;
// the CUDA leg skips when this build or machine has no device.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "factwin/core/exec.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "factwin/liquid/network.hpp"

namespace fl = factwin::liquid;

namespace {
fl::Network pod() {
  const auto s = factwin::io::load_scenario(std::string(FACTWIN_DATA_DIR) + "/scenarios/pod_1mw_liquid.json");
  return *s.liquid;
}
}  // namespace

TEST(LiquidBatch, PodNMinus1OnCpuMatchesSequentialSolves) {
  const fl::Network base = pod();
  const auto variants = fl::n_minus_1_variants(base);
  // 4 pumps + 2 CDUs + 10 valves
  EXPECT_EQ(variants.size(), 16u);
  const auto batch = fl::solve_batch(base, variants, "cpu");
  ASSERT_EQ(batch.size(), variants.size());
  for (std::size_t i = 0; i < variants.size(); ++i) {
    SCOPED_TRACE(variants[i].name);
    const auto& m = batch[i];
    ASSERT_TRUE(m.ok) << m.error;
    const fl::Result r = fl::solve(fl::apply_variant(base, variants[i]));
    ASSERT_EQ(r.flow.size(), m.result.flow.size());
    for (std::size_t l = 0; l < r.flow.size(); ++l) EXPECT_EQ(r.flow[l], m.result.flow[l]);
    for (std::size_t k = 0; k < r.temperature.size(); ++k) EXPECT_EQ(r.temperature[k], m.result.temperature[k]);
    EXPECT_LT(m.result.convergence.energy_residual, 1e-6);
  }
  // N+1: with either CDU failed, the other carries the whole load and all plates stay in limits
  for (const auto& m : batch) {
    if (m.name.rfind("CDU", 0) != 0 && m.name.find("pump") == std::string::npos) continue;
    for (const auto& c : m.result.cold_plates) EXPECT_LT(c.case_temperature, c.case_limit) << m.name;
  }
}

TEST(LiquidBatch, CudaLegSkipsWithoutDevice) {
  const fl::Network base = pod();
  const auto variants = fl::n_minus_1_variants(base);
  if (factwin::Executor::device_count() == 0) GTEST_SKIP() << "no CUDA device";
  try {
    const auto gpu = fl::solve_batch(base, variants, "cuda");
    const auto cpu = fl::solve_batch(base, variants, "cpu");
    for (std::size_t i = 0; i < cpu.size(); ++i)
      for (std::size_t l = 0; l < cpu[i].result.flow.size(); ++l)
        EXPECT_NEAR(gpu[i].result.flow[l], cpu[i].result.flow[l], 1e-10 * (1 + std::fabs(cpu[i].result.flow[l])));
  } catch (const factwin::NotCompiled& e) {
    GTEST_SKIP() << e.what();
  }
}

TEST(LiquidBatch, CudaWithoutBackendIsNotCompiled) {
  if (factwin::Executor::device_count() > 0) GTEST_SKIP() << "a device is present";
  EXPECT_THROW((void)fl::solve_batch(pod(), {}, "cuda"), factwin::NotCompiled);
}
