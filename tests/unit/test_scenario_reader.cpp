// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <filesystem>

#include "factwin/core/units.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "factwin/grid/voxelize.hpp"

using namespace factwin;

namespace {
const char* minimal = R"({
  "factwin": 1,
  "name": "t",
  "hall": {"extent": [4, 3, 2]},
  "grid": {"cells": [8, 6, 4]}
})";
}  // namespace

TEST(ScenarioReader, MinimalScenarioGetsDocumentedDefaults) {
  const Scenario s = io::parse_scenario(minimal, "min.json");
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.source_file, "min.json");
  EXPECT_DOUBLE_EQ(s.hall.extent.y, 3.0);
  EXPECT_EQ(s.grid.cells[2], 4);
  EXPECT_EQ(s.hall.walls[0].flow, FlowCondition::no_slip);
  EXPECT_EQ(s.hall.walls[0].thermal, ThermalCondition::adiabatic);
  EXPECT_DOUBLE_EQ(s.fluid.density, 1.1614);  // Incropera & DeWitt Table A.4, air at 300 K
  EXPECT_NEAR(s.fluid.prandtl(), 0.707, 0.002);
  EXPECT_DOUBLE_EQ(s.gravity.z, -9.80665);
  EXPECT_EQ(io::parse_case(minimal, "min.json").solver.mode, SolveMode::steady);
}

TEST(ScenarioReader, UnitsAreConvertedAtInput) {
  const Case c = io::parse_case(R"({
    "factwin": 1, "name": "u",
    "hall": {"extent": ["400 cm", "3 m", 2],
             "walls": {"default": {"temperature": "20 degC"}, "z_max": {"heat_flux": "10 W/m2"}}},
    "grid": {"spacing": "0.5 m"},
    "solver": {"end_time": "2 min", "mode": "transient", "initial_temperature": "77 degF"},
    "boundaries": [{"name": "in", "wall": "x_min", "min": [0, 1, 0.5], "max": [0, 2, 1.5],
                    "type": "velocity_inlet", "flow_rate": "2119.0 CFM", "temperature": "18 degC"}],
    "heat_sources": [{"name": "h", "min": [1, 1, 0], "max": [2, 2, 1], "power": "3.5 kW"}]
  })");
  const Scenario& s = c.facility.air;
  EXPECT_DOUBLE_EQ(s.hall.extent.x, 4.0);
  EXPECT_DOUBLE_EQ(s.hall.walls[0].temperature, 293.15);
  EXPECT_EQ(s.hall.walls[5].thermal, ThermalCondition::heat_flux);
  EXPECT_DOUBLE_EQ(s.hall.walls[5].heat_flux, 10.0);
  EXPECT_EQ(s.grid.cells[0], 8);
  EXPECT_EQ(s.grid.cells[2], 4);
  EXPECT_DOUBLE_EQ(c.solver.end_time, 120.0);
  EXPECT_NEAR(c.solver.initial_temperature, 298.15, 1e-12);
  // 2119 CFM through 1 m^2
  EXPECT_NEAR(s.boundaries[0].condition.inflow_speed, units::from_cfm(2119.0) / 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.heat_sources[0].power, 3500.0);
}

TEST(ScenarioReader, RoundTripThroughJson) {
  const std::string file = std::string(FACTWIN_DATA_DIR) + "/scenarios/small_room.json";
  const Case a = io::load_case(file);
  const std::string text = io::to_json(a);
  const Case b = io::parse_case(text, "roundtrip.json");
  EXPECT_EQ(io::to_json(b), text);
  EXPECT_EQ(a.facility.air.boundaries.size(), b.facility.air.boundaries.size());
  EXPECT_DOUBLE_EQ(a.facility.air.boundaries[0].condition.inflow_speed, b.facility.air.boundaries[0].condition.inflow_speed);
  EXPECT_DOUBLE_EQ(a.facility.air.hall.walls[4].temperature, b.facility.air.hall.walls[4].temperature);
  EXPECT_EQ(a.facility.air.hall.wall_names[4], "floor");
  EXPECT_EQ(b.facility.air.hall.wall_names[4], "floor");
  EXPECT_EQ(a.facility.air.grid.cells, b.facility.air.grid.cells);
  EXPECT_EQ(a.solver.max_iterations, b.solver.max_iterations);
  EXPECT_DOUBLE_EQ(a.solver.tolerance, b.solver.tolerance);
}

TEST(ScenarioReader, EveryScenarioInDataLoadsAndVoxelises) {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(std::string(FACTWIN_DATA_DIR) + "/scenarios")) {
    if (e.path().extension() != ".json") continue;
    SCOPED_TRACE(e.path().string());
    Scenario s;
    ASSERT_NO_THROW(s = io::load_scenario(e.path().string()));
    VoxelGrid vg;
    ASSERT_NO_THROW(vg = voxelize(s));
    EXPECT_GT(vg.fluid_cells, 0);
    ++n;
  }
  EXPECT_GE(n, 1);
}
