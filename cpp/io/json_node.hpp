// SPDX-License-Identifier: Apache-2.0
// A parsed JSON document that remembers where each value came from, and a cursor over it whose
// accessors check keys, types and units and throw located InputErrors. Shared by every reader of
// scenario sections (air side, liquid loops, power chain).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "factwin/core/error.hpp"
#include "factwin/core/types.hpp"
#include "factwin/core/units.hpp"
#include "io/json_positions.hpp"

namespace factwin::io::detail {

using nlohmann::json;
using units::Dimension;

inline const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

// Levenshtein distance, to suggest the key the user probably meant.
inline std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

class Doc {
 public:
  Doc(const std::string& text, std::string file) : file_(std::move(file)), text_(text) {
    std::size_t deep_at = 0;
    if (json_depth(text_, &deep_at) > max_json_depth) {
      throw InputError("FW-E0101", location_of_offset(deep_at, ""),
                       "nesting deeper than " + std::to_string(max_json_depth) +
                           " levels; a scenario is a few levels deep");
    }
    try {
      root_ = json::parse(text_);
    } catch (const json::parse_error& e) {
      std::string msg = e.what();
      // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error
      // while parsing object - unexpected '}'; expected string literal"
      const auto colon = msg.find(": ", msg.find("parse error"));
      if (colon != std::string::npos) msg = msg.substr(colon + 2);
      const std::size_t off = e.byte > 0 ? e.byte - 1 : 0;
      throw InputError("FW-E0101", location_of_offset(off, ""), "JSON syntax error: " + msg);
    } catch (const json::exception& e) {
      // e.g. out_of_range 406 "number overflow parsing '1e999'": locate the quoted token.
      std::string msg = e.what();
      const auto close = msg.find(']');
      if (close != std::string::npos) msg = msg.substr(close + 2);
      std::size_t off = 0;
      const auto q1 = msg.find('\'');
      const auto q2 = q1 == std::string::npos ? q1 : msg.find('\'', q1 + 1);
      if (q2 != std::string::npos) {
        const auto at = text_.find(msg.substr(q1 + 1, q2 - q1 - 1));
        if (at != std::string::npos) off = at;
      }
      throw InputError("FW-E0101", location_of_offset(off, ""), "JSON error: " + msg);
    }
    positions_.emplace(text_, file_);
  }

  [[nodiscard]] const json& root() const { return root_; }
  [[nodiscard]] const std::string& file() const { return file_; }

  [[nodiscard]] InputLocation locate(const std::string& ptr, bool key = false) const {
    InputLocation loc{file_, 0, 0, ptr};
    if (positions_) {
      const auto lc = positions_->at(ptr, key);
      loc.line = lc.line;
      loc.column = lc.column;
    }
    return loc;
  }

