// SPDX-License-Identifier: Apache-2.0
// IT power from utilisation and the solved server inlet (docs/twin.md, "IT power"); private to the
// twin module. A rack that gives a utilisation draws racks[].power * P(u, T_in) / P(1, T_design),
// P the server power of Eq. E-8 (electrical::server_power) with the facility's "server" model.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"
#include "factwin/model/facility.hpp"

namespace factwin::twin::detail {

/// The racks of `f` whose IT power follows their utilisation (indices into f.air.racks). Checks
/// the facility as the reader does, for facilities built in C++: a rack with a utilisation but no
/// server model is FW-E0714 (/racks/i/utilisation), a server model no rack uses FW-E0715 (/server),
/// a utilisation outside [0, 1] FW-E0114.
[[nodiscard]] std::vector<std::size_t> utilised_racks(const Facility& f);

/// [W] IT power of rack `r` (its design power racks[].power, its utilisation) at server inlet `t_in`.
[[nodiscard]] double rack_it_power(const ServerModel& m, const Rack& r, double t_in);

/// [K] the solved server inlet of rack `name` (intake mixed with its internal recirculation).
[[nodiscard]] double server_inlet(const airflow::SolveResult& air, const std::string& name);

/// Sets rack `k`'s IT power to `power` wherever it appears: the air side (racks[k].power), the
/// liquid links naming it (their liquid_fraction of it) and the IT loads naming it.
void set_rack_power(Scenario& s, std::optional<liquid::Network>& loops, electrical::PowerNetwork& chain,
                    std::size_t k, double power);

}  // namespace factwin::twin::detail
