// SPDX-License-Identifier: Apache-2.0
// Every class of bad scenario input stops with one InputError that names the file, the line and the
// JSON pointer of the offending value (docs/errors.md). Line numbers below count from 1 in the
// raw strings, whose first line is the opening brace.
#include <gtest/gtest.h>

#include "factwin/airflow/memory.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "test_support.hpp"

using factwin::testing::expect_input_error;
using namespace factwin;

namespace {
Scenario parse(const std::string& text) { return io::parse_scenario(text, "bad.json"); }
// What `factwin check` does: read, check the solver's memory, voxelise.
void parse_and_voxelise(const std::string& text) {
  const factwin::Case c = factwin::io::parse_case(text, "bad.json");
  factwin::airflow::check_memory(c.facility.air, c.solver);
  (void)voxelize(c.facility.air);
}

// A valid scenario with one replaceable line per section.
std::string doc(const std::string& hall = R"("hall": {"extent": [4, 3, 2]},)",
                const std::string& grid = R"("grid": {"cells": [8, 6, 4]},)",
                const std::string& extra = R"("solver": {"mode": "steady"})") {
  return "{\n"                    // line 1
         "  \"factwin\": 1,\n"    // line 2
         "  \"name\": \"bad\",\n"  // line 3
         "  " + hall + "\n"       // line 4
         "  " + grid + "\n"       // line 5
         "  " + extra + "\n"      // line 6
         "}\n";
}
}  // namespace

TEST(BadInput, ValidBaseDocumentParses) { EXPECT_NO_THROW(parse_and_voxelise(doc())); }

TEST(BadInput, MissingFile) {
  expect_input_error([] { (void)io::load_scenario("/nonexistent/dir/s.json"); }, "FW-E0100", "");
}

TEST(BadInput, SyntaxErrorNamesLineAndColumn) {
  const std::string m = expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},,)")); },
                                           "FW-E0101", "", 4);
  EXPECT_NE(m.find("bad.json:4:"), std::string::npos) << m;
  EXPECT_NE(m.find("syntax error"), std::string::npos) << m;
  expect_input_error([] { (void)parse(""); }, "FW-E0101", "");
  expect_input_error([] { (void)parse("{\"factwin\": 1, \"name\": \"x\""); }, "FW-E0101", "");
}

TEST(BadInput, ExcessiveNestingIsRejectedNotOverflowed) {
  std::string deep(100000, '[');
  expect_input_error([&] { (void)parse(deep); }, "FW-E0101", "");
}

TEST(BadInput, DuplicateKey) {
  const std::string m = expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2], "extent": [1, 1, 1]},)")); }, "FW-E0102",
      "/hall/extent", 4);
  EXPECT_NE(m.find("first given at line 4"), std::string::npos) << m;
}

TEST(BadInput, UnknownKeySuggestsTheRightOne) {
  const std::string m = expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cels": [8, 6, 4]},)")); },
      "FW-E0110", "/grid/cels", 5);
  EXPECT_NE(m.find("did you mean \"cells\""), std::string::npos) << m;
}

TEST(BadInput, MissingRequiredKey) {
  expect_input_error([] { (void)parse(R"({"factwin": 1, "name": "x", "grid": {"cells": [1,1,1]}})"); },
                     "FW-E0111", "", 1);
  expect_input_error([] { (void)parse(doc(R"("hall": {"origin": [0, 0, 0]},)")); }, "FW-E0111", "/hall", 4);
}

TEST(BadInput, WrongType) {
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": "big"},)")); }, "FW-E0112",
                     "/hall/extent", 4);
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [4, 3]},)")); }, "FW-E0112",
                     "/hall/extent", 4);
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8.5, 6, 4]},)")); },
                     "FW-E0112", "/grid/cells/0", 5);
  expect_input_error([] { (void)parse(R"([1, 2, 3])"); }, "FW-E0112", "", 1);
}

TEST(BadInput, WrongOrMissingUnit) {
  const std::string m = expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": ["4 parsecs", 3, 2]},)")); }, "FW-E0113",
      "/hall/extent/0", 4);
  EXPECT_NE(m.find("expected a number followed by one of: m, cm"), std::string::npos) << m;
  const std::string t = expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2], "walls": {"z_min": {"temperature": 20}}},)")); },
      "FW-E0113", "/hall/walls/z_min/temperature", 4);
  EXPECT_NE(t.find("explicit unit"), std::string::npos) << t;
  expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2], "walls": {"z_min": {"temperature": "20 kW"}}},)")); },
      "FW-E0113", "/hall/walls/z_min/temperature", 4);
}

