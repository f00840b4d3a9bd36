// SPDX-License-Identifier: Apache-2.0
// The thermal-hydraulic network solver of one network (docs/liquid.md sections 2, 3 and 6),
// internal: solve() (solver.cpp) runs it to the end; the lockstep batch driver (batch.cpp) runs the
// Newton iterations of many members together through its resumable steps (hyd_begin,
// newton_prepare, newton_finish, outer_start, outer_after_hydraulics).
//  - hydraulics: global gradient method (Todini & Pilati 1988; EPANET 2.2, Rossman 2000 ch. 12),
//    per-link coefficients from link_kernels.inc, heads from an Eigen SimplicialLDLT solve;
//  - temperatures: steady energy balance, node mixing, epsilon-NTU CDU coupling, one sparse LU
//    solve per set of component states (chillers/coolers at setpoint or capacity);
//  - an outer loop updates coolant properties, control valves and component states.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "factwin/core/error.hpp"
#include "factwin/liquid/network.hpp"
#include "liquid/kernels/link_batch_args.hpp"
#include "liquid/link_host.hpp"
#include "liquid/nested_dissection.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid::detail {

struct Solver {
  static constexpr double g = 9.80665;
  static constexpr double t_ref = 273.15;  // enthalpy reference for boundary flows [K]

  static std::string fmt(double v, int prec = 6) {
    std::ostringstream os;
    os.precision(prec);
    os << v;
    return os.str();
  }

  const Network& net;
  std::size_t nn, nl;
  std::vector<int> circ;
  int ncirc = 0;
  std::vector<double> rho, cp;          // per circuit
  std::vector<CoolantKind> coolant;     // per circuit
  std::vector<double> T;                // per node [K]
  std::vector<double> H, Q;             // heads, flows
  std::vector<int> open;                // current status per link
  std::vector<int> fcv_active;          // flow-control valve holds its setpoint
  std::vector<double> opening;          // valve openings
  std::vector<double> link_T;           // mean temperature per link, for viscosity
  std::vector<double> visc_T_, visc_;   // kinematic viscosity per link and the link_T it is for
  std::vector<double> dp_prev_x, dp_prev_g;  // secant memory of differential-pressure valves
  std::vector<LinkArgs> args;
  std::vector<Diagnostic> diags;
  Convergence conv;
  std::vector<double> history;
  int status_rounds = 0;

