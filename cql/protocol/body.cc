#include "cql/protocol/body.h"

#include "common/coding.h"

namespace cairn::cql {

Status BodyReader::malformed(const std::string& what) const {
  return Status::invalid_argument("malformed " + what + " at body offset " + std::to_string(pos_));
}

Result<BytesView> BodyReader::take(size_t n, const char* what) {
  if (body_.size() - pos_ < n) {
    return malformed(std::string(what) + " (needs " + std::to_string(n) + " bytes, " +
                     std::to_string(body_.size() - pos_) + " left)");
  }
  BytesView v = body_.substr(pos_, n);
  pos_ += n;
  return v;
}

Result<int32_t> BodyReader::read_int() {
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(4, "[int]"));
  return static_cast<int32_t>(load_u32(v.data()));
}

Result<int64_t> BodyReader::read_long() {
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(8, "[long]"));
  return static_cast<int64_t>(load_u64(v.data()));
}

Result<uint16_t> BodyReader::read_short() {
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(2, "[short]"));
  return load_u16(v.data());
}

Result<uint8_t> BodyReader::read_byte() {
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(1, "[byte]"));
  return static_cast<uint8_t>(v[0]);
}

Result<std::string> BodyReader::read_string() {
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, read_short());
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(n, "[string]"));
  return std::string(v);
}

Result<std::string> BodyReader::read_long_string() {
  CAIRN_ASSIGN_OR_RETURN(int32_t n, read_int());
  if (n < 0) return malformed("[long string] (negative length)");
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(static_cast<size_t>(n), "[long string]"));
  return std::string(v);
}

Result<Bytes> BodyReader::read_uuid() {
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(16, "[uuid]"));
  return Bytes(v);
}

Result<std::vector<std::string>> BodyReader::read_string_list() {
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, read_short());
  std::vector<std::string> out;
  for (uint16_t i = 0; i < n; ++i) {
    CAIRN_ASSIGN_OR_RETURN(std::string s, read_string());
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<Bytes>> BodyReader::read_bytes() {
  CAIRN_ASSIGN_OR_RETURN(int32_t n, read_int());
  if (n < 0) return std::optional<Bytes>();
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(static_cast<size_t>(n), "[bytes]"));
  return std::optional<Bytes>(Bytes(v));
}

Result<Value> BodyReader::read_value() {
  CAIRN_ASSIGN_OR_RETURN(int32_t n, read_int());
  if (n == -1) return Value::null();
  if (n == -2) return Value::unset();
  if (n < 0) return malformed("[value] (length " + std::to_string(n) + ")");
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(static_cast<size_t>(n), "[value]"));
  return Value::of(Bytes(v));
}

Result<Bytes> BodyReader::read_short_bytes() {
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, read_short());
  CAIRN_ASSIGN_OR_RETURN(BytesView v, take(n, "[short bytes]"));
  return Bytes(v);
}

Result<uint16_t> BodyReader::read_consistency() {
  CAIRN_ASSIGN_OR_RETURN(uint16_t c, read_short());
  if (c > 0x000A) return malformed("[consistency] (" + std::to_string(c) + ")");
  return c;
}

Result<std::map<std::string, std::string>> BodyReader::read_string_map() {
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, read_short());
  std::map<std::string, std::string> out;
  for (uint16_t i = 0; i < n; ++i) {
    CAIRN_ASSIGN_OR_RETURN(std::string k, read_string());
    CAIRN_ASSIGN_OR_RETURN(std::string v, read_string());
    out[std::move(k)] = std::move(v);
  }
  return out;
}

Result<std::map<std::string, std::vector<std::string>>> BodyReader::read_string_multimap() {
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, read_short());
  std::map<std::string, std::vector<std::string>> out;
  for (uint16_t i = 0; i < n; ++i) {
    CAIRN_ASSIGN_OR_RETURN(std::string k, read_string());
    CAIRN_ASSIGN_OR_RETURN(auto v, read_string_list());
    out[std::move(k)] = std::move(v);
  }
  return out;
}

void BodyWriter::write_int(int32_t v) { put_i32(&out_, v); }
void BodyWriter::write_long(int64_t v) { put_i64(&out_, v); }
void BodyWriter::write_short(uint16_t v) { put_u16(&out_, v); }
void BodyWriter::write_byte(uint8_t v) { put_u8(&out_, v); }

void BodyWriter::write_string(std::string_view s) {
  write_short(static_cast<uint16_t>(s.size()));
  out_.append(s);
}

void BodyWriter::write_long_string(std::string_view s) {
  write_int(static_cast<int32_t>(s.size()));
  out_.append(s);
}

void BodyWriter::write_uuid(BytesView uuid16) { out_.append(uuid16.substr(0, 16)); }

void BodyWriter::write_string_list(const std::vector<std::string>& list) {
  write_short(static_cast<uint16_t>(list.size()));
  for (const auto& s : list) write_string(s);
}

void BodyWriter::write_bytes(const std::optional<Bytes>& b) {
  if (!b) {
    write_int(-1);
    return;
  }
  write_int(static_cast<int32_t>(b->size()));
  out_.append(*b);
}

void BodyWriter::write_value(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: write_int(-1); return;
    case Value::Kind::kUnset: write_int(-2); return;
    case Value::Kind::kSet: write_bytes(v.bytes); return;
  }
}

void BodyWriter::write_short_bytes(BytesView b) {
  write_short(static_cast<uint16_t>(b.size()));
  out_.append(b);
}

void BodyWriter::write_string_map(const std::map<std::string, std::string>& m) {
  write_short(static_cast<uint16_t>(m.size()));
  for (const auto& [k, v] : m) {
    write_string(k);
    write_string(v);
  }
}

void BodyWriter::write_string_multimap(const std::map<std::string, std::vector<std::string>>& m) {
  write_short(static_cast<uint16_t>(m.size()));
  for (const auto& [k, v] : m) {
    write_string(k);
    write_string_list(v);
  }
}

}  // namespace cairn::cql
