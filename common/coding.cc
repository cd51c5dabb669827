#include "common/coding.h"

namespace cairn {

std::string to_hex(BytesView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (unsigned char c : data) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

int compare_bytes(BytesView a, BytesView b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

void put_u16(Bytes* out, uint16_t v) {
  char buf[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(buf, 2);
}

void put_u32(Bytes* out, uint32_t v) {
  char buf[4];
  store_u32(buf, v);
  out->append(buf, 4);
}

void put_u64(Bytes* out, uint64_t v) {
  put_u32(out, static_cast<uint32_t>(v >> 32));
  put_u32(out, static_cast<uint32_t>(v));
}

void put_varint(Bytes* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void put_length_prefixed(Bytes* out, BytesView data) {
  put_varint(out, data.size());
  out->append(data.data(), data.size());
}

int varint_length(uint64_t v) {
  int n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

uint16_t load_u16(const char* p) {
  auto u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}

uint32_t load_u32(const char* p) {
  auto u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

uint64_t load_u64(const char* p) {
  return (uint64_t{load_u32(p)} << 32) | load_u32(p + 4);
}

void store_u32(char* p, uint32_t v) {
  p[0] = static_cast<char>(v >> 24);
  p[1] = static_cast<char>(v >> 16);
  p[2] = static_cast<char>(v >> 8);
  p[3] = static_cast<char>(v);
}

bool BufferReader::get_u8(uint8_t* v) {
  if (remaining() < 1) return false;
  *v = static_cast<uint8_t>(data_[pos_++]);
  return true;
}

bool BufferReader::get_u16(uint16_t* v) {
  if (remaining() < 2) return false;
  *v = load_u16(data_.data() + pos_);
  pos_ += 2;
  return true;
}

bool BufferReader::get_u32(uint32_t* v) {
  if (remaining() < 4) return false;
  *v = load_u32(data_.data() + pos_);
  pos_ += 4;
  return true;
}

bool BufferReader::get_u64(uint64_t* v) {
  if (remaining() < 8) return false;
  *v = load_u64(data_.data() + pos_);
  pos_ += 8;
  return true;
}

bool BufferReader::get_i32(int32_t* v) {
  uint32_t u;
  if (!get_u32(&u)) return false;
  *v = static_cast<int32_t>(u);
  return true;
}

bool BufferReader::get_i64(int64_t* v) {
  uint64_t u;
  if (!get_u64(&u)) return false;
  *v = static_cast<int64_t>(u);
  return true;
}

bool BufferReader::get_long_varint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    if (pos_ >= data_.size()) return false;
    uint64_t byte = static_cast<unsigned char>(data_[pos_++]);
    if (shift == 63 && byte > 1) return false;  // would overflow 64 bits
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

bool BufferReader::get_signed_varint(int64_t* v) {
  uint64_t u;
  if (!get_varint(&u)) return false;
  *v = zigzag_decode(u);
  return true;
}

bool BufferReader::get_bytes(size_t n, BytesView* v) {
  if (remaining() < n) return false;
  *v = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool BufferReader::get_length_prefixed(BytesView* v) {
  uint64_t n;
  if (!get_varint(&n)) return false;
  if (n > remaining()) return false;
  return get_bytes(static_cast<size_t>(n), v);
}

bool BufferReader::skip(size_t n) {
  if (remaining() < n) return false;
  pos_ += n;
  return true;
}

}  // namespace cairn
