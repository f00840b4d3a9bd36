// SPDX-License-Identifier: Apache-2.0
// Thermal energy balance, the solve (Eqs. T-1 .. T-6): per-link outlet-temperature coefficients
// (heat, pumps, chillers/coolers by mode, epsilon-NTU CDUs), the node-mixing linear system (one
// sparse LU per set of modes), and the choice of chiller/cooler modes (setpoint or capacity).
#include "liquid/energy_balance.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "factwin/core/error.hpp"
#include "liquid/link_host.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid::detail {
namespace {
using SpMat = Eigen::SparseMatrix<double>;
}  // namespace

double pump_efficiency(const Link& k, double q) {
  const double s = std::max(k.pump.speed, 1e-9);
  double qb = k.pump.best_flow;
  if (!(qb > 0)) qb = (2.0 / 3.0) * std::pow(k.pump.shutoff_head / k.pump.curve_r, 1.0 / k.pump.curve_n);
  const double xq = std::fabs(q) / (s * qb);
  return std::max(0.05 * k.pump.best_efficiency, k.pump.best_efficiency * (2 * xq - xq * xq));
}

EnergyBalance::EnergyBalance(const Network& net, const std::vector<int>& circ, const int& ncirc,
                             const std::vector<double>& rho, const std::vector<double>& cp, const std::vector<double>& H,
                             const std::vector<double>& Q, const std::vector<int>& open, std::vector<double>& T)
    : net_(net), nn_(net.nodes.size()), nl_(net.links.size()), circ_(circ), ncirc_(ncirc), rho_(rho), cp_(cp), H_(H),
      Q_(Q), open_(open), T_(T) {}

double EnergyBalance::chiller_condenser(const Link& k) const {
  return k.chiller.condenser_entering > 0 ? k.chiller.condenser_entering
                                          : net_.ambient.dry_bulb + k.chiller.condenser_approach;
}

double EnergyBalance::biquad(const std::array<double, 6>& c, double x, double y) {
  return c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y;
}

std::vector<EnergyBalance::Coef> EnergyBalance::link_coefficients() {
  std::vector<Coef> c(nl_);
  pump_shaft_.assign(nl_, 0.0);
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    const double Cl = C(l);
    Coef& e = c[l];
    if (Cl <= 0) continue;
    const double tin = T_[up(l)];
    switch (k.type) {
      case LinkType::pump:
        if (open_[l] && net_.options.pump_heat) {
          const double head = H_[to(l)] - H_[fr(l)];
          if (Q_[l] > 0 && head > 0) {
            pump_shaft_[l] = rho_[cof(l)] * kGravity * Q_[l] * head / pump_efficiency(k, Q_[l]);
            e.beta = pump_shaft_[l] / Cl;
          }
        }
        break;
      case LinkType::cold_plate: e.beta = k.cold_plate.heat / Cl; break;
      case LinkType::heat_source: e.beta = k.heat / Cl; break;
      case LinkType::chiller:
        if (mode_[l] == setpoint) {
          e.alpha = 0;
          e.beta = k.chiller.leaving_setpoint;
        } else if (mode_[l] == capacity) {
          e.beta = -chiller_cap_[l] / Cl;
        }
        break;
      case LinkType::dry_cooler:
      case LinkType::cooling_tower: {
        const double amb = k.type == LinkType::dry_cooler ? net_.ambient.dry_bulb : net_.ambient.wet_bulb;
        if (mode_[l] == setpoint) {
          e.alpha = 0;
          e.beta = amb + k.cooler.approach;
        } else if (mode_[l] == capacity) {
          e.beta = -k.cooler.capacity / Cl;
        }
        break;
      }
      default: break;
    }
    (void)tin;
  }
  for (std::size_t u = 0; u < net_.cdus.size(); ++u) {
    const Cdu& d = net_.cdus[u];
    const std::size_t h = static_cast<std::size_t>(d.hot_link), k = static_cast<std::size_t>(d.cold_link);
    const double Ch = C(h), Cc = C(k);
    if (Ch <= 0 || Cc <= 0 || !open_[h] || !open_[k]) continue;
    const double cmin = std::min(Ch, Cc), cmax = std::max(Ch, Cc);
    const double eps = host::effectiveness_counterflow(d.ua / cmin, cmin / cmax);
    c[h].alpha = 1 - eps * cmin / Ch;
    c[h].gamma = eps * cmin / Ch;
    c[h].partner = static_cast<int>(k);
    c[k].alpha = 1 - eps * cmin / Cc;
    c[k].gamma = eps * cmin / Cc;
    c[k].partner = static_cast<int>(h);
  }
  return c;
}

