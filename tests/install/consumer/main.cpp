// SPDX-License-Identifier: Apache-2.0
// Builds against the installed factwin and does what `factwin run` does with one library call:
// describe a small facility in C++ (the README's small room on a coarse grid: a supply grille, a
// return opening, a 6 kW server block),
// solve it with the twin and write its outputs (factwin::io::run), then check what came back.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <factwin/factwin.hpp>

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? argv[1] : "consumer-out";
  factwin::Facility f;
  factwin::Scenario& s = f.air;
  s.name = "consumer";
  s.hall.extent = {8.0, 6.0, 3.0};
  s.grid.cells = {16, 12, 6};
  factwin::BoundaryPatch supply{"supply", factwin::Face::x_min, {{0, 2, 0}, {0, 4, 1}}, {}};
  supply.condition.flow = factwin::FlowCondition::velocity_inlet;
  supply.condition.inflow_speed = 1.0;  // 2 m3/s through 2 m2
  supply.condition.inflow_temperature = factwin::units::from_celsius(18.0);
  factwin::BoundaryPatch ret{"return", factwin::Face::x_max, {{8, 2, 2}, {8, 4, 3}}, {}};
  ret.condition.flow = factwin::FlowCondition::pressure_opening;
  ret.condition.inflow_temperature = factwin::units::from_celsius(25.0);
  s.boundaries = {supply, ret};
  s.heat_sources.push_back({"servers", {{5.0, 2.4, 0.0}, {5.6, 3.6, 2.0}}, factwin::units::from_kw(6.0)});

  factwin::io::RunOptions o;  // how to run it, apart from what it is
  o.out_dir = out.string();
  o.settings.air.turbulence = factwin::TurbulenceModel::zero_equation;
  o.settings.air.tolerance = 1e-4;
  o.settings.air.backend = "cpu";
  const factwin::io::RunOutcome r = factwin::io::run(f, o);
  const auto& air = r.solution.air;
  std::printf("consumer: factwin %s, %lld cells, %ld iterations, converged %d, %zu files\n", FACTWIN_VERSION_STRING,
              static_cast<long long>(r.solution.grid.grid.num_cells()), air.iterations, air.converged ? 1 : 0,
              r.files.size());
  if (r.solution.grid.grid.num_cells() != 16 * 12 * 6) return 1;
  if (!std::filesystem::exists(out / "summary.json") || !std::filesystem::exists(out / "report.txt")) return 2;
  if (r.summary_json.find("\"converged\"") == std::string::npos) return 3;
  return air.converged ? 0 : 4;
}
