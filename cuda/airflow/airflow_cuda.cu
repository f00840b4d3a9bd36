// SPDX-License-Identifier: Apache-2.0
// CUDA build of the airflow kernels: the same kernel file as the host backend.
#include <cstdint>

#include "airflow/airflow_backend.hpp"
#include "core/launch_cuda.cuh"

#define FACTWIN_BACKEND_NS cuda_backend
#include "airflow/kernels/airflow_kernels.inc"

namespace factwin::airflow::cuda_api {
#define FACTWIN_AIRFLOW_DEFINE(ret, name, params, args)                                          \
  ret name params {                                                                              \
    return ::factwin::airflow::cuda_backend::name(::factwin::cuda_backend::Exec{}, FACTWIN_UNPACK args); \
  }
#define FACTWIN_UNPACK(...) __VA_ARGS__
FACTWIN_AIRFLOW_ENTRY_POINTS(FACTWIN_AIRFLOW_DEFINE)
}  // namespace factwin::airflow::cuda_api
