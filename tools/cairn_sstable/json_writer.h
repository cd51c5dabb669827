// JsonWriter: writes JSON text by hand, indented two spaces, for cairn-sstable dump.
//
// The output is a pure function of the calls made (no maps with unspecified order, no
// floating point, no locale), so the same data always gives byte-identical text: dumps
// can be compared with diff or a checksum. Strings are escaped as RFC 8259 requires
// (quote, backslash and control characters); bytes that are not valid UTF-8 become
// U+FFFD, so the output is always valid UTF-8 JSON whatever bytes a value holds.
//
// Usage: begin_object(); key("a"); number(1); end_object(); then take text(). Calls must
// nest correctly (a key before each value in an object); misuse is a bug and asserts.
//
// Thread safety: used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::tools {

// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // The name of the next member of the current object.
  void key(std::string_view name);

  void string(std::string_view value);
  void number(int64_t value);
  void boolean(bool value);

  // A member of the current object: key(name), then the value. (The const char*
  // overload keeps a string literal from converting to bool.)
  void member(std::string_view name, std::string_view value);
  void member(std::string_view name, const char* value);
  void member(std::string_view name, int64_t value);
  void member(std::string_view name, int32_t value);
  void member(std::string_view name, bool value);

  // The text so far; complete once every object and array is closed.
  const std::string& text() const { return out_; }
  // Hands the text written so far to the caller and starts an empty buffer (the nesting
  // is kept), so a long dump can be printed piece by piece.
  std::string take_text();

 private:
  struct Level {
    bool is_object = false;
    bool empty = true;
    bool after_key = false;
  };
  // Starts a value: a comma and a newline with indentation unless it follows a key.
  void begin_value();
  void open(char bracket, bool is_object);
  void close(char bracket, bool is_object);
  void newline_and_indent();

  std::string out_;
  std::vector<Level> levels_;
};

}  // namespace cairn::tools
