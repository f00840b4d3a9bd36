// SPDX-License-Identifier: Apache-2.0
// The one backend-dispatch mechanism of factwin (docs/architecture.md, "Backends"), used by every
// module: airflow, liquid and electrical.
//
// A module lists its kernel entry points once, as an X-macro of
//   X(return type, name, (parameters), (arguments forwarded to the kernel after its Exec))
// e.g.
//   #define FACTWIN_LIQUID_ENTRY_POINTS(X) X(void, gga_assemble_batch, (const GgaAssembleArgs& a), (a))
// (one X(...) per entry point, the lines joined with backslashes)
// and gets from the macros below, with no per-entry code:
//   FACTWIN_DECLARE_ENTRY_POINTS(LIST, ns)      in its backend header: ns::host_api::name and
//                                               ns::cuda_api::name, one declaration each;
//   FACTWIN_DEFINE_HOST_ENTRY_POINTS(LIST, ns)  in its host translation unit, after including its
//                                               *_kernels.inc with FACTWIN_BACKEND_NS host;
//   FACTWIN_DEFINE_CUDA_ENTRY_POINTS(LIST, ns)  in its .cu file (FACTWIN_BACKEND_NS cuda_backend);
//   FACTWIN_DEFINE_CUDA_STUBS(LIST, ns, what)   in its stub file, built only without CUDA: every
//                                               entry throws NotCompiled.
// Callers never choose a backend themselves: FACTWIN_DISPATCH(executor, ns, name, args...) runs the
// CUDA build of the kernel when the Executor's kernels run on a device, the host build otherwise
// (host and host-debug). Where the data lives (host arrays, or Buffers reached only through
// explicit copies) is the Executor's device_layout().
#pragma once

#include "factwin/core/exec.hpp"

#define FACTWIN_DISPATCH_UNPACK(...) __VA_ARGS__

#define FACTWIN_DISPATCH_DECLARE_ONE(ret, name, params, args) ret name params;
#define FACTWIN_DECLARE_ENTRY_POINTS(LIST, ns)        \
  namespace ns::host_api {                            \
  LIST(FACTWIN_DISPATCH_DECLARE_ONE)                  \
  }                                                   \
  namespace ns::cuda_api {                            \
  LIST(FACTWIN_DISPATCH_DECLARE_ONE)                  \
  }

#define FACTWIN_DISPATCH_DEFINE_HOST_ONE(ret, name, params, args) \
  ret name params { return ::FACTWIN_DISPATCH_NS::host::name(::factwin::host::Exec{}, FACTWIN_DISPATCH_UNPACK args); }
/// Defines ns::host_api from the host build of the kernels (namespace ns::host). Needs
/// core/launch_host.hpp; FACTWIN_DISPATCH_NS must name `ns` (a macro, so the one-line entries can
/// use it).
#define FACTWIN_DEFINE_HOST_ENTRY_POINTS(LIST, ns) \
  namespace ns::host_api {                         \
  LIST(FACTWIN_DISPATCH_DEFINE_HOST_ONE)           \
  }

#define FACTWIN_DISPATCH_DEFINE_CUDA_ONE(ret, name, params, args) \
  ret name params {                                               \
    return ::FACTWIN_DISPATCH_NS::cuda_backend::name(::factwin::cuda_backend::Exec{}, FACTWIN_DISPATCH_UNPACK args); \
  }
/// Defines ns::cuda_api from the CUDA build of the kernels (namespace ns::cuda_backend). Needs
/// core/launch_cuda.cuh and FACTWIN_DISPATCH_NS as above.
#define FACTWIN_DEFINE_CUDA_ENTRY_POINTS(LIST, ns) \
  namespace ns::cuda_api {                         \
  LIST(FACTWIN_DISPATCH_DEFINE_CUDA_ONE)           \
  }

#define FACTWIN_DISPATCH_STUB_ONE(ret, name, params, args) \
  ret name params { throw ::factwin::NotCompiled(FACTWIN_DISPATCH_WHAT " kernel " #name ": this build of factwin has no CUDA backend"); }
/// Defines ns::cuda_api in builds without CUDA: every entry throws NotCompiled. Needs
/// factwin/core/error.hpp and FACTWIN_DISPATCH_WHAT (a string literal naming the module).
#define FACTWIN_DEFINE_CUDA_STUBS(LIST, ns)                  \
  _Pragma("GCC diagnostic push")                             \
  _Pragma("GCC diagnostic ignored \"-Wunused-parameter\"")   \
  namespace ns::cuda_api {                                   \
  LIST(FACTWIN_DISPATCH_STUB_ONE)                            \
  }                                                          \
  _Pragma("GCC diagnostic pop")

/// Runs kernel `name` of module namespace `ns` on the backend of Executor `ex`.
#define FACTWIN_DISPATCH(ex, ns, name, ...) \
  ((ex).kernels_on_device() ? ::ns::cuda_api::name(__VA_ARGS__) : ::ns::host_api::name(__VA_ARGS__))
