// SPDX-License-Identifier: Apache-2.0
// Data-hall equipment: reading, checks with located errors, and lowering onto the grid.
#include <gtest/gtest.h>

#include <cmath>

#include "factwin/grid/voxelize.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "test_support.hpp"

using factwin::testing::expect_input_error;
using namespace factwin;

namespace {
// Hall 6 x 4 x 3 m, 0.2 m cells; one item per line from line 5 on.
std::string hall(const std::string& items) {
  return "{\n"
         "  \"factwin\": 1, \"name\": \"eq\",\n"
         "  \"hall\": {\"extent\": [6, 4, 3]},\n"
         "  \"grid\": {\"spacing\": \"0.2 m\"},\n"
         "  " + items + "\n"
         "}\n";
}
Scenario parse(const std::string& t) { return io::parse_scenario(t, "eq.json"); }
VoxelGrid vox(const std::string& t) { return voxelize(parse(t)); }
// The Anderson depth a file's air side gets with its own solver settings.
int anderson_depth_of(const std::string& t) {
  const Case c = io::parse_case(t, "eq.json");
  return effective_anderson_depth(c.facility.air, c.solver);
}
const char* rack_ok =
    R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "front": "y_min", "power": "10 kW", "airflow": "0.8 m3/s"}])";
}  // namespace

TEST(Equipment, RackIsLoweredToSolidAndFlowFaces) {
  const VoxelGrid vg = vox(hall(rack_ok));
  ASSERT_EQ(vg.bodies.size(), 1u);
  const VoxelBody& b = vg.bodies[0];
  EXPECT_EQ(b.kind, BodyKind::rack);
  EXPECT_NEAR(b.volume, 0.6 * 1.2 * 2.0, 1e-12);
  // Intake on y = 1 (front y_min), exhaust on y = 2.2: 0.6 x 2.0 m each.
  EXPECT_NEAR(vg.surfaces[b.in_surface].area, 1.2, 1e-12);
  EXPECT_NEAR(vg.surfaces[b.out_surface].area, 1.2, 1e-12);
  // Speeds carry exactly the rack airflow: out of the room at the intake, into it at the exhaust.
  EXPECT_NEAR(vg.surfaces[b.in_surface].condition.inflow_speed * vg.surfaces[b.in_surface].area, -0.8, 1e-12);
  EXPECT_NEAR(vg.surfaces[b.out_surface].condition.inflow_speed * vg.surfaces[b.out_surface].area, 0.8, 1e-12);
  EXPECT_EQ(vg.surfaces[b.in_surface].kind, SurfaceKind::device_in);
  // The y-faces at y = 1 (node 5) next to the rack carry the intake id.
  const auto& g = vg.grid;
  EXPECT_EQ(vg.face_surface[1][g.face_index(1, 11, 5, 2)], b.in_surface);
  EXPECT_EQ(vg.face_surface[1][g.face_index(1, 11, 11, 2)], b.out_surface);
  EXPECT_EQ(vg.face_surface[0][g.face_index(0, 10, 7, 2)], b.surface);  // side x = 2
}

TEST(Equipment, AirflowFromDesignTemperatureRise) {
  const Scenario s = parse(hall(
      R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": "12 kW", "delta_t": "12 K", "liquid_fraction": 0.5}])"));
  // Q = (1 - 0.5) P / (rho cp dT) with the default dry air (rho 1.1614 kg/m3, cp 1007 J/(kg K))
  EXPECT_NEAR(s.racks[0].airflow, 6000.0 / (1.1614 * 1007.0 * 12.0), 1e-12);
}

TEST(Equipment, CoolerFacesAndFailure) {
  const VoxelGrid vg = vox(hall(
      R"("coolers": [{"name": "C1", "min": [0.4, 1, 0.4], "max": [1.2, 3, 2.4], "airflow": "3 m3/s", "setpoint": "18 degC", "capacity": "50 kW"}, {"name": "C2", "kind": "in_row", "min": [4, 1, 0], "max": [4.6, 2.2, 2], "airflow": "1 m3/s", "setpoint": "20 degC", "failed": true}])"));
  ASSERT_EQ(vg.bodies.size(), 2u);
  const VoxelBody& c1 = vg.bodies[0];
  EXPECT_NEAR(vg.surfaces[c1.out_surface].area, 0.8 * 2.0, 1e-12);  // supply: z_min face
  EXPECT_NEAR(vg.surfaces[c1.in_surface].area, 0.8 * 2.0, 1e-12);   // return: z_max face
  EXPECT_NEAR(vg.surfaces[c1.out_surface].condition.inflow_temperature, 291.15, 1e-12);
  const VoxelBody& c2 = vg.bodies[1];
  EXPECT_EQ(c2.flow, 0.0);
  EXPECT_EQ(vg.surfaces[c2.out_surface].condition.flow, FlowCondition::no_slip);
}

