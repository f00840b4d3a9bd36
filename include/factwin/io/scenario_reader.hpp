// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "factwin/core/error.hpp"
#include "factwin/model/facility.hpp"

namespace factwin::io {

/// Reads and checks a JSON scenario file: the facility and its run settings (the "solver" section).
[[nodiscard]] Case load_case(const std::string& path);

/// Same, from text in memory; `filename` is used in messages.
[[nodiscard]] Case parse_case(const std::string& text, const std::string& filename = "<string>");

/// Reads and checks a JSON scenario file (schema: data/schema/scenario.schema.json, docs/scenario.md)
/// into the facility model: its air side, liquid loops and power chain. Every problem throws
/// InputError naming the file, line, column and JSON pointer of the offending value and what was
/// expected; nothing is silently defaulted except the documented defaults.
[[nodiscard]] Facility load_facility(const std::string& path);

/// Same, from text in memory; `filename` is used in messages.
[[nodiscard]] Facility parse_facility(const std::string& text, const std::string& filename = "<string>");

/// The air side of load_facility(path) (the whole file is read and checked).
[[nodiscard]] Scenario load_scenario(const std::string& path);

/// The air side of parse_facility(text, filename).
[[nodiscard]] Scenario parse_scenario(const std::string& text, const std::string& filename = "<string>");

/// Where `pointer` is in the JSON file `file`: line and column filled in when the file still parses,
/// otherwise just the file and pointer. Used to place errors found after reading (voxelisation).
[[nodiscard]] InputLocation locate_in_file(const std::string& file, const std::string& pointer);

/// `e` with its line and column filled in from its file when they are missing.
[[nodiscard]] InputError with_location(const InputError& e);

/// Writes a case back as JSON text in SI units (parse_case(to_json(c)) == c).
[[nodiscard]] std::string to_json(const Case& c);
/// The facility alone (no "solver" section: a reader gives it the default settings).
[[nodiscard]] std::string to_json(const Facility& f);
/// The same for the air side alone.
[[nodiscard]] std::string to_json(const Scenario& s);

}  // namespace factwin::io
