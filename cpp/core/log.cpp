// SPDX-License-Identifier: Apache-2.0
#include "factwin/core/log.hpp"

#include <atomic>
#include <mutex>

namespace factwin::log {
namespace {
std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}
Sink& sink() {
  static Sink s;
  return s;
}
std::atomic<int>& level() {
  static std::atomic<int> l{static_cast<int>(Level::info)};
  return l;
}
}  // namespace

Sink set_sink(Sink s) {
  std::lock_guard<std::mutex> lock(sink_mutex());
  Sink old = std::move(sink());
  sink() = std::move(s);
  return old;
}

void set_level(Level l) { level() = static_cast<int>(l); }

void write(Level l, const std::string& message) {
  if (static_cast<int>(l) < level()) return;
  std::lock_guard<std::mutex> lock(sink_mutex());
  if (sink()) sink()(l, message);
}

}  // namespace factwin::log
