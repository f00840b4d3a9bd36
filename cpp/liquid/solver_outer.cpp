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
    thermal();
    conv_.converged = true;
    return false;
  }
  const double verr = update_control_valves();
  std::vector<double> Told = T_;
  if (with_thermal_) thermal();
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
  const std::vector<Coef> c = with_thermal ? link_coefficients() : std::vector<Coef>(nl_);
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    r.headloss[l] = H_[fr(l)] - H_[to(l)];
    if (k.pipe.diameter > 0 && (k.type == LinkType::pipe || k.type == LinkType::check_valve))
      r.velocity[l] = std::fabs(Q_[l]) / (0.25 * host::kPi * k.pipe.diameter * k.pipe.diameter);
    if (!with_thermal) continue;
    const double tout = C(l) > 0 ? link_out(c, l) : T_[up(l)];
    r.link_out_temperature[l] = tout;
    r.link_heat[l] = C(l) * (tout - T_[up(l)]);
  }
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
      p.efficiency = pump_eff(k, Q_[l]);
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
  // thermal reports and the energy budget (Eq. T-7)
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    const double Cl = C(l);
    const double tin = T_[up(l)];
    if (k.type == LinkType::cold_plate) {
      ColdPlateResult cr;
      cr.link = static_cast<int>(l);
      const int n = k.cold_plate.count;
      cr.flow_per_plate = std::fabs(Q_[l]) / n;
      cr.inlet_temperature = tin;
      cr.outlet_temperature = r.link_out_temperature[l];
      cr.heat = k.cold_plate.heat;
      cr.case_limit = k.cold_plate.case_limit;
      if (cr.flow_per_plate > 0) {
        const double R = k.cold_plate.resistance *
                         std::pow(cr.flow_per_plate / k.cold_plate.rated_flow, -k.cold_plate.resistance_exponent);
        cr.case_temperature = tin + (k.cold_plate.heat / n) * R;
      } else {
        cr.case_temperature = std::numeric_limits<double>::infinity();
      }
      if (k.cold_plate.heat > 0 && Cl <= 0)
        diags_.push_back({Diagnostic::Level::warning, k.name, "cold plate carries heat but has no coolant flow"});
      if (cr.case_temperature > cr.case_limit)
        diags_.push_back({Diagnostic::Level::warning, k.name,
                         "case temperature " + fmt(cr.case_temperature - 273.15, 4) + " degC exceeds the limit " +
                             fmt(cr.case_limit - 273.15, 4) + " degC"});
      r.cold_plates.push_back(cr);
      r.heat_in += r.link_heat[l];
    } else if (k.type == LinkType::heat_source) {
      if (k.heat > 0 && Cl <= 0) diags_.push_back({Diagnostic::Level::warning, k.name, "heat source has no coolant flow"});
      r.heat_in += r.link_heat[l];
    } else if (k.type == LinkType::pump) {
      r.heat_in += r.link_heat[l];
    } else if (k.type == LinkType::chiller) {
      ChillerResult ch;
      ch.link = static_cast<int>(l);
      ch.duty = -r.link_heat[l];
      ch.condenser_entering = chiller_condenser(k);
      const double tl = r.link_out_temperature[l];
      ch.available_capacity = k.chiller.capacity * biquad(k.chiller.capft, tl - 273.15, ch.condenser_entering - 273.15);
      ch.at_capacity = mode_.size() == nl_ && mode_[l] == capacity;
      if (ch.duty > 0 && ch.available_capacity > 0) {
        ch.part_load = ch.duty / ch.available_capacity;
        const double plr = std::max(ch.part_load, k.chiller.min_plr);
        const double cycling = std::min(1.0, ch.part_load / k.chiller.min_plr);
        const double eirfplr = k.chiller.eirfplr[0] + k.chiller.eirfplr[1] * plr + k.chiller.eirfplr[2] * plr * plr;
        // EnergyPlus Chiller:Electric:EIR: P = Cap_avail / COP_ref * EIRFT * EIRFPLR(max(PLR, PLR_min))
        // * cycling ratio min(1, PLR / PLR_min)  (Eq. T-5)
        ch.electric_power = ch.available_capacity / k.chiller.cop *
                            biquad(k.chiller.eirft, tl - 273.15, ch.condenser_entering - 273.15) * eirfplr * cycling;
        ch.cop = ch.duty / ch.electric_power;
      }
      if (ch.at_capacity)
        diags_.push_back({Diagnostic::Level::warning, k.name,
                         "chiller at capacity: leaving temperature " + fmt(tl - 273.15, 4) + " degC above its setpoint"});
      r.chiller_power += ch.electric_power;
      r.heat_rejected += ch.duty;
      r.chillers.push_back(ch);
    } else if (k.type == LinkType::dry_cooler || k.type == LinkType::cooling_tower) {
      CoolerResult co;
      co.link = static_cast<int>(l);
      co.duty = -r.link_heat[l];
      co.fan_power = std::max(0.0, co.duty) * k.cooler.fan_power_ratio;
      co.outlet_temperature = r.link_out_temperature[l];
      co.at_capacity = mode_.size() == nl_ && mode_[l] == capacity;
      r.fan_power += co.fan_power;
      r.heat_rejected += co.duty;
      r.coolers.push_back(co);
    }
  }
  for (std::size_t u = 0; u < net_.cdus.size(); ++u) {
    const Cdu& d = net_.cdus[u];
    const std::size_t h = static_cast<std::size_t>(d.hot_link), k = static_cast<std::size_t>(d.cold_link);
    CduResult cr;
    cr.cdu = static_cast<int>(u);
    cr.hot_in = T_[up(h)];
    cr.hot_out = r.link_out_temperature[h];
    cr.cold_in = T_[up(k)];
    cr.cold_out = r.link_out_temperature[k];
    cr.duty = -r.link_heat[h];
    const double Ch = C(h), Cc = C(k);
    if (Ch > 0 && Cc > 0 && open_[h] && open_[k]) {
      const double cmin = std::min(Ch, Cc);
      cr.ntu = d.ua / cmin;
      cr.effectiveness = host::effectiveness_counterflow(cr.ntu, cmin / std::max(Ch, Cc));
    }
    cr.approach = cr.hot_out - cr.cold_in;
    r.cdus.push_back(cr);
    // the CDU moves heat between circuits: count its imbalance (should be round-off)
    r.heat_in += r.link_heat[h] + r.link_heat[k];
  }
  // enthalpy leaving through fixed-head nodes and demands (open networks)
  std::vector<double> min(nn_, 0.0), mout(nn_, 0.0), hin(nn_, 0.0);
  for (std::size_t l = 0; l < nl_; ++l) {
    const double m = rho_[cof(l)] * std::fabs(Q_[l]);
    if (m <= 0) continue;
    min[down(l)] += m;
    mout[up(l)] += m;
    hin[down(l)] += m * cp_[cof(l)] * (r.link_out_temperature[l] - t_ref);
  }
  double boundary_scale = 0;  // enthalpy carried across the boundary, for the relative residual
  for (std::size_t i = 0; i < nn_; ++i) {
    const Node& n = net_.nodes[i];
    const double cpi = cp_[static_cast<std::size_t>(circ_[i])], rc = rho_[static_cast<std::size_t>(circ_[i])];
    double term = 0;
    if (n.type == NodeType::fixed_head) {
      // enthalpy absorbed from the links minus enthalpy sent into them
      term = hin[i] - mout[i] * cpi * (T_[i] - t_ref);
      boundary_scale += std::fabs(hin[i]) + std::fabs(mout[i] * cpi * (T_[i] - t_ref));
    } else if (n.demand > 0) {
      term = n.demand * rc * cpi * (T_[i] - t_ref);
    } else if (n.demand < 0) {
      term = n.demand * rc * cpi * (n.supply_temperature - t_ref);
    }
    r.heat_rejected += term;
    boundary_scale += std::fabs(term);
  }
  r.heat_stored = 0.0;
  double gross = 0;  // scale of the budget: the largest heat flow of any component
  for (std::size_t l = 0; l < nl_; ++l) gross = std::max(gross, std::fabs(r.link_heat[l]));
  const double denom = std::max({std::fabs(r.heat_in), std::fabs(r.heat_rejected), gross, 0.5 * boundary_scale, 1e-300});
  conv_.energy_residual = std::fabs(r.heat_in - r.heat_rejected - r.heat_stored) / denom;
  if (net_.facility_supply_node >= 0) r.facility_supply_temperature = T_[static_cast<std::size_t>(net_.facility_supply_node)];
  r.diagnostics = diags_;
  r.convergence = conv_;
  return r;
}

}  // namespace factwin::liquid::detail
