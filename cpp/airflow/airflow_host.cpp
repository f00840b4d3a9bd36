// SPDX-License-Identifier: Apache-2.0
// Host (OpenMP) build of the airflow kernels.
#include <cmath>
#include <cstdint>

#include "airflow/airflow_backend.hpp"
#include "core/launch_host.hpp"

#define FACTWIN_BACKEND_NS host
using std::log;
using std::pow;
using std::sqrt;
#include "airflow/kernels/airflow_kernels.inc"

namespace factwin::airflow::host_api {
#define FACTWIN_AIRFLOW_DEFINE(ret, name, params, args) \
  ret name params { return ::factwin::airflow::host::name(::factwin::host::Exec{}, FACTWIN_UNPACK args); }
#define FACTWIN_UNPACK(...) __VA_ARGS__
FACTWIN_AIRFLOW_ENTRY_POINTS(FACTWIN_AIRFLOW_DEFINE)
}  // namespace factwin::airflow::host_api
