// SPDX-License-Identifier: Apache-2.0
// Power flow, the state of one case and its host steps: set-up (case_setup.cpp: active sources,
// islands, energisation, load allocation, UPS levels) and results (case_results.cpp: bus voltages,
// source powers, energy balance, heat by room). A case is the network with its own in-service
// flags; solve_power_flow is one case, the N-1 study one case per failed component.
#pragma once

#include <complex>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "electrical/network_index.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical::detail {

using cd = std::complex<double>;

/// A set of buses joined by in-service non-UPS branches; islands are linked by UPS branches.
struct Island {
  std::vector<int> buses;
  std::vector<int> branches;  // in-service, non-UPS branches inside
  std::vector<int> slack;     // buses with a supply (active source or UPS output)
  bool energised = false;
  bool ups_backed = false;
};

/// Everything about one solve that the N-1 study needs besides the public result.
struct Solved {
  PowerFlowResult r;
  std::vector<bool> bus_ups_backed;
};

/// One case of a batch: the network's values with this case's in-service flags, and the state of
/// its solve, filled step by step (set-up, island solves, results). Cases are independent; a batch
/// only shares the sweep launches.
struct CaseState {
  std::vector<char> branch_on, source_on;  // in-service flags of this case
  std::string label;                       // "" (the network as given) or the failed component
  std::vector<bool> active;                // per source: carries load in this case
  std::vector<int> island_of;              // per bus
  std::vector<Island> islands;
  std::vector<std::vector<int>> levels;    // energised islands by UPS level, downstream (0) first
  std::vector<std::vector<int>> supplies;  // per bus: -1-source or UPS branch index
  std::vector<bool> ups_live;              // per branch: an in-service UPS with an energised input
  std::vector<bool> bus_energised;
  std::vector<cd> v;                       // [pu] bus voltages
  std::vector<double> p_load, q_load;      // [pu] load injections (load convention)
  std::unordered_map<int, cd> slack_power;  // per slack bus [pu], load convention: delivered
  int iterations = 0, radial = 0, meshed = 0;
  Solved out;
};

/// A case with the network's current in-service flags (change them before setup_case()).
void init_case(const NetworkIndex& idx, CaseState& cs);

/// Per-case set-up on the host: active sources, islands, energisation through the UPS links,
/// supplies, load allocation (transfer rules) and the UPS level of every energised island.
/// \throws Error when the UPS links form a loop.
void setup_case(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs);

/// Each supply at bus `b` carries a share of the bus's slack power proportional to its rating:
/// supply (-1-source or UPS branch index) -> share.
[[nodiscard]] std::unordered_map<int, double> supply_shares(const NetworkIndex& idx, const CaseState& cs, int b);

/// " in the N-1 case with 'X' out of service" for the messages of a contingency case; "" otherwise.
[[nodiscard]] std::string in_case(const CaseState& cs);

/// Per-case results once every island is solved: bus voltages, source powers, the energy balance
/// and heat by room. Moves the result out of `cs`.
[[nodiscard]] Solved collect_results(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs);

}  // namespace factwin::electrical::detail
