// SPDX-License-Identifier: Apache-2.0
// Outputs of the power chain: the one-line diagram (Graphviz DOT) and the "electrical" block of
// summary.json (docs/electrical.md#outputs).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "factwin/electrical/it_load.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/power_output.hpp"
#include "factwin/io/output.hpp"

namespace factwin::electrical {
namespace {

std::string quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '\\';  // labels keep their \n line breaks
    o += c;
  }
  return o + "\"";
}

std::string num(double x, int prec) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", prec, x);
  return buf;
}

double finite_or(double x, double other) { return std::isfinite(x) ? x : other; }

}  // namespace

std::string one_line_dot(const PowerNetwork& net, const PowerFlowResult* r) {
  std::ostringstream o;
  o << "digraph " << quote(net.name.empty() ? "power" : net.name) << " {\n  rankdir=TB;\n"
    << "  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (std::size_t i = 0; i < net.sources.size(); ++i) {
    const Source& s = net.sources[i];
    std::string label = s.name + "\\n" + (s.kind == SourceKind::utility ? "utility " : "generator ") +
                        num(s.rating / 1e3, 4) + " kVA";
    if (r && i < r->sources.size() && r->sources[i].in_service) label += "\\n" + num(r->sources[i].p / 1e3, 5) + " kW";
    o << "  " << quote("src:" + s.name) << " [shape=" << (s.kind == SourceKind::utility ? "doublecircle" : "circle")
      << ", label=" << quote(label) << "];\n";
    o << "  " << quote("src:" + s.name) << " -> " << quote("bus:" + s.bus)
      << (s.kind == SourceKind::generator ? " [style=dashed]" : "") << ";\n";
  }
  for (std::size_t i = 0; i < net.buses.size(); ++i) {
    const Bus& b = net.buses[i];
    std::string label = b.name + "\\n" + num(b.nominal_voltage, 5) + " V";
    if (r && i < r->buses.size() && r->buses[i].energised) label += "\\n" + num(r->buses[i].voltage_pu, 5) + " pu";
    o << "  " << quote("bus:" + b.name) << " [shape=box, style=filled, fillcolor=\"#dddddd\", label=" << quote(label)
      << "];\n";
  }
  for (std::size_t i = 0; i < net.branches.size(); ++i) {
    const Branch& b = net.branches[i];
    std::string label = b.name + " (" + to_string(b.kind) + ")";
    if (r && i < r->branches.size() && r->branches[i].energised)
      label += "\\n" + num(100.0 * r->branches[i].loading, 3) + " %, loss " + num(r->branches[i].loss / 1e3, 4) + " kW";
    o << "  " << quote("bus:" + b.from) << " -> " << quote("bus:" + b.to) << " [label=" << quote(label)
      << (b.in_service ? "" : ", style=dotted") << (b.kind == BranchKind::ups ? ", penwidth=2" : "") << "];\n";
  }
  for (const Load& l : net.loads) {
    o << "  " << quote("load:" + l.name) << " [shape=" << (l.kind == LoadKind::it ? "box3d" : "component")
      << ", label=" << quote(l.name + "\\n" + num(l.power / 1e3, 5) + " kW") << "];\n";
    for (const auto& b : l.buses) o << "  " << quote("bus:" + b) << " -> " << quote("load:" + l.name) << ";\n";
  }
  o << "}\n";
  return o.str();
}

