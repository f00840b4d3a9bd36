// SPDX-License-Identifier: Apache-2.0
// Example 01: describe a small hall in C++, check it, voxelise it and read the grid figures.
//
// Sample run:
//   ./build/examples/example_01_api
// Expected key output:
//   hall 'api-example': 40 x 30 x 12 = 14400 cells, fluid fraction 0.9583, heat 6 kW (voxelised 6 kW)
#include <cmath>
#include <cstdio>

#include "factwin/factwin.hpp"

int main() {
  using namespace factwin;
  Scenario s;
  s.name = "api-example";
  s.hall.extent = {8.0, 6.0, 3.0};                                     // m
  s.hall.walls[static_cast<int>(Face::z_min)].thermal = ThermalCondition::temperature;
  s.hall.walls[static_cast<int>(Face::z_min)].temperature = units::from_celsius(18.0);
  s.grid.cells = {40, 30, 12};

  BoundaryPatch supply;
  supply.name = "supply";
  supply.face = Face::x_min;
  supply.region = {{0.0, 2.0, 0.0}, {0.0, 4.0, 1.0}};
  supply.condition.flow = FlowCondition::velocity_inlet;
  supply.condition.inflow_speed = units::from_cfm(4000.0) / 2.0;      // m/s over 2 m^2
  supply.condition.inflow_temperature = units::from_celsius(18.0);
  s.boundaries.push_back(supply);

  BoundaryPatch ret;
  ret.name = "return";
  ret.face = Face::x_max;
  ret.region = {{8.0, 2.0, 2.0}, {8.0, 4.0, 3.0}};
  ret.condition.flow = FlowCondition::pressure_opening;
  ret.condition.inflow_temperature = units::from_celsius(25.0);
  s.boundaries.push_back(ret);

  s.obstructions.push_back({"cabinet", {{3.0, 2.4, 0.0}, {5.0, 3.6, 2.0}}, {}});
  s.heat_sources.push_back({"servers", {{5.0, 2.4, 0.0}, {5.6, 3.6, 2.0}}, units::from_kw(6.0)});

  try {
    validate(s);
    const VoxelGrid vg = voxelize(s);
    double heat = 0;
    for (const auto& h : vg.heat_sources)
      for (double w : h.power) heat += w;
    std::printf("hall '%s': %d x %d x %d = %lld cells, fluid fraction %.4f, heat %g kW (voxelised %g kW)\n",
                s.name.c_str(), vg.grid.n(0), vg.grid.n(1), vg.grid.n(2),
                static_cast<long long>(vg.grid.num_cells()), vg.fluid_fraction(),
                s.total_heat_power() / 1e3, heat / 1e3);
    return std::abs(heat - s.total_heat_power()) < 1e-9 * s.total_heat_power() ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}
