// SPDX-License-Identifier: Apache-2.0
// The `factwin` command. Exit codes (docs/cli.md): 0 success, 1 internal error, 2 bad input or usage,
// 3 device problem, 4 numerical failure or no convergence, 5 file I/O.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "factwin/airflow/solver.hpp"
#include "factwin/factwin.hpp"
#include "factwin/io/solver_output.hpp"

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
    return report(e, input, "input error");
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
  const factwin::Scenario s = factwin::io::load_scenario(file);
  const factwin::VoxelGrid vg = factwin::voxelize(s, factwin::host_available_memory());
  std::cout << file << ": OK: scenario '" << s.name << "', " << vg.grid.num_cells() << " cells ("
            << vg.grid.n(0) << " x " << vg.grid.n(1) << " x " << vg.grid.n(2) << "), fluid fraction "
            << vg.fluid_fraction() << ", " << s.boundaries.size() << " boundaries, "
            << s.obstructions.size() << " obstructions, " << s.heat_sources.size()
            << " heat sources (" << s.total_heat_power() / 1e3 << " kW)\n";
  return ok;
}

int cmd_run(const std::string& file, const std::string& out, std::string backend) {
  const factwin::Scenario s = factwin::io::load_scenario(file);
  if (backend.empty()) backend = s.solver.backend;
  if (backend == "host") backend = "cpu";
  const factwin::Executor ex = factwin::Executor::create(backend);
  if (!ex.fallback_reason().empty())
    std::cerr << "factwin: backend auto: using the CPU (" << ex.fallback_reason() << ")\n";
  std::cerr << "factwin: backend " << ex.description() << "\n";
  const factwin::VoxelGrid vg = factwin::voxelize(s, ex.available_memory());
  std::cout << "factwin: scenario '" << s.name << "': " << vg.grid.num_cells() << " cells, fluid fraction "
            << vg.fluid_fraction() << "\n";
  const std::string path = (std::filesystem::path(out) / "summary.json").string();
  factwin::airflow::SolveOptions opt;
  long last_print = 0;
  opt.progress = [&last_print](long it, const factwin::airflow::Residuals& r) {
    if (it - last_print >= 100 || it == 1) {
      std::cerr << "factwin: iteration " << it << ": max scaled residual " << r.max() << "\n";
      last_print = it;
    }
    return true;
  };
  factwin::airflow::SolveResult last_good;
  factwin::airflow::SolveResult r;
  try {
    r = factwin::airflow::solve(s, vg, ex, opt, &last_good);
  } catch (const factwin::NumericalError& e) {
    // Keep the last fields that were finite, and say what happened in summary.json.
    if (!last_good.temperature.empty()) {
      for (const auto& f : factwin::io::write_fields(out, "fields_last_good", last_good))
        std::cerr << "factwin: last good fields (iteration " << last_good.iterations << ") in " << f << "\n";
    }
    factwin::io::write_file_atomic(path, factwin::io::run_summary_json(s, vg, ex, backend, last_good, "failed",
                                                                       e.what()));
    throw;
  }
  const std::string status = r.converged ? "converged" : "not_converged";
  factwin::io::write_file_atomic(path, factwin::io::run_summary_json(s, vg, ex, backend, r, status));
  for (const auto& f : factwin::io::write_fields(out, "fields", r)) std::cout << "factwin: fields in " << f << "\n";
  std::cout << "factwin: " << r.message << ", " << r.wall_time << " s\n";
  for (const auto& sf : r.surfaces)
    if (sf.mass_flow != 0 || sf.heat_flow != 0)
      std::cout << "factwin:   " << sf.name << ": mass flow " << sf.mass_flow << " kg/s, heat flow " << sf.heat_flow
                << " W (into the air)\n";
  std::cout << "factwin: results in " << std::filesystem::absolute(out).string() << " (summary: " << path
            << ")\n";
  if (!r.converged && s.solver.mode == factwin::SolveMode::steady && !s.solver.accept_unconverged) {
    std::cerr << "factwin: not converged: " << r.message
              << " (set solver.accept_unconverged to accept the result)\n";
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
  if (run->parsed()) return guarded([&] { return cmd_run(run_file, out_dir, backend); });
  if (devices->parsed()) return guarded([&] { return cmd_devices(); });
  return input;
}
