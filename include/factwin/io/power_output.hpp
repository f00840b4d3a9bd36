// SPDX-License-Identifier: Apache-2.0
// The power chain's file formats (docs/electrical.md, outputs): the one-line diagram (DOT), the
// "electrical" block of summary.json and electrical.h5.
#pragma once

#include <string>

#include <vector>

#include "factwin/electrical/it_load.hpp"
#include "factwin/electrical/power_network.hpp"

namespace factwin::electrical {

/// The one-line diagram as Graphviz DOT; `result` (optional) adds loading and losses to labels.
[[nodiscard]] std::string one_line_dot(const PowerNetwork& net, const PowerFlowResult* result = nullptr);

/// JSON text of the electrical block of summary.json: per-component results, energy balance,
/// N-1 cases, PUE parts (`cooling_power` [W], < 0 when unknown).
[[nodiscard]] std::string electrical_summary_json(const PowerNetwork& net, const ContingencyStudy& study,
                                                  double cooling_power = -1.0);

/// Writes the results to an HDF5 file (groups /electrical/{buses,branches,loads,sources,n_minus_1},
/// one dataset per quantity with a "units" attribute; the balance as attributes of /electrical),
/// atomically. Returns false, writing nothing, when this build has no HDF5. \throws IoError.
bool write_power_hdf5(const std::string& path, const PowerNetwork& net, const ContingencyStudy& study);

/// The power chain's outputs of a run: adds the "electrical" block (with the workload transient
/// `transient` when not empty) to `summary_json` (text of a JSON object) and writes the one-line
/// diagram `one_line.dot` and (with HDF5) `electrical.h5` atomically into `out_dir`. \throws IoError.
void write_power_outputs(const PowerNetwork& net, const ContingencyStudy& study,
                         const std::vector<TransientSample>& transient, const std::string& out_dir,
                         std::string& summary_json, double cooling_power = -1.0);

}  // namespace factwin::electrical