TEST(Equipment, RaisedFloorTilesAndPanels) {
  const VoxelGrid vg = vox(hall(
      R"("raised_floor": {"height": "0.6 m", "tiles": [{"name": "T1", "min": [2, 2], "max": [2.6, 2.6], "open_area": 0.25}]}, "panels": [{"name": "P1", "min": [3, 0, 0.6], "max": [3, 2, 2.6]}, {"name": "P2", "min": [4, 0, 0.6], "max": [4, 2, 2.6], "open_area": 0.1}])"));
  const int t = vg.surface_id("T1"), slab = vg.surface_id("raised_floor");
  const int p1 = vg.surface_id("P1"), p2 = vg.surface_id("P2");
  ASSERT_GT(t, 0);
  EXPECT_EQ(vg.surfaces[t].kind, SurfaceKind::porous);
  EXPECT_NEAR(vg.surfaces[t].area, 0.36, 1e-12);
  // Idelchik Diagram 8-1 at f = 0.25: (0.707 * 0.75^0.375 + 0.75)^2 / 0.0625
  EXPECT_NEAR(vg.surfaces[t].condition.loss_coefficient,
              std::pow(0.707 * std::pow(0.75, 0.375) + 0.75, 2) / 0.0625, 1e-12);
  EXPECT_NEAR(vg.surfaces[slab].area, 6.0 * 4.0 - 0.36, 1e-9);
  EXPECT_EQ(vg.surfaces[p1].kind, SurfaceKind::panel);
  EXPECT_NEAR(vg.surfaces[p1].area, 2.0 * 2.0, 1e-12);
  EXPECT_EQ(vg.surfaces[p2].kind, SurfaceKind::porous);
  // Round trip keeps the equipment.
  const Scenario s = parse(hall(
      R"("raised_floor": {"height": "0.6 m", "tiles": [{"name": "T1", "min": [2, 2], "max": [2.6, 2.6]}]}, )" +
      std::string(rack_ok).replace(std::string(rack_ok).find("[2, 1, 0]"), 9, "[2, 1, 0.6]")));
  const std::string text = io::to_json(s);
  EXPECT_EQ(io::to_json(io::parse_scenario(text)), text);
}

TEST(EquipmentBadInput, OutsideOrOverlapping) {
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [5.8, 1, 0], "max": [6.4, 2.2, 2], "power": 1000, "airflow": 0.5}])")); },
                     "FW-E0201", "/racks/0/max/0", 5);
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": 1000, "airflow": 0.5}, {"name": "R2", "min": [2.4, 1, 0], "max": [3.0, 2.2, 2], "power": 1000, "airflow": 0.5}])")); },
                     "FW-E0202", "/racks/1", 5);
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": 1000, "airflow": 0.5}], "obstructions": [{"name": "col", "min": [2.5, 2, 0], "max": [3, 2.5, 3]}])")); },
                     "FW-E0202", "/racks/0", 5);
}

TEST(EquipmentBadInput, BlockedIntakeOrExhaust) {
  // Front on the hall wall y = 0.
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 0, 0], "max": [2.6, 1.2, 2], "power": 1000, "airflow": 0.5}])")); },
                     "FW-E0209", "/racks/0/front", 5);
  // Exhaust covered by an obstruction touching it.
  expect_input_error([] { (void)vox(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": 1000, "airflow": 0.5}], "obstructions": [{"name": "wall", "min": [1.6, 2.2, 0], "max": [3.0, 2.6, 3]}])")); },
                     "FW-E0209", "/racks/0");
  expect_input_error([] { (void)parse(hall(R"("coolers": [{"name": "C1", "min": [0.4, 1, 0], "max": [1.2, 3, 2.4], "airflow": 3, "setpoint": "18 degC"}])")); },
                     "FW-E0209", "/coolers/0/supply_face", 5);
}

