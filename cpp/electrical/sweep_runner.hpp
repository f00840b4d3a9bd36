// SPDX-License-Identifier: Apache-2.0
// Power flow, the sweep launch: runs the batched backward/forward sweep of a SweepPack on the
// backend of an Executor (sweep_runner.cpp).
#pragma once

#include "core/buffer.hpp"
#include "electrical/radial_sweep.hpp"
#include "factwin/core/exec.hpp"

namespace factwin::electrical::detail {

/// Runs the sweeps of a pack, results (voltages, currents, iterations, last |dV|) back in the pack:
///  - host: the host build of the kernel on the pack's own arrays;
///  - cuda: the packed arrays are uploaded to device Buffers (grown on demand, kept for the next
///    launch), swept there by the CUDA build, and the results downloaded;
///  - host-debug: the cuda path with Buffers in separate host memory and the host build of the
///    kernel; the pack's result arrays are poisoned before the download (NaN; INT_MIN for the
///    iteration counts, which then read as not converged), so a missing copy shows in CPU-only
///    tests (NMinus1Batch.HostDebugEqualsHostBitForBit).
/// Every copy is explicit (STYLE.md section 3).
class SweepRunner {
 public:
  explicit SweepRunner(const Executor& ex) : ex_(ex) {}
  void run(SweepPack& pack, const PowerFlowOptions& opt);

 private:
  void run_in_buffers(SweepPack& pack, const PowerFlowOptions& opt);

  Executor ex_;
  Buffer<int> start_, parent_, it_;
  Buffer<double> zr_, zi_, p_, q_, vr_, vi_, ir_, ii_, dv_;
};

}  // namespace factwin::electrical::detail
