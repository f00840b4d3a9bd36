// SPDX-License-Identifier: Apache-2.0
#include "factwin/metrics/thermal_metrics.hpp"

#include <stdexcept>

#include "factwin/core/units.hpp"

namespace factwin::metrics {
namespace {
// ASHRAE TC 9.9 dry-bulb envelopes [degC], data/validation/ashrae_tc99_thermal_classes.csv
// (A1-A4 allowable VERIFIED; recommended 18-27 VERIFIED; H1 recommended 18-22 and allowable upper 25
// VERIFIED, its lower allowable 5 degC UNVERIFIED there).
struct Row {
  const char* name;
  double rec_min, rec_max, all_min, all_max;
};
constexpr Row rows[] = {
    {"A1", 18, 27, 15, 32}, {"A2", 18, 27, 10, 35}, {"A3", 18, 27, 5, 40},
    {"A4", 18, 27, 5, 45},  {"H1", 18, 22, 5, 25},
};
}  // namespace

AshraeClass ashrae_class(const std::string& name) {
  for (const Row& r : rows)
    if (name == r.name)
      return {r.name, units::from_celsius(r.rec_min), units::from_celsius(r.rec_max),
              units::from_celsius(r.all_min), units::from_celsius(r.all_max)};
  throw std::invalid_argument("unknown ASHRAE class '" + name + "'; expected A1, A2, A3, A4 or H1");
}

std::vector<std::string> ashrae_class_names() {
  std::vector<std::string> v;
  for (const Row& r : rows) v.emplace_back(r.name);
  return v;
}

Compliance classify(double t, const AshraeClass& c) {
  if (t >= c.recommended_min && t <= c.recommended_max) return Compliance::recommended;
  if (t >= c.allowable_min && t <= c.allowable_max) return Compliance::allowable;
  return Compliance::out_of_range;
}

const char* to_string(Compliance c) {
  switch (c) {
    case Compliance::recommended: return "recommended";
    case Compliance::allowable: return "allowable";
    case Compliance::out_of_range: return "out_of_range";
  }
  return "?";
}

double rci_hi(const std::vector<double>& t, const AshraeClass& c) {
  if (t.empty()) throw std::invalid_argument("RCI needs at least one intake temperature");
  double over = 0;
  for (double x : t)
    if (x > c.recommended_max) over += x - c.recommended_max;
  return (1.0 - over / ((c.allowable_max - c.recommended_max) * static_cast<double>(t.size()))) * 100.0;
}

double rci_lo(const std::vector<double>& t, const AshraeClass& c) {
  if (t.empty()) throw std::invalid_argument("RCI needs at least one intake temperature");
  double under = 0;
  for (double x : t)
    if (x < c.recommended_min) under += c.recommended_min - x;
  return (1.0 - under / ((c.recommended_min - c.allowable_min) * static_cast<double>(t.size()))) * 100.0;
}

double rti(double t_return, double t_supply, double dt_equipment) {
  if (!(dt_equipment > 0)) throw std::invalid_argument("RTI needs a positive equipment temperature rise");
  return (t_return - t_supply) / dt_equipment * 100.0;
}

double shi(const std::vector<double>& t_in, const std::vector<double>& t_out, double t_ref) {
  if (t_in.size() != t_out.size() || t_in.empty())
    throw std::invalid_argument("SHI needs one inlet and one outlet temperature per rack");
  double num = 0, den = 0;
  for (std::size_t i = 0; i < t_in.size(); ++i) {
    num += t_in[i] - t_ref;
    den += t_out[i] - t_ref;
  }
  if (!(den > 0)) throw std::invalid_argument("SHI needs outlet temperatures above the reference");
  return num / den;
}

double pue(double total, double it) {
  if (!(it > 0)) throw std::invalid_argument("PUE needs a positive IT power");
  return total / it;
}

double air_temperature_rise(double power, double flow, double rho, double cp) {
  if (!(flow > 0) || !(rho > 0) || !(cp > 0))
    throw std::invalid_argument("temperature rise needs positive flow, density and heat capacity");
  return power / (rho * cp * flow);
}

}  // namespace factwin::metrics
