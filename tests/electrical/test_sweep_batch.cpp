// SPDX-License-Identifier: Apache-2.0
// Batched backward/forward sweep (sweep_kernels.inc, docs/electrical.md Eq. E-9): many radial
// cases, one per thread. Checks: each case of a batch equals the same case run alone (bit for
// bit), the .inc built again in namespace `testing` equals the host build (bit for bit), the
// solution satisfies KCL and the branch equations, and the CUDA build agrees with the host build
// (skipped with the reason when this build or machine has no device).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/buffer.hpp"
#include "core/launch_host.hpp"
#include "electrical/kernels/sweep_args.hpp"
#include "electrical/power_backend.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"

namespace factwin::electrical::testing {
using std::sqrt;
}  // namespace factwin::electrical::testing
#define FACTWIN_BACKEND_NS testing
#define FACTWIN_EXEC ::factwin::host::Exec
#include "electrical/kernels/power_kernels.inc"
#include "electrical/kernels/sweep_kernels.inc"
#undef FACTWIN_EXEC
#undef FACTWIN_BACKEND_NS

namespace fe = factwin::electrical;

namespace {

/// Random radial trees (seeded): each bus hangs from an earlier one, cable-like impedances and
/// loads of a few kW..MW on a 1 MVA base.
struct Batch {
  std::vector<int> start{0}, parent;
  std::vector<double> zr, zi, p, q, vr, vi, ir, ii, dv;
  std::vector<int> it;
  void add_case(std::mt19937& rng, int n) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int h = 0; h < n; ++h) {
      parent.push_back(h == 0 ? -1 : static_cast<int>(u(rng) * h));
      zr.push_back(h == 0 ? 0.0 : 1e-4 + 2e-3 * u(rng));
      zi.push_back(h == 0 ? 0.0 : 1e-4 + 1e-3 * u(rng));
      p.push_back(h == 0 ? 0.0 : 0.02 * u(rng));
      q.push_back(h == 0 ? 0.0 : 0.005 * u(rng));
      vr.push_back(1.0);
      vi.push_back(0.0);
      ir.push_back(0.0);
      ii.push_back(0.0);
    }
    start.push_back(start.back() + n);
    it.push_back(0);
    dv.push_back(0.0);
  }
  fe::SweepBatchArgs args() {
    fe::SweepBatchArgs a;
    a.ncase = static_cast<factwin::index_t>(it.size());
    a.start = start.data();
    a.parent = parent.data();
    a.zr = zr.data();
    a.zi = zi.data();
    a.p = p.data();
    a.q = q.data();
    a.vr = vr.data();
    a.vi = vi.data();
    a.ir = ir.data();
    a.ii = ii.data();
    a.iterations = it.data();
    a.last_dv = dv.data();
    return a;
  }
};

Batch make_batch(unsigned seed, int ncase) {
  std::mt19937 rng(seed);
  Batch b;
  for (int c = 0; c < ncase; ++c) b.add_case(rng, 2 + static_cast<int>(rng() % 300));
  return b;
}

}  // namespace

TEST(SweepBatch, EachCaseEqualsItsOwnRunAndSatisfiesKirchhoff) {
  const unsigned seed = 20261201;
  Batch all = make_batch(seed, 64);
  fe::host_api::sweep_batch(all.args());
  std::mt19937 rng(seed);
  for (int c = 0; c < 64; ++c) {
    SCOPED_TRACE("case " + std::to_string(c) + " (seed " + std::to_string(seed) + ")");
    Batch one;
    one.add_case(rng, 2 + static_cast<int>(rng() % 300));
    fe::host_api::sweep_batch(one.args());
    ASSERT_GT(all.it[static_cast<std::size_t>(c)], 0);
    EXPECT_EQ(one.it[0], all.it[static_cast<std::size_t>(c)]);
    const int s = all.start[static_cast<std::size_t>(c)];
    const int n = one.start[1];
    ASSERT_EQ(n, all.start[static_cast<std::size_t>(c) + 1] - s);
    std::vector<double> kcl_r(static_cast<std::size_t>(n), 0.0), kcl_i(static_cast<std::size_t>(n), 0.0);
    double worst_kcl = 0, worst_ohm = 0;
    for (int h = 0; h < n; ++h) {
      const auto k = static_cast<std::size_t>(h), g = static_cast<std::size_t>(s + h);
      EXPECT_EQ(one.vr[k], all.vr[g]);
      EXPECT_EQ(one.vi[k], all.vi[g]);
      EXPECT_EQ(one.ir[k], all.ir[g]);
      EXPECT_EQ(one.ii[k], all.ii[g]);
      // KCL: branch current into a bus = its load current + the currents of its children
      const double m2 = one.vr[k] * one.vr[k] + one.vi[k] * one.vi[k];
      kcl_r[k] += one.ir[k] - (one.p[k] * one.vr[k] + one.q[k] * one.vi[k]) / m2;
      kcl_i[k] += one.ii[k] - (one.p[k] * one.vi[k] - one.q[k] * one.vr[k]) / m2;
      if (h > 0) {
        const auto pp = static_cast<std::size_t>(one.parent[k]);
        kcl_r[pp] -= one.ir[k];
        kcl_i[pp] -= one.ii[k];
        // branch equation V_child = V_parent - Z I, to the sweep tolerance
        const double er = one.vr[pp] - (one.zr[k] * one.ir[k] - one.zi[k] * one.ii[k]) - one.vr[k];
        const double ei = one.vi[pp] - (one.zr[k] * one.ii[k] + one.zi[k] * one.ir[k]) - one.vi[k];
        worst_ohm = std::max(worst_ohm, std::hypot(er, ei));
      }
    }
    for (int h = 0; h < n; ++h) worst_kcl = std::max(worst_kcl, std::hypot(kcl_r[static_cast<std::size_t>(h)], kcl_i[static_cast<std::size_t>(h)]));
    EXPECT_LT(worst_kcl, 1e-12);
    EXPECT_LT(worst_ohm, 1e-11);  // one more current update after the last voltage change < 1e-12
  }
}

