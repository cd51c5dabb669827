// UUIDs: table ids, and the values of the uuid and timeuuid types.
//
// Stored as the 16 big-endian bytes RFC 4122 defines. Version-1 (time-based) UUIDs
// carry a 60-bit count of 100 ns intervals since 1582-10-15, as Cassandra's timeuuid.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn {

class RandomSource;

class Uuid {
 public:
  Uuid() { bytes_.fill(0); }
  explicit Uuid(const std::array<uint8_t, 16>& bytes) : bytes_(bytes) {}

  // A random version-4 UUID.
  static Uuid random(RandomSource& random);
  // A version-1 UUID for `unix_micros`, with clock sequence and node from `random`.
  static Uuid time_based(int64_t unix_micros, RandomSource& random);
  // From 16 raw bytes; InvalidArgument if the length is not 16.
  static Result<Uuid> from_bytes(BytesView bytes);
  // From "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (case-insensitive).
  static Result<Uuid> parse(std::string_view text);

  int version() const { return bytes_[6] >> 4; }
  // For version 1: microseconds since the Unix epoch.
  int64_t unix_micros() const;
  // For version 1: the 60-bit timestamp in 100 ns units since 1582-10-15.
  uint64_t timestamp_100ns() const;

  std::string to_string() const;
  Bytes to_bytes() const { return Bytes(reinterpret_cast<const char*>(bytes_.data()), 16); }
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  friend bool operator==(const Uuid& a, const Uuid& b) { return a.bytes_ == b.bytes_; }
  friend bool operator<(const Uuid& a, const Uuid& b) { return a.bytes_ < b.bytes_; }

 private:
  std::array<uint8_t, 16> bytes_;
};

}  // namespace cairn
