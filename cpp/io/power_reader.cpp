// SPDX-License-Identifier: Apache-2.0
#include "io/power_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "electrical/power_internal.hpp"
#include "factwin/electrical/it_load.hpp"

namespace factwin::electrical {

using io::detail::Node;
using units::Dimension;

namespace {

EfficiencyCurve read_curve(const Node& n) {
  if (n.raw().is_string()) {
    // "80plus:<category>:<level>", e.g. "80plus:230V_internal_redundant:Titanium"
    const std::string s = n.string();
    const auto a = s.find(':'), b = s.find(':', a == std::string::npos ? a : a + 1);
    if (s.rfind("80plus:", 0) != 0 || b == std::string::npos)
      n.fail("FW-E0115", "\"" + s + "\": expected \"80plus:<category>:<level>\" or {\"load_fraction\", \"efficiency\"}");
    try {
      return psu_80plus(s.substr(a + 1, b - a - 1), s.substr(b + 1));
    } catch (const Error& e) {
      n.fail("FW-E0115", e.what());
    }
  }
  n.allow_keys({"load_fraction", "efficiency"});
  EfficiencyCurve c;
  const Node f = n.at("load_fraction"), e = n.at("efficiency");
  const std::size_t m = f.array_size(1, 64, "an array of load fractions");
  if (e.array_size(1, 64, "an array of efficiencies") != m)
    e.fail("FW-E0112", "needs as many efficiencies as load fractions (" + std::to_string(m) + ")");
  for (std::size_t i = 0; i < m; ++i) {
    c.load_fraction.push_back(f[i].quantity(Dimension::dimensionless));
    c.efficiency.push_back(e[i].quantity(Dimension::dimensionless));
  }
  return c;
}

}  // namespace

// {"idle_power": ..., "peak_power": ..., "fan_power": ..., ...} (Eq. E-8)
void read_server_model(const Node& sv, ServerPowerModel& m, double* design_inlet) {
  if (design_inlet) {
    sv.allow_keys({"idle_power", "peak_power", "fan_power", "fan_ramp", "fan_threshold", "leakage_power",
                   "leakage_beta", "leakage_t_ref", "chip_rise_idle", "chip_rise_peak", "design_inlet"});
    *design_inlet = sv.at("design_inlet").quantity(Dimension::temperature);
  } else {
    sv.allow_keys({"idle_power", "peak_power", "fan_power", "fan_ramp", "fan_threshold", "leakage_power",
                   "leakage_beta", "leakage_t_ref", "chip_rise_idle", "chip_rise_peak"});
  }
  m.idle_power = sv.at("idle_power").quantity(Dimension::power);
  m.peak_power = sv.at("peak_power").quantity(Dimension::power);
  if (!(m.peak_power > 0.0) || m.idle_power < 0.0 || m.idle_power > m.peak_power)
    sv.at("peak_power").fail("FW-E0703", "server power needs 0 <= idle_power <= peak_power and peak_power > 0");
  if (auto v = sv.get("fan_power")) {
    m.fan_power = v->quantity(Dimension::power);
    if (m.fan_power < 0.0) v->fail("FW-E0703", "fan_power must be >= 0");
  }
  if (auto v = sv.get("fan_ramp")) m.fan_ramp = v->quantity(Dimension::expansion);
  if (auto v = sv.get("fan_threshold")) m.fan_threshold = v->quantity(Dimension::temperature);
  if (auto v = sv.get("leakage_power")) {
    m.leakage_power = v->quantity(Dimension::power);
    if (m.leakage_power < 0.0) v->fail("FW-E0703", "leakage_power must be >= 0");
  }
  if (auto v = sv.get("leakage_beta")) m.leakage_beta = v->quantity(Dimension::expansion);
  if (auto v = sv.get("leakage_t_ref")) m.leakage_t_ref = v->quantity(Dimension::temperature);
  if (auto v = sv.get("chip_rise_idle")) m.chip_rise_idle = v->quantity(Dimension::temperature_difference);
  if (auto v = sv.get("chip_rise_peak")) m.chip_rise_peak = v->quantity(Dimension::temperature_difference);
}

namespace {

// "workload": {"server": {...}, "inlet_temperature": "24 degC",
//              "training": {...} | "series": [{"time": "0 s", "utilisation": 0.3}, ...]}
void read_workload(const Node& w, PowerNetwork& net) {
  w.allow_keys({"server", "inlet_temperature", "training", "series"});
  read_server_model(w.at("server"), net.server);
  net.inlet_temperature = w.at("inlet_temperature").quantity(Dimension::temperature);
  auto utilisation = [](const Node& n) {
    const double u = n.quantity(Dimension::dimensionless);
    if (u < 0.0 || u > 1.0) n.fail("FW-E0114", "utilisation must be between 0 and 1");
    return u;
  };
  if (auto tr = w.get("training")) {
    if (w.has("series")) w.at("series").fail("FW-E0110", "give either \"training\" or \"series\", not both", true);
    tr->allow_keys({"end_time", "dt", "step_period", "compute_fraction", "low", "high", "checkpoint_interval",
                    "checkpoint_duration", "checkpoint_level"});
    const double end = tr->at("end_time").quantity(Dimension::time), dt = tr->at("dt").quantity(Dimension::time);
    const double period = tr->at("step_period").quantity(Dimension::time);
    if (!(dt > 0.0) || !(period > 0.0) || !(end >= 0.0) || end / dt > 1e6)
      tr->fail("FW-E0114", "training workload needs dt > 0, step_period > 0 and at most 1e6 samples");
    const double frac = utilisation(tr->at("compute_fraction"));
    const double lo = utilisation(tr->at("low")), hi = utilisation(tr->at("high"));
    double ci = 0.0, cd = 0.0, cl = 0.0;
    if (auto v = tr->get("checkpoint_interval")) ci = v->quantity(Dimension::time);
    if (auto v = tr->get("checkpoint_duration")) cd = v->quantity(Dimension::time);
    if (auto v = tr->get("checkpoint_level")) cl = utilisation(*v);
    net.workload = training_workload(end, dt, period, frac, lo, hi, ci, cd, cl);
  } else {
    const Node se = w.at("series");
    for (std::size_t i = 0, n = se.array_size(1, 1000000, "an array of samples"); i < n; ++i) {
      const Node smp = se[i];
      smp.allow_keys({"time", "utilisation"});
      WorkloadSample ws;
      ws.time = smp.at("time").quantity(Dimension::time);
      ws.utilisation = utilisation(smp.at("utilisation"));
      if (!net.workload.empty() && ws.time <= net.workload.back().time)
        smp.at("time").fail("FW-E0114", "sample times must increase");
      net.workload.push_back(ws);
    }
  }
}

}  // namespace

void read_power(const io::detail::Doc& doc, const Node& p, PowerNetwork& net, const std::vector<Rack>& racks) {
  p.allow_keys({"name", "topology", "radial", "v_min_pu", "v_max_pu", "buses", "sources", "branches", "loads",
                "workload"});
  if (auto n = p.get("name")) net.name = n->string();
  if (auto t = p.get("topology"))
    net.topology = t->choice<Topology>({{"radial", Topology::radial},
                                        {"2N", Topology::two_n},
                                        {"N+1", Topology::n_plus_1},
                                        {"block_redundant", Topology::block_redundant}});
  net.require_radial = true;
  if (auto r = p.get("radial")) net.require_radial = r->boolean();
  if (auto v = p.get("v_min_pu")) net.v_min_pu = v->quantity(Dimension::dimensionless);
  if (auto v = p.get("v_max_pu")) net.v_max_pu = v->quantity(Dimension::dimensionless);

  const Node buses = p.at("buses");
  for (std::size_t i = 0, n = buses.array_size(1, 10000000, "an array of buses"); i < n; ++i) {
    const Node b = buses[i];
    b.allow_keys({"name", "voltage", "room"});
    Bus bus;
    bus.name = b.at("name").string();
    bus.nominal_voltage = b.at("voltage").quantity(Dimension::voltage);
    if (auto r = b.get("room")) bus.room = r->string();
    net.buses.push_back(std::move(bus));
  }
  const Node sources = p.at("sources");
  for (std::size_t i = 0, n = sources.array_size(1, 100000, "an array of sources"); i < n; ++i) {
    const Node s = sources[i];
    s.allow_keys({"name", "type", "bus", "rating", "voltage_pu", "start_delay", "backs_up", "in_service"});
    Source src;
    src.name = s.at("name").string();
    src.kind = s.at("type").choice<SourceKind>({{"utility", SourceKind::utility}, {"generator", SourceKind::generator}});
    src.bus = s.at("bus").string();
    src.rating = s.at("rating").quantity(Dimension::apparent_power);
    if (auto v = s.get("voltage_pu")) src.voltage_pu = v->quantity(Dimension::dimensionless);
    if (auto v = s.get("start_delay")) src.start_delay = v->quantity(Dimension::time);
    if (auto v = s.get("backs_up")) src.backs_up = v->string();
    if (auto v = s.get("in_service")) src.in_service = v->boolean();
    net.sources.push_back(std::move(src));
  }
  if (auto branches = p.get("branches")) {
    for (std::size_t i = 0, n = branches->array_size(0, 10000000, "an array of branches"); i < n; ++i) {
      const Node b = (*branches)[i];
      Branch br;
      br.kind = b.at("type").choice<BranchKind>({{"cable", BranchKind::cable},
                                                 {"busway", BranchKind::busway},
                                                 {"breaker", BranchKind::breaker},
                                                 {"transformer", BranchKind::transformer},
                                                 {"pdu", BranchKind::pdu},
                                                 {"ups", BranchKind::ups}});
      switch (br.kind) {
        case BranchKind::cable:
        case BranchKind::busway:
          b.allow_keys({"name", "type", "from", "to", "room", "in_service", "resistance", "reactance", "length", "ampacity"});
          br.r_per_m = b.at("resistance").quantity(Dimension::impedance_per_length);
          if (auto x = b.get("reactance")) br.x_per_m = x->quantity(Dimension::impedance_per_length);
          br.length = b.at("length").quantity(Dimension::length);
          br.ampacity = b.at("ampacity").quantity(Dimension::current);
          break;
        case BranchKind::breaker:
          b.allow_keys({"name", "type", "from", "to", "room", "in_service", "rating"});
          br.ampacity = b.at("rating").quantity(Dimension::current);
          break;
        case BranchKind::transformer:
        case BranchKind::pdu:
          b.allow_keys({"name", "type", "from", "to", "room", "in_service", "rating", "no_load_loss", "load_loss", "impedance"});
          br.rating = b.at("rating").quantity(Dimension::apparent_power);
          br.no_load_loss = b.at("no_load_loss").quantity(Dimension::power);
          br.load_loss = b.at("load_loss").quantity(Dimension::power);
          br.impedance_pu = b.at("impedance").quantity(Dimension::dimensionless);
          break;
        case BranchKind::ups: {
          b.allow_keys({"name", "type", "from", "to", "room", "in_service", "rating", "loss_coefficients", "battery_energy"});
          br.rating = b.at("rating").quantity(Dimension::power);
          const Node lc = b.at("loss_coefficients");
          (void)lc.array_size(3, 3, "an array [l0, l1, l2]");
          br.ups_l0 = lc[0].quantity(Dimension::dimensionless);
          br.ups_l1 = lc[1].quantity(Dimension::dimensionless);
          br.ups_l2 = lc[2].quantity(Dimension::dimensionless);
          if (auto e = b.get("battery_energy")) br.battery_energy = e->quantity(Dimension::energy);
          break;
        }
      }
      br.name = b.at("name").string();
      br.from = b.at("from").string();
      br.to = b.at("to").string();
      if (auto r = b.get("room")) br.room = r->string();
      if (auto s = b.get("in_service")) br.in_service = s->boolean();
      net.branches.push_back(std::move(br));
    }
  }
  if (auto loads = p.get("loads")) {
    for (std::size_t i = 0, n = loads->array_size(0, 10000000, "an array of loads"); i < n; ++i) {
      const Node l = (*loads)[i];
      l.allow_keys({"name", "type", "buses", "mode", "rack", "plant", "power", "power_factor", "psu", "room", "panel"});
      Load ld;
      ld.name = l.at("name").string();
      ld.kind = l.at("type").choice<LoadKind>({{"it", LoadKind::it}, {"mechanical", LoadKind::mechanical}});
      const Node bs = l.at("buses");
      for (std::size_t j = 0, m = bs.array_size(1, 16, "an array of bus names"); j < m; ++j) ld.buses.push_back(bs[j].string());
      if (auto m = l.get("mode"))
        ld.mode = m->choice<FeedMode>({{"share", FeedMode::share}, {"transfer", FeedMode::transfer}});
      if (auto pl = l.get("plant"); pl && ld.kind != LoadKind::mechanical)
        pl->fail("FW-E0110", "only mechanical loads carry a plant part", true);
      if (auto rk = l.get("rack")) {
        // the rack's power, named once on the rack (docs/electrical.md, "Racks as loads")
        if (ld.kind != LoadKind::it) rk->fail("FW-E0110", "only IT loads carry a rack", true);
        ld.rack = rk->string();
        const auto it = std::find_if(racks.begin(), racks.end(), [&](const Rack& r) { return r.name == ld.rack; });
        if (it == racks.end())
          rk->fail("FW-E0708", "IT load '" + ld.name + "' names rack '" + ld.rack +
                                   "', which is not in racks[] (a rack of the hall is expected)");
        ld.power = it->power;
        if (auto pw = l.get("power")) {
          const double given = pw->quantity(Dimension::power);
          if (std::abs(given - it->power) > 1e-9 * std::max(std::abs(given), std::abs(it->power)))
            pw->fail("FW-E0709", "IT load '" + ld.name + "' gives " + std::to_string(given / 1e3) +
                                     " kW but its rack '" + ld.rack + "' has " + std::to_string(it->power / 1e3) +
                                     " kW: the same power in two places that disagree; give it once, on the rack");
        }
      } else if (auto pl = l.get("plant")) {
        // the plant's solved electric power, set by the twin (docs/twin.md)
        ld.plant = pl->choice<PlantPart>(
            {{"pumps", PlantPart::pumps}, {"chillers", PlantPart::chillers}, {"dry_coolers", PlantPart::dry_coolers}});
        if (auto pw = l.get("power"))
          pw->fail("FW-E0712", "mechanical load '" + ld.name + "' takes its power from the plant's " + pl->string() +
                                   " (solved by the twin) and gives \"power\" too: the same power in two places; "
                                   "give one");
      } else {
        ld.power = l.at("power").quantity(Dimension::power);
      }
      if (auto pf = l.get("power_factor")) ld.power_factor = pf->quantity(Dimension::dimensionless);
      if (auto psu = l.get("psu")) {
        if (ld.kind != LoadKind::it) psu->fail("FW-E0110", "only IT loads have power supplies", true);
        psu->allow_keys({"rating", "efficiency"});
        ld.psu_rating = psu->at("rating").quantity(Dimension::power);
        ld.psu = read_curve(psu->at("efficiency"));
      }
      if (auto r = l.get("room")) ld.room = r->string();
      if (auto pn = l.get("panel")) ld.panel = pn->string();
      net.loads.push_back(std::move(ld));
    }
  }
  // Racks named once: when the chain refers to racks, every rack is fed by exactly one IT load.
  if (std::any_of(net.loads.begin(), net.loads.end(), [](const Load& l) { return !l.rack.empty(); })) {
    const Node loads_node = p.at("loads");
    std::vector<int> fed(racks.size(), -1);
    for (std::size_t i = 0; i < net.loads.size(); ++i) {
      if (net.loads[i].rack.empty()) continue;
      const auto k = static_cast<std::size_t>(
          std::find_if(racks.begin(), racks.end(), [&](const Rack& r) { return r.name == net.loads[i].rack; }) -
          racks.begin());
      if (fed[k] >= 0)
        loads_node[i].at("rack").fail("FW-E0710", "rack '" + racks[k].name + "' is fed by IT loads '" +
                                                      net.loads[static_cast<std::size_t>(fed[k])].name + "' and '" +
                                                      net.loads[i].name + "': one IT load per rack (list both "
                                                      "supplies in its buses)");
      fed[k] = static_cast<int>(i);
    }
    for (std::size_t k = 0; k < racks.size(); ++k)
      if (fed[k] < 0)
        throw InputError("FW-E0711", doc.locate("/racks/" + std::to_string(k)),
                         "rack '" + racks[k].name + "' is fed by no IT load of the power chain (give an IT load "
                         "with \"rack\": \"" + racks[k].name + "\")");
  }
  if (auto w = p.get("workload")) read_workload(*w, net);
  detail::validate(net, [&doc](const std::string& ptr) { return doc.locate(ptr); });
}

namespace {
io::detail::json kelvin_json(double k) {
  std::ostringstream os;
  os.precision(17);
  os << k << " K";
  return os.str();
}
}  // namespace

io::detail::json power_section_json(const PowerNetwork& net) {
  using io::detail::json;
  json j;
  j["name"] = net.name;
  switch (net.topology) {
    case Topology::radial: j["topology"] = "radial"; break;
    case Topology::two_n: j["topology"] = "2N"; break;
    case Topology::n_plus_1: j["topology"] = "N+1"; break;
    case Topology::block_redundant: j["topology"] = "block_redundant"; break;
  }
  j["radial"] = net.require_radial;
  j["v_min_pu"] = net.v_min_pu;
  j["v_max_pu"] = net.v_max_pu;
  json buses = json::array();
  for (const Bus& b : net.buses) {
    json e = {{"name", b.name}, {"voltage", b.nominal_voltage}};
    if (!b.room.empty()) e["room"] = b.room;
    buses.push_back(e);
  }
  j["buses"] = buses;
  json sources = json::array();
  for (const Source& s : net.sources) {
    json e = {{"name", s.name}, {"type", s.kind == SourceKind::utility ? "utility" : "generator"}, {"bus", s.bus},
              {"rating", s.rating}, {"voltage_pu", s.voltage_pu}, {"start_delay", s.start_delay},
              {"in_service", s.in_service}};
    if (!s.backs_up.empty()) e["backs_up"] = s.backs_up;
    sources.push_back(e);
  }
  j["sources"] = sources;
  json branches = json::array();
  for (const Branch& b : net.branches) {
    json e = {{"name", b.name}, {"type", to_string(b.kind)}, {"from", b.from}, {"to", b.to}, {"in_service", b.in_service}};
    if (!b.room.empty()) e["room"] = b.room;
    switch (b.kind) {
      case BranchKind::cable:
      case BranchKind::busway:
        e["resistance"] = b.r_per_m;
        e["reactance"] = b.x_per_m;
        e["length"] = b.length;
        e["ampacity"] = b.ampacity;
        break;
      case BranchKind::breaker: e["rating"] = b.ampacity; break;
      case BranchKind::transformer:
      case BranchKind::pdu:
        e["rating"] = b.rating;
        e["no_load_loss"] = b.no_load_loss;
        e["load_loss"] = b.load_loss;
        e["impedance"] = b.impedance_pu;
        break;
      case BranchKind::ups:
        e["rating"] = b.rating;
        e["loss_coefficients"] = {b.ups_l0, b.ups_l1, b.ups_l2};
        e["battery_energy"] = b.battery_energy;
        break;
    }
    branches.push_back(e);
  }
  j["branches"] = branches;
  json loads = json::array();
  for (const Load& l : net.loads) {
    json e = {{"name", l.name}, {"type", l.kind == LoadKind::it ? "it" : "mechanical"}, {"buses", l.buses},
              {"mode", l.mode == FeedMode::share ? "share" : "transfer"}, {"power_factor", l.power_factor}};
    if (!l.rack.empty()) e["rack"] = l.rack;
    else if (l.plant != PlantPart::none)
      e["plant"] = l.plant == PlantPart::pumps ? "pumps" : (l.plant == PlantPart::chillers ? "chillers" : "dry_coolers");
    else e["power"] = l.power;
    if (l.kind == LoadKind::it && l.psu_rating != 0.0)
      e["psu"] = {{"rating", l.psu_rating},
                  {"efficiency", {{"load_fraction", l.psu.load_fraction}, {"efficiency", l.psu.efficiency}}}};
    if (!l.room.empty()) e["room"] = l.room;
    if (!l.panel.empty()) e["panel"] = l.panel;
    loads.push_back(e);
  }
  j["loads"] = loads;
  if (!net.workload.empty()) {
    const ServerPowerModel& m = net.server;
    json series = json::array();
    for (const WorkloadSample& w : net.workload) series.push_back({{"time", w.time}, {"utilisation", w.utilisation}});
    j["workload"] = {{"server",
                      {{"idle_power", m.idle_power}, {"peak_power", m.peak_power}, {"fan_power", m.fan_power},
                       {"fan_ramp", m.fan_ramp}, {"fan_threshold", kelvin_json(m.fan_threshold)},
                       {"leakage_power", m.leakage_power}, {"leakage_beta", m.leakage_beta},
                       {"leakage_t_ref", kelvin_json(m.leakage_t_ref)}, {"chip_rise_idle", m.chip_rise_idle},
                       {"chip_rise_peak", m.chip_rise_peak}}},
                     {"inlet_temperature", kelvin_json(net.inlet_temperature)},
                     {"series", series}};
  }
  return j;
}

}  // namespace factwin::electrical