  explicit Solver(const Network& n) : net(n), nn(n.nodes.size()), nl(n.links.size()) {
    circ = detail::circuits(net, &ncirc);
    rho.assign(static_cast<std::size_t>(ncirc), 998.2);
    cp.assign(static_cast<std::size_t>(ncirc), 4182.0);
    coolant.assign(static_cast<std::size_t>(ncirc), CoolantKind::water);
    for (std::size_t i = 0; i < nn; ++i)
      if (net.nodes[i].type == NodeType::fixed_head) coolant[static_cast<std::size_t>(circ[i])] = net.nodes[i].coolant;
    T.assign(nn, 0.0);
    // initial temperatures: the circuit's fixed-head supply temperature
    std::vector<double> tc(static_cast<std::size_t>(ncirc), 293.15);
    for (std::size_t i = 0; i < nn; ++i)
      if (net.nodes[i].type == NodeType::fixed_head) tc[static_cast<std::size_t>(circ[i])] = net.nodes[i].supply_temperature;
    for (std::size_t i = 0; i < nn; ++i) T[i] = tc[static_cast<std::size_t>(circ[i])];
    H.assign(nn, 0.0);
    Q.assign(nl, 0.0);
    open.assign(nl, 1);
    fcv_active.assign(nl, 0);
    opening.assign(nl, 1.0);
    link_T.assign(nl, 293.15);
    dp_prev_x.assign(nl, 0.0);
    dp_prev_g.assign(nl, 0.0);
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      open[l] = k.open ? 1 : 0;
      if (k.type == LinkType::pump && k.pump.speed <= 0) open[l] = 0;
      if (k.type == LinkType::valve) {
        opening[l] = k.valve.opening;
        if (k.valve.control == ValveControl::flow && k.open) fcv_active[l] = 1;
        if (opening[l] <= 0) open[l] = 0;
      }
    }
    update_properties();
    initial_flows();
  }

  [[nodiscard]] std::size_t cof(std::size_t l) const { return static_cast<std::size_t>(circ[static_cast<std::size_t>(net.links[l].from)]); }
  [[nodiscard]] std::size_t fr(std::size_t l) const { return static_cast<std::size_t>(net.links[l].from); }
  [[nodiscard]] std::size_t to(std::size_t l) const { return static_cast<std::size_t>(net.links[l].to); }

  void update_properties() {
    // circuit properties at the circuit's mean node temperature (Eq. C-7)
    std::vector<double> sum(static_cast<std::size_t>(ncirc), 0.0), cnt(static_cast<std::size_t>(ncirc), 0.0);
    for (std::size_t i = 0; i < nn; ++i) {
      sum[static_cast<std::size_t>(circ[i])] += T[i];
      cnt[static_cast<std::size_t>(circ[i])] += 1;
    }
    for (std::size_t c = 0; c < static_cast<std::size_t>(ncirc); ++c) {
      const CoolantProperties p = coolant_properties(coolant[c], sum[c] / std::max(1.0, cnt[c]));
      rho[c] = p.density;
      cp[c] = p.specific_heat;
    }
    for (std::size_t l = 0; l < nl; ++l) link_T[l] = 0.5 * (T[fr(l)] + T[to(l)]);
  }

  // Head of a pressure-given fixed node depends on the density.
  [[nodiscard]] double fixed_head(std::size_t i) const {
    const Node& n = net.nodes[i];
    if (n.pressure_given) return n.elevation + n.pressure / (rho[static_cast<std::size_t>(circ[i])] * g);
    return n.head;
  }

  void build_args() {
    args.assign(nl, LinkArgs{});
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      LinkArgs& a = args[l];
      const double rg = rho[cof(l)] * g;  // Pa per m of head
      if (!open[l]) {
        a.law = law_closed;
        continue;
      }
      // viscosity: only Darcy-Weisbach pipes use it (Reynolds number)
      const bool darcy = (k.type == LinkType::pipe || k.type == LinkType::check_valve) && k.pipe.diameter > 0 &&
                         k.pipe.formula != HeadLossFormula::hazen_williams;
      double nu = net.options.kinematic_viscosity;
      if (!(nu > 0) && darcy) {
        // the properties cost several pow() each: kept while the link's temperature is unchanged
        // (a status restart rebuilds the laws at the same temperatures)
        if (visc_.size() != nl) {
          visc_.assign(nl, 0.0);
          visc_T_.assign(nl, std::numeric_limits<double>::quiet_NaN());
        }
        if (!(visc_T_[l] == link_T[l])) {
          visc_[l] = detail::kinematic_viscosity(coolant[cof(l)], link_T[l]);
          visc_T_[l] = link_T[l];
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
          if (fcv_active[l]) {
            a.law = law_fixed_flow;
            a.setpoint = k.valve.setpoint;
            break;
          }
          // dp = 1e5 SG (3600 Q / (Kv x))^2 [Pa], SG = rho/1000 (Eq. H-7)
          const double kv = k.valve.kv * std::max(opening[l], 1e-12);
          a.law = law_quadratic;
          a.b = 1e5 * (rho[cof(l)] / 1000.0) * 3600.0 * 3600.0 / (kv * kv) / rg;
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

  void initial_flows() {
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      if (k.type == LinkType::pipe && k.pipe.diameter > 0) {
        Q[l] = 0.25 * host::kPi * k.pipe.diameter * k.pipe.diameter * 0.3048;  // 1 ft/s, as EPANET
      } else if (k.type == LinkType::pump) {
        Q[l] = k.pump.best_flow > 0 ? k.pump.best_flow * k.pump.speed
                                    : std::pow(0.5 * k.pump.shutoff_head / k.pump.curve_r, 1.0 / k.pump.curve_n);
      } else if (k.type == LinkType::valve && k.valve.control == ValveControl::flow) {
        Q[l] = k.valve.setpoint;
      } else {
        const double b = k.drop.quadratic / (998.0 * g), a = k.drop.linear / (998.0 * g);
        Q[l] = b > 0 ? std::sqrt(1.0 / b) : (a > 0 ? 1.0 / a : 1e-3);
      }
      if (!open[l]) Q[l] = 0;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Hydraulics: GGA (Eqs. H-1, H-2), as resumable steps. hydraulics() (one network on the CPU)
  // runs them in a loop; the lockstep batch driver (batch.cpp) advances many members one Newton
  // iteration at a time, with the coefficients, the assembly and the head solves batched
  // (docs/liquid.md section 6):
  //   hyd_begin()       statuses -> link laws, reachability, dead-end pruning, matrix rows
  //   newton_prepare()  counters of the next iteration, fixed flows
  //   [p, y of every link; assembly of the head system; head solve -> H of the rows]
  //   newton_finish()   dead-end heads, flow update, convergence and status checks
  // A status change restarts the hydraulic solve from hyd_begin() (the iteration count `it_` and
  // the early status checks restart with it; `conv.iterations` counts on).
  // ------------------------------------------------------------------------------------------
  std::vector<int> row_;                                    // matrix row of each node (-1: none)
  std::vector<int> pruned_;                                 // dead-end links (no flow)
  std::vector<std::pair<std::size_t, std::size_t>> order_;  // (leaf node, its link), pruning order
  std::vector<char> couples_;                               // link enters the head matrix
  int nu_ = 0;                                              // rows of the head system
  int it_ = 0;                                              // Newton iteration of this hydraulic solve

  enum class NewtonStep { iterate, restart, done };

  void hyd_begin() {
    build_args();
    // nodes connected to a fixed-head node through open links
    std::vector<int> reach(nn, 0);
    std::vector<std::vector<std::size_t>> adj(nn);
    for (std::size_t l = 0; l < nl; ++l)
      if (args[l].law != law_closed) {
        adj[fr(l)].push_back(l);
        adj[to(l)].push_back(l);
      }
    std::vector<std::size_t> stack;
    for (std::size_t i = 0; i < nn; ++i)
      if (net.nodes[i].type == NodeType::fixed_head) {
        reach[i] = 1;
        stack.push_back(i);
        H[i] = fixed_head(i);
      }
    while (!stack.empty()) {
      const std::size_t i = stack.back();
      stack.pop_back();
      for (std::size_t l : adj[i]) {
        const std::size_t j = fr(l) == i ? to(l) : fr(l);
        if (!reach[j]) {
          reach[j] = 1;
          stack.push_back(j);
        }
      }
    }
    // Dead-end branches (a zero-demand junction with one open link, repeatedly) carry no flow: they
    // are taken out of the matrix and their heads follow from their neighbour afterwards. Left in,
    // their near-infinite zero-flow conductance would spoil the conditioning of the solve.
    std::vector<int> leaf(nn, 0), deg(nn, 0);
    pruned_.assign(nl, 0);
    order_.clear();
    for (std::size_t l = 0; l < nl; ++l)
      if (args[l].law != law_closed) {
        ++deg[fr(l)];
        ++deg[to(l)];
      }
    auto prunable = [&](std::size_t i) {
      return net.nodes[i].type != NodeType::fixed_head && reach[i] && net.nodes[i].demand == 0.0 && deg[i] == 1 && !leaf[i];
    };
    std::vector<std::size_t> queue;
    for (std::size_t i = 0; i < nn; ++i)
      if (prunable(i)) queue.push_back(i);
    while (!queue.empty()) {
      const std::size_t i = queue.back();
      queue.pop_back();
      if (!prunable(i)) continue;
      std::size_t link = nl;
      for (std::size_t l : adj[i])
        if (!pruned_[l]) link = l;
      if (link == nl || args[link].law == law_fixed_flow) continue;
      pruned_[link] = 1;
      leaf[i] = 1;
      deg[i] = 0;
      order_.emplace_back(i, link);
      const std::size_t j = fr(link) == i ? to(link) : fr(link);
      --deg[j];
      if (prunable(j)) queue.push_back(j);
    }
    for (std::size_t l = 0; l < nl; ++l)
      if (pruned_[l]) Q[l] = 0;

    row_.assign(nn, -1);
    nu_ = 0;
    for (std::size_t i = 0; i < nn; ++i) {
      if (net.nodes[i].type == NodeType::fixed_head || leaf[i]) continue;
      if (!reach[i]) {
        if (net.nodes[i].demand != 0.0)
          throw InputError("FW-E0602", {"<network " + net.name + ">", 0, 0, "/liquid/nodes/" + std::to_string(i)},
                           "node \"" + net.nodes[i].name + "\" has a demand but is cut off from every fixed-head node by closed links");
        H[i] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      row_[i] = nu_++;
    }
    for (std::size_t l = 0; l < nl; ++l)
      if (args[l].law == law_closed) Q[l] = 0;
    couples_.assign(nl, 0);
    for (std::size_t l = 0; l < nl; ++l)
      couples_[l] = (args[l].law != law_closed && args[l].law != law_fixed_flow && !pruned_[l]) ? 1 : 0;
    it_ = 0;
  }

  /// True while this hydraulic solve may take another Newton iteration.
  [[nodiscard]] bool newton_left() const { return it_ < net.options.max_iterations; }

  void newton_prepare() {
    ++it_;
    ++conv.iterations;
    for (std::size_t l = 0; l < nl; ++l)  // an active flow-control valve is a known flow
      if (args[l].law == law_fixed_flow) Q[l] = args[l].setpoint;
  }

  /// The first iteration of a solve linearises pipes and fixed drops through the origin (secant,
  /// the linear-theory step); Newton's tangent from EPANET's 1 ft/s start only halves the
  /// overestimated flows of lightly loaded links per iteration (docs/liquid.md section 2).
  [[nodiscard]] bool secant_iteration() const { return conv.iterations == 1; }

  [[nodiscard]] ConvergenceError singular_error() const {
    return ConvergenceError("liquid network \"" + net.name + "\": the hydraulic matrix is singular at iteration " +
                                std::to_string(it_) + " (a part of the network without a path to a fixed-head node?)",
                            history);
  }

  /// CPU path of one iteration after the coefficients: assemble the head system into the kept
  /// pattern, factorise (numeric only), solve; H of the rows.
  void cpu_head_solve(const std::vector<double>& p, const std::vector<double>& y) {
    Eigen::VectorXd F(nu_), x(nu_);
    F.setZero();
    double* val = A_.valuePtr();
    std::fill(val, val + A_.nonZeros(), 0.0);
    for (std::size_t i = 0; i < nn; ++i)
      if (row_[i] >= 0) F[row_[i]] -= net.nodes[i].demand;
    for (std::size_t l = 0; l < nl; ++l) {
      if (args[l].law == law_closed || pruned_[l]) continue;
      const int ri = row_[fr(l)], rj = row_[to(l)];
      if (args[l].law == law_fixed_flow) {
        if (ri >= 0) F[ri] -= Q[l];
        if (rj >= 0) F[rj] += Q[l];
        continue;
      }
      // (sum p) H_i - sum p H_nbr = -D_i + sum_in (Q - y) - sum_out (Q - y)
      const double qy = Q[l] - y[l];
      const Slots& sl = slots_[l];
      if (ri >= 0) {
        val[sl.ii] += p[l];
        F[ri] -= qy;
        if (rj >= 0) val[sl.ij] -= p[l];
        else F[ri] += p[l] * H[to(l)];
      }
      if (rj >= 0) {
        val[sl.jj] += p[l];
        F[rj] += qy;
        if (ri >= 0) val[sl.ji] -= p[l];
        else F[rj] += p[l] * H[fr(l)];
      }
    }
    if (nu_ > 0) {
      // numeric only: the pattern was analysed in build_pattern
      const bool ok = use_nd_ ? factorize_and_solve(ldlt_nd_, F, x) : factorize_and_solve(ldlt_amd_, F, x);
      ++conv.factorizations;
      if (!ok) throw singular_error();
      for (std::size_t i = 0; i < nn; ++i)
        if (row_[i] >= 0) H[i] = x[row_[i]];
    }
  }

  /// After the heads of the rows are known (H): heads of the dead ends, flow update, convergence
  /// and status checks. p, y: the coefficients of this iteration (per link).
  NewtonStep newton_finish(const double* p, const double* y) {
    const SolverOptions& o = net.options;
    for (auto rit = order_.rbegin(); rit != order_.rend(); ++rit) {  // dead ends: no flow, H from the neighbour
      const std::size_t i = rit->first, l = rit->second;
      const double h0 = host::eval_link(args[l], 0.0).h;
      if (fr(l) == i) H[i] = H[to(l)] + h0;
      else H[i] = H[fr(l)] - h0;
    }
    double sum_dq = 0, sum_q = 0, worst = 0;
    std::size_t worst_l = 0;
    for (std::size_t l = 0; l < nl; ++l) {
      if (args[l].law == law_closed || args[l].law == law_fixed_flow || pruned_[l]) continue;
      const double qn = Q[l] - y[l] + p[l] * (H[fr(l)] - H[to(l)]);
      const double dq = std::fabs(qn - Q[l]);
      if (dq > worst) {
        worst = dq;
        worst_l = l;
      }
      sum_dq += dq;
      sum_q += std::fabs(qn);
      Q[l] = qn;
    }
    const double rel = sum_q > 0 ? sum_dq / sum_q : sum_dq;
    history.push_back(rel);
    conv.flow_change = rel;
    if (!std::isfinite(rel)) {
      // diverged (typically coolant properties evaluated far outside their range when the heat
      // exceeds what the loop can reject): stop at once instead of iterating to max_iterations
      std::size_t bad = 0;
      while (bad < nl && std::isfinite(Q[bad])) ++bad;
      std::size_t hot = 0;
      for (std::size_t i = 1; i < nn; ++i)
        if (T[i] > T[hot]) hot = i;
      throw ConvergenceError("liquid network \"" + net.name + "\": the hydraulic solve diverged at iteration " +
                                 std::to_string(it_) + " (non-finite flow" +
                                 (bad < nl ? " in link \"" + net.links[bad].name + "\" (" +
                                                 link_type_name(net.links[bad].type) + ")"
                                           : std::string()) +
                                 "); hottest node \"" + net.nodes[hot].name + "\" at " + fmt(T[hot] - 273.15, 4) +
                                 " degC: does the heat exceed what the loop can reject?",
                             history);
    }
    // EPANET habit (CHECKFREQ 2, MAXCHECK 10): early status checks stop pumps and check valves
    // from being iterated with reverse flow.
    if (it_ <= 10 && it_ % 2 == 0 && rel >= o.flow_tolerance && update_status(false)) {
      if (++status_rounds > 50)
        throw ConvergenceError("liquid network \"" + net.name + "\": check-valve / pump statuses keep switching", history);
      return NewtonStep::restart;
    }
    // Round-off floor: in badly conditioned networks (wide headers next to stiff plates) the
    // relative flow change can stall above flow_tolerance. Accepted only when it has stopped
    // improving for 6 iterations, is below 1e-6, and the head residual meets head_tolerance;
    // reported as a diagnostic (docs/liquid.md section 2).
    bool stalled = false;
    if (rel >= o.flow_tolerance && rel < 1e-6 && history.size() >= 8) {
      const double best_before = *std::min_element(history.end() - 8, history.end() - 6);
      const double best_recent = *std::min_element(history.end() - 6, history.end());
      stalled = best_recent > 0.5 * best_before && head_residual() < o.head_tolerance;
      if (stalled)
        diags.push_back({Diagnostic::Level::info, net.name,
                         "relative flow change stalled at " + fmt(rel) + " (tolerance " + fmt(o.flow_tolerance) +
                             "): round-off floor of an ill-conditioned network; head residual " +
                             fmt(head_residual()) + " m meets the head tolerance"});
    }
    if (rel < o.flow_tolerance || stalled) {
      const double hr = head_residual();
      conv.head_residual = hr;
      if (hr < o.head_tolerance && !update_status()) {
        conv.continuity_residual = continuity_residual();
        return NewtonStep::done;
      }
      // (the iteration limit ends this hydraulic solve without an error here, as it always has:
      // the flows met their tolerance, the heads did not)
      if (hr >= o.head_tolerance) return newton_left() ? NewtonStep::iterate : NewtonStep::done;
      // statuses changed (check valves, pumps); the reachable set may change too
      if (++status_rounds > 50)
        throw ConvergenceError("liquid network \"" + net.name + "\": check-valve / pump statuses keep switching", history);
      return NewtonStep::restart;
    }
    if (!newton_left())
      throw ConvergenceError("liquid network \"" + net.name + "\": the hydraulic solve did not converge in " +
                                 std::to_string(o.max_iterations) + " iterations (relative flow change " + fmt(rel) +
                                 " > " + fmt(o.flow_tolerance) + "); largest change in link \"" +
                                 net.links[worst_l].name + "\" (" + link_type_name(net.links[worst_l].type) + ")",
                             history);
    return NewtonStep::iterate;
  }

  /// One hydraulic solve of this network on the CPU (Eigen LDL^T head solves).
  void hydraulics() {
    auto begin = [&] {
      hyd_begin();
      // Matrix pattern: fixed while the set of rows and of coupling links stays the same (also
      // across outer iterations), so the symbolic analysis (AMD ordering, elimination tree) is done once.
      if (!(pat_valid_ && pat_row_ == row_ && pat_couples_ == couples_)) build_pattern(row_, couples_, nu_);
    };
    begin();
    std::vector<double> p(nl), y(nl);
    while (newton_left()) {
      newton_prepare();
      LinkBatchArgs lb;  // link_batch_kernels.inc: the kernel the CUDA backend builds too
      lb.n = static_cast<index_t>(nl);
      lb.args = args.data();
      lb.q = Q.data();
      lb.p = p.data();
      lb.y = y.data();
      lb.secant = secant_iteration() ? 1 : 0;
      host::gga_coefficients_batch(lb);
      cpu_head_solve(p, y);
      switch (newton_finish(p.data(), y.data())) {
        case NewtonStep::iterate: break;
        case NewtonStep::restart: begin(); break;
        case NewtonStep::done: return;
      }
    }
  }

  // ---- sparse head system: pattern, symbolic analysis and numeric factor kept between iterations
  using SpMat = Eigen::SparseMatrix<double>;
  struct Slots {
    int ii = -1, jj = -1, ij = -1, ji = -1;  ///< positions of a link's entries in A_.valuePtr()
  };
  /// SimplicialLDLT with its predicted work after analyzePattern: the sum over the columns of L of
  /// (entries below the diagonal)^2, proportional to the factorisation's operations.
  template <class Ordering>
  class Ldlt : public Eigen::SimplicialLDLT<SpMat, Eigen::Lower, Ordering> {
   public:
    [[nodiscard]] double work() const {
      double w = 0;
      for (Eigen::Index j = 0; j < this->m_nonZerosPerCol.size(); ++j) {
        const double c = this->m_nonZerosPerCol[j];
        w += c * c;
      }
      return w;
    }
  };
  template <class L>
  bool factorize_and_solve(L& ldlt, const Eigen::VectorXd& F, Eigen::VectorXd& x) {
    ldlt.factorize(A_);
    if (ldlt.info() != Eigen::Success) return false;
    x = ldlt.solve(F);
    return true;
  }
  SpMat A_;
  Ldlt<Eigen::AMDOrdering<int>> ldlt_amd_;                      // minimum degree (tree-like networks)
  Ldlt<detail::NestedDissectionOrdering<int>> ldlt_nd_;         // nested dissection (grid-like, looped)
  bool use_nd_ = false;
  std::vector<Slots> slots_;
  std::vector<int> pat_row_;
  std::vector<char> pat_couples_;
  bool pat_valid_ = false;

  void build_pattern(const std::vector<int>& row, const std::vector<char>& couples, int nu) {
    std::vector<Eigen::Triplet<double>> trip;
    trip.reserve(2 * nl + nn);
    for (std::size_t i = 0; i < nn; ++i)
      if (row[i] >= 0) trip.emplace_back(row[i], row[i], 1.0);  // keep every diagonal in the pattern
    for (std::size_t l = 0; l < nl; ++l) {
      if (!couples[l]) continue;
      const int ri = row[fr(l)], rj = row[to(l)];
      if (ri >= 0 && rj >= 0) {
        trip.emplace_back(ri, rj, 1.0);
        trip.emplace_back(rj, ri, 1.0);
      }
    }
    A_ = SpMat(nu, nu);
    A_.setFromTriplets(trip.begin(), trip.end());
    A_.makeCompressed();
    auto slot = [&](int r, int c) {
      const int* beg = A_.innerIndexPtr() + A_.outerIndexPtr()[c];
      const int* end = A_.innerIndexPtr() + A_.outerIndexPtr()[c + 1];
      return static_cast<int>(std::lower_bound(beg, end, r) - A_.innerIndexPtr());
    };
    slots_.assign(nl, Slots{});
    for (std::size_t l = 0; l < nl; ++l) {
      if (!couples[l]) continue;
      const int ri = row[fr(l)], rj = row[to(l)];
      Slots& s = slots_[l];
      if (ri >= 0) s.ii = slot(ri, ri);
      if (rj >= 0) s.jj = slot(rj, rj);
      if (ri >= 0 && rj >= 0) {
        s.ij = slot(ri, rj);
        s.ji = slot(rj, ri);
      }
    }
    if (nu > 0) {  // both orderings, keep the one that predicts less work
      ldlt_amd_.analyzePattern(A_);
      ldlt_nd_.analyzePattern(A_);
      use_nd_ = ldlt_nd_.work() < ldlt_amd_.work();
    }
    pat_row_ = row;
    pat_couples_ = couples;
    pat_valid_ = true;
  }

  [[nodiscard]] double head_residual() const {
    double r = 0;
    for (std::size_t l = 0; l < nl; ++l) {
      if (args[l].law == law_closed || args[l].law == law_fixed_flow) continue;
      if (std::isnan(H[fr(l)]) || std::isnan(H[to(l)])) continue;
      const LinkEval e = host::eval_link(args[l], Q[l]);
      r = std::max(r, std::fabs(H[fr(l)] - H[to(l)] - e.h));
    }
    return r;
  }

  [[nodiscard]] double continuity_residual() const {
    std::vector<double> b(nn, 0.0);
    for (std::size_t i = 0; i < nn; ++i) b[i] = -net.nodes[i].demand;
    for (std::size_t l = 0; l < nl; ++l) {
      b[fr(l)] -= Q[l];
      b[to(l)] += Q[l];
    }
    double r = 0;
    for (std::size_t i = 0; i < nn; ++i)
      if (net.nodes[i].type != NodeType::fixed_head) r = std::max(r, std::fabs(b[i]));
    return r;
  }

  // Check valves and pumps (Eq. H-8). Returns true when a status changed.
  bool update_status(bool allow_open = true) {
    bool changed = false;
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      if (!k.open) continue;
      const double dh = H[fr(l)] - H[to(l)];  // head drop across the link
      if (k.type == LinkType::check_valve) {
        if (open[l] && Q[l] < 0) {
          open[l] = 0;
          changed = true;
        } else if (allow_open && !open[l] && dh > 0) {
          open[l] = 1;
          changed = true;
        }
      } else if (k.type == LinkType::pump && k.pump.speed > 0 && k.pump.has_check_valve) {
        const double h0 = k.pump.speed * k.pump.speed * k.pump.shutoff_head;
        if (open[l] && Q[l] < 0) {
          open[l] = 0;
          changed = true;
        } else if (allow_open && !open[l] && -dh < h0) {
          open[l] = 1;
          Q[l] = 1e-6;
          changed = true;
        }
      }
    }
    return changed;
  }

  // Control valves (outer loop, Eq. H-9). Returns the largest relative setpoint error.
  double update_control_valves() {
    double err = 0;
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      if (k.type != LinkType::valve || !k.open || k.valve.control == ValveControl::none) continue;
      const double rg = rho[cof(l)] * g;
      const double bfull = 1e5 * (rho[cof(l)] / 1000.0) * 3600.0 * 3600.0 / (k.valve.kv * k.valve.kv) / rg;
      if (k.valve.control == ValveControl::flow) {
        const double qs = k.valve.setpoint;
        if (fcv_active[l]) {
          const double need = H[fr(l)] - H[to(l)];
          const double full = bfull * qs * std::fabs(qs);
          if (need <= full) {  // cannot hold the setpoint even fully open
            fcv_active[l] = 0;
            opening[l] = 1.0;
            err = std::max(err, 1.0);
          } else {
            opening[l] = std::max(k.valve.min_opening, std::sqrt(full / need));
          }
        } else if (opening[l] >= 1.0 && Q[l] > qs) {
          fcv_active[l] = 1;
          err = std::max(err, 1.0);
        }
        if (!fcv_active[l]) err = std::max(err, 0.0);
      } else {
        const std::size_t hi = k.valve.dp_node_high >= 0 ? static_cast<std::size_t>(k.valve.dp_node_high) : fr(l);
        const std::size_t lo = k.valve.dp_node_low >= 0 ? static_cast<std::size_t>(k.valve.dp_node_low) : to(l);
        const double dp = rho[cof(l)] * g * ((H[hi] - net.nodes[hi].elevation) - (H[lo] - net.nodes[lo].elevation));
        const double sp = k.valve.setpoint;
        if (!(sp > 0) || !(dp > 0)) continue;
        const double x0 = opening[l];
        const double g0 = std::log(dp / sp);  // residual in log form
        const double lmin = std::log(k.valve.min_opening);
        double lx;
        if (dp_prev_x[l] > 0 && std::fabs(std::log(x0) - std::log(dp_prev_x[l])) > 1e-14 && g0 != dp_prev_g[l]) {
          // secant on log(opening)
          const double slope = (g0 - dp_prev_g[l]) / (std::log(x0) - std::log(dp_prev_x[l]));
          lx = std::log(x0) - g0 / slope;
        } else {
          // first step: a valve in series with the controlled branch, dp ~ x^2 across the branch
          // (~ x^-2 across itself, when its own ends are controlled)
          const bool across_self = k.valve.dp_node_high < 0;
          lx = std::log(x0) + (across_self ? 0.5 : -0.5) * g0;
        }
        lx = std::clamp(lx, std::max(lmin, std::log(x0) - 1.0), std::min(0.0, std::log(x0) + 1.0));
        dp_prev_x[l] = x0;
        dp_prev_g[l] = g0;
        const double x = std::exp(lx);
        const bool pinned_at_limit = x == x0 && (x >= 1.0 || x <= k.valve.min_opening);
        err = std::max(err, pinned_at_limit ? 0.0 : std::fabs(dp - sp) / sp);
        opening[l] = x;
      }
    }
    return err;
  }

  // ------------------------------------------------------------------------------------------
  // Thermal (Eqs. T-1 .. T-6)
  // ------------------------------------------------------------------------------------------
  enum Mode { pass = 0, setpoint = 1, capacity = 2 };
  std::vector<int> mode;          // chillers and coolers
  std::vector<double> chiller_cap;// available capacity [W]
  std::vector<double> pump_shaft; // [W]

  [[nodiscard]] double C(std::size_t l) const { return rho[cof(l)] * std::fabs(Q[l]) * cp[cof(l)]; }
  [[nodiscard]] std::size_t up(std::size_t l) const { return Q[l] >= 0 ? fr(l) : to(l); }
  [[nodiscard]] std::size_t down(std::size_t l) const { return Q[l] >= 0 ? to(l) : fr(l); }

  double pump_eff(const Link& k, double q) const {
    const double s = std::max(k.pump.speed, 1e-9);
    double qb = k.pump.best_flow;
    if (!(qb > 0)) qb = (2.0 / 3.0) * std::pow(k.pump.shutoff_head / k.pump.curve_r, 1.0 / k.pump.curve_n);
    const double xq = std::fabs(q) / (s * qb);
    return std::max(0.05 * k.pump.best_efficiency, k.pump.best_efficiency * (2 * xq - xq * xq));
  }

  [[nodiscard]] double chiller_condenser(const Link& k) const {
    return k.chiller.condenser_entering > 0 ? k.chiller.condenser_entering
                                            : net.ambient.dry_bulb + k.chiller.condenser_approach;
  }

  static double biquad(const std::array<double, 6>& c, double x, double y) {
    return c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y;
  }

  struct Coef {
    double alpha = 1, beta = 0, gamma = 0;  // T_out = alpha T_up + beta + gamma T_partner_up
    int partner = -1;                       // link whose upstream node couples (CDU)
  };

  std::vector<Coef> link_coefficients() {
    std::vector<Coef> c(nl);
    pump_shaft.assign(nl, 0.0);
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      const double Cl = C(l);
      Coef& e = c[l];
      if (Cl <= 0) continue;
      const double tin = T[up(l)];
      switch (k.type) {
        case LinkType::pump:
          if (open[l] && net.options.pump_heat) {
            const double head = H[to(l)] - H[fr(l)];
            if (Q[l] > 0 && head > 0) {
              pump_shaft[l] = rho[cof(l)] * g * Q[l] * head / pump_eff(k, Q[l]);
              e.beta = pump_shaft[l] / Cl;
            }
          }
          break;
        case LinkType::cold_plate: e.beta = k.cold_plate.heat / Cl; break;
        case LinkType::heat_source: e.beta = k.heat / Cl; break;
        case LinkType::chiller:
          if (mode[l] == setpoint) {
            e.alpha = 0;
            e.beta = k.chiller.leaving_setpoint;
          } else if (mode[l] == capacity) {
            e.beta = -chiller_cap[l] / Cl;
          }
          break;
        case LinkType::dry_cooler:
        case LinkType::cooling_tower: {
          const double amb = k.type == LinkType::dry_cooler ? net.ambient.dry_bulb : net.ambient.wet_bulb;
          if (mode[l] == setpoint) {
            e.alpha = 0;
            e.beta = amb + k.cooler.approach;
          } else if (mode[l] == capacity) {
            e.beta = -k.cooler.capacity / Cl;
          }
          break;
        }
        default: break;
      }
      (void)tin;
    }
    for (std::size_t u = 0; u < net.cdus.size(); ++u) {
      const Cdu& d = net.cdus[u];
      const std::size_t h = static_cast<std::size_t>(d.hot_link), k = static_cast<std::size_t>(d.cold_link);
      const double Ch = C(h), Cc = C(k);
      if (Ch <= 0 || Cc <= 0 || !open[h] || !open[k]) continue;
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
  // the retry pins its fixed-head node at the previous temperature (`pin`).
  void thermal_linear(const std::vector<Coef>& c) {
    if (!thermal_linear_try(c, false) && !thermal_linear_try(c, true))
      throw ConvergenceError("liquid network \"" + net.name + "\": the energy balance is singular (a closed loop "
                             "with nothing that fixes its temperature and no heat exchange)",
                             {});
  }

  bool thermal_linear_try(const std::vector<Coef>& c, bool pin) {
    // Groups of circuits coupled by working CDUs. A group is anchored when some flowing link fixes
    // its outlet temperature (alpha = 0), or a fixed-head node feeds it from outside (pure source
    // or net supply), or a junction injects water. An unanchored group has a singular balance.
    std::vector<int> grp(static_cast<std::size_t>(ncirc));
    for (int k = 0; k < ncirc; ++k) grp[static_cast<std::size_t>(k)] = k;
    auto find = [&](int a) {
      while (grp[static_cast<std::size_t>(a)] != a) a = grp[static_cast<std::size_t>(a)];
      return a;
    };
    for (const Cdu& d : net.cdus)
      if (c[static_cast<std::size_t>(d.hot_link)].partner >= 0) {
        const int a = find(static_cast<int>(cof(static_cast<std::size_t>(d.hot_link))));
        const int b2 = find(static_cast<int>(cof(static_cast<std::size_t>(d.cold_link))));
        if (a != b2) grp[static_cast<std::size_t>(a)] = b2;
      }
    std::vector<int> anchored(static_cast<std::size_t>(ncirc), 0);
    {
      std::vector<double> mi(nn, 0.0), mo(nn, 0.0);
      for (std::size_t l = 0; l < nl; ++l) {
        if (Q[l] == 0) continue;
        mi[down(l)] += std::fabs(Q[l]);
        mo[up(l)] += std::fabs(Q[l]);
        if (c[l].alpha == 0.0) anchored[static_cast<std::size_t>(find(static_cast<int>(cof(l))))] = 1;
      }
      for (std::size_t i = 0; i < nn; ++i) {
        const Node& n = net.nodes[i];
        const bool feeds = (n.type == NodeType::fixed_head && mo[i] > mi[i] * (1 + 1e-9) && mo[i] > 0) ||
                           (n.type != NodeType::fixed_head && n.demand < 0);
        if (feeds) anchored[static_cast<std::size_t>(find(circ[i]))] = 1;
      }
    }
    std::vector<int> circ_fixed(static_cast<std::size_t>(ncirc), 1);
    for (int k = 0; k < ncirc; ++k)
      if (!anchored[static_cast<std::size_t>(find(k))]) {
        if (!pin) return false;
        circ_fixed[static_cast<std::size_t>(find(k))] = 0;  // pin one fixed-head node of the group
      }
    std::vector<std::size_t> pinned_nodes;
    std::vector<Eigen::Triplet<double>> trip;
    Eigen::VectorXd b = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(nn));
    std::vector<double> min(nn, 0.0), mout(nn, 0.0);
    std::vector<int> pinned(nn, 0);
    for (std::size_t l = 0; l < nl; ++l) {
      const double m = rho[cof(l)] * std::fabs(Q[l]);
      if (m <= 0) continue;
      min[down(l)] += m;
      mout[up(l)] += m;
    }
    for (std::size_t i = 0; i < nn; ++i) {
      const Node& n = net.nodes[i];
      const auto r = static_cast<Eigen::Index>(i);
      const double rc = rho[static_cast<std::size_t>(circ[i])];
      double inj = 0;  // mass injected at the node at its supply temperature
      if (n.type == NodeType::fixed_head) {
        if (mout[i] > min[i]) inj = mout[i] - min[i];  // supplies the network
        if (pin && !circ_fixed[static_cast<std::size_t>(find(circ[i]))]) {
          circ_fixed[static_cast<std::size_t>(find(circ[i]))] = 1;
          pinned[i] = 1;
          pinned_nodes.push_back(i);
          trip.emplace_back(r, r, 1.0);
          b[r] = T[i];
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
        b[r] = T[i];
        continue;
      }
      trip.emplace_back(r, r, diag);
      b[r] = inj * n.supply_temperature;
    }
    for (std::size_t l = 0; l < nl; ++l) {
      const double m = rho[cof(l)] * std::fabs(Q[l]);
      if (m <= 0) continue;
      const std::size_t dn = down(l);
      const Node& n = net.nodes[dn];
      if ((n.type == NodeType::fixed_head && min[dn] <= 0) || pinned[dn]) continue;
      const auto r = static_cast<Eigen::Index>(dn);
      trip.emplace_back(r, static_cast<Eigen::Index>(up(l)), -m * c[l].alpha);
      b[r] += m * c[l].beta;
      if (c[l].partner >= 0)
        trip.emplace_back(r, static_cast<Eigen::Index>(up(static_cast<std::size_t>(c[l].partner))), -m * c[l].gamma);
    }
    SpMat A(static_cast<Eigen::Index>(nn), static_cast<Eigen::Index>(nn));
    A.setFromTriplets(trip.begin(), trip.end());
    Eigen::SparseLU<SpMat> lu;
    lu.compute(A);
    if (lu.info() != Eigen::Success) return false;
    const Eigen::VectorXd t = lu.solve(b);
    for (std::size_t i = 0; i < nn; ++i)
      if (!std::isfinite(t[static_cast<Eigen::Index>(i)])) return false;
    // A pinned group must be in balance by itself (its own mixing equation, dropped for the pin,
    // holds); otherwise it has no steady state.
    for (std::size_t i : pinned_nodes) {
      double res = 0, scale = 0;
      for (std::size_t l = 0; l < nl; ++l) {
        const double m = rho[cof(l)] * std::fabs(Q[l]);
        if (m <= 0 || down(l) != i) continue;
        double tout = c[l].alpha * t[static_cast<Eigen::Index>(up(l))] + c[l].beta;
        if (c[l].partner >= 0) tout += c[l].gamma * t[static_cast<Eigen::Index>(up(static_cast<std::size_t>(c[l].partner)))];
        res += m * (tout - t[static_cast<Eigen::Index>(i)]);
        scale += m * std::fabs(c[l].beta);
      }
      if (std::fabs(res) > 1e-9 * std::max(scale, 1e-300) && std::fabs(res) > 1e-12) return false;
    }
    for (std::size_t i = 0; i < nn; ++i) T[i] = t[static_cast<Eigen::Index>(i)];
    return true;
  }

  [[nodiscard]] double link_out(const std::vector<Coef>& c, std::size_t l) const {
    double t = c[l].alpha * T[up(l)] + c[l].beta;
    if (c[l].partner >= 0) t += c[l].gamma * T[up(static_cast<std::size_t>(c[l].partner))];
    return t;
  }

  // Modes that the current inlet temperatures ask for (chillers and coolers; Eq. T-6).
  std::vector<int> desired_modes(const std::vector<Coef>& c) {
    std::vector<int> want = mode;
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      int m = pass;
      const double Cl = C(l);
      const double tin = T[up(l)];
      if (k.type == LinkType::chiller) {
        const double tl = mode[l] == setpoint ? k.chiller.leaving_setpoint : link_out(c, l);
        chiller_cap[l] = k.chiller.capacity * biquad(k.chiller.capft, tl - 273.15, chiller_condenser(k) - 273.15);
        if (Cl > 0 && open[l] && tin > k.chiller.leaving_setpoint)
          m = Cl * (tin - k.chiller.leaving_setpoint) > chiller_cap[l] * (1 + 1e-12) ? capacity : setpoint;
      } else if (k.type == LinkType::dry_cooler || k.type == LinkType::cooling_tower) {
        const double amb = k.type == LinkType::dry_cooler ? net.ambient.dry_bulb : net.ambient.wet_bulb;
        const double target = amb + k.cooler.approach;
        if (Cl > 0 && open[l] && tin > target)
          m = (k.cooler.capacity > 0 && Cl * (tin - target) > k.cooler.capacity * (1 + 1e-12)) ? capacity : setpoint;
      } else {
        continue;
      }
      want[l] = m;
    }
    return want;
  }

  bool thermal_solve_modes() {
    const std::vector<Coef> c = link_coefficients();
    return thermal_linear_try(c, false) || thermal_linear_try(c, true);
  }

  void thermal() {
    if (mode.empty()) {  // start with every chiller and cooler at its setpoint
      mode.assign(nl, pass);
      chiller_cap.assign(nl, 0.0);
      for (std::size_t l = 0; l < nl; ++l) {
        const LinkType t = net.links[l].type;
        if (t == LinkType::chiller || t == LinkType::dry_cooler || t == LinkType::cooling_tower) mode[l] = setpoint;
      }
    }
    auto no_steady = [&]() {
      return ConvergenceError("liquid network \"" + net.name + "\": no steady temperature field: a closed circuit gains or "
                              "loses a fixed amount of heat with nothing that adapts (heat sources exceed what the "
                              "chillers/coolers at capacity can remove?)",
                              {});
    };
    if (!thermal_solve_modes()) throw no_steady();
    for (int it = 0; it < 200; ++it) {
      const std::vector<int> want = desired_modes(link_coefficients());
      std::vector<std::size_t> changed;
      for (std::size_t l = 0; l < nl; ++l)
        if (want[l] != mode[l]) changed.push_back(l);
      if (changed.empty()) return;
      const std::vector<int> saved = mode;
      const std::vector<double> Tsaved = T;
      mode = want;
      if (thermal_solve_modes()) continue;
      // all changes at once give no steady state: change one unit at a time
      mode = saved;
      T = Tsaved;
      mode[changed.front()] = want[changed.front()];
      if (!thermal_solve_modes()) throw no_steady();
    }
    diags.push_back({Diagnostic::Level::warning, net.name,
                     "chiller/cooler operating modes kept switching (setpoint vs capacity) after 200 passes"});
  }

  // ------------------------------------------------------------------------------------------
  // Outer loop (docs/liquid.md section 3): hydraulics -> control valves -> thermal -> properties,
  // as resumable steps around the hydraulic solves. outer_start() and outer_after_hydraulics()
  // return true when a hydraulic solve is needed next; false when the member is finished (then
  // collect()). run() is the one-network loop; the batch driver interleaves many members.
  // ------------------------------------------------------------------------------------------
  bool with_thermal_ = true;
  int outer_ = 0;
  bool final_pass_ = false;  // the extra hydraulic + thermal pass after the properties settled

  bool outer_start(bool with_thermal) {
    with_thermal_ = with_thermal;
    outer_ = 1;
    final_pass_ = false;
    if (outer_ > net.options.max_outer_iterations) return false;
    conv.outer_iterations = outer_;
    return true;
  }

  bool outer_after_hydraulics() {
    const SolverOptions& o = net.options;
    if (final_pass_) {
      thermal();
      conv.converged = true;
      return false;
    }
    const double verr = update_control_valves();
    std::vector<double> Told = T;
    if (with_thermal_) thermal();
    double dT = 0;
    for (std::size_t i = 0; i < nn; ++i) dT = std::max(dT, std::fabs(T[i] - Told[i]));
    conv.temperature_change = dT;
    const std::vector<double> rho_old = rho;
    update_properties();
    double drho = 0;
    for (std::size_t c = 0; c < rho.size(); ++c) drho = std::max(drho, std::fabs(rho[c] - rho_old[c]) / rho[c]);
    const bool props_done = !with_thermal_ || (dT < o.temperature_tolerance);
    if (verr < 1e-9 && props_done) {
      if (with_thermal_ && drho > 0) {
        // properties were updated after the last thermal pass: one more hydraulic + thermal pass
        // keeps everything consistent with the reported properties
        final_pass_ = true;
        return true;
      }
      conv.converged = true;
      return false;
    }
    if (outer_ == o.max_outer_iterations) {
      conv.converged = false;
      if (verr >= 1e-9)
        diags.push_back({Diagnostic::Level::warning, net.name,
                         "control valves did not reach their setpoints in " + std::to_string(outer_) +
                             " outer iterations (relative error " + fmt(verr) + ")"});
      if (!props_done)
        throw ConvergenceError("liquid network \"" + net.name + "\": temperatures still change by " + fmt(dT) +
                                   " K after " + std::to_string(outer_) + " outer iterations (tolerance " +
                                   fmt(o.temperature_tolerance) + " K)",
                               history);
      conv.converged = true;
      return false;
    }
    ++outer_;
    conv.outer_iterations = outer_;
    return true;
  }

  Result run(bool with_thermal) {
    for (bool more = outer_start(with_thermal); more; more = outer_after_hydraulics()) hydraulics();
    return collect(with_thermal_);
  }

  Result collect(bool with_thermal) {
    Result r;
    r.head = H;
    r.flow = Q;
    r.temperature = T;
    r.circuit = circ;
    r.pressure.resize(nn);
    for (std::size_t i = 0; i < nn; ++i)
      r.pressure[i] = rho[static_cast<std::size_t>(circ[i])] * g * (H[i] - net.nodes[i].elevation);
    r.headloss.resize(nl);
    r.velocity.assign(nl, 0.0);
    r.link_open = open;
    r.valve_opening = opening;
    r.link_out_temperature.assign(nl, 0.0);
    r.link_heat.assign(nl, 0.0);
    const std::vector<Coef> c = with_thermal ? link_coefficients() : std::vector<Coef>(nl);
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      r.headloss[l] = H[fr(l)] - H[to(l)];
      if (k.pipe.diameter > 0 && (k.type == LinkType::pipe || k.type == LinkType::check_valve))
        r.velocity[l] = std::fabs(Q[l]) / (0.25 * host::kPi * k.pipe.diameter * k.pipe.diameter);
      if (!with_thermal) continue;
      const double tout = C(l) > 0 ? link_out(c, l) : T[up(l)];
      r.link_out_temperature[l] = tout;
      r.link_heat[l] = C(l) * (tout - T[up(l)]);
    }
    // pumps
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      if (k.type != LinkType::pump) continue;
      PumpResult p;
      p.link = static_cast<int>(l);
      p.flow = Q[l];
      p.head = H[to(l)] - H[fr(l)];
      p.speed = k.pump.speed;
      p.running = open[l] && k.pump.speed > 0;
      p.shutoff_head = k.pump.speed * k.pump.speed * k.pump.shutoff_head;
      p.max_flow = k.pump.speed * std::pow(k.pump.shutoff_head / k.pump.curve_r, 1.0 / k.pump.curve_n);
      if (p.running && Q[l] > 0) {
        p.efficiency = pump_eff(k, Q[l]);
        p.shaft_power = rho[cof(l)] * g * Q[l] * std::max(0.0, p.head) / p.efficiency;
        p.electric_power = p.shaft_power / k.pump.motor_efficiency;
      }
      if (k.open && k.pump.speed > 0 && !open[l])
        diags.push_back({Diagnostic::Level::warning, k.name,
                         "pump cannot overcome the head across it (" + fmt(-r.headloss[l]) + " m against a shut-off head of " +
                             fmt(p.shutoff_head) + " m): it would be driven backwards; its check valve holds it closed"});
      if (p.running && Q[l] < 0)
        diags.push_back({Diagnostic::Level::warning, k.name,
                         "pump is driven backwards (flow " + fmt(Q[l]) + " m^3/s, head across it " + fmt(p.head) + " m)"});
      if (p.running && Q[l] > p.max_flow)
        diags.push_back({Diagnostic::Level::warning, k.name, "pump runs beyond the end of its curve (negative head)"});
      r.pump_power += p.electric_power;
      r.pumps.push_back(p);
    }
    // vapour pressure
    for (std::size_t i = 0; i < nn; ++i) {
      if (std::isnan(H[i])) continue;
      const double pabs = r.pressure[i] + net.options.atmospheric_pressure;
      const double pv = water_vapour_pressure(T[i]);
      if (pabs < pv)
        diags.push_back({Diagnostic::Level::warning, net.nodes[i].name,
                         "absolute pressure " + fmt(pabs / 1e3, 4) + " kPa is below the vapour pressure " + fmt(pv / 1e3, 4) +
                             " kPa at " + fmt(T[i] - 273.15, 4) + " degC: the coolant would boil (cavitation)"});
    }
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      if (k.type == LinkType::valve && k.valve.control == ValveControl::flow && k.open && !fcv_active[l])
        diags.push_back({Diagnostic::Level::warning, k.name,
                         "flow-control valve is fully open and cannot hold its setpoint (" + fmt(Q[l]) + " < " +
                             fmt(k.valve.setpoint) + " m^3/s)"});
    }
    r.diagnostics = diags;
    conv.head_residual = head_residual();
    conv.continuity_residual = continuity_residual();
    if (!with_thermal) {
      r.convergence = conv;
      return r;
    }
    // thermal reports and the energy budget (Eq. T-7)
    for (std::size_t l = 0; l < nl; ++l) {
      const Link& k = net.links[l];
      const double Cl = C(l);
      const double tin = T[up(l)];
      if (k.type == LinkType::cold_plate) {
        ColdPlateResult cr;
        cr.link = static_cast<int>(l);
        const int n = k.cold_plate.count;
        cr.flow_per_plate = std::fabs(Q[l]) / n;
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
        ch.at_capacity = mode.size() == nl && mode[l] == capacity;
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
        co.at_capacity = mode.size() == nl && mode[l] == capacity;
        r.fan_power += co.fan_power;
        r.heat_rejected += co.duty;
        r.coolers.push_back(co);
      }
    }
    for (std::size_t u = 0; u < net.cdus.size(); ++u) {
      const Cdu& d = net.cdus[u];
      const std::size_t h = static_cast<std::size_t>(d.hot_link), k = static_cast<std::size_t>(d.cold_link);
      CduResult cr;
      cr.cdu = static_cast<int>(u);
      cr.hot_in = T[up(h)];
      cr.hot_out = r.link_out_temperature[h];
      cr.cold_in = T[up(k)];
      cr.cold_out = r.link_out_temperature[k];
      cr.duty = -r.link_heat[h];
      const double Ch = C(h), Cc = C(k);
      if (Ch > 0 && Cc > 0 && open[h] && open[k]) {
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
    std::vector<double> min(nn, 0.0), mout(nn, 0.0), hin(nn, 0.0);
    for (std::size_t l = 0; l < nl; ++l) {
      const double m = rho[cof(l)] * std::fabs(Q[l]);
      if (m <= 0) continue;
      min[down(l)] += m;
      mout[up(l)] += m;
      hin[down(l)] += m * cp[cof(l)] * (r.link_out_temperature[l] - t_ref);
    }
    double boundary_scale = 0;  // enthalpy carried across the boundary, for the relative residual
    for (std::size_t i = 0; i < nn; ++i) {
      const Node& n = net.nodes[i];
      const double cpi = cp[static_cast<std::size_t>(circ[i])], rc = rho[static_cast<std::size_t>(circ[i])];
      double term = 0;
      if (n.type == NodeType::fixed_head) {
        // enthalpy absorbed from the links minus enthalpy sent into them
        term = hin[i] - mout[i] * cpi * (T[i] - t_ref);
        boundary_scale += std::fabs(hin[i]) + std::fabs(mout[i] * cpi * (T[i] - t_ref));
      } else if (n.demand > 0) {
        term = n.demand * rc * cpi * (T[i] - t_ref);
      } else if (n.demand < 0) {
        term = n.demand * rc * cpi * (n.supply_temperature - t_ref);
      }
      r.heat_rejected += term;
      boundary_scale += std::fabs(term);
    }
    r.heat_stored = 0.0;
    double gross = 0;  // scale of the budget: the largest heat flow of any component
    for (std::size_t l = 0; l < nl; ++l) gross = std::max(gross, std::fabs(r.link_heat[l]));
    const double denom = std::max({std::fabs(r.heat_in), std::fabs(r.heat_rejected), gross, 0.5 * boundary_scale, 1e-300});
    conv.energy_residual = std::fabs(r.heat_in - r.heat_rejected - r.heat_stored) / denom;
    if (net.facility_supply_node >= 0) r.facility_supply_temperature = T[static_cast<std::size_t>(net.facility_supply_node)];
    r.diagnostics = diags;
    r.convergence = conv;
    return r;
  }
};

}  // namespace factwin::liquid::detail
