// SPDX-License-Identifier: Apache-2.0
// The airflow solver's state and steps (internal). One Solver object runs one solve; its member
// functions are defined, one step of the algorithm per file (docs/solver.md):
//   setup.cpp        fields, surfaces, face types and reference scales from the voxelised scenario
//   regions.cpp      air regions: sealed regions (their pressure constant) and variable-flow racks
//   equipment.cpp    racks, coolers and rear doors: device faces and their coupling each iteration
//   momentum.cpp     momentum predictor (explicit) and implicit momentum (coefficients, sweeps)
//   pressure.cpp     projection (explicit step) and pressure correction (implicit iteration)
//   multigrid.cpp    the Poisson solve: multigrid hierarchy, V-cycle, preconditioned CG (PressureSolver)
//   transport.cpp    energy and tracer transport (explicit, or implicit sweeps), then the
//                    turbulence model's own scalars
//   anderson.cpp     Anderson acceleration of the steady implicit iteration (AndersonAccelerator)
//   drivers.cpp      time-step limits, the transient/explicit and steady implicit iterations, the loop
//   diagnostics.cpp  scaled residuals, failure handling and the results collected on the host
// The turbulence model is a unit of its own (turbulence/turbulence_model.hpp); every kernel launch
// goes through FW_CALL (kernel_launcher.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "airflow/anderson.hpp"
#include "airflow/kernel_launcher.hpp"
#include "airflow/kernels/airflow_args.hpp"
#include "airflow/pressure_solver.hpp"
#include "airflow/turbulence/turbulence_model.hpp"
#include "core/buffer.hpp"
#include "factwin/airflow/solver.hpp"

namespace factwin::airflow::detail {

inline constexpr real turbulent_prandtl = real(0.9);

// Implicit steady path (docs/solver.md, "Steady mode: implicit pseudo-time"): pseudo-time step
// limits, Gauss-Seidel sweeps per iteration and the per-iteration tolerance of the pressure correction.
inline constexpr double pseudo_cfl = 8.0;              // Courant number of the pseudo-time step
inline constexpr double pseudo_viscous_number = 5.0;   // k dt / h^2 bound of the pseudo-time step
inline constexpr double pseudo_buoyancy = 0.25;        // dt <= 1 / (pseudo_buoyancy N), N the buoyancy frequency
inline constexpr double energy_dt_factor = 4.0;        // energy pseudo-time step / momentum step
inline constexpr int momentum_sweeps = 2;  // more (4, 8) stall the sealed-containment study
inline constexpr int energy_sweeps = 12;
inline constexpr double correction_tolerance = 1e-3;

class Solver {
 public:
  Solver(const Scenario& s, const SolverSettings& settings, const VoxelGrid& vg, const Executor& ex,
         const SolveOptions& opt);
  SolveResult run();

 private:
  // ---- set-up (setup.cpp, regions.cpp, equipment.cpp, anderson.cpp) ----
  void setup();
  void setup_surfaces(double& max_speed, std::vector<double>& temps);
  void setup_faces(const std::vector<std::uint8_t>& solid);
  void setup_reference_scales(double max_speed, std::vector<double>& temps);
  void setup_fields();
  void setup_implicit();
  void setup_devices();
  void setup_anderson();
  void setup_initial_state(const SolveResult& initial);  // SolveOptions::initial (warm start)
  void check_sealed_regions(const std::vector<std::uint8_t>& solid);
  void check_variable_flow_rack(const VoxelBody& b) const;

  // ---- one iteration (drivers.cpp and the step files) ----
  real stable_dt(double umax_sum_over_h, double nut_max, double dT_max) const;
  real pseudo_dt(double umax_sum_over_h, double nut_max, double dT_max) const;
  void step(real dt);
  void step_implicit(real dt);
  void couple_devices_step();
  MomentumArgs momentum_args(real dt);
  void predict_momentum(real dt);
  void implicit_momentum(real dt);
  ProjectArgs project_args(real dt);
  void project(real dt);
  void correct_pressure(real dt);
  ScalarArgs scalar_args();
  void point_at_tracer(ScalarArgs& sa, std::size_t t);  // sa transports tracer t (no source)
  void implicit_scalar(const ScalarArgs& sa);
  void transport_scalars(real dt);
  void implicit_scalars(real dt);
  // Anderson acceleration of the steady implicit iteration
  void aa_transfer(real* x, bool pack);
  void aa_pack(real* x) { aa_transfer(x, true); }
  void aa_unpack(real* x) { aa_transfer(x, false); }
  void aa_update() {
    aa_.update([this](real* x) { aa_pack(x); }, [this](real* x) { aa_unpack(x); });
  }

