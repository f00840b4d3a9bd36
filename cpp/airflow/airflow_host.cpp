// SPDX-License-Identifier: Apache-2.0
// Host (OpenMP) backend of the airflow kernels: the single-source bodies compiled for exec::Host.
#include "airflow/kernels/airflow_args.hpp"
#include "core/launch_host.hpp"

#define FACTWIN_BACKEND_NS host
#define FACTWIN_EXEC exec::Host
#include "airflow/kernels/airflow_kernels.inc"
