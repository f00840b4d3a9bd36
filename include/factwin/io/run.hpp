// SPDX-License-Identifier: Apache-2.0
// One library call that does what `factwin run` does: solve a facility with the twin and write
// every output of the run into a folder (docs/cli.md, docs/outputs.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "factwin/model/facility.hpp"
#include "factwin/twin/twin.hpp"

namespace factwin::io {

struct RunOptions {
  std::string out_dir;         ///< created if missing
  twin::RunSettings settings;  ///< the air solver's settings, backend... (run() wraps its callbacks)
  bool quiet = false;          ///< no progress lines and no report on `out`
  std::ostream* out = nullptr; ///< figures and the report (nullptr: silent)
  std::ostream* err = nullptr; ///< progress, diagnostics (nullptr: silent)
};

struct RunOutcome {
  twin::Solution solution;
  std::string summary_json;        ///< as written to summary.json
  std::string report;              ///< as written to report.txt
  std::vector<std::string> files;  ///< every file written, in order
};

/// Solves facility `f` (twin::solve) and writes summary.json, report.txt, the fields (VTI and/or
/// HDF5/XDMF), equipment.vtp, and the liquid (liquid.vtp, liquid.h5) and power (one_line.dot,
/// electrical.h5) outputs into o.out_dir. A failing air solve writes last_good_fields.* and a
/// summary.json and rethrows. An unconverged solve is returned (outcome.solution.accepted() false):
/// the caller decides what that means.
[[nodiscard]] RunOutcome run(const Facility& f, const RunOptions& o);

}  // namespace factwin::io
