// SPDX-License-Identifier: Apache-2.0
// The "coupling" block of summary.json: what the twin's coupling iteration did (docs/twin.md).
#pragma once

#include <string>

#include "factwin/twin/exchange.hpp"

namespace factwin::io {

/// JSON text of the "coupling" block: iterations, converged, solves of each module, and per
/// exchange its last value, last change and tolerance; the hall's loss heat and the plant heat by room.
[[nodiscard]] std::string coupling_summary_json(const twin::CouplingReport& r);

/// Lines for report.txt: iterations, the exchanges' last values and changes, the hall's loss heat.
[[nodiscard]] std::string coupling_report_text(const twin::CouplingReport& r);

/// `summary_json` (text of a JSON object) with the "coupling" block added.
[[nodiscard]] std::string append_coupling_summary(const std::string& summary_json, const twin::CouplingReport& r);

}  // namespace factwin::io
