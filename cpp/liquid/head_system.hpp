// SPDX-License-Identifier: Apache-2.0
// GGA hydraulics, the head system of one network on the CPU (docs/liquid.md section 2): the
// sparse pattern of the head matrix, its symbolic LDL^T analysis (Eigen's AMD or the nested
// dissection of nested_dissection.hpp, whichever predicts less work) and its numeric factorisation
// and solve. The pattern and the analysis are kept while the rows and the coupling links stay the
// same (also across outer iterations); each Newton iteration assembles new values into it
// (Solver::cpu_head_solve) and factorises them.
#pragma once

#include <cstddef>
#include <vector>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

#include "factwin/liquid/network.hpp"
#include "liquid/nested_dissection.hpp"

namespace factwin::liquid::detail {

class HeadSystem {
 public:
  using SpMat = Eigen::SparseMatrix<double>;
  /// Positions of a link's entries in the matrix values (-1: none).
  struct Slots {
    int ii = -1, jj = -1, ij = -1, ji = -1;
  };

  /// Builds the pattern and its analysis for these matrix rows (per node, -1: none), coupling
  /// links (per link) and number of rows, unless it was built for the same rows and links already.
  void update_pattern(const Network& net, const std::vector<int>& row, const std::vector<char>& couples, int nu);
  /// The matrix values, for an assembly into the kept pattern.
  [[nodiscard]] double* values() { return A_.valuePtr(); }
  [[nodiscard]] Eigen::Index nonzeros() const { return A_.nonZeros(); }
  [[nodiscard]] const Slots& slots(std::size_t l) const { return slots_[l]; }
  /// Numeric factorisation of the assembled matrix (the pattern's analysis is reused) and solve of
  /// A x = F. False when the factorisation fails (a zero pivot).
  [[nodiscard]] bool factorize_and_solve(const Eigen::VectorXd& F, Eigen::VectorXd& x);
  [[nodiscard]] const SpMat& matrix() const { return A_; }

 private:
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
  void build(const Network& net, const std::vector<int>& row, const std::vector<char>& couples, int nu);

  SpMat A_;
  Ldlt<Eigen::AMDOrdering<int>> ldlt_amd_;               // minimum degree (tree-like networks)
  Ldlt<NestedDissectionOrdering<int>> ldlt_nd_;          // nested dissection (grid-like, looped)
  bool use_nd_ = false;
  std::vector<Slots> slots_;
  std::vector<int> pat_row_;
  std::vector<char> pat_couples_;
  bool pat_valid_ = false;
};

}  // namespace factwin::liquid::detail
