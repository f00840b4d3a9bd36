// SPDX-License-Identifier: Apache-2.0
// Thermal energy balance of a liquid network (docs/liquid.md section 3, Eqs. T-1 .. T-7), for the
// flows of the last hydraulic solve: per-link outlet-temperature coefficients (heat, pumps,
// chillers/coolers at setpoint or capacity, epsilon-NTU CDUs), the node-mixing linear system (one
// sparse LU per set of component modes), the choice of the modes, and the thermal results
// (cold plates, chillers, coolers, CDUs, the energy budget).
//   energy_balance.cpp  coefficients, linear solve, modes (solve())
//   energy_report.cpp   link outlets and heats, component reports, energy budget
// The Solver owns the network state (circuits, properties, heads, flows, statuses, temperatures);
// an EnergyBalance reads it through references and writes the temperatures. It owns the modes.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "factwin/liquid/network.hpp"

namespace factwin::liquid::detail {

/// Pump efficiency at flow q [m^3/s]: a parabola through the best-efficiency point, at least 5 %
/// of the best efficiency (the pump heat and the pump results).
[[nodiscard]] double pump_efficiency(const Link& k, double q);

class EnergyBalance {
 public:
  /// References to the Solver's state, which must outlive this object: circuits (and their
  /// count), coolant density and specific heat per circuit, heads, flows and statuses per link,
  /// and the node temperatures [K] this object solves for.
  EnergyBalance(const Network& net, const std::vector<int>& circ, const int& ncirc, const std::vector<double>& rho,
                const std::vector<double>& cp, const std::vector<double>& H, const std::vector<double>& Q,
                const std::vector<int>& open, std::vector<double>& T);
  EnergyBalance(const EnergyBalance&) = delete;
  EnergyBalance& operator=(const EnergyBalance&) = delete;

  /// Steady temperatures of the present flows, with the chillers and coolers in the modes the
  /// inlet temperatures ask for (all at setpoint to start with). Throws ConvergenceError when the
  /// network has no steady temperature field; a warning in `diags` when the modes keep switching.
  void solve(std::vector<Diagnostic>& diags);

  /// Result::link_out_temperature and link_heat of every link (sized by the caller).
  void link_outlets(Result& r);
  /// After link_outlets(): cold-plate, heat-source, chiller, cooler and CDU results, heat in and
  /// rejected, warnings in `diags`. Returns the relative energy residual (Eq. T-7).
  [[nodiscard]] double report(Result& r, std::vector<Diagnostic>& diags) const;

 private:
  static constexpr double t_ref = 273.15;  // enthalpy reference for boundary flows [K]
  enum Mode { pass = 0, setpoint = 1, capacity = 2 };
  struct Coef {
    double alpha = 1, beta = 0, gamma = 0;  // T_out = alpha T_up + beta + gamma T_partner_up
    int partner = -1;                       // link whose upstream node couples (CDU)
  };

  [[nodiscard]] std::size_t cof(std::size_t l) const { return static_cast<std::size_t>(circ_[static_cast<std::size_t>(net_.links[l].from)]); }
  [[nodiscard]] std::size_t fr(std::size_t l) const { return static_cast<std::size_t>(net_.links[l].from); }
  [[nodiscard]] std::size_t to(std::size_t l) const { return static_cast<std::size_t>(net_.links[l].to); }
  [[nodiscard]] double C(std::size_t l) const { return rho_[cof(l)] * std::fabs(Q_[l]) * cp_[cof(l)]; }
  [[nodiscard]] std::size_t up(std::size_t l) const { return Q_[l] >= 0 ? fr(l) : to(l); }
  [[nodiscard]] std::size_t down(std::size_t l) const { return Q_[l] >= 0 ? to(l) : fr(l); }
  [[nodiscard]] double chiller_condenser(const Link& k) const;
  static double biquad(const std::array<double, 6>& c, double x, double y);

  std::vector<Coef> link_coefficients();
  bool linear_try(const std::vector<Coef>& c, bool pin);
  [[nodiscard]] double link_out(const std::vector<Coef>& c, std::size_t l) const;
  std::vector<int> desired_modes(const std::vector<Coef>& c);
  bool solve_modes();

  const Network& net_;
  std::size_t nn_, nl_;
  const std::vector<int>& circ_;
  const int& ncirc_;
  const std::vector<double>& rho_;
  const std::vector<double>& cp_;
  const std::vector<double>& H_;
  const std::vector<double>& Q_;
  const std::vector<int>& open_;
  std::vector<double>& T_;
  std::vector<int> mode_;           // chillers and coolers
  std::vector<double> chiller_cap_; // available capacity [W]
  std::vector<double> pump_shaft_;  // [W]
};

}  // namespace factwin::liquid::detail