TEST(BadInput, NegativeOrZeroSize) {
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [4, -3, 2]},)")); }, "FW-E0200",
                     "/hall/extent/1", 4);
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [0, 3, 2]},)")); }, "FW-E0200",
                     "/hall/extent/0", 4);
  expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("obstructions": [{"name": "o", "min": [1, 1, 0], "max": [1, 2, 1]}])"));
      },
      "FW-E0200", "/obstructions/0/max/0", 6);
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 0, 4]},)")); },
                     "FW-E0114", "/grid/cells/1", 5);
  expect_input_error([] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"spacing": "-1 m"},)")); },
                     "FW-E0114", "/grid/spacing", 5);
}

TEST(BadInput, ValueOutOfRangeAndBadEnum) {
  const auto g = R"("grid": {"cells": [8, 6, 4]},)";
  const auto h = R"("hall": {"extent": [4, 3, 2]},)";
  expect_input_error([&] { (void)parse(doc(h, g, R"("solver": {"tolerance": -1})")); }, "FW-E0114",
                     "/solver/tolerance", 6);
  expect_input_error([&] { (void)parse(doc(h, g, R"("solver": {"mode": "fast"})")); }, "FW-E0115",
                     "/solver/mode", 6);
  expect_input_error([&] { (void)parse(doc(h, g, R"("solver": {"backend": "tpu"})")); }, "FW-E0115",
                     "/solver/backend", 6);
  expect_input_error([&] { (void)parse(doc(h, g, R"("heat_sources": [{"name": "h", "min": [0,0,0], "max": [1,1,1], "power": "-5 kW"}])")); },
                     "FW-E0114", "/heat_sources/0/power", 6);
  expect_input_error([&] { (void)parse(doc(h, g, R"("fluid": {"density": 0})")); }, "FW-E0114",
                     "/fluid/density", 6);
}

TEST(BadInput, ObjectOutsideTheHall) {
  const std::string m = expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("obstructions": [{"name": "o", "min": [3, 1, 0], "max": [5, 2, 1]}])"));
      },
      "FW-E0201", "/obstructions/0/max/0", 6);
  EXPECT_NE(m.find("outside the hall"), std::string::npos) << m;
  expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("boundaries": [{"name": "b", "wall": "x_min", "min": [0, 2, 0], "max": [0, 4, 1], "type": "slip"}])"));
      },
      "FW-E0201", "/boundaries/0/max/1", 6);
}

TEST(BadInput, OverlappingObjects) {
  const std::string m = expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("obstructions": [{"name": "a", "min": [0, 0, 0], "max": [2, 2, 1]}, {"name": "b", "min": [1, 1, 0], "max": [3, 3, 1]}])"));
      },
      "FW-E0202", "/obstructions/1", 6);
  EXPECT_NE(m.find("overlaps 'a'"), std::string::npos) << m;
  // touching is fine
  EXPECT_NO_THROW(parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("obstructions": [{"name": "a", "min": [0, 0, 0], "max": [2, 2, 1]}, {"name": "b", "min": [2, 0, 0], "max": [3, 3, 1]}])")));
  expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("boundaries": [{"name": "a", "wall": "z_max", "min": [0, 0, 2], "max": [2, 2, 2], "type": "slip"}, {"name": "b", "wall": "z_max", "min": [1, 1, 2], "max": [3, 3, 2], "type": "slip"}])"));
      },
      "FW-E0202", "/boundaries/1", 6);
  expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("obstructions": [{"name": "a", "min": [0, 0, 0], "max": [2, 2, 1]}], "heat_sources": [{"name": "h", "min": [1, 1, 0], "max": [3, 3, 1], "power": 10}])"));
      },
      "FW-E0202", "/heat_sources/0", 6);
}

TEST(BadInput, DuplicateNames) {
  expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("obstructions": [{"name": "a", "min": [0, 0, 0], "max": [1, 1, 1]}, {"name": "a", "min": [2, 0, 0], "max": [3, 1, 1]}])"));
      },
      "FW-E0120", "/obstructions/1/name", 6);
}

TEST(BadInput, BoundaryNotOnItsWall) {
  expect_input_error(
      [] {
        (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                        R"("boundaries": [{"name": "b", "wall": "x_max", "min": [3, 0, 0], "max": [3, 1, 1], "type": "slip"}])"));
      },
      "FW-E0204", "/boundaries/0/min/0", 6);
}

