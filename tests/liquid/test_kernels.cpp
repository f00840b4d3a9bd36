// SPDX-License-Identifier: Apache-2.0
// Link kernels (link_kernels.inc, host instantiation) and coolant properties.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/liquid/network.hpp"
#include "liquid/link_host.hpp"
#include "liquid/liquid_test_support.hpp"

namespace fl = factwin::liquid;
using factwin::testing::read_csv;

namespace {
const std::string vdir = std::string(FACTWIN_DATA_DIR) + "/validation/";
}

// Reference: data/validation/pipe_friction_factor.csv (formula evaluations by the collector,
// shared/validation/pipe_friction_factor.csv). The file prints 6 decimals, so the comparison is
// absolute: within 5e-7 (half a unit of the last printed digit) plus 1e-9 for round-off.
TEST(LiquidKernels, FrictionFactorsMatchTable) {
  int n = 0;
  double worst_c = 0, worst_s = 0;
  for (const auto& r : read_csv(vdir + "pipe_friction_factor.csv")) {
    const double re = std::stod(r.at("Re")), e = std::stod(r.at("rel_roughness_eps_over_D"));
    const double fc = fl::host::friction_colebrook(re, e), fs = fl::host::friction_swamee_jain(re, e);
    worst_c = std::max(worst_c, std::fabs(fc - std::stod(r.at("f_colebrook"))));
    worst_s = std::max(worst_s, std::fabs(fs - std::stod(r.at("f_swamee_jain"))));
    ++n;
  }
  std::printf("[figure] friction: %d rows, max abs error Colebrook %.2e, Swamee-Jain %.2e\n", n, worst_c, worst_s);
  EXPECT_GT(n, 10);
  EXPECT_LT(worst_c, 5.01e-7);
  EXPECT_LT(worst_s, 5.01e-7);
}

// Reference: analytic_solutions.json, case hagen_poiseuille_pipe (f = 64/Re, EXACT).
TEST(LiquidKernels, LaminarFrictionIs64OverRe) {
  EXPECT_DOUBLE_EQ(fl::host::friction_factor(100, 0.0, 1), 0.64);
  EXPECT_DOUBLE_EQ(fl::host::friction_factor(1000, 0.0, 1), 0.064);
  EXPECT_DOUBLE_EQ(fl::host::friction_factor(2000, 0.0, 1), 0.032);
}

// Reference: analytic_solutions.json, case heat_exchanger_effectiveness_NTU (EXACT, 6 digits).
TEST(LiquidKernels, EffectivenessNtuCases) {
  std::ifstream in(vdir + "analytic_solutions.json");
  const auto j = nlohmann::json::parse(in);
  int n = 0;
  double worst = 0;
  for (const auto& c : j.at("cases")) {
    if (c.at("id") != "heat_exchanger_effectiveness_NTU") continue;
    for (const auto& p : c.at("check_points")) {
      const double ntu = p.at("NTU"), cr = p.at("Cr");
      const double ec = fl::host::effectiveness_counterflow(ntu, cr);
      const double ep = fl::host::effectiveness_parallel(ntu, cr);
      worst = std::max({worst, std::fabs(ec - p.at("eps_counterflow").get<double>()),
                        std::fabs(ep - p.at("eps_parallel").get<double>())});
      ++n;
    }
  }
  std::printf("[figure] eps-NTU: %d cases, max abs error %.2e (reference rounded to 1e-6)\n", n, worst);
  EXPECT_EQ(n, 15);
  EXPECT_LT(worst, 1e-6);
}

// Hazen-Williams: EPANET's US constant 4.727 converts to the usual SI 10.67 (Rossman 2000, Table 3.1).
TEST(LiquidKernels, HazenWilliamsConstantInSi) {
  const double r = fl::host::hazen_williams_r(1.0, 1.0, 1.0);
  EXPECT_NEAR(r, 10.67, 0.01);
}

// Pump affinity laws (analytic_solutions.json, pump_affinity_laws): at speed s the point
// (s Q, s^2 H) lies on the curve when (Q, H) lies on it at speed 1.
TEST(LiquidKernels, PumpAffinity) {
  fl::LinkArgs a;
  a.law = fl::law_pump;
  a.h0 = 40;
  a.r = 2e5;
  a.n = 2;
  const double q = 0.01;
  const double h1 = -fl::host::eval_pump(a, q).h;
  for (double s : {0.5, 0.8, 1.2}) {
    a.speed = s;
    EXPECT_NEAR(-fl::host::eval_pump(a, s * q).h, s * s * h1, 1e-12 * h1);
  }
}

