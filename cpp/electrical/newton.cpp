// SPDX-License-Identifier: Apache-2.0
// Power flow, meshed islands (docs/electrical.md Eq. E-10): Newton-Raphson in polar form with every
// supply bus as a slack, Jacobian factorised by Eigen's sparse LU, one polishing step after the
// mismatch drops below the tolerance.
#include "electrical/newton.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "electrical/branch_model.hpp"
#include "factwin/core/error.hpp"

namespace factwin::electrical::detail {

void solve_meshed(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs, const Island& isl,
                  const std::vector<int>& local, const std::vector<double>& p, const std::vector<double>& q) {
  const PowerNetwork& net = idx.net();
  auto loc = [&](int b) { return local[static_cast<std::size_t>(b)]; };
  const std::size_t n = isl.buses.size();
  using SpMat = Eigen::SparseMatrix<double>;
  std::vector<std::vector<std::pair<int, cd>>> yrow(n);
  std::vector<cd> ydiag(n, 0.0);
  for (int l : isl.branches) {
    const Branch& b = net.branches[static_cast<std::size_t>(l)];
    const int f = loc(idx.from_of(b)), t = loc(idx.to_of(b));
    const cd y = 1.0 / branch_z(idx, opt, b, true);
    ydiag[static_cast<std::size_t>(f)] += y;
    ydiag[static_cast<std::size_t>(t)] += y;
    yrow[static_cast<std::size_t>(f)].push_back({t, -y});
    yrow[static_cast<std::size_t>(t)].push_back({f, -y});
  }
  std::vector<bool> is_slack(n, false);
  std::vector<double> vm(n, 1.0), va(n, 0.0);
  for (int s : isl.slack) {
    slack_voltage(idx, cs, s);
    is_slack[static_cast<std::size_t>(loc(s))] = true;
    vm[static_cast<std::size_t>(loc(s))] = cs.v[static_cast<std::size_t>(s)].real();
  }
  // unknown numbering: angle then magnitude of each non-slack bus
  std::vector<int> pos(n, -1);
  int m = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!is_slack[i]) pos[i] = m++;
  auto injections = [&](std::vector<double>& pc, std::vector<double>& qc) {
    pc.assign(n, 0.0);
    qc.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const cd vi = std::polar(vm[i], va[i]);
      cd ii = ydiag[i] * vi;
      for (const auto& [j, y] : yrow[i]) ii += y * std::polar(vm[static_cast<std::size_t>(j)], va[static_cast<std::size_t>(j)]);
      const cd s = vi * std::conj(ii);
      pc[i] = s.real();
      qc[i] = s.imag();
    }
  };
  std::vector<double> pc, qc;
  int it = 0;
  double mis = 0.0;
  bool polished = false;
  for (;; ++it) {
    injections(pc, qc);
    Eigen::VectorXd f(2 * m);
    mis = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (is_slack[i]) continue;
      f[pos[i]] = pc[i] + p[i];  // specified injection is -load
      f[m + pos[i]] = qc[i] + q[i];
      mis = std::max({mis, std::abs(f[pos[i]]), std::abs(f[m + pos[i]])});
    }
    if (m == 0 || (mis < opt.tolerance && polished)) break;
    if (mis < opt.tolerance) polished = true;  // one more (quadratic) step: mismatch to round-off
    if (it >= opt.max_iterations)
      throw ConvergenceError("power flow: Newton did not converge in " + std::to_string(opt.max_iterations) +
                                 " iterations (mismatch " + std::to_string(mis) + " pu, island of bus '" +
                                 net.buses[static_cast<std::size_t>(isl.buses.front())].name + "')" + in_case(cs),
                             {mis});
    std::vector<Eigen::Triplet<double>> jt;
    for (std::size_t i = 0; i < n; ++i) {
      if (is_slack[i]) continue;
      const int pi = pos[i];
      const double gii = ydiag[i].real(), bii = ydiag[i].imag();
      jt.emplace_back(pi, pi, -qc[i] - bii * vm[i] * vm[i]);
      jt.emplace_back(pi, m + pi, pc[i] / vm[i] + gii * vm[i]);
      jt.emplace_back(m + pi, pi, pc[i] - gii * vm[i] * vm[i]);
      jt.emplace_back(m + pi, m + pi, qc[i] / vm[i] - bii * vm[i]);
      for (const auto& [jj, y] : yrow[i]) {
        const auto j = static_cast<std::size_t>(jj);
        if (is_slack[j]) continue;
        const int pj = pos[j];
        const double g = y.real(), bb = y.imag(), th = va[i] - va[j];
        const double c = std::cos(th), s = std::sin(th);
        jt.emplace_back(pi, pj, vm[i] * vm[j] * (g * s - bb * c));
        jt.emplace_back(pi, m + pj, vm[i] * (g * c + bb * s));
        jt.emplace_back(m + pi, pj, -vm[i] * vm[j] * (g * c + bb * s));
        jt.emplace_back(m + pi, m + pj, vm[i] * (g * s - bb * c));
      }
    }
    SpMat jac(2 * m, 2 * m);
    jac.setFromTriplets(jt.begin(), jt.end());
    Eigen::SparseLU<SpMat> lu;
    lu.compute(jac);
    FACTWIN_CHECK(lu.info() == Eigen::Success, "power flow: singular Newton Jacobian (island of bus '" +
                                                   net.buses[static_cast<std::size_t>(isl.buses.front())].name + "')" +
                                                   in_case(cs));
    const Eigen::VectorXd dx = lu.solve(f);
    for (std::size_t i = 0; i < n; ++i) {
      if (is_slack[i]) continue;
      va[i] -= dx[pos[i]];
      vm[i] -= dx[m + pos[i]];
    }
  }
  cs.iterations = std::max(cs.iterations, it + 1);
  for (std::size_t i = 0; i < n; ++i) cs.v[static_cast<std::size_t>(isl.buses[i])] = std::polar(vm[i], va[i]);
  for (int s : isl.slack) {
    const auto i = static_cast<std::size_t>(loc(s));
    cs.slack_power[s] = cd(pc[i] + p[i], qc[i] + q[i]);
  }
  for (int l : isl.branches) {
    const Branch& b = net.branches[static_cast<std::size_t>(l)];
    const cd vf = cs.v[static_cast<std::size_t>(idx.from_of(b))], vt = cs.v[static_cast<std::size_t>(idx.to_of(b))];
    record_branch(idx, opt, b, vf, vt, (vf - vt) / branch_z(idx, opt, b, true),
                  cs.out.r.branches[static_cast<std::size_t>(l)]);
  }
}

}  // namespace factwin::electrical::detail
