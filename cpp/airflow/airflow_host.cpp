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

#define FACTWIN_DISPATCH_NS factwin::airflow
FACTWIN_DEFINE_HOST_ENTRY_POINTS(FACTWIN_AIRFLOW_ENTRY_POINTS, factwin::airflow)
