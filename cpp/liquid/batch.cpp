// SPDX-License-Identifier: Apache-2.0
// Batched solves of many variants of one network (N-1 studies, parameter sweeps), docs/liquid.md
// section 6. Backends:
//  - "cpu" (also "host", "auto"): the reference. Members are independent full solves (solve(), GGA
//    + energy balance with their own Eigen factorisations), OpenMP over members.
//  - "cpu-batched": the lockstep driver below on a host Executor: the host build of the batched
//    kernels, working in the host staging arrays.
//  - "cuda", "cuda:N": the same driver on a CUDA Executor: the CUDA build of the same kernels;
//    explicit copies between host staging arrays and device buffers (core/buffer.hpp).
//  - "host-debug": the same driver on a host-debug Executor, the CUDA code path run on the CPU
//    (STYLE.md section 3): the device layout (entry-major), "device" arrays in separate host
//    allocations reached only through the same explicit uploads and downloads, host copies
//    NaN-poisoned before every download, the host build of the kernels. A missing or stale copy
//    shows in the CPU-only tests.
// The driver never chooses a kernel build itself: every kernel call is FACTWIN_DISPATCH on its
// Executor (liquid_backend.hpp lists the entry points); the Executor's device_layout() says whether
// the kernels work in the staging arrays or in Buffers behind explicit copies.
// Lockstep driver: one detail::Solver per member; all members still in a hydraulic solve advance
// one GGA Newton iteration together:
//   (a) p, y of every link of every member: one call of the link kernel (link_batch_kernels.inc);
//   (b) every member's head matrix and right-hand side on the shared union pattern
//       (gga_batch_kernels.inc, bit-identical to the member's CPU assembly);
//   (c) every member's head solve: batched sparse LDL^T with one shared symbolic schedule;
//   (d) on the host, per member (OpenMP): heads, flow update, convergence and status logic, and
//       between hydraulic solves the member's control valves, energy balance (Eigen SparseLU) and
//       properties (Solver::outer_after_hydraulics). Finished members drop out; members that fail
//       keep the error message of the one-member path.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/buffer.hpp"
#include "core/cuda_api.hpp"
#include "core/dispatch.hpp"
#include "factwin/config.hpp"
#include "factwin/core/error.hpp"
#include "factwin/core/exec.hpp"
#include "factwin/liquid/network.hpp"
#include "liquid/batch_pattern.hpp"
#include "liquid/kernels/gga_batch_args.hpp"
#include "liquid/kernels/link_batch_args.hpp"
#include "liquid/liquid_backend.hpp"
#include "liquid/solver_impl.hpp"

