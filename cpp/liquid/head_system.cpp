// SPDX-License-Identifier: Apache-2.0
// GGA hydraulics, the head system of one network on the CPU: pattern, symbolic analysis and the
// numeric factorisation and solve (head_system.hpp).
#include "liquid/head_system.hpp"

#include <algorithm>

namespace factwin::liquid::detail {

void HeadSystem::update_pattern(const Network& net, const std::vector<int>& row, const std::vector<char>& couples,
                                int nu) {
  // fixed while the set of rows and of coupling links stays the same (also across outer
  // iterations), so the symbolic analysis (AMD ordering, elimination tree) is done once
  if (!(pat_valid_ && pat_row_ == row && pat_couples_ == couples)) build(net, row, couples, nu);
}

bool HeadSystem::factorize_and_solve(const Eigen::VectorXd& F, Eigen::VectorXd& x) {
  // numeric only: the pattern was analysed in build
  return use_nd_ ? factorize_and_solve(ldlt_nd_, F, x) : factorize_and_solve(ldlt_amd_, F, x);
}

void HeadSystem::build(const Network& net, const std::vector<int>& row, const std::vector<char>& couples, int nu) {
  const std::size_t nn = net.nodes.size(), nl = net.links.size();
  auto fr = [&](std::size_t l) { return static_cast<std::size_t>(net.links[l].from); };
  auto to = [&](std::size_t l) { return static_cast<std::size_t>(net.links[l].to); };
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

}  // namespace factwin::liquid::detail
