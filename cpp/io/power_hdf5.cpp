// SPDX-License-Identifier: Apache-2.0
// HDF5 output of the power chain: /electrical/{buses,branches,loads,sources,n_minus_1}/<quantity>,
// one dataset per quantity (SI units in a "units" attribute), names as fixed-length strings, the
// energy balance as attributes of /electrical (docs/electrical.md#outputs).
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "factwin/config.hpp"
#include "io/atomic_file.hpp"
#include "factwin/core/error.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/power_output.hpp"

#if FACTWIN_HAVE_HDF5
#include <hdf5.h>
#endif

namespace factwin::electrical {

#if FACTWIN_HAVE_HDF5
namespace {

void check(herr_t st, const std::string& what) {
  if (st < 0) throw IoError("HDF5: cannot write " + what);
}

void write_doubles(hid_t group, const char* name, const std::vector<double>& v, const char* unit) {
  const hsize_t n = v.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds = H5Dcreate2(group, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds < 0) throw IoError(std::string("HDF5: cannot create dataset ") + name);
  if (n > 0) check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), name);
  const hid_t aspace = H5Screate(H5S_SCALAR);
  const hid_t st = H5Tcopy(H5T_C_S1);
  const std::string u = unit;
  H5Tset_size(st, u.empty() ? 1 : u.size());
  const hid_t at = H5Acreate2(ds, "units", st, aspace, H5P_DEFAULT, H5P_DEFAULT);
  check(H5Awrite(at, st, u.empty() ? "-" : u.c_str()), std::string(name) + "/units");
  H5Aclose(at);
  H5Tclose(st);
  H5Sclose(aspace);
  H5Dclose(ds);
  H5Sclose(space);
}

void write_strings(hid_t group, const char* name, const std::vector<std::string>& v) {
  std::size_t len = 1;
  for (const auto& s : v) len = std::max(len, s.size());
  std::vector<char> buf(v.size() * len, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) v[i].copy(buf.data() + i * len, v[i].size());
  const hsize_t n = v.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t st = H5Tcopy(H5T_C_S1);
  H5Tset_size(st, len);
  H5Tset_strpad(st, H5T_STR_NULLPAD);
  const hid_t ds = H5Dcreate2(group, name, st, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds < 0) throw IoError(std::string("HDF5: cannot create dataset ") + name);
  if (n > 0) check(H5Dwrite(ds, st, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), name);
  H5Dclose(ds);
  H5Tclose(st);
  H5Sclose(space);
}

void attr(hid_t obj, const char* name, double x) {
  const hid_t sp = H5Screate(H5S_SCALAR);
  const hid_t at = H5Acreate2(obj, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
  check(H5Awrite(at, H5T_NATIVE_DOUBLE, &x), name);
  H5Aclose(at);
  H5Sclose(sp);
}

template <class T, class F>
std::vector<double> col(const std::vector<T>& v, F f) {
  std::vector<double> o;
  o.reserve(v.size());
  for (const auto& x : v) o.push_back(static_cast<double>(f(x)));
  return o;
}

template <class T>
std::vector<std::string> names(const std::vector<T>& v) {
  std::vector<std::string> o;
  for (const auto& x : v) o.push_back(x.name);
  return o;
}

}  // namespace

