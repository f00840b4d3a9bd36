// SPDX-License-Identifier: Apache-2.0
// k-epsilon model: its fields and initial turbulence, the nu_t check of each iteration, and the
// transport of k and eps (explicit, or implicit in the steady iteration).
#include "airflow/turbulence/k_epsilon.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "airflow/kernel_launcher.hpp"
#include "airflow/turbulence/wall_distance.hpp"

namespace factwin::airflow::detail {

void KEpsilon::allocate(const TurbulenceSetup& s) {
  g_ = s.g;
  solid_ = s.solid;
  nu_ = s.nu;
  fail_ = s.fail;
  const index_t ncell = g_.cells();
  const bool dev = kernels_.on_device();
  nut_ = Buffer<real>(ncell, dev);
  FW_CALL(fill, nut_.data(), ncell, real(0));
  std::vector<std::uint8_t> wc;
  wdist_ = Buffer<real>(wall_distance(*s.voxels, g_, s.L_ref, &wc), dev);
  wall_cell_ = Buffer<std::uint8_t>(wc, dev);
  // Inflow and initial turbulence: 5 % intensity of the reference speed, length scale 0.07 of the
  // smallest hall extent that is resolved by more than one cell (docs/solver.md, "Turbulence").
  double lt = s.L_ref;
  for (int a = 0; a < 3; ++a)
    if (g_.n[a] > 1) lt = std::min(lt, s.scenario->hall.extent[a]);
  const double k0 = 1.5 * std::pow(0.05 * s.U_ref, 2);
  const double e0 = keps::cmu_75 * std::pow(k0, 1.5) / (0.07 * lt);
  for (auto* b : {&k_, &k_new_, &e_, &e_new_, &src_k_, &sink_k_, &src_e_, &sink_e_}) *b = Buffer<real>(ncell, dev);
  for (auto* b : {&k_, &k_new_}) FW_CALL(fill, b->data(), ncell, static_cast<real>(k0));
  for (auto* b : {&e_, &e_new_}) FW_CALL(fill, b->data(), ncell, static_cast<real>(e0));
  FW_CALL(fill, nut_.data(), ncell, static_cast<real>(keps::cmu * k0 * k0 / e0));
  for (auto& sg : *s.surf_host) {
    sg.scalar_in[slot_k] = static_cast<real>(k0);
    sg.scalar_in[slot_eps] = static_cast<real>(e0);
  }
  s.surf->upload(s.surf_host->data());
}

void KEpsilon::update_eddy_viscosity(const real* const*, long, bool) {
  nut_max_ = FW_CALL(max_abs, nut_.data(), g_.cells());
  if (!std::isfinite(nut_max_)) fail_("turbulent viscosity", nut_.data());
}

void KEpsilon::momentum_args(MomentumArgs& m) const {
  m.nut = nut_.data();
  m.k_wall = k_.data();  // switches the log-law wall shear on
}

KEpsArgs KEpsilon::args(const real* const* vel) {
  // the k-epsilon arrays of one step, with the projected velocity
  KEpsArgs t;
  t.g = g_;
  t.solid = solid_;
  t.wall_cell = wall_cell_.data();
  t.wall_distance = wdist_.data();
  for (int a = 0; a < 3; ++a) t.vel[a] = vel[a];
  t.k = k_.data();
  t.eps = e_.data();
  t.nut = nut_.data();
  t.src_k = src_k_.data();
  t.sink_k = sink_k_.data();
  t.src_e = src_e_.data();
  t.sink_e = sink_e_.data();
  t.nu = static_cast<real>(nu_);
  t.nut_max = static_cast<real>(1e5 * nu_);
  return t;
}

void KEpsilon::field_args(ScalarArgs& sa, int q) {
  // the transport arguments of k (q = 0) or eps (q = 1): molecular diffusivity nu + nu_t/sigma,
  // sources and implicit destruction from keps_sources, inflow values at the tracer slots
  sa.kappa = static_cast<real>(nu_);
  sa.sref = 0;
  sa.s = q == 0 ? k_.data() : e_.data();
  sa.s_new = q == 0 ? k_new_.data() : e_new_.data();
  sa.source = q == 0 ? src_k_.data() : src_e_.data();
  sa.sink = q == 0 ? sink_k_.data() : sink_e_.data();
  sa.prt = static_cast<real>(q == 0 ? keps::sigma_k : keps::sigma_eps);
  sa.tracer = q == 0 ? slot_k : slot_eps;
}

void KEpsilon::transport(const real* const* vel, ScalarArgs sa, const ScalarStep& step) {
  // k and eps the same way as the tracers (docs/solver.md, "Turbulence"): sources from the
  // corrected velocity, destruction implicit (in the residual and a_P on the implicit path), then
  // the wall values, floors and nu_t
  KEpsArgs t = args(vel);
  FW_CALL(keps_sources, t);
  if (step.implicit) {
    sa.dt = step.dt;
    sa.res = step.residual;
  }
  for (int q = 0; q < 2; ++q) {
    field_args(sa, q);
    // implicit: eps of wall cells comes from the log law (keps_finish), not from its transport equation
    if (step.implicit) sa.fixed = q == 0 ? nullptr : wall_cell_.data();
    step.solve(sa);
  }
  FW_CALL(keps_finish, t, k_new_.data(), e_new_.data());
}

void KEpsilon::advance() {
  std::swap(k_, k_new_);
  std::swap(e_, e_new_);
}

void KEpsilon::collect(HostFields& F, bool use_new) const {
  const std::vector<real> kh = (use_new ? k_new_ : k_).to_host(), eh = (use_new ? e_new_ : e_).to_host();
  F.k.assign(kh.begin(), kh.end());
  F.eps.assign(eh.begin(), eh.end());
  for (index_t c = 0; c < g_.cells(); ++c)
    if (F.solid[c]) F.k[c] = F.eps[c] = 0;
}

void KEpsilon::restore(const HostFields& F) {
  // k, eps and nu_t of the air cells (collect writes 0 in solid cells: those keep their set-up values)
  const auto n = static_cast<std::size_t>(g_.cells());
  if (F.k.size() != n || F.eps.size() != n || F.nut.size() != n || F.solid.size() != n)
    throw std::invalid_argument("airflow: SolveOptions::initial lacks the k-epsilon fields k, eps and nut of the grid (" +
                                std::to_string(n) + " cells; it has " + std::to_string(F.k.size()) + ")");
  auto merge = [&F](const std::vector<double>& from, Buffer<real>& b) {
    std::vector<real> h = b.to_host();
    for (std::size_t c = 0; c < h.size(); ++c)
      if (!F.solid[c]) h[c] = static_cast<real>(from[c]);
    b.upload(h.data());
  };
  for (auto* b : {&k_, &k_new_}) merge(F.k, *b);
  for (auto* b : {&e_, &e_new_}) merge(F.eps, *b);
  merge(F.nut, nut_);
}

}  // namespace factwin::airflow::detail
