// SPDX-License-Identifier: Apache-2.0
#include "factwin/io/solver_output.hpp"

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/io/output.hpp"

#if FACTWIN_HAVE_VTK
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkFieldData.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkStringArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLImageDataWriter.h>
#endif
#if FACTWIN_HAVE_HDF5
#include <hdf5.h>
#endif

namespace factwin::io {
namespace {

namespace fs = std::filesystem;

nlohmann::json residuals_json(const airflow::Residuals& r) {
  return {{"momentum_x", r.momentum[0]}, {"momentum_y", r.momentum[1]}, {"momentum_z", r.momentum[2]},
          {"continuity", r.continuity},  {"energy", r.energy},           {"pressure_iterations", r.pressure_iterations}};
}

std::string temp_name(const fs::path& target) {
  std::random_device rd;
  return target.string() + ".tmp" + std::to_string(rd());
}

void commit(const fs::path& tmp, const fs::path& target) {
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ec2;
    fs::remove(tmp, ec2);
    throw IoError("cannot move " + tmp.string() + " to " + target.string() + ": " + ec.message());
  }
}

}  // namespace

std::string run_summary_json(const Scenario& s, const VoxelGrid& vg, const Executor& ex,
                             const std::string& requested_backend, const airflow::SolveResult& r,
                             const std::string& status, const std::string& error) {
  using nlohmann::json;
  json j = json::parse(grid_summary_json(s, vg, ex, requested_backend));
  j["status"] = status;
  if (!error.empty()) j["error"] = error;
  json hist = json::array();
  for (const auto& h : r.history) hist.push_back(residuals_json(h));
  j["solver"] = {{"mode", r.mode},
                 {"turbulence", s.solver.turbulence == TurbulenceModel::laminar         ? "laminar"
                                : s.solver.turbulence == TurbulenceModel::zero_equation ? "zero_equation"
                                                                                        : "k_epsilon"},
                 {"converged", r.converged},
                 {"iterations", r.iterations},
                 {"tolerance", r.tolerance},
                 {"criterion", "every scaled residual (momentum x/y/z, continuity, energy) < tolerance "
                               "(docs/solver.md#residuals)"},
                 {"final_residuals", residuals_json(r.final_residuals)},
                 {"wall_time_s", r.wall_time},
                 {"cells", r.cells[0] * static_cast<long>(r.cells[1]) * r.cells[2]},
                 {"backend", r.backend},
                 {"memory_bytes", r.memory_bytes},
                 {"memory_bytes_per_cell", r.cells[0] > 0 ? static_cast<double>(r.memory_bytes) /
                                                                 (static_cast<double>(r.cells[0]) * r.cells[1] * r.cells[2])
                                                           : 0.0},
                 {"precision", r.precision},
                 {"message", r.message},
                 {"residual_history", hist}};
  if (r.mode == "transient") j["solver"]["simulated_time_s"] = r.simulated_time;
  // Per-surface flows: merge into the "surfaces" entries written by grid_summary_json (same ids).
  for (auto& e : j["surfaces"]) {
    const int id = e["id"].get<int>();
    for (const auto& f : r.surfaces)
      if (f.id == id) {
        e["mass_flow_kg_s"] = f.mass_flow;
        e["volume_flow_m3_s"] = f.volume_flow;
        e["heat_flow_W"] = f.heat_flow;
      }
  }
  j["balance"] = {{"note", "flows are positive into the air; advected heat is relative to the fluid's "
                           "reference temperature"},
                  {"net_mass_flow_kg_s", r.net_mass_flow},
                  {"through_mass_flow_kg_s", r.through_mass_flow},
                  {"heat_sources_W", r.source_heat},
                  {"net_heat_flow_W", r.net_heat_flow}};
  return j.dump(2) + "\n";
}

