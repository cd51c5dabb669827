// JsonWriter (json_writer.h): escaping and indentation.
#include "tools/cairn_sstable/json_writer.h"

#include <cassert>
#include <cstdio>

namespace cairn::tools {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not
// one (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// JSON's two-character escape for `c`, or nullptr when it has none.
const char* short_escape(unsigned char c) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return nullptr;
  }
}

}  // namespace

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (const char* escape = short_escape(c)) {
      out += escape;
      ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      ++i;
      continue;
    }
    const size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\\ufffd";  // one replacement character per invalid byte
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  out += '"';
  return out;
}

void JsonWriter::newline_and_indent() {
  out_ += '\n';
  out_.append(2 * levels_.size(), ' ');
}

void JsonWriter::begin_value() {
  if (levels_.empty()) {
    assert(out_.empty() && "one top-level value per writer");
    return;
  }
  Level& level = levels_.back();
  if (level.is_object) {
    assert(level.after_key && "a value in an object needs a key first");
    level.after_key = false;
    return;
  }
  if (!level.empty) out_ += ',';
  level.empty = false;
  newline_and_indent();
}

void JsonWriter::key(std::string_view name) {
  assert(!levels_.empty() && levels_.back().is_object && !levels_.back().after_key);
  Level& level = levels_.back();
  if (!level.empty) out_ += ',';
  level.empty = false;
  level.after_key = true;
  newline_and_indent();
  out_ += json_quote(name);
  out_ += ": ";
}

void JsonWriter::open(char bracket, bool is_object) {
  begin_value();
  out_ += bracket;
  levels_.push_back(Level{is_object, true, false});
}

void JsonWriter::close(char bracket, bool is_object) {
  assert(!levels_.empty() && levels_.back().is_object == is_object);
  assert(!levels_.back().after_key && "a key without a value");
  const bool empty = levels_.back().empty;
  levels_.pop_back();
  if (!empty) newline_and_indent();
  out_ += bracket;
  if (levels_.empty()) out_ += '\n';
}

void JsonWriter::begin_object() { open('{', true); }
void JsonWriter::end_object() { close('}', true); }
void JsonWriter::begin_array() { open('[', false); }
void JsonWriter::end_array() { close(']', false); }

void JsonWriter::string(std::string_view value) {
  begin_value();
  out_ += json_quote(value);
}

void JsonWriter::number(int64_t value) {
  begin_value();
  out_ += std::to_string(value);
}

void JsonWriter::boolean(bool value) {
  begin_value();
  out_ += value ? "true" : "false";
}

void JsonWriter::member(std::string_view name, std::string_view value) {
  key(name);
  string(value);
}

void JsonWriter::member(std::string_view name, const char* value) {
  key(name);
  string(value);
}

void JsonWriter::member(std::string_view name, int64_t value) {
  key(name);
  number(value);
}

void JsonWriter::member(std::string_view name, int32_t value) {
  key(name);
  number(int64_t{value});
}

void JsonWriter::member(std::string_view name, bool value) {
  key(name);
  boolean(value);
}

std::string JsonWriter::take_text() {
  std::string text = std::move(out_);
  out_.clear();
  return text;
}

}  // namespace cairn::tools
