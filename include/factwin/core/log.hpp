// SPDX-License-Identifier: Apache-2.0
// The library never writes to stdout/stderr itself: it logs through a replaceable sink.
#pragma once

#include <functional>
#include <string>

namespace factwin::log {

enum class Level { debug = 0, info = 1, warning = 2, error = 3 };

using Sink = std::function<void(Level, const std::string&)>;

/// Replaces the sink (default: discard). Returns the previous one.
Sink set_sink(Sink sink);
/// Messages below this level are dropped before formatting reaches the sink (default: info).
void set_level(Level level);
void write(Level level, const std::string& message);

inline void debug(const std::string& m) { write(Level::debug, m); }
inline void info(const std::string& m) { write(Level::info, m); }
inline void warning(const std::string& m) { write(Level::warning, m); }
inline void error(const std::string& m) { write(Level::error, m); }

}  // namespace factwin::log