TEST(SweepBatch, TestingBuildMatchesHostBitForBit) {
  Batch a = make_batch(7, 40), b = make_batch(7, 40);
  fe::host_api::sweep_batch(a.args());
  fe::testing::sweep_batch_impl(factwin::host::Exec{}, b.args());
  EXPECT_EQ(a.it, b.it);
  EXPECT_EQ(a.vr, b.vr);
  EXPECT_EQ(a.vi, b.vi);
  EXPECT_EQ(a.ir, b.ir);
  EXPECT_EQ(a.ii, b.ii);
}

TEST(SweepBatch, NonConvergenceIsReported) {
  Batch a = make_batch(11, 3);
  fe::SweepBatchArgs args = a.args();
  args.max_iterations = 1;
  fe::host_api::sweep_batch(args);
  for (int k : a.it) EXPECT_EQ(k, -1);
  for (double d : a.dv) EXPECT_GT(d, 1e-12);
}

// Backend equivalence: the CUDA build of the same kernel, 1000 cases, against the host build.
// Tolerance 1e-12 pu: the two builds differ only by FMA contraction (STYLE.md section 7).
TEST(SweepBatch, CudaMatchesHost) {
  if (!factwin::Executor::cuda_compiled()) GTEST_SKIP() << "this build has no CUDA backend (FACTWIN_ENABLE_CUDA=OFF)";
  if (factwin::Executor::device_count() == 0)
    GTEST_SKIP() << "no CUDA device: " << factwin::Executor::no_device_reason();
  Batch h = make_batch(99, 1000), d = make_batch(99, 1000);
  fe::host_api::sweep_batch(h.args());
  using factwin::Buffer;
  Buffer<int> start(d.start, true), parent(d.parent, true), it(d.it, true);
  Buffer<double> zr(d.zr, true), zi(d.zi, true), p(d.p, true), q(d.q, true), vr(d.vr, true), vi(d.vi, true),
      ir(d.ir, true), ii(d.ii, true), dv(d.dv, true);
  fe::SweepBatchArgs a;
  a.ncase = 1000;
  a.start = start.data();
  a.parent = parent.data();
  a.zr = zr.data();
  a.zi = zi.data();
  a.p = p.data();
  a.q = q.data();
  a.vr = vr.data();
  a.vi = vi.data();
  a.ir = ir.data();
  a.ii = ii.data();
  a.iterations = it.data();
  a.last_dv = dv.data();
  fe::cuda_api::sweep_batch(a);
  const auto gvr = vr.to_host(), gvi = vi.to_host(), gir = ir.to_host(), gii = ii.to_host();
  const auto git = it.to_host();
  double worst_v = 0, worst_i = 0;
  for (std::size_t k = 0; k < gvr.size(); ++k) {
    worst_v = std::max(worst_v, std::hypot(gvr[k] - h.vr[k], gvi[k] - h.vi[k]));
    worst_i = std::max(worst_i, std::hypot(gir[k] - h.ir[k], gii[k] - h.ii[k]));
  }
  std::printf("[figure] sweep batch cuda vs host: max |dV| %.2e pu, max |dI| %.2e pu\n", worst_v, worst_i);
  for (std::size_t c = 0; c < git.size(); ++c) EXPECT_GT(git[c], 0);
  EXPECT_LT(worst_v, 1e-12);
  EXPECT_LT(worst_i, 1e-10);
}
