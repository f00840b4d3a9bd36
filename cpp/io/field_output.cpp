// SPDX-License-Identifier: Apache-2.0
#include "factwin/io/field_output.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "factwin/config.hpp"
#include "io/atomic_file.hpp"
#include "factwin/core/error.hpp"
#include "factwin/io/output.hpp"

#if FACTWIN_HAVE_VTK
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLImageDataWriter.h>
#endif
#if FACTWIN_HAVE_HDF5
#include <hdf5.h>
#endif

namespace factwin::io {
namespace {
namespace fs = std::filesystem;

struct Named {
  std::string name, units;
  const std::vector<double>* data;
};

std::vector<Named> scalar_fields(const airflow::HostFields& f) {
  std::vector<Named> v = {{"temperature", "K", &f.T},
                          {"pressure", "Pa", &f.p},
                          {"turbulent_viscosity", "m^2/s", &f.nut},
                          {"velocity_x", "m/s", &f.u},
                          {"velocity_y", "m/s", &f.v},
                          {"velocity_z", "m/s", &f.w}};
  if (!f.k.empty()) v.push_back({"turbulent_kinetic_energy", "m^2/s^2", &f.k});
  if (!f.eps.empty()) v.push_back({"turbulent_dissipation", "m^2/s^3", &f.eps});
  for (std::size_t t = 0; t < f.tracers.size(); ++t) v.push_back({"tracer_" + f.tracer_names[t], "1", &f.tracers[t]});
  return v;
}

}  // namespace

bool hdf5_available() noexcept { return FACTWIN_HAVE_HDF5 != 0; }

void write_fields_vti(const std::string& path, const airflow::HostFields& f) {
#if FACTWIN_HAVE_VTK
  std::error_code ec;
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path(), ec);
  vtkNew<vtkImageData> img;
  img->SetDimensions(f.cells[0] + 1, f.cells[1] + 1, f.cells[2] + 1);  // points; fields are cell data
  img->SetOrigin(f.origin.x, f.origin.y, f.origin.z);
  img->SetSpacing(f.spacing.x, f.spacing.y, f.spacing.z);
  const vtkIdType n = static_cast<vtkIdType>(f.T.size());
  for (const Named& fld : scalar_fields(f)) {
    if (fld.data->size() != static_cast<std::size_t>(n)) continue;
    vtkNew<vtkDoubleArray> a;
    a->SetName((fld.name + " [" + fld.units + "]").c_str());
    a->SetNumberOfValues(n);
    for (vtkIdType i = 0; i < n; ++i) a->SetValue(i, (*fld.data)[static_cast<std::size_t>(i)]);
    img->GetCellData()->AddArray(a);
  }
  vtkNew<vtkDoubleArray> vel;
  vel->SetName("velocity [m/s]");
  vel->SetNumberOfComponents(3);
  vel->SetNumberOfTuples(n);
  for (vtkIdType i = 0; i < n; ++i)
    vel->SetTuple3(i, f.u[static_cast<std::size_t>(i)], f.v[static_cast<std::size_t>(i)], f.w[static_cast<std::size_t>(i)]);
  img->GetCellData()->AddArray(vel);
  vtkNew<vtkUnsignedCharArray> solid;
  solid->SetName("solid");
  solid->SetNumberOfValues(n);
  for (vtkIdType i = 0; i < n; ++i) solid->SetValue(i, f.solid[static_cast<std::size_t>(i)]);
  img->GetCellData()->AddArray(solid);
  const std::string tmp = path + ".tmp.vti";
  vtkNew<vtkXMLImageDataWriter> w;
  w->SetFileName(tmp.c_str());
  w->SetInputData(img);
  w->SetDataModeToAppended();
  w->EncodeAppendedDataOff();
  if (w->Write() != 1) {
    fs::remove(tmp, ec);
    throw IoError("VTK could not write " + tmp);
  }
  detail::move_into_place(tmp, path);
#else
  (void)path;
  (void)f;
  throw NotCompiled("this build of factwin has no VTK writer");
#endif
}

void write_fields_hdf5(const std::string& h5_path, const std::string& xdmf_path, const airflow::HostFields& f) {
#if FACTWIN_HAVE_HDF5
  std::error_code ec;
  if (fs::path(h5_path).has_parent_path()) fs::create_directories(fs::path(h5_path).parent_path(), ec);
  const std::string tmp = h5_path + ".tmp.h5";
  const hid_t file = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) throw IoError("HDF5 cannot create " + tmp);
  bool ok = true;
  const hid_t grp = H5Gcreate2(file, "/fields", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const hsize_t dims[3] = {static_cast<hsize_t>(f.cells[2]), static_cast<hsize_t>(f.cells[1]),
                           static_cast<hsize_t>(f.cells[0])};
  auto attr_string = [&](hid_t obj, const char* name, const std::string& value) {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, value.size() + 1);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t at = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    ok &= at >= 0 && H5Awrite(at, type, value.c_str()) >= 0;
    H5Aclose(at);
    H5Sclose(space);
    H5Tclose(type);
  };
  std::vector<Named> fields = scalar_fields(f);
  std::vector<double> solid(f.solid.begin(), f.solid.end());
  fields.push_back({"solid", "1", &solid});
  for (const Named& fld : fields) {
    const hid_t space = H5Screate_simple(3, dims, nullptr);
    const hid_t ds = H5Dcreate2(grp, fld.name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= ds >= 0 && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, fld.data->data()) >= 0;
    attr_string(ds, "units", fld.units);
    H5Dclose(ds);
    H5Sclose(space);
  }
  attr_string(grp, "layout", "cell-centred, datasets [nz][ny][nx], x fastest");
  H5Gclose(grp);
  ok &= H5Fclose(file) >= 0;
  if (!ok) {
    fs::remove(tmp, ec);
    throw IoError("HDF5 failed while writing " + tmp);
  }
  detail::move_into_place(tmp, h5_path);
  // XDMF: a 3D CoRectMesh with the cell-centred datasets
  std::ostringstream x;
  const std::string h5name = fs::path(h5_path).filename().string();
  x << "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n <Domain>\n  <Grid Name=\"hall\" GridType=\"Uniform\">\n"
    << "   <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"" << f.cells[2] + 1 << " " << f.cells[1] + 1 << " "
    << f.cells[0] + 1 << "\"/>\n"
    << "   <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n"
    << "    <DataItem Dimensions=\"3\" Format=\"XML\">" << f.origin.z << " " << f.origin.y << " " << f.origin.x
    << "</DataItem>\n"
    << "    <DataItem Dimensions=\"3\" Format=\"XML\">" << f.spacing.z << " " << f.spacing.y << " " << f.spacing.x
    << "</DataItem>\n   </Geometry>\n";
  for (const Named& fld : fields)
    x << "   <Attribute Name=\"" << fld.name << " [" << fld.units << "]\" AttributeType=\"Scalar\" Center=\"Cell\">\n"
      << "    <DataItem Dimensions=\"" << dims[0] << " " << dims[1] << " " << dims[2]
      << "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" << h5name << ":/fields/" << fld.name
      << "</DataItem>\n   </Attribute>\n";
  x << "  </Grid>\n </Domain>\n</Xdmf>\n";
  write_file_atomic(xdmf_path, x.str());
#else
  (void)h5_path;
  (void)xdmf_path;
  (void)f;
  throw NotCompiled("this build of factwin has no HDF5 writer");
#endif
}

}  // namespace factwin::io
