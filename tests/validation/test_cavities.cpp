// SPDX-License-Identifier: Apache-2.0
// Validation of the laminar Boussinesq solver on the two classic 2-D cavities, run as 3-D grids
// with one cell across z and slip z-walls:
//  * Ghia, Ghia & Shin (1982), J. Comput. Phys. 48:387-411, Tables I and II: lid-driven cavity,
//    Re = 100 and 400; gate: RMS of the centre-line velocity error < 1% of the lid speed, the row
//    flagged suspect=1 excluded. Data: data/validation/ghia_lid_cavity_Re100_Re400.csv.
//  * de Vahl Davis (1983), Int. J. Numer. Meth. Fluids 3:249-264: differentially heated cavity,
//    Ra = 1e3, 1e4, 1e5, Pr = 0.71; gates: average Nu within 1%, u_max and v_max within 2%.
//    Data: data/validation/dvd_cavity2d_ra1e3_1e5.csv (VERIFIED rows only).
// Grids and figures: docs/validation.md.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include "cavity_support.hpp"

namespace fw = factwin;
using fw::testing::heated_cavity;
using fw::testing::lid_cavity;

namespace {

int grid_for(const char* env, int fallback) {
  const char* v = std::getenv(env);
  return v ? std::atoi(v) : fallback;
}

fw::airflow::SolveResult run(const fw::Scenario& s, fw::airflow::Advection adv) {
  const fw::VoxelGrid vg = fw::voxelize(s);
  const fw::Executor ex = fw::Executor::create("cpu");
  fw::airflow::SolveOptions o;
  o.advection = adv;
  return fw::airflow::solve(s, vg, ex, o);
}

void ghia_case(double re, int n) {
  const double U = 1.0;
  const fw::Scenario s = lid_cavity(n, re, U);
  const auto r = run(s, fw::airflow::Advection::van_leer);
  ASSERT_TRUE(r.converged) << r.message;
  const auto uline = fw::testing::u_on_vertical(r, n / 2, 0.0, U);
  const auto vline = fw::testing::v_on_horizontal(r, n / 2);
  double se = 0, worst = 0;
  int count = 0;
  for (const auto& row : fw::testing::read_csv(FACTWIN_DATA_DIR "/validation/ghia_lid_cavity_Re100_Re400.csv")) {
    if (std::stod(row[3]) != re || row[6] == "1") continue;
    const double c = std::stod(row[2]), ref = std::stod(row[5]);
    const double sim = row[4] == "u" ? fw::testing::interpolate(uline, c) : fw::testing::interpolate(vline, c);
    se += (sim - ref) * (sim - ref);
    worst = std::max(worst, std::abs(sim - ref));
    ++count;
  }
  const double rms = std::sqrt(se / count) / U;
  std::cout << "[ghia] Re=" << re << " grid " << n << "x" << n << "x1: RMS error " << rms * 100
            << "% of U over " << count << " points (max " << worst / U * 100 << "%), " << r.iterations
            << " iterations, " << r.wall_time << " s\n";
  EXPECT_LT(rms, 0.01);
}

std::map<std::string, double> dvd_reference(double ra) {
  std::map<std::string, double> m;
  for (const auto& row : fw::testing::read_csv(FACTWIN_DATA_DIR "/validation/dvd_cavity2d_ra1e3_1e5.csv"))
    if (std::stod(row[1]) == ra && row[3] == "VERIFIED") m[row[0]] = std::stod(row[2]);
  return m;
}

void dvd_case(double ra, int n) {
  const double dT = 10.0;
  const fw::Scenario s = heated_cavity(n, ra, dT);
  const auto r = run(s, fw::airflow::Advection::van_leer);
  ASSERT_TRUE(r.converged) << r.message;
  const double alpha = s.fluid.diffusivity();  // velocity scale alpha / L, L = 1 m
  const auto* hot = r.surface("x_min");
  const auto* cold = r.surface("x_max");
  ASSERT_NE(hot, nullptr);
  const double depth = s.hall.extent.z;
  const double nu_hot = hot->heat_flow / (s.fluid.conductivity * dT * depth);
  const double nu_cold = -cold->heat_flow / (s.fluid.conductivity * dT * depth);
  const auto umax = fw::testing::line_max(fw::testing::u_on_vertical(r, n / 2, 0.0, 0.0));
  const auto vmax = fw::testing::line_max(fw::testing::v_on_horizontal(r, n / 2));
  const auto ref = dvd_reference(ra);
  const double e_nu = nu_hot / ref.at("Nu_avg") - 1, e_u = umax.second / alpha / ref.at("u_max") - 1,
               e_v = vmax.second / alpha / ref.at("v_max") - 1;
  std::cout << "[dvd] Ra=" << ra << " grid " << n << "x" << n << "x1: Nu " << nu_hot << " (cold wall " << nu_cold
            << ", ref " << ref.at("Nu_avg") << ", err " << e_nu * 100 << "%), u_max " << umax.second / alpha
            << " at y=" << umax.first << " (ref " << ref.at("u_max") << ", err " << e_u * 100 << "%), v_max "
            << vmax.second / alpha << " at x=" << vmax.first << " (ref " << ref.at("v_max") << ", err " << e_v * 100
            << "%), " << r.iterations << " iterations, " << r.wall_time << " s\n";
  EXPECT_LT(std::abs(e_nu), 0.01);
  EXPECT_LT(std::abs(e_u), 0.02);
  EXPECT_LT(std::abs(e_v), 0.02);
}

}  // namespace

TEST(GhiaLidCavity, Re100) { ghia_case(100, grid_for("FW_GHIA_N", 64)); }
TEST(GhiaLidCavity, Re400) { ghia_case(400, grid_for("FW_GHIA_N", 64)); }
TEST(DeVahlDavisCavity, Ra1e3) { dvd_case(1e3, grid_for("FW_DVD_N", 64)); }
TEST(DeVahlDavisCavity, Ra1e4) { dvd_case(1e4, grid_for("FW_DVD_N", 64)); }
TEST(DeVahlDavisCavity, Ra1e5) { dvd_case(1e5, grid_for("FW_DVD_N", 80)); }
