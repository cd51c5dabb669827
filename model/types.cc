// CqlType: names, ordering and validation of serialized values (model/types.h).
#include "model/types.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/coding.h"
#include "model/type_codec.h"

namespace cairn {
namespace {

TypeRef native(TypeKind kind) { return std::make_shared<const CqlType>(kind, false, std::vector<TypeRef>{}); }

const char* native_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::kAscii: return "ascii";
    case TypeKind::kBigint: return "bigint";
    case TypeKind::kBlob: return "blob";
    case TypeKind::kBoolean: return "boolean";
    case TypeKind::kDate: return "date";
    case TypeKind::kDecimal: return "decimal";
    case TypeKind::kDouble: return "double";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kFloat: return "float";
    case TypeKind::kInet: return "inet";
    case TypeKind::kInt: return "int";
    case TypeKind::kSmallint: return "smallint";
    case TypeKind::kText: return "text";
    case TypeKind::kTime: return "time";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kTimeuuid: return "timeuuid";
    case TypeKind::kTinyint: return "tinyint";
    case TypeKind::kUuid: return "uuid";
    case TypeKind::kVarint: return "varint";
    case TypeKind::kList: return "list";
    case TypeKind::kSet: return "set";
    case TypeKind::kMap: return "map";
    case TypeKind::kTuple: return "tuple";
  }
  return "?";
}

// Size a fixed-width type must have; 0 for variable-width types.
size_t fixed_size(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean:
    case TypeKind::kTinyint: return 1;
    case TypeKind::kSmallint: return 2;
    case TypeKind::kInt:
    case TypeKind::kFloat:
    case TypeKind::kDate: return 4;
    case TypeKind::kBigint:
    case TypeKind::kDouble:
    case TypeKind::kTimestamp:
    case TypeKind::kTime: return 8;
    case TypeKind::kUuid:
    case TypeKind::kTimeuuid: return 16;
    default: return 0;
  }
}

