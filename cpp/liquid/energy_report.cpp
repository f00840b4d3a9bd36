// SPDX-License-Identifier: Apache-2.0
// Thermal energy balance, the results: outlet temperature and heat of every link, the reports of
// the cold plates, heat sources, chillers (EnergyPlus Chiller:Electric:EIR power, Eq. T-5),
// coolers and CDUs, and the energy budget (Eq. T-7).
#include "liquid/energy_balance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "liquid/link_host.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid::detail {

void EnergyBalance::link_outlets(Result& r) {
  const std::vector<Coef> c = link_coefficients();
  for (std::size_t l = 0; l < nl_; ++l) {
    const double tout = C(l) > 0 ? link_out(c, l) : T_[up(l)];
    r.link_out_temperature[l] = tout;
    r.link_heat[l] = C(l) * (tout - T_[up(l)]);
  }
}

double EnergyBalance::report(Result& r, std::vector<Diagnostic>& diags) const {
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
        diags.push_back({Diagnostic::Level::warning, k.name, "cold plate carries heat but has no coolant flow"});
      if (cr.case_temperature > cr.case_limit)
        diags.push_back({Diagnostic::Level::warning, k.name,
                         "case temperature " + fmt(cr.case_temperature - 273.15, 4) + " degC exceeds the limit " +
                             fmt(cr.case_limit - 273.15, 4) + " degC"});
      r.cold_plates.push_back(cr);
      r.heat_in += r.link_heat[l];
    } else if (k.type == LinkType::heat_source) {
      if (k.heat > 0 && Cl <= 0) diags.push_back({Diagnostic::Level::warning, k.name, "heat source has no coolant flow"});
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
        diags.push_back({Diagnostic::Level::warning, k.name,
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
  return std::fabs(r.heat_in - r.heat_rejected - r.heat_stored) / denom;
}

}  // namespace factwin::liquid::detail
