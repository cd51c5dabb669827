// CqlType::to_cql_literal and collection_from_cells (model/types.h).
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "model/type_codec.h"
#include "model/types.h"

namespace cairn {
namespace {


// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string date_text(int64_t days) {
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02u-%02u", y, m, d);
  return buf;
}

std::string timestamp_text(int64_t millis) {
  int64_t days = floor_div(millis, 86'400'000);
  int64_t ms_of_day = millis - days * 86'400'000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "'%s %02d:%02d:%02d.%03dZ'", date_text(days).c_str(),
                static_cast<int>(ms_of_day / 3'600'000), static_cast<int>(ms_of_day / 60'000 % 60),
                static_cast<int>(ms_of_day / 1000 % 60), static_cast<int>(ms_of_day % 1000));
  return buf;
}

std::string time_text(int64_t nanos) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "'%02d:%02d:%02d.%09d'", static_cast<int>(nanos / 3'600'000'000'000),
                static_cast<int>(nanos / 60'000'000'000 % 60),
                static_cast<int>(nanos / 1'000'000'000 % 60), static_cast<int>(nanos % 1'000'000'000));
  return buf;
}

template <typename F>
std::string float_text(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  // The shortest of %.{1..17}g that reads back to the same value.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(v));
    if (static_cast<F>(std::strtod(buf, nullptr)) == v) break;
  }
  return buf;
}

std::string uuid_text(BytesView v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kDigits[static_cast<unsigned char>(v[i]) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(v[i]) & 0xf]);
  }
  return out;
}

std::string inet_text(BytesView v) {
  char buf[64];
  auto u = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(v[i])); };
  if (v.size() == 4) {
    std::snprintf(buf, sizeof buf, "'%u.%u.%u.%u'", u(0), u(1), u(2), u(3));
    return buf;
  }
  std::string out = "'";
  for (size_t i = 0; i < 16; i += 2) {
    std::snprintf(buf, sizeof buf, "%s%x", i ? ":" : "", (u(i) << 8) | u(i + 1));
    out += buf;
  }
  return out + "'";
}

