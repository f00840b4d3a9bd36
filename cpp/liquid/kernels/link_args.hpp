// SPDX-License-Identifier: Apache-2.0
// Plain per-link data seen by the hydraulic solver and by every backend of the link kernels
// (link_kernels.inc). Heads in metres of the circuit's coolant, flows in m^3/s.
#pragma once

namespace factwin::liquid {

enum LinkLaw : int {
  law_closed = 0,     ///< no flow
  law_darcy = 1,      ///< Darcy-Weisbach pipe (+ minor loss + quadratic drop)
  law_hazen = 2,      ///< Hazen-Williams pipe (+ minor loss)
  law_pump = 3,       ///< h = -(s^2 h0 - r s^(2-n) Q^n)
  law_quadratic = 4,  ///< h = a Q + b Q|Q| (valves, cold plates, exchangers, chillers, coolers)
  law_fixed_flow = 5, ///< active flow-control valve: Q = setpoint
};

struct LinkArgs {
  int law = law_closed;
  int friction = 1;          ///< 0 Swamee-Jain, 1 Colebrook-White
  double length = 0;         ///< [m]
  double diameter = 0;       ///< [m]
  double roughness = 0;      ///< [m]
  double hw_c = 0;           ///< Hazen-Williams C
  double minor_k = 0;        ///< [-]
  double nu = 1e-6;          ///< [m^2/s] kinematic viscosity
  double a = 0;              ///< [m/(m^3/s)] linear coefficient
  double b = 0;              ///< [m/(m^3/s)^2] quadratic coefficient
  double h0 = 0, r = 0, n = 2, speed = 1;  ///< pump curve
  double setpoint = 0;       ///< [m^3/s] fixed flow
};

/// Result of one link evaluation: head loss h(Q) = H_from - H_to and its derivative.
struct LinkEval {
  double h = 0;     ///< [m]
  double dhdq = 0;  ///< [m/(m^3/s)]
};

}  // namespace factwin::liquid