  // ---- diagnostics and results (diagnostics.cpp) ----
  ResidualRecord residuals(long it, real dt);
  void collect(SolveResult& r, bool use_new);
  [[noreturn]] void fail_numerical(const std::string& field, const real* data_device, index_t n, bool faces, int axis);

  const Scenario& s_;
  const SolverSettings& st_;  // how to solve it (the run settings)
  const VoxelGrid& vg_;
  SolveOptions opt_;
  KernelLauncher kernels_;  // FW_CALL launches through it
  bool on_device_;          // the fields live in device memory (the Executor's kernels run there)
  SolveResult result_;
  std::unique_ptr<TurbulenceUnit> turb_;
  bool turbulent_ = false;  // the turbulence model adds an eddy viscosity

  // grid, geometry and boundary surfaces
  GridGpu g_;
  index_t ncell_ = 0;
  std::array<index_t, 3> nface_{};
  index_t fluid_cells_ = 0;
  Buffer<std::uint8_t> solid_;
  std::array<Buffer<std::uint16_t>, 3> fid_;
  std::array<Buffer<std::uint8_t>, 3> ftype_;
  std::array<Buffer<std::uint8_t>, 3> tcode_;  // tangential wall codes per face (tangential_codes)
  std::array<std::vector<std::uint8_t>, 3> ftype_host_;
  Buffer<SurfaceGpu> surf_;
  std::vector<SurfaceGpu> surf_host_;
  bool has_porous_ = false;
  std::array<bool, 3> comp_moves_{true, true, true};  // some face of this component is solved (not 2D's w)

  // air regions (regions.cpp; the sealed ones' masks go to the pressure solver)
  std::vector<int> cell_region_;     // air region of each cell (-1 solid)
  std::vector<char> region_open_;    // region has a fixed-pressure opening

  // fields
  std::array<Buffer<real>, 3> vel_, vel_new_;
  Buffer<real> T_, T_new_, src_T_;
  std::vector<Buffer<real>> tr_, tr_new_;

  // implicit steady path
  bool implicit_ = false;                 // steady mode: implicit pseudo-time path
  long implicit_steps_ = 0;
  Buffer<real> p_;                        // pressure (the pressure solver's phi holds the correction)
  std::array<Buffer<real>, 3> mres_;      // steady momentum residual per face
  Buffer<real> sres_, trres_;             // steady energy / tracer (and turbulence) residual per cell
  Buffer<real> scoef_;                    // energy sweep coefficients (7 per cell)
  Buffer<real> mcoef_;                    // one momentum component's sweep coefficients

  // pressure Poisson solver (its finest level holds beta, the pressure or its correction, scratch)
  PressureSolver pressure_;

  // equipment (racks, coolers, rear doors)
  bool dynamic_flow_ = false;        // some rack's airflow follows its inlet temperature
  Buffer<DeviceGpu> dev_;
  std::vector<DeviceGpu> dev_host_;
  std::vector<int> dev_body_;  // body index per device
  Buffer<DeviceFace> dev_faces_;
  std::vector<DeviceFace> dev_faces_host_;

  // fluid properties and reference scales
  double nu_ = 0, alpha_ = 0, rho_ = 0, cp_ = 0, beta_T_ = 0, t_ref_ = 0;
  double U_ref_ = 0, dT_ref_ = 1, L_ref_ = 1, q_scale_ = 0;
  double sim_time_ = 0;

  // Anderson acceleration (anderson.cpp): the accelerator, and the layout of its state: the fields'
  // part, then the devices with a state carried between couplings (aa_transfer)
  int anderson_depth_ = 0;
  AndersonAccelerator aa_;
  index_t aa_n_fields_ = 0;
  std::vector<int> aa_dev_state_;
};

}  // namespace factwin::airflow::detail
