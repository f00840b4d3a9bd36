// SPDX-License-Identifier: Apache-2.0
// Helpers of the twin tests: a facility file changed in memory, read under a given file name (so
// located errors name it), with its own run settings, and the coupling's exchanges by name.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "factwin/io/scenario_reader.hpp"
#include "factwin/twin/twin.hpp"

namespace factwin::testing::twin_support {

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

/// The facility of `j`, read as the file `name`.
inline Facility parse(const nlohmann::json& j, const std::string& name) {
  return io::parse_facility(j.dump(2), name);
}

/// The run settings of `j` (its "solver" section), as `factwin run` uses them.
inline twin::RunSettings settings_of(const nlohmann::json& j, const std::string& name) {
  twin::RunSettings rs;
  rs.air = io::parse_case(j.dump(2), name).solver;
  return rs;
}

inline const twin::ExchangeState& exchange(const twin::Solution& s, const std::string& exchange_name) {
  for (const auto& e : s.coupling.exchanges)
    if (e.name == exchange_name) return e;
  throw std::runtime_error("no exchange " + exchange_name);
}

/// Reading `j` as the file `name` must fail with `code` located at `pointer`, with a line and column.
inline void expect_located(const nlohmann::json& j, const std::string& name, const std::string& code,
                           const std::string& pointer) {
  try {
    (void)parse(j, name);
    ADD_FAILURE() << "expected " << code << " at " << pointer << ", nothing was thrown";
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_EQ(e.where().pointer, pointer) << e.what();
    EXPECT_EQ(e.where().file, name);
    EXPECT_GT(e.where().line, 0) << e.what();
    EXPECT_GT(e.where().column, 0) << e.what();
  }
}

}  // namespace factwin::testing::twin_support
