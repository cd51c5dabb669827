// cqlsh's value formatting (see value_format.h).
#include "cql/client/value_format.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cinttypes>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/coding.h"

namespace cairn::cql::client {
namespace {

// cqlsh's DEFAULT_FLOAT_PRECISION and DEFAULT_DOUBLE_PRECISION.
constexpr int kFloatPrecision = 5;
constexpr int kDoublePrecision = 12;

std::string escape_text(BytesView s, bool quote) {
  std::string out = quote ? "'" : "";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\'' && quote) {
      out += "''";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  if (quote) out += "'";
  return out;
}

int64_t load_signed(BytesView v) {
  int64_t out = static_cast<signed char>(v[0]);
  for (size_t i = 1; i < v.size(); ++i) out = (out << 8) | static_cast<unsigned char>(v[i]);
  return out;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 to "YYYY-MM-DD" (Howard Hinnant's civil_from_days).
std::string date_text(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string timestamp_text(int64_t millis) {
  const int64_t days = floor_div(millis, 86'400'000);
  const int64_t ms = millis - days * 86'400'000;
  return fmt::format("{} {:02}:{:02}:{:02}.{:03}000+0000", date_text(days), ms / 3'600'000,
                     ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
}

std::string time_text(int64_t nanos) {
  return fmt::format("{:02}:{:02}:{:02}.{:09}", nanos / 3'600'000'000'000,
                     nanos / 60'000'000'000 % 60, nanos / 1'000'000'000 % 60,
                     nanos % 1'000'000'000);
}

// cqlsh's format_floating_point_type: %g with the precision widened by the digits left
// of the point, so 123456.7 is not shown as 1.2346e+05.
std::string floating_text(double v, int precision) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (std::fabs(v) > 2.220446049250313e-16) {
    const auto exponent = static_cast<int>(std::log10(std::fabs(v)));  // toward zero, as int()
    if (exponent >= -4 && exponent < precision) precision += exponent + 1;
  }
  return fmt::format("{:.{}g}", v, precision);
}

std::string inet_text(BytesView v) {
  char buf[INET6_ADDRSTRLEN] = {};
  const int family = v.size() == 4 ? AF_INET : AF_INET6;
  if (inet_ntop(family, v.data(), buf, sizeof buf) == nullptr) return "0x" + to_hex(v);
  return buf;
}

// The [int length][bytes] parts of a frozen collection (after its [int] count of
// items, each of `parts_per_item` parts: 2 for a map) or of a tuple (no count: parts
// until the end). nullopt parts are null.
bool split_parts(BytesView v, bool has_count, size_t parts_per_item,
                 std::vector<std::optional<BytesView>>* parts) {
  size_t pos = 0;
  auto read_int = [&](int32_t* out) {
    if (v.size() - pos < 4) return false;
    *out = static_cast<int32_t>(load_u32(v.data() + pos));
    pos += 4;
    return true;
  };
  int32_t count = -1;
  if (has_count && (!read_int(&count) || count < 0)) return false;
  const size_t wanted = has_count ? static_cast<size_t>(count) * parts_per_item : 0;
  while (has_count ? parts->size() < wanted : pos < v.size()) {
    int32_t length;
    if (!read_int(&length)) return false;
    if (length < 0) {
      parts->push_back(std::nullopt);
      continue;
    }
    if (v.size() - pos < static_cast<size_t>(length)) return false;
    parts->push_back(v.substr(pos, static_cast<size_t>(length)));
    pos += static_cast<size_t>(length);
  }
  return pos == v.size();
}

std::string format(const CqlType& type, BytesView v, bool nested);

std::string format_composite(const CqlType& type, BytesView v) {
  const TypeKind kind = type.kind();
  std::vector<std::optional<BytesView>> parts;
  // validate() has already accepted the value; a map's parts alternate key, value.
  split_parts(v, kind != TypeKind::kTuple, kind == TypeKind::kMap ? 2 : 1, &parts);
  const char* open = kind == TypeKind::kList ? "[" : kind == TypeKind::kTuple ? "(" : "{";
  const char* close = kind == TypeKind::kList ? "]" : kind == TypeKind::kTuple ? ")" : "}";
  std::string out = open;
  const size_t step = kind == TypeKind::kMap ? 2 : 1;
  const size_t items = kind == TypeKind::kMap ? parts.size() / 2 : parts.size();
  for (size_t i = 0; i < items; ++i) {
    if (i > 0) out += ", ";
    for (size_t j = 0; j < step; ++j) {
      const size_t index = i * step + j;
      if (j == 1) out += ": ";
      const CqlType& t = kind == TypeKind::kTuple ? *type.params()[index]
                         : kind == TypeKind::kMap ? *type.params()[j]
                                                  : *type.params()[0];
      out += parts[index] ? format(t, *parts[index], true) : "null";
    }
  }
  return out + close;
}

std::string format(const CqlType& type, BytesView v, bool nested) {
  const TypeKind kind = type.kind();
  if (kind == TypeKind::kText || kind == TypeKind::kAscii) return escape_text(v, nested);
  if (kind == TypeKind::kBlob) return "0x" + to_hex(v);
  if (v.empty()) return "";
  switch (kind) {
    case TypeKind::kBoolean: return v[0] != 0 ? "True" : "False";
    case TypeKind::kTinyint:
    case TypeKind::kSmallint:
    case TypeKind::kInt:
    case TypeKind::kBigint: return std::to_string(load_signed(v));
    case TypeKind::kFloat: {
      const uint32_t bits = load_u32(v.data());
      float f;
      std::memcpy(&f, &bits, sizeof f);
      return floating_text(f, kFloatPrecision);
    }
    case TypeKind::kDouble: {
      const uint64_t bits = load_u64(v.data());
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return floating_text(d, kDoublePrecision);
    }
    case TypeKind::kTimestamp: {
      std::string text = timestamp_text(load_signed(v));
      return nested ? "'" + text + "'" : text;
    }
    case TypeKind::kDate:
      return date_text(static_cast<int64_t>(load_u32(v.data())) - (int64_t{1} << 31));
    case TypeKind::kTime: return time_text(load_signed(v));
    case TypeKind::kInet: {
      std::string text = inet_text(v);
      return nested ? "'" + text + "'" : text;
    }
    case TypeKind::kList:
    case TypeKind::kSet:
    case TypeKind::kMap:
    case TypeKind::kTuple: return format_composite(type, v);
    default:
      // uuid, timeuuid, varint, decimal, duration: the CQL literal is what cqlsh shows.
      return type.to_cql_literal(v);
  }
}

}  // namespace

std::string format_value(const CqlType& type, const std::optional<Bytes>& value) {
  if (!value) return "null";
  if (Status s = type.validate(*value); !s.is_ok()) {
    return fmt::format("0x{} ({})", to_hex(*value), s.message());
  }
  return format(type, *value, false);
}

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace cairn::cql::client
