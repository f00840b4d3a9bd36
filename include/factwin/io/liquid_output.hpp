// SPDX-License-Identifier: Apache-2.0
// Reports of a liquid-network solve: the "liquid" block of summary.json, ASHRAE liquid-cooling
// classes, and VTK polygonal data (pipes as lines) for ParaView.
#pragma once

#include <string>

#include "factwin/liquid/network.hpp"

namespace factwin::liquid {

/// ASHRAE TC 9.9 liquid-cooling class of a facility-water supply temperature T [K]: the smallest
/// of W17, W27, W32, W40, W45 whose maximum supply temperature (17/27/32/40/45 degC) is >= T,
/// else "W+" (ASHRAE TC 9.9, Liquid Cooling Guidelines for Datacom Equipment Centers, 2nd ed.,
/// and the 2021 "Water-Cooled Servers" white paper; docs/liquid.md).
[[nodiscard]] std::string water_class(double T);

/// The JSON object (text) describing a solved network: cold plates against limits, CDU duties and
/// approaches, pump operating points, W-class, electric power, energy budget, tolerances.
[[nodiscard]] std::string summary_json(const Network& net, const Result& r);

/// Returns `summary` (a JSON object as text) with the key "liquid" set to summary_json(net, r).
[[nodiscard]] std::string append_summary(const std::string& summary, const Network& net, const Result& r);

/// Writes VTK XML PolyData (.vtp): nodes as points (head, pressure, temperature), links as lines
/// (flow, velocity, temperature, heat, type). \throws IoError.
void write_vtk(const std::string& path, const Network& net, const Result& r);

/// Writes the solve under /liquid (attributes: energy budget, power, convergence; groups nodes,
/// links, cold_plates, cdus, pumps with SI datasets). \throws NotCompiled without HDF5, IoError.
void write_hdf5(const std::string& path, const Network& net, const Result& r);

/// True when this build can write HDF5.
[[nodiscard]] bool hdf5_available();

}  // namespace factwin::liquid
