// SPDX-License-Identifier: Apache-2.0
// Batched head-system kernels (gga_batch_kernels.inc, docs/liquid.md section 6) on the host:
//  - the symbolic LDL^T (elimination tree and row patterns; Davis 2006, "Direct Methods for Sparse
//    Linear Systems", SIAM, ch. 4) gives the fill of textbook cases (tridiagonal: none; an arrow
//    with its dense row first: complete fill);
//  - the batched factorisation and solve equals Eigen's SimplicialLDLT on random grounded graph
//    Laplacians (the shape of a GGA head matrix), with identity rows mixed in, in both layouts
//    (member-major as on the host, entry-major as on CUDA), and reports a zero pivot as Eigen does;
//  - the batched assembly of the pod's head matrices equals the one-network CPU assembly bit for
//    bit, and the batched head solve agrees with its Eigen LDL^T solve.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

#include "factwin/io/scenario_reader.hpp"
#include "liquid/batch_pattern.hpp"
#include "liquid/kernels/gga_batch_args.hpp"
#include "liquid/liquid_backend.hpp"
#include "liquid/solver_impl.hpp"

namespace fl = factwin::liquid;
using factwin::index_t;

namespace {

/// Upper CSC (rows i <= k) of a symmetric pattern given as edges, plus every diagonal.
void upper_csc(index_t n, const std::vector<std::pair<index_t, index_t>>& edges, std::vector<index_t>& ptr,
               std::vector<index_t>& idx) {
  std::vector<std::vector<index_t>> cols(static_cast<std::size_t>(n));
  for (index_t k = 0; k < n; ++k) cols[static_cast<std::size_t>(k)].push_back(k);
  for (auto [a, b] : edges) cols[static_cast<std::size_t>(std::max(a, b))].push_back(std::min(a, b));
  ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  idx.clear();
  for (std::size_t k = 0; k < cols.size(); ++k) {
    std::sort(cols[k].begin(), cols[k].end());
    cols[k].erase(std::unique(cols[k].begin(), cols[k].end()), cols[k].end());
    idx.insert(idx.end(), cols[k].begin(), cols[k].end());
    ptr[k + 1] = static_cast<index_t>(idx.size());
  }
}

}  // namespace

TEST(LdltBatch, SymbolicFillOfTextbookPatterns) {
  const index_t n = 12;
  std::vector<std::pair<index_t, index_t>> tri, arrow;
  for (index_t i = 0; i + 1 < n; ++i) tri.emplace_back(i, i + 1);
  for (index_t i = 1; i < n; ++i) arrow.emplace_back(0, i);
  std::vector<index_t> ptr, idx;
  upper_csc(n, tri, ptr, idx);
  const auto t = fl::detail::ldlt_symbolic(n, ptr, idx);
  EXPECT_EQ(t.l_row.size(), static_cast<std::size_t>(n - 1));  // no fill
  upper_csc(n, arrow, ptr, idx);
  const auto a = fl::detail::ldlt_symbolic(n, ptr, idx);
  EXPECT_EQ(a.l_row.size(), static_cast<std::size_t>(n * (n - 1) / 2));  // eliminating the hub first fills all
  // every row's schedule is in topological order: an entry's column is updated only by columns before it
  for (index_t k = 0; k < n; ++k)
    for (index_t s = a.sched_ptr[static_cast<std::size_t>(k)]; s + 1 < a.sched_ptr[static_cast<std::size_t>(k) + 1]; ++s)
      EXPECT_LT(a.sched_col[static_cast<std::size_t>(s)], a.sched_col[static_cast<std::size_t>(s) + 1]);
}

