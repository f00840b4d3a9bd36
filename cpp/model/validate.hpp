// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>

#include "factwin/core/error.hpp"
#include "factwin/model/scenario.hpp"

namespace factwin::detail {

/// Maps a JSON pointer of the scenario to a file location (line/column when read from a file).
using Locator = std::function<InputLocation(const std::string& pointer)>;

/// Locator for scenarios built in C++: file = source_file, no line.
Locator plain_locator(const Scenario& s);

/// Semantic checks shared by the reader and the C++ API (docs/errors.md lists the codes); the
/// solver settings too when given (at their place in the order of a file's sections).
void validate(const Scenario& s, const Locator& where, const SolverSettings* settings = nullptr);

}  // namespace factwin::detail