// Solves the linear energy balance for fixed component modes. A closed circuit whose components
// are all pass-through (no heat, nothing at a setpoint) has an undetermined temperature level:
// a retry (solve_modes) pins its fixed-head node at the previous temperature (`pin`). False when
// the balance is singular or has no steady state.
bool EnergyBalance::linear_try(const std::vector<Coef>& c, bool pin) {
  // Groups of circuits coupled by working CDUs. A group is anchored when some flowing link fixes
  // its outlet temperature (alpha = 0), or a fixed-head node feeds it from outside (pure source
  // or net supply), or a junction injects water. An unanchored group has a singular balance.
  std::vector<int> grp(static_cast<std::size_t>(ncirc_));
  for (int k = 0; k < ncirc_; ++k) grp[static_cast<std::size_t>(k)] = k;
  auto find = [&](int a) {
    while (grp[static_cast<std::size_t>(a)] != a) a = grp[static_cast<std::size_t>(a)];
    return a;
  };
  for (const Cdu& d : net_.cdus)
    if (c[static_cast<std::size_t>(d.hot_link)].partner >= 0) {
      const int a = find(static_cast<int>(cof(static_cast<std::size_t>(d.hot_link))));
      const int b2 = find(static_cast<int>(cof(static_cast<std::size_t>(d.cold_link))));
      if (a != b2) grp[static_cast<std::size_t>(a)] = b2;
    }
  std::vector<int> anchored(static_cast<std::size_t>(ncirc_), 0);
  {
    std::vector<double> mi(nn_, 0.0), mo(nn_, 0.0);
    for (std::size_t l = 0; l < nl_; ++l) {
      if (Q_[l] == 0) continue;
      mi[down(l)] += std::fabs(Q_[l]);
      mo[up(l)] += std::fabs(Q_[l]);
      if (c[l].alpha == 0.0) anchored[static_cast<std::size_t>(find(static_cast<int>(cof(l))))] = 1;
    }
    for (std::size_t i = 0; i < nn_; ++i) {
      const Node& n = net_.nodes[i];
      const bool feeds = (n.type == NodeType::fixed_head && mo[i] > mi[i] * (1 + 1e-9) && mo[i] > 0) ||
                         (n.type != NodeType::fixed_head && n.demand < 0);
      if (feeds) anchored[static_cast<std::size_t>(find(circ_[i]))] = 1;
    }
  }
  std::vector<int> circ_fixed(static_cast<std::size_t>(ncirc_), 1);
  for (int k = 0; k < ncirc_; ++k)
    if (!anchored[static_cast<std::size_t>(find(k))]) {
      if (!pin) return false;
      circ_fixed[static_cast<std::size_t>(find(k))] = 0;  // pin one fixed-head node of the group
    }
  std::vector<std::size_t> pinned_nodes;
  std::vector<Eigen::Triplet<double>> trip;
  Eigen::VectorXd b = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(nn_));
  std::vector<double> min(nn_, 0.0), mout(nn_, 0.0);
  std::vector<int> pinned(nn_, 0);
  for (std::size_t l = 0; l < nl_; ++l) {
    const double m = rho_[cof(l)] * std::fabs(Q_[l]);
    if (m <= 0) continue;
    min[down(l)] += m;
    mout[up(l)] += m;
  }
  for (std::size_t i = 0; i < nn_; ++i) {
    const Node& n = net_.nodes[i];
    const auto r = static_cast<Eigen::Index>(i);
    const double rc = rho_[static_cast<std::size_t>(circ_[i])];
    double inj = 0;  // mass injected at the node at its supply temperature
    if (n.type == NodeType::fixed_head) {
      if (mout[i] > min[i]) inj = mout[i] - min[i];  // supplies the network
      if (pin && !circ_fixed[static_cast<std::size_t>(find(circ_[i]))]) {
        circ_fixed[static_cast<std::size_t>(find(circ_[i]))] = 1;
        pinned[i] = 1;
        pinned_nodes.push_back(i);
        trip.emplace_back(r, r, 1.0);
        b[r] = T_[i];
        continue;
      }
      if (min[i] <= 0) {                               // pure source
        trip.emplace_back(r, r, 1.0);
        b[r] = n.supply_temperature;
        continue;
      }
    } else if (n.demand < 0) {
      inj = -n.demand * rc;
    }
    const double diag = min[i] + inj;
    if (diag <= 0) {  // stagnant or isolated: keep the previous temperature
      trip.emplace_back(r, r, 1.0);
      b[r] = T_[i];
      continue;
    }
    trip.emplace_back(r, r, diag);
    b[r] = inj * n.supply_temperature;
  }
  for (std::size_t l = 0; l < nl_; ++l) {
    const double m = rho_[cof(l)] * std::fabs(Q_[l]);
    if (m <= 0) continue;
    const std::size_t dn = down(l);
    const Node& n = net_.nodes[dn];
    if ((n.type == NodeType::fixed_head && min[dn] <= 0) || pinned[dn]) continue;
    const auto r = static_cast<Eigen::Index>(dn);
    trip.emplace_back(r, static_cast<Eigen::Index>(up(l)), -m * c[l].alpha);
    b[r] += m * c[l].beta;
    if (c[l].partner >= 0)
      trip.emplace_back(r, static_cast<Eigen::Index>(up(static_cast<std::size_t>(c[l].partner))), -m * c[l].gamma);
  }
  SpMat A(static_cast<Eigen::Index>(nn_), static_cast<Eigen::Index>(nn_));
  A.setFromTriplets(trip.begin(), trip.end());
  Eigen::SparseLU<SpMat> lu;
  lu.compute(A);
  if (lu.info() != Eigen::Success) return false;
  const Eigen::VectorXd t = lu.solve(b);
  for (std::size_t i = 0; i < nn_; ++i)
    if (!std::isfinite(t[static_cast<Eigen::Index>(i)])) return false;
  // A pinned group must be in balance by itself (its own mixing equation, dropped for the pin,
  // holds); otherwise it has no steady state.
  for (std::size_t i : pinned_nodes) {
    double res = 0, scale = 0;
    for (std::size_t l = 0; l < nl_; ++l) {
      const double m = rho_[cof(l)] * std::fabs(Q_[l]);
      if (m <= 0 || down(l) != i) continue;
      double tout = c[l].alpha * t[static_cast<Eigen::Index>(up(l))] + c[l].beta;
      if (c[l].partner >= 0) tout += c[l].gamma * t[static_cast<Eigen::Index>(up(static_cast<std::size_t>(c[l].partner)))];
      res += m * (tout - t[static_cast<Eigen::Index>(i)]);
      scale += m * std::fabs(c[l].beta);
    }
    if (std::fabs(res) > 1e-9 * std::max(scale, 1e-300) && std::fabs(res) > 1e-12) return false;
  }
  for (std::size_t i = 0; i < nn_; ++i) T_[i] = t[static_cast<Eigen::Index>(i)];
  return true;
}