// Random grounded Laplacians: p > 0 on the edges of a random connected graph, the diagonal the sum
// of the incident p plus a grounding (a fixed-head neighbour); SPD. Some members have
// rows switched off (identity, decoupled), as nodes isolated or pruned in a variant are.
TEST(LdltBatch, FactorSolveEqualsEigenInBothLayouts) {
  const index_t n = 60;
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::pair<index_t, index_t>> edges;
  for (index_t i = 1; i < n; ++i) edges.emplace_back(static_cast<index_t>(u(rng) * static_cast<double>(i)), i);
  for (int e = 0; e < 40; ++e) {
    const auto a = static_cast<index_t>(u(rng) * n), b = static_cast<index_t>(u(rng) * n);
    if (a != b) edges.emplace_back(a, b);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<index_t> ptr, idx;
  upper_csc(n, edges, ptr, idx);
  const auto sym = fl::detail::ldlt_symbolic(n, ptr, idx);
  const auto nnz = static_cast<index_t>(idx.size()), nnz_l = static_cast<index_t>(sym.l_row.size());
  const index_t members = 9;
  struct Mat {
    Eigen::SparseMatrix<double> A;
    Eigen::VectorXd b;
    std::vector<double> upper;  // values in the CSC order
  };
  std::vector<Mat> mats(static_cast<std::size_t>(members));
  for (index_t m = 0; m < members; ++m) {
    std::vector<char> off(static_cast<std::size_t>(n), 0);
    if (m % 3 == 1)
      for (index_t i = 0; i < n; i += 7) off[static_cast<std::size_t>(i)] = 1;
    std::vector<double> diag(static_cast<std::size_t>(n), 0.0);
    std::vector<Eigen::Triplet<double>> trip;
    std::vector<double> w(edges.size());
    for (std::size_t e = 0; e < edges.size(); ++e) {
      const auto [a, b] = edges[e];
      w[e] = std::pow(10.0, 4.0 * u(rng) - 2.0);  // conductances over four decades
      if (off[static_cast<std::size_t>(a)] || off[static_cast<std::size_t>(b)]) w[e] = 0.0;
      diag[static_cast<std::size_t>(a)] += w[e];
      diag[static_cast<std::size_t>(b)] += w[e];
      if (w[e] != 0.0) {
        trip.emplace_back(a, b, -w[e]);
        trip.emplace_back(b, a, -w[e]);
      }
    }
    // grounded rows (a fixed-head neighbour); every row a little, so that switching rows off never
    // leaves a floating part (a variant's isolated parts have no rows at all)
    for (index_t i = 0; i < n; ++i) diag[static_cast<std::size_t>(i)] += (i % 5 == 0 ? 0.5 : 1e-3) * (1.0 + u(rng));
    for (index_t i = 0; i < n; ++i) {
      if (off[static_cast<std::size_t>(i)]) diag[static_cast<std::size_t>(i)] = 1.0;
      trip.emplace_back(i, i, diag[static_cast<std::size_t>(i)]);
    }
    Mat& M = mats[static_cast<std::size_t>(m)];
    M.A.resize(n, n);
    M.A.setFromTriplets(trip.begin(), trip.end());
    M.b.resize(n);
    for (index_t i = 0; i < n; ++i) M.b[i] = off[static_cast<std::size_t>(i)] ? 0.0 : u(rng) - 0.5;
    for (index_t k = 0; k < n; ++k)
      for (index_t e = ptr[static_cast<std::size_t>(k)]; e < ptr[static_cast<std::size_t>(k) + 1]; ++e)
        M.upper.push_back(M.A.coeff(idx[static_cast<std::size_t>(e)], k));
  }
  for (int entry_major = 0; entry_major < 2; ++entry_major) {
    SCOPED_TRACE(entry_major ? "entry-major (CUDA) layout" : "member-major (host) layout");
    fl::BatchLayout lay{members, entry_major};
    std::vector<double> a(static_cast<std::size_t>(members * nnz)), rhs(static_cast<std::size_t>(members * n));
    std::vector<double> l(static_cast<std::size_t>(members * nnz_l)), d(rhs.size()), work(rhs.size()), x(rhs.size());
    std::vector<int> status(static_cast<std::size_t>(members), -1);
    // members in reverse slot order: the kernel must use the slot list, not the thread index
    std::vector<index_t> slots;
    for (index_t m = members - 1; m >= 0; --m) slots.push_back(m);
    for (index_t m = 0; m < members; ++m) {
      for (index_t e = 0; e < nnz; ++e)
        a[static_cast<std::size_t>(lay.at(e, m, nnz))] = mats[static_cast<std::size_t>(m)].upper[static_cast<std::size_t>(e)];
      for (index_t i = 0; i < n; ++i) rhs[static_cast<std::size_t>(lay.at(i, m, n))] = mats[static_cast<std::size_t>(m)].b[i];
    }
    fl::LdltBatchArgs f;
    f.members = members;
    f.slot = slots.data();
    f.layout = lay;
    f.n = n;
    f.nnz_a = nnz;
    f.nnz_l = nnz_l;
    f.col_ptr = ptr.data();
    f.row_idx = idx.data();
    f.l_ptr = sym.l_ptr.data();
    f.l_row = sym.l_row.data();
    f.sched_ptr = sym.sched_ptr.data();
    f.sched_col = sym.sched_col.data();
    f.sched_pos = sym.sched_pos.data();
    f.a = a.data();
    f.rhs = rhs.data();
    f.l = l.data();
    f.d = d.data();
    f.work = work.data();
    f.x = x.data();
    f.status = status.data();
    fl::host_api::ldlt_factor_solve_batch(f);
    double worst = 0;
    for (index_t m = 0; m < members; ++m) {
      ASSERT_EQ(status[static_cast<std::size_t>(m)], 0) << "member " << m;
      Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt(mats[static_cast<std::size_t>(m)].A);
      ASSERT_EQ(ldlt.info(), Eigen::Success);
      const Eigen::VectorXd ref = ldlt.solve(mats[static_cast<std::size_t>(m)].b);
      double err = 0;
      for (index_t i = 0; i < n; ++i) err = std::max(err, std::fabs(x[static_cast<std::size_t>(lay.at(i, m, n))] - ref[i]));
      worst = std::max(worst, err / ref.lpNorm<Eigen::Infinity>());
    }
    std::printf("[figure] batched LDL^T vs Eigen SimplicialLDLT (%s): max relative difference %.2e\n",
                entry_major ? "entry-major" : "member-major", worst);
    EXPECT_LT(worst, 1e-12);
  }
}

TEST(LdltBatch, ZeroPivotIsReportedAsEigenDoes) {
  // a 3 x 3 Laplacian of a path with nothing grounded: singular, the last pivot is exactly 0
  const index_t n = 3;
  std::vector<index_t> ptr, idx;
  upper_csc(n, {{0, 1}, {1, 2}}, ptr, idx);
  const auto sym = fl::detail::ldlt_symbolic(n, ptr, idx);
  // column order: (0,0) | (0,1) (1,1) | (1,2) (2,2)
  std::vector<double> a = {1.0, -1.0, 2.0, -1.0, 1.0}, rhs = {0.0, 0.0, 0.0};
  std::vector<double> l(sym.l_row.size()), d(3), work(3), x(3);
  std::vector<int> status(1, -1);
  const index_t slot = 0;
  fl::LdltBatchArgs f;
  f.members = 1;
  f.slot = &slot;
  f.layout = {1, 0};
  f.n = n;
  f.nnz_a = static_cast<index_t>(a.size());
  f.nnz_l = static_cast<index_t>(sym.l_row.size());
  f.col_ptr = ptr.data();
  f.row_idx = idx.data();
  f.l_ptr = sym.l_ptr.data();
  f.l_row = sym.l_row.data();
  f.sched_ptr = sym.sched_ptr.data();
  f.sched_col = sym.sched_col.data();
  f.sched_pos = sym.sched_pos.data();
  f.a = a.data();
  f.rhs = rhs.data();
  f.l = l.data();
  f.d = d.data();
  f.work = work.data();
  f.x = x.data();
  f.status = status.data();
  fl::host_api::ldlt_factor_solve_batch(f);
  EXPECT_EQ(status[0], 3);  // row 2 (1-based 3)
  Eigen::SparseMatrix<double> A(3, 3);
  std::vector<Eigen::Triplet<double>> t = {{0, 0, 1.0}, {1, 1, 2.0}, {2, 2, 1.0}, {0, 1, -1.0},
                                           {1, 0, -1.0}, {1, 2, -1.0}, {2, 1, -1.0}};
  A.setFromTriplets(t.begin(), t.end());
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>, Eigen::Lower, Eigen::NaturalOrdering<int>> ldlt(A);
  EXPECT_NE(ldlt.info(), Eigen::Success);
}

// The pod (data/scenarios/pod_1mw_liquid.json) and its N-1 members through the first Newton
// iterations: the batched assembly on the union pattern gives each member's CPU matrix entries bit
// for bit (identity rows and zeros elsewhere), and the batched head solve matches Eigen's LDL^T.
TEST(LdltBatch, PodAssemblyEqualsCpuAssemblyAndSolvesAgree) {
  const fl::Network pod =
      *factwin::io::load_facility(std::string(FACTWIN_DATA_DIR) + "/scenarios/pod_1mw_liquid.json").liquid;
  const fl::detail::HeadPattern hp = fl::detail::head_pattern(pod);
  auto vars = fl::n_minus_1_variants(pod);
  vars.insert(vars.begin(), fl::Variant{"base", {}, {}, {}, {}});
  const auto nl = static_cast<std::size_t>(hp.links), nn = static_cast<std::size_t>(hp.nodes);
  const index_t rows = hp.rows, nnz = hp.nnz(), nnz_l = static_cast<index_t>(hp.ldlt.l_row.size());
  std::printf("[figure] pod head pattern: %lld rows, %lld entries (upper), L %lld entries, %s order\n",
              static_cast<long long>(rows), static_cast<long long>(nnz), static_cast<long long>(nnz_l),
              hp.nested_dissection ? "nested-dissection" : "AMD");
  int checked = 0;
  double worst = 0;
  for (const auto& v : vars) {
    SCOPED_TRACE(v.name);
    const fl::Network net = fl::apply_variant(pod, v);
    fl::detail::Solver s(net);
    ASSERT_TRUE(s.outer_start(true));
    s.cpu_hyd_begin();
    std::vector<double> p(nl), y(nl);
    for (int it = 0; it < 4 && s.newton_left(); ++it) {
      s.newton_prepare();
      fl::LinkBatchArgs lb;
      lb.n = static_cast<index_t>(nl);
      lb.args = s.link_args().data();
      lb.q = s.flows().data();
      lb.p = p.data();
      lb.y = y.data();
      lb.secant = s.secant_iteration() ? 1 : 0;
      fl::host_api::gga_coefficients_batch(lb);
      // the batched path on this one member (slot 0)
      std::vector<unsigned char> st(nl), on(nn);
      for (std::size_t l = 0; l < nl; ++l)
        st[l] = s.coupling_links()[l] ? fl::head_link_couples
                                      : (s.link_args()[l].law == fl::law_fixed_flow ? fl::head_link_fixed
                                                                                    : fl::head_link_none);
      for (std::size_t k = 0; k < nn; ++k) on[k] = s.node_rows()[k] >= 0 ? 1 : 0;
      std::vector<double> a(static_cast<std::size_t>(nnz)), rhs(static_cast<std::size_t>(rows));
      const index_t slot = 0;
      fl::GgaAssembleArgs as;
      as.members = 1;
      as.slot = &slot;
      as.layout = {1, 0};
      as.links = hp.links;
      as.nodes = hp.nodes;
      as.rows = rows;
      as.nnz = nnz;
      as.row_node = hp.row_node.data();
      as.col_ptr = hp.col_ptr.data();
      as.row_idx = hp.row_idx.data();
      as.entry_ptr = hp.entry_ptr.data();
      as.entry_link = hp.entry_link.data();
      as.rhs_ptr = hp.rhs_ptr.data();
      as.rhs_link = hp.rhs_link.data();
      as.link_from = hp.link_from.data();
      as.link_to = hp.link_to.data();
      as.demand = hp.demand.data();
      as.link_state = st.data();
      as.node_row = on.data();
      as.head = s.heads().data();
      as.q = s.flows().data();
      as.p = p.data();
      as.y = y.data();
      as.a = a.data();
      as.rhs = rhs.data();
      fl::host_api::gga_assemble_batch(as);
      std::vector<double> l(static_cast<std::size_t>(nnz_l)), d(static_cast<std::size_t>(rows)), work(d.size()), x(d.size());
      int status = -1;
      fl::LdltBatchArgs f;
      f.members = 1;
      f.slot = &slot;
      f.layout = {1, 0};
      f.n = rows;
      f.nnz_a = nnz;
      f.nnz_l = nnz_l;
      f.col_ptr = hp.col_ptr.data();
      f.row_idx = hp.row_idx.data();
      f.l_ptr = hp.ldlt.l_ptr.data();
      f.l_row = hp.ldlt.l_row.data();
      f.sched_ptr = hp.ldlt.sched_ptr.data();
      f.sched_col = hp.ldlt.sched_col.data();
      f.sched_pos = hp.ldlt.sched_pos.data();
      f.a = a.data();
      f.rhs = rhs.data();
      f.l = l.data();
      f.d = d.data();
      f.work = work.data();
      f.x = x.data();
      f.status = &status;
      fl::host_api::ldlt_factor_solve_batch(f);
      ASSERT_EQ(status, 0);
      // the CPU path on the same member (fills its head matrix and the heads of the rows)
      s.cpu_head_solve(p, y);
      // every union entry: the CPU entry bit for bit, or 1 / 0 on identity rows and non-coupling entries
      for (index_t k = 0; k < rows; ++k) {
        const auto nk = static_cast<std::size_t>(hp.row_node[static_cast<std::size_t>(k)]);
        for (index_t e = hp.col_ptr[static_cast<std::size_t>(k)]; e < hp.col_ptr[static_cast<std::size_t>(k) + 1]; ++e) {
          const auto ni = static_cast<std::size_t>(hp.row_node[static_cast<std::size_t>(hp.row_idx[static_cast<std::size_t>(e)])]);
          const double got = a[static_cast<std::size_t>(e)];
          if (s.node_rows()[nk] < 0) {
            EXPECT_EQ(got, ni == nk ? 1.0 : 0.0);
            continue;
          }
          const double want =
              s.node_rows()[ni] < 0 ? 0.0 : s.head_system().matrix().coeff(s.node_rows()[ni], s.node_rows()[nk]);
          EXPECT_EQ(got, want) << "entry (" << net.nodes[ni].name << ", " << net.nodes[nk].name << ")";
        }
      }
      double hs = 0, err = 0;
      for (std::size_t k = 0; k < nn; ++k)
        if (s.node_rows()[k] >= 0) {
          hs = std::max(hs, std::fabs(s.heads()[k]));
          err = std::max(err, std::fabs(x[static_cast<std::size_t>(hp.node_row[k])] - s.heads()[k]));
        }
      worst = std::max(worst, err / hs);
      ++checked;
      if (s.newton_finish(p.data(), y.data()) != fl::detail::Solver::NewtonStep::iterate) break;
    }
  }
  std::printf("[figure] pod: batched head solves vs Eigen LDL^T over %d systems: max relative difference %.2e\n",
              checked, worst);
  EXPECT_GE(checked, 50);
  EXPECT_LT(worst, 1e-13);
}
