// Json: a small JSON value with a strict parser (RFC 8259) and a compact writer, the
// body format of the admin HTTP API (admin_routes.h) and of cairn-admin.
//
// Objects keep their members in insertion order (a response reads in the order it was
// built) and find members by a linear search: admin payloads are small. Numbers are
// held as double, as JavaScript does, and as int64 too when they are integral, so byte
// counts up to 2^63 survive a round trip exactly.
//
// The parser refuses anything RFC 8259 does: trailing commas, comments, single quotes,
// leading zeros, control characters in strings, unpaired surrogates, nesting deeper
// than 64, trailing text. Errors are InvalidArgument naming the byte offset.
//
// Thread safety: a value is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace cairn::tools {

class Json {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;                               // null
  Json(bool b) : type_(Type::kBool), bool_(b) {}  // NOLINT
  Json(int v) : Json(static_cast<int64_t>(v)) {}  // NOLINT
  Json(int64_t v)                                 // NOLINT
      : type_(Type::kNumber), number_(static_cast<double>(v)), int_(v), integral_(true) {}
  Json(uint64_t v) : Json(static_cast<int64_t>(v)) {}                   // NOLINT
  Json(double v);                                                       // NOLINT
  Json(const char* s) : type_(Type::kString), string_(s) {}             // NOLINT
  Json(std::string s) : type_(Type::kString), string_(std::move(s)) {}  // NOLINT
  Json(std::string_view s) : type_(Type::kString), string_(s) {}        // NOLINT
  static Json array(Array items = {});
  static Json object(Object members = {});

  static Result<Json> parse(std::string_view text);
  // Compact JSON text (no spaces); strings escaped, non-ASCII UTF-8 passed through.
  std::string dump() const;

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  // REQUIRES: the matching type (a mismatch is a bug; callers check with is_*() or use
  // the get_* helpers, which report bad input).
  bool as_bool() const;
  double as_double() const;
  int64_t as_int() const;  // REQUIRES: is_integral()
  bool is_integral() const { return type_ == Type::kNumber && integral_; }
  const std::string& as_string() const;
  const Array& as_array() const;
  Array& as_array();
  const Object& as_object() const;

  // Object access: the member named `key`, or nullptr (also when not an object).
  const Json* find(std::string_view key) const;
  // Sets (replacing) member `key`. REQUIRES: is_object().
  Json& set(std::string key, Json value);
  // Appends. REQUIRES: is_array().
  void push(Json value);

 private:
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0;
  int64_t int_ = 0;
  bool integral_ = false;
  std::string string_;
  // std::vector allows an incomplete element type, so a Json holds Json directly.
  Array array_;
  Object object_;
};

// Typed members of a request body, with InvalidArgument naming the member when it has
// the wrong type. A missing member (or null) gives the default.
Result<std::string> get_string(const Json& object, std::string_view key, std::string fallback = "");
Result<bool> get_bool(const Json& object, std::string_view key, bool fallback = false);
Result<std::vector<std::string>> get_strings(const Json& object, std::string_view key);

}  // namespace cairn::tools
