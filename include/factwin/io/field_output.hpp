// SPDX-License-Identifier: Apache-2.0
// Field output for ParaView: VTK image data (.vti, through VTK's XML writer) and HDF5 with an XDMF
// description. Units are recorded as attributes. Files are written whole or not at all.
#pragma once

#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"

namespace factwin::io {

/// True when this build can write HDF5 files.
[[nodiscard]] bool hdf5_available() noexcept;

/// Writes the cell fields (temperature [K], velocity [m/s], pressure [Pa], turbulent viscosity
/// [m^2/s], tracers [-], solid flag) as VTK image data. Throws NotCompiled without VTK, IoError.
void write_fields_vti(const std::string& path, const airflow::HostFields& f);

/// Writes the same fields to HDF5 (/fields/<name>, datasets nz x ny x nx, attribute "units") and an
/// XDMF file `xdmf_path` that points at them. Throws NotCompiled without HDF5, IoError.
void write_fields_hdf5(const std::string& h5_path, const std::string& xdmf_path, const airflow::HostFields& f);

}  // namespace factwin::io
