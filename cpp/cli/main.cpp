// SPDX-License-Identifier: Apache-2.0
// The `factwin` command. Exit codes (docs/cli.md): 0 success, 1 internal error, 2 bad input or usage,
// 3 device problem, 4 numerical failure or no convergence, 5 file I/O.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "factwin/factwin.hpp"

namespace {

enum Exit { ok = 0, internal = 1, input = 2, device = 3, numerical = 4, io_error = 5 };

int report(const std::exception& e, int code, const char* kind) {
  std::cerr << "factwin: " << kind << ": " << e.what() << "\n";
  return code;
}

template <class F>
int guarded(F&& f) {
  try {
    return f();
  } catch (const factwin::InputError& e) {
    return report(factwin::io::with_location(e), input, "input error");
  } catch (const factwin::NotCompiled& e) {
    return report(e, device, "device error");
  } catch (const factwin::DeviceError& e) {
    return report(e, device, "device error");
  } catch (const factwin::NumericalError& e) {
    return report(e, numerical, "numerical error");
  } catch (const factwin::ConvergenceError& e) {
    return report(e, numerical, "not converged");
  } catch (const factwin::IoError& e) {
    return report(e, io_error, "I/O error");
  } catch (const std::invalid_argument& e) {
    return report(e, input, "input error");
  } catch (const std::bad_alloc& e) {
    return report(e, internal, "out of memory");
  } catch (const std::exception& e) {
    return report(e, internal, "internal error");
  }
}

int cmd_check(const std::string& file) {
  const factwin::Case c = factwin::io::load_case(file);
  const factwin::Scenario& s = c.facility.air;
  factwin::airflow::check_memory(s, c.solver, factwin::host_available_memory());
  std::size_t available = factwin::host_available_memory();
  if (c.solver.memory_limit > 0) available = available ? std::min(available, c.solver.memory_limit) : c.solver.memory_limit;
  const factwin::VoxelGrid vg = factwin::voxelize(s, available);
  std::cout << file << ": OK: scenario '" << s.name << "', " << vg.grid.num_cells() << " cells ("
            << vg.grid.n(0) << " x " << vg.grid.n(1) << " x " << vg.grid.n(2) << "), fluid fraction "
            << vg.fluid_fraction() << ", " << s.boundaries.size() << " boundaries, "
            << s.obstructions.size() << " obstructions, " << s.racks.size() << " racks ("
            << s.total_rack_power() / 1e3 << " kW IT), " << s.coolers.size() << " coolers, "
            << s.heat_sources.size() << " heat sources (" << s.total_heat_power() / 1e3 << " kW)\n";
  return ok;
}

int cmd_run(const std::string& file, const std::string& out, const std::string& backend, long max_iterations,
            bool accept_unconverged, bool quiet) {
  namespace fs = std::filesystem;
  const factwin::Case c = factwin::io::load_case(file);
  factwin::io::RunOptions o;
  o.out_dir = out;
  o.settings.air = c.solver;  // the file's run settings; the command line overrides them
  if (!backend.empty()) o.settings.air.backend = backend;
  if (max_iterations > 0) o.settings.air.max_iterations = max_iterations;
  if (accept_unconverged) o.settings.air.accept_unconverged = true;
  o.quiet = quiet;
  o.out = &std::cout;
  o.err = &std::cerr;
  const factwin::io::RunOutcome run = factwin::io::run(c.facility, o);
  const factwin::airflow::SolveResult& r = run.solution.air;
  if (!quiet) std::cout << run.report;
  std::cout << "factwin: results in " << fs::absolute(out).string() << " (summary.json, report.txt, fields)\n";
  if (!run.solution.accepted()) {
    std::cerr << "factwin: not converged: " << r.stop_reason << " (" << r.iterations
              << " iterations; residuals momentum " << r.final_residual.momentum << ", energy "
              << r.final_residual.energy << " > tolerance " << r.tolerance
              << "); results were written; pass --accept-unconverged to exit 0\n";
    return numerical;
  }
  return ok;
}

int cmd_devices() {
  const int n = factwin::Executor::device_count();
  if (n == 0) {
    std::cout << "no CUDA device: " << factwin::Executor::no_device_reason() << "\n";
    return ok;
  }
  for (int i = 0; i < n; ++i) {
    const factwin::DeviceInfo d = factwin::device_info(i);
    std::cout << "cuda:" << i << " " << d.name << " (cc " << d.cc_major << "." << d.cc_minor << ", "
              << d.total_memory / (1u << 20) << " MiB)\n";
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"factwin: thermal and power digital twin of an AI factory (GPU data centre).\n"
               "Exit codes: 0 success, 1 internal error, 2 bad input or usage, 3 device problem,\n"
               "4 numerical failure or no convergence, 5 file I/O error."};
  app.set_version_flag("--version", std::string("factwin ") + FACTWIN_VERSION_STRING);
  app.require_subcommand(1);

  std::string check_file;
  auto* check = app.add_subcommand("check", "Validate a scenario file and voxelise it (no solve).");
  check->add_option("SCENARIO", check_file, "Scenario file (JSON, see docs/scenario.md)")->required();

  std::string run_file, out_dir, backend;
  auto* run = app.add_subcommand("run", "Validate, voxelise and solve a scenario; write results to --out.");
  run->add_option("SCENARIO", run_file, "Scenario file (JSON, see docs/scenario.md)")->required();
  run->add_option("-o,--out", out_dir, "Output directory (created if missing); summary.json goes there")
      ->required();
  run->add_option("-b,--backend", backend,
                  "cpu | cuda | cuda:N | auto (default: the scenario's solver.backend, else auto)")
      ->check(CLI::IsMember({"cpu", "host", "cuda", "auto"}) | CLI::Validator(
                  [](std::string& s) {
                    return (s.rfind("cuda:", 0) == 0 && s.size() > 5 &&
                            s.find_first_not_of("0123456789", 5) == std::string::npos)
                               ? std::string()
                               : std::string("not cuda:N");
                  },
                  "cuda:N"));

  long max_iterations = 0;
  bool accept_unconverged = false, quiet = false;
  run->add_option("--max-iterations", max_iterations, "Override solver.max_iterations")->check(CLI::PositiveNumber);
  run->add_flag("--accept-unconverged", accept_unconverged,
                "Exit 0 even when the iteration limit is reached before convergence");
  run->add_flag("-q,--quiet", quiet, "Do not print progress and the report");

  auto* devices = app.add_subcommand("devices", "List the CUDA devices this build can use.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return input;
  }
  if (check->parsed()) return guarded([&] { return cmd_check(check_file); });
  if (run->parsed()) return guarded([&] { return cmd_run(run_file, out_dir, backend, max_iterations, accept_unconverged, quiet); });
  if (devices->parsed()) return guarded([&] { return cmd_devices(); });
  return input;
}
