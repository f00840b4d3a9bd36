// SPDX-License-Identifier: Apache-2.0
// Shared by the batched-study tests: the 1 MW pod example, a seeded parameter sweep of it, and a
// member-by-member comparison of two batches that reports the largest deviations.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "factwin/io/scenario_reader.hpp"
#include "factwin/liquid/network.hpp"

namespace factwin::testing {

/// data/scenarios/pod_1mw_liquid.json: 8 racks on a PG25 loop, two CDUs, facility water.
inline liquid::Network pod_network() {
  return *io::load_facility(std::string(FACTWIN_DATA_DIR) + "/scenarios/pod_1mw_liquid.json").liquid;
}

/// `n` members: every pump at a speed in [0.6, 1.1], every valve at an opening in [0.3, 1], every
/// cold plate and heat source at a heat in [0.4, 1.3] of its rating; every 8th member also loses
/// one pump or valve (the one at index member / 8 of them, cyclically).
inline std::vector<liquid::Variant> pod_sweep(const liquid::Network& base, int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<int> failable;
  for (std::size_t l = 0; l < base.links.size(); ++l)
    if (base.links[l].type == liquid::LinkType::pump || base.links[l].type == liquid::LinkType::valve)
      failable.push_back(static_cast<int>(l));
  std::vector<liquid::Variant> out;
  for (int k = 0; k < n; ++k) {
    liquid::Variant v;
    v.name = "sweep " + std::to_string(k);
    for (std::size_t l = 0; l < base.links.size(); ++l) {
      const auto t = base.links[l].type;
      const int i = static_cast<int>(l);
      if (t == liquid::LinkType::pump) v.pump_speed.emplace_back(i, 0.6 + 0.5 * u(rng));
      if (t == liquid::LinkType::valve) v.valve_opening.emplace_back(i, 0.3 + 0.7 * u(rng));
      if (t == liquid::LinkType::cold_plate || t == liquid::LinkType::heat_source) v.heat_scale.emplace_back(i, 0.4 + 0.9 * u(rng));
    }
    if (k % 8 == 7 && !failable.empty()) v.closed_links.push_back(failable[static_cast<std::size_t>(k / 8) % failable.size()]);
    out.push_back(v);
  }
  return out;
}

struct BatchDeviation {
  int members = 0, failed = 0, iterations_differ = 0;
  double flow = 0, head = 0, temperature = 0;  ///< largest relative deviations (converged members)
  int floor_members = 0;                       ///< members accepted at the round-off floor
  double floor_flow = 0, floor_bound = 0;      ///< their largest flow deviation and its bound
  void print(const std::string& what) const {
    std::printf("[figure] %s: %d members (%d failed, same error in both), max relative deviation: flow %.2e, "
                "head %.2e, temperature %.2e; Newton iteration counts differ in %d members",
                what.c_str(), members, failed, flow, head, temperature, iterations_differ);
    if (floor_members)
      std::printf("; %d members accepted at the round-off floor: flow deviation %.2e (bound %.2e)", floor_members,
                  floor_flow, floor_bound);
    std::printf("\n");
  }
};

/// Member-by-member comparison of `got` with the reference `ref`: the same success or the same
/// error message; flows and heads within rtol of the member's largest, temperatures within rtol of
/// their value [K]; the same link statuses and warnings; isolated nodes (NaN heads) the same.
/// A member that either path accepted at the round-off floor (achieved flow change above the flow
/// tolerance, reported by an info diagnostic, docs/liquid.md section 2) is known only to that
/// accuracy: each path is within about sum|dQ| = change * sum|Q| <= change * links * max|Q| of the
/// solution, so its flows are compared within links * (change_ref + change_got) of the largest
/// flow (and at least rtol); its heads and temperatures as above.
inline BatchDeviation compare_batches(const std::vector<liquid::BatchMember>& ref,
                                      const std::vector<liquid::BatchMember>& got, double rtol) {
  BatchDeviation d;
  EXPECT_EQ(ref.size(), got.size());
  for (std::size_t i = 0; i < std::min(ref.size(), got.size()); ++i) {
    const liquid::BatchMember& a = ref[i];
    const liquid::BatchMember& b = got[i];
    SCOPED_TRACE(a.name);
    ++d.members;
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.ok, b.ok);
    EXPECT_EQ(a.error, b.error);
    if (!a.ok || !b.ok) {
      d.failed += a.ok ? 0 : 1;
      continue;
    }
    const liquid::Result& ra = a.result;
    const liquid::Result& rb = b.result;
    EXPECT_EQ(ra.flow.size(), rb.flow.size());
    EXPECT_EQ(ra.head.size(), rb.head.size());
    EXPECT_EQ(ra.temperature.size(), rb.temperature.size());
    EXPECT_EQ(ra.link_open, rb.link_open);
    if (ra.convergence.iterations != rb.convergence.iterations) ++d.iterations_differ;
    double qs = 1e-300, hs = 1e-300;
    for (double q : ra.flow) qs = std::max(qs, std::fabs(q));
    for (double h : ra.head)
      if (!std::isnan(h)) hs = std::max(hs, std::fabs(h));
    double dq = 0, dh = 0, dt = 0;
    for (std::size_t l = 0; l < std::min(ra.flow.size(), rb.flow.size()); ++l)
      dq = std::max(dq, std::fabs(ra.flow[l] - rb.flow[l]) / qs);
    for (std::size_t k = 0; k < std::min(ra.head.size(), rb.head.size()); ++k) {
      EXPECT_EQ(std::isnan(ra.head[k]), std::isnan(rb.head[k])) << "node " << k;
      if (!std::isnan(ra.head[k]) && !std::isnan(rb.head[k])) dh = std::max(dh, std::fabs(ra.head[k] - rb.head[k]) / hs);
    }
    for (std::size_t k = 0; k < std::min(ra.temperature.size(), rb.temperature.size()); ++k)
      dt = std::max(dt, std::fabs(ra.temperature[k] - rb.temperature[k]) / std::fabs(ra.temperature[k]));
    auto stalled = [](const liquid::Result& r) {  // the info diagnostic of an acceptance at the round-off floor
      return std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                         [](const liquid::Diagnostic& g) { return g.level == liquid::Diagnostic::Level::info; });
    };
    const bool floor = stalled(ra) || stalled(rb);
    const double bound_q =
        floor ? std::max(rtol, static_cast<double>(ra.flow.size()) * (ra.convergence.flow_change + rb.convergence.flow_change))
              : rtol;
    EXPECT_LE(dq, bound_q);
    EXPECT_LE(dh, rtol);
    EXPECT_LE(dt, rtol);
    // pump power P = rho g Q H / eta(Q): d ln P / d ln Q <= 2 on the efficiency parabola, so each
    // pump's power is held to 3 x its flow's relative tolerance (flows are relative to the largest)
    EXPECT_EQ(ra.pumps.size(), rb.pumps.size());
    for (std::size_t k = 0; k < std::min(ra.pumps.size(), rb.pumps.size()); ++k) {
      const double rel_q = bound_q * qs / std::max(std::fabs(ra.pumps[k].flow), 1e-300);
      EXPECT_NEAR(ra.pumps[k].electric_power, rb.pumps[k].electric_power,
                  3 * rel_q * std::fabs(ra.pumps[k].electric_power) + 1e-9)
          << "pump " << k;
    }
    auto warnings = [](const liquid::Result& r) {
      std::vector<std::string> w;
      for (const auto& g : r.diagnostics)
        if (g.level == liquid::Diagnostic::Level::warning) w.push_back(g.component);
      return w;
    };
    EXPECT_EQ(warnings(ra), warnings(rb));
    if (floor) {
      ++d.floor_members;
      d.floor_flow = std::max(d.floor_flow, dq);
      d.floor_bound = std::max(d.floor_bound, bound_q);
    } else {
      d.flow = std::max(d.flow, dq);
    }
    d.head = std::max(d.head, dh);
    d.temperature = std::max(d.temperature, dt);
  }
  return d;
}

}  // namespace factwin::testing