bool write_power_hdf5(const std::string& path, const PowerNetwork& net, const ContingencyStudy& study) {
  const std::string tmp = path + ".tmp";
  const hid_t file = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) throw IoError("HDF5: cannot create " + tmp);
  try {
    const PowerFlowResult& r = study.base;
    const hid_t el = H5Gcreate2(file, "/electrical", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    attr(el, "source_power_W", r.source_power);
    attr(el, "it_power_W", r.it_power);
    attr(el, "it_input_power_W", r.it_input_power);
    attr(el, "psu_loss_W", r.psu_loss);
    attr(el, "distribution_loss_W", r.distribution_loss);
    attr(el, "mechanical_power_W", r.mechanical_power);
    attr(el, "balance_error_W", r.balance_error());
    hid_t g = H5Gcreate2(el, "buses", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    write_strings(g, "name", names(r.buses));
    write_doubles(g, "voltage", col(r.buses, [](const BusResult& b) { return b.voltage; }), "V");
    write_doubles(g, "voltage_pu", col(r.buses, [](const BusResult& b) { return b.voltage_pu; }), "");
    write_doubles(g, "angle", col(r.buses, [](const BusResult& b) { return b.angle; }), "rad");
    H5Gclose(g);
    g = H5Gcreate2(el, "branches", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    write_strings(g, "name", names(r.branches));
    std::vector<std::string> kinds;
    for (const auto& b : net.branches) kinds.emplace_back(to_string(b.kind));
    write_strings(g, "kind", kinds);
    write_doubles(g, "current", col(r.branches, [](const BranchResult& b) { return b.current; }), "A");
    write_doubles(g, "p_in", col(r.branches, [](const BranchResult& b) { return b.p_in; }), "W");
    write_doubles(g, "p_out", col(r.branches, [](const BranchResult& b) { return b.p_out; }), "W");
    write_doubles(g, "loss", col(r.branches, [](const BranchResult& b) { return b.loss; }), "W");
    write_doubles(g, "loading", col(r.branches, [](const BranchResult& b) { return b.loading; }), "");
    write_doubles(g, "voltage_drop", col(r.branches, [](const BranchResult& b) { return b.voltage_drop; }), "V");
    H5Gclose(g);
    g = H5Gcreate2(el, "loads", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    write_strings(g, "name", names(r.loads));
    write_doubles(g, "p_ac", col(r.loads, [](const LoadResult& l) { return l.p_ac; }), "W");
    write_doubles(g, "p_useful", col(r.loads, [](const LoadResult& l) { return l.p_useful; }), "W");
    write_doubles(g, "psu_loss", col(r.loads, [](const LoadResult& l) { return l.psu_loss; }), "W");
    write_doubles(g, "served", col(r.loads, [](const LoadResult& l) { return l.served ? 1.0 : 0.0; }), "");
    H5Gclose(g);
    g = H5Gcreate2(el, "sources", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    write_strings(g, "name", names(r.sources));
    write_doubles(g, "p", col(r.sources, [](const SourceResult& s) { return s.p; }), "W");
    write_doubles(g, "q", col(r.sources, [](const SourceResult& s) { return s.q; }), "var");
    write_doubles(g, "loading", col(r.sources, [](const SourceResult& s) { return s.loading; }), "");
    H5Gclose(g);
    g = H5Gcreate2(el, "n_minus_1", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    std::vector<std::string> failed;
    for (const auto& c : study.cases) failed.push_back(c.failed);
    write_strings(g, "failed", failed);
    write_doubles(g, "max_loading", col(study.cases, [](const ContingencyResult& c) { return c.max_loading; }), "");
    write_doubles(g, "unserved_power", col(study.cases, [](const ContingencyResult& c) { return c.unserved_power; }), "W");
    write_doubles(g, "secure", col(study.cases, [](const ContingencyResult& c) { return c.secure ? 1.0 : 0.0; }), "");
    write_doubles(g, "overloads", col(study.cases, [](const ContingencyResult& c) { return c.overloads.size(); }), "");
    write_doubles(g, "voltage_violations",
                  col(study.cases, [](const ContingencyResult& c) { return c.voltage_violations.size(); }), "");
    write_doubles(g, "dropped_loads", col(study.cases, [](const ContingencyResult& c) { return c.dropped_loads.size(); }), "");
    H5Gclose(g);
    H5Gclose(el);
  } catch (...) {
    H5Fclose(file);
    std::remove(tmp.c_str());
    throw;
  }
  if (H5Fclose(file) < 0) throw IoError("HDF5: cannot close " + tmp);
  io::detail::move_into_place(tmp, path);
  return true;
}
#else
bool write_power_hdf5(const std::string&, const PowerNetwork&, const ContingencyStudy&) { return false; }
#endif

}  // namespace factwin::electrical
