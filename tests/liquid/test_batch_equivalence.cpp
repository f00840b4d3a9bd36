// SPDX-License-Identifier: Apache-2.0
// Backend equivalence of the batched liquid studies (STYLE.md section 7, docs/liquid.md section 6):
// the lockstep driver with the CUDA build of the batched kernels ("cuda") gives, member by member,
// the answers of the independent CPU solves ("cpu", the reference) and of the same driver with the
// host build of the kernels ("cpu-batched"), on the 1 MW pod's N-1 set and on a 512-member
// parameter sweep of it (batch_test_support.hpp). Tolerance 1e-9 relative, as for the host leg:
// the device build differs by FMA contraction and the device math library (link kernel: <= 1e-12,
// test_link_batch.cpp). Skipped, with the reason, when this build or machine has no CUDA device.
#include <gtest/gtest.h>

#include <string>

#include "factwin/core/exec.hpp"
#include "factwin/liquid/network.hpp"
#include "liquid/batch_test_support.hpp"

namespace fl = factwin::liquid;
using factwin::testing::BatchDeviation;
using factwin::testing::compare_batches;
using factwin::testing::pod_network;
using factwin::testing::pod_sweep;

namespace {
void skip_without_device() {
  if (!factwin::Executor::cuda_compiled()) GTEST_SKIP() << "this build has no CUDA backend (FACTWIN_ENABLE_CUDA=OFF)";
  if (factwin::Executor::device_count() == 0)
    GTEST_SKIP() << "no CUDA device: " << factwin::Executor::no_device_reason();
}
}  // namespace

TEST(LiquidBatchCuda, PodNMinus1MatchesCpu) {
  skip_without_device();
  if (::testing::Test::IsSkipped()) return;
  const fl::Network base = pod_network();
  const auto variants = fl::n_minus_1_variants(base);
  const auto gpu = fl::solve_batch(base, variants, "cuda");
  const BatchDeviation d = compare_batches(fl::solve_batch(base, variants, "cpu"), gpu, 1e-9);
  d.print("pod N-1, cuda vs cpu");
  compare_batches(fl::solve_batch(base, variants, "cpu-batched"), gpu, 1e-9).print("pod N-1, cuda vs cpu-batched");
}

TEST(LiquidBatchCuda, PodSweepMatchesCpu) {
  skip_without_device();
  if (::testing::Test::IsSkipped()) return;
  const fl::Network base = pod_network();
  const auto variants = pod_sweep(base, 512, 5);
  const auto gpu = fl::solve_batch(base, variants, "cuda");
  compare_batches(fl::solve_batch(base, variants, "cpu"), gpu, 1e-9).print("pod sweep (512), cuda vs cpu");
  compare_batches(fl::solve_batch(base, variants, "cpu-batched"), gpu, 1e-9).print("pod sweep (512), cuda vs cpu-batched");
}