TEST(BadInput, InletNeedsFlowAndTemperature) {
  const auto h = R"("hall": {"extent": [4, 3, 2]},)";
  const auto g = R"("grid": {"cells": [8, 6, 4]},)";
  expect_input_error([&] { (void)parse(doc(h, g, R"("boundaries": [{"name": "b", "wall": "x_min", "min": [0, 0, 0], "max": [0, 1, 1], "type": "velocity_inlet", "temperature": "18 degC"}])")); },
                     "FW-E0111", "/boundaries/0", 6);
  expect_input_error([&] { (void)parse(doc(h, g, R"("boundaries": [{"name": "b", "wall": "x_min", "min": [0, 0, 0], "max": [0, 1, 1], "type": "velocity_inlet", "speed": 1}])")); },
                     "FW-E0111", "/boundaries/0", 6);
  expect_input_error([&] { (void)parse(doc(h, g, R"("boundaries": [{"name": "b", "wall": "x_min", "min": [0, 0, 0], "max": [0, 1, 1], "type": "slip", "speed": 1}])")); },
                     "FW-E0110", "/boundaries/0/speed", 6);
}

TEST(BadInput, ObjectsThatVanishOnTheGrid) {
  expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                               R"("obstructions": [{"name": "thin", "min": [1.05, 0, 0], "max": [1.2, 1, 1]}])"));
      },
      "FW-E0205", "/obstructions/0");
  expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                               R"("boundaries": [{"name": "tiny", "wall": "x_min", "min": [0, 0.3, 0.3], "max": [0, 0.4, 0.4], "type": "slip"}])"));
      },
      "FW-E0205", "/boundaries/0");
}

TEST(BadInput, EmptyHall) {
  expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                               R"("obstructions": [{"name": "all", "min": [0, 0, 0], "max": [4, 3, 2]}])"));
      },
      "FW-E0203", "/obstructions");
}

TEST(BadInput, BoundaryCoveredByObstruction) {
  expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [8, 6, 4]},)",
                               R"("obstructions": [{"name": "o", "min": [0, 0, 0], "max": [1, 2, 2]}], "boundaries": [{"name": "b", "wall": "x_min", "min": [0, 0, 0], "max": [0, 1, 1], "type": "velocity_inlet", "speed": 1, "temperature": "18 degC"}])"));
      },
      "FW-E0207", "/boundaries/0");
}

TEST(BadInput, HeatSourceWithNoAir) {
  // 1 m cells: the obstruction [0, 0.6] owns cell 0 (centre 0.5); the heat source [0.6, 0.9] lies
  // inside that solid cell only.
  expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [4, 3, 2]},)",
                               R"("obstructions": [{"name": "o", "min": [0, 0, 0], "max": [0.6, 1, 1]}], "heat_sources": [{"name": "h", "min": [0.6, 0, 0], "max": [0.9, 1, 1], "power": "1 kW"}])"));
      },
      "FW-E0206", "/heat_sources/0");
}

TEST(BadInput, GridTooLargeForMemory) {
  const std::string m = expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [1000000, 1000000, 1000]},)"));
      },
      "FW-E0300", "/grid");
  EXPECT_NE(m.find("GiB"), std::string::npos) << m;
  // an empty steady hall gets Anderson acceleration automatically: the message says what it costs
  EXPECT_NE(m.find("solver.anderson_depth to 0"), std::string::npos) << m;
  expect_input_error(
      [] {
        parse_and_voxelise(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"cells": [100, 100, 100]},)",
                               R"("solver": {"memory_limit": "10 MB"})"));
      },
      "FW-E0300", "/grid");
  expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"spacing": "1 nm"},)")); },
      "FW-E0113", "/grid/spacing", 5);
  expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3, 2]},)", R"("grid": {"spacing": "0.000001 mm"},)")); },
      "FW-E0300", "/grid/spacing", 5);
}

TEST(BadInput, CppBuiltScenarioIsCheckedToo) {
  Scenario s;
  s.name = "api";
  s.hall.extent = {4, 3, 2};
  s.grid.cells = {4, 3, 2};
  s.obstructions.push_back({"o", {{1, 1, 1}, {5, 2, 2}}, {}});
  expect_input_error([&] { validate(s); }, "FW-E0201", "/obstructions/0/max/0");
  expect_input_error([&] { (void)voxelize(s); }, "FW-E0201", "/obstructions/0/max/0");
}

TEST(BadInput, NumberOverflowIsAnInputError) {
  // Found by the fuzzer: nlohmann::json throws out_of_range (not parse_error) for 1e999.
  const std::string m = expect_input_error(
      [] { (void)parse(doc(R"("hall": {"extent": [4, 3e999, 2]},)")); }, "FW-E0101", "", 4);
  EXPECT_NE(m.find("number overflow"), std::string::npos) << m;
}