TEST(EquipmentBadInput, CoolerWithZeroAirflow) {
  expect_input_error([] { (void)parse(hall(R"("coolers": [{"name": "C1", "min": [0.4, 1, 0.4], "max": [1.2, 3, 2.4], "airflow": "0 CFM", "setpoint": "18 degC"}])")); },
                     "FW-E0211", "/coolers/0/airflow", 5);
}

TEST(EquipmentBadInput, TileOutsideAnyPlenum) {
  expect_input_error([] { (void)parse(hall(R"("raised_floor": {"height": "0.6 m", "tiles": [{"name": "T", "min": [5.8, 1], "max": [6.4, 1.6]}]})")); },
                     "FW-E0214", "/raised_floor/tiles/0", 5);
  expect_input_error([] { (void)parse(hall(R"("raised_floor": {"height": "0.6 m", "tiles": [{"name": "T", "min": [1, 1], "max": [1.6, 1.6], "open_area": 1.2}]})")); },
                     "FW-E0114", "/raised_floor/tiles/0/open_area", 5);
}

TEST(EquipmentBadInput, RackAirflowCannotCarryItsHeat) {
  // 40 kW through 0.1 m3/s would heat the air by ~340 K.
  const std::string m = expect_input_error(
      [] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": "40 kW", "airflow": "0.1 m3/s"}])")); },
      "FW-E0210", "/racks/0/airflow", 5);
  EXPECT_NE(m.find("liquid_fraction"), std::string::npos) << m;
  // ... unless most of it goes to liquid.
  EXPECT_NO_THROW((void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": "40 kW", "airflow": "0.1 m3/s", "liquid_fraction": 0.9}])")));
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": "40 kW", "delta_t": "80 K"}])")); },
                     "FW-E0210", "/racks/0/delta_t", 5);
}

TEST(EquipmentBadInput, OtherEquipmentErrors) {
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": 1000, "airflow": 0.5, "front": "z_max"}])")); },
                     "FW-E0115", "/racks/0/front", 5);
  expect_input_error([] { (void)parse(hall(R"("racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": 1000}])")); },
                     "FW-E0111", "/racks/0", 5);
  expect_input_error([] { (void)parse(hall(R"("panels": [{"name": "P", "min": [1, 1, 1], "max": [2, 2, 2]}])")); },
                     "FW-E0200", "/panels/0", 5);
  expect_input_error([] { (void)parse(hall(R"("rear_doors": [{"rack": "nope", "capacity": "10 kW"}])")); },
                     "FW-E0212", "/rear_doors/0/rack", 5);
  expect_input_error([] { (void)parse(hall(R"("raised_floor": {"height": "0.6 m"}, "racks": [{"name": "R1", "min": [2, 1, 0], "max": [2.6, 2.2, 2], "power": 1000, "airflow": 0.5}])")); },
                     "FW-E0213", "/racks/0/min/2", 5);
  expect_input_error([] { (void)vox(hall(R"("panels": [{"name": "P", "min": [0.05, 0, 0], "max": [0.05, 2, 2]}])")); },
                     "FW-E0215", "/panels/0");
}

// Anderson acceleration (docs/solver.md) does not carry the rack and cooler coupling states: asking
// for it in a hall with racks, or for a transient run, is refused at the key.
TEST(Equipment, AndersonAccelerationIsOptInWithRacksAndRefusedInTransientRuns) {
  // with racks and coolers it is asked for explicitly (their states are in the accelerated state;
  // the history costs (2m + 5) x 5 values per cell, which the automatic choice spares large halls)
  EXPECT_EQ(anderson_depth_of(hall(std::string(rack_ok) + R"(, "solver": {"anderson_depth": 4})")), 4);
  expect_input_error([] { (void)parse(hall(R"("solver": {"mode": "transient", "end_time": "10 s", "anderson_depth": 4})")); },
                     "FW-E0110", "/solver/anderson_depth", 5);
  expect_input_error([] { (void)parse(hall(R"("solver": {"anderson_depth": 60})")); }, "FW-E0114",
                     "/solver/anderson_depth", 5);
  // automatic depth: on in an empty steady hall, off with racks; 0 is accepted everywhere
  EXPECT_EQ(anderson_depth_of(hall(R"("solver": {"mode": "steady"})")), 8);
  EXPECT_EQ(anderson_depth_of(hall(rack_ok)), 0);
  EXPECT_NO_THROW((void)parse(hall(std::string(rack_ok) + R"(, "solver": {"anderson_depth": 0})")));
}
