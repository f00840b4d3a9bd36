// SPDX-License-Identifier: Apache-2.0
// Batched GGA link coefficients (link_batch_kernels.inc): the batch equals the scalar kernel bit
// for bit on the host, and the CUDA build agrees with the host build (skipped with the reason when
// this build or machine has no device). Entries cover every law: laminar, transitional and
// turbulent Darcy (Colebrook and Swamee-Jain), Hazen-Williams, pumps (forward and reverse),
// quadratic drops, fixed flow and closed links.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "core/buffer.hpp"
#include "factwin/core/exec.hpp"
#include "liquid/kernels/link_batch_args.hpp"
#include "liquid/liquid_backend.hpp"
#include "liquid/link_host.hpp"

namespace fl = factwin::liquid;

namespace {
struct Entries {
  std::vector<fl::LinkArgs> args;
  std::vector<double> q;
};

Entries make_entries(unsigned seed, int n) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Entries e;
  for (int i = 0; i < n; ++i) {
    fl::LinkArgs a;
    const int law = i % 7;
    double q = 0;
    if (law <= 1) {  // Darcy pipes from laminar to turbulent
      a.law = fl::law_darcy;
      a.friction = law;
      a.length = 1 + 200 * u(rng);
      a.diameter = 0.01 + 0.3 * u(rng);
      a.roughness = 1e-6 + 1e-4 * u(rng);
      a.minor_k = 2 * u(rng);
      a.nu = 1e-6;
      q = (u(rng) - 0.3) * 0.05 * a.diameter * a.diameter * std::pow(10.0, 3 * u(rng) - 2);
    } else if (law == 2) {
      a.law = fl::law_hazen;
      a.length = 10 + 500 * u(rng);
      a.diameter = 0.05 + 0.3 * u(rng);
      a.hw_c = 100 + 40 * u(rng);
      q = (u(rng) - 0.3) * 0.1;
    } else if (law == 3) {
      a.law = fl::law_pump;
      a.h0 = 30 + 20 * u(rng);
      a.n = 2;
      a.r = 1e4 * (1 + u(rng));
      a.speed = 0.6 + 0.4 * u(rng);
      q = (u(rng) - 0.2) * 0.05;
    } else if (law == 4) {
      a.law = fl::law_quadratic;
      a.a = 100 * u(rng);
      a.b = 1e6 * u(rng);
      q = (u(rng) - 0.5) * 0.01;
    } else if (law == 5) {
      a.law = fl::law_fixed_flow;
      a.setpoint = 0.01;
      q = 0.01;
    } else {
      a.law = fl::law_closed;
    }
    e.args.push_back(a);
    e.q.push_back(q);
  }
  return e;
}
}  // namespace

TEST(LinkBatch, HostBatchEqualsScalarKernelBitForBit) {
  const Entries e = make_entries(42, 20000);  // above the OpenMP threshold: runs threaded
  std::vector<double> p(e.q.size()), y(e.q.size());
  fl::LinkBatchArgs a;
  a.n = static_cast<factwin::index_t>(e.q.size());
  a.args = e.args.data();
  a.q = e.q.data();
  a.p = p.data();
  a.y = y.data();
  fl::host_api::gga_coefficients_batch(a);
  int finite = 0;
  for (std::size_t i = 0; i < e.q.size(); ++i) {
    double ps = 0, ys = 0;
    fl::host::gga_link_coefficients(e.args[i], e.q[i], &ps, &ys);
    ASSERT_EQ(ps, p[i]) << "entry " << i << " law " << e.args[i].law;
    ASSERT_EQ(ys, y[i]) << "entry " << i;
    finite += std::isfinite(p[i]) && p[i] > 0 ? 1 : 0;
  }
  EXPECT_GT(finite, 14000);  // 5 of 7 laws give a conductance; closed/fixed-flow give 0
}

// Backend equivalence (STYLE.md section 7): element-wise kernel; the builds differ only by FMA
// contraction and the device math library (log10, pow: <= 2 ulp); tolerance 1e-12 relative.
TEST(LinkBatch, CudaMatchesHost) {
  if (!factwin::Executor::cuda_compiled()) GTEST_SKIP() << "this build has no CUDA backend (FACTWIN_ENABLE_CUDA=OFF)";
  if (factwin::Executor::device_count() == 0)
    GTEST_SKIP() << "no CUDA device: " << factwin::Executor::no_device_reason();
  const Entries e = make_entries(7, 100000);
  const auto n = static_cast<factwin::index_t>(e.q.size());
  std::vector<double> ph(e.q.size()), yh(e.q.size());
  fl::LinkBatchArgs h;
  h.n = n;
  h.args = e.args.data();
  h.q = e.q.data();
  h.p = ph.data();
  h.y = yh.data();
  fl::host_api::gga_coefficients_batch(h);
  factwin::Buffer<fl::LinkArgs> args(e.args, true);
  factwin::Buffer<double> q(e.q, true), p(n, true), y(n, true);
  fl::LinkBatchArgs d;
  d.n = n;
  d.args = args.data();
  d.q = q.data();
  d.p = p.data();
  d.y = y.data();
  fl::cuda_api::gga_coefficients_batch(d);
  const auto pd = p.to_host(), yd = y.to_host();
  double worst = 0;
  for (std::size_t i = 0; i < pd.size(); ++i) {
    // a NaN on one side only must fail (std::max would drop it)
    if (std::isfinite(pd[i]) != std::isfinite(ph[i]) || std::isfinite(yd[i]) != std::isfinite(yh[i])) {
      ADD_FAILURE() << "entry " << i << ": device p " << pd[i] << ", y " << yd[i] << " vs host p " << ph[i] << ", y " << yh[i];
      break;
    }
    worst = std::max(worst, std::fabs(pd[i] - ph[i]) / std::max(std::fabs(ph[i]), 1e-300));
    // y = p h(q) ~ q for the smooth laws; h cancels near a pump's shut-off flow, so y is compared
    // relative to max(|y|, |q|)
    worst = std::max(worst, std::fabs(yd[i] - yh[i]) / std::max({std::fabs(yh[i]), std::fabs(e.q[i]), 1e-300}));
  }
  std::printf("[figure] link batch cuda vs host: max relative difference %.2e over %lld entries\n", worst,
              static_cast<long long>(n));
  EXPECT_LT(worst, 1e-12);
}
