// SPDX-License-Identifier: Apache-2.0
// The example facilities of issue 5, checked and run on coarse grids:
//  (b) data/scenarios/pod_1mw_liquid.json: 8 x 125 kW racks, 88 % to cold plates, in-row coolers
//      for the air-side rest. Each rack's heat is split exactly once: the air solve carries
//      (1 - 0.88) P per rack, the liquid loop 0.88 P (docs/liquid.md "Racks").
//  (c) data/scenarios/ai_hall_10mw.json: 80 x 125 kW racks (85 % liquid) in 8 rows, 24 in-row
//      coolers, 4 contained hot aisles; the benchmark suite re-grids it at 1M/8M/30M cells.
// The pod converges on its test grid (about 2 100 iterations). KNOWN LIMIT (docs/datahall.md
// "Example facilities"): the 10 MW hall does not reach its file's steady tolerance (2e-4): its scaled
// momentum residual falls to 0.08-0.2 within 1 000-2 000 iterations and then plateaus (on the implicit
// and the explicit path alike). Its test therefore runs a fixed 1 500 iterations and checks what an
// engineer reads off the result and what holds on the plateau: the energy balance closed to 0.5 %
// (issue 5), every rack inside its ASHRAE class's allowable range, no cooler at capacity, and the
// residual bounded (a blow-up or drift would fail).
#include <gtest/gtest.h>

#include <cstdio>

#include "factwin/grid/voxelize.hpp"
#include "factwin/liquid/network.hpp"
#include "factwin/metrics/datahall.hpp"
#include "validation_support.hpp"

using namespace factwin;
using namespace factwin::testing;

namespace {

metrics::DatahallFigures solve_hall(const Scenario& s, const SolverSettings& st, const char* label, bool must_converge) {
  const VoxelGrid vg = voxelize(s);
  airflow::SolveOptions o;
  o.tracer_names = {"supply_air"};
  o.max_iterations = must_converge ? 5000 : 1500;  // see the known limit above
  const airflow::SolveResult r = airflow::solve(s, st, vg, Executor::create("cpu"), o);
  const metrics::DatahallFigures d = metrics::datahall_figures(s, r, 0);
  std::printf("%s: %lld cells, %ld iterations, %.1f s, residuals momentum %.3g energy %.3g (%s); IT heat to air "
              "%.1f kW, removed %.1f kW (%.2e), hottest inlet %.2f C at %s, RCI_HI %.1f %%, RTI %.1f %%\n",
              label, static_cast<long long>(vg.grid.num_cells()), r.iterations, r.wall_seconds,
              r.final_residual.momentum, r.final_residual.energy, r.converged ? "converged" : "not converged",
              d.it_heat_to_air / 1e3, d.heat_removed / 1e3, d.energy_balance_error, d.hottest_inlet - 273.15,
              d.hottest_rack.c_str(), d.rci_hi, d.rti);
  // bounded plateau: measured 0.03-0.2 (momentum) and 0.01-0.03 (energy) at 1 500-3 000 iterations;
  // a blow-up is orders of magnitude above these bounds (and NaN throws)
  if (must_converge) {
    EXPECT_TRUE(r.converged) << label << ": " << r.stop_reason;
  }
  EXPECT_LT(r.final_residual.momentum, 0.5) << label;
  EXPECT_LT(r.final_residual.energy, 0.1) << label;
  EXPECT_LT(std::abs(d.energy_balance_error), 0.005) << label;
  for (const auto& c : d.coolers) EXPECT_FALSE(c.at_capacity) << label << " " << c.name;
  for (const auto& rk : d.racks) EXPECT_NE(rk.compliance, metrics::Compliance::out_of_range) << label << " " << rk.name;
  return d;
}

}  // namespace

TEST(Examples, Pod1MWSplitsEachRackOnceBetweenAirAndLiquid) {
  const Case pod = io::load_case(data_path("scenarios/pod_1mw_liquid.json"));
  const Facility& f = pod.facility;
  Scenario s = f.air;
  ASSERT_EQ(s.racks.size(), 8u);
  ASSERT_EQ(s.coolers.size(), 4u);
  ASSERT_TRUE(f.liquid.has_value());
  EXPECT_NEAR(s.total_rack_power(), 1e6, 1e-6);
  // liquid side: the cold plates carry 0.88 of every rack, 880 kW in all
  const liquid::Result lr = liquid::solve(*f.liquid);
  double plates = 0;
  for (std::size_t i = 0; i < f.liquid->links.size(); ++i)
    if (f.liquid->links[i].type == liquid::LinkType::cold_plate) plates += lr.link_heat[i];
  std::printf("pod liquid loop: %.1f kW from the racks' cold plates, %.1f kW in (with pump heat), %.1f kW rejected\n",
              plates / 1e3, lr.heat_in / 1e3, lr.heat_rejected / 1e3);
  EXPECT_NEAR(plates, 0.88 * 1e6, 1e-6 * 1e6);
  // air side on a 0.4 m grid (the file's 0.2 m across the rows is the production grid)
  s.grid.cells = {25, 20, 8};
  const metrics::DatahallFigures d = solve_hall(s, pod.solver, "pod (b), 0.4 m", true);
  EXPECT_NEAR(d.it_heat_to_air, 0.12 * 1e6, 1e-6);
  // contained hot aisle: the racks breathe supply air (24 C) warmed by little recirculation
  EXPECT_LT(d.hottest_inlet, 273.15 + 24.0 + 3.0);
}

TEST(Examples, AiHall10MWOnTheTestGrid) {
  const Case hall = io::load_case(data_path("scenarios/ai_hall_10mw.json"));
  const Scenario& s = hall.facility.air;
  ASSERT_EQ(s.racks.size(), 80u);
  ASSERT_EQ(s.coolers.size(), 24u);
  EXPECT_NEAR(s.total_rack_power(), 10e6, 1e-3);
  const metrics::DatahallFigures d = solve_hall(s, hall.solver, "10 MW hall (c), 0.6 m", false);
  EXPECT_NEAR(d.it_heat_to_air, 0.15 * 10e6, 1e-3);
  EXPECT_LT(d.hottest_inlet, 273.15 + 24.0 + 3.0);
  // every in-row cooler carries part of the load; N+1 per row: none above 2/3 of its row's heat
  for (const auto& c : d.coolers) {
    EXPECT_GT(c.load, 0.0) << c.name;
    EXPECT_LT(c.load, 100e3) << c.name;
  }
}
