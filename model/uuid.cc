#include "model/uuid.h"

#include "common/env/random.h"

namespace cairn {
namespace {

// 100 ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch.
constexpr uint64_t kGregorianOffset = 0x01B21DD213814000ull;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Uuid Uuid::random(RandomSource& random) {
  std::array<uint8_t, 16> b;
  uint64_t hi = random.next_u64(), lo = random.next_u64();
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<uint8_t>(hi >> (56 - 8 * i));
    b[8 + i] = static_cast<uint8_t>(lo >> (56 - 8 * i));
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return Uuid(b);
}

Uuid Uuid::time_based(int64_t unix_micros, RandomSource& random) {
  uint64_t t = static_cast<uint64_t>(unix_micros) * 10 + kGregorianOffset;
  std::array<uint8_t, 16> b;
  uint32_t time_low = static_cast<uint32_t>(t);
  uint16_t time_mid = static_cast<uint16_t>(t >> 32);
  uint16_t time_hi = static_cast<uint16_t>((t >> 48) & 0x0fff) | 0x1000;  // version 1
  b[0] = static_cast<uint8_t>(time_low >> 24);
  b[1] = static_cast<uint8_t>(time_low >> 16);
  b[2] = static_cast<uint8_t>(time_low >> 8);
  b[3] = static_cast<uint8_t>(time_low);
  b[4] = static_cast<uint8_t>(time_mid >> 8);
  b[5] = static_cast<uint8_t>(time_mid);
  b[6] = static_cast<uint8_t>(time_hi >> 8);
  b[7] = static_cast<uint8_t>(time_hi);
  uint64_t r = random.next_u64();
  b[8] = static_cast<uint8_t>(((r >> 56) & 0x3f) | 0x80);  // clock sequence + variant
  b[9] = static_cast<uint8_t>(r >> 48);
  for (int i = 0; i < 6; ++i) b[10 + i] = static_cast<uint8_t>(r >> (40 - 8 * i));
  b[10] |= 0x01;  // a random node id has the multicast bit set (RFC 4122 4.5)
  return Uuid(b);
}

Result<Uuid> Uuid::from_bytes(BytesView bytes) {
  if (bytes.size() != 16) {
    return Status::invalid_argument("a UUID has 16 bytes, got " + std::to_string(bytes.size()));
  }
  std::array<uint8_t, 16> b;
  for (int i = 0; i < 16; ++i) b[i] = static_cast<uint8_t>(bytes[i]);
  return Uuid(b);
}

Result<Uuid> Uuid::parse(std::string_view text) {
  auto bad = [&] { return Status::invalid_argument("invalid UUID '" + std::string(text) + "'"); };
  if (text.size() != 36) return bad();
  std::array<uint8_t, 16> b;
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
      if (text[pos] != '-') return bad();
      ++pos;
    }
    int hi = hex_value(text[pos]), lo = hex_value(text[pos + 1]);
    if (hi < 0 || lo < 0) return bad();
    b[i] = static_cast<uint8_t>(hi << 4 | lo);
    pos += 2;
  }
  return Uuid(b);
}

uint64_t Uuid::timestamp_100ns() const {
  uint64_t time_low = (uint64_t{bytes_[0]} << 24) | (uint64_t{bytes_[1]} << 16) |
                      (uint64_t{bytes_[2]} << 8) | bytes_[3];
  uint64_t time_mid = (uint64_t{bytes_[4]} << 8) | bytes_[5];
  uint64_t time_hi = (uint64_t{bytes_[6] & 0x0fu} << 8) | bytes_[7];
  return (time_hi << 48) | (time_mid << 32) | time_low;
}

int64_t Uuid::unix_micros() const {
  return (static_cast<int64_t>(timestamp_100ns()) - static_cast<int64_t>(kGregorianOffset)) / 10;
}

std::string Uuid::to_string() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kDigits[bytes_[i] >> 4]);
    out.push_back(kDigits[bytes_[i] & 0xf]);
  }
  return out;
}

}  // namespace cairn
