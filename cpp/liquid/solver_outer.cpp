// SPDX-License-Identifier: Apache-2.0
// Liquid network solver, outer loop and results (docs/liquid.md section 3): hydraulics -> control
// valves -> thermal -> properties, as resumable steps around the hydraulic solves (outer_start,
// outer_after_hydraulics; run() is the one-network loop, the batch driver interleaves many
// members), and the collection of the results: pressures, pumps, diagnostics, thermal reports and
// the energy budget (Eq. T-7).
#include "liquid/solver_impl.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "liquid/link_host.hpp"

namespace factwin::liquid::detail {

bool Solver::outer_start(bool with_thermal) {
  with_thermal_ = with_thermal;
  outer_ = 1;
  final_pass_ = false;
  if (outer_ > net_.options.max_outer_iterations) return false;
  conv_.outer_iterations = outer_;
  return true;
}

bool Solver::outer_after_hydraulics() {
  const SolverOptions& o = net_.options;
  if (final_pass_) {
    energy_.solve(diags_);
    conv_.converged = true;
    return false;
  }
  const double verr = update_control_valves();
  std::vector<double> Told = T_;
  if (with_thermal_) energy_.solve(diags_);
  double dT = 0;
  for (std::size_t i = 0; i < nn_; ++i) dT = std::max(dT, std::fabs(T_[i] - Told[i]));
  conv_.temperature_change = dT;
  const std::vector<double> rho_old = rho_;
  update_properties();
  double drho = 0;
  for (std::size_t c = 0; c < rho_.size(); ++c) drho = std::max(drho, std::fabs(rho_[c] - rho_old[c]) / rho_[c]);
  const bool props_done = !with_thermal_ || (dT < o.temperature_tolerance);
  if (verr < 1e-9 && props_done) {
    if (with_thermal_ && drho > 0) {
      // properties were updated after the last thermal pass: one more hydraulic + thermal pass
      // keeps everything consistent with the reported properties
      final_pass_ = true;
      return true;
    }
    conv_.converged = true;
    return false;
  }
  if (outer_ == o.max_outer_iterations) {
    conv_.converged = false;
    if (verr >= 1e-9)
      diags_.push_back({Diagnostic::Level::warning, net_.name,
                       "control valves did not reach their setpoints in " + std::to_string(outer_) +
                           " outer iterations (relative error " + fmt(verr) + ")"});
    if (!props_done)
      throw ConvergenceError("liquid network \"" + net_.name + "\": temperatures still change by " + fmt(dT) +
                                 " K after " + std::to_string(outer_) + " outer iterations (tolerance " +
                                 fmt(o.temperature_tolerance) + " K)",
                             history_);
    conv_.converged = true;
    return false;
  }
  ++outer_;
  conv_.outer_iterations = outer_;
  return true;
}

Result Solver::run(bool with_thermal) {
  for (bool more = outer_start(with_thermal); more; more = outer_after_hydraulics()) hydraulics();
  return collect(with_thermal_);
}

Result Solver::collect(bool with_thermal) {
  Result r;
  r.head = H_;
  r.flow = Q_;
  r.temperature = T_;
  r.circuit = circ_;
  r.pressure.resize(nn_);
  for (std::size_t i = 0; i < nn_; ++i)
    r.pressure[i] = rho_[static_cast<std::size_t>(circ_[i])] * g * (H_[i] - net_.nodes[i].elevation);
  r.headloss.resize(nl_);
  r.velocity.assign(nl_, 0.0);
  r.link_open = open_;
  r.valve_opening = opening_;
  r.link_out_temperature.assign(nl_, 0.0);
  r.link_heat.assign(nl_, 0.0);
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    r.headloss[l] = H_[fr(l)] - H_[to(l)];
    if (k.pipe.diameter > 0 && (k.type == LinkType::pipe || k.type == LinkType::check_valve))
      r.velocity[l] = std::fabs(Q_[l]) / (0.25 * host::kPi * k.pipe.diameter * k.pipe.diameter);
  }
  if (with_thermal) energy_.link_outlets(r);
  // pumps
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    if (k.type != LinkType::pump) continue;
    PumpResult p;
    p.link = static_cast<int>(l);
    p.flow = Q_[l];
    p.head = H_[to(l)] - H_[fr(l)];
    p.speed = k.pump.speed;
    p.running = open_[l] && k.pump.speed > 0;
    p.shutoff_head = k.pump.speed * k.pump.speed * k.pump.shutoff_head;
    p.max_flow = k.pump.speed * std::pow(k.pump.shutoff_head / k.pump.curve_r, 1.0 / k.pump.curve_n);
    if (p.running && Q_[l] > 0) {
      p.efficiency = pump_efficiency(k, Q_[l]);
      p.shaft_power = rho_[cof(l)] * g * Q_[l] * std::max(0.0, p.head) / p.efficiency;
      p.electric_power = p.shaft_power / k.pump.motor_efficiency;
    }
    if (k.open && k.pump.speed > 0 && !open_[l])
      diags_.push_back({Diagnostic::Level::warning, k.name,
                       "pump cannot overcome the head across it (" + fmt(-r.headloss[l]) + " m against a shut-off head of " +
                           fmt(p.shutoff_head) + " m): it would be driven backwards; its check valve holds it closed"});
    if (p.running && Q_[l] < 0)
      diags_.push_back({Diagnostic::Level::warning, k.name,
                       "pump is driven backwards (flow " + fmt(Q_[l]) + " m^3/s, head across it " + fmt(p.head) + " m)"});
    if (p.running && Q_[l] > p.max_flow)
      diags_.push_back({Diagnostic::Level::warning, k.name, "pump runs beyond the end of its curve (negative head)"});
    r.pump_power += p.electric_power;
    r.pumps.push_back(p);
  }
  // vapour pressure
  for (std::size_t i = 0; i < nn_; ++i) {
    if (std::isnan(H_[i])) continue;
    const double pabs = r.pressure[i] + net_.options.atmospheric_pressure;
    const double pv = water_vapour_pressure(T_[i]);
    if (pabs < pv)
      diags_.push_back({Diagnostic::Level::warning, net_.nodes[i].name,
                       "absolute pressure " + fmt(pabs / 1e3, 4) + " kPa is below the vapour pressure " + fmt(pv / 1e3, 4) +
                           " kPa at " + fmt(T_[i] - 273.15, 4) + " degC: the coolant would boil (cavitation)"});
  }
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    if (k.type == LinkType::valve && k.valve.control == ValveControl::flow && k.open && !fcv_active_[l])
      diags_.push_back({Diagnostic::Level::warning, k.name,
                       "flow-control valve is fully open and cannot hold its setpoint (" + fmt(Q_[l]) + " < " +
                           fmt(k.valve.setpoint) + " m^3/s)"});
  }
  r.diagnostics = diags_;
  conv_.head_residual = head_residual();
  conv_.continuity_residual = continuity_residual();
  if (!with_thermal) {
    r.convergence = conv_;
    return r;
  }
  conv_.energy_residual = energy_.report(r, diags_);
  if (net_.facility_supply_node >= 0) r.facility_supply_temperature = T_[static_cast<std::size_t>(net_.facility_supply_node)];
  r.diagnostics = diags_;
  r.convergence = conv_;
  return r;
}

}  // namespace factwin::liquid::detail
