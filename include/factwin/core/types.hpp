// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "factwin/config.hpp"
#include "factwin/core/hd.hpp"

namespace factwin {

#if defined(FACTWIN_PRECISION_float)
using real = float;  ///< type of the solver fields
#else
using real = double;  ///< type of the solver fields
#endif

using index_t = std::int64_t;  ///< linear cell and face offsets (grids pass 2^31 cells)

/// A 3-vector of doubles used for geometry and input quantities (SI units).
struct Vec3 {
  double x = 0, y = 0, z = 0;
  FACTWIN_HD constexpr double operator[](int a) const { return a == 0 ? x : (a == 1 ? y : z); }
  FACTWIN_HD constexpr double& operator[](int a) { return a == 0 ? x : (a == 1 ? y : z); }
  friend constexpr bool operator==(const Vec3& a, const Vec3& b) {
    return a.x == b.x && a.y == b.y && a.z == b.z;
  }
  friend constexpr bool operator!=(const Vec3& a, const Vec3& b) { return !(a == b); }
};

/// An axis-aligned box [lo, hi] in metres.
struct Box3 {
  Vec3 lo, hi;
  [[nodiscard]] constexpr double size(int a) const { return hi[a] - lo[a]; }
  [[nodiscard]] constexpr double volume() const { return size(0) * size(1) * size(2); }
  friend constexpr bool operator==(const Box3& a, const Box3& b) {
    return a.lo == b.lo && a.hi == b.hi;
  }
};

/// Volume of the intersection of two boxes (0 when they only touch or are apart).
[[nodiscard]] inline double overlap_volume(const Box3& a, const Box3& b) {
  double v = 1.0;
  for (int d = 0; d < 3; ++d) {
    const double lo = a.lo[d] > b.lo[d] ? a.lo[d] : b.lo[d];
    const double hi = a.hi[d] < b.hi[d] ? a.hi[d] : b.hi[d];
    if (hi <= lo) return 0.0;
    v *= hi - lo;
  }
  return v;
}

/// Grid dimensions in cells.
using Dims = std::array<int, 3>;

}  // namespace factwin
