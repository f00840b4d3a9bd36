// SPDX-License-Identifier: Apache-2.0
// The only header that knows about __host__/__device__: kernels marked FACTWIN_HD compile for the
// host backend with any C++ compiler and for the CUDA backend with nvcc (docs/architecture.md).
#pragma once

#if defined(__CUDACC__)
#define FACTWIN_HD __host__ __device__
#define FACTWIN_FORCEINLINE __forceinline__
#else
#define FACTWIN_HD
#define FACTWIN_FORCEINLINE inline __attribute__((always_inline))
#endif

// Unroll the next (short, constant-trip) loop completely, so that loop indices become constants:
// the per-direction loops of the stencil kernels then index their small arrays at compile time.
// nvcc's host pass gets nothing: its front end rejects GCC's pragma, and the kernels it compiles
// there run on the device.
#if defined(__CUDA_ARCH__)
#define FACTWIN_UNROLL _Pragma("unroll")
#elif defined(__CUDACC__)
#define FACTWIN_UNROLL
#elif defined(__clang__)
#define FACTWIN_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define FACTWIN_UNROLL _Pragma("GCC unroll 8")
#else
#define FACTWIN_UNROLL
#endif