std::string duration_text(BytesView v) {
  BufferReader in(v);
  int64_t months = 0, days = 0, nanos = 0;
  (void)(get_cql_signed_vint(&in, &months) && get_cql_signed_vint(&in, &days) &&
         get_cql_signed_vint(&in, &nanos));
  bool negative = months < 0 || days < 0 || nanos < 0;
  uint64_t mo = static_cast<uint64_t>(months < 0 ? -months : months);
  uint64_t d = static_cast<uint64_t>(days < 0 ? -days : days);
  uint64_t ns = nanos < 0 ? 0 - static_cast<uint64_t>(nanos) : static_cast<uint64_t>(nanos);
  std::string out = negative ? "-" : "";
  auto unit = [&](uint64_t n, const char* suffix) {
    if (n) out += std::to_string(n) + suffix;
  };
  unit(mo / 12, "y");
  unit(mo % 12, "mo");
  unit(d, "d");
  unit(ns / 3'600'000'000'000, "h");
  unit(ns / 60'000'000'000 % 60, "m");
  unit(ns / 1'000'000'000 % 60, "s");
  unit(ns / 1'000'000 % 1000, "ms");
  unit(ns / 1000 % 1000, "us");
  unit(ns % 1000, "ns");
  return out == "" || out == "-" ? "0s" : out;
}

int64_t load_signed(BytesView v) {
  int64_t out = static_cast<signed char>(v[0]);
  for (size_t i = 1; i < v.size(); ++i) out = (out << 8) | static_cast<unsigned char>(v[i]);
  return out;
}

}  // namespace

std::string cql_string_literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string CqlType::to_cql_literal(BytesView v) const {
  if (v.empty() && kind_ != TypeKind::kText && kind_ != TypeKind::kAscii &&
      kind_ != TypeKind::kBlob) {
    return "<empty>";
  }
  switch (kind_) {
    case TypeKind::kAscii:
    case TypeKind::kText: return cql_string_literal(v);
    case TypeKind::kBlob: return "0x" + to_hex(v);
    case TypeKind::kBoolean: return v[0] ? "true" : "false";
    case TypeKind::kTinyint:
    case TypeKind::kSmallint:
    case TypeKind::kInt:
    case TypeKind::kBigint: return std::to_string(load_signed(v));
    case TypeKind::kFloat: {
      uint32_t bits = load_u32(v.data());
      float f;
      std::memcpy(&f, &bits, 4);
      return float_text(f);
    }
    case TypeKind::kDouble: {
      uint64_t bits = load_u64(v.data());
      double d;
      std::memcpy(&d, &bits, 8);
      return float_text(d);
    }
    case TypeKind::kTimestamp: return timestamp_text(load_signed(v));
    case TypeKind::kDate:
    {
      std::string text = "'";
      text += date_text(static_cast<int64_t>(load_u32(v.data())) - (int64_t{1} << 31));
      text += "'";
      return text;
    }
    case TypeKind::kTime: return time_text(load_signed(v));
    case TypeKind::kUuid:
    case TypeKind::kTimeuuid: return uuid_text(v);
    case TypeKind::kInet: return inet_text(v);
    case TypeKind::kDuration: return duration_text(v);
    case TypeKind::kVarint: {
      bool negative;
      std::string digits = varint_to_decimal(v, &negative);
      if (negative) digits.insert(digits.begin(), '-');
      return digits;
    }
    case TypeKind::kDecimal: {
      int32_t scale = static_cast<int32_t>(load_u32(v.data()));
      bool negative;
      std::string digits = varint_to_decimal(v.substr(4), &negative);
      std::string out;
      if (scale <= 0) {
        out = digits + (digits == "0" ? "" : std::string(static_cast<size_t>(-int64_t{scale}), '0'));
      } else if (static_cast<size_t>(scale) < digits.size()) {
        out = digits.substr(0, digits.size() - scale) + "." + digits.substr(digits.size() - scale);
      } else {
        out = "0." + std::string(scale - digits.size(), '0') + digits;
      }
      return (negative ? "-" : "") + out;
    }
    case TypeKind::kList:
    case TypeKind::kSet:
    case TypeKind::kMap:
    case TypeKind::kTuple: {
      std::vector<std::optional<BytesView>> parts;
      split_elements(kind_, v, &parts);
      const char* open = kind_ == TypeKind::kList ? "[" : kind_ == TypeKind::kTuple ? "(" : "{";
      const char* close = kind_ == TypeKind::kList ? "]" : kind_ == TypeKind::kTuple ? ")" : "}";
      std::string out = open;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += kind_ == TypeKind::kMap && i % 2 ? ": " : ", ";
        const CqlType& t = kind_ == TypeKind::kTuple ? *params_[i]
                           : kind_ == TypeKind::kMap ? *params_[i % 2]
                                                     : *params_[0];
        out += parts[i] ? t.to_cql_literal(*parts[i]) : "null";
      }
      return out + close;
    }
  }
  return "?";
}

Bytes collection_from_cells(const CqlType& type, const std::vector<CollectionCell>& cells) {
  std::vector<const CollectionCell*> sorted;
  for (const auto& c : cells) sorted.push_back(&c);
  if (type.kind() == TypeKind::kList) {
    std::sort(sorted.begin(), sorted.end(), [](const CollectionCell* a, const CollectionCell* b) {
      return compare_bytes(a->path, b->path) < 0;
    });
    std::vector<Bytes> elements;
    for (const auto* c : sorted) elements.push_back(c->value);
    return values::from_list(elements);
  }
  const CqlType& key_type = *type.params()[0];
  std::sort(sorted.begin(), sorted.end(), [&](const CollectionCell* a, const CollectionCell* b) {
    return key_type.compare(a->path, b->path) < 0;
  });
  if (type.kind() == TypeKind::kSet) {
    std::vector<Bytes> elements;
    for (const auto* c : sorted) elements.push_back(c->path);
    return values::from_list(elements);
  }
  std::vector<std::pair<Bytes, Bytes>> entries;
  for (const auto* c : sorted) entries.emplace_back(c->path, c->value);
  return values::from_map(entries);
}

}  // namespace cairn
