// SPDX-License-Identifier: Apache-2.0
// Coolant properties (docs/liquid.md#coolants, Eqs. C-1 to C-6).
#include <cmath>

#include "factwin/liquid/network.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid {
namespace {

// Melinder (2010) polynomial f = sum_i sum_j c_ij (x - xm)^i (t - tm)^j, x mass-% glycol, t degC,
// i = 0..5 with j = 0..nT[i]-1, nT = {4,4,4,3,2,1}. Coefficients: Melinder, A. (2010), Properties
// of Secondary Working Fluids for Indirect Systems, IIR Paris; as tabulated in the IBPSA Modelica
// library, IBPSA.Media.Antifreeze.PropyleneGlycolWater (BSD-3; numbers only).
constexpr double pg_xm = 30.7031, pg_tm = 32.7089;
constexpr int pg_nt[6] = {4, 4, 4, 3, 2, 1};
constexpr double pg_density[18] = {1.018e3,   -5.406e-1, -2.666e-3, 1.347e-5,  7.604e-1,  -9.450e-3,
                                   5.541e-5,  -1.343e-7, -2.498e-3, 2.700e-5,  -4.018e-7, 3.376e-9,
                                   -1.550e-4, 2.829e-6,  -7.175e-9, -1.131e-6, -2.221e-8, 2.342e-8};
constexpr double pg_cp[18] = {3.882e3,  2.699e0,   -1.659e-3, -1.032e-5, -1.304e1, 5.070e-2,
                              -4.752e-5, 1.522e-6, -1.598e-1, 9.534e-5,  1.167e-5, -4.870e-8,
                              3.539e-4, 3.102e-5,  -2.950e-7, 5.000e-5,  -7.135e-7, -4.959e-7};
constexpr double pg_k[18] = {4.513e-1,  7.955e-4,  3.482e-8,  -5.966e-9, -4.795e-3, -1.678e-5,
                             8.941e-8,  1.493e-10, 2.076e-5,  1.563e-7,  -4.615e-9, 9.897e-12,
                             -9.083e-8, -2.518e-9, 6.543e-11, -5.952e-10, -3.605e-11, 2.104e-11};
// ln(mu / mPa s)
constexpr double pg_lnmu[18] = {6.837e-1,  -3.045e-2, 2.525e-4,  -1.399e-6, 3.328e-2,  -3.984e-4,
                                4.332e-6,  -1.860e-8, 5.453e-5,  -8.600e-8, -1.593e-8, -4.465e-11,
                                -3.900e-6, 1.054e-7,  -1.589e-9, -1.587e-8, 4.475e-10, 3.564e-9};

double melinder(const double* c, double x, double t) {
  // the powers are computed once per call (10 pow() instead of 36), the same values and the same
  // sum as term by term
  double px[6], pt[4];
  for (int i = 0; i < 6; ++i) px[i] = std::pow(x - pg_xm, i);
  for (int j = 0; j < 4; ++j) pt[j] = std::pow(t - pg_tm, j);
  double f = 0;
  int k = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < pg_nt[i]; ++j) f += c[k++] * px[i] * pt[j];
  return f;
}

}  // namespace

const char* coolant_name(CoolantKind c) {
  switch (c) {
    case CoolantKind::water: return "water";
    case CoolantKind::propylene_glycol_25: return "propylene_glycol_25";
    case CoolantKind::propylene_glycol_30: return "propylene_glycol_30";
  }
  return "?";
}

namespace {
// (C-1) Kell, G.S. (1975), J. Chem. Eng. Data 20(1):97-105, density at 1 atm, 0-150 degC.
double water_density(double t) {
  return (999.83952 + 16.945176 * t - 7.9870401e-3 * t * t - 46.170461e-6 * t * t * t +
          105.56302e-9 * std::pow(t, 4) - 280.54253e-12 * std::pow(t, 5)) /
         (1.0 + 16.879850e-3 * t);
}
// (C-2) Vogel-type fit mu = A 10^(B/(T - C)), A = 2.414e-5 Pa s, B = 247.8 K, C = 140 K
// (e.g. Al-Shemmeri, Engineering Fluid Mechanics, 2012); within ~2 % of IAPWS 2008, 0-100 degC.
double water_viscosity(double T) { return 2.414e-5 * std::pow(10.0, 247.8 / (T - 140.0)); }
double glycol_fraction(CoolantKind c) { return c == CoolantKind::propylene_glycol_25 ? 25.0 : 30.0; }
}  // namespace

double detail::kinematic_viscosity(CoolantKind c, double T) {
  const double t = T - 273.15;
  if (c == CoolantKind::water) return water_viscosity(T) / water_density(t);
  const double x = glycol_fraction(c);
  return 1e-3 * std::exp(melinder(pg_lnmu, x, t)) / melinder(pg_density, x, t);
}

CoolantProperties coolant_properties(CoolantKind c, double T) {
  const double t = T - 273.15;
  CoolantProperties p;
  if (c == CoolantKind::water) {
    p.density = water_density(t);
    p.dynamic_viscosity = water_viscosity(T);
    // (C-3) cp of liquid water at 1 atm, 0-100 degC, 4th-order polynomial in degC; within ~0.1 %
    // of IAPWS-95 (not re-verified against the reference collection).
    p.specific_heat = 4217.4 - 3.720283 * t + 0.1412855 * t * t - 2.654387e-3 * t * t * t +
                      2.093236e-5 * std::pow(t, 4);
    // (C-4) Ramires et al. (1995), J. Phys. Chem. Ref. Data 24(3):1377, k at 0.1 MPa, 274-370 K.
    const double tr = T / 298.15;
    p.conductivity = 0.6065 * (-1.48445 + 4.12292 * tr - 1.63866 * tr * tr);
    return p;
  }
  const double x = glycol_fraction(c);
  // (C-5) Melinder (2010) polynomials; stated range: x 0-60 %, t from the freezing point to 40 degC
  // (used here up to 60 degC as an extrapolation, docs/liquid.md).
  p.density = melinder(pg_density, x, t);
  p.specific_heat = melinder(pg_cp, x, t);
  p.conductivity = melinder(pg_k, x, t);
  p.dynamic_viscosity = 1e-3 * std::exp(melinder(pg_lnmu, x, t));
  return p;
}

double water_vapour_pressure(double T) {
  // (C-6) IAPWS-IF97 region 4 saturation-pressure equation (Eq. 30), 273.15 K .. 647.096 K.
  constexpr double n[10] = {0.11670521452767e4,  -0.72421316703206e6, -0.17073846940092e2,
                            0.12020824702470e5,  -0.32325550322333e7, 0.14915108613530e2,
                            -0.48232657361591e4, 0.40511340542057e6,  -0.23855557567849,
                            0.65017534844798e3};
  const double th = T + n[8] / (T - n[9]);
  const double A = th * th + n[0] * th + n[1];
  const double B = n[2] * th * th + n[3] * th + n[4];
  const double C = n[5] * th * th + n[6] * th + n[7];
  const double x = 2.0 * C / (-B + std::sqrt(B * B - 4.0 * A * C));
  return 1e6 * x * x * x * x;
}

}  // namespace factwin::liquid
