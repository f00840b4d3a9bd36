// SPDX-License-Identifier: Apache-2.0
// Umbrella header: everything a user of the factwin C++ API needs.
#pragma once

#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/core/log.hpp"
#include "factwin/core/types.hpp"
#include "factwin/core/units.hpp"
#include "factwin/electrical/it_load.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/geometry/scenario.hpp"
#include "factwin/grid/grid.hpp"
#include "factwin/grid/voxelize.hpp"
#include "factwin/io/output.hpp"
#include "factwin/io/scenario_reader.hpp"
#include "factwin/io/vtk_output.hpp"
#include "factwin/airflow/solver.hpp"
#include "factwin/io/field_output.hpp"
#include "factwin/liquid/epanet.hpp"
#include "factwin/liquid/network.hpp"
#include "factwin/liquid/report.hpp"
#include "factwin/metrics/thermal_metrics.hpp"
