// SPDX-License-Identifier: Apache-2.0
#include "io/json_positions.hpp"

#include <algorithm>

#include "factwin/core/error.hpp"

namespace factwin::io::detail {

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

int json_depth(const std::string& text, std::size_t* where) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        max_depth = depth;
        if (where) *where = i;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

JsonPositions::JsonPositions(const std::string& text, const std::string& filename)
    : text_(text), file_(filename) {
  std::size_t i = 0;
  skip_ws(i);
  pos_[""] = {i, i};
  scan_value(i, "", 0);
}

void JsonPositions::skip_ws(std::size_t& i) const {
  while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r'))
    ++i;
}

std::string JsonPositions::scan_string(std::size_t& i) const {
  // text_[i] == '"'; returns the raw (still escaped) content, which is enough to build pointers for
  // keys without escapes; keys with escapes are decoded for \" \\ \/ only.
  std::string out;
  ++i;
  while (i < text_.size() && text_[i] != '"') {
    if (text_[i] == '\\' && i + 1 < text_.size()) {
      const char e = text_[i + 1];
      if (e == '"' || e == '\\' || e == '/') {
        out += e;
        i += 2;
        continue;
      }
      out += text_[i];
      out += e;
      i += 2;
      continue;
    }
    out += text_[i++];
  }
  ++i;  // closing quote
  return out;
}

void JsonPositions::scan_value(std::size_t& i, const std::string& ptr, int depth) {
  if (depth > max_json_depth || i >= text_.size()) return;
  const char c = text_[i];
  if (c == '{') {
    ++i;
    std::unordered_map<std::string, std::size_t> seen;
    for (;;) {
      skip_ws(i);
      if (i >= text_.size()) return;
      if (text_[i] == '}') {
        ++i;
        return;
      }
      if (text_[i] == ',') {
        ++i;
        continue;
      }
      if (text_[i] != '"') return;  // cannot happen on accepted JSON
      const std::size_t key_at = i;
      const std::string key = scan_string(i);
      auto [it, fresh] = seen.emplace(key, key_at);
      if (!fresh) {
        const LineColumn first = line_column(it->second);
        const LineColumn here = line_column(key_at);
        throw InputError("FW-E0102",
                         {file_, here.line, here.column, ptr + "/" + escape_pointer(key)},
                         "duplicate key \"" + key + "\" (first given at line " +
                             std::to_string(first.line) + ":" + std::to_string(first.column) +
                             "); each key may appear once");
      }
      skip_ws(i);
      if (i < text_.size() && text_[i] == ':') ++i;
      skip_ws(i);
      const std::string child = ptr + "/" + escape_pointer(key);
      pos_[child] = {i, key_at};
      scan_value(i, child, depth + 1);
    }
  } else if (c == '[') {
    ++i;
    std::size_t n = 0;
    for (;;) {
      skip_ws(i);
      if (i >= text_.size()) return;
      if (text_[i] == ']') {
        ++i;
        return;
      }
      if (text_[i] == ',') {
        ++i;
        continue;
      }
      const std::string child = ptr + "/" + std::to_string(n++);
      pos_[child] = {i, i};
      scan_value(i, child, depth + 1);
    }
  } else if (c == '"') {
    (void)scan_string(i);
  } else {
    while (i < text_.size() && text_[i] != ',' && text_[i] != '}' && text_[i] != ']' &&
           text_[i] != ' ' && text_[i] != '\n' && text_[i] != '\r' && text_[i] != '\t')
      ++i;
  }
}

LineColumn JsonPositions::line_column(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  LineColumn lc{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text_[i] == '\n') {
      ++lc.line;
      lc.column = 1;
    } else {
      ++lc.column;
    }
  }
  return lc;
}

LineColumn JsonPositions::at(const std::string& pointer, bool key) const {
  std::string p = pointer;
  for (;;) {
    auto it = pos_.find(p);
    if (it != pos_.end()) return line_column(key ? it->second.key : it->second.value);
    const auto slash = p.rfind('/');
    if (slash == std::string::npos) return {0, 0};
    p.resize(slash);
    key = false;
  }
}

}  // namespace factwin::io::detail
