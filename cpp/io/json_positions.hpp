// SPDX-License-Identifier: Apache-2.0
// Maps JSON pointers of a document to their line and column, and finds duplicate keys, so that every
// input error can name the place in the file. nlohmann::json 3.11 keeps no positions itself.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

namespace factwin::io::detail {

struct JsonPosition {
  std::size_t value = 0;  ///< byte offset of the value
  std::size_t key = 0;    ///< byte offset of the key naming it (== value for array elements/root)
};

struct LineColumn {
  int line = 0, column = 0;
};

class JsonPositions {
 public:
  /// Scans `text`, which nlohmann::json has already accepted. Throws InputError (FW-E0102) on a
  /// duplicate key, naming both places.
  JsonPositions(const std::string& text, const std::string& filename);
  /// Position of `pointer`'s value (or its key); falls back to the nearest known parent.
  [[nodiscard]] LineColumn at(const std::string& pointer, bool key = false) const;
  [[nodiscard]] LineColumn line_column(std::size_t offset) const;

 private:
  void scan_value(std::size_t& i, const std::string& ptr, int depth);
  void skip_ws(std::size_t& i) const;
  std::string scan_string(std::size_t& i) const;

  const std::string& text_;
  const std::string& file_;
  std::unordered_map<std::string, JsonPosition> pos_;
};

/// Escapes a key for a JSON pointer (RFC 6901: ~ -> ~0, / -> ~1).
std::string escape_pointer(const std::string& key);

/// Maximum nesting depth accepted in a scenario file.
inline constexpr int max_json_depth = 64;

/// Nesting depth of the JSON text (brackets outside strings); cheap pre-check before parsing.
int json_depth(const std::string& text, std::size_t* where);

}  // namespace factwin::io::detail
