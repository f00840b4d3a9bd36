// SPDX-License-Identifier: Apache-2.0
// Power flow, step 1: the names and connections of a network resolved once into indices (buses of
// every branch, source and load; UPS branches; rooms), shared by every case a Solver runs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical::detail {

/// Name -> index for the buses: open addressing over string_views of the names (one allocation;
/// a 100k-bus network is indexed in a few ms, faster than a node-based unordered_map).
class NameIndex {
 public:
  void build(const std::vector<Bus>& buses);
  /// Index of the bus called `name`, -1 if none.
  [[nodiscard]] int find(std::string_view name, const std::vector<Bus>& buses) const;

 private:
  std::vector<int> slots_;
  std::size_t mask_ = 0;
};

/// The network's connections by index. Names and connections are read at construction and must not
/// change afterwards; values (loads, ratings, in-service flags) are read from the network each solve.
class NetworkIndex {
 public:
  /// \throws Error for an unknown bus name or a load with more than 16 supply buses.
  explicit NetworkIndex(const PowerNetwork& net);

  [[nodiscard]] const PowerNetwork& net() const { return net_; }
  /// Bus terminals of branch l.
  [[nodiscard]] int from(std::size_t l) const { return bf_[l]; }
  [[nodiscard]] int to(std::size_t l) const { return bt_[l]; }
  /// Bus terminals of a branch of net().
  [[nodiscard]] int from_of(const Branch& b) const { return bf_[static_cast<std::size_t>(&b - net_.branches.data())]; }
  [[nodiscard]] int to_of(const Branch& b) const { return bt_[static_cast<std::size_t>(&b - net_.branches.data())]; }
  /// Bus of source s.
  [[nodiscard]] int source_bus(std::size_t s) const { return src_bus_[s]; }
  /// Index of the source called `name`, -1 if none.
  [[nodiscard]] int source(const std::string& name) const {
    const auto it = source_index_.find(name);
    return it == source_index_.end() ? -1 : it->second;
  }
  /// Indices of the UPS branches, in network order.
  [[nodiscard]] const std::vector<int>& ups_branches() const { return ups_branches_; }
  /// Supply bus indices of load i (load.buses.size() of them).
  [[nodiscard]] const int* load_buses(std::size_t i) const { return load_bus_.data() + load_bus_start_[i]; }
  /// Distinct rooms (heat is summed by index), and the room index of each load and branch.
  [[nodiscard]] const std::vector<std::string>& room_names() const { return room_names_; }
  [[nodiscard]] int load_room(std::size_t i) const { return load_room_[i]; }
  [[nodiscard]] int branch_room(std::size_t l) const { return branch_room_[l]; }

 private:
  int bus(const std::string& name) const;

  const PowerNetwork& net_;
  NameIndex bus_index_;
  std::unordered_map<std::string, int> source_index_;
  std::vector<int> bf_, bt_;       // bus indices of each branch's terminals
  std::vector<int> src_bus_;       // bus index of each source
  std::vector<int> ups_branches_;  // indices of the UPS branches
  std::vector<int> load_bus_;      // supply bus indices of all loads, load i at [start[i], start[i+1])
  std::vector<std::size_t> load_bus_start_;
  std::vector<std::string> room_names_;
  std::vector<int> load_room_, branch_room_;
};

}  // namespace factwin::electrical::detail