double EnergyBalance::link_out(const std::vector<Coef>& c, std::size_t l) const {
  double t = c[l].alpha * T_[up(l)] + c[l].beta;
  if (c[l].partner >= 0) t += c[l].gamma * T_[up(static_cast<std::size_t>(c[l].partner))];
  return t;
}

// Modes that the current inlet temperatures ask for (chillers and coolers; Eq. T-6).
std::vector<int> EnergyBalance::desired_modes(const std::vector<Coef>& c) {
  std::vector<int> want = mode_;
  for (std::size_t l = 0; l < nl_; ++l) {
    const Link& k = net_.links[l];
    int m = pass;
    const double Cl = C(l);
    const double tin = T_[up(l)];
    if (k.type == LinkType::chiller) {
      const double tl = mode_[l] == setpoint ? k.chiller.leaving_setpoint : link_out(c, l);
      chiller_cap_[l] = k.chiller.capacity * biquad(k.chiller.capft, tl - 273.15, chiller_condenser(k) - 273.15);
      if (Cl > 0 && open_[l] && tin > k.chiller.leaving_setpoint)
        m = Cl * (tin - k.chiller.leaving_setpoint) > chiller_cap_[l] * (1 + 1e-12) ? capacity : setpoint;
    } else if (k.type == LinkType::dry_cooler || k.type == LinkType::cooling_tower) {
      const double amb = k.type == LinkType::dry_cooler ? net_.ambient.dry_bulb : net_.ambient.wet_bulb;
      const double target = amb + k.cooler.approach;
      if (Cl > 0 && open_[l] && tin > target)
        m = (k.cooler.capacity > 0 && Cl * (tin - target) > k.cooler.capacity * (1 + 1e-12)) ? capacity : setpoint;
    } else {
      continue;
    }
    want[l] = m;
  }
  return want;
}

bool EnergyBalance::solve_modes() {
  const std::vector<Coef> c = link_coefficients();
  return linear_try(c, false) || linear_try(c, true);
}

void EnergyBalance::solve(std::vector<Diagnostic>& diags) {
  if (mode_.empty()) {  // start with every chiller and cooler at its setpoint
    mode_.assign(nl_, pass);
    chiller_cap_.assign(nl_, 0.0);
    for (std::size_t l = 0; l < nl_; ++l) {
      const LinkType t = net_.links[l].type;
      if (t == LinkType::chiller || t == LinkType::dry_cooler || t == LinkType::cooling_tower) mode_[l] = setpoint;
    }
  }
  auto no_steady = [&]() {
    return ConvergenceError("liquid network \"" + net_.name + "\": no steady temperature field: a closed circuit gains or "
                            "loses a fixed amount of heat with nothing that adapts (heat sources exceed what the "
                            "chillers/coolers at capacity can remove?)",
                            {});
  };
  if (!solve_modes()) throw no_steady();
  for (int it = 0; it < 200; ++it) {
    const std::vector<int> want = desired_modes(link_coefficients());
    std::vector<std::size_t> changed;
    for (std::size_t l = 0; l < nl_; ++l)
      if (want[l] != mode_[l]) changed.push_back(l);
    if (changed.empty()) return;
    const std::vector<int> saved = mode_;
    const std::vector<double> Tsaved = T_;
    mode_ = want;
    if (solve_modes()) continue;
    // all changes at once give no steady state: change one unit at a time
    mode_ = saved;
    T_ = Tsaved;
    mode_[changed.front()] = want[changed.front()];
    if (!solve_modes()) throw no_steady();
  }
  diags.push_back({Diagnostic::Level::warning, net_.name,
                   "chiller/cooler operating modes kept switching (setpoint vs capacity) after 200 passes"});
}

}  // namespace factwin::liquid::detail
