// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "factwin/core/error.hpp"
#include "factwin/geometry/scenario.hpp"

namespace factwin::io {

/// Reads and checks a JSON scenario file (schema: data/schema/scenario.schema.json, docs/scenario.md).
/// Every problem throws InputError naming the file, line, column and JSON pointer of the offending
/// value and what was expected; nothing is silently defaulted except the documented defaults.
[[nodiscard]] Scenario load_scenario(const std::string& path);

/// Same, from text in memory; `filename` is used in messages.
[[nodiscard]] Scenario parse_scenario(const std::string& text, const std::string& filename = "<string>");

/// Where `pointer` is in the JSON file `file`: line and column filled in when the file still parses,
/// otherwise just the file and pointer. Used to place errors found after reading (voxelisation).
[[nodiscard]] InputLocation locate_in_file(const std::string& file, const std::string& pointer);

/// `e` with its line and column filled in from its file when they are missing.
[[nodiscard]] InputError with_location(const InputError& e);

/// Writes a scenario back as JSON text in SI units (parse_scenario(to_json(s)) == s).
[[nodiscard]] std::string to_json(const Scenario& s);

}  // namespace factwin::io
