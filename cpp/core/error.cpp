// SPDX-License-Identifier: Apache-2.0
#include "factwin/core/error.hpp"

namespace factwin {
namespace {
std::string format_input_error(const std::string& code, const InputLocation& w,
                               const std::string& message) {
  std::string s = code + " " + (w.file.empty() ? std::string("<scenario>") : w.file);
  if (w.line > 0) s += ":" + std::to_string(w.line) + ":" + std::to_string(w.column);
  s += " ";
  s += w.pointer.empty() ? std::string("(document)") : w.pointer;
  s += ": " + message;
  return s;
}
}  // namespace

InputError::InputError(std::string code, InputLocation where, std::string message)
    : Error(format_input_error(code, where, message)),
      code_(std::move(code)),
      where_(std::move(where)),
      message_(std::move(message)) {}

}  // namespace factwin
