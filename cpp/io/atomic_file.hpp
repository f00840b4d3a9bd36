// SPDX-License-Identifier: Apache-2.0
// Outputs are written whole or not at all (docs/architecture.md, "Outputs"): every writer fills a
// temporary file beside its target and then moves it into place with this one function.
#pragma once

#include <string>

namespace factwin::io::detail {

/// Renames the complete temporary `tmp` over `target`; on failure removes `tmp` and throws IoError.
void move_into_place(const std::string& tmp, const std::string& target);

}  // namespace factwin::io::detail
