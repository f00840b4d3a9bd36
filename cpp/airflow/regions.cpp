// SPDX-License-Identifier: Apache-2.0
// Air regions of the airflow solver (set-up): the regions connected through open or porous faces,
// the sealed ones (no opening: their pressure has a free constant, removed in pressure.cpp) and the
// check that a rack whose airflow varies does not feed a sealed region.
#include <cmath>
#include <sstream>
#include <string>

#include "airflow/solver_state.hpp"
#include "factwin/core/error.hpp"

namespace factwin::airflow::detail {

void Solver::check_sealed_regions(const std::vector<std::uint8_t>& solid) {
  // Air regions connected through open or porous faces. A region with no fixed-pressure opening is
  // incompressible and sealed: the flow its inlets and devices push in must equal what they draw
  // out, or no solution exists (e.g. a sealed contained aisle fed more air than its racks take).
  std::vector<int> region(static_cast<std::size_t>(ncell_), -1);
  std::vector<index_t> stack;
  int nreg = 0;
  for (index_t seed = 0; seed < ncell_; ++seed) {
    if (solid[seed] || region[seed] >= 0) continue;
    double net = 0, gross = 0;
    bool open = false;
    stack.assign(1, seed);
    region[seed] = nreg;
    while (!stack.empty()) {
      const index_t c = stack.back();
      stack.pop_back();
      const int i = static_cast<int>(c % g_.n[0]);
      const int j = static_cast<int>((c / g_.n[0]) % g_.n[1]);
      const int k = static_cast<int>(c / (static_cast<index_t>(g_.n[0]) * g_.n[1]));
      for (int a = 0; a < 3; ++a)
        for (int sd = 0; sd < 2; ++sd) {
          int fi[3] = {i, j, k};
          fi[a] += sd;
          const index_t f = g_.face(a, fi[0], fi[1], fi[2]);
          const std::uint8_t t = ftype_host_[a][f];
          if (t == face_opening) open = true;
          if (t == face_fixed) {
            const std::uint16_t id = vg_.face_surface[a][f];
            const SurfaceCondition& cnd = vg_.surfaces[id].condition;
            if (cnd.flow == FlowCondition::velocity_inlet) {
              const int t1 = (a + 1) % 3, t2 = (a + 2) % 3;
              const double area = static_cast<double>(g_.h[t1]) * g_.h[t2];
              net += cnd.inflow_speed * area;
              gross += std::abs(cnd.inflow_speed) * area;
            }
          }
          if (t == face_active || t == face_porous) {
            int nb[3] = {i, j, k};
            nb[a] += sd ? 1 : -1;
            const index_t cn = g_.cell(nb[0], nb[1], nb[2]);
            if (region[cn] < 0) {
              region[cn] = nreg;
              stack.push_back(cn);
            }
          }
        }
    }
    if (!open && std::abs(net) > 1e-6 * std::max(gross, 1e-12) && std::abs(net) > 1e-12) {
      const int i = static_cast<int>(seed % g_.n[0]);
      const int j = static_cast<int>((seed / g_.n[0]) % g_.n[1]);
      const int k = static_cast<int>(seed / (static_cast<index_t>(g_.n[0]) * g_.n[1]));
      const StructuredGrid& grid = vg_.grid;
      std::ostringstream os;
      os << "a sealed air region (it contains the cell at x = " << grid.center(0, i) << ", y = " << grid.center(1, j)
         << ", z = " << grid.center(2, k) << " m) has no opening, yet its inlets and devices push in " << net
         << " m^3/s more than they draw out (of " << gross
         << " m^3/s through them): incompressible air cannot do that. Balance the airflows of the devices "
            "serving it, let its panels leak (open_area), or give it an opening";
      throw InputError("FW-E0216", {s_.source_file, 0, 0, ""}, os.str());
    }
    if (!open) {
      std::vector<std::uint8_t> mask(static_cast<std::size_t>(ncell_), 0);
      double cnt = 0;
      for (index_t c = 0; c < ncell_; ++c)
        if (region[c] == nreg) {
          mask[c] = 1;
          ++cnt;
        }
      pressure_.add_sealed_region(mask, cnt);
    }
    region_open_.push_back(open ? 1 : 0);
    ++nreg;
  }
  cell_region_ = std::move(region);
}

void Solver::check_variable_flow_rack(const VoxelBody& b) const {
  // A rack whose fans follow its inlet temperature changes the flow it moves from its intake region
  // to its exhaust region. Where those differ and one is sealed (sealed containment), incompressible
  // air cannot follow a fixed-flow compact model: refuse clearly instead of failing in the solve.
  int rin = -1, rout = -1;
  for (int a = 0; a < 3 && (rin < 0 || rout < 0); ++a)
    for (index_t f = 0; f < nface_[a]; ++f) {
      const std::uint16_t id = vg_.face_surface[a][f];
      if (id != b.in_surface && id != b.out_surface) continue;
      int i, j, k;
      {
        const int nx = g_.fn(a, 0), ny = g_.fn(a, 1);
        i = static_cast<int>(f % nx);
        j = static_cast<int>((f / nx) % ny);
        k = static_cast<int>(f / (static_cast<index_t>(nx) * ny));
      }
      int lo[3] = {i, j, k};
      lo[a] -= 1;
      index_t c = -1;
      if (g_.inside(i, j, k) && cell_region_[static_cast<std::size_t>(g_.cell(i, j, k))] >= 0) c = g_.cell(i, j, k);
      else if (g_.inside(lo[0], lo[1], lo[2])) c = g_.cell(lo[0], lo[1], lo[2]);
      if (c < 0 || cell_region_[static_cast<std::size_t>(c)] < 0) continue;
      (id == b.in_surface ? rin : rout) = cell_region_[static_cast<std::size_t>(c)];
    }
  if (rin >= 0 && rout >= 0 && rin != rout &&
      (!region_open_[static_cast<std::size_t>(rin)] || !region_open_[static_cast<std::size_t>(rout)]))
    throw InputError("FW-E0217", {s_.source_file, 0, 0, "/racks/" + std::to_string(b.source_index) + "/airflow_per_kelvin"},
                     "rack '" + b.name +
                         "' has an airflow that rises with its inlet temperature, but its intake and exhaust open "
                         "into different air regions and one of them is sealed (no opening, no leaking panel): a "
                         "sealed region cannot take a changing flow. Let the containment leak (open_area), give the "
                         "region an opening, or use a fixed airflow");
}

}  // namespace factwin::airflow::detail
