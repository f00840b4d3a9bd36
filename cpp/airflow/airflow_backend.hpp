// SPDX-License-Identifier: Apache-2.0
// The airflow kernels' entry points, listed once (core/dispatch.hpp): declared here for each
// backend (host_api, cuda_api), defined in airflow_host.cpp, cuda/airflow/airflow_cuda.cu and
// airflow_cuda_stubs.cpp (builds without CUDA: NotCompiled). The solver runs them with
// FACTWIN_DISPATCH on its Executor (FW_CALL, kernel_launcher.hpp).
#pragma once

#include "airflow/kernels/airflow_args.hpp"
#include "core/dispatch.hpp"

// X(return type, name, parameters, arguments forwarded to the .inc function after the Exec)
#define FACTWIN_AIRFLOW_ENTRY_POINTS(X)                                                                \
  X(void, momentum_predict, (const MomentumArgs& m), (m))                                             \
  X(void, tangential_codes, (const MomentumArgs& m, std::uint8_t* code), (m, code))                   \
  X(void, momentum_coeffs, (const MomentumArgs& m, real* coef), (m, coef))                            \
  X(void, momentum_sweep_coef, (const MomentumArgs& m, const real* coef, int color), (m, coef, color)) \
  X(void, scalar_transport, (const ScalarArgs& s), (s))                                               \
  X(void, scalar_coeffs, (const ScalarArgs& s, real* coef), (s, coef))                                \
  X(void, scalar_sweep_coef, (const ScalarArgs& s, const real* coef, int color), (s, coef, color))     \
  X(void, divergence, (const LevelGpu& l, const ProjectArgs& p), (l, p))                              \
  X(void, mg_smooth, (const LevelGpu& l, int color), (l, color))                                      \
  X(void, mg_residual, (const LevelGpu& l), (l))                                                      \
  X(void, mg_restrict, (const LevelGpu& f, const LevelGpu& c, int r0, int r1, int r2), (f, c, r0, r1, r2)) \
  X(void, mg_prolong_add, (const LevelGpu& c, const LevelGpu& f, int r0, int r1, int r2), (c, f, r0, r1, r2)) \
  X(void, mg_coarsen_beta, (const LevelGpu& f, const LevelGpu& c, int ax, int r0, int r1, int r2, real* b), \
    (f, c, ax, r0, r1, r2, b))                                                                        \
  X(void, mg_coarsen_active, (const LevelGpu& f, std::uint8_t* act, const GridGpu& cg, int r0, int r1, int r2), \
    (f, act, cg, r0, r1, r2))                                                                         \
  X(double, mg_sum, (const LevelGpu& l, const real* v), (l, v))                                       \
  X(double, mg_sum_squares, (const LevelGpu& l, const real* v), (l, v))                               \
  X(void, mg_shift, (const LevelGpu& l, real* v, real shift), (l, v, shift))                          \
  X(double, mg_dot, (const LevelGpu& l, const real* a, const real* b), (l, a, b))                     \
  X(void, mg_axpby, (const LevelGpu& l, real a, const real* x, real b, real* y), (l, a, x, b, y))      \
  X(void, project, (const ProjectArgs& p, int ax), (p, ax))                                           \
  X(void, eddy_viscosity_zero_eq,                                                                     \
    (const GridGpu& g, const std::uint8_t* solid, const real* const* vel, const real* wd, real* nut), \
    (g, solid, vel, wd, nut))                                                                         \
  X(void, couple_devices, (const DeviceArgs& d), (d))                                                 \
  X(void, keps_sources, (const KEpsArgs& t), (t))                                                     \
  X(void, keps_finish, (const KEpsArgs& t, real* k, real* eps), (t, k, eps))                          \
  X(double, max_abs, (const real* v, index_t n), (v, n))                                              \
  X(double, sum_sq_diff, (const real* a, const real* b, index_t n), (a, b, n))                        \
  X(double, sum_diff, (const real* a, const real* b, index_t n), (a, b, n))                           \
  X(double, sum_squares, (const real* a, index_t n), (a, n))                                          \
  X(double, sum, (const real* a, index_t n), (a, n))                                                  \
  X(double, max_abs_diff_masked, (const real* a, real ref, const std::uint8_t* solid, index_t n),     \
    (a, ref, solid, n))                                                                               \
  X(void, fill, (real* v, index_t n, real value), (v, n, value))                                      \
  X(void, copy, (real* d, const real* s, index_t n), (d, s, n))                                       \
  X(double, dot, (const real* a, const real* b, index_t n), (a, b, n))                                \
  X(void, axpby, (index_t n, real a, const real* x, real b, real* y), (n, a, x, b, y))               \
  X(void, affine, (real* d, const real* s, index_t n, real a, real b), (d, s, n, a, b))               \
  X(void, set_fixed_faces,                                                                            \
    (const GridGpu& g, const std::uint8_t* solid, const std::uint8_t* ftype, const std::uint16_t* fid, \
     const SurfaceGpu* surf, real* vel, int ax),                                                      \
    (g, solid, ftype, fid, surf, vel, ax))

FACTWIN_DECLARE_ENTRY_POINTS(FACTWIN_AIRFLOW_ENTRY_POINTS, factwin::airflow)
