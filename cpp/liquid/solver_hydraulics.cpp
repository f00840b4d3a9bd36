// SPDX-License-Identifier: Apache-2.0
// Liquid network solver, GGA hydraulics (Eqs. H-1, H-2): the resumable Newton steps (hyd_begin,
// newton_prepare, newton_finish) shared with the lockstep batch driver, the one-network loop on the
// CPU (hydraulics(): link coefficients, assembly of the head system, Eigen LDL^T solve) and the
// head and continuity residuals.
#include "liquid/solver_impl.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "liquid/kernels/link_batch_args.hpp"
#include "liquid/link_host.hpp"
#include "liquid/liquid_backend.hpp"

namespace factwin::liquid::detail {

void Solver::hyd_begin() {
  build_args();
  // nodes connected to a fixed-head node through open links
  std::vector<int> reach(nn_, 0);
  std::vector<std::vector<std::size_t>> adj(nn_);
  for (std::size_t l = 0; l < nl_; ++l)
    if (args_[l].law != law_closed) {
      adj[fr(l)].push_back(l);
      adj[to(l)].push_back(l);
    }
  std::vector<std::size_t> stack;
  for (std::size_t i = 0; i < nn_; ++i)
    if (net_.nodes[i].type == NodeType::fixed_head) {
      reach[i] = 1;
      stack.push_back(i);
      H_[i] = fixed_head(i);
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
  std::vector<int> leaf(nn_, 0), deg(nn_, 0);
  pruned_.assign(nl_, 0);
  order_.clear();
  for (std::size_t l = 0; l < nl_; ++l)
    if (args_[l].law != law_closed) {
      ++deg[fr(l)];
      ++deg[to(l)];
    }
  auto prunable = [&](std::size_t i) {
    return net_.nodes[i].type != NodeType::fixed_head && reach[i] && net_.nodes[i].demand == 0.0 && deg[i] == 1 && !leaf[i];
  };
  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < nn_; ++i)
    if (prunable(i)) queue.push_back(i);
  while (!queue.empty()) {
    const std::size_t i = queue.back();
    queue.pop_back();
    if (!prunable(i)) continue;
    std::size_t link = nl_;
    for (std::size_t l : adj[i])
      if (!pruned_[l]) link = l;
    if (link == nl_ || args_[link].law == law_fixed_flow) continue;
    pruned_[link] = 1;
    leaf[i] = 1;
    deg[i] = 0;
    order_.emplace_back(i, link);
    const std::size_t j = fr(link) == i ? to(link) : fr(link);
    --deg[j];
    if (prunable(j)) queue.push_back(j);
  }
  for (std::size_t l = 0; l < nl_; ++l)
    if (pruned_[l]) Q_[l] = 0;

  row_.assign(nn_, -1);
  nu_ = 0;
  for (std::size_t i = 0; i < nn_; ++i) {
    if (net_.nodes[i].type == NodeType::fixed_head || leaf[i]) continue;
    if (!reach[i]) {
      if (net_.nodes[i].demand != 0.0)
        throw InputError("FW-E0602", {"<network " + net_.name + ">", 0, 0, "/liquid/nodes/" + std::to_string(i)},
                         "node \"" + net_.nodes[i].name + "\" has a demand but is cut off from every fixed-head node by closed links");
      H_[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    row_[i] = nu_++;
  }
  for (std::size_t l = 0; l < nl_; ++l)
    if (args_[l].law == law_closed) Q_[l] = 0;
  couples_.assign(nl_, 0);
  for (std::size_t l = 0; l < nl_; ++l)
    couples_[l] = (args_[l].law != law_closed && args_[l].law != law_fixed_flow && !pruned_[l]) ? 1 : 0;
  it_ = 0;
}

void Solver::newton_prepare() {
  ++it_;
  ++conv_.iterations;
  for (std::size_t l = 0; l < nl_; ++l)  // an active flow-control valve is a known flow
    if (args_[l].law == law_fixed_flow) Q_[l] = args_[l].setpoint;
}

ConvergenceError Solver::singular_error() const {
  return ConvergenceError("liquid network \"" + net_.name + "\": the hydraulic matrix is singular at iteration " +
                              std::to_string(it_) + " (a part of the network without a path to a fixed-head node?)",
                          history_);
}

void Solver::cpu_hyd_begin() {
  hyd_begin();
  head_system_.update_pattern(net_, row_, couples_, nu_);
}

void Solver::cpu_head_solve(const std::vector<double>& p, const std::vector<double>& y) {
  Eigen::VectorXd F(nu_), x(nu_);
  F.setZero();
  double* val = head_system_.values();
  std::fill(val, val + head_system_.nonzeros(), 0.0);
  for (std::size_t i = 0; i < nn_; ++i)
    if (row_[i] >= 0) F[row_[i]] -= net_.nodes[i].demand;
  for (std::size_t l = 0; l < nl_; ++l) {
    if (args_[l].law == law_closed || pruned_[l]) continue;
    const int ri = row_[fr(l)], rj = row_[to(l)];
    if (args_[l].law == law_fixed_flow) {
      if (ri >= 0) F[ri] -= Q_[l];
      if (rj >= 0) F[rj] += Q_[l];
      continue;
    }
    // (sum p) H_i - sum p H_nbr = -D_i + sum_in (Q - y) - sum_out (Q - y)
    const double qy = Q_[l] - y[l];
    const HeadSystem::Slots& sl = head_system_.slots(l);
    if (ri >= 0) {
      val[sl.ii] += p[l];
      F[ri] -= qy;
      if (rj >= 0) val[sl.ij] -= p[l];
      else F[ri] += p[l] * H_[to(l)];
    }
    if (rj >= 0) {
      val[sl.jj] += p[l];
      F[rj] += qy;
      if (ri >= 0) val[sl.ji] -= p[l];
      else F[rj] += p[l] * H_[fr(l)];
    }
  }
  if (nu_ > 0) {
    const bool ok = head_system_.factorize_and_solve(F, x);
    take_heads(ok, [&](std::size_t i) { return x[row_[i]]; });
  }
}

/// After the heads of the rows are known (H): heads of the dead ends, flow update, convergence
/// and status checks. p, y: the coefficients of this iteration (per link).
Solver::NewtonStep Solver::newton_finish(const double* p, const double* y) {
  const SolverOptions& o = net_.options;
  for (auto rit = order_.rbegin(); rit != order_.rend(); ++rit) {  // dead ends: no flow, H from the neighbour
    const std::size_t i = rit->first, l = rit->second;
    const double h0 = host::eval_link(args_[l], 0.0).h;
    if (fr(l) == i) H_[i] = H_[to(l)] + h0;
    else H_[i] = H_[fr(l)] - h0;
  }
  double sum_dq = 0, sum_q = 0, worst = 0;
  std::size_t worst_l = 0;
  for (std::size_t l = 0; l < nl_; ++l) {
    if (args_[l].law == law_closed || args_[l].law == law_fixed_flow || pruned_[l]) continue;
    const double qn = Q_[l] - y[l] + p[l] * (H_[fr(l)] - H_[to(l)]);
    const double dq = std::fabs(qn - Q_[l]);
    if (dq > worst) {
      worst = dq;
      worst_l = l;
    }
    sum_dq += dq;
    sum_q += std::fabs(qn);
    Q_[l] = qn;
  }
  const double rel = sum_q > 0 ? sum_dq / sum_q : sum_dq;
  history_.push_back(rel);
  conv_.flow_change = rel;
  if (!std::isfinite(rel)) {
    // diverged (typically coolant properties evaluated far outside their range when the heat
    // exceeds what the loop can reject): stop at once instead of iterating to max_iterations
    std::size_t bad = 0;
    while (bad < nl_ && std::isfinite(Q_[bad])) ++bad;
    std::size_t hot = 0;
    for (std::size_t i = 1; i < nn_; ++i)
      if (T_[i] > T_[hot]) hot = i;
    throw ConvergenceError("liquid network \"" + net_.name + "\": the hydraulic solve diverged at iteration " +
                               std::to_string(it_) + " (non-finite flow" +
                               (bad < nl_ ? " in link \"" + net_.links[bad].name + "\" (" +
                                               link_type_name(net_.links[bad].type) + ")"
                                         : std::string()) +
                               "); hottest node \"" + net_.nodes[hot].name + "\" at " + fmt(T_[hot] - 273.15, 4) +
                               " degC: does the heat exceed what the loop can reject?",
                           history_);
  }
  // EPANET habit (CHECKFREQ 2, MAXCHECK 10): early status checks stop pumps and check valves
  // from being iterated with reverse flow.
  if (it_ <= 10 && it_ % 2 == 0 && rel >= o.flow_tolerance && update_status(false)) {
    if (++status_rounds_ > 50)
      throw ConvergenceError("liquid network \"" + net_.name + "\": check-valve / pump statuses keep switching", history_);
    return NewtonStep::restart;
  }
  // Round-off floor: in badly conditioned networks (wide headers next to stiff plates) the
  // relative flow change can stall above flow_tolerance. Accepted only when it has stopped
  // improving for 6 iterations, is below 1e-6, and the head residual meets head_tolerance;
  // reported as a diagnostic (docs/liquid.md section 2).
  bool stalled = false;
  if (rel >= o.flow_tolerance && rel < 1e-6 && history_.size() >= 8) {
    const double best_before = *std::min_element(history_.end() - 8, history_.end() - 6);
    const double best_recent = *std::min_element(history_.end() - 6, history_.end());
    stalled = best_recent > 0.5 * best_before && head_residual() < o.head_tolerance;
    if (stalled)
      diags_.push_back({Diagnostic::Level::info, net_.name,
                       "relative flow change stalled at " + fmt(rel) + " (tolerance " + fmt(o.flow_tolerance) +
                           "): round-off floor of an ill-conditioned network; head residual " +
                           fmt(head_residual()) + " m meets the head tolerance"});
  }
  if (rel < o.flow_tolerance || stalled) {
    const double hr = head_residual();
    conv_.head_residual = hr;
    if (hr < o.head_tolerance && !update_status()) {
      conv_.continuity_residual = continuity_residual();
      return NewtonStep::done;
    }
    // (the iteration limit ends this hydraulic solve without an error here, as it always has:
    // the flows met their tolerance, the heads did not)
    if (hr >= o.head_tolerance) return newton_left() ? NewtonStep::iterate : NewtonStep::done;
    // statuses changed (check valves, pumps); the reachable set may change too
    if (++status_rounds_ > 50)
      throw ConvergenceError("liquid network \"" + net_.name + "\": check-valve / pump statuses keep switching", history_);
    return NewtonStep::restart;
  }
  if (!newton_left())
    throw ConvergenceError("liquid network \"" + net_.name + "\": the hydraulic solve did not converge in " +
                               std::to_string(o.max_iterations) + " iterations (relative flow change " + fmt(rel) +
                               " > " + fmt(o.flow_tolerance) + "); largest change in link \"" +
                               net_.links[worst_l].name + "\" (" + link_type_name(net_.links[worst_l].type) + ")",
                           history_);
  return NewtonStep::iterate;
}

void Solver::hydraulics() {
  cpu_hyd_begin();
  std::vector<double> p(nl_), y(nl_);
  while (newton_left()) {
    newton_prepare();
    LinkBatchArgs lb;  // link_batch_kernels.inc: the kernel the CUDA backend builds too
    lb.n = static_cast<index_t>(nl_);
    lb.args = args_.data();
    lb.q = Q_.data();
    lb.p = p.data();
    lb.y = y.data();
    lb.secant = secant_iteration() ? 1 : 0;
    host_api::gga_coefficients_batch(lb);
    cpu_head_solve(p, y);
    switch (newton_finish(p.data(), y.data())) {
      case NewtonStep::iterate: break;
      case NewtonStep::restart: cpu_hyd_begin(); break;
      case NewtonStep::done: return;
    }
  }
}

double Solver::head_residual() const {
  double r = 0;
  for (std::size_t l = 0; l < nl_; ++l) {
    if (args_[l].law == law_closed || args_[l].law == law_fixed_flow) continue;
    if (std::isnan(H_[fr(l)]) || std::isnan(H_[to(l)])) continue;
    const LinkEval e = host::eval_link(args_[l], Q_[l]);
    r = std::max(r, std::fabs(H_[fr(l)] - H_[to(l)] - e.h));
  }
  return r;
}

double Solver::continuity_residual() const {
  std::vector<double> b(nn_, 0.0);
  for (std::size_t i = 0; i < nn_; ++i) b[i] = -net_.nodes[i].demand;
  for (std::size_t l = 0; l < nl_; ++l) {
    b[fr(l)] -= Q_[l];
    b[to(l)] += Q_[l];
  }
  double r = 0;
  for (std::size_t i = 0; i < nn_; ++i)
    if (net_.nodes[i].type != NodeType::fixed_head) r = std::max(r, std::fabs(b[i]));
  return r;
}

}  // namespace factwin::liquid::detail
