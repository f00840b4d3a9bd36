// SPDX-License-Identifier: Apache-2.0
// Plain data of the batched GGA link-coefficient kernel (link_batch_kernels.inc): n link
// evaluations, e.g. members x links of a batched study, or the links of one network. With `slots`,
// entry i is link i % links of member slots[i / links], whose links are the block
// [slot * links, (slot + 1) * links) of args, q, p and y (a lockstep batch runs only its members
// that are still iterating). The entry point is listed in liquid/liquid_backend.hpp.
#pragma once

#include "factwin/core/types.hpp"
#include "liquid/kernels/link_args.hpp"

namespace factwin::liquid {

struct LinkBatchArgs {
  index_t n = 0;
  const LinkArgs* args = nullptr;  ///< [n] link laws and data
  const double* q = nullptr;       ///< [n] [m^3/s] present flow
  double* p = nullptr;             ///< [n] [m^3/s per m] 1 / (dh/dq)
  double* y = nullptr;             ///< [n] [m^3/s] p h(q)
  int secant = 0;                  ///< 1: secant coefficients for pipes and drops (gga_link_coefficients_secant)
  const index_t* slots = nullptr;  ///< optional: member slot of each block of `links` entries
  index_t links = 0;               ///< links per member (with slots)
  const unsigned char* slot_secant = nullptr;  ///< optional, with slots: per slot, replaces `secant`
  /// LinkArgs (15 doubles + 2 ints) + q read, p and y written.
  static constexpr int bytes_per_link = static_cast<int>(sizeof(LinkArgs)) + 3 * 8;
};

}  // namespace factwin::liquid