std::string electrical_summary_json(const PowerNetwork& net, const ContingencyStudy& study, double cooling_power) {
  using nlohmann::json;
  const PowerFlowResult& r = study.base;
  json j;
  j["network"] = net.name;
  j["balance"] = {{"source_power_W", r.source_power},       {"it_power_W", r.it_power},
                  {"it_input_power_W", r.it_input_power},   {"psu_loss_W", r.psu_loss},
                  {"distribution_loss_W", r.distribution_loss}, {"mechanical_power_W", r.mechanical_power},
                  {"unserved_power_W", r.unserved_power},   {"balance_error_W", r.balance_error()}};
  j["solver"] = {{"iterations", r.iterations}, {"radial_islands", r.islands_radial}, {"meshed_islands", r.islands_meshed}};
  json buses = json::array();
  for (const auto& b : r.buses)
    buses.push_back({{"name", b.name}, {"energised", b.energised}, {"voltage_V", b.voltage},
                     {"voltage_pu", b.voltage_pu}, {"angle_rad", b.angle}});
  j["buses"] = buses;
  json br = json::array();
  for (std::size_t i = 0; i < r.branches.size(); ++i) {
    const auto& b = r.branches[i];
    json e = {{"name", b.name},       {"kind", to_string(net.branches[i].kind)}, {"energised", b.energised},
              {"current_A", b.current}, {"p_in_W", b.p_in}, {"p_out_W", b.p_out}, {"loss_W", b.loss},
              {"loading", b.loading}, {"voltage_drop_V", b.voltage_drop}};
    if (net.branches[i].kind == BranchKind::ups) e["ride_through_s"] = finite_or(b.ride_through, -1.0);
    br.push_back(e);
  }
  j["branches"] = br;
  json ld = json::array();
  for (const auto& l : r.loads)
    ld.push_back({{"name", l.name}, {"served", l.served}, {"p_ac_W", l.p_ac}, {"p_useful_W", l.p_useful},
                  {"psu_loss_W", l.psu_loss}, {"psu_loading", l.psu_loading}, {"supply_share", l.supply_share}});
  j["loads"] = ld;
  json src = json::array();
  for (const auto& s : r.sources)
    src.push_back({{"name", s.name}, {"in_service", s.in_service}, {"p_W", s.p}, {"q_var", s.q}, {"loading", s.loading}});
  j["sources"] = src;
  j["heat_by_room_W"] = r.heat_by_room;
  json cases = json::array();
  for (const auto& c : study.cases)
    cases.push_back({{"failed", c.failed}, {"kind", c.kind}, {"secure", c.secure}, {"max_loading", c.max_loading},
                     {"overloads", c.overloads}, {"voltage_violations", c.voltage_violations},
                     {"dropped_loads", c.dropped_loads}, {"unserved_power_W", c.unserved_power}, {"notes", c.notes}});
  j["n_minus_1"] = {{"cases", cases}, {"secure", study.secure()}};
  // PUE = total facility power / IT power (The Green Grid); IT power at the rack input (PSU AC side)
  // (E-12) PUE = total facility power / IT power (The Green Grid WP #49); IT power is taken at the
  // rack input (AC side of the PSUs). Mechanical loads modelled in the chain are in source_power;
  // `cooling_power` adds cooling fed from outside the chain.
  const double extra = cooling_power > 0.0 ? cooling_power : 0.0;
  const double total = r.source_power + extra;
  j["pue"] = {{"it_power_W", r.it_input_power},
              {"power_chain_loss_W", r.distribution_loss},
              {"psu_loss_W", r.psu_loss},
              {"mechanical_in_chain_W", r.mechanical_power},
              {"cooling_outside_chain_W", extra},
              {"cooling_known", cooling_power >= 0.0 || r.mechanical_power > 0.0},
              {"total_facility_power_W", total},
              {"pue", r.it_input_power > 0.0 ? total / r.it_input_power : 0.0}};
  return j.dump(2);
}

void write_power_outputs(const PowerNetwork& net, const ContingencyStudy& study,
                         const std::vector<TransientSample>& ts, const std::string& out_dir, std::string& summary_json,
                         double cooling_power) {
  std::filesystem::create_directories(out_dir);
  nlohmann::json summary = nlohmann::json::parse(summary_json);
  summary["electrical"] = nlohmann::json::parse(electrical_summary_json(net, study, cooling_power));
  summary["electrical"]["one_line_diagram"] = "one_line.dot";
  if (!net.workload.empty()) {
    // quasi-static transient of the workload (it_load.hpp); the series goes into summary.json
    nlohmann::json tj;
    std::vector<double> t, u, src, it, loss;
    double pmin = 1e300, pmax = 0.0, lmax = 0.0, vmin = 1e300;
    for (const auto& x : ts) {
      t.push_back(x.time);
      u.push_back(x.utilisation);
      src.push_back(x.source_power);
      it.push_back(x.it_power);
      loss.push_back(x.losses);
      pmin = std::min(pmin, x.source_power);
      pmax = std::max(pmax, x.source_power);
      lmax = std::max(lmax, x.max_loading);
      vmin = std::min(vmin, x.min_voltage_pu);
    }
    tj["samples"] = ts.size();
    tj["source_power_min_W"] = pmin;
    tj["source_power_max_W"] = pmax;
    tj["source_power_swing_W"] = pmax - pmin;
    tj["max_loading"] = lmax;
    tj["min_voltage_pu"] = vmin;
    tj["time_s"] = t;
    tj["utilisation"] = u;
    tj["source_power_W"] = src;
    tj["it_power_W"] = it;
    tj["losses_W"] = loss;
    summary["electrical"]["transient"] = tj;
  }
  if (write_power_hdf5((std::filesystem::path(out_dir) / "electrical.h5").string(), net, study))
    summary["electrical"]["hdf5"] = "electrical.h5";
  summary_json = summary.dump(2);
  io::write_file_atomic((std::filesystem::path(out_dir) / "one_line.dot").string(), one_line_dot(net, &study.base));
}

}  // namespace factwin::electrical
