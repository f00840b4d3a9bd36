// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "factwin/core/error.hpp"

namespace factwin::testing {

/// Runs `f`, which must throw InputError with `code`; checks the pointer and, when line > 0, the
/// line; returns the message for further checks.
inline std::string expect_input_error(const std::function<void()>& f, const std::string& code,
                                      const std::string& pointer, int line = 0) {
  try {
    f();
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_EQ(e.where().pointer, pointer) << e.what();
    if (line > 0) {
      EXPECT_EQ(e.where().line, line) << e.what();
    }
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError " << code << ", got another exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected InputError " << code << " at " << pointer << ", nothing was thrown";
  return {};
}

}  // namespace factwin::testing
