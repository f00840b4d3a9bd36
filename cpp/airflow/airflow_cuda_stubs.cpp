// SPDX-License-Identifier: Apache-2.0
// Built only when CUDA is OFF: every cuda:: airflow entry point exists and throws NotCompiled.
#include "airflow/kernels/airflow_args.hpp"
#include "factwin/core/error.hpp"

namespace factwin::airflow::cuda {
namespace {
[[noreturn]] void not_compiled() {
  throw NotCompiled("airflow kernels: this build of factwin has no CUDA backend");
}
}  // namespace

void momentum_assemble(const exec::Cuda&, const IndexBox&, const MomentumArgs&) { not_compiled(); }
void scalar_assemble(const exec::Cuda&, const IndexBox&, const ScalarArgs&) { not_compiled(); }
void eddy_viscosity_zero_eq(const exec::Cuda&, const IndexBox&, const EddyArgs&) { not_compiled(); }
void stencil_sweep(const exec::Cuda&, const IndexBox&, const ConstStencil&, FieldView<real>, int) {
  not_compiled();
}
double stencil_residual_l1(const exec::Cuda&, const IndexBox&, const ConstStencil&, FieldView<const real>) {
  not_compiled();
}
double stencil_diag_sum(const exec::Cuda&, const IndexBox&, const ConstStencil&, real) { not_compiled(); }
void opening_predict(const exec::Cuda&, const IndexBox&, const OpeningArgs&) { not_compiled(); }
double divergence(const exec::Cuda&, const IndexBox&, const DivArgs&) { not_compiled(); }
double throughput(const exec::Cuda&, const IndexBox&, const DivArgs&) { not_compiled(); }
void project_velocity(const exec::Cuda&, const IndexBox&, const ProjectArgs&) { not_compiled(); }
void update_pressure(const exec::Cuda&, const IndexBox&, FieldView<real>, FieldView<const real>,
                     FieldView<const std::uint8_t>, real, real) {
  not_compiled();
}
void mg_smooth(const exec::Cuda&, const IndexBox&, const MgLevel&, FieldView<real>, FieldView<const real>, int) {
  not_compiled();
}
void mg_residual(const exec::Cuda&, const IndexBox&, const MgLevel&, FieldView<const real>,
                 FieldView<const real>, FieldView<real>) {
  not_compiled();
}
void mg_apply(const exec::Cuda&, const IndexBox&, const MgLevel&, FieldView<const real>, FieldView<real>) {
  not_compiled();
}
void mg_restrict(const exec::Cuda&, const IndexBox&, const MgTransfer&, FieldView<const real>, FieldView<real>) {
  not_compiled();
}
void mg_prolong_add(const exec::Cuda&, const IndexBox&, const MgTransfer&, FieldView<const real>,
                    FieldView<real>) {
  not_compiled();
}
void fill(const exec::Cuda&, const IndexBox&, FieldView<real>, real) { not_compiled(); }
void axpy(const exec::Cuda&, const IndexBox&, real, FieldView<const real>, FieldView<real>,
          FieldView<const std::uint8_t>) {
  not_compiled();
}
void xpay(const exec::Cuda&, const IndexBox&, FieldView<const real>, real, FieldView<real>,
          FieldView<const std::uint8_t>) {
  not_compiled();
}
void add_const(const exec::Cuda&, const IndexBox&, FieldView<real>, real, FieldView<const std::uint8_t>) {
  not_compiled();
}
double dot(const exec::Cuda&, const IndexBox&, FieldView<const real>, FieldView<const real>,
           FieldView<const std::uint8_t>) {
  not_compiled();
}
double masked_sum(const exec::Cuda&, const IndexBox&, FieldView<const real>, FieldView<const std::uint8_t>) {
  not_compiled();
}
double masked_count(const exec::Cuda&, const IndexBox&, FieldView<const std::uint8_t>) { not_compiled(); }
double max_abs(const exec::Cuda&, const IndexBox&, FieldView<const real>) { not_compiled(); }
double count_nonfinite(const exec::Cuda&, const IndexBox&, FieldView<const real>) { not_compiled(); }

}  // namespace factwin::airflow::cuda
