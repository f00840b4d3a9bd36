// SPDX-License-Identifier: Apache-2.0
// Work and memory-traffic model of the airflow kernels, for profiled solves and the benchmark
// records (docs/benchmarks.md "Kernel traffic model"). The model counts compulsory traffic: every
// array element a kernel must read or write once per call, with perfect cache reuse of stencil
// neighbours; real traffic is at least this, so bytes / time is a lower bound on the achieved
// bandwidth and its ratio to the measured copy bandwidth says how close a kernel is to the roofline.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "airflow/kernels/airflow_args.hpp"

namespace factwin::airflow::traffic {

inline double size_of(const MomentumArgs& m) { return static_cast<double>(m.g.faces(m.comp)); }
inline double size_of(const ScalarArgs& s) { return static_cast<double>(s.g.cells()); }
inline double size_of(const LevelGpu& l) { return static_cast<double>(l.g.cells()); }
inline double size_of(const ProjectArgs& p) { return static_cast<double>(p.g.cells()); }
inline double size_of(const GridGpu& g) { return static_cast<double>(g.cells()); }
inline double size_of(const DeviceArgs& d) { return static_cast<double>(d.ndev); }
inline double size_of(const KEpsArgs& t) { return static_cast<double>(t.g.cells()); }
inline double size_of(index_t n) { return static_cast<double>(n); }
template <class T>
double size_of(const T&) {
  return 0;  // scalars, pointers, colours, axes: no size
}

/// Elements (cells or faces) one call processes: the largest sized argument, except the grid
/// transfers, which work per element of their second level (coarse for restrict, fine for prolong).
template <class... A>
double elements(std::string_view name, const A&... a) {
  const double sizes[] = {0.0, size_of(a)..., 0.0};
  if (sizeof...(A) >= 2 && (name == "mg_restrict" || name == "mg_prolong_add")) return sizes[2];
  return *std::max_element(std::begin(sizes), std::end(sizes));
}

/// Compulsory bytes per element of each kernel (sizeof(real) = R; 1-byte flags, 2-byte surface ids).
/// 0 for kernels whose traffic is not per element (device coupling) or not modelled.
inline double bytes_per_element(std::string_view k, bool turbulent) {
  constexpr double R = sizeof(real);
  const double nut = turbulent ? R : 0.0;
  // per face: flag, own velocity read + write, beta write, the two transverse velocity arrays
  // (transport velocities), the temperature at the face (buoyancy), nu_t, the tangential wall codes
  if (k == "momentum_predict") return 1 + 2 * R + R + 2 * R + R + nut + 1;
  // per cell: solid flag, s read, s_new write, three velocities, three face flags, source, nu_t
  if (k == "scalar_transport") return 1 + R + R + 3 * R + 3 + R + nut;
  // implicit steady path, per face / cell and call (sweeps: both colours counted, each call updates half):
  // flag, frozen velocity, transverse velocities, nu_t, wall codes, seven coefficient writes
  if (k == "momentum_coeffs") return 1 + R + 2 * R + nut + 1 + 7 * R;
  if (k == "tangential_codes") return 2 + 2 + 1;  // the ids of the two other face arrays, code write
  // seven coefficients, frozen velocity, iterate read + write, residual
  if (k == "momentum_sweep_coef") return 7 * R + R + 2 * R + R;
  // solid flag, three velocities, three face flags, nu_t, seven coefficient writes
  if (k == "scalar_coeffs") return 1 + 3 * R + 3 + nut + 7 * R;
  // seven coefficients, frozen s, iterate read + write, residual
  if (k == "scalar_sweep_coef") return 7 * R + R + 2 * R + R;
  if (k == "sum_squares" || k == "sum") return R;
  if (k == "divergence") return 1 + 3 * R + 3 + R;               // active, u v w, flags, rhs
  if (k == "mg_smooth") return 1 + R + 3 * R + 0.5 * R + 0.5 * R;  // active, phi, beta x3, half rhs + half writes
  if (k == "mg_residual") return 1 + 3 * R + R + R + R;          // active, beta x3, phi, rhs, res
  if (k == "mg_restrict") return 8 * R + 2 * R + 1;               // 8 children's res, rhs + phi, active
  if (k == "mg_prolong_add") return 1 + R / 8 + 2 * R;            // active, coarse phi, fine phi r/w
  if (k == "mg_axpby") return 1 + 3 * R;
  if (k == "mg_dot") return 1 + 2 * R;
  if (k == "mg_sum" || k == "mg_sum_squares") return 1 + R;
  if (k == "mg_shift") return 1 + 2 * R;
  if (k == "project") return 1 + R + 2 * R + R;                   // flag, p, vel r/w, beta (per cell ~ per face)
  if (k == "eddy_viscosity_zero_eq") return 1 + 3 * R + R + R;
  // k-epsilon per cell: solid + wall flags, u v w, k, eps, nu_t, wall distance, four source/sink writes
  if (k == "keps_sources") return 2 + 3 * R + 4 * R + 4 * R;
  // solid + wall flags, wall distance, k and eps read + write, nu_t write
  if (k == "keps_finish") return 2 + R + 4 * R + R;
  if (k == "max_abs") return R;
  if (k == "max_abs_diff_masked") return 1 + R;
  if (k == "sum_sq_diff" || k == "sum_diff") return 2 * R;
  if (k == "fill") return R;
  if (k == "copy") return 2 * R;
  if (k == "dot" || k == "affine") return 2 * R;
  if (k == "axpby") return 3 * R;
  if (k == "set_fixed_faces") return 1 + R;
  return 0;
}

}  // namespace factwin::airflow::traffic
