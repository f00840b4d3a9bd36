// SPDX-License-Identifier: Apache-2.0
// Checks of a power network (error codes FW-E07xx, docs/electrical.md#errors) and the built-in
// 80 PLUS efficiency tables.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "electrical/power_internal.hpp"
#include "factwin/core/error.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {
namespace detail {

void validate(const PowerNetwork& net, const Locator& locate) {
  auto fail = [&](const char* code, const std::string& ptr, const std::string& msg) {
    throw InputError(code, locate(ptr), msg);
  };
  // JSON pointers are formatted only when a check fails (a 100k-bus network has ~10^6 of them).
  struct Ptr {
    const char* section;
    std::size_t i;
    std::string operator+(const std::string& suffix) const { return str() + suffix; }
    [[nodiscard]] std::string str() const { return section + std::to_string(i); }
  };
  std::unordered_map<std::string, std::size_t> bus_index;
  std::unordered_set<std::string> names;
  bus_index.reserve(net.buses.size());
  names.reserve(net.buses.size() + net.sources.size() + net.branches.size() + net.loads.size());
  auto unique = [&](const std::string& name, const Ptr& ptr, const char* what) {
    if (name.empty()) fail("FW-E0703", ptr + "/name", std::string(what) + " has an empty name");
    if (!names.insert(name).second)
      fail("FW-E0701", ptr + "/name", std::string(what) + " '" + name + "': name used twice in the power chain");
  };
  auto positive = [&](double v, const Ptr& ptr, const char* suffix, const char* what, const std::string& name) {
    if (!(v > 0.0))
      fail("FW-E0703", ptr + suffix, std::string(what) + " of '" + name + "' must be > 0 (got " + std::to_string(v) + ")");
  };
  for (std::size_t i = 0; i < net.buses.size(); ++i) {
    const Bus& b = net.buses[i];
    const Ptr ptr{"/power/buses/", i};
    unique(b.name, ptr, "bus");
    bus_index.emplace(b.name, i);
    positive(b.nominal_voltage, ptr, "/voltage", "nominal voltage", b.name);
  }
  auto bus_ref = [&](const std::string& ref, const Ptr& ptr, const std::string& suffix, const std::string& owner) {
    auto it = bus_index.find(ref);
    if (it == bus_index.end())
      fail("FW-E0702", ptr + suffix, "'" + owner + "' refers to bus '" + ref + "', which is not defined in /power/buses");
    return it->second;
  };
  std::unordered_map<std::string, std::size_t> source_index;
  for (std::size_t i = 0; i < net.sources.size(); ++i) {
    const Source& s = net.sources[i];
    const Ptr ptr{"/power/sources/", i};
    unique(s.name, ptr, "source");
    source_index[s.name] = i;
    (void)bus_ref(s.bus, ptr, "/bus", s.name);
    positive(s.rating, ptr, "/rating", "rating", s.name);
    positive(s.voltage_pu, ptr, "/voltage_pu", "voltage set point", s.name);
    if (s.start_delay < 0.0) fail("FW-E0703", ptr + "/start_delay", "start delay of '" + s.name + "' must be >= 0");
  }
  for (std::size_t i = 0; i < net.sources.size(); ++i) {
    const Source& s = net.sources[i];
    if (s.kind != SourceKind::generator || s.backs_up.empty()) continue;
    auto it = source_index.find(s.backs_up);
    if (it == source_index.end() || net.sources[it->second].kind != SourceKind::utility)
      fail("FW-E0702", "/power/sources/" + std::to_string(i) + "/backs_up",
           "generator '" + s.name + "' backs up '" + s.backs_up + "', which is not a utility source");
  }
  std::vector<std::size_t> bfrom(net.branches.size()), bto(net.branches.size());
  for (std::size_t i = 0; i < net.branches.size(); ++i) {
    const Branch& b = net.branches[i];
    const Ptr ptr{"/power/branches/", i};
    unique(b.name, ptr, to_string(b.kind));
    const std::size_t f = bus_ref(b.from, ptr, "/from", b.name), t = bus_ref(b.to, ptr, "/to", b.name);
    bfrom[i] = f;
    bto[i] = t;
    if (f == t) fail("FW-E0703", ptr + "/to", "'" + b.name + "' connects bus '" + b.from + "' to itself");
    const double vf = net.buses[f].nominal_voltage, vt = net.buses[t].nominal_voltage;
    switch (b.kind) {
      case BranchKind::cable:
      case BranchKind::busway:
        positive(b.length, ptr, "/length", "length", b.name);
        if (b.r_per_m < 0.0 || b.x_per_m < 0.0)
          fail("FW-E0703", ptr + "/resistance", "resistance and reactance of '" + b.name + "' must be >= 0");
        [[fallthrough]];
      case BranchKind::breaker:
        positive(b.ampacity, ptr, "/ampacity", "current rating (ampacity)", b.name);
        if (std::abs(vf - vt) > 1e-9 * vf)
          fail("FW-E0703", ptr.str(), "'" + b.name + "' joins buses of different nominal voltage (" + std::to_string(vf) +
                                    " V and " + std::to_string(vt) + " V); use a transformer");
        break;
      case BranchKind::transformer:
      case BranchKind::pdu:
        positive(b.rating, ptr, "/rating", "rating", b.name);
        positive(b.impedance_pu, ptr, "/impedance", "impedance", b.name);
        if (b.no_load_loss < 0.0 || b.load_loss < 0.0)
          fail("FW-E0703", ptr + "/load_loss", "losses of '" + b.name + "' must be >= 0");
        break;
      case BranchKind::ups:
        positive(b.rating, ptr, "/rating", "rating", b.name);
        if (b.ups_l0 < 0.0 || b.ups_l1 < 0.0 || b.ups_l2 < 0.0 || b.battery_energy < 0.0)
          fail("FW-E0703", ptr + "/losses", "loss coefficients and battery energy of '" + b.name + "' must be >= 0");
        break;
    }
  }
  for (std::size_t i = 0; i < net.loads.size(); ++i) {
    const Load& l = net.loads[i];
    const Ptr ptr{"/power/loads/", i};
    unique(l.name, ptr, "load");
    if (l.buses.empty()) fail("FW-E0704", ptr + "/buses", "load '" + l.name + "' has no supply bus");
    for (std::size_t j = 0; j < l.buses.size(); ++j) (void)bus_ref(l.buses[j], ptr, "/buses/" + std::to_string(j), l.name);
    if (l.power < 0.0) fail("FW-E0703", ptr + "/power", "power of '" + l.name + "' must be >= 0");
    if (!(l.power_factor > 0.0 && l.power_factor <= 1.0))
      fail("FW-E0703", ptr + "/power_factor", "power factor of '" + l.name + "' must be in (0, 1]");
    if (l.kind == LoadKind::it && l.psu_rating != 0.0) {
      positive(l.psu_rating, ptr, "/psu/rating", "PSU rating", l.name);
      const auto& c = l.psu;
      bool ok = !c.load_fraction.empty() && c.load_fraction.size() == c.efficiency.size();
      for (std::size_t j = 0; ok && j < c.load_fraction.size(); ++j)
        ok = c.load_fraction[j] > 0.0 && c.efficiency[j] > 0.0 && c.efficiency[j] <= 1.0 &&
             (j == 0 || c.load_fraction[j] > c.load_fraction[j - 1]);
      if (!ok)
        fail("FW-E0707", ptr + "/psu", "PSU efficiency curve of '" + l.name +
                                           "' needs ascending load fractions > 0 and efficiencies in (0, 1]");
    }
  }
  // every load reaches a source through the branches (any direction, any service state)
  const std::size_t nb = net.buses.size();
  // adjacency in compressed rows (one allocation instead of one per bus)
  const std::size_t nbr = net.branches.size();
  std::vector<std::size_t> adj_start(nb + 1, 0), adj(2 * nbr);
  for (std::size_t i = 0; i < nbr; ++i) {
    ++adj_start[bfrom[i] + 1];
    ++adj_start[bto[i] + 1];
  }
  for (std::size_t i = 0; i < nb; ++i) adj_start[i + 1] += adj_start[i];
  {
    std::vector<std::size_t> fill(adj_start.begin(), adj_start.end() - 1);
    for (std::size_t i = 0; i < nbr; ++i) {
      adj[fill[bfrom[i]]++] = bto[i];
      adj[fill[bto[i]]++] = bfrom[i];
    }
  }
  std::vector<bool> reach(nb, false);
  std::vector<std::size_t> stack;
  for (const Source& s : net.sources) {
    const std::size_t b = bus_index[s.bus];
    if (!reach[b]) {
      reach[b] = true;
      stack.push_back(b);
    }
  }
  while (!stack.empty()) {
    const std::size_t u = stack.back();
    stack.pop_back();
    for (std::size_t e = adj_start[u]; e < adj_start[u + 1]; ++e)
      if (const std::size_t w = adj[e]; !reach[w]) {
        reach[w] = true;
        stack.push_back(w);
      }
  }
  for (std::size_t i = 0; i < net.loads.size(); ++i) {
    const Load& l = net.loads[i];
    bool any = false;
    for (const auto& b : l.buses) any = any || reach[bus_index[b]];
    if (!any)
      fail("FW-E0704", "/power/loads/" + std::to_string(i),
           "load '" + l.name + "' has no path to a source (its buses are not connected to any utility or generator)");
  }
  // a radial design has no cycle between buses (UPS modules in parallel are converters, not a cycle)
  if (net.require_radial) {
    std::vector<std::size_t> parent(nb);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto find = [&](std::size_t a) {
      while (parent[a] != a) a = parent[a] = parent[parent[a]];
      return a;
    };
    for (std::size_t i = 0; i < net.branches.size(); ++i) {
      const Branch& b = net.branches[i];
      if (b.kind == BranchKind::ups) continue;
      const std::size_t a = find(bfrom[i]), c = find(bto[i]);
      if (a == c)
        fail("FW-E0705", "/power/branches/" + std::to_string(i),
             "'" + b.name + "' closes a cycle between buses '" + b.from + "' and '" + b.to +
                 "' in a radial design (set \"radial\": false for a meshed network)");
      parent[a] = c;
    }
  }
}

}  // namespace detail

