// SPDX-License-Identifier: Apache-2.0
// What `factwin run` does, as a library call (include/factwin/io/run.hpp).
#include "factwin/io/run.hpp"

#include <filesystem>
#include <ostream>

#include "factwin/core/error.hpp"
#include "factwin/io/coupling_output.hpp"
#include "factwin/io/field_output.hpp"
#include "factwin/io/liquid_output.hpp"
#include "factwin/io/output.hpp"
#include "factwin/io/power_output.hpp"
#include "factwin/io/vtk_output.hpp"

namespace factwin::io {
namespace {

namespace fs = std::filesystem;

std::string in_dir(const std::string& dir, const std::string& name) { return (fs::path(dir) / name).string(); }

void write_fields(const std::string& dir, const std::string& stem, const airflow::HostFields& f,
                  std::vector<std::string>& files) {
  if (vtk_available()) {
    write_fields_vti(in_dir(dir, stem + ".vti"), f);
    files.push_back(stem + ".vti");
  }
  if (hdf5_available()) {
    write_fields_hdf5(in_dir(dir, stem + ".h5"), in_dir(dir, stem + ".xdmf"), f);
    files.push_back(stem + ".h5");
    files.push_back(stem + ".xdmf");
  }
}

}  // namespace

RunOutcome run(const Facility& f, const RunOptions& o) {
  RunOutcome out;
  const std::string& dir = o.out_dir;
  twin::RunSettings rs = o.settings;
  long last_print = 0;
  rs.progress = [&](const airflow::ResidualRecord& r) {
    if (o.settings.progress) o.settings.progress(r);
    if (o.quiet || !o.err || r.iteration - last_print < 1000) return;
    last_print = r.iteration;
    *o.err << "factwin: iteration " << r.iteration << ": residuals momentum " << r.momentum << ", energy "
           << r.energy << ", mass " << r.mass << "\n";
  };
  rs.on_prepared = [&](const twin::AirContext& c) {
    if (o.err) {
      if (!c.executor.fallback_reason().empty())
        *o.err << "factwin: backend auto: using the CPU (" << c.executor.fallback_reason() << ")\n";
      *o.err << "factwin: backend " << c.executor.description() << "\n";
    }
    if (o.out)
      *o.out << "factwin: scenario '" << c.scenario.name << "': " << c.grid.grid.num_cells()
             << " cells, fluid fraction " << c.grid.fluid_fraction() << "\n";
    if (!c.grid.bodies.empty()) {
      if (vtk_available()) {
        write_equipment_vtp(in_dir(dir, "equipment.vtp"), c.scenario, c.grid, {});
        out.files.push_back("equipment.vtp");
      } else if (o.err) {
        *o.err << "factwin: no VTK in this build: equipment.vtp not written\n";
      }
    }
    if (o.settings.on_prepared) o.settings.on_prepared(c);
  };
  rs.on_air_failure = [&](const twin::AirContext& c, const airflow::SolveResult& last) {
    write_fields(dir, "last_good_fields", last.fields, out.files);
    write_file_atomic(in_dir(dir, "summary.json"),
                      run_summary_json(c.scenario, c.settings, c.grid, c.executor, c.requested_backend, last));
    if (o.err) *o.err << "factwin: the last good fields are in " << fs::absolute(dir).string() << "\n";
    if (o.settings.on_air_failure) o.settings.on_air_failure(c, last);
  };

  // a coupling without a fixed point returns its last iteration: written below, then thrown
  const bool throw_coupling = rs.coupling.throw_when_not_converged;
  rs.coupling.throw_when_not_converged = false;
  out.solution = twin::solve(f, rs);
  const twin::Solution& sol = out.solution;
  const Scenario& s = sol.air_scenario;

  std::string summary = run_summary_json(s, sol.settings, sol.grid, sol.executor, sol.requested_backend, sol.air);
  if (sol.liquid_network && sol.liquid) {  // the loops as solved (coil heats set by the coupling)
    const liquid::Network& net = *sol.liquid_network;
    const liquid::Result& r = *sol.liquid;
    liquid::write_vtk(in_dir(dir, "liquid.vtp"), net, r);
    out.files.push_back("liquid.vtp");
    if (liquid::hdf5_available()) {
      liquid::write_hdf5(in_dir(dir, "liquid.h5"), net, r);
      out.files.push_back("liquid.h5");
    }
    if (o.err)
      for (const auto& d : r.diagnostics) *o.err << "factwin: liquid: " << d.component << ": " << d.message << "\n";
    if (o.out)
      *o.out << "factwin: liquid loop '" << net.name << "': " << net.links.size() << " links, heat "
             << r.heat_in / 1e3 << " kW, pumps " << r.pump_power / 1e3 << " kW, chillers " << r.chiller_power / 1e3
             << " kW, energy residual " << r.convergence.energy_residual << "\n";
    summary = liquid::append_summary(summary, net, r);
  }
  if (sol.power) {  // the chain as solved (plant loads carry the plant's power when coupled)
    electrical::write_power_outputs(sol.power_network, sol.power->study, sol.power->transient, dir, summary,
                                    sol.coupling.active ? sol.coupling.plant_power_outside_chain : -1.0);
    out.files.push_back("one_line.dot");
    if (hdf5_available()) out.files.push_back("electrical.h5");
  }
  if (sol.coupling.active) {  // the coupling iteration (docs/twin.md)
    summary = append_coupling_summary(summary, sol.coupling);
    if (o.out)
      *o.out << "factwin: coupling: " << (sol.coupling.converged ? "converged" : "stopped") << " after "
             << sol.coupling.iterations << " iterations (" << sol.coupling.air_solves << " air solves)\n";
  }
  write_file_atomic(in_dir(dir, "summary.json"), summary);
  out.files.push_back("summary.json");
  out.report = run_report_text(s, sol.air);
  if (sol.coupling.active) out.report += coupling_report_text(sol.coupling);
  write_file_atomic(in_dir(dir, "report.txt"), out.report);
  out.files.push_back("report.txt");
  write_fields(dir, "fields", sol.air.fields, out.files);
  out.summary_json = std::move(summary);
  if (sol.coupling.active && !sol.coupling.converged && throw_coupling)
    throw ConvergenceError(sol.coupling.stop_reason + "; the last iteration's results were written to " +
                               fs::absolute(dir).string(),
                           sol.coupling.last_changes);
  return out;
}

}  // namespace factwin::io
