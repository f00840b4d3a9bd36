// SPDX-License-Identifier: Apache-2.0
// Liquid network solver, set-up: circuits and initial temperatures, link statuses, coolant
// properties per circuit (at the circuit's mean temperature), initial flows, and the link laws
// (LinkArgs) that the link kernels evaluate (link_kernels.inc).
#include "liquid/solver_impl.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "liquid/link_host.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid::detail {

Solver::Solver(const Network& n)
    : net_(n), nn_(n.nodes.size()), nl_(n.links.size()), energy_(n, circ_, ncirc_, rho_, cp_, H_, Q_, open_, T_) {
  circ_ = detail::circuits(net_, &ncirc_);
  rho_.assign(static_cast<std::size_t>(ncirc_), 998.2);
  cp_.assign(static_cast<std::size_t>(ncirc_), 4182.0);
  coolant_.assign(static_cast<std::size_t>(ncirc_), CoolantKind::water);
  for (std::size_t i = 0; i < nn_; ++i)
    if (net_.nodes[i].type == NodeType::fixed_head) coolant_[static_cast<std::size_t>(circ_[i])] = net_.nodes[i].coolant;
  T_.assign(nn_, 0.0);
  // initial temperatures: the circuit's fixed-head supply temperature
  std::vector<double> tc(static_cast<std::size_t>(ncirc_), 293.15);
  for (std::size_t i = 0; i < nn_; ++i)
    if (net_.nodes[i].type == NodeType::fixed_head) tc[static_cast<std::size_t>(circ_[i])] = net_.nodes[i].supply_temperature;
  for (std::size_t i = 0; i < nn_; ++i) T_[i] = tc[static_cast<std::size_t>(circ_[i])];
  H_.assign(nn_, 0.0);
  Q_.assign(nl_, 0.0);
  open_.assign(nl_, 1);
  fcv_active_.assign(nl_, 0);
  opening_.assign(nl_, 1.0);
  link_T_.assign(nl_, 293.15);
  dp_prev_x_.assign(nl_, 0.0);
  dp_prev_g_.assign(nl_, 0.0);
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    open_[l] = k.open ? 1 : 0;
    if (k.type == LinkType::pump && k.pump.speed <= 0) open_[l] = 0;
    if (k.type == LinkType::valve) {
      opening_[l] = k.valve.opening;
      if (k.valve.control == ValveControl::flow && k.open) fcv_active_[l] = 1;
      if (opening_[l] <= 0) open_[l] = 0;
    }
  }
  update_properties();
  initial_flows();
}

void Solver::update_properties() {
  // circuit properties at the circuit's mean node temperature (Eq. C-7)
  std::vector<double> sum(static_cast<std::size_t>(ncirc_), 0.0), cnt(static_cast<std::size_t>(ncirc_), 0.0);
  for (std::size_t i = 0; i < nn_; ++i) {
    sum[static_cast<std::size_t>(circ_[i])] += T_[i];
    cnt[static_cast<std::size_t>(circ_[i])] += 1;
  }
  for (std::size_t c = 0; c < static_cast<std::size_t>(ncirc_); ++c) {
    const CoolantProperties p = coolant_properties(coolant_[c], sum[c] / std::max(1.0, cnt[c]));
    rho_[c] = p.density;
    cp_[c] = p.specific_heat;
  }
  for (std::size_t l = 0; l < nl_; ++l) link_T_[l] = 0.5 * (T_[fr(l)] + T_[to(l)]);
}

void Solver::build_args() {
  args_.assign(nl_, LinkArgs{});
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    LinkArgs& a = args_[l];
    const double rg = rho_[cof(l)] * g;  // Pa per m of head
    if (!open_[l]) {
      a.law = law_closed;
      continue;
    }
    // viscosity: only Darcy-Weisbach pipes use it (Reynolds number)
    const bool darcy = (k.type == LinkType::pipe || k.type == LinkType::check_valve) && k.pipe.diameter > 0 &&
                       k.pipe.formula != HeadLossFormula::hazen_williams;
    double nu = net_.options.kinematic_viscosity;
    if (!(nu > 0) && darcy) {
      // the properties cost several pow() each: kept while the link's temperature is unchanged
      // (a status restart rebuilds the laws at the same temperatures)
      if (visc_.size() != nl_) {
        visc_.assign(nl_, 0.0);
        visc_T_.assign(nl_, std::numeric_limits<double>::quiet_NaN());
      }
      if (!(visc_T_[l] == link_T_[l])) {
        visc_[l] = detail::kinematic_viscosity(coolant_[cof(l)], link_T_[l]);
        visc_T_[l] = link_T_[l];
      }
      nu = visc_[l];
    }
    if (darcy) a.nu = nu;
    switch (k.type) {
      case LinkType::pipe:
      case LinkType::check_valve:
        if (k.pipe.diameter > 0) {
          a.law = k.pipe.formula == HeadLossFormula::hazen_williams ? law_hazen : law_darcy;
          a.friction = k.pipe.friction == FrictionModel::swamee_jain ? 0 : 1;
          a.length = k.pipe.length;
          a.diameter = k.pipe.diameter;
          a.roughness = k.pipe.roughness;
          a.hw_c = k.pipe.hazen_williams_c;
          a.minor_k = k.pipe.minor_loss;
          if (a.law == law_darcy) {
            a.a = k.drop.linear / rg;
            a.b = k.drop.quadratic / rg;
          }
        } else {
          a.law = law_quadratic;
          a.a = k.drop.linear / rg;
          a.b = k.drop.quadratic / rg;
        }
        break;
      case LinkType::pump:
        a.law = law_pump;
        a.h0 = k.pump.shutoff_head;
        a.r = k.pump.curve_r;
        a.n = k.pump.curve_n;
        a.speed = k.pump.speed;
        break;
      case LinkType::valve: {
        if (fcv_active_[l]) {
          a.law = law_fixed_flow;
          a.setpoint = k.valve.setpoint;
          break;
        }
        // dp = 1e5 SG (3600 Q / (Kv x))^2 [Pa], SG = rho/1000 (Eq. H-7)
        const double kv = k.valve.kv * std::max(opening_[l], 1e-12);
        a.law = law_quadratic;
        a.b = 1e5 * (rho_[cof(l)] / 1000.0) * 3600.0 * 3600.0 / (kv * kv) / rg;
        a.a = 0;
        break;
      }
      default:
        a.law = law_quadratic;
        a.a = k.drop.linear / rg;
        a.b = k.drop.quadratic / rg;
        break;
    }
  }
}

void Solver::initial_flows() {
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    if (k.type == LinkType::pipe && k.pipe.diameter > 0) {
      Q_[l] = 0.25 * host::kPi * k.pipe.diameter * k.pipe.diameter * 0.3048;  // 1 ft/s, as EPANET
    } else if (k.type == LinkType::pump) {
      Q_[l] = k.pump.best_flow > 0 ? k.pump.best_flow * k.pump.speed
                                  : std::pow(0.5 * k.pump.shutoff_head / k.pump.curve_r, 1.0 / k.pump.curve_n);
    } else if (k.type == LinkType::valve && k.valve.control == ValveControl::flow) {
      Q_[l] = k.valve.setpoint;
    } else {
      const double b = k.drop.quadratic / (998.0 * g), a = k.drop.linear / (998.0 * g);
      Q_[l] = b > 0 ? std::sqrt(1.0 / b) : (a > 0 ? 1.0 / a : 1e-3);
    }
    if (!open_[l]) Q_[l] = 0;
  }
}

}  // namespace factwin::liquid::detail
