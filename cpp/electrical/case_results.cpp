// SPDX-License-Identifier: Apache-2.0
// Power flow, last step of a case: its results once every island is solved (bus voltages, source
// powers by supply share, the energy balance - IT, PSU, distribution losses, unserved power - and
// the heat by room).
#include <cmath>
#include <utility>
#include <vector>

#include "electrical/branch_model.hpp"
#include "electrical/power_case.hpp"

namespace factwin::electrical::detail {

Solved collect_results(const NetworkIndex& idx, const PowerFlowOptions& opt, CaseState& cs) {
  const PowerNetwork& net = idx.net();
  PowerFlowResult& r = cs.out.r;
  const std::size_t nb = net.buses.size();
  const std::size_t nl = net.branches.size();
  r.buses.resize(nb);
  for (std::size_t i = 0; i < nb; ++i) {
    BusResult& br = r.buses[i];
    br.name = net.buses[i].name;
    br.energised = cs.bus_energised[i];
    if (br.energised) {
      br.voltage_pu = mag(cs.v[i]);
      br.voltage = br.voltage_pu * net.buses[i].nominal_voltage;
      br.angle = std::arg(cs.v[i]);
    }
  }
  r.sources.resize(net.sources.size());
  for (std::size_t s = 0; s < net.sources.size(); ++s) {
    SourceResult& sr = r.sources[s];
    sr.name = net.sources[s].name;
    sr.in_service = cs.active[s];
    if (!cs.active[s]) continue;
    const auto shares = supply_shares(idx, cs, idx.source_bus(s));
    const double f = shares.at(-1 - static_cast<int>(s));
    const cd sb = cs.slack_power[static_cast<std::size_t>(idx.source_bus(s))] * f * opt.base_power;
    sr.p = sb.real();
    sr.q = sb.imag();
    sr.loading = std::abs(sb) / net.sources[s].rating;
    r.source_power += sr.p;
  }
  std::vector<double> room_heat(idx.room_names().size(), 0.0);
  for (std::size_t i = 0; i < net.loads.size(); ++i) {
    const Load& ld = net.loads[i];
    const LoadResult& lr = r.loads[i];
    if (!lr.served) {
      r.unserved_power += ld.power;
      continue;
    }
    if (ld.kind == LoadKind::it) {
      r.it_power += lr.p_useful;
      r.it_input_power += lr.p_ac;
      r.psu_loss += lr.psu_loss;
      room_heat[static_cast<std::size_t>(idx.load_room(i))] += lr.p_useful + lr.psu_loss;
    } else {
      r.mechanical_power += lr.p_ac;
    }
  }
  for (std::size_t l = 0; l < nl; ++l) {
    const BranchResult& br = r.branches[l];
    if (!br.energised) continue;
    r.distribution_loss += br.loss;
    room_heat[static_cast<std::size_t>(idx.branch_room(l))] += br.loss;
  }
  for (std::size_t k = 0; k < idx.room_names().size(); ++k)
    if (room_heat[k] != 0.0) r.heat_by_room[idx.room_names()[k]] = room_heat[k];
  r.iterations = cs.iterations;
  r.islands_radial = cs.radial;
  r.islands_meshed = cs.meshed;
  return std::move(cs.out);
}

}  // namespace factwin::electrical::detail
