// SPDX-License-Identifier: Apache-2.0
#include "factwin/io/vtk_output.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "io/atomic_file.hpp"

#if FACTWIN_HAVE_VTK
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkFieldData.h>
#include <vtkIntArray.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkStringArray.h>
#include <vtkXMLPolyDataWriter.h>
#endif

namespace factwin::io {

bool vtk_available() noexcept { return FACTWIN_HAVE_VTK != 0; }

#if FACTWIN_HAVE_VTK
namespace {
const Box3& body_box(const Scenario& s, const VoxelBody& b) {
  switch (b.kind) {
    case BodyKind::rack: return s.racks[b.source_index].box;
    case BodyKind::cooler: return s.coolers[b.source_index].box;
    case BodyKind::obstruction: break;
  }
  return s.obstructions[b.source_index].box;
}
}  // namespace
#endif

void write_equipment_vtp(const std::string& path, const Scenario& s, const VoxelGrid& vg,
                         const std::vector<BodyValues>& values) {
#if FACTWIN_HAVE_VTK
  namespace fs = std::filesystem;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> quads;
  vtkNew<vtkDoubleArray> power, tin, tout, flow;
  vtkNew<vtkIntArray> kind, body;
  power->SetName("power");
  tin->SetName("inlet_temperature");
  tout->SetName("outlet_temperature");
  flow->SetName("airflow");
  kind->SetName("kind");
  body->SetName("body");
  vtkNew<vtkStringArray> names;
  names->SetName("body_names");
  // The 6 faces of a box as corner indices (x fastest: corner = i + 2 j + 4 k).
  static const int faces[6][4] = {{0, 4, 6, 2}, {1, 3, 7, 5}, {0, 1, 5, 4},
                                  {2, 6, 7, 3}, {0, 2, 3, 1}, {4, 5, 7, 6}};
  for (std::size_t bi = 0; bi < vg.bodies.size(); ++bi) {
    const VoxelBody& b = vg.bodies[bi];
    const Box3& box = body_box(s, b);
    const vtkIdType p0 = points->GetNumberOfPoints();
    for (int c = 0; c < 8; ++c)
      points->InsertNextPoint((c & 1) ? box.hi.x : box.lo.x, (c & 2) ? box.hi.y : box.lo.y,
                              (c & 4) ? box.hi.z : box.lo.z);
    const BodyValues v = bi < values.size() ? values[bi] : BodyValues{nan, nan, nan, nan};
    for (const auto& f : faces) {
      const vtkIdType ids[4] = {p0 + f[0], p0 + f[1], p0 + f[2], p0 + f[3]};
      quads->InsertNextCell(4, ids);
      power->InsertNextValue(v.power);
      tin->InsertNextValue(v.inlet_temperature);
      tout->InsertNextValue(v.outlet_temperature);
      flow->InsertNextValue(v.airflow);
      kind->InsertNextValue(static_cast<int>(b.kind));
      body->InsertNextValue(static_cast<int>(bi));
    }
    names->InsertNextValue(b.name);
  }
  vtkNew<vtkPolyData> pd;
  pd->SetPoints(points);
  pd->SetPolys(quads);
  for (vtkDataArray* a : {static_cast<vtkDataArray*>(power), static_cast<vtkDataArray*>(tin),
                          static_cast<vtkDataArray*>(tout), static_cast<vtkDataArray*>(flow),
                          static_cast<vtkDataArray*>(kind), static_cast<vtkDataArray*>(body)})
    pd->GetCellData()->AddArray(a);
  pd->GetFieldData()->AddArray(names);
  vtkNew<vtkStringArray> unit_notes;
  unit_notes->SetName("units");
  unit_notes->InsertNextValue("power [W], inlet_temperature [K], outlet_temperature [K], airflow [m^3/s]");
  pd->GetFieldData()->AddArray(unit_notes);

  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp.vtp";
  vtkNew<vtkXMLPolyDataWriter> w;
  w->SetFileName(tmp.c_str());
  w->SetInputData(pd);
  w->SetDataModeToAppended();
  w->EncodeAppendedDataOff();
  if (w->Write() != 1) {
    fs::remove(tmp, ec);
    throw IoError("VTK could not write " + tmp);
  }
  detail::move_into_place(tmp, path);
#else
  (void)path;
  (void)s;
  (void)vg;
  (void)values;
  throw NotCompiled("this build of factwin has no VTK writer (configure with FACTWIN_ENABLE_VTK=ON)");
#endif
}

}  // namespace factwin::io
