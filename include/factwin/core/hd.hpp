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
