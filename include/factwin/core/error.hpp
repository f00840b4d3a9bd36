// SPDX-License-Identifier: Apache-2.0
// Exceptions thrown by factwin. The library never exits or prints; the CLI maps these to exit codes
// (docs/errors.md): InputError -> 2, DeviceError/NotCompiled -> 3, NumericalError/ConvergenceError -> 4,
// IoError -> 5.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace factwin {

/// Base of every factwin exception.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

/// Where in an input file a problem is: file, 1-based line and column, and the JSON pointer.
struct InputLocation {
  std::string file;     ///< path as given by the user ("<string>" for in-memory text)
  int line = 0;         ///< 1-based; 0 when unknown
  int column = 0;       ///< 1-based; 0 when unknown
  std::string pointer;  ///< RFC 6901 JSON pointer of the offending value ("" = whole document)
};

/// Bad user input: carries a stable code (FW-Ennnn, catalogued in docs/errors.md) and a location.
/// what() reads e.g. "FW-E0114 hall.json:12:17 /hall/extent/0: must be > 0 (got -3)".
class InputError : public Error {
 public:
  InputError(std::string code, InputLocation where, std::string message);
  [[nodiscard]] const std::string& code() const noexcept { return code_; }
  [[nodiscard]] const InputLocation& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string code_;
  InputLocation where_;
  std::string message_;
};

/// A backend that this build does not contain (e.g. CUDA asked for in a CPU-only build).
class NotCompiled : public Error {
 public:
  explicit NotCompiled(const std::string& what) : Error(what) {}
};

/// A GPU problem: no device, a failed CUDA call, too little device memory.
class DeviceError : public Error {
 public:
  DeviceError(const std::string& what, int cuda_code = 0, std::string cuda_name = {})
      : Error(what), cuda_code_(cuda_code), cuda_name_(std::move(cuda_name)) {}
  [[nodiscard]] int cuda_code() const noexcept { return cuda_code_; }
  [[nodiscard]] const std::string& cuda_name() const noexcept { return cuda_name_; }

 private:
  int cuda_code_;
  std::string cuda_name_;
};

/// NaN/Inf or blow-up in a solve: names the field, the iteration and the worst cell.
class NumericalError : public Error {
 public:
  NumericalError(const std::string& what, std::string field, long iteration, std::array<int, 3> cell)
      : Error(what), field_(std::move(field)), iteration_(iteration), cell_(cell) {}
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  [[nodiscard]] long iteration() const noexcept { return iteration_; }
  [[nodiscard]] std::array<int, 3> cell() const noexcept { return cell_; }

 private:
  std::string field_;
  long iteration_;
  std::array<int, 3> cell_;
};

/// A solve that stopped at its iteration limit without meeting its tolerance.
class ConvergenceError : public Error {
 public:
  ConvergenceError(const std::string& what, std::vector<double> residuals)
      : Error(what), residuals_(std::move(residuals)) {}
  [[nodiscard]] const std::vector<double>& residuals() const noexcept { return residuals_; }

 private:
  std::vector<double> residuals_;
};

/// A file that could not be read or written.
class IoError : public Error {
 public:
  explicit IoError(const std::string& what) : Error(what) {}
};

}  // namespace factwin

/// Always-on check that throws factwin::Error with file:line (like MFEM_VERIFY).
#define FACTWIN_CHECK(cond, msg)                                                              \
  do {                                                                                        \
    if (!(cond))                                                                              \
      throw ::factwin::Error(std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + \
                             (msg));                                                          \
  } while (0)
