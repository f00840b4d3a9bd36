// SPDX-License-Identifier: Apache-2.0
// Liquid network solver, statuses and control valves: check valves and pumps with a check valve
// closed against reverse flow and reopened (Eq. H-8, inside the hydraulic solve), and the
// flow-control and differential-pressure valves adjusted between hydraulic solves (Eq. H-9).
#include "liquid/solver_impl.hpp"

#include <algorithm>
#include <cmath>

namespace factwin::liquid::detail {

bool Solver::update_status(bool allow_open) {
  bool changed = false;
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    if (!k.open) continue;
    const double dh = H_[fr(l)] - H_[to(l)];  // head drop across the link
    if (k.type == LinkType::check_valve) {
      if (open_[l] && Q_[l] < 0) {
        open_[l] = 0;
        changed = true;
      } else if (allow_open && !open_[l] && dh > 0) {
        open_[l] = 1;
        changed = true;
      }
    } else if (k.type == LinkType::pump && k.pump.speed > 0 && k.pump.has_check_valve) {
      const double h0 = k.pump.speed * k.pump.speed * k.pump.shutoff_head;
      if (open_[l] && Q_[l] < 0) {
        open_[l] = 0;
        changed = true;
      } else if (allow_open && !open_[l] && -dh < h0) {
        open_[l] = 1;
        Q_[l] = 1e-6;
        changed = true;
      }
    }
  }
  return changed;
}

double Solver::update_control_valves() {
  double err = 0;
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    if (k.type != LinkType::valve || !k.open || k.valve.control == ValveControl::none) continue;
    const double rg = rho_[cof(l)] * g;
    const double bfull = 1e5 * (rho_[cof(l)] / 1000.0) * 3600.0 * 3600.0 / (k.valve.kv * k.valve.kv) / rg;
    if (k.valve.control == ValveControl::flow) {
      const double qs = k.valve.setpoint;
      if (fcv_active_[l]) {
        const double need = H_[fr(l)] - H_[to(l)];
        const double full = bfull * qs * std::fabs(qs);
        if (need <= full) {  // cannot hold the setpoint even fully open
          fcv_active_[l] = 0;
          opening_[l] = 1.0;
          err = std::max(err, 1.0);
        } else {
          opening_[l] = std::max(k.valve.min_opening, std::sqrt(full / need));
        }
      } else if (opening_[l] >= 1.0 && Q_[l] > qs) {
        fcv_active_[l] = 1;
        err = std::max(err, 1.0);
      }
      if (!fcv_active_[l]) err = std::max(err, 0.0);
    } else {
      const std::size_t hi = k.valve.dp_node_high >= 0 ? static_cast<std::size_t>(k.valve.dp_node_high) : fr(l);
      const std::size_t lo = k.valve.dp_node_low >= 0 ? static_cast<std::size_t>(k.valve.dp_node_low) : to(l);
      const double dp = rho_[cof(l)] * g * ((H_[hi] - net_.nodes[hi].elevation) - (H_[lo] - net_.nodes[lo].elevation));
      const double sp = k.valve.setpoint;
      if (!(sp > 0) || !(dp > 0)) continue;
      const double x0 = opening_[l];
      const double g0 = std::log(dp / sp);  // residual in log form
      const double lmin = std::log(k.valve.min_opening);
      double lx;
      if (dp_prev_x_[l] > 0 && std::fabs(std::log(x0) - std::log(dp_prev_x_[l])) > 1e-14 && g0 != dp_prev_g_[l]) {
        // secant on log(opening)
        const double slope = (g0 - dp_prev_g_[l]) / (std::log(x0) - std::log(dp_prev_x_[l]));
        lx = std::log(x0) - g0 / slope;
      } else {
        // first step: a valve in series with the controlled branch, dp ~ x^2 across the branch
        // (~ x^-2 across itself, when its own ends are controlled)
        const bool across_self = k.valve.dp_node_high < 0;
        lx = std::log(x0) + (across_self ? 0.5 : -0.5) * g0;
      }
      lx = std::clamp(lx, std::max(lmin, std::log(x0) - 1.0), std::min(0.0, std::log(x0) + 1.0));
      dp_prev_x_[l] = x0;
      dp_prev_g_[l] = g0;
      const double x = std::exp(lx);
      const bool pinned_at_limit = x == x0 && (x >= 1.0 || x <= k.valve.min_opening);
      err = std::max(err, pinned_at_limit ? 0.0 : std::fabs(dp - sp) / sp);
      opening_[l] = x;
    }
  }
  return err;
}

}  // namespace factwin::liquid::detail
