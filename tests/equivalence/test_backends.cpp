// SPDX-License-Identifier: Apache-2.0
// Backend equivalence (STYLE.md section 7): the same scenarios run on the CPU and on the CUDA backend
// must agree on every field and every reported figure. Without a CUDA build or device the CUDA cases
// skip and say why. Tolerance: 1e-10 relative to the field's scale in double precision after N steps
// (1e-4 in float), per STYLE.md; reductions differ only in summation order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "factwin/airflow/solver.hpp"
#include "factwin/config.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/io/scenario_reader.hpp"

using namespace factwin;

namespace {

#if defined(FACTWIN_PRECISION_float)
constexpr double rtol = 1e-4;
#else
constexpr double rtol = 1e-10;
#endif


void expect_fields_near(const std::vector<double>& a, const std::vector<double>& b, const std::string& name) {
  ASSERT_EQ(a.size(), b.size()) << name;
  double scale = 0, worst = 0;
  std::size_t at = 0;
  for (double x : a) scale = std::max(scale, std::abs(x));
  for (std::size_t i = 0; i < a.size(); ++i) {
    // NaN on either side counts as an infinite difference (a comparison with NaN is false)
    const double e = std::isnan(a[i]) || std::isnan(b[i]) ? std::numeric_limits<double>::infinity() : std::abs(a[i] - b[i]);
    if (e > worst) {
      worst = e;
      at = i;
    }
  }
  EXPECT_LE(worst, rtol * std::max(scale, 1e-30)) << name << ": max difference " << worst << " at cell " << at
                                                  << " (scale " << scale << ")";
}

void compare(const std::string& file, long steps, bool k_epsilon = false) {
  if (!Executor::cuda_compiled()) GTEST_SKIP() << "this build has no CUDA backend (FACTWIN_ENABLE_CUDA=OFF)";
  if (Executor::device_count() == 0) GTEST_SKIP() << "no CUDA device: " << Executor::no_device_reason();
  Case cs = io::load_case(std::string(FACTWIN_DATA_DIR) + "/scenarios/" + file);
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  st.max_iterations = steps;
  st.tolerance = 1e-30;
  if (k_epsilon) st.turbulence = TurbulenceModel::k_epsilon;
  const VoxelGrid vg = voxelize(s);
  airflow::SolveOptions o;
  if (!s.coolers.empty()) o.tracer_names = {"supply_air"};
  const airflow::SolveResult h = airflow::solve(s, st, vg, Executor::create("cpu"), o);
  const airflow::SolveResult d = airflow::solve(s, st, vg, Executor::create("cuda"), o);
  EXPECT_EQ(h.iterations, d.iterations);
  expect_fields_near(h.fields.u, d.fields.u, "u");
  expect_fields_near(h.fields.v, d.fields.v, "v");
  expect_fields_near(h.fields.w, d.fields.w, "w");
  expect_fields_near(h.fields.p, d.fields.p, "p");
  expect_fields_near(h.fields.T, d.fields.T, "T");
  expect_fields_near(h.fields.nut, d.fields.nut, "nut");
  expect_fields_near(h.fields.k, d.fields.k, "k");
  expect_fields_near(h.fields.eps, d.fields.eps, "eps");
  for (std::size_t t = 0; t < h.fields.tracers.size(); ++t) expect_fields_near(h.fields.tracers[t], d.fields.tracers[t], "tracer");
  ASSERT_EQ(h.surfaces.size(), d.surfaces.size());
  for (std::size_t i = 0; i < h.surfaces.size(); ++i) {
    EXPECT_NEAR(h.surfaces[i].mass_flow, d.surfaces[i].mass_flow, 1e-8 + rtol * std::abs(h.surfaces[i].mass_flow) * 1e3)
        << h.surfaces[i].name;
    EXPECT_NEAR(h.surfaces[i].heat_flow, d.surfaces[i].heat_flow, 1e-6 + rtol * std::abs(h.surfaces[i].heat_flow) * 1e3)
        << h.surfaces[i].name;
  }
  ASSERT_EQ(h.devices.size(), d.devices.size());
  for (std::size_t i = 0; i < h.devices.size(); ++i)
    EXPECT_NEAR(h.devices[i].inlet_temperature, d.devices[i].inlet_temperature, 1e-6) << h.devices[i].name;
}

}  // namespace

TEST(BackendEquivalence, LidCavity) { compare("lid_cavity_re100.json", 200); }
TEST(BackendEquivalence, HeatedCavity) { compare("heated_cavity_ra1e5.json", 200); }
TEST(BackendEquivalence, SmallDataHall) { compare("datahall_small.json", 100); }
TEST(BackendEquivalence, KEpsilonChannel) { compare("channel_k_epsilon.json", 200); }
TEST(BackendEquivalence, KEpsilonSmallDataHall) { compare("datahall_small.json", 100, true); }

// The host kernels are deterministic: two CPU runs agree exactly (the baseline the CUDA runs are held to).
TEST(BackendEquivalence, HostRunsAreReproducible) {
  Case cs = io::load_case(std::string(FACTWIN_DATA_DIR) + "/scenarios/datahall_small.json");
  Scenario& s = cs.facility.air;
  SolverSettings& st = cs.solver;
  st.max_iterations = 30;
  st.tolerance = 1e-30;
  const VoxelGrid vg = voxelize(s);
  const airflow::SolveResult a = airflow::solve(s, st, vg, Executor::create("cpu"));
  const airflow::SolveResult b = airflow::solve(s, st, vg, Executor::create("cpu"));
  EXPECT_EQ(a.fields.T, b.fields.T);
  EXPECT_EQ(a.fields.u, b.fields.u);
  EXPECT_EQ(a.fields.p, b.fields.p);
}
