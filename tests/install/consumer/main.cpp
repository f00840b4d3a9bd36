// SPDX-License-Identifier: Apache-2.0
// Builds against the installed factwin: describe a hall, voxelise, print the cell count.
#include <cstdio>

#include <factwin/factwin.hpp>

int main() {
  factwin::Scenario s;
  s.name = "consumer";
  s.hall.extent = {4.0, 3.0, 2.5};
  s.grid.cells = {16, 12, 10};
  s.heat_sources.push_back({"rack", {{1.0, 1.0, 0.0}, {1.6, 2.2, 2.0}}, factwin::units::from_kw(10.0)});
  const factwin::VoxelGrid vg = factwin::voxelize(s);
  std::printf("consumer: factwin %s, %lld cells, %zu heat source(s)\n", FACTWIN_VERSION_STRING,
              static_cast<long long>(vg.grid.num_cells()), vg.heat_sources.size());
  return vg.grid.num_cells() == 16 * 12 * 10 ? 0 : 1;
}
