// SPDX-License-Identifier: Apache-2.0
// The airflow turbulence units (cpp/airflow/turbulence/): the bytes per cell each reports are what
// the memory model (solver_bytes_per_cell) counts for its model, in both modes.
#include <gtest/gtest.h>

#include "airflow/kernel_launcher.hpp"
#include "airflow/turbulence/turbulence_model.hpp"
#include "factwin/airflow/memory.hpp"

namespace {

using namespace factwin;

TEST(TurbulenceUnits, BytesPerCellAreTheMemoryModels) {
  airflow::detail::KernelLauncher kernels(Executor::create("host"), false);
  for (SolveMode mode : {SolveMode::steady, SolveMode::transient})
    for (TurbulenceModel model : {TurbulenceModel::laminar, TurbulenceModel::zero_equation, TurbulenceModel::k_epsilon}) {
      SolverSettings s;
      s.mode = mode;
      s.turbulence = model;
      SolverSettings laminar = s;
      laminar.turbulence = TurbulenceModel::laminar;
      const std::size_t unit = airflow::turbulence_bytes_per_cell(model, mode);
      EXPECT_EQ(airflow::solver_bytes_per_cell(s) - airflow::solver_bytes_per_cell(laminar), unit);
      const auto u = airflow::detail::make_turbulence_model(model, kernels);
      EXPECT_EQ(u->model(), model);
      EXPECT_EQ(u->bytes_per_cell(mode), unit);
    }
  const std::size_t R = sizeof(real);
  EXPECT_EQ(airflow::turbulence_bytes_per_cell(TurbulenceModel::laminar, SolveMode::steady), 0u);
  EXPECT_EQ(airflow::turbulence_bytes_per_cell(TurbulenceModel::zero_equation, SolveMode::steady), 2 * R);
  EXPECT_EQ(airflow::turbulence_bytes_per_cell(TurbulenceModel::zero_equation, SolveMode::transient), 2 * R);
  EXPECT_EQ(airflow::turbulence_bytes_per_cell(TurbulenceModel::k_epsilon, SolveMode::transient), 10 * R);
  EXPECT_EQ(airflow::turbulence_bytes_per_cell(TurbulenceModel::k_epsilon, SolveMode::steady), 11 * R);
}

}  // namespace