// Water at 20 degC and 1 atm (IAPWS-95 values, NIST Chemistry WebBook; not in the reference
// collection): rho 998.21 kg/m3, cp 4184 J/kgK, mu 1.0016 mPa s, k 0.598 W/mK.
// Tolerances: density 1e-4 (Kell), cp 0.2 %, mu 3 % (Vogel fit), k 1 %.
TEST(LiquidCoolants, WaterAt20C) {
  const auto p = fl::coolant_properties(fl::CoolantKind::water, 293.15);
  EXPECT_NEAR(p.density, 998.21, 0.1);
  EXPECT_NEAR(p.specific_heat, 4184.0, 8.0);
  EXPECT_NEAR(p.dynamic_viscosity, 1.0016e-3, 3e-5);
  EXPECT_NEAR(p.conductivity, 0.598, 0.006);
}

// Propylene glycol 30 %: at the fit's centre (30.7 %, 32.7 degC) the Melinder polynomial gives its
// leading coefficients (density 1018 + 0.7604 (x - xm) at t = tm); trends: denser,
// lower cp, more viscous than water; viscosity falls with temperature.
TEST(LiquidCoolants, PropyleneGlycolTrends) {
  const auto pg = fl::coolant_properties(fl::CoolantKind::propylene_glycol_30, 273.15 + 32.7089);
  EXPECT_NEAR(pg.density, 1018.0 + 0.7604 * (30 - 30.7031), 0.01);  // c00 + c10 (x - xm)
  const auto w = fl::coolant_properties(fl::CoolantKind::water, 303.15);
  const auto p25 = fl::coolant_properties(fl::CoolantKind::propylene_glycol_25, 303.15);
  const auto p30 = fl::coolant_properties(fl::CoolantKind::propylene_glycol_30, 303.15);
  EXPECT_GT(p30.density, p25.density);
  EXPECT_GT(p25.density, w.density);
  EXPECT_LT(p30.specific_heat, p25.specific_heat);
  EXPECT_LT(p25.specific_heat, w.specific_heat);
  EXPECT_GT(p30.dynamic_viscosity, p25.dynamic_viscosity);
  EXPECT_GT(p25.dynamic_viscosity, w.dynamic_viscosity);
  EXPECT_LT(fl::coolant_properties(fl::CoolantKind::propylene_glycol_30, 323.15).dynamic_viscosity,
            p30.dynamic_viscosity);
  EXPECT_LT(p30.conductivity, w.conductivity);
}

// IAPWS-IF97 Table 35 verification values for Eq. 30: T = 300 K -> 0.353658941e-2 MPa,
// 500 K -> 0.263889776e1 MPa, 600 K -> 0.123443146e2 MPa.
TEST(LiquidCoolants, VapourPressureIf97) {
  EXPECT_NEAR(fl::water_vapour_pressure(300) / 1e6, 0.353658941e-2, 1e-11);
  EXPECT_NEAR(fl::water_vapour_pressure(500) / 1e6, 0.263889776e1, 1e-8);
  EXPECT_NEAR(fl::water_vapour_pressure(600) / 1e6, 0.123443146e2, 1e-7);
}

// The exact Jacobian of a Darcy pipe agrees with a central finite difference (laminar,
// transition and turbulent; both friction models).
TEST(LiquidKernels, DarcyDerivativeMatchesFiniteDifference) {
  for (int model : {0, 1}) {
    fl::LinkArgs a;
    a.law = fl::law_darcy;
    a.friction = model;
    a.length = 50;
    a.diameter = 0.05;
    a.roughness = 4.5e-5;
    a.minor_k = 2;
    a.nu = 1e-6;
    for (double q : {5e-5, 1.2e-4, 4e-3, -4e-3, 2e-2}) {
      const double dq = 1e-6 * std::fabs(q);
      const double fd = (fl::host::eval_link(a, q + dq).h - fl::host::eval_link(a, q - dq).h) / (2 * dq);
      EXPECT_NEAR(fl::host::eval_link(a, q).dhdq, fd, 1e-5 * std::fabs(fd)) << model << " " << q;
    }
  }
}
