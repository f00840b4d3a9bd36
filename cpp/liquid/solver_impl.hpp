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
// The steps live in their own files:
//   solver_setup.cpp       circuits, coolant properties, initial flows, link laws (LinkArgs)
//   solver_hydraulics.cpp  GGA Newton steps (hyd_begin, newton_prepare, newton_finish), the CPU
//                          head solve (head_system.hpp) and the residuals
//   solver_valves.cpp      check-valve / pump statuses and control valves
//   energy_balance.hpp     the energy balance (EnergyBalance, energy_balance.cpp and
//                          energy_report.cpp): coefficients, modes, linear solve, thermal results
//   solver_outer.cpp       outer loop and the collection of the results
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "factwin/core/error.hpp"
#include "factwin/liquid/network.hpp"
#include "liquid/energy_balance.hpp"
#include "liquid/head_system.hpp"
#include "liquid/kernels/link_args.hpp"
#include "liquid/network_detail.hpp"

namespace factwin::liquid::detail {

class Solver {
 public:
  /// What follows a Newton iteration: another one, a new hydraulic solve (statuses changed), or
  /// the end of this hydraulic solve.
  enum class NewtonStep { iterate, restart, done };

  /// Circuits, initial temperatures, statuses, properties and flows of `n` (which must outlive it).
  explicit Solver(const Network& n);
  Solver(const Solver&) = delete;  // its EnergyBalance refers to its arrays
  Solver& operator=(const Solver&) = delete;

  /// The whole solve of one network on the CPU (solve(), solve_hydraulics()).
  [[nodiscard]] Result run(bool with_thermal);

  // ---- outer loop (solver_outer.cpp): true when a hydraulic solve is needed next; false when
  // ---- the network is finished (then collect())
  bool outer_start(bool with_thermal);
  bool outer_after_hydraulics();
  /// The results of the finished solve.
  [[nodiscard]] Result collect() { return collect(with_thermal_); }

  // ---- one hydraulic solve, as resumable steps (solver_hydraulics.cpp):
  //   hyd_begin()       statuses -> link laws, reachability, dead-end pruning, matrix rows
  //   newton_prepare()  counters of the next iteration, fixed flows
  //   [p, y of every link; assembly of the head system; head solve -> take_heads()]
  //   newton_finish()   dead-end heads, flow update, convergence and status checks
  // A status change restarts the hydraulic solve from hyd_begin() (the iteration count and the
  // early status checks restart with it; Convergence::iterations counts on).
  void hyd_begin();
  /// True while this hydraulic solve may take another Newton iteration.
  [[nodiscard]] bool newton_left() const { return it_ < net_.options.max_iterations; }
  void newton_prepare();
  /// The first iteration of a solve linearises pipes and fixed drops through the origin (secant,
  /// the linear-theory step); Newton's tangent from EPANET's 1 ft/s start only halves the
  /// overestimated flows of lightly loaded links per iteration (docs/liquid.md section 2).
  [[nodiscard]] bool secant_iteration() const { return conv_.iterations == 1; }
  /// The outcome of this iteration's head solve, when the system has rows: counts the
  /// factorisation, throws the singular-matrix error when `factor_ok` is false, and sets the head
  /// of every node with a row to head_of_node(node).
  template <class HeadOfNode>
  void take_heads(bool factor_ok, HeadOfNode head_of_node) {
    if (nu_ <= 0) return;
    ++conv_.factorizations;
    if (!factor_ok) throw singular_error();
    for (std::size_t i = 0; i < nn_; ++i)
      if (row_[i] >= 0) H_[i] = head_of_node(i);
  }
  /// After the heads of the rows are known: heads of the dead ends, flow update, convergence and
  /// status checks. p, y: the coefficients of this iteration (per link).
  NewtonStep newton_finish(const double* p, const double* y);

  // ---- the CPU head solve (hydraulics(); the batch tests compare with it)
  /// hyd_begin() and the head system's pattern for its rows.
  void cpu_hyd_begin();
  /// Assembles the head system into the kept pattern, factorises (numeric only), solves; heads of
  /// the rows.
  void cpu_head_solve(const std::vector<double>& p, const std::vector<double>& y);
  [[nodiscard]] const HeadSystem& head_system() const { return head_system_; }

