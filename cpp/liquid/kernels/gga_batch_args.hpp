// SPDX-License-Identifier: Apache-2.0
// Plain data of the batched head-system kernels (gga_batch_kernels.inc, docs/liquid.md section 6):
// the assembly of every member's GGA head matrix on one shared (union) pattern, and a batched
// sparse LDL^T factorisation and solve that follows one symbolic schedule for all members.
// Seen by the lockstep batch driver (batch.cpp) and by both backends; the entry points that take
// them are listed in liquid/liquid_backend.hpp.
#pragma once

#include "factwin/core/hd.hpp"
#include "factwin/core/types.hpp"

namespace factwin::liquid {

/// A strided view of one member's entries in a batched array.
template <class T>
struct Strided {
  T* p = nullptr;
  index_t stride = 1;
  FACTWIN_HD T& operator[](index_t e) const { return p[e * stride]; }
};

/// Where entry e of member slot s lives in a batched array that holds `count` entries per member:
/// member-major (each member's entries contiguous: the host, one thread per member walks its own
/// cache lines) or entry-major (entry e of consecutive slots adjacent: CUDA, where the threads of a
/// warp, one per member, follow the same schedule and so read consecutive addresses).
struct BatchLayout {
  index_t slots = 0;    ///< members the arrays hold
  int entry_major = 0;  ///< 0: member-major, 1: entry-major
  [[nodiscard]] FACTWIN_HD index_t at(index_t e, index_t s, index_t count) const {
    return entry_major ? e * slots + s : s * count + e;
  }
  template <class T>
  [[nodiscard]] FACTWIN_HD Strided<T> view(T* base, index_t s, index_t count) const {
    return entry_major ? Strided<T>{base + s, slots} : Strided<T>{base + s * count, 1};
  }
};

/// Link states of a member in the head system (per link, per member).
enum HeadLinkState : unsigned char {
  head_link_none = 0,     ///< closed or pruned (dead end): no contribution
  head_link_couples = 1,  ///< p on the diagonal(s), -p off the diagonal, Q - y (+ p H of fixed heads) on the right
  head_link_fixed = 2,    ///< active flow-control valve: a known flow on the right-hand side
};

/// Assembly of the head systems of `members` members (docs/liquid.md section 2):
///   (sum p) H_i - sum p H_nbr = -D_i + sum_in (Q - y) - sum_out (Q - y) (+ p H of fixed-head nbrs),
/// on the union pattern of the network: rows = every non-fixed-head node (in the fill-reducing
/// order), entries = every link between two of them. A node without a row in a member (isolated,
/// pruned dead end) gets an identity row; entries of links that do not couple in that member are 0.
/// Contributions are summed in ascending link order, as the one-network CPU assembly does, so each
/// member's matrix and right-hand side equal its CPU ones bit for bit.
struct GgaAssembleArgs {
  index_t members = 0;             ///< members in this call
  const index_t* slot = nullptr;   ///< [members] their slots in the batched arrays
  BatchLayout layout;              ///< of `a` and `rhs`
  index_t links = 0, nodes = 0, rows = 0, nnz = 0;
  // shared pattern (permuted rows)
  const index_t* row_node = nullptr;    ///< [rows] node of each row
  const index_t* col_ptr = nullptr;     ///< [rows + 1] upper CSC: column k holds rows i <= k, ascending
  const index_t* row_idx = nullptr;     ///< [nnz]
  const index_t* entry_ptr = nullptr;   ///< [nnz + 1] links contributing to each entry, ascending
  const index_t* entry_link = nullptr;
  const index_t* rhs_ptr = nullptr;     ///< [rows + 1] links at each row's node, ascending
  const index_t* rhs_link = nullptr;
  const index_t* link_from = nullptr;   ///< [links]
  const index_t* link_to = nullptr;     ///< [links]
  const double* demand = nullptr;       ///< [nodes] [m^3/s]
  // member data, member-major blocks (slot * links + l, slot * nodes + i)
  const unsigned char* link_state = nullptr;  ///< HeadLinkState
  const unsigned char* node_row = nullptr;    ///< 1: the node has a row in this member
  const double* head = nullptr;   ///< [m] (fixed-head nodes are read)
  const double* q = nullptr;      ///< [m^3/s]
  const double* p = nullptr;      ///< [m^3/s per m]
  const double* y = nullptr;      ///< [m^3/s]
  double* a = nullptr;            ///< out: layout.at(entry, slot, nnz)
  double* rhs = nullptr;          ///< out: layout.at(row, slot, rows)
  /// integers of the pattern (3 per entry + row, link lists ~ 4 per link) + member data + out
  static constexpr int bytes_per_entry = 8 * 8;
};

/// Batched up-looking sparse LDL^T (Davis 2006, "Direct Methods for Sparse Linear Systems",
/// SIAM, sections 4.1-4.4, the LDL variant) with a symbolic schedule shared by all members, then
/// x = A^-1 rhs. One thread per member; every member executes the same sequence of operations.
struct LdltBatchArgs {
  index_t members = 0;
  const index_t* slot = nullptr;
  BatchLayout layout;  ///< of a, rhs, l, d, work, x
  index_t n = 0, nnz_a = 0, nnz_l = 0;
  const index_t* col_ptr = nullptr;    ///< [n + 1] A: upper CSC, rows i <= k ascending
  const index_t* row_idx = nullptr;    ///< [nnz_a]
  const index_t* l_ptr = nullptr;      ///< [n + 1] L: strictly lower CSC
  const index_t* l_row = nullptr;      ///< [nnz_l]
  const index_t* sched_ptr = nullptr;  ///< [n + 1] row k of L: its entries in topological order
  const index_t* sched_col = nullptr;  ///< [nnz_l] column i of L(k, i)
  const index_t* sched_pos = nullptr;  ///< [nnz_l] position of L(k, i) in l
  const double* a = nullptr;
  const double* rhs = nullptr;
  double* l = nullptr;
  double* d = nullptr;
  double* work = nullptr;  ///< dense row accumulator, n per member
  double* x = nullptr;     ///< solution, n per member
  int* status = nullptr;   ///< [slots] 0 solved; k + 1: zero pivot in row k (as Eigen's SimplicialLDLT)
};

}  // namespace factwin::liquid