namespace factwin::liquid {
namespace {

using detail::Solver;
using Step = Solver::NewtonStep;

std::vector<BatchMember> solve_independent(const Network& base, const std::vector<Variant>& variants) {
  validate(base);
  std::vector<BatchMember> out(variants.size());
  const long n = static_cast<long>(variants.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (long i = 0; i < n; ++i) {
    BatchMember& m = out[static_cast<std::size_t>(i)];
    m.name = variants[static_cast<std::size_t>(i)].name;
    try {
      const Network net = apply_variant(base, variants[static_cast<std::size_t>(i)]);
      m.result = net.options.thermal ? solve(net) : solve_hydraulics(net);
      m.ok = true;
    } catch (const std::exception& e) {
      m.ok = false;
      m.error = e.what();
    }
  }
  return out;
}

/// One member of a lockstep batch. Its solver refers to `net`, so a Member never moves once built.
struct Member {
  Network net;
  std::unique_ptr<Solver> solver;
  bool iterating = false;  ///< in a hydraulic Newton iteration: takes part in the next lockstep step
  bool dirty = false;      ///< link laws, rows or fixed heads changed (hyd_begin) since last staged
};

template <class T>
void copy_block(T* dst, const T* src, std::size_t n) {
  if (n) std::memcpy(static_cast<void*>(dst), static_cast<const void*>(src), n * sizeof(T));
}

/// A device copy of `v`: a Buffer of `ex` (device memory on CUDA, a separate host allocation on
/// host-debug), filled by an explicit upload.
template <class T>
Buffer<T> to_device(const std::vector<T>& v, const Executor& ex) {
  Buffer<T> b(static_cast<index_t>(v.size()), ex);
  b.upload(v.data());
  return b;
}

using Clock = std::chrono::steady_clock;
double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

class Lockstep {
 public:
  /// `ex`: where the batched kernels run (FACTWIN_DISPATCH) and where their data lives
  /// (device_layout()).
  Lockstep(const Network& base, const std::vector<Variant>& variants, const Executor& ex)
      : base_(base), variants_(variants), ex_(ex), device_(ex.device_layout()), nb_(variants.size()),
        members_(variants.size()), out_(variants.size()) {}

  std::vector<BatchMember> run(BatchStats* stats) {
    const auto t0 = Clock::now();
    validate(base_);
    pat_ = detail::head_pattern(base_);
    nl_ = static_cast<std::size_t>(pat_.links);
    nn_ = static_cast<std::size_t>(pat_.nodes);
    nr_ = static_cast<std::size_t>(pat_.rows);
    allocate();
    const long n = static_cast<long>(nb_);
#pragma omp parallel for schedule(dynamic, 1)
    for (long i = 0; i < n; ++i) start(static_cast<std::size_t>(i));
    stats_.setup_s = seconds(t0);
    for (;;) {
      active_.clear();
      for (std::size_t i = 0; i < nb_; ++i)
        if (members_[i].iterating) active_.push_back(static_cast<index_t>(i));
      if (active_.empty()) break;
      step();
    }
    if (stats) *stats = stats_;
    return std::move(out_);
  }

 private:
  // ---- members ------------------------------------------------------------------------------
  void start(std::size_t i) {
    Member& m = members_[i];
    out_[i].name = variants_[i].name;
    try {
      m.net = apply_variant(base_, variants_[i]);
      validate(m.net);  // as solve() does for each member of the reference path
      m.solver = std::make_unique<Solver>(m.net);
      if (m.solver->outer_start(m.net.options.thermal)) advance(i, Step::restart);
      else finish(i);
    } catch (const std::exception& e) {
      fail(i, e);
    }
  }

  /// Carries member i on from the outcome of its last Newton iteration to its next Newton
  /// iteration (iterating) or to its end. A new hydraulic solve starts as a restart does.
  void advance(std::size_t i, Step step) {
    Member& m = members_[i];
    Solver& s = *m.solver;
    for (;;) {
      if (step == Step::iterate) {
        s.newton_prepare();
        m.iterating = true;
        return;
      }
      if (step == Step::restart) {
        s.hyd_begin();
        m.dirty = true;
        step = s.newton_left() ? Step::iterate : Step::done;
        continue;
      }
      if (!s.outer_after_hydraulics()) {
        finish(i);
        return;
      }
      step = Step::restart;
    }
  }

  void finish(std::size_t i) {
    Member& m = members_[i];
    out_[i].result = m.solver->collect();
    out_[i].ok = true;
    m.iterating = false;
    m.solver.reset();
    m.net = Network{};  // thousands of members: keep only the results
  }

  void fail(std::size_t i, const std::exception& e) {
    out_[i].ok = false;
    out_[i].error = e.what();
    members_[i].iterating = false;
    members_[i].solver.reset();
    members_[i].net = Network{};
  }

  // ---- batched arrays -------------------------------------------------------------------------
  void allocate() {
    const std::size_t nnz = static_cast<std::size_t>(pat_.nnz()), nnz_l = pat_.ldlt.l_row.size();
    args_.assign(nb_ * nl_, LinkArgs{});
    q_.assign(nb_ * nl_, 0.0);
    p_.assign(nb_ * nl_, 0.0);
    y_.assign(nb_ * nl_, 0.0);
    state_.assign(nb_ * nl_, 0);
    on_.assign(nb_ * nn_, 0);
    head_.assign(nb_ * nn_, 0.0);
    secant_.assign(nb_, 0);
    x_.assign(nb_ * nr_, 0.0);
    status_.assign(nb_, 0);
    slot_list_.assign(nb_, 0);
    layout_.slots = static_cast<index_t>(nb_);
    layout_.entry_major = device_ ? 1 : 0;
    if (!device_) {  // the host kernels work in these arrays
      a_.assign(nb_ * nnz, 0.0);
      rhs_.assign(nb_ * nr_, 0.0);
      l_.assign(nb_ * nnz_l, 0.0);
      d_.assign(nb_ * nr_, 0.0);
      work_.assign(nb_ * nr_, 0.0);
      return;
    }
    // device buffers (host-debug: separate host allocations behind the same upload / download)
    auto dev = [this](const auto& v) { return to_device(v, ex_); };
    auto dev_n = [this](std::size_t n, auto tag) { return Buffer<decltype(tag)>(static_cast<index_t>(n), ex_); };
    dv_.row_node = dev(pat_.row_node);
    dv_.col_ptr = dev(pat_.col_ptr);
    dv_.row_idx = dev(pat_.row_idx);
    dv_.entry_ptr = dev(pat_.entry_ptr);
    dv_.entry_link = dev(pat_.entry_link);
    dv_.rhs_ptr = dev(pat_.rhs_ptr);
    dv_.rhs_link = dev(pat_.rhs_link);
    dv_.link_from = dev(pat_.link_from);
    dv_.link_to = dev(pat_.link_to);
    dv_.demand = dev(pat_.demand);
    dv_.l_ptr = dev(pat_.ldlt.l_ptr);
    dv_.l_row = dev(pat_.ldlt.l_row);
    dv_.sched_ptr = dev(pat_.ldlt.sched_ptr);
    dv_.sched_col = dev(pat_.ldlt.sched_col);
    dv_.sched_pos = dev(pat_.ldlt.sched_pos);
    dv_.args = dev_n(nb_ * nl_, LinkArgs{});
    dv_.q = dev_n(nb_ * nl_, 0.0);
    dv_.p = dev_n(nb_ * nl_, 0.0);
    dv_.y = dev_n(nb_ * nl_, 0.0);
    dv_.state = dev_n(nb_ * nl_, static_cast<unsigned char>(0));
    dv_.on = dev_n(nb_ * nn_, static_cast<unsigned char>(0));
    dv_.head = dev_n(nb_ * nn_, 0.0);
    dv_.secant = dev_n(nb_, static_cast<unsigned char>(0));
    dv_.slots = dev_n(nb_, index_t{0});
    dv_.a = dev_n(nb_ * nnz, 0.0);
    dv_.rhs = dev_n(nb_ * nr_, 0.0);
    dv_.l = dev_n(nb_ * nnz_l, 0.0);
    dv_.d = dev_n(nb_ * nr_, 0.0);
    dv_.work = dev_n(nb_ * nr_, 0.0);
    dv_.x = dev_n(nb_ * nr_, 0.0);
    dv_.status = dev_n(nb_, 0);
    if (ex_.backend() == Backend::host_debug)  // the kernels must write these before reading them
      for (Buffer<double>* b : {&dv_.a, &dv_.rhs, &dv_.l, &dv_.d, &dv_.work, &dv_.x, &dv_.p, &dv_.y})
        std::fill(b->data(), b->data() + b->size(), std::numeric_limits<double>::quiet_NaN());
  }

  /// Copies what changed of member i into its slot of the staging arrays.
  void stage(std::size_t i) {
    Member& m = members_[i];
    const Solver& s = *m.solver;
    copy_block(q_.data() + i * nl_, s.flows().data(), nl_);
    secant_[i] = s.secant_iteration() ? 1 : 0;
    if (!m.dirty) return;
    const std::vector<LinkArgs>& args = s.link_args();
    const std::vector<char>& couples = s.coupling_links();
    const std::vector<int>& rows = s.node_rows();
    copy_block(args_.data() + i * nl_, args.data(), nl_);
    copy_block(head_.data() + i * nn_, s.heads().data(), nn_);
    for (std::size_t l = 0; l < nl_; ++l)
      state_[i * nl_ + l] = couples[l]                          ? head_link_couples
                            : (args[l].law == law_fixed_flow)   ? head_link_fixed
                                                                : head_link_none;
    for (std::size_t k = 0; k < nn_; ++k) on_[i * nn_ + k] = rows[k] >= 0 ? 1 : 0;
  }

  /// Member i after its head solve: heads of its rows, then the rest of the Newton iteration.
  void complete(std::size_t i) {
    Member& m = members_[i];
    Solver& s = *m.solver;
    try {
      s.take_heads(status_[i] == 0, [&](std::size_t k) {
        return x_[static_cast<std::size_t>(layout_.at(pat_.node_row[k], static_cast<index_t>(i), pat_.rows))];
      });
      advance(i, s.newton_finish(p_.data() + i * nl_, y_.data() + i * nl_));
    } catch (const std::exception& e) {
      fail(i, e);
    }
  }

  /// One lockstep Newton iteration of every iterating member.
  void step() {
    auto t = Clock::now();
    const long na = static_cast<long>(active_.size());
    ++stats_.lockstep_iterations;
    stats_.member_iterations += na;
    bool any_dirty = false;
    for (index_t i : active_) any_dirty = any_dirty || members_[static_cast<std::size_t>(i)].dirty;
#pragma omp parallel for schedule(static)
    for (long j = 0; j < na; ++j) stage(static_cast<std::size_t>(active_[static_cast<std::size_t>(j)]));
    for (index_t i : active_) members_[static_cast<std::size_t>(i)].dirty = false;
    if (device_) upload(any_dirty);
    LinkBatchArgs lb;
    GgaAssembleArgs as;
    LdltBatchArgs lf;
    wire(static_cast<index_t>(na), lb, as, lf);
    stats_.copies_s += seconds(t);
    kernels(lb, as, lf);  // (a), (b), (c)
    if (device_) {
      t = Clock::now();
      download();
      stats_.copies_s += seconds(t);
    }
    t = Clock::now();
#pragma omp parallel for schedule(dynamic, 1)
    for (long j = 0; j < na; ++j) complete(static_cast<std::size_t>(active_[static_cast<std::size_t>(j)]));  // (d)
    stats_.member_steps_s += seconds(t);
  }

  /// Explicit host -> device copies of what the kernels read (device layout).
  void upload(bool any_dirty) {
    dv_.q.upload(q_.data());
    dv_.secant.upload(secant_.data());
    std::copy(active_.begin(), active_.end(), slot_list_.begin());
    dv_.slots.upload(slot_list_.data());
    if (any_dirty) {
      dv_.args.upload(args_.data());
      dv_.state.upload(state_.data());
      dv_.on.upload(on_.data());
      dv_.head.upload(head_.data());
    }
  }

  /// Device -> host copies of what the per-member host steps read (device layout). On host-debug
  /// the host copies are poisoned first: only the downloads may refill them.
  void download() {
    if (ex_.backend() == Backend::host_debug) {
      std::fill(p_.begin(), p_.end(), std::numeric_limits<double>::quiet_NaN());
      std::fill(y_.begin(), y_.end(), std::numeric_limits<double>::quiet_NaN());
      std::fill(x_.begin(), x_.end(), std::numeric_limits<double>::quiet_NaN());
      std::fill(status_.begin(), status_.end(), -7);
    }
    dv_.p.download(p_.data());
    dv_.y.download(y_.data());
    dv_.x.download(x_.data());
    dv_.status.download(status_.data());
  }

  /// The array the kernels work in: the host staging array, or its Buffer in the device layout.
  template <class T>
  T* kernel_array(std::vector<T>& host, Buffer<T>& dev) const {
    return device_ ? dev.data() : host.data();
  }

  /// The kernels' arguments for `na` active members.
  void wire(index_t na, LinkBatchArgs& lb, GgaAssembleArgs& as, LdltBatchArgs& lf) {
    lb.n = na * pat_.links;
    lb.links = pat_.links;
    as.members = lf.members = na;
    as.layout = lf.layout = layout_;
    as.links = pat_.links;
    as.nodes = pat_.nodes;
    as.rows = lf.n = pat_.rows;
    as.nnz = lf.nnz_a = pat_.nnz();
    lf.nnz_l = static_cast<index_t>(pat_.ldlt.l_row.size());
    const index_t* slots = device_ ? dv_.slots.data() : active_.data();
    lb.args = kernel_array(args_, dv_.args);
    lb.q = kernel_array(q_, dv_.q);
    lb.p = kernel_array(p_, dv_.p);
    lb.y = kernel_array(y_, dv_.y);
    lb.slots = slots;
    lb.slot_secant = kernel_array(secant_, dv_.secant);
    // shared pattern
    as.row_node = kernel_array(pat_.row_node, dv_.row_node);
    as.col_ptr = lf.col_ptr = kernel_array(pat_.col_ptr, dv_.col_ptr);
    as.row_idx = lf.row_idx = kernel_array(pat_.row_idx, dv_.row_idx);
    as.entry_ptr = kernel_array(pat_.entry_ptr, dv_.entry_ptr);
    as.entry_link = kernel_array(pat_.entry_link, dv_.entry_link);
    as.rhs_ptr = kernel_array(pat_.rhs_ptr, dv_.rhs_ptr);
    as.rhs_link = kernel_array(pat_.rhs_link, dv_.rhs_link);
    as.link_from = kernel_array(pat_.link_from, dv_.link_from);
    as.link_to = kernel_array(pat_.link_to, dv_.link_to);
    as.demand = kernel_array(pat_.demand, dv_.demand);
    lf.l_ptr = kernel_array(pat_.ldlt.l_ptr, dv_.l_ptr);
    lf.l_row = kernel_array(pat_.ldlt.l_row, dv_.l_row);
    lf.sched_ptr = kernel_array(pat_.ldlt.sched_ptr, dv_.sched_ptr);
    lf.sched_col = kernel_array(pat_.ldlt.sched_col, dv_.sched_col);
    lf.sched_pos = kernel_array(pat_.ldlt.sched_pos, dv_.sched_pos);
    // member data
    as.slot = lf.slot = slots;
    as.link_state = kernel_array(state_, dv_.state);
    as.node_row = kernel_array(on_, dv_.on);
    as.head = kernel_array(head_, dv_.head);
    as.q = lb.q;
    as.p = lb.p;
    as.y = lb.y;
    as.a = kernel_array(a_, dv_.a);
    as.rhs = kernel_array(rhs_, dv_.rhs);
    lf.a = as.a;
    lf.rhs = as.rhs;
    lf.l = kernel_array(l_, dv_.l);
    lf.d = kernel_array(d_, dv_.d);
    lf.work = kernel_array(work_, dv_.work);
    lf.x = kernel_array(x_, dv_.x);
    lf.status = kernel_array(status_, dv_.status);
  }

  /// The batched kernels of one lockstep iteration on the Executor's backend. On a device each
  /// is waited for, so its time is its own and a failed launch is reported here.
  void kernels(const LinkBatchArgs& lb, const GgaAssembleArgs& as, const LdltBatchArgs& lf) {
    auto t = Clock::now();
    FACTWIN_DISPATCH(ex_, factwin::liquid, gga_coefficients_batch, lb);  // (a)
    wait();
    stats_.coefficients_s += seconds(t);
    t = Clock::now();
    FACTWIN_DISPATCH(ex_, factwin::liquid, gga_assemble_batch, as);  // (b)
    wait();
    stats_.assembly_s += seconds(t);
    t = Clock::now();
    FACTWIN_DISPATCH(ex_, factwin::liquid, ldlt_factor_solve_batch, lf);  // (c)
    wait();
    stats_.head_solve_s += seconds(t);
  }

  void wait() const {
    if (ex_.kernels_on_device()) cuda::synchronize();
  }

  const Network& base_;
  const std::vector<Variant>& variants_;
  Executor ex_;
  BatchStats stats_;
  bool device_;  // kernels work in the Buffers of dv_ (cuda, host-debug), in the staging arrays otherwise
  std::size_t nb_, nl_ = 0, nn_ = 0, nr_ = 0;
  std::vector<Member> members_;
  std::vector<BatchMember> out_;
  std::vector<index_t> active_;     // slots of the members in this step
  std::vector<index_t> slot_list_;  // active_ padded to nb_ entries (one upload of a whole buffer)
  detail::HeadPattern pat_;
  BatchLayout layout_;
  // host staging (member-major blocks), and the host kernels' matrices
  std::vector<LinkArgs> args_;
  std::vector<double> q_, p_, y_, head_, x_, a_, rhs_, l_, d_, work_;
  std::vector<unsigned char> state_, on_, secant_;
  std::vector<int> status_;
  struct Device {
    Buffer<index_t> row_node, col_ptr, row_idx, entry_ptr, entry_link, rhs_ptr, rhs_link, link_from, link_to;
    Buffer<index_t> l_ptr, l_row, sched_ptr, sched_col, sched_pos, slots;
    Buffer<double> demand, q, p, y, head, a, rhs, l, d, work, x;
    Buffer<LinkArgs> args;
    Buffer<unsigned char> state, on, secant;
    Buffer<int> status;
  } dv_;
};

}  // namespace

std::vector<BatchMember> solve_batch(const Network& base, const std::vector<Variant>& variants,
                                     const std::string& backend, BatchStats* stats) {
  if (stats) *stats = BatchStats{};
  if (backend == "cpu" || backend == "host" || backend == "auto") return solve_independent(base, variants);
  if (backend == "cpu-batched") return Lockstep(base, variants, Executor::create("host")).run(stats);
  if (backend == "host-debug") return Lockstep(base, variants, Executor::create("host-debug")).run(stats);
  // NotCompiled without CUDA, DeviceError without a usable device; selects the device otherwise
  if (backend.rfind("cuda", 0) == 0) return Lockstep(base, variants, Executor::create(backend)).run(stats);
  throw std::invalid_argument("solve_batch (liquid network \"" + base.name + "\"): unknown backend \"" + backend +
                              "\" (cpu, cpu-batched, host-debug, cuda or cuda:N)");
}

}  // namespace factwin::liquid
