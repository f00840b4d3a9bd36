// SPDX-License-Identifier: Apache-2.0
// Backend equivalence of the power-chain kernels (STYLE.md section 7): the .inc compiled a second
// time in namespace `testing` must give bit-identical results to the host build used by the
// solver. (No CUDA backend in this build; a CUDA TU would include the same .inc as `cuda`.)
#include <gtest/gtest.h>

#include <cmath>

#include "electrical/power_backend.hpp"

#define FACTWIN_BACKEND_NS testing
#include "electrical/kernels/power_kernels.inc"
#undef FACTWIN_BACKEND_NS

namespace h = factwin::electrical::host;
namespace t = factwin::electrical::testing;

TEST(PowerKernels, TestingBuildMatchesHostBitForBit) {
  for (double kk : {0.0, 0.1, 0.35, 0.5, 1.0, 1.3}) {
    EXPECT_EQ(h::transformer_loss(1500.0, 9000.0, kk), t::transformer_loss(1500.0, 9000.0, kk));
    EXPECT_EQ(h::ups_loss(1e6, 0.01, 0.01, 0.01, kk * 1e6), t::ups_loss(1e6, 0.01, 0.01, 0.01, kk * 1e6));
    const double x[] = {0.1, 0.2, 0.5, 1.0}, e[] = {0.90, 0.94, 0.96, 0.91};
    EXPECT_EQ(h::interp_efficiency(x, e, 4, kk), t::interp_efficiency(x, e, 4, kk));
    double ra = 0, xa = 0, rb = 0, xb = 0;
    h::transformer_rx_pu(1e6, 9000.0, 0.0575, &ra, &xa);
    t::transformer_rx_pu(1e6, 9000.0, 0.0575, &rb, &xb);
    EXPECT_EQ(ra, rb);
    EXPECT_EQ(xa, xb);
    double ir1 = 0, ii1 = 0, ir2 = 0, ii2 = 0;
    h::load_current(kk, 0.3 * kk, 0.98, -0.01, &ir1, &ii1);
    t::load_current(kk, 0.3 * kk, 0.98, -0.01, &ir2, &ii2);
    EXPECT_EQ(ir1, ir2);
    EXPECT_EQ(ii1, ii2);
    EXPECT_EQ(h::server_power(2e3, 9e3, kk, 300, 0.05, 298.15, 303.15, 400, 0.02, 343.15, 330.0),
              t::server_power(2e3, 9e3, kk, 300, 0.05, 298.15, 303.15, 400, 0.02, 343.15, 330.0));
  }
  // (E-2) at 35 % load with P_NL + 0.35^2 P_LL = 0.35 S (1/eta - 1) returns eta
  const double s = 1e6, eta = 0.9928, loss = 0.35 * s * (1.0 / eta - 1.0);
  EXPECT_NEAR(h::transformer_efficiency(s, 0.4 * loss, 0.6 * loss / (0.35 * 0.35), 0.35, 1.0), eta, 1e-14);
}
