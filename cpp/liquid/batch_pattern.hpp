// SPDX-License-Identifier: Apache-2.0
// Symbolic part of the batched head solves (docs/liquid.md section 6), host only: the union
// pattern of a network's GGA head matrix (shared by every variant of it), a fill-reducing order of
// its rows, and the symbolic LDL^T schedule that gga_batch_kernels.inc follows for every member.
#pragma once

#include <vector>

#include "factwin/core/types.hpp"
#include "factwin/liquid/network.hpp"

namespace factwin::liquid::detail {

/// Symbolic LDL^T of a symmetric matrix given by its upper CSC pattern (column k: rows i <= k,
/// ascending, diagonal included): the elimination tree (Liu's algorithm, Davis 2006 section 4.1),
/// the pattern of each row of L in topological order (its reach in the tree) and the position of
/// every entry of L, in the order the up-looking factorisation fills them.
struct LdltSymbolic {
  index_t n = 0;
  std::vector<index_t> l_ptr;      ///< [n + 1] strictly lower L, CSC
  std::vector<index_t> l_row;      ///< [nnz_l]
  std::vector<index_t> sched_ptr;  ///< [n + 1] row k of L ...
  std::vector<index_t> sched_col;  ///< ... its columns, in topological order
  std::vector<index_t> sched_pos;  ///< ... and their positions in l_row / the values of L
  /// Sum over the columns of L of (entries below the diagonal)^2: proportional to the
  /// factorisation's operations (the measure the one-network solver picks its ordering by).
  [[nodiscard]] double work() const;
};

[[nodiscard]] LdltSymbolic ldlt_symbolic(index_t n, const std::vector<index_t>& col_ptr,
                                         const std::vector<index_t>& row_idx);

/// The union pattern of a network's head matrix: a row for every node that is not a fixed head,
/// an entry for every link between two such nodes, whatever its state (a variant or a status
/// change only removes rows and entries: they become identity rows and zeros). Rows are numbered in
/// a fill-reducing order: Eigen's AMD or the nested dissection of nested_dissection.hpp, whichever
/// predicts less factorisation work, as the one-network solver chooses.
struct HeadPattern {
  index_t nodes = 0, links = 0, rows = 0;
  std::vector<index_t> row_node;    ///< [rows] node of each row
  std::vector<index_t> node_row;    ///< [nodes] row of each node, -1 for fixed heads
  std::vector<index_t> col_ptr;     ///< [rows + 1] upper CSC, rows i <= k ascending
  std::vector<index_t> row_idx;     ///< [nnz]
  std::vector<index_t> entry_ptr;   ///< [nnz + 1] links contributing to each entry, ascending
  std::vector<index_t> entry_link;
  std::vector<index_t> rhs_ptr;     ///< [rows + 1] links at each row's node, ascending
  std::vector<index_t> rhs_link;
  std::vector<index_t> link_from, link_to;  ///< [links]
  std::vector<double> demand;       ///< [nodes] [m^3/s]
  LdltSymbolic ldlt;
  bool nested_dissection = false;   ///< the order chosen
  [[nodiscard]] index_t nnz() const { return static_cast<index_t>(row_idx.size()); }
};

[[nodiscard]] HeadPattern head_pattern(const Network& net);

}  // namespace factwin::liquid::detail
