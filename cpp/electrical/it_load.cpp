// SPDX-License-Identifier: Apache-2.0
#include "factwin/electrical/it_load.hpp"

#include <algorithm>
#include <cmath>

#include "electrical/power_backend.hpp"
#include "factwin/core/error.hpp"

namespace factwin::electrical {

double server_power(const ServerPowerModel& m, double u, double t_in) {
  const double uu = std::clamp(u, 0.0, 1.0);
  const double t_chip = t_in + m.chip_rise_idle + (m.chip_rise_peak - m.chip_rise_idle) * uu;
  return host::server_power(m.idle_power, m.peak_power, uu, m.fan_power, m.fan_ramp, m.fan_threshold, t_in,
                            m.leakage_power, m.leakage_beta, m.leakage_t_ref, t_chip);
}

double biquadratic(const std::array<double, 6>& c, double x, double y) { return host::biquadratic(c.data(), x, y); }

std::vector<WorkloadSample> training_workload(double end_time, double dt, double step_period, double compute_fraction,
                                              double low, double high, double checkpoint_interval,
                                              double checkpoint_duration, double checkpoint_level) {
  FACTWIN_CHECK(dt > 0.0 && end_time >= 0.0 && step_period > 0.0, "training_workload: dt, step_period must be > 0");
  std::vector<WorkloadSample> w;
  const auto n = static_cast<long>(std::floor(end_time / dt + 1e-9));
  w.reserve(static_cast<std::size_t>(n + 1));
  for (long i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) * dt;
    double u = std::fmod(t, step_period) < compute_fraction * step_period ? high : low;
    if (checkpoint_interval > 0.0) {
      const double phase = std::fmod(t, checkpoint_interval);
      if (t >= checkpoint_interval && phase < checkpoint_duration) u = checkpoint_level;
    }
    w.push_back({t, u});
  }
  return w;
}

std::vector<TransientSample> run_transient(const PowerNetwork& net, const ServerPowerModel& m,
                                           const std::vector<WorkloadSample>& workload, double t_in,
                                           const PowerFlowOptions& opt) {
  const double p_design = server_power(m, 1.0, t_in);
  FACTWIN_CHECK(p_design > 0.0, "run_transient: the server model draws no power at full utilisation");
  PowerNetwork work = net;
  PowerFlowSolver solver(work, opt);
  std::vector<TransientSample> out;
  out.reserve(workload.size());
  for (const auto& s : workload) {
    const double scale = server_power(m, s.utilisation, t_in) / p_design;
    for (std::size_t i = 0; i < net.loads.size(); ++i)
      if (net.loads[i].kind == LoadKind::it) work.loads[i].power = net.loads[i].power * scale;
    const PowerFlowResult r = solver.solve();
    TransientSample ts;
    ts.time = s.time;
    ts.utilisation = s.utilisation;
    ts.it_power = r.it_power;
    ts.source_power = r.source_power;
    ts.losses = r.distribution_loss + r.psu_loss;
    ts.min_voltage_pu = 1e300;
    for (const auto& b : r.branches) ts.max_loading = std::max(ts.max_loading, b.loading);
    for (const auto& src : r.sources) ts.max_loading = std::max(ts.max_loading, src.loading);
    for (const auto& b : r.buses)
      if (b.energised) ts.min_voltage_pu = std::min(ts.min_voltage_pu, b.voltage_pu);
    out.push_back(ts);
  }
  return out;
}

}  // namespace factwin::electrical