std::vector<std::string> write_fields(const std::string& dir, const std::string& stem,
                                      const airflow::SolveResult& r) {
  std::vector<std::string> written;
  if (r.temperature.empty()) return written;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw IoError("cannot create directory " + dir + ": " + ec.message());
  const int nx = r.cells[0], ny = r.cells[1], nz = r.cells[2];
  const std::size_t n = static_cast<std::size_t>(nx) * ny * nz;
#if FACTWIN_HAVE_VTK
  {
    const fs::path target = fs::path(dir) / (stem + ".vti");
    const std::string tmp = temp_name(target);
    vtkNew<vtkImageData> img;
    img->SetDimensions(nx + 1, ny + 1, nz + 1);
    img->SetOrigin(r.origin.x, r.origin.y, r.origin.z);
    img->SetSpacing(r.spacing[0], r.spacing[1], r.spacing[2]);
    vtkNew<vtkDoubleArray> vel, p, t, nu;
    vtkNew<vtkUnsignedCharArray> air;
    vel->SetName("velocity");
    vel->SetNumberOfComponents(3);
    vel->SetNumberOfTuples(static_cast<vtkIdType>(n));
    p->SetName("pressure");
    t->SetName("temperature");
    nu->SetName("viscosity");
    air->SetName("air");
    for (auto* a : {p.GetPointer(), t.GetPointer(), nu.GetPointer()}) a->SetNumberOfTuples(static_cast<vtkIdType>(n));
    air->SetNumberOfTuples(static_cast<vtkIdType>(n));
    for (std::size_t c = 0; c < n; ++c) {
      const auto id = static_cast<vtkIdType>(c);
      vel->SetTuple3(id, r.velocity[0][c], r.velocity[1][c], r.velocity[2][c]);
      p->SetValue(id, r.pressure[c]);
      t->SetValue(id, r.temperature[c]);
      nu->SetValue(id, r.viscosity[c]);
      air->SetValue(id, r.fluid[c]);
    }
    for (vtkDataArray* a : {static_cast<vtkDataArray*>(vel), static_cast<vtkDataArray*>(p),
                            static_cast<vtkDataArray*>(t), static_cast<vtkDataArray*>(nu),
                            static_cast<vtkDataArray*>(air)})
      img->GetCellData()->AddArray(a);
    vtkNew<vtkStringArray> units;
    units->SetName("units");
    for (const char* u : {"velocity: m/s", "pressure: Pa (gauge, hydrostatic part removed)", "temperature: K",
                          "viscosity: m^2/s (effective kinematic)", "air: 1 air, 0 solid"})
      units->InsertNextValue(u);
    img->GetFieldData()->AddArray(units);
    vtkNew<vtkXMLImageDataWriter> w;
    w->SetFileName(tmp.c_str());
    w->SetInputData(img);
    w->SetDataModeToAppended();
    w->EncodeAppendedDataOff();
    if (w->Write() != 1) {
      fs::remove(tmp, ec);
      throw IoError("cannot write " + target.string() + " (VTK writer failed)");
    }
    commit(tmp, target);
    written.push_back(target.string());
  }
#endif
#if FACTWIN_HAVE_HDF5
  {
    const fs::path target = fs::path(dir) / (stem + ".h5");
    const std::string tmp = temp_name(target);
    const hid_t file = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0) throw IoError("cannot create " + tmp);
    bool ok = true;
    auto put = [&](const char* name, const std::vector<double>& data, int comps, const char* unit) {
      hsize_t dims[4] = {static_cast<hsize_t>(nz), static_cast<hsize_t>(ny), static_cast<hsize_t>(nx),
                         static_cast<hsize_t>(comps)};
      const hid_t space = H5Screate_simple(comps > 1 ? 4 : 3, dims, nullptr);
      const hid_t ds = H5Dcreate2(file, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      ok = ok && ds >= 0 && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0;
      const hid_t str = H5Tcopy(H5T_C_S1);
      H5Tset_size(str, std::string(unit).size() + 1);
      const hid_t as = H5Screate(H5S_SCALAR);
      const hid_t at = H5Acreate2(ds, "units", str, as, H5P_DEFAULT, H5P_DEFAULT);
      ok = ok && at >= 0 && H5Awrite(at, str, unit) >= 0;
      H5Aclose(at);
      H5Sclose(as);
      H5Tclose(str);
      H5Dclose(ds);
      H5Sclose(space);
    };
    std::vector<double> vel(3 * n), air(n);
    for (std::size_t c = 0; c < n; ++c) {
      for (int a = 0; a < 3; ++a) vel[3 * c + static_cast<std::size_t>(a)] = r.velocity[static_cast<std::size_t>(a)][c];
      air[c] = r.fluid[c];
    }
    put("/velocity", vel, 3, "m/s");
    put("/pressure", r.pressure, 1, "Pa");
    put("/temperature", r.temperature, 1, "K");
    put("/viscosity", r.viscosity, 1, "m^2/s");
    put("/air", air, 1, "1");
    if (H5Fclose(file) < 0) ok = false;
    if (!ok) {
      fs::remove(tmp, ec);
      throw IoError("writing " + target.string() + " failed");
    }
    commit(tmp, target);
    written.push_back(target.string());
    // XDMF: cell-centred attributes on a 3DCoRectMesh (dimensions are node counts, z y x).
    std::ostringstream x;
    const std::string h5 = stem + ".h5";
    auto dims = [&](int comps) {
      std::ostringstream d;
      d << nz << " " << ny << " " << nx;
      if (comps > 1) d << " " << comps;
      return d.str();
    };
    x << "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n <Domain>\n  <Grid Name=\"factwin\" GridType=\"Uniform\">\n"
      << "   <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"" << nz + 1 << " " << ny + 1 << " " << nx + 1 << "\"/>\n"
      << "   <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n"
      << "    <DataItem Dimensions=\"3\" Format=\"XML\">" << r.origin.z << " " << r.origin.y << " " << r.origin.x << "</DataItem>\n"
      << "    <DataItem Dimensions=\"3\" Format=\"XML\">" << r.spacing[2] << " " << r.spacing[1] << " " << r.spacing[0] << "</DataItem>\n"
      << "   </Geometry>\n";
    const struct {
      const char* name;
      int comps;
      const char* unit;
    } attrs[] = {{"velocity", 3, "m/s"}, {"pressure", 1, "Pa"}, {"temperature", 1, "K"}, {"viscosity", 1, "m^2/s"}, {"air", 1, "1"}};
    for (const auto& a : attrs)
      x << "   <Attribute Name=\"" << a.name << " [" << a.unit << "]\" AttributeType=\"" << (a.comps > 1 ? "Vector" : "Scalar")
        << "\" Center=\"Cell\">\n    <DataItem Dimensions=\"" << dims(a.comps)
        << "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" << h5 << ":/" << a.name << "</DataItem>\n   </Attribute>\n";
    x << "  </Grid>\n </Domain>\n</Xdmf>\n";
    const std::string xpath = (fs::path(dir) / (stem + ".xdmf")).string();
    write_file_atomic(xpath, x.str());
    written.push_back(xpath);
  }
#endif
  return written;
}

}  // namespace factwin::io
