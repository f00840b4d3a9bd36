// SPDX-License-Identifier: Apache-2.0
// Built only without CUDA: the CUDA entry points of the airflow kernels throw NotCompiled.
#include "airflow/airflow_backend.hpp"
#include "factwin/core/error.hpp"

namespace factwin::airflow::cuda_api {
#define FACTWIN_AIRFLOW_STUB(ret, name, params, args)                                   \
  ret name params {                                                                     \
    throw NotCompiled("airflow kernel " #name ": this build of factwin has no CUDA backend"); \
  }
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
FACTWIN_AIRFLOW_ENTRY_POINTS(FACTWIN_AIRFLOW_STUB)
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}  // namespace factwin::airflow::cuda_api
