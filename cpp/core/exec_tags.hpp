// SPDX-License-Identifier: Apache-2.0
// Plain tags passed to backend entry points (host::f(const exec::Host&, ...) / cuda::f(const
// exec::Cuda&, ...)). Internal: never part of the public API.
#pragma once

namespace factwin::exec {

/// The OpenMP host backend.
struct Host {
  int threads = 1;
};

/// The CUDA backend: device and (default) stream.
struct Cuda {
  int device = 0;
  void* stream = nullptr;  ///< cudaStream_t; nullptr = the default stream
};

}  // namespace factwin::exec
