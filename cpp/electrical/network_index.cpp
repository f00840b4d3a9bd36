// SPDX-License-Identifier: Apache-2.0
// Power flow, step 1: names and connections of a network resolved into indices (NetworkIndex).
#include "electrical/network_index.hpp"

#include <functional>

#include "factwin/core/error.hpp"

namespace factwin::electrical::detail {

void NameIndex::build(const std::vector<Bus>& buses) {
  std::size_t cap = 16;
  while (cap < 2 * buses.size()) cap *= 2;
  slots_.assign(cap, -1);
  mask_ = cap - 1;
  for (std::size_t i = 0; i < buses.size(); ++i) {
    std::size_t h = std::hash<std::string_view>{}(buses[i].name) & mask_;
    while (slots_[h] >= 0) h = (h + 1) & mask_;
    slots_[h] = static_cast<int>(i);
  }
}

int NameIndex::find(std::string_view name, const std::vector<Bus>& buses) const {
  std::size_t h = std::hash<std::string_view>{}(name) & mask_;
  while (slots_[h] >= 0) {
    if (buses[static_cast<std::size_t>(slots_[h])].name == name) return slots_[h];
    h = (h + 1) & mask_;
  }
  return -1;
}

NetworkIndex::NetworkIndex(const PowerNetwork& net) : net_(net) {
  bus_index_.build(net.buses);
  for (std::size_t i = 0; i < net.sources.size(); ++i) source_index_[net.sources[i].name] = static_cast<int>(i);
  for (const Branch& b : net.branches) {
    bf_.push_back(bus(b.from));
    bt_.push_back(bus(b.to));
  }
  for (const Source& src : net.sources) src_bus_.push_back(bus(src.bus));
  for (std::size_t l = 0; l < net.branches.size(); ++l)
    if (net.branches[l].kind == BranchKind::ups) ups_branches_.push_back(static_cast<int>(l));
  std::unordered_map<std::string, int> rooms;
  auto room_id = [&](const std::string& name) {
    auto [it, fresh] = rooms.emplace(name, static_cast<int>(room_names_.size()));
    if (fresh) room_names_.push_back(name);
    return it->second;
  };
  for (const Load& ld : net.loads) load_room_.push_back(room_id(ld.room));
  for (std::size_t l = 0; l < net.branches.size(); ++l) {
    const Branch& b = net.branches[l];
    branch_room_.push_back(room_id(b.room.empty() ? net.buses[static_cast<std::size_t>(bt_[l])].room : b.room));
  }
  load_bus_start_.push_back(0);
  for (const Load& ld : net.loads) {
    FACTWIN_CHECK(ld.buses.size() <= 16, "load '" + ld.name + "' has more than 16 supply buses");
    for (const auto& b : ld.buses) load_bus_.push_back(bus(b));
    load_bus_start_.push_back(load_bus_.size());
  }
}

int NetworkIndex::bus(const std::string& name) const {
  const int i = bus_index_.find(name, net_.buses);
  FACTWIN_CHECK(i >= 0, "power flow: unknown bus '" + name + "' (validate() the network first)");
  return i;
}

}  // namespace factwin::electrical::detail
