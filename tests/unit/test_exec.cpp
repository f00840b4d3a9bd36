// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <stdexcept>

#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"

using factwin::Executor;

TEST(Executor, HostAlwaysWorks) {
  const Executor ex = Executor::create("cpu");
  EXPECT_FALSE(ex.is_cuda());
  EXPECT_GE(ex.threads(), 1);
  EXPECT_NE(ex.description().find("cpu"), std::string::npos);
  EXPECT_GT(ex.available_memory(), 0u);
}

TEST(Executor, HostDebugRunsTheDeviceCodePathOnTheHost) {
  const Executor ex = Executor::create("host-debug");
  EXPECT_EQ(ex.backend(), factwin::Backend::host_debug);
  EXPECT_FALSE(ex.is_cuda());
  EXPECT_FALSE(ex.kernels_on_device());
  EXPECT_TRUE(ex.device_layout());
  EXPECT_NE(ex.description().find("host-debug"), std::string::npos);
  const Executor host = Executor::create("cpu");
  EXPECT_FALSE(host.device_layout());
  EXPECT_FALSE(host.kernels_on_device());
}

TEST(Executor, DeviceCountNeverCrashes) {
  const int n = Executor::device_count();
  EXPECT_GE(n, 0);
  if (n == 0) {
    EXPECT_FALSE(Executor::no_device_reason().empty());
  }
}

TEST(Executor, AutoFallsBackToHostWithAReason) {
  const Executor ex = Executor::create("auto");
  if (Executor::device_count() == 0) {
    EXPECT_FALSE(ex.is_cuda());
    EXPECT_FALSE(ex.fallback_reason().empty());
  } else {
    EXPECT_TRUE(ex.is_cuda());
  }
}

TEST(Executor, CudaWithoutDeviceFailsClearly) {
  if (Executor::device_count() > 0) GTEST_SKIP() << "a CUDA device is present";
  try {
    (void)Executor::create("cuda");
    FAIL() << "expected an exception";
  } catch (const factwin::NotCompiled& e) {
    EXPECT_FALSE(Executor::cuda_compiled());
    EXPECT_NE(std::string(e.what()).find("no CUDA backend"), std::string::npos);
  } catch (const factwin::DeviceError& e) {
    EXPECT_TRUE(Executor::cuda_compiled());
    EXPECT_NE(std::string(e.what()).find("cuda"), std::string::npos);
  }
}

TEST(Executor, BadSpecIsRejected) {
  EXPECT_THROW((void)Executor::create("gpu"), std::invalid_argument);
  EXPECT_THROW((void)Executor::create("cuda:x"), std::invalid_argument);
  EXPECT_THROW((void)Executor::create("cuda:-1"), std::invalid_argument);
}
