// Arbitrary-precision integers and decimals over their serialized forms: varint
// (big-endian two's complement) and decimal ([i32 scale][varint unscaled]), with the
// text forms and arithmetic of Java's BigInteger and BigDecimal that Cassandra uses.
// The aggregates of cql/query/functions.h sum and average with them, and
// cql/query/constants.h reads varint and decimal constants.
//
// Thread safety: values; every function is pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn::cql {

// Java's Long.parseLong: [+-]?[0-9]+ within 64 bits; nullopt otherwise. (BigDecimal
// reads its exponent with it, constants.cc its integer constants.)
std::optional<int64_t> parse_java_long(std::string_view s);

// A signed integer of any size: sign and magnitude.
class BigInteger {
 public:
  BigInteger() = default;
  static BigInteger of(int64_t v);
  // [+-]?[0-9]+; nullopt otherwise.
  static std::optional<BigInteger> parse(std::string_view text);
  // From big-endian two's complement (a varint value); the empty value is 0.
  static BigInteger from_twos_complement(BytesView bytes);
  // Minimal big-endian two's complement, as Java's BigInteger.toByteArray (0 is 0x00).
  Bytes to_twos_complement() const;
  std::string to_string() const;

  bool is_zero() const { return magnitude_.empty(); }
  bool is_negative() const { return negative_; }
  // The value, if it fits in 64 bits.
  std::optional<int64_t> to_int64() const;

  BigInteger operator+(const BigInteger& other) const;
  BigInteger operator-(const BigInteger& other) const;
  BigInteger negated() const;
  // this * 10^n.
  BigInteger times_power_of_ten(uint32_t n) const;
  // Divides by `divisor` (> 0), truncating toward zero as Java does; `*remainder` gets
  // the magnitude of the remainder.
  BigInteger divided_by(uint32_t divisor, uint32_t* remainder = nullptr) const;
  int compare(const BigInteger& other) const;

 private:
  static int compare_magnitude(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);
  void trim();

  bool negative_ = false;            // never set for zero
  std::vector<uint32_t> magnitude_;  // little-endian 32-bit limbs, no high zero limbs
};

// unscaled * 10^-scale, as Java's BigDecimal (1.50 is 150 with scale 2).
struct BigDecimal {
  BigInteger unscaled;
  int32_t scale = 0;

  // Java's BigDecimal(String): [+-]?digits[.digits][(e|E)[+-]?digits]; nullopt otherwise.
  static std::optional<BigDecimal> parse(std::string_view text);
  // From a decimal value ([i32 scale][varint unscaled]); InvalidArgument if too short.
  static Result<BigDecimal> from_bytes(BytesView bytes);
  Bytes to_bytes() const;

  // The sum and difference at the larger scale, as BigDecimal.add/subtract. Fails when
  // the scales are more than kMaxScaleGap apart (the exact result would be enormous).
  Result<BigDecimal> plus(const BigDecimal& other) const;
  Result<BigDecimal> minus(const BigDecimal& other) const;
  // this / divisor at this scale, rounding half to even (BigDecimal.divide(d, HALF_EVEN)).
  BigDecimal divided_by(uint32_t divisor) const;

  static constexpr int64_t kMaxScaleGap = 100'000;
};

}  // namespace cairn::cql
