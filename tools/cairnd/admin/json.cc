#include "tools/cairnd/admin/json.h"

#include <fmt/format.h>

#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace cairn::tools {
namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Json> document() {
    CAIRN_ASSIGN_OR_RETURN(Json v, value(0));
    skip_space();
    if (pos_ != text_.size()) return error("unexpected text after the JSON value");
    return v;
  }

 private:
  Status error(std::string_view what) const {
    return Status::invalid_argument(fmt::format("invalid JSON at offset {}: {}", pos_, what));
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Result<Json> value(int depth) {
    if (depth >= kMaxDepth) return error("nested deeper than 64");
    skip_space();
    if (pos_ >= text_.size()) return error("unexpected end of input");
    const char c = text_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      CAIRN_ASSIGN_OR_RETURN(std::string s, string());
      return Json(std::move(s));
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (literal("true")) return Json(true);
    if (literal("false")) return Json(false);
    if (literal("null")) return Json();
    return error(fmt::format("unexpected character '{}'", c));
  }

  Result<Json> object(int depth) {
    ++pos_;  // {
    Json out = Json::object();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return out;
    }
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return error("expected a member name");
      CAIRN_ASSIGN_OR_RETURN(std::string key, string());
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return error("expected ':'");
      ++pos_;
      CAIRN_ASSIGN_OR_RETURN(Json v, value(depth + 1));
      out.set(std::move(key), std::move(v));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return out;
      }
      return error("expected ',' or '}'");
    }
  }

  Result<Json> array(int depth) {
    ++pos_;  // [
    Json out = Json::array();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return out;
    }
    while (true) {
      CAIRN_ASSIGN_OR_RETURN(Json v, value(depth + 1));
      out.push(std::move(v));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return out;
      }
      return error("expected ',' or ']'");
    }
  }

  Result<uint32_t> hex4() {
    if (pos_ + 4 > text_.size()) return error("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return error("bad hex digit in \\u escape");
    }
    return v;
  }

  static void append_utf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  Result<std::string> string() {
    ++pos_;  // "
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) return error("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return error("control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return error("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          CAIRN_ASSIGN_OR_RETURN(uint32_t cp, hex4());
          if (cp >= 0xDC00 && cp <= 0xDFFF) return error("unpaired low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") return error("unpaired high surrogate");
            pos_ += 2;
            CAIRN_ASSIGN_OR_RETURN(uint32_t low, hex4());
            if (low < 0xDC00 || low > 0xDFFF) return error("unpaired high surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(cp, &out);
          break;
        }
        default: return error(fmt::format("bad escape '\\{}'", e));
      }
    }
  }

  Result<Json> number() {
    const size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    const size_t int_start = pos_;
    const size_t int_digits = digits();
    if (int_digits == 0) return error("expected a digit");
    if (int_digits > 1 && text_[int_start] == '0') return error("leading zero in a number");
    bool integral = true;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      integral = false;
      if (digits() == 0) return error("expected a digit after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      integral = false;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) return error("expected a digit in the exponent");
    }
    const std::string token(text_.substr(start, pos_ - start));
    if (integral) {
      errno = 0;
      char* end = nullptr;
      const long long v = std::strtoll(token.c_str(), &end, 10);
      if (errno == 0) return Json(static_cast<int64_t>(v));
    }
    const double d = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(d)) return error("number out of range");
    return Json(d);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void dump_string(const std::string& s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          *out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void dump_value(const Json& v, std::string* out) {
  switch (v.type()) {
    case Json::Type::kNull: *out += "null"; return;
    case Json::Type::kBool: *out += v.as_bool() ? "true" : "false"; return;
    case Json::Type::kNumber:
      *out += v.is_integral() ? fmt::format("{}", v.as_int()) : fmt::format("{}", v.as_double());
      return;
    case Json::Type::kString: dump_string(v.as_string(), out); return;
    case Json::Type::kArray: {
      out->push_back('[');
      bool first = true;
      for (const auto& item : v.as_array()) {
        if (!first) out->push_back(',');
        first = false;
        dump_value(item, out);
      }
      out->push_back(']');
      return;
    }
    case Json::Type::kObject: {
      out->push_back('{');
      bool first = true;
      for (const auto& [key, item] : v.as_object()) {
        if (!first) out->push_back(',');
        first = false;
        dump_string(key, out);
        out->push_back(':');
        dump_value(item, out);
      }
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

Json::Json(double v) : type_(Type::kNumber), number_(std::isfinite(v) ? v : 0) {
  // JSON has no NaN or infinity; they are our bug if they get here.
  assert(std::isfinite(v));
}

Json Json::array(Array items) {
  Json j;
  j.type_ = Type::kArray;
  j.array_ = std::move(items);
  return j;
}

Json Json::object(Object members) {
  Json j;
  j.type_ = Type::kObject;
  j.object_ = std::move(members);
  return j;
}

Result<Json> Json::parse(std::string_view text) { return Parser(text).document(); }

std::string Json::dump() const {
  std::string out;
  dump_value(*this, &out);
  return out;
}

bool Json::as_bool() const {
  assert(type_ == Type::kBool);
  return bool_;
}
double Json::as_double() const {
  assert(type_ == Type::kNumber);
  return number_;
}
int64_t Json::as_int() const {
  assert(is_integral());
  return int_;
}
const std::string& Json::as_string() const {
  assert(type_ == Type::kString);
  return string_;
}
const Json::Array& Json::as_array() const {
  assert(type_ == Type::kArray);
  return array_;
}
Json::Array& Json::as_array() {
  assert(type_ == Type::kArray);
  return array_;
}
const Json::Object& Json::as_object() const {
  assert(type_ == Type::kObject);
  return object_;
}

const Json* Json::find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const auto& [k, v] : object_) {
    if (k == key) return &v;
  }
  return nullptr;
}

Json& Json::set(std::string key, Json value) {
  assert(type_ == Type::kObject);
  for (auto& [k, v] : object_) {
    if (k == key) {
      v = std::move(value);
      return v;
    }
  }
  object_.emplace_back(std::move(key), std::move(value));
  return object_.back().second;
}

void Json::push(Json value) {
  assert(type_ == Type::kArray);
  array_.push_back(std::move(value));
}

Result<std::string> get_string(const Json& object, std::string_view key, std::string fallback) {
  const Json* v = object.find(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) return Status::invalid_argument(fmt::format("'{}' must be a string", key));
  return v->as_string();
}

Result<bool> get_bool(const Json& object, std::string_view key, bool fallback) {
  const Json* v = object.find(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_bool())
    return Status::invalid_argument(fmt::format("'{}' must be true or false", key));
  return v->as_bool();
}

Result<std::vector<std::string>> get_strings(const Json& object, std::string_view key) {
  std::vector<std::string> out;
  const Json* v = object.find(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    return Status::invalid_argument(fmt::format("'{}' must be an array of strings", key));
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      return Status::invalid_argument(fmt::format("'{}' must be an array of strings", key));
    }
    out.push_back(item.as_string());
  }
  return out;
}

}  // namespace cairn::tools
