// SPDX-License-Identifier: Apache-2.0
// Power flow, the per-unit branch model (docs/electrical.md Eq. E-3): impedances on the system base,
// supply-bus voltages, branch results (current, powers, losses, loading, voltage drop).
#include "electrical/branch_model.hpp"

#include "electrical/power_backend.hpp"

namespace factwin::electrical::detail {

cd branch_z(const NetworkIndex& idx, const PowerFlowOptions& opt, const Branch& b, bool newton) {
  const double vb = idx.net().buses[static_cast<std::size_t>(idx.to_of(b))].nominal_voltage;
  const double zbase = vb * vb / opt.base_power;
  switch (b.kind) {
    case BranchKind::cable:
    case BranchKind::busway: return cd(b.r_per_m * b.length, b.x_per_m * b.length) / zbase;
    case BranchKind::breaker: return newton ? cd(1e-7, 1e-7) : cd(0.0, 0.0);
    case BranchKind::transformer:
    case BranchKind::pdu: {
      double r = 0, x = 0;
      host::transformer_rx_pu(b.rating, b.load_loss, b.impedance_pu, &r, &x);
      const cd z(r, x);
      const cd zs = z * (opt.base_power / b.rating);
      return newton && std::abs(zs) == 0.0 ? cd(1e-7, 1e-7) : zs;
    }
    case BranchKind::ups: break;
  }
  return {0.0, 0.0};
}

void slack_voltage(const NetworkIndex& idx, CaseState& cs, int b) {
  double vset = 1.0;
  for (int sup : cs.supplies[static_cast<std::size_t>(b)])
    if (sup < 0) vset = idx.net().sources[static_cast<std::size_t>(-1 - sup)].voltage_pu;
  cs.v[static_cast<std::size_t>(b)] = cd(vset, 0.0);
}

void record_branch(const NetworkIndex& idx, const PowerFlowOptions& opt, const Branch& b, cd vf, cd vt, cd i_ft,
                   BranchResult& br) {
  const double vb_to = idx.net().buses[static_cast<std::size_t>(idx.to_of(b))].nominal_voltage;
  const double ibase = opt.base_power / (std::sqrt(3.0) * vb_to);
  const cd s_in = vf * std::conj(i_ft) * opt.base_power, s_out = vt * std::conj(i_ft) * opt.base_power;
  br.energised = true;
  br.current = mag(i_ft) * ibase;
  br.p_in = s_in.real();
  br.q_in = s_in.imag();
  br.p_out = s_out.real();
  br.voltage_drop = (mag(vf) - mag(vt)) * vb_to;
  if (is_transformer(b.kind)) {
    br.p_in += b.no_load_loss;
    const double i_rated = b.rating / (std::sqrt(3.0) * vb_to);
    br.loading = br.current / i_rated;
  } else {
    br.loading = b.ampacity > 0.0 ? br.current / b.ampacity : 0.0;
  }
  br.loss = br.p_in - br.p_out;
}

}  // namespace factwin::electrical::detail
