// SPDX-License-Identifier: Apache-2.0
// Standard k-epsilon model with wall functions (Launder & Spalding 1974; docs/solver.md,
// "Turbulence"): k and eps transported like the tracers, nu_t = C_mu k^2 / eps.
#pragma once

#include "airflow/turbulence/turbulence_model.hpp"

namespace factwin::airflow::detail {

class KEpsilon final : public TurbulenceUnit {
 public:
  using TurbulenceUnit::TurbulenceUnit;
  /// k, eps and their new values, 4 source/sink arrays, nu_t and the wall distance; in steady mode
  /// the residual of k and eps in the implicit iteration
  [[nodiscard]] static std::size_t fields_bytes_per_cell(SolveMode mode) {
    return (10 + (mode == SolveMode::steady ? 1 : 0)) * sizeof(real);
  }
  /// k and eps take their inflow values from these two scalar slots of each surface (tracers are
  /// limited to the slots below them)
  static constexpr int slot_k = 2, slot_eps = 3;

  [[nodiscard]] TurbulenceModel model() const override { return TurbulenceModel::k_epsilon; }
  [[nodiscard]] std::size_t bytes_per_cell(SolveMode mode) const override { return fields_bytes_per_cell(mode); }
  [[nodiscard]] bool has_eddy_viscosity() const override { return true; }
  [[nodiscard]] int tracer_slots() const override { return slot_k; }
  [[nodiscard]] bool uses_scalar_residual() const override { return true; }
  void allocate(const TurbulenceSetup& setup) override;
  /// nu_t comes from the previous iteration's keps_finish: its maximum, checked for NaN
  void update_eddy_viscosity(const real* const* vel, long it, bool implicit) override;
  /// sources from the projected velocity, k and eps transported, then wall values, floors and nu_t
  void transport(const real* const* vel, ScalarArgs sa, const ScalarStep& step) override;
  void advance() override;
  [[nodiscard]] const real* eddy_viscosity() const override { return nut_.data(); }
  void momentum_args(MomentumArgs& m) const override;
  [[nodiscard]] std::vector<real> eddy_viscosity_to_host() const override { return nut_.to_host(); }
  void collect(HostFields& F, bool use_new) const override;
  void restore(const HostFields& F) override;

 private:
  KEpsArgs args(const real* const* vel);
  void field_args(ScalarArgs& sa, int q);

  GridGpu g_;
  const std::uint8_t* solid_ = nullptr;
  double nu_ = 0;
  std::function<void(const std::string&, const real*)> fail_;
  Buffer<real> nut_, wdist_;
  Buffer<std::uint8_t> wall_cell_;
  Buffer<real> k_, k_new_, e_, e_new_, src_k_, sink_k_, src_e_, sink_e_;
};

}  // namespace factwin::airflow::detail