void validate(const PowerNetwork& net) {
  detail::validate(net, [](const std::string& ptr) { return InputLocation{"<power network>", 0, 0, ptr}; });
}

EfficiencyCurve psu_80plus(const std::string& category, const std::string& level) {
  // 80 PLUS minimum efficiencies (data/validation/psu_80plus_efficiency.csv; 80 PLUS program tables).
  struct Row {
    const char* cat;
    const char* lvl;
    double f, eta;
  };
  static const Row rows[] = {
      {"115V_internal_non_redundant", "80PLUS", 0.20, 0.80}, {"115V_internal_non_redundant", "80PLUS", 0.50, 0.80},
      {"115V_internal_non_redundant", "80PLUS", 1.00, 0.80}, {"115V_internal_non_redundant", "Bronze", 0.20, 0.82},
      {"115V_internal_non_redundant", "Bronze", 0.50, 0.85}, {"115V_internal_non_redundant", "Bronze", 1.00, 0.82},
      {"115V_internal_non_redundant", "Silver", 0.20, 0.85}, {"115V_internal_non_redundant", "Silver", 0.50, 0.88},
      {"115V_internal_non_redundant", "Silver", 1.00, 0.85}, {"115V_internal_non_redundant", "Gold", 0.20, 0.87},
      {"115V_internal_non_redundant", "Gold", 0.50, 0.90},   {"115V_internal_non_redundant", "Gold", 1.00, 0.87},
      {"115V_internal_non_redundant", "Platinum", 0.20, 0.90}, {"115V_internal_non_redundant", "Platinum", 0.50, 0.92},
      {"115V_internal_non_redundant", "Platinum", 1.00, 0.89}, {"115V_internal_non_redundant", "Titanium", 0.10, 0.90},
      {"115V_internal_non_redundant", "Titanium", 0.20, 0.92}, {"115V_internal_non_redundant", "Titanium", 0.50, 0.94},
      {"115V_internal_non_redundant", "Titanium", 1.00, 0.90}, {"230V_internal_redundant", "Bronze", 0.20, 0.81},
      {"230V_internal_redundant", "Bronze", 0.50, 0.85},     {"230V_internal_redundant", "Bronze", 1.00, 0.81},
      {"230V_internal_redundant", "Silver", 0.20, 0.85},     {"230V_internal_redundant", "Silver", 0.50, 0.89},
      {"230V_internal_redundant", "Silver", 1.00, 0.85},     {"230V_internal_redundant", "Gold", 0.20, 0.88},
      {"230V_internal_redundant", "Gold", 0.50, 0.92},       {"230V_internal_redundant", "Gold", 1.00, 0.88},
      {"230V_internal_redundant", "Platinum", 0.20, 0.90},   {"230V_internal_redundant", "Platinum", 0.50, 0.94},
      {"230V_internal_redundant", "Platinum", 1.00, 0.91},   {"230V_internal_redundant", "Titanium", 0.10, 0.90},
      {"230V_internal_redundant", "Titanium", 0.20, 0.94},   {"230V_internal_redundant", "Titanium", 0.50, 0.96},
      {"230V_internal_redundant", "Titanium", 1.00, 0.91},   {"230V_EU_internal_non_redundant", "80PLUS", 0.20, 0.82},
      {"230V_EU_internal_non_redundant", "80PLUS", 0.50, 0.85}, {"230V_EU_internal_non_redundant", "80PLUS", 1.00, 0.82},
      {"230V_EU_internal_non_redundant", "Bronze", 0.20, 0.85}, {"230V_EU_internal_non_redundant", "Bronze", 0.50, 0.88},
      {"230V_EU_internal_non_redundant", "Bronze", 1.00, 0.85}, {"230V_EU_internal_non_redundant", "Silver", 0.20, 0.87},
      {"230V_EU_internal_non_redundant", "Silver", 0.50, 0.90}, {"230V_EU_internal_non_redundant", "Silver", 1.00, 0.87},
      {"230V_EU_internal_non_redundant", "Gold", 0.20, 0.90},   {"230V_EU_internal_non_redundant", "Gold", 0.50, 0.92},
      {"230V_EU_internal_non_redundant", "Gold", 1.00, 0.89},   {"230V_EU_internal_non_redundant", "Platinum", 0.20, 0.92},
      {"230V_EU_internal_non_redundant", "Platinum", 0.50, 0.94}, {"230V_EU_internal_non_redundant", "Platinum", 1.00, 0.90},
      {"230V_EU_internal_non_redundant", "Titanium", 0.10, 0.90}, {"230V_EU_internal_non_redundant", "Titanium", 0.20, 0.94},
      {"230V_EU_internal_non_redundant", "Titanium", 0.50, 0.96}, {"230V_EU_internal_non_redundant", "Titanium", 1.00, 0.94},
  };
  EfficiencyCurve c;
  for (const Row& r : rows)
    if (category == r.cat && level == r.lvl) {
      c.load_fraction.push_back(r.f);
      c.efficiency.push_back(r.eta);
    }
  if (c.load_fraction.empty())
    throw Error("no 80 PLUS table for category '" + category + "' and level '" + level + "'");
  return c;
}

}  // namespace factwin::electrical
