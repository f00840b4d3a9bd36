// SPDX-License-Identifier: Apache-2.0
// Laminar flow: no turbulence model, no fields, no eddy viscosity.
#pragma once

#include "airflow/turbulence/turbulence_model.hpp"

namespace factwin::airflow::detail {

class Laminar final : public TurbulenceUnit {
 public:
  using TurbulenceUnit::TurbulenceUnit;
  [[nodiscard]] static std::size_t fields_bytes_per_cell(SolveMode) { return 0; }

  [[nodiscard]] TurbulenceModel model() const override { return TurbulenceModel::laminar; }
  [[nodiscard]] std::size_t bytes_per_cell(SolveMode mode) const override { return fields_bytes_per_cell(mode); }
  [[nodiscard]] bool has_eddy_viscosity() const override { return false; }
  void allocate(const TurbulenceSetup&) override {}
};

}  // namespace factwin::airflow::detail
