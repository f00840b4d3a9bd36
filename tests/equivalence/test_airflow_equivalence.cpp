// SPDX-License-Identifier: Apache-2.0
// Backend equivalence of the airflow kernels (STYLE.md §7): every compiled backend against the host
// run. With no CUDA device (or no CUDA in the build) the cuda cases skip with the reason. The
// single-source kernels are also compiled here with FACTWIN_BACKEND_NS=testing for unit checks.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "airflow/kernels/airflow_args.hpp"
#include "core/launch_host.hpp"
#include "factwin/airflow/solver.hpp"
#include "factwin/factwin.hpp"
#include "factwin/grid/field.hpp"

#define FACTWIN_BACKEND_NS testing
#define FACTWIN_EXEC exec::Host
#include "airflow/kernels/airflow_kernels.inc"
#undef FACTWIN_BACKEND_NS
#undef FACTWIN_EXEC

namespace fw = factwin;
namespace af = factwin::airflow;

namespace {

bool have_cuda_device(std::string* why) {
  if (fw::Executor::device_count() == 0) {
    *why = "no CUDA device: " + fw::Executor::no_device_reason();
    return false;
  }
  return true;
}

fw::Scenario lid(int n) {
  fw::Scenario s;
  s.name = "lid";
  s.hall.extent = {1, 1, 1.0 / n};
  for (auto& w : s.hall.walls) w = fw::SurfaceCondition{};
  s.hall.walls[3].flow = fw::FlowCondition::moving;
  s.hall.walls[3].velocity = {1, 0, 0};
  s.hall.walls[4].flow = fw::FlowCondition::slip;
  s.hall.walls[5].flow = fw::FlowCondition::slip;
  s.hall.walls[0].thermal = fw::ThermalCondition::temperature;
  s.hall.walls[0].temperature = 301;
  s.fluid.density = 1;
  s.fluid.dynamic_viscosity = 0.01;
  s.gravity = {0, -9.81, 0};
  s.grid.cells = {n, n, 1};
  s.solver.max_iterations = 40;
  s.solver.tolerance = 1e-30;
  return s;
}

}  // namespace

// Unit checks of the kernel bodies compiled in this TU.
TEST(AirflowKernels, VanLeerFaceValueIsBounded) {
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> d(-1, 1);
  for (int n = 0; n < 10000; ++n) {
    const fw::real up = d(gen), down = d(gen), far = d(gen);
    const fw::real f = af::testing::face_value(up, down, far, af::scheme_van_leer);
    EXPECT_GE(f, std::min(up, down) - 1e-15);
    EXPECT_LE(f, std::max(up, down) + 1e-15);
  }
  EXPECT_DOUBLE_EQ(af::testing::face_value(1, 2, 0, af::scheme_van_leer), 1.5);  // smooth: central
  EXPECT_DOUBLE_EQ(af::testing::face_value(1, 2, 3, af::scheme_van_leer), 1.0);  // extremum: upwind
}

TEST(AirflowKernels, ResultsSameOnEveryBackend) {
  const fw::Scenario s = lid(16);
  const fw::VoxelGrid vg = fw::voxelize(s);
  const auto ref = af::solve(s, vg, fw::Executor::create("cpu"));
  ASSERT_EQ(ref.iterations, 40);
  std::string why;
  if (!have_cuda_device(&why)) GTEST_SKIP() << why;
  const auto dev = af::solve(s, vg, fw::Executor::create("cuda"));
  double worst = 0, scale = 0;
  for (int a = 0; a < 3; ++a)
    for (std::size_t c = 0; c < ref.face_velocity[a].size(); ++c) {
      worst = std::max(worst, std::abs(ref.face_velocity[a][c] - dev.face_velocity[a][c]));
      scale = std::max(scale, std::abs(ref.face_velocity[a][c]));
    }
  EXPECT_LE(worst, 1e-10 * scale) << "max velocity difference host vs cuda after 40 iterations";
  for (std::size_t c = 0; c < ref.temperature.size(); ++c)
    EXPECT_NEAR(ref.temperature[c], dev.temperature[c], 1e-10 * 301);
}

TEST(AirflowKernels, MultigridOperatorAndDotOnEveryBackend) {
  std::string why;
  if (!have_cuda_device(&why)) GTEST_SKIP() << why;
  const fw::Executor hx = fw::Executor::create("cpu"), cx = fw::Executor::create("cuda");
  const int n = 24;
  std::mt19937 gen(3);
  std::uniform_real_distribution<double> d(0, 1);
  auto make = [&](const fw::Executor& ex, int nx, int ny, int nz, unsigned seed) {
    fw::Field<fw::real> f(ex, nx, ny, nz);
    std::vector<fw::real> h(static_cast<std::size_t>(f.size_with_ghosts()));
    std::mt19937 g2(seed);
    for (auto& v : h) v = d(g2);
    f.assign_from_host(h);
    return f;
  };
  fw::IndexBox box;
  box.hi[0] = box.hi[1] = box.hi[2] = n;
  double results[2];
  std::vector<fw::real> y_out[2];
  int e = 0;
  for (const fw::Executor* ex : {&hx, &cx}) {
    fw::Field<fw::real> k0 = make(*ex, n + 1, n, n, 1), k1 = make(*ex, n, n + 1, n, 2), k2 = make(*ex, n, n, n + 1, 3);
    fw::Field<fw::real> diag = make(*ex, n, n, n, 4), x = make(*ex, n, n, n, 5), y(*ex, n, n, n);
    fw::Field<std::uint8_t> act(*ex, n, n, n);
    std::vector<std::uint8_t> ones(static_cast<std::size_t>(act.size_with_ghosts()), 1);
    act.assign_from_host(ones);
    af::MgLevel l{};
    l.k[0] = k0.cview();
    l.k[1] = k1.cview();
    l.k[2] = k2.cview();
    l.diag = diag.cview();
    l.active = act.cview();
    if (ex->is_cuda()) {
      af::cuda::mg_apply(fw::exec::Cuda{}, box, l, x.cview(), y.view());
      results[e] = af::cuda::dot(fw::exec::Cuda{}, box, x.cview(), y.cview(), act.cview());
    } else {
      af::host::mg_apply(fw::exec::Host{}, box, l, x.cview(), y.view());
      results[e] = af::host::dot(fw::exec::Host{}, box, x.cview(), y.cview(), act.cview());
    }
    y_out[e] = y.host_interior();
    ++e;
  }
  for (std::size_t c = 0; c < y_out[0].size(); ++c) EXPECT_NEAR(y_out[0][c], y_out[1][c], 64 * 2.3e-16 * 10);
  EXPECT_NEAR(results[0], results[1], std::sqrt(double(n * n * n)) * 2.3e-16 * std::abs(results[0]));
}
