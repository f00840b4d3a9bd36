// SPDX-License-Identifier: Apache-2.0
// HDF5 output of a liquid-network solve under /liquid (docs/liquid.md section 7).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "factwin/config.hpp"
#include "io/atomic_file.hpp"
#include "factwin/core/error.hpp"
#include "factwin/io/liquid_output.hpp"

#if FACTWIN_HAVE_HDF5
#include <hdf5.h>
#endif

namespace factwin::liquid {

bool hdf5_available() { return FACTWIN_HAVE_HDF5 == 1; }

#if FACTWIN_HAVE_HDF5
namespace {

void put(hid_t g, const char* name, const std::vector<double>& v) {
  const hsize_t n = v.size();
  const hid_t sp = H5Screate_simple(1, &n, nullptr);
  const hid_t ds = H5Dcreate2(g, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds < 0) throw IoError(std::string("HDF5: cannot create dataset ") + name);
  const herr_t st = n > 0 ? H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) : 0;
  H5Dclose(ds);
  H5Sclose(sp);
  if (st < 0) throw IoError(std::string("HDF5: cannot write dataset ") + name);
}

void put_names(hid_t g, const char* name, const std::vector<std::string>& v) {
  std::size_t len = 1;
  for (const auto& s : v) len = std::max(len, s.size() + 1);
  std::vector<char> buf(len * v.size(), '\0');
  for (std::size_t i = 0; i < v.size(); ++i) std::copy(v[i].begin(), v[i].end(), buf.begin() + static_cast<long>(i * len));
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, len);
  const hsize_t n = v.size();
  const hid_t sp = H5Screate_simple(1, &n, nullptr);
  const hid_t ds = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds < 0) throw IoError(std::string("HDF5: cannot create dataset ") + name);
  const herr_t st = n > 0 ? H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) : 0;
  H5Dclose(ds);
  H5Sclose(sp);
  H5Tclose(t);
  if (st < 0) throw IoError(std::string("HDF5: cannot write dataset ") + name);
}

void attr(hid_t g, const char* name, double v) {
  const hid_t sp = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(g, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t st = a < 0 ? -1 : H5Awrite(a, H5T_NATIVE_DOUBLE, &v);
  if (a >= 0) H5Aclose(a);
  H5Sclose(sp);
  if (st < 0) throw IoError(std::string("HDF5: cannot write attribute ") + name);
}

void write_groups(hid_t f, const Network& net, const Result& r);

}  // namespace

void write_hdf5(const std::string& path, const Network& net, const Result& r) {
  // whole or not at all: written to a temporary beside `path`, renamed over it when complete
  const std::string tmp = path + ".tmp";
  const hid_t f = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) throw IoError("cannot create HDF5 file " + tmp);
  try {
    write_groups(f, net, r);
  } catch (...) {
    H5Fclose(f);
    std::remove(tmp.c_str());
    throw;
  }
  if (H5Fclose(f) < 0) {
    std::remove(tmp.c_str());
    throw IoError("cannot close HDF5 file " + tmp);
  }
  io::detail::move_into_place(tmp, path);
}

namespace {
void write_groups(hid_t f, const Network& net, const Result& r) {
  const hid_t root = H5Gcreate2(f, "/liquid", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  attr(root, "heat_in_W", r.heat_in);
  attr(root, "heat_rejected_W", r.heat_rejected);
  attr(root, "heat_stored_W", r.heat_stored);
  attr(root, "energy_relative_residual", r.convergence.energy_residual);
  attr(root, "pump_electric_W", r.pump_power);
  attr(root, "chiller_electric_W", r.chiller_power);
  attr(root, "fan_electric_W", r.fan_power);
  attr(root, "facility_supply_temperature_K", r.facility_supply_temperature);
  attr(root, "flow_change", r.convergence.flow_change);
  attr(root, "head_residual_m", r.convergence.head_residual);
  const hid_t gn = H5Gcreate2(root, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::string> nn;
  std::vector<double> z;
  for (const auto& n : net.nodes) {
    nn.push_back(n.name);
    z.push_back(n.elevation);
  }
  put_names(gn, "name", nn);
  put(gn, "elevation_m", z);
  put(gn, "head_m", r.head);
  put(gn, "pressure_Pa", r.pressure);
  put(gn, "temperature_K", r.temperature);
  H5Gclose(gn);
  const hid_t gl = H5Gcreate2(root, "links", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::string> ln, lt;
  std::vector<double> from, to;
  for (const auto& l : net.links) {
    ln.push_back(l.name);
    lt.push_back(link_type_name(l.type));
    from.push_back(l.from);
    to.push_back(l.to);
  }
  put_names(gl, "name", ln);
  put_names(gl, "type", lt);
  put(gl, "from_node", from);
  put(gl, "to_node", to);
  put(gl, "flow_m3_s", r.flow);
  put(gl, "headloss_m", r.headloss);
  put(gl, "velocity_m_s", r.velocity);
  put(gl, "temperature_out_K", r.link_out_temperature);
  put(gl, "heat_W", r.link_heat);
  H5Gclose(gl);
  const hid_t gc = H5Gcreate2(root, "cold_plates", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::string> cn;
  std::vector<double> tc, tl, qp;
  for (const auto& c : r.cold_plates) {
    cn.push_back(net.links[static_cast<std::size_t>(c.link)].name);
    tc.push_back(c.case_temperature);
    tl.push_back(c.case_limit);
    qp.push_back(c.flow_per_plate);
  }
  put_names(gc, "name", cn);
  put(gc, "case_temperature_K", tc);
  put(gc, "case_limit_K", tl);
  put(gc, "flow_per_plate_m3_s", qp);
  H5Gclose(gc);
  const hid_t gu = H5Gcreate2(root, "cdus", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::string> un;
  std::vector<double> duty, appr, eps;
  for (const auto& c : r.cdus) {
    un.push_back(net.cdus[static_cast<std::size_t>(c.cdu)].name);
    duty.push_back(c.duty);
    appr.push_back(c.approach);
    eps.push_back(c.effectiveness);
  }
  put_names(gu, "name", un);
  put(gu, "duty_W", duty);
  put(gu, "approach_K", appr);
  put(gu, "effectiveness", eps);
  H5Gclose(gu);
  const hid_t gp = H5Gcreate2(root, "pumps", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<std::string> pn;
  std::vector<double> pq, ph, pe, pw;
  for (const auto& p : r.pumps) {
    pn.push_back(net.links[static_cast<std::size_t>(p.link)].name);
    pq.push_back(p.flow);
    ph.push_back(p.head);
    pe.push_back(p.efficiency);
    pw.push_back(p.electric_power);
  }
  put_names(gp, "name", pn);
  put(gp, "flow_m3_s", pq);
  put(gp, "head_m", ph);
  put(gp, "efficiency", pe);
  put(gp, "electric_power_W", pw);
  H5Gclose(gp);
  H5Gclose(root);
}
}  // namespace
#else
void write_hdf5(const std::string&, const Network&, const Result&) {
  throw NotCompiled("this build of factwin has no HDF5 writer (configure with FACTWIN_ENABLE_HDF5=ON)");
}
#endif

}  // namespace factwin::liquid
