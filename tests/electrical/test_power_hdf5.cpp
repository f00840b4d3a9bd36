// SPDX-License-Identifier: Apache-2.0
// HDF5 output of the power chain read back with the HDF5 C API.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "factwin/config.hpp"
#include "factwin/electrical/power_network.hpp"
#include "factwin/io/power_output.hpp"
#include "networks.hpp"

#if FACTWIN_HAVE_HDF5
#include <hdf5.h>
#endif

namespace fe = factwin::electrical;

TEST(PowerHdf5, WritesPerComponentResults) {
  const auto net = fe::testnets::two_n(8, 25e3, 1.0e6);
  const auto study = fe::n_minus_1(net);
  const auto path = (std::filesystem::temp_directory_path() / "factwin_power_test.h5").string();
#if FACTWIN_HAVE_HDF5
  ASSERT_TRUE(fe::write_power_hdf5(path, net, study));
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t ds = H5Dopen2(f, "/electrical/branches/loss", H5P_DEFAULT);
  ASSERT_GE(ds, 0);
  std::vector<double> loss(net.branches.size());
  ASSERT_GE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, loss.data()), 0);
  for (std::size_t i = 0; i < loss.size(); ++i) EXPECT_DOUBLE_EQ(loss[i], study.base.branches[i].loss);
  H5Dclose(ds);
  const hid_t el = H5Gopen2(f, "/electrical", H5P_DEFAULT);
  const hid_t at = H5Aopen(el, "source_power_W", H5P_DEFAULT);
  double sp = 0.0;
  ASSERT_GE(H5Aread(at, H5T_NATIVE_DOUBLE, &sp), 0);
  EXPECT_DOUBLE_EQ(sp, study.base.source_power);
  H5Aclose(at);
  H5Gclose(el);
  const hid_t cs = H5Dopen2(f, "/electrical/n_minus_1/max_loading", H5P_DEFAULT);
  ASSERT_GE(cs, 0);
  const hid_t space = H5Dget_space(cs);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  EXPECT_EQ(n, study.cases.size());
  H5Sclose(space);
  H5Dclose(cs);
  H5Fclose(f);
  std::filesystem::remove(path);
#else
  EXPECT_FALSE(fe::write_power_hdf5(path, net, study));
#endif
}
