// SPDX-License-Identifier: Apache-2.0
// Shared set-up of the 2-D cavity validation cases: scenarios with one cell across z and slip
// z-walls (which reproduces 2-D), reference-data readers and centre-line sampling.
#pragma once

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"
#include "factwin/factwin.hpp"

namespace factwin::testing {

/// A unit square cavity (side L = 1 m), n x n x 1 cells, slip adiabatic z-walls, no-slip others.
inline Scenario square_cavity(int n) {
  Scenario s;
  s.name = "cavity";
  s.hall.extent = {1.0, 1.0, 1.0 / n};
  for (auto& w : s.hall.walls) w = SurfaceCondition{};
  s.hall.walls[4].flow = FlowCondition::slip;
  s.hall.walls[5].flow = FlowCondition::slip;
  s.grid.cells = {n, n, 1};
  s.gravity = {0, 0, 0};
  s.solver.mode = SolveMode::steady;
  s.solver.max_iterations = 20000;
  s.solver.tolerance = 1e-7;
  return s;
}

/// de Vahl Davis (1983) heated cavity: x_min hot, x_max cold, gravity along -y, Pr = 0.71.
inline Scenario heated_cavity(int n, double ra, double dT = 10.0) {
  Scenario s = square_cavity(n);
  s.name = "dvd-cavity";
  const double beta = 1.0 / 300.0, g = 9.81, pr = 0.71;
  const double alpha = std::sqrt(g * beta * dT / (pr * ra));  // L = 1 m
  s.fluid.density = 1.0;
  s.fluid.specific_heat = 1000.0;
  s.fluid.conductivity = alpha * 1000.0;
  s.fluid.dynamic_viscosity = pr * alpha;
  s.fluid.expansion_coefficient = beta;
  s.fluid.reference_temperature = 300.0;
  s.gravity = {0, -g, 0};
  s.hall.walls[0].thermal = ThermalCondition::temperature;
  s.hall.walls[0].temperature = 300.0 + 0.5 * dT;
  s.hall.walls[1].thermal = ThermalCondition::temperature;
  s.hall.walls[1].temperature = 300.0 - 0.5 * dT;
  return s;
}

/// Ghia (1982) lid-driven cavity: y_max moves with +U along x; Re = U L / nu.
inline Scenario lid_cavity(int n, double re, double U = 1.0) {
  Scenario s = square_cavity(n);
  s.name = "lid-cavity";
  s.fluid.density = 1.0;
  s.fluid.dynamic_viscosity = U * 1.0 / re;
  s.hall.walls[3].flow = FlowCondition::moving;
  s.hall.walls[3].velocity = {U, 0, 0};
  return s;
}

/// Reads "# ..." commented CSV with a header row; returns rows of string cells.
inline std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

/// u (x-velocity) on the vertical line x = x0 (a face line: x0 must be a multiple of h), as
/// (y, u) pairs including the wall values.
inline std::vector<std::pair<double, double>> u_on_vertical(const airflow::SolveResult& r, int i_face,
                                                            double u_bottom, double u_top) {
  std::vector<std::pair<double, double>> line;
  const double h = r.spacing[1];
  line.emplace_back(0.0, u_bottom);
  for (int j = 0; j < r.cells[1]; ++j)
    line.emplace_back((j + 0.5) * h, r.face_velocity[0][static_cast<std::size_t>(r.face(0, i_face, j, 0))]);
  line.emplace_back(r.cells[1] * h, u_top);
  return line;
}

inline std::vector<std::pair<double, double>> v_on_horizontal(const airflow::SolveResult& r, int j_face) {
  std::vector<std::pair<double, double>> line;
  const double h = r.spacing[0];
  line.emplace_back(0.0, 0.0);
  for (int i = 0; i < r.cells[0]; ++i)
    line.emplace_back((i + 0.5) * h, r.face_velocity[1][static_cast<std::size_t>(r.face(1, i, j_face, 0))]);
  line.emplace_back(r.cells[0] * h, 0.0);
  return line;
}

/// Piecewise-cubic (Catmull-Rom-free: local quadratic through 3 nearest) interpolation.
inline double interpolate(const std::vector<std::pair<double, double>>& l, double x) {
  std::size_t k = 1;
  while (k + 1 < l.size() && l[k].first < x) ++k;
  // quadratic through k-1, k, k+1 (clamped)
  std::size_t a = k >= 1 ? k - 1 : 0;
  if (a + 2 >= l.size()) a = l.size() - 3;
  const double x0 = l[a].first, x1 = l[a + 1].first, x2 = l[a + 2].first;
  const double y0 = l[a].second, y1 = l[a + 1].second, y2 = l[a + 2].second;
  return y0 * (x - x1) * (x - x2) / ((x0 - x1) * (x0 - x2)) + y1 * (x - x0) * (x - x2) / ((x1 - x0) * (x1 - x2)) +
         y2 * (x - x0) * (x - x1) / ((x2 - x0) * (x2 - x1));
}

/// Maximum of a sampled line with a parabola through the largest sample and its neighbours.
inline std::pair<double, double> line_max(const std::vector<std::pair<double, double>>& l) {
  std::size_t m = 1;
  for (std::size_t k = 1; k + 1 < l.size(); ++k)
    if (l[k].second > l[m].second) m = k;
  const double x0 = l[m - 1].first, x1 = l[m].first, x2 = l[m + 1].first;
  const double y0 = l[m - 1].second, y1 = l[m].second, y2 = l[m + 1].second;
  const double d1 = (y1 - y0) / (x1 - x0), d2 = (y2 - y1) / (x2 - x1);
  const double c2 = (d2 - d1) / (x2 - x0);  // second divided difference
  if (c2 >= 0) return {x1, y1};
  // y = y1 + b (x - x1) + c2 (x - x1)(x - x0)... use vertex of the interpolating parabola
  const double b = d1 + c2 * (x1 - x0);  // slope at x1 of Newton form
  const double xv = x1 - b / (2 * c2);
  const double yv = y1 + b * (xv - x1) + c2 * (xv - x1) * (xv - x1);
  return {xv, yv};
}

}  // namespace factwin::testing
