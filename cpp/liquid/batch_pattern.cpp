// SPDX-License-Identifier: Apache-2.0
// Union pattern, ordering and symbolic LDL^T of the batched head solves (batch_pattern.hpp).
#include "liquid/batch_pattern.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCore>

#include "factwin/core/error.hpp"
#include "liquid/nested_dissection.hpp"

namespace factwin::liquid::detail {

double LdltSymbolic::work() const {
  double w = 0;
  for (index_t j = 0; j < n; ++j) {
    const double c = static_cast<double>(l_ptr[static_cast<std::size_t>(j) + 1] - l_ptr[static_cast<std::size_t>(j)]);
    w += c * c;
  }
  return w;
}

LdltSymbolic ldlt_symbolic(index_t n, const std::vector<index_t>& col_ptr, const std::vector<index_t>& row_idx) {
  const auto N = static_cast<std::size_t>(n);
  FACTWIN_CHECK(col_ptr.size() == N + 1, "liquid batched LDL^T: column pointer array of the wrong size");
  auto at = [](const std::vector<index_t>& v, index_t i) { return v[static_cast<std::size_t>(i)]; };
  // elimination tree (Liu): parent of i is the first k > i with L(k, i) != 0
  std::vector<index_t> parent(N, -1), ancestor(N, -1);
  for (index_t k = 0; k < n; ++k)
    for (index_t e = at(col_ptr, k); e < at(col_ptr, k + 1); ++e) {
      index_t i = at(row_idx, e);
      while (i != -1 && i < k) {
        const index_t next = ancestor[static_cast<std::size_t>(i)];
        ancestor[static_cast<std::size_t>(i)] = k;
        if (next == -1) parent[static_cast<std::size_t>(i)] = k;
        i = next;
      }
    }
  // pattern of row k of L: the nodes on the tree paths from each i < k with A(i, k) != 0 up to k,
  // in topological order (each path reversed onto a stack, as the numeric factorisation needs)
  LdltSymbolic s;
  s.n = n;
  s.sched_ptr.assign(N + 1, 0);
  std::vector<index_t> tag(N, -1), path(N), stack(N), count(N, 0);
  for (index_t k = 0; k < n; ++k) {
    tag[static_cast<std::size_t>(k)] = k;
    std::size_t top = N;
    for (index_t e = at(col_ptr, k); e < at(col_ptr, k + 1); ++e) {
      index_t i = at(row_idx, e);
      if (i >= k) continue;
      std::size_t len = 0;
      for (; tag[static_cast<std::size_t>(i)] != k; i = parent[static_cast<std::size_t>(i)]) {
        path[len++] = i;
        tag[static_cast<std::size_t>(i)] = k;
      }
      while (len > 0) stack[--top] = path[--len];
    }
    for (std::size_t t = top; t < N; ++t) {
      s.sched_col.push_back(stack[t]);
      ++count[static_cast<std::size_t>(stack[t])];
    }
    s.sched_ptr[static_cast<std::size_t>(k) + 1] = static_cast<index_t>(s.sched_col.size());
  }
  s.l_ptr.assign(N + 1, 0);
  for (std::size_t j = 0; j < N; ++j) s.l_ptr[j + 1] = s.l_ptr[j] + count[j];
  s.l_row.assign(s.sched_col.size(), 0);
  s.sched_pos.assign(s.sched_col.size(), 0);
  std::vector<index_t> filled(N, 0);
  for (index_t k = 0; k < n; ++k)
    for (index_t t = at(s.sched_ptr, k); t < at(s.sched_ptr, k + 1); ++t) {
      const auto i = static_cast<std::size_t>(s.sched_col[static_cast<std::size_t>(t)]);
      const index_t pos = s.l_ptr[i] + filled[i]++;
      s.l_row[static_cast<std::size_t>(pos)] = k;
      s.sched_pos[static_cast<std::size_t>(t)] = pos;
    }
  return s;
}

namespace {

using SpMat = Eigen::SparseMatrix<double>;
using Perm = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;

struct Ordered {
  std::vector<index_t> newrow;  // natural row -> ordered row
  std::vector<index_t> col_ptr, row_idx;
  LdltSymbolic ldlt;
};

// Upper CSC of the matrix in the order `perm` (perm.indices()[k]: the k-th row to eliminate).
Ordered order_pattern(const Perm& perm, index_t nu, const std::vector<std::pair<index_t, index_t>>& offdiag) {
  Ordered o;
  const auto N = static_cast<std::size_t>(nu);
  o.newrow.assign(N, 0);
  for (index_t k = 0; k < nu; ++k) o.newrow[static_cast<std::size_t>(perm.indices()[k])] = k;
  std::vector<std::vector<index_t>> cols(N);
  for (std::size_t k = 0; k < N; ++k) cols[k].push_back(static_cast<index_t>(k));
  for (const auto& [a, b] : offdiag) {
    const index_t i = o.newrow[static_cast<std::size_t>(a)], j = o.newrow[static_cast<std::size_t>(b)];
    cols[static_cast<std::size_t>(std::max(i, j))].push_back(std::min(i, j));
  }
  o.col_ptr.assign(N + 1, 0);
  for (std::size_t k = 0; k < N; ++k) {
    std::sort(cols[k].begin(), cols[k].end());
    cols[k].erase(std::unique(cols[k].begin(), cols[k].end()), cols[k].end());
    o.row_idx.insert(o.row_idx.end(), cols[k].begin(), cols[k].end());
    o.col_ptr[k + 1] = static_cast<index_t>(o.row_idx.size());
  }
  o.ldlt = ldlt_symbolic(nu, o.col_ptr, o.row_idx);
  return o;
}

}  // namespace

HeadPattern head_pattern(const Network& net) {
  HeadPattern hp;
  const std::size_t nn = net.nodes.size(), nl = net.links.size();
  hp.nodes = static_cast<index_t>(nn);
  hp.links = static_cast<index_t>(nl);
  std::vector<index_t> urow(nn, -1);  // natural row numbering: non-fixed-head nodes in node order
  index_t nu = 0;
  for (std::size_t i = 0; i < nn; ++i)
    if (net.nodes[i].type != NodeType::fixed_head) urow[i] = nu++;
  hp.rows = nu;
  hp.link_from.resize(nl);
  hp.link_to.resize(nl);
  std::vector<std::pair<index_t, index_t>> offdiag;  // natural rows of the two ends
  std::vector<Eigen::Triplet<double>> trip;
  for (index_t r = 0; r < nu; ++r) trip.emplace_back(static_cast<int>(r), static_cast<int>(r), 1.0);
  for (std::size_t l = 0; l < nl; ++l) {
    const auto f = static_cast<std::size_t>(net.links[l].from), t = static_cast<std::size_t>(net.links[l].to);
    hp.link_from[l] = static_cast<index_t>(f);
    hp.link_to[l] = static_cast<index_t>(t);
    if (f != t && urow[f] >= 0 && urow[t] >= 0) {
      offdiag.emplace_back(urow[f], urow[t]);
      trip.emplace_back(static_cast<int>(urow[f]), static_cast<int>(urow[t]), 1.0);
      trip.emplace_back(static_cast<int>(urow[t]), static_cast<int>(urow[f]), 1.0);
    }
  }
  Ordered best;
  if (nu > 0) {  // both fill-reducing orders; keep the one that predicts less work (AMD on ties)
    SpMat C(static_cast<Eigen::Index>(nu), static_cast<Eigen::Index>(nu));
    C.setFromTriplets(trip.begin(), trip.end());
    C.makeCompressed();
    Perm pa, pn;
    Eigen::AMDOrdering<int>()(C, pa);
    NestedDissectionOrdering<int>()(C, pn);
    best = order_pattern(pa, nu, offdiag);
    Ordered nd = order_pattern(pn, nu, offdiag);
    if (nd.ldlt.work() < best.ldlt.work()) {
      best = std::move(nd);
      hp.nested_dissection = true;
    }
  } else {
    best.ldlt.n = 0;
    best.ldlt.l_ptr.assign(1, 0);
    best.ldlt.sched_ptr.assign(1, 0);
    best.col_ptr.assign(1, 0);
  }
  hp.col_ptr = std::move(best.col_ptr);
  hp.row_idx = std::move(best.row_idx);
  hp.ldlt = std::move(best.ldlt);
  hp.node_row.assign(nn, -1);
  hp.row_node.assign(static_cast<std::size_t>(nu), 0);
  for (std::size_t i = 0; i < nn; ++i)
    if (urow[i] >= 0) {
      const index_t k = best.newrow[static_cast<std::size_t>(urow[i])];
      hp.node_row[i] = k;
      hp.row_node[static_cast<std::size_t>(k)] = static_cast<index_t>(i);
    }
  // contributions of each link, in ascending link order: to the diagonal of each end with a row,
  // to the entry between its two ends, and to the right-hand side of each end with a row
  auto entry = [&](index_t i, index_t k) {  // position of (i, k), i <= k
    const auto b = hp.row_idx.begin() + hp.col_ptr[static_cast<std::size_t>(k)];
    const auto e = hp.row_idx.begin() + hp.col_ptr[static_cast<std::size_t>(k) + 1];
    return static_cast<std::size_t>(std::lower_bound(b, e, i) - hp.row_idx.begin());
  };
  std::vector<std::vector<index_t>> ent(hp.row_idx.size()), rhs(static_cast<std::size_t>(nu));
  for (std::size_t l = 0; l < nl; ++l) {
    const index_t rf = hp.node_row[static_cast<std::size_t>(hp.link_from[l])];
    const index_t rt = hp.node_row[static_cast<std::size_t>(hp.link_to[l])];
    if (hp.link_from[l] == hp.link_to[l]) continue;  // rejected by validate()
    const auto L = static_cast<index_t>(l);
    if (rf >= 0) {
      ent[entry(rf, rf)].push_back(L);
      rhs[static_cast<std::size_t>(rf)].push_back(L);
    }
    if (rt >= 0) {
      ent[entry(rt, rt)].push_back(L);
      rhs[static_cast<std::size_t>(rt)].push_back(L);
    }
    if (rf >= 0 && rt >= 0) ent[entry(std::min(rf, rt), std::max(rf, rt))].push_back(L);
  }
  auto flatten = [](const std::vector<std::vector<index_t>>& lists, std::vector<index_t>& ptr, std::vector<index_t>& flat) {
    ptr.assign(lists.size() + 1, 0);
    for (std::size_t k = 0; k < lists.size(); ++k) {
      flat.insert(flat.end(), lists[k].begin(), lists[k].end());
      ptr[k + 1] = static_cast<index_t>(flat.size());
    }
  };
  flatten(ent, hp.entry_ptr, hp.entry_link);
  flatten(rhs, hp.rhs_ptr, hp.rhs_link);
  hp.demand.resize(nn);
  for (std::size_t i = 0; i < nn; ++i) hp.demand[i] = net.nodes[i].demand;
  return hp;
}

}  // namespace factwin::liquid::detail
