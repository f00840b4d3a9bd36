// SPDX-License-Identifier: Apache-2.0
// The air solver's memory model and its guard (include/factwin/airflow/memory.hpp).
#include "factwin/airflow/memory.hpp"

#include <algorithm>
#include <limits>
#include <sstream>
#include <string>

#include "factwin/core/error.hpp"
#include "factwin/core/units.hpp"
#include "factwin/core/exec.hpp"
#include "airflow/turbulence/turbulence_model.hpp"
#include "model/validate.hpp"

namespace factwin::airflow {

std::size_t solver_bytes_per_cell(const Scenario& s, const SolverSettings& settings) {
  // Anderson acceleration: 2 m history vectors and 5 work vectors of the packed state (3 face
  // velocities, temperature, pressure: ~5 values per cell; 6 with the supply-air tracer that
  // `factwin run` carries where there are coolers or boundary patches)
  const int m = effective_anderson_depth(s, settings);
  const std::size_t values = (!s.coolers.empty() || !s.boundaries.empty()) ? 6 : 5;
  return solver_bytes_per_cell(settings) + (m > 0 ? static_cast<std::size_t>(2 * m + 5) * values * sizeof(real) : 0);
}

std::size_t solver_bytes_per_cell(const SolverSettings& settings) {
  // Fields of the staggered finite-volume solver (docs/solver.md): u, v, w and their previous
  // values, p, pressure correction, T and previous T, divergence, 3 momentum sources, 2 work arrays;
  // multigrid hierarchy ~1/7 of (solution + rhs + residual); geometry: 1 B flag + 3 x 2 B face ids
  // + 3 x 1 B tangential wall codes.
  std::size_t fields = 15 + 1;  // +1 ~ multigrid 3 * 8/7 - 3 rounded up
  // steady mode (implicit pseudo-time path): the pressure beside its correction, 3 momentum and 1
  // energy residual arrays (a tracer residual more when tracers are asked for)
  // and the 7 energy-sweep and 7 momentum-sweep (one component at a time) coefficients per cell;
  // the turbulence model's own fields are counted by its unit (airflow/turbulence/)
  if (settings.mode == SolveMode::steady) fields += 5 + 14;
  return fields * sizeof(real) + 10 + turbulence_bytes_per_cell(settings.turbulence, settings.mode);
}

std::size_t estimate_memory(index_t cells, const SolverSettings& settings) {
  const double b = static_cast<double>(cells) * static_cast<double>(solver_bytes_per_cell(settings));
  return b >= 1.8e19 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(b);
}

void check_memory(const Scenario& s, const SolverSettings& settings, std::size_t available_memory) {
  const auto where = ::factwin::detail::plain_locator(s);
  const index_t ncell = static_cast<index_t>(s.grid.cells[0]) * s.grid.cells[1] * s.grid.cells[2];
  std::size_t limit = available_memory > 0 ? available_memory : host_available_memory();
  if (settings.memory_limit > 0) limit = limit ? std::min(limit, settings.memory_limit) : settings.memory_limit;
  const std::size_t need = static_cast<std::size_t>(static_cast<double>(ncell) * static_cast<double>(solver_bytes_per_cell(s, settings)));
  if (limit > 0 && need > limit) {
    std::ostringstream os;
    os << "the grid of " << s.grid.cells[0] << " x " << s.grid.cells[1] << " x " << s.grid.cells[2]
       << " = " << ncell << " cells needs about " << units::format_gib(static_cast<double>(need)) << " ("
       << solver_bytes_per_cell(s, settings) << " B per cell) but only " << units::format_gib(static_cast<double>(limit))
       << " is available" << (settings.memory_limit > 0 ? " (solver.memory_limit or the machine)" : "")
       << "; use a coarser grid";
    if (effective_anderson_depth(s, settings) > 0)
      os << " or set solver.anderson_depth to 0 (the Anderson acceleration history takes "
         << solver_bytes_per_cell(s, settings) - solver_bytes_per_cell(settings) << " B per cell)";
    throw InputError("FW-E0300", where("/grid"), os.str());
  }
}

}  // namespace factwin::airflow
