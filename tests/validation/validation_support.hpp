// SPDX-License-Identifier: Apache-2.0
// Helpers of the validation tests: run a scenario file, read reference tables, sample fields.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "factwin/airflow/solver.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/io/scenario_reader.hpp"

namespace factwin::testing {

inline std::string data_path(const std::string& rel) { return std::string(FACTWIN_DATA_DIR) + "/" + rel; }

/// Rows of a CSV file without its '#' comment lines and header.
inline std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
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
    for (char ch : line) {
      if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += ch;
      }
    }
    cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

/// Linear interpolation of a cell-centred field along x (j, k fixed) at coordinate x.
inline double sample_x(const airflow::HostFields& f, const std::vector<double>& v, double x, int j, int k) {
  const double h = f.spacing.x;
  double s = (x - f.origin.x) / h - 0.5;
  s = std::clamp(s, 0.0, static_cast<double>(f.cells[0] - 1));
  const int i0 = std::min(static_cast<int>(std::floor(s)), f.cells[0] - 2);
  const double t = s - i0;
  auto at = [&](int i) { return v[i + static_cast<std::size_t>(f.cells[0]) * (j + static_cast<std::size_t>(f.cells[1]) * k)]; };
  return (1 - t) * at(i0) + t * at(i0 + 1);
}

inline double sample_y(const airflow::HostFields& f, const std::vector<double>& v, double y, int i, int k) {
  const double h = f.spacing.y;
  double s = (y - f.origin.y) / h - 0.5;
  s = std::clamp(s, 0.0, static_cast<double>(f.cells[1] - 1));
  const int j0 = std::min(static_cast<int>(std::floor(s)), f.cells[1] - 2);
  const double t = s - j0;
  auto at = [&](int j) { return v[i + static_cast<std::size_t>(f.cells[0]) * (j + static_cast<std::size_t>(f.cells[1]) * k)]; };
  return (1 - t) * at(j0) + t * at(j0 + 1);
}

/// Value at the centre line x = 0.5 (mean of the two middle columns when nx is even).
inline double centre_column(const airflow::HostFields& f, const std::vector<double>& v, double y) {
  const int nx = f.cells[0];
  if (nx % 2 == 0) return 0.5 * (sample_y(f, v, y, nx / 2 - 1, 0) + sample_y(f, v, y, nx / 2, 0));
  return sample_y(f, v, y, nx / 2, 0);
}
inline double centre_row(const airflow::HostFields& f, const std::vector<double>& v, double x) {
  const int ny = f.cells[1];
  if (ny % 2 == 0) return 0.5 * (sample_x(f, v, x, ny / 2 - 1, 0) + sample_x(f, v, x, ny / 2, 0));
  return sample_x(f, v, x, ny / 2, 0);
}

}  // namespace factwin::testing
