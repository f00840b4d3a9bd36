// SPDX-License-Identifier: Apache-2.0
#include "factwin/core/exec.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/cuda_api.hpp"
#include "factwin/config.hpp"
#include "factwin/core/error.hpp"

#if FACTWIN_HAVE_OPENMP
#include <omp.h>
#endif

namespace factwin {

int Executor::device_count() noexcept { return cuda::device_count(nullptr); }

std::string Executor::no_device_reason() {
  std::string why;
  if (cuda::device_count(&why) > 0) return {};
  return why;
}

bool Executor::cuda_compiled() noexcept { return FACTWIN_HAVE_CUDA != 0; }

Executor Executor::create(const std::string& spec) {
  Executor ex;
#if FACTWIN_HAVE_OPENMP
  ex.threads_ = omp_get_max_threads();
#else
  ex.threads_ = 1;
#endif
  if (spec == "host" || spec == "cpu") return ex;
  if (spec == "host-debug") {
    ex.backend_ = Backend::host_debug;
    return ex;
  }
  int id = 0;
  bool want_cuda = false;
  if (spec == "auto") {
    std::string why;
    if (!cuda_compiled()) {
      ex.fallback_ = "this build has no CUDA backend";
      return ex;
    }
    if (cuda::device_count(&why) == 0) {
      ex.fallback_ = why;
      return ex;
    }
    want_cuda = true;
  } else if (spec == "cuda") {
    want_cuda = true;
  } else if (spec.rfind("cuda:", 0) == 0) {
    want_cuda = true;
    try {
      std::size_t used = 0;
      id = std::stoi(spec.substr(5), &used);
      if (used != spec.size() - 5 || id < 0) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw std::invalid_argument("backend '" + spec + "': expected cuda:N with N >= 0");
    }
  } else {
    throw std::invalid_argument("unknown backend '" + spec + "': expected cpu, host-debug, cuda, cuda:N or auto");
  }
  if (want_cuda) {
    if (!cuda_compiled())
      throw NotCompiled("backend '" + spec +
                        "' asked for, but this build of factwin has no CUDA backend");
    std::string why;
    const int n = cuda::device_count(&why);
    if (n == 0) throw DeviceError("backend '" + spec + "' asked for, but " + why);
    if (id >= n)
      throw DeviceError("backend '" + spec + "': device " + std::to_string(id) + " does not exist (" +
                        std::to_string(n) + " device(s) present)");
    cuda::set_device(id);
    ex.backend_ = Backend::cuda;
    ex.device_ = id;
    const DeviceInfo info = cuda::device_info(id);
    std::ostringstream os;
    os << info.name << ", cc " << info.cc_major << "." << info.cc_minor;
    ex.device_name_ = os.str();
  }
  return ex;
}

std::string Executor::description() const {
  if (backend_ == Backend::cuda)
    return "cuda:" + std::to_string(device_) + " (" + device_name_ + ")";
  if (backend_ == Backend::host_debug) return "host-debug (the device code path on the CPU)";
#if FACTWIN_HAVE_OPENMP
  return "cpu (OpenMP, " + std::to_string(threads_) + " threads)";
#else
  return "cpu (serial)";
#endif
}

std::size_t Executor::available_memory() const {
  if (backend_ == Backend::cuda) return cuda::device_info(device_).free_memory;
  return host_available_memory();
}

DeviceInfo device_info(int id) { return cuda::device_info(id); }

std::size_t host_available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::size_t kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb * 1024;
  return 0;
}

}  // namespace factwin
