// Serialized values: encoders and decoders (values::), CQL literals, collections
// folded from cells, and Cassandra's vint (model/types.h, model/type_codec.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "model/type_codec.h"
#include "model/types.h"

namespace cairn {

void put_cql_vint(Bytes* out, uint64_t v) {
  // With E extra bytes there are 7 + 7E value bits (E leading 1s and a 0 in the first
  // byte); nine bytes (E = 8, first byte 0xff) hold all 64.
  int extra = 0;
  while (extra < 8 && v >= (uint64_t{1} << (7 + 7 * extra))) ++extra;
  if (extra == 8) {
    out->push_back(static_cast<char>(0xff));
    for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
    return;
  }
  unsigned char first = static_cast<unsigned char>(~(0xffu >> extra) & 0xff);
  first |= static_cast<unsigned char>(v >> (8 * extra));
  out->push_back(static_cast<char>(first));
  for (int i = extra - 1; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

bool get_cql_vint(BufferReader* in, uint64_t* v) {
  uint8_t first;
  if (!in->get_u8(&first)) return false;
  int extra = 0;
  while (extra < 8 && (first & (0x80 >> extra))) ++extra;
  uint64_t value = extra == 8 ? 0 : (first & (0xffu >> extra));
  for (int i = 0; i < extra; ++i) {
    uint8_t b;
    if (!in->get_u8(&b)) return false;
    value = (value << 8) | b;
  }
  *v = value;
  return true;
}

namespace values {

Bytes from_ascii(std::string_view s) { return Bytes(s); }
Bytes from_text(std::string_view s) { return Bytes(s); }
Bytes from_blob(BytesView b) { return Bytes(b); }
Bytes from_boolean(bool v) { return Bytes(1, v ? '\x01' : '\x00'); }
Bytes from_tinyint(int8_t v) { return Bytes(1, static_cast<char>(v)); }
Bytes from_smallint(int16_t v) {
  Bytes out;
  put_u16(&out, static_cast<uint16_t>(v));
  return out;
}
Bytes from_int(int32_t v) {
  Bytes out;
  put_i32(&out, v);
  return out;
}
Bytes from_bigint(int64_t v) {
  Bytes out;
  put_i64(&out, v);
  return out;
}
Bytes from_float(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  Bytes out;
  put_u32(&out, bits);
  return out;
}
Bytes from_double(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  Bytes out;
  put_u64(&out, bits);
  return out;
}
Bytes from_timestamp(int64_t millis) { return from_bigint(millis); }
Bytes from_date(int32_t days_since_epoch) {
  Bytes out;
  put_u32(&out, static_cast<uint32_t>(days_since_epoch) + (1u << 31));
  return out;
}
Bytes from_time(int64_t nanos) { return from_bigint(nanos); }
Bytes from_uuid(BytesView bytes16) { return Bytes(bytes16); }
Bytes from_varint(int64_t v) {
  Bytes full = from_bigint(v);
  // Drop leading bytes that only repeat the sign.
  size_t start = 0;
  while (start < 7) {
    unsigned char b = static_cast<unsigned char>(full[start]);
    unsigned char next = static_cast<unsigned char>(full[start + 1]);
    if ((b == 0x00 && !(next & 0x80)) || (b == 0xff && (next & 0x80))) {
      ++start;
    } else {
      break;
    }
  }
  return full.substr(start);
}
Bytes from_decimal(int64_t unscaled, int32_t scale) {
  Bytes out;
  put_i32(&out, scale);
  out += from_varint(unscaled);
  return out;
}
Bytes from_duration(int32_t months, int32_t days, int64_t nanos) {
  Bytes out;
  put_cql_signed_vint(&out, months);
  put_cql_signed_vint(&out, days);
  put_cql_signed_vint(&out, nanos);
  return out;
}
Bytes from_inet(BytesView address_bytes) { return Bytes(address_bytes); }

Bytes from_list(const std::vector<Bytes>& elements) {
  Bytes out;
  put_i32(&out, static_cast<int32_t>(elements.size()));
  for (const auto& e : elements) {
    put_i32(&out, static_cast<int32_t>(e.size()));
    out += e;
  }
  return out;
}

Bytes from_map(const std::vector<std::pair<Bytes, Bytes>>& entries) {
  Bytes out;
  put_i32(&out, static_cast<int32_t>(entries.size()));
  for (const auto& [k, v] : entries) {
    put_i32(&out, static_cast<int32_t>(k.size()));
    out += k;
    put_i32(&out, static_cast<int32_t>(v.size()));
    out += v;
  }
  return out;
}

Bytes from_tuple(const std::vector<std::optional<Bytes>>& components) {
  Bytes out;
  for (const auto& c : components) {
    if (!c) {
      put_i32(&out, -1);
      continue;
    }
    put_i32(&out, static_cast<int32_t>(c->size()));
    out += *c;
  }
  return out;
}

namespace {
Status wrong_size(const char* type, size_t want, size_t got) {
  return Status::invalid_argument(std::string("invalid ") + type + " value: expected " +
                                  std::to_string(want) + " bytes, got " + std::to_string(got));
}
}  // namespace

Result<int32_t> to_int(BytesView v) {
  if (v.size() != 4) return wrong_size("int", 4, v.size());
  return static_cast<int32_t>(load_u32(v.data()));
}
Result<int64_t> to_bigint(BytesView v) {
  if (v.size() != 8) return wrong_size("bigint", 8, v.size());
  return static_cast<int64_t>(load_u64(v.data()));
}
Result<bool> to_boolean(BytesView v) {
  if (v.size() != 1) return wrong_size("boolean", 1, v.size());
  return v[0] != 0;
}
Result<double> to_double(BytesView v) {
  if (v.size() != 8) return wrong_size("double", 8, v.size());
  uint64_t bits = load_u64(v.data());
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

Result<std::vector<Bytes>> collection_elements(BytesView v) {
  // The element count may be read as a list's; a map has twice as many parts.
  std::vector<std::optional<BytesView>> parts;
  BufferReader in(v);
  int32_t n;
  if (!in.get_i32(&n) || n < 0) return Status::invalid_argument("invalid collection value");
  // Try as a map first when the bytes fit exactly 2n parts, otherwise as a list.
  if (!split_elements(TypeKind::kMap, v, &parts)) {
    parts.clear();
    if (!split_elements(TypeKind::kList, v, &parts)) {
      return Status::invalid_argument("invalid collection value: truncated or malformed");
    }
  }
  std::vector<Bytes> out;
  for (const auto& p : parts) out.emplace_back(*p);
  return out;
}

}  // namespace values
}  // namespace cairn
