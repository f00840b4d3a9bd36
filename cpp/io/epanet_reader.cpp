// SPDX-License-Identifier: Apache-2.0
// EPANET .inp reader (Rossman 2000, EPANET 2 Users Manual, Appendix C "Input file format").
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "factwin/core/error.hpp"
#include "factwin/io/epanet.hpp"

namespace factwin::liquid {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct Line {
  int number;
  std::string section;
  std::vector<std::string> tok;
};

class Reader {
 public:
  Reader(const std::string& text, std::string file) : file_(std::move(file)) {
    std::istringstream in(text);
    std::string raw, section;
    int n = 0;
    while (std::getline(in, raw)) {
      ++n;
      const auto semi = raw.find(';');
      if (semi != std::string::npos) raw.erase(semi);
      std::istringstream ls(raw);
      std::vector<std::string> tok;
      for (std::string t; ls >> t;) tok.push_back(t);
      if (tok.empty()) continue;
      if (tok[0].front() == '[') {
        section = upper(tok[0]);
        if (section.back() != ']') fail(n, section, "FW-E0620", "malformed section header \"" + tok[0] + "\"");
        continue;
      }
      if (section.empty()) fail(n, "", "FW-E0620", "data before the first [SECTION] header");
      lines_.push_back({n, section, tok});
    }
  }

  [[noreturn]] void fail(int line, const std::string& section, const char* code, const std::string& msg) const {
    throw InputError(code, {file_, line, 0, section}, msg);
  }

  double number(const Line& l, std::size_t i, const char* what) const {
    if (i >= l.tok.size()) fail(l.number, l.section, "FW-E0620", std::string("missing ") + what);
    try {
      std::size_t used = 0;
      const double v = std::stod(l.tok[i], &used);
      if (used != l.tok[i].size() || !std::isfinite(v)) throw std::invalid_argument("x");
      return v;
    } catch (const std::exception&) {
      fail(l.number, l.section, "FW-E0620", std::string(what) + " \"" + l.tok[i] + "\" is not a number");
    }
  }

  void need(const Line& l, std::size_t n, const char* what) const {
    if (l.tok.size() < n) fail(l.number, l.section, "FW-E0620", std::string("expected ") + what);
  }

