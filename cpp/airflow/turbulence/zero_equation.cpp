// SPDX-License-Identifier: Apache-2.0
// Zero-equation model: its fields (nu_t, wall distance) and the eddy-viscosity update.
#include "airflow/turbulence/zero_equation.hpp"

#include "airflow/kernel_launcher.hpp"
#include "airflow/turbulence/wall_distance.hpp"

namespace factwin::airflow::detail {

void ZeroEquation::allocate(const TurbulenceSetup& s) {
  g_ = s.g;
  solid_ = s.solid;
  const index_t ncell = g_.cells();
  nut_ = Buffer<real>(ncell, kernels_.on_device());
  FW_CALL(fill, nut_.data(), ncell, real(0));
  wdist_ = Buffer<real>(wall_distance(*s.voxels, g_, s.L_ref, nullptr), kernels_.on_device());
}

void ZeroEquation::update_eddy_viscosity(const real* const* vel, long it, bool implicit) {
  if (it == 1 || it % 5 == 0 || implicit) {
    FW_CALL(eddy_viscosity_zero_eq, g_, solid_, vel, wdist_.data(), nut_.data());
    nut_max_ = FW_CALL(max_abs, nut_.data(), g_.cells());
  }
}

}  // namespace factwin::airflow::detail
