// SPDX-License-Identifier: Apache-2.0
// CUDA backend of the airflow kernels: the single-source bodies compiled for exec::Cuda.
#include "airflow/kernels/airflow_args.hpp"
#include "core/launch_cuda.cuh"

#define FACTWIN_BACKEND_NS cuda
#define FACTWIN_EXEC exec::Cuda
#include "airflow/kernels/airflow_kernels.inc"
