// SPDX-License-Identifier: Apache-2.0
// How the airflow solver launches its kernels: every launch goes through FW_CALL, which runs the
// kernel on the backend of the solver's Executor (FACTWIN_DISPATCH, core/dispatch.hpp) and, with
// SolveOptions::profile_kernels, times it (device synchronised) and counts its modelled traffic
// (kernel_traffic.hpp). The solver and its turbulence units share one KernelLauncher.
#pragma once

#include <algorithm>
#include <chrono>
#include <type_traits>
#include <vector>

#include "airflow/airflow_backend.hpp"
#include "airflow/kernel_traffic.hpp"
#include "core/cuda_api.hpp"
#include "core/dispatch.hpp"
#include "factwin/airflow/solver.hpp"
#include "factwin/core/exec.hpp"

namespace factwin::airflow::detail {

class KernelLauncher {
 public:
  KernelLauncher(const Executor& ex, bool profile) : ex_(ex), profile_(profile) {}

  [[nodiscard]] const Executor& executor() const noexcept { return ex_; }
  /// Fields live in device memory (the kernels run on the device).
  [[nodiscard]] bool on_device() const noexcept { return ex_.kernels_on_device(); }
  [[nodiscard]] bool profiling() const noexcept { return profile_; }
  /// The traffic model counts nu_t reads where the turbulence model has an eddy viscosity.
  void set_turbulent(bool turbulent) noexcept { turbulent_ = turbulent; }
  [[nodiscard]] const std::vector<KernelProfile>& profile() const noexcept { return profile_data_; }

  void sync_device() const {
    if (on_device()) cuda::synchronize();
  }

  /// Runs f (one kernel launch) timed, and records it under `name` with the traffic of arguments a.
  template <class F, class... A>
  auto profiled(const char* name, F&& f, const A&... a) {
    sync_device();
    const auto t0 = std::chrono::steady_clock::now();
    auto record = [&]() {
      sync_device();
      const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      auto it = std::find_if(profile_data_.begin(), profile_data_.end(),
                             [name](const KernelProfile& k) { return k.name == name; });
      if (it == profile_data_.end()) {
        profile_data_.push_back(KernelProfile{name, 0, 0, 0, 0});
        it = profile_data_.end() - 1;
      }
      const double n = traffic::elements(name, a...);
      it->calls += 1;
      it->seconds += dt;
      it->elements += n;
      it->modelled_bytes += n * traffic::bytes_per_element(name, turbulent_);
    };
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      record();
    } else {
      auto r = f();
      record();
      return r;
    }
  }

 private:
  Executor ex_;
  bool profile_ = false;
  bool turbulent_ = false;
  std::vector<KernelProfile> profile_data_;
};

}  // namespace factwin::airflow::detail

/// Kernel `name` of the airflow module on the backend of the KernelLauncher `kernels_` in scope
/// (a member of the solver and of each turbulence unit); profiled when it profiles.
#define FW_CALL(name, ...)                                                                           \
  (kernels_.profiling()                                                                              \
       ? kernels_.profiled(                                                                          \
             #name, [&] { return FACTWIN_DISPATCH(kernels_.executor(), factwin::airflow, name, __VA_ARGS__); }, \
             __VA_ARGS__)                                                                            \
       : FACTWIN_DISPATCH(kernels_.executor(), factwin::airflow, name, __VA_ARGS__))