 private:
  InputLocation location_of_offset(std::size_t off, const std::string& ptr) const {
    off = std::min(off, text_.size());
    int line = 1, col = 1;
    for (std::size_t i = 0; i < off; ++i) {
      if (text_[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return {file_, line, col, ptr};
  }

  std::string file_;
  const std::string& text_;
  json root_;
  std::optional<JsonPositions> positions_;
};

class Node {
 public:
  Node(const Doc& d, const json& j, std::string ptr) : d_(&d), j_(&j), ptr_(std::move(ptr)) {}

  [[nodiscard]] const std::string& ptr() const { return ptr_; }
  [[nodiscard]] const json& raw() const { return *j_; }

  [[noreturn]] void fail(const char* code, const std::string& msg, bool at_key = false) const {
    throw InputError(code, d_->locate(ptr_, at_key), msg);
  }

  void expect_object() const {
    if (!j_->is_object()) fail("FW-E0112", std::string("expected an object, got ") + type_name(*j_));
  }

  /// Every key must be one of `allowed`; otherwise FW-E0110 naming the key and the closest match.
  void allow_keys(std::initializer_list<const char*> allowed) const {
    expect_object();
    for (auto it = j_->begin(); it != j_->end(); ++it) {
      bool ok = false;
      std::string best;
      std::size_t best_d = std::numeric_limits<std::size_t>::max();
      for (const char* a : allowed) {
        if (it.key() == a) {
          ok = true;
          break;
        }
        const std::size_t dist = edit_distance(it.key(), a);
        if (dist < best_d) {
          best_d = dist;
          best = a;
        }
      }
      if (ok) continue;
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      std::string msg = "unknown key \"" + it.key() + "\"";
      if (best_d <= 3) msg += " (did you mean \"" + best + "\"?)";
      msg += "; expected one of: " + list;
      Node(*d_, it.value(), ptr_ + "/" + escape_pointer(it.key())).fail("FW-E0110", msg, true);
    }
  }

  [[nodiscard]] bool has(const char* key) const { return j_->is_object() && j_->contains(key); }

  [[nodiscard]] Node at(const char* key) const {
    expect_object();
    auto it = j_->find(key);
    if (it == j_->end()) fail("FW-E0111", std::string("missing required key \"") + key + "\"");
    return Node(*d_, *it, ptr_ + "/" + escape_pointer(key));
  }

  [[nodiscard]] std::optional<Node> get(const char* key) const {
    expect_object();
    auto it = j_->find(key);
    if (it == j_->end()) return std::nullopt;
    return Node(*d_, *it, ptr_ + "/" + escape_pointer(key));
  }

  [[nodiscard]] std::size_t array_size(std::size_t want_min = 0,
                                       std::size_t want_max = std::numeric_limits<std::size_t>::max(),
                                       const char* what = "an array") const {
    if (!j_->is_array()) fail("FW-E0112", std::string("expected ") + what + ", got " + type_name(*j_));
    const std::size_t n = j_->size();
    if (n < want_min || n > want_max) {
      std::string want = want_min == want_max ? std::to_string(want_min)
                                              : std::to_string(want_min) + " or more";
      fail("FW-E0112", std::string("expected ") + what + " of " + want + " elements, got " +
                           std::to_string(n));
    }
    return n;
  }

  [[nodiscard]] Node operator[](std::size_t i) const {
    return Node(*d_, (*j_)[i], ptr_ + "/" + std::to_string(i));
  }

  [[nodiscard]] std::string string() const {
    if (!j_->is_string()) fail("FW-E0112", std::string("expected a string, got ") + type_name(*j_));
    return j_->get<std::string>();
  }

  [[nodiscard]] bool boolean() const {
    if (!j_->is_boolean()) fail("FW-E0112", std::string("expected true or false, got ") + type_name(*j_));
    return j_->get<bool>();
  }

  [[nodiscard]] long integer(long lo, long hi) const {
    if (!j_->is_number_integer() && !j_->is_number_unsigned())
      fail("FW-E0112", std::string("expected an integer, got ") + type_name(*j_));
    if (j_->is_number_unsigned() && j_->get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
      fail("FW-E0114", "must be <= " + std::to_string(hi) + " (got " + j_->dump() + ")");
    const long v = j_->get<long>();
    if (v < lo || v > hi)
      fail("FW-E0114", "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                           " (got " + std::to_string(v) + ")");
    return v;
  }

  /// A physical quantity: a number in SI units, or a string "<number> <unit>". Temperatures must
  /// carry their unit (a bare 22 could be degC or K).
  [[nodiscard]] double quantity(Dimension d) const {
    if (j_->is_number()) {
      const double v = j_->get<double>();
      if (!std::isfinite(v)) fail("FW-E0114", "number is not finite");
      if (d == Dimension::temperature)
        fail("FW-E0113", "a temperature needs an explicit unit, e.g. \"22 degC\" or \"295.15 K\" (got " +
                             j_->dump() + ")");
      return v;
    }
    if (j_->is_string()) {
      std::string why;
      const auto v = units::parse_quantity(j_->get<std::string>(), d, &why);
      if (!v)
        fail("FW-E0113", "\"" + j_->get<std::string>() + "\" is not " + units::describe(d) + ": " +
                             why + "; expected a number followed by one of: " +
                             units::accepted_units(d));
      return *v;
    }
    fail("FW-E0112", std::string("expected ") + units::describe(d) +
                         " (a number in SI units or a string such as \"12 kW\"), got " + type_name(*j_));
  }

  [[nodiscard]] Vec3 vec3(Dimension d) const {
    (void)array_size(3, 3, "an array [x, y, z]");
    return {(*this)[0].quantity(d), (*this)[1].quantity(d), (*this)[2].quantity(d)};
  }

  template <class Enum>
  [[nodiscard]] Enum choice(std::initializer_list<std::pair<const char*, Enum>> options) const {
    const std::string s = string();
    std::string list;
    for (const auto& [name, value] : options) {
      if (s == name) return value;
      list += std::string(list.empty() ? "" : ", ") + name;
    }
    fail("FW-E0115", "\"" + s + "\" is not allowed here; expected one of: " + list);
  }

 private:
  const Doc* d_;
  const json* j_;
  std::string ptr_;
};

}  // namespace factwin::io::detail
