// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: the CUDA entry points of the airflow kernels throw NotCompiled.
#include "airflow/airflow_backend.hpp"
#include "factwin/core/error.hpp"

#define FACTWIN_DISPATCH_WHAT "airflow"
FACTWIN_DEFINE_CUDA_STUBS(FACTWIN_AIRFLOW_ENTRY_POINTS, factwin::airflow)