  EpanetModel read() {
    EpanetModel m;
    Network& net = m.network;
    net.name = file_;
    // options first: units decide every conversion
    std::string units = "GPM", headloss = "H-W", default_pattern = "1";
    double viscosity_rel = 1.0, demand_mult = 1.0;
    for (const Line& l : lines_) {
      if (l.section != "[OPTIONS]") continue;
      const std::string key = upper(l.tok[0]);
      if (key == "UNITS") {
        need(l, 2, "Units <flow units>");
        units = upper(l.tok[1]);
      } else if (key == "HEADLOSS") {
        need(l, 2, "Headloss H-W|D-W|C-M");
        headloss = upper(l.tok[1]);
      } else if (key == "VISCOSITY") {
        viscosity_rel = number(l, 1, "viscosity");
      } else if (key == "PATTERN") {
        need(l, 2, "Pattern <id>");
        default_pattern = l.tok[1];
      } else if (key == "DEMAND" && l.tok.size() >= 3 && upper(l.tok[1]) == "MULTIPLIER") {
        demand_mult = number(l, 2, "demand multiplier");
      }
    }
    static const std::map<std::string, double> flow_units = {
        {"CFS", 0.028316846592},        {"GPM", 3.785411784e-3 / 60.0},   {"MGD", 3785.411784 / 86400.0},
        {"IMGD", 4546.09 / 86400.0},    {"AFD", 1233.48183754752 / 86400.0}, {"LPS", 1e-3},
        {"LPM", 1e-3 / 60.0},           {"MLD", 1000.0 / 86400.0},        {"CMH", 1.0 / 3600.0},
        {"CMD", 1.0 / 86400.0}};
    auto fu = flow_units.find(units);
    if (fu == flow_units.end()) fail(0, "[OPTIONS]", "FW-E0620", "unknown flow units \"" + units + "\"");
    const bool us = units == "CFS" || units == "GPM" || units == "MGD" || units == "IMGD" || units == "AFD";
    const double qf = fu->second, lf = us ? 0.3048 : 1.0, df = us ? 0.0254 : 1e-3;
    const double rough_dw = us ? 0.3048e-3 : 1e-3;  // millifeet or mm
    if (headloss != "H-W" && headloss != "D-W")
      fail(0, "[OPTIONS]", "FW-E0622", "Headloss \"" + headloss + "\" is not supported (H-W or D-W)");
    m.flow_units = units;
    m.flow_to_si = qf;
    m.length_to_si = lf;
    m.headloss = headloss;
    if (headloss == "D-W") net.options.kinematic_viscosity = viscosity_rel * 1.1e-5 * 0.3048 * 0.3048;
    net.options.thermal = false;

    std::map<std::string, std::vector<double>> patterns;
    std::map<std::string, std::vector<std::pair<double, double>>> curves;
    for (const Line& l : lines_) {
      if (l.section == "[PATTERNS]") {
        auto& p = patterns[l.tok[0]];
        for (std::size_t i = 1; i < l.tok.size(); ++i) p.push_back(number(l, i, "pattern multiplier"));
      } else if (l.section == "[CURVES]") {
        need(l, 3, "<curve id> <x> <y>");
        curves[l.tok[0]].emplace_back(number(l, 1, "x value"), number(l, 2, "y value"));
      }
    }
    auto multiplier = [&](const std::string& pat) {
      const std::string id = pat.empty() ? default_pattern : pat;
      auto it = patterns.find(id);
      if (it == patterns.end() || it->second.empty()) return 1.0;  // EPANET: no pattern = 1
      return it->second.front();  // t = 0
    };
    auto node_of = [&](const Line& l, std::size_t i) {
      const int k = net.node_index(l.tok[i]);
      if (k < 0) fail(l.number, l.section, "FW-E0621", "node \"" + l.tok[i] + "\" is not defined in [JUNCTIONS], [RESERVOIRS] or [TANKS]");
      return k;
    };
    auto add_node = [&](const Line& l, Node n) {
      if (net.node_index(n.name) >= 0) fail(l.number, l.section, "FW-E0620", "node \"" + n.name + "\" is defined twice");
      net.nodes.push_back(std::move(n));
    };
    std::map<std::string, std::vector<std::pair<double, std::string>>> extra_demands;
    for (const Line& l : lines_) {
      if (l.section == "[DEMANDS]") {
        need(l, 2, "<junction> <demand> [pattern]");
        extra_demands[l.tok[0]].emplace_back(number(l, 1, "demand"), l.tok.size() > 2 ? l.tok[2] : "");
      }
    }
    for (const Line& l : lines_) {
      if (l.section == "[JUNCTIONS]") {
        need(l, 2, "<id> <elevation> [demand] [pattern]");
        Node n;
        n.name = l.tok[0];
        n.elevation = number(l, 1, "elevation") * lf;
        n.head = n.elevation;
        const double d = l.tok.size() > 2 ? number(l, 2, "demand") : 0.0;
        n.demand = d * multiplier(l.tok.size() > 3 ? l.tok[3] : "") * demand_mult * qf;
        auto ed = extra_demands.find(n.name);
        if (ed != extra_demands.end()) {  // [DEMANDS] replaces the junction's demand (EPANET 2.2)
          n.demand = 0;
          for (const auto& [v, p] : ed->second) n.demand += v * multiplier(p) * demand_mult * qf;
        }
        add_node(l, n);
      } else if (l.section == "[RESERVOIRS]") {
        need(l, 2, "<id> <head> [pattern]");
        Node n;
        n.name = l.tok[0];
        n.type = NodeType::fixed_head;
        n.head = number(l, 1, "head") * lf;
        n.elevation = n.head;
        if (l.tok.size() > 2) n.head *= multiplier(l.tok[2]);
        add_node(l, n);
      } else if (l.section == "[TANKS]") {
        need(l, 3, "<id> <elevation> <initial level> ...");
        Node n;
        n.name = l.tok[0];
        n.type = NodeType::fixed_head;
        n.elevation = number(l, 1, "elevation") * lf;
        n.head = n.elevation + number(l, 2, "initial level") * lf;  // a tank at t = 0: fixed head
        add_node(l, n);
      }
    }
    std::map<std::string, double> status_override;  // 1 open, 0 closed
    for (const Line& l : lines_) {
      if (l.section != "[STATUS]") continue;
      need(l, 2, "<link> <status|setting>");
      const std::string s = upper(l.tok[1]);
      if (s == "OPEN") status_override[l.tok[0]] = 1;
      else if (s == "CLOSED") status_override[l.tok[0]] = 0;
      else fail(l.number, l.section, "FW-E0622", "status \"" + l.tok[1] + "\": only OPEN and CLOSED are supported");
    }
    auto add_link = [&](const Line& l, Link k) {
      if (net.link_index(k.name) >= 0) fail(l.number, l.section, "FW-E0620", "link \"" + k.name + "\" is defined twice");
      net.links.push_back(std::move(k));
    };
    for (const Line& l : lines_) {
      if (l.section == "[PIPES]") {
        need(l, 6, "<id> <node1> <node2> <length> <diameter> <roughness> [minor loss] [status]");
        Link k;
        k.name = l.tok[0];
        k.type = LinkType::pipe;
        k.from = node_of(l, 1);
        k.to = node_of(l, 2);
        k.pipe.length = number(l, 3, "length") * lf;
        k.pipe.diameter = number(l, 4, "diameter") * df;
        const double rough = number(l, 5, "roughness");
        if (!(k.pipe.length > 0)) fail(l.number, l.section, "FW-E0601", "pipe \"" + k.name + "\": length must be > 0");
        if (!(k.pipe.diameter > 0)) fail(l.number, l.section, "FW-E0601", "pipe \"" + k.name + "\": diameter must be > 0");
        if (headloss == "H-W") {
          k.pipe.formula = HeadLossFormula::hazen_williams;
          k.pipe.hazen_williams_c = rough;
        } else {
          k.pipe.formula = HeadLossFormula::darcy_weisbach;
          k.pipe.friction = FrictionModel::swamee_jain;  // as EPANET 2.2 (hydcoeffs.c)
          k.pipe.roughness = rough * rough_dw;
        }
        k.pipe.minor_loss = l.tok.size() > 6 ? number(l, 6, "minor loss") : 0.0;
        if (l.tok.size() > 7) {
          const std::string s = upper(l.tok[7]);
          if (s == "CLOSED") k.open = false;
          else if (s == "CV") k.type = LinkType::check_valve;
          else if (s != "OPEN") fail(l.number, l.section, "FW-E0620", "pipe status \"" + l.tok[7] + "\" (OPEN, CLOSED or CV)");
        }
        add_link(l, k);
      } else if (l.section == "[PUMPS]") {
        need(l, 5, "<id> <node1> <node2> HEAD <curve> | POWER <kW> ...");
        Link k;
        k.name = l.tok[0];
        k.type = LinkType::pump;
        k.from = node_of(l, 1);
        k.to = node_of(l, 2);
        bool have_curve = false;
        for (std::size_t i = 3; i + 1 < l.tok.size(); i += 2) {
          const std::string key = upper(l.tok[i]);
          if (key == "HEAD") {
            auto c = curves.find(l.tok[i + 1]);
            if (c == curves.end()) fail(l.number, l.section, "FW-E0621", "curve \"" + l.tok[i + 1] + "\" is not in [CURVES]");
            const auto& pts = c->second;
            if (pts.size() == 1) {
              k.pump = pump_from_one_point(pts[0].first * qf, pts[0].second * lf);
            } else if (pts.size() == 3 && pts[0].first == 0.0) {
              k.pump = pump_from_three_points(pts[0].second * lf, pts[1].first * qf, pts[1].second * lf,
                                              pts[2].first * qf, pts[2].second * lf);
            } else {
              fail(l.number, l.section, "FW-E0622",
                   "pump curve \"" + l.tok[i + 1] + "\": only 1-point and 3-point (first at zero flow) curves are supported");
            }
            if (!(k.pump.curve_r > 0) || !(k.pump.curve_n > 0) || !std::isfinite(k.pump.curve_n))
              fail(l.number, l.section, "FW-E0607", "pump curve \"" + l.tok[i + 1] + "\" does not fall with flow");
            have_curve = true;
          } else if (key == "SPEED") {
            k.pump.speed = number(l, i + 1, "speed");
          } else if (key == "PATTERN") {
            k.pump.speed *= multiplier(l.tok[i + 1]);
          } else if (key == "POWER") {
            fail(l.number, l.section, "FW-E0622", "constant-power pumps are not supported; give a HEAD curve");
          } else {
            fail(l.number, l.section, "FW-E0620", "unknown pump keyword \"" + l.tok[i] + "\"");
          }
        }
        const double sp = k.pump.speed;
        if (!have_curve) fail(l.number, l.section, "FW-E0620", "pump \"" + k.name + "\" has no HEAD curve");
        k.pump.speed = sp;
        add_link(l, k);
      } else if (l.section == "[VALVES]") {
        fail(l.number, l.section, "FW-E0622", "EPANET valves are not imported yet (link \"" + l.tok[0] + "\")");
      }
    }
    for (const auto& [id, s] : status_override) {
      const int k = net.link_index(id);
      if (k < 0) fail(0, "[STATUS]", "FW-E0621", "link \"" + id + "\" is not defined");
      net.links[static_cast<std::size_t>(k)].open = s > 0;
    }
    return m;
  }

 private:
  std::string file_;
  std::vector<Line> lines_;
};

}  // namespace

EpanetModel parse_epanet(const std::string& text, const std::string& filename) {
  Reader r(text, filename);
  return r.read();
}

EpanetModel load_epanet(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("FW-E0100", {path, 0, 0, ""}, "cannot open the EPANET file (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_epanet(ss.str(), path);
}

}  // namespace factwin::liquid
