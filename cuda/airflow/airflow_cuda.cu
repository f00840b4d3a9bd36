// SPDX-License-Identifier: Apache-2.0
// CUDA build of the airflow kernels: the same kernel file as the host backend.
#include <cstdint>

#include "airflow/airflow_backend.hpp"
#include "core/launch_cuda.cuh"

#define FACTWIN_BACKEND_NS cuda_backend
#include "airflow/kernels/airflow_kernels.inc"

#define FACTWIN_DISPATCH_NS factwin::airflow
FACTWIN_DEFINE_CUDA_ENTRY_POINTS(FACTWIN_AIRFLOW_ENTRY_POINTS, factwin::airflow)
