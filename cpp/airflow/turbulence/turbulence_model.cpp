// SPDX-License-Identifier: Apache-2.0
// The turbulence units' common defaults, and the one map from TurbulenceModel to its unit.
#include "airflow/turbulence/turbulence_model.hpp"

#include <stdexcept>

#include "airflow/turbulence/k_epsilon.hpp"
#include "airflow/turbulence/laminar.hpp"
#include "airflow/turbulence/zero_equation.hpp"

namespace factwin::airflow::detail {

void TurbulenceUnit::update_eddy_viscosity(const real* const*, long, bool) {}
void TurbulenceUnit::transport(const real* const*, ScalarArgs, const ScalarStep&) {}
void TurbulenceUnit::collect(HostFields&, bool) const {}
void TurbulenceUnit::restore(const HostFields&) {}

std::unique_ptr<TurbulenceUnit> make_turbulence_model(TurbulenceModel model, KernelLauncher& kernels) {
  switch (model) {
    case TurbulenceModel::laminar: return std::make_unique<Laminar>(kernels);
    case TurbulenceModel::zero_equation: return std::make_unique<ZeroEquation>(kernels);
    case TurbulenceModel::k_epsilon: return std::make_unique<KEpsilon>(kernels);
  }
  throw std::logic_error("airflow: unknown turbulence model");
}

}  // namespace factwin::airflow::detail

namespace factwin::airflow {

std::size_t turbulence_bytes_per_cell(TurbulenceModel model, SolveMode mode) {
  switch (model) {
    case TurbulenceModel::laminar: return detail::Laminar::fields_bytes_per_cell(mode);
    case TurbulenceModel::zero_equation: return detail::ZeroEquation::fields_bytes_per_cell(mode);
    case TurbulenceModel::k_epsilon: return detail::KEpsilon::fields_bytes_per_cell(mode);
  }
  throw std::logic_error("airflow: unknown turbulence model");
}

}  // namespace factwin::airflow
