// SPDX-License-Identifier: Apache-2.0
// Zero-equation (mixing-length) model: an algebraic eddy viscosity from the velocity gradient and
// the wall distance (docs/solver.md, "Turbulence").
#pragma once

#include "airflow/turbulence/turbulence_model.hpp"

namespace factwin::airflow::detail {

class ZeroEquation final : public TurbulenceUnit {
 public:
  using TurbulenceUnit::TurbulenceUnit;
  /// nu_t and the wall distance
  [[nodiscard]] static std::size_t fields_bytes_per_cell(SolveMode) { return 2 * sizeof(real); }

  [[nodiscard]] TurbulenceModel model() const override { return TurbulenceModel::zero_equation; }
  [[nodiscard]] std::size_t bytes_per_cell(SolveMode mode) const override { return fields_bytes_per_cell(mode); }
  [[nodiscard]] bool has_eddy_viscosity() const override { return true; }
  void allocate(const TurbulenceSetup& setup) override;
  /// nu_t at the first iteration, every 5th and every implicit one (it lags the flow otherwise)
  void update_eddy_viscosity(const real* const* vel, long it, bool implicit) override;
  [[nodiscard]] const real* eddy_viscosity() const override { return nut_.data(); }
  [[nodiscard]] std::vector<real> eddy_viscosity_to_host() const override { return nut_.to_host(); }

 private:
  GridGpu g_;
  const std::uint8_t* solid_ = nullptr;
  Buffer<real> nut_, wdist_;
};

}  // namespace factwin::airflow::detail