int sign(int64_t v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

int64_t load_signed(BytesView v) {
  // Sign-extends big-endian bytes (1, 2, 4 or 8 of them).
  int64_t out = static_cast<signed char>(v[0]);
  for (size_t i = 1; i < v.size(); ++i) out = (out << 8) | static_cast<unsigned char>(v[i]);
  return out;
}

template <typename F>
int compare_floating(F a, F b) {
  // As Java's Float.compare / Double.compare: -0.0 < 0.0, NaN above everything.
  if (a < b) return -1;
  if (a > b) return 1;
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  bool as = std::signbit(a), bs = std::signbit(b);
  return as == bs ? 0 : (as ? -1 : 1);
}

float load_float(BytesView v) {
  uint32_t bits = load_u32(v.data());
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

double load_double(BytesView v) {
  uint64_t bits = load_u64(v.data());
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

// Two's-complement big-endian integers of any length.
int compare_varint(BytesView a, BytesView b) {
  bool an = static_cast<unsigned char>(a[0]) & 0x80, bn = static_cast<unsigned char>(b[0]) & 0x80;
  if (an != bn) return an ? -1 : 1;
  size_t n = std::max(a.size(), b.size());
  unsigned char fill = an ? 0xff : 0x00;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i + a.size() < n ? fill : static_cast<unsigned char>(a[i + a.size() - n]);
    unsigned char y = i + b.size() < n ? fill : static_cast<unsigned char>(b[i + b.size() - n]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace

// Decimal digits of the magnitude of a two's-complement big-endian integer, and its sign.
std::string varint_to_decimal(BytesView v, bool* negative) {
  std::vector<uint8_t> mag(v.begin(), v.end());
  *negative = !mag.empty() && (mag[0] & 0x80);
  if (*negative) {  // magnitude = ~v + 1
    for (auto& b : mag) b = static_cast<uint8_t>(~b);
    for (size_t i = mag.size(); i-- > 0;) {
      if (++mag[i] != 0) break;
    }
  }
  std::string digits;
  for (;;) {
    bool zero = true;
    unsigned rem = 0;
    for (auto& b : mag) {
      unsigned cur = (rem << 8) | b;
      b = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
      zero &= b == 0;
    }
    digits.push_back(static_cast<char>('0' + rem));
    if (zero) break;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::reverse(digits.begin(), digits.end());
  return digits;
}

namespace {

int compare_decimal(BytesView a, BytesView b) {
  int32_t sa = static_cast<int32_t>(load_u32(a.data())), sb = static_cast<int32_t>(load_u32(b.data()));
  bool na, nb;
  std::string da = varint_to_decimal(a.substr(4), &na), db = varint_to_decimal(b.substr(4), &nb);
  bool za = da == "0", zb = db == "0";
  int sign_a = za ? 0 : (na ? -1 : 1), sign_b = zb ? 0 : (nb ? -1 : 1);
  if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
  if (sign_a == 0) return 0;
  // value = digits * 10^-scale; compare orders of magnitude, then the digits.
  int64_t ea = static_cast<int64_t>(da.size()) - sa, eb = static_cast<int64_t>(db.size()) - sb;
  int magnitude = 0;
  if (ea != eb) {
    magnitude = ea < eb ? -1 : 1;
  } else {
    size_t n = std::max(da.size(), db.size());
    da.resize(n, '0');
    db.resize(n, '0');
    magnitude = da.compare(db) < 0 ? -1 : (da == db ? 0 : 1);
  }
  return sign_a > 0 ? magnitude : -magnitude;
}

uint64_t timeuuid_timestamp(BytesView v) {
  auto u = [&](int i) { return static_cast<uint64_t>(static_cast<unsigned char>(v[i])); };
  return ((u(6) & 0x0f) << 56) | (u(7) << 48) | (u(4) << 40) | (u(5) << 32) | (u(0) << 24) |
         (u(1) << 16) | (u(2) << 8) | u(3);
}

int compare_timeuuid(BytesView a, BytesView b) {
  uint64_t ta = timeuuid_timestamp(a), tb = timeuuid_timestamp(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  // Cassandra's TimeUUIDType compares the rest as signed bytes.
  for (size_t i = 8; i < 16; ++i) {
    signed char x = static_cast<signed char>(a[i]), y = static_cast<signed char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

int compare_uuid(BytesView a, BytesView b) {
  int va = static_cast<unsigned char>(a[6]) >> 4, vb = static_cast<unsigned char>(b[6]) >> 4;
  if (va != vb) return va < vb ? -1 : 1;
  if (va == 1) return compare_timeuuid(a, b);
  return compare_bytes(a, b);
}

}  // namespace

// Splits a frozen list/set/map/tuple value into its [i32 length][bytes] parts (a map's
// keys and values alternate). A null tuple component (length -1) is nullopt. False if
// the value is malformed.
bool split_elements(TypeKind kind, BytesView v, std::vector<std::optional<BytesView>>* out) {
  BufferReader in(v);
  const bool counted = kind != TypeKind::kTuple;
  int64_t count = -1;
  if (counted) {
    int32_t n;
    if (!in.get_i32(&n) || n < 0 || static_cast<size_t>(n) > v.size()) return false;
    count = kind == TypeKind::kMap ? int64_t{n} * 2 : n;
  }
  while (counted ? static_cast<int64_t>(out->size()) < count : !in.at_end()) {
    int32_t len;
    if (!in.get_i32(&len)) return false;
    if (len < 0) {
      if (counted || len != -1) return false;
      out->push_back(std::nullopt);
      continue;
    }
    BytesView e;
    if (!in.get_bytes(static_cast<size_t>(len), &e)) return false;
    out->push_back(e);
  }
  return in.at_end();
}

namespace {

bool valid_utf8(BytesView s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c >> 5) == 0x6) { n = 1; cp = c & 0x1f; }
    else if ((c >> 4) == 0xe) { n = 2; cp = c & 0x0f; }
    else if ((c >> 3) == 0x1e) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;  // the sequence is cut short
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

TypeRef CqlType::ascii() { static const TypeRef t = native(TypeKind::kAscii); return t; }
TypeRef CqlType::bigint() { static const TypeRef t = native(TypeKind::kBigint); return t; }
TypeRef CqlType::blob() { static const TypeRef t = native(TypeKind::kBlob); return t; }
TypeRef CqlType::boolean() { static const TypeRef t = native(TypeKind::kBoolean); return t; }
TypeRef CqlType::date() { static const TypeRef t = native(TypeKind::kDate); return t; }
TypeRef CqlType::decimal() { static const TypeRef t = native(TypeKind::kDecimal); return t; }
TypeRef CqlType::double_() { static const TypeRef t = native(TypeKind::kDouble); return t; }
TypeRef CqlType::duration() { static const TypeRef t = native(TypeKind::kDuration); return t; }
TypeRef CqlType::float_() { static const TypeRef t = native(TypeKind::kFloat); return t; }
TypeRef CqlType::inet() { static const TypeRef t = native(TypeKind::kInet); return t; }
TypeRef CqlType::int_() { static const TypeRef t = native(TypeKind::kInt); return t; }
TypeRef CqlType::smallint() { static const TypeRef t = native(TypeKind::kSmallint); return t; }
TypeRef CqlType::text() { static const TypeRef t = native(TypeKind::kText); return t; }
TypeRef CqlType::time() { static const TypeRef t = native(TypeKind::kTime); return t; }
TypeRef CqlType::timestamp() { static const TypeRef t = native(TypeKind::kTimestamp); return t; }
TypeRef CqlType::timeuuid() { static const TypeRef t = native(TypeKind::kTimeuuid); return t; }
TypeRef CqlType::tinyint() { static const TypeRef t = native(TypeKind::kTinyint); return t; }
TypeRef CqlType::uuid() { static const TypeRef t = native(TypeKind::kUuid); return t; }
TypeRef CqlType::varint() { static const TypeRef t = native(TypeKind::kVarint); return t; }

TypeRef CqlType::list(TypeRef element, bool frozen) {
  return std::make_shared<const CqlType>(TypeKind::kList, frozen, std::vector<TypeRef>{element});
}
TypeRef CqlType::set(TypeRef element, bool frozen) {
  return std::make_shared<const CqlType>(TypeKind::kSet, frozen, std::vector<TypeRef>{element});
}
TypeRef CqlType::map(TypeRef key, TypeRef value, bool frozen) {
  return std::make_shared<const CqlType>(TypeKind::kMap, frozen, std::vector<TypeRef>{key, value});
}
TypeRef CqlType::tuple(std::vector<TypeRef> components) {
  return std::make_shared<const CqlType>(TypeKind::kTuple, true, std::move(components));
}

std::string CqlType::cql_name() const {
  if (params_.empty() && kind_ != TypeKind::kTuple) return native_name(kind_);
  std::string inner;
  for (size_t i = 0; i < params_.size(); ++i) inner += (i ? ", " : "") + params_[i]->cql_name();
  std::string name = std::string(native_name(kind_)) + "<" + inner + ">";
  if (frozen_ && kind_ != TypeKind::kTuple) return "frozen<" + name + ">";
  return name;
}

bool CqlType::equals(const CqlType& other) const {
  if (kind_ != other.kind_ || frozen_ != other.frozen_ || params_.size() != other.params_.size()) {
    return false;
  }
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i]->equals(*other.params_[i])) return false;
  }
  return true;
}

int CqlType::compare(BytesView a, BytesView b) const {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  switch (kind_) {
    case TypeKind::kTinyint:
    case TypeKind::kSmallint:
    case TypeKind::kInt:
    case TypeKind::kBigint:
    case TypeKind::kTimestamp:
    case TypeKind::kTime: {
      int64_t x = load_signed(a), y = load_signed(b);
      return sign(x < y ? -1 : (x > y ? 1 : 0));
    }
    case TypeKind::kFloat: return compare_floating(load_float(a), load_float(b));
    case TypeKind::kDouble: return compare_floating(load_double(a), load_double(b));
    case TypeKind::kVarint: return compare_varint(a, b);
    case TypeKind::kDecimal: return compare_decimal(a, b);
    case TypeKind::kTimeuuid: return compare_timeuuid(a, b);
    case TypeKind::kUuid: return compare_uuid(a, b);
    case TypeKind::kList:
    case TypeKind::kSet:
    case TypeKind::kMap:
    case TypeKind::kTuple: {
      std::vector<std::optional<BytesView>> ea, eb;
      split_elements(kind_, a, &ea);
      split_elements(kind_, b, &eb);
      for (size_t i = 0; i < std::min(ea.size(), eb.size()); ++i) {
        if (!ea[i] || !eb[i]) {
          if (ea[i].has_value() != eb[i].has_value()) return ea[i] ? 1 : -1;
          continue;
        }
        const CqlType* t = kind_ == TypeKind::kTuple ? params_[i].get()
                           : kind_ == TypeKind::kMap ? params_[i % 2].get()
                                                     : params_[0].get();
        int c = t->compare(*ea[i], *eb[i]);
        if (c != 0) return c;
      }
      return ea.size() == eb.size() ? 0 : (ea.size() < eb.size() ? -1 : 1);
    }
    default:  // ascii, text, blob, boolean, date, inet, duration: unsigned bytes
      return compare_bytes(a, b);
  }
}

Status CqlType::validate(BytesView value) const {
  if (value.empty()) return Status::ok();
  auto bad = [&](const std::string& why) {
    return Status::invalid_argument("invalid " + cql_name() + " value: " + why);
  };
  if (size_t n = fixed_size(kind_); n != 0 && value.size() != n) {
    return bad("expected " + std::to_string(n) + " bytes, got " + std::to_string(value.size()));
  }
  switch (kind_) {
    case TypeKind::kAscii:
      for (char c : value) {
        if (static_cast<unsigned char>(c) >= 0x80) return bad("non-ASCII byte");
      }
      return Status::ok();
    case TypeKind::kText:
      return valid_utf8(value) ? Status::ok() : bad("not valid UTF-8");
    case TypeKind::kTime: {
      int64_t nanos = load_signed(value);
      if (nanos < 0 || nanos >= 86'400'000'000'000) return bad("nanoseconds out of a day's range");
      return Status::ok();
    }
    case TypeKind::kTimeuuid:
      if ((static_cast<unsigned char>(value[6]) >> 4) != 1) return bad("not a version 1 UUID");
      return Status::ok();
    case TypeKind::kInet:
      if (value.size() != 4 && value.size() != 16) return bad("expected 4 or 16 bytes");
      return Status::ok();
    case TypeKind::kDecimal:
      if (value.size() < 5) return bad("expected a 4-byte scale and an unscaled varint");
      return Status::ok();
    case TypeKind::kDuration: {
      BufferReader in(value);
      int64_t months, days, nanos;
      if (!get_cql_signed_vint(&in, &months) || !get_cql_signed_vint(&in, &days) ||
          !get_cql_signed_vint(&in, &nanos) || !in.at_end()) {
        return bad("expected three vints");
      }
      if (months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX) {
        return bad("months and days must fit in 32 bits");
      }
      bool any_neg = months < 0 || days < 0 || nanos < 0;
      bool any_pos = months > 0 || days > 0 || nanos > 0;
      if (any_neg && any_pos) return bad("months, days and nanoseconds must share one sign");
      return Status::ok();
    }
    case TypeKind::kList:
    case TypeKind::kSet:
    case TypeKind::kMap:
    case TypeKind::kTuple: {
      std::vector<std::optional<BytesView>> parts;
      if (!split_elements(kind_, value, &parts)) return bad("truncated or malformed elements");
      if (kind_ == TypeKind::kTuple && parts.size() > params_.size()) {
        return bad("more components than the tuple has");
      }
      for (size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i]) continue;  // a null tuple component
        const CqlType* t = kind_ == TypeKind::kTuple ? params_[i].get()
                           : kind_ == TypeKind::kMap ? params_[i % 2].get()
                                                     : params_[0].get();
        CAIRN_RETURN_IF_ERROR(t->validate(*parts[i]).with_context("in " + cql_name()));
      }
      return Status::ok();
    }
    default:
      return Status::ok();
  }
}

}  // namespace cairn