  // ---- state the batch driver stages for the batched kernels
  [[nodiscard]] const std::vector<LinkArgs>& link_args() const { return args_; }
  [[nodiscard]] const std::vector<double>& flows() const { return Q_; }
  [[nodiscard]] const std::vector<double>& heads() const { return H_; }
  /// Matrix row of each node (-1: none) and the links that enter the head matrix.
  [[nodiscard]] const std::vector<int>& node_rows() const { return row_; }
  [[nodiscard]] const std::vector<char>& coupling_links() const { return couples_; }

 private:
  static constexpr double g = kGravity;

  [[nodiscard]] std::size_t cof(std::size_t l) const { return static_cast<std::size_t>(circ_[static_cast<std::size_t>(net_.links[l].from)]); }
  [[nodiscard]] std::size_t fr(std::size_t l) const { return static_cast<std::size_t>(net_.links[l].from); }
  [[nodiscard]] std::size_t to(std::size_t l) const { return static_cast<std::size_t>(net_.links[l].to); }

  // ---- set-up and properties (solver_setup.cpp)
  void update_properties();
  // Head of a pressure-given fixed node depends on the density.
  [[nodiscard]] double fixed_head(std::size_t i) const {
    const Node& n = net_.nodes[i];
    if (n.pressure_given) return n.elevation + n.pressure / (rho_[static_cast<std::size_t>(circ_[i])] * g);
    return n.head;
  }
  void build_args();
  void initial_flows();

  // ---- hydraulics (solver_hydraulics.cpp)
  [[nodiscard]] ConvergenceError singular_error() const;
  /// One hydraulic solve of this network on the CPU (Eigen LDL^T head solves).
  void hydraulics();
  [[nodiscard]] double head_residual() const;
  [[nodiscard]] double continuity_residual() const;

  // ---- statuses and control valves (solver_valves.cpp)
  // Check valves and pumps (Eq. H-8). Returns true when a status changed.
  bool update_status(bool allow_open = true);
  // Control valves (outer loop, Eq. H-9). Returns the largest relative setpoint error.
  double update_control_valves();

  // ---- results (solver_outer.cpp)
  Result collect(bool with_thermal);

  // ---- network, circuits and coolant properties
  const Network& net_;
  std::size_t nn_, nl_;
  std::vector<int> circ_;
  int ncirc_ = 0;
  std::vector<double> rho_, cp_;          // per circuit
  std::vector<CoolantKind> coolant_;      // per circuit
  std::vector<double> T_;                 // per node [K]
  std::vector<double> H_, Q_;             // heads, flows
  std::vector<int> open_;                 // current status per link
  std::vector<int> fcv_active_;           // flow-control valve holds its setpoint
  std::vector<double> opening_;           // valve openings
  std::vector<double> link_T_;            // mean temperature per link, for viscosity
  std::vector<double> visc_T_, visc_;     // kinematic viscosity per link and the link_T it is for
  std::vector<double> dp_prev_x_, dp_prev_g_;  // secant memory of differential-pressure valves
  std::vector<LinkArgs> args_;
  std::vector<Diagnostic> diags_;
  Convergence conv_;
  std::vector<double> history_;
  int status_rounds_ = 0;

  // ---- the hydraulic solve in progress
  std::vector<int> row_;                                    // matrix row of each node (-1: none)
  std::vector<int> pruned_;                                 // dead-end links (no flow)
  std::vector<std::pair<std::size_t, std::size_t>> order_;  // (leaf node, its link), pruning order
  std::vector<char> couples_;                               // link enters the head matrix
  int nu_ = 0;                                              // rows of the head system
  int it_ = 0;                                              // Newton iteration of this hydraulic solve
  HeadSystem head_system_;                                  // the CPU head solve's matrix and factor

  EnergyBalance energy_;  // temperatures T_ for the flows Q_; chiller and cooler modes

  // ---- outer loop
  bool with_thermal_ = true;
  int outer_ = 0;
  bool final_pass_ = false;  // the extra hydraulic + thermal pass after the properties settled
};

}  // namespace factwin::liquid::detail
