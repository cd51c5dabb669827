// CQL constants (literals) turned into serialized values, as Cassandra 4 does it
// (org.apache.cassandra.cql3.Constants and each type's fromString).
//
// A constant is text of a lexical kind (Term::ConstantKind): 42, 1.5, 'abc', 0xcafe,
// true, a UUID, 1h30m. It has no type of its own; the receiver (a column, a function
// argument) decides. Which kinds fit which types follows Constants.Literal.testAssignment:
//   STRING   -> ascii, text, inet, date, time, timestamp
//   INTEGER  -> tinyint, smallint, int, bigint, varint, decimal, float, double, date,
//               time, timestamp, duration (the last always fails to parse, as in Cassandra)
//   FLOAT    -> decimal, float, double
//   UUID     -> uuid, timeuuid (version 1 only)
//   BOOLEAN  -> boolean
//   HEX      -> blob (and, as in Cassandra, tinyint: its raw bytes, which must be one byte)
//   DURATION -> duration
// A kind that does not fit fails with Cassandra's text
//   Invalid INTEGER constant (3) for "k" of type text
// and a constant that fits but does not parse with the type's own text, e.g.
//   Unable to make int from '3000000000'.
//
// Differences from Cassandra, on purpose:
//   - A timestamp string without a zone is read in UTC (Cassandra uses the node's local
//     zone); of the named zones only UTC and GMT are known (no zone database).
//   - The timestamp string 'now' is refused (Cassandra reads the clock; the executor has
//     now() for that).
//   - inet takes numeric IPv4/IPv6 addresses only; Cassandra would also resolve host names.
// Kept from Cassandra although surprising:
//   - Timestamp milliseconds are an integer, not a fraction: '...:00.5' is 5 ms, as
//     Java's SimpleDateFormat reads it.
//   - Timestamp dates before 1582-10-15 are in the Julian calendar (GregorianCalendar).
//
// Also here, for the aggregates of cql/query/functions.h: arbitrary-precision integers
// and decimals over their serialized forms (varint, decimal).
//
// Thread safety: every function is pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "cql/language/ast.h"
#include "model/types.h"

namespace cairn::cql {

// The serialized value of a CQL constant given to a receiver of type `type`. The error
// names the receiver (e.g. "k", or "arg0(totimestamp)" for a function argument) when
// `receiver_name` is not empty. Collections and tuples are never constants.
Result<Bytes> constant_value(const CqlType& type, Term::ConstantKind kind, std::string_view text,
                             std::string_view receiver_name);

// How well a constant fits a receiver type (Cassandra's AssignmentTestable.TestResult):
// exact when the type is the constant's preferred one (int for 1, bigint for 2^40, ascii
// for 'abc', double for 1.5, timeuuid for a version-1 UUID...), weak when it may be
// converted, not at all otherwise. Function overloads are chosen with this.
enum class AssignmentTest { kExactMatch, kWeaklyAssignable, kNotAssignable };
AssignmentTest test_constant_assignment(const CqlType& type, Term::ConstantKind kind,
                                        std::string_view text);

// "STRING", "INTEGER", "FLOAT", "BOOLEAN", "UUID", "HEX", "DURATION".
const char* constant_kind_name(Term::ConstantKind kind);

// --- The text formats of the time types, also usable on their own ---

// Milliseconds since the epoch from an integer string or a date-time string in one of
// TimestampSerializer's formats: yyyy-mm-dd, then optionally (' ' or 'T') HH:mm, :ss,
// .SSS, then optionally a zone: Z, +hh, +hhmm, +hh:mm (directly), or after a space
// +hhmm, UTC, GMT, GMT+h:mm. No zone: UTC.
Result<int64_t> parse_timestamp(std::string_view text);
// Days since the epoch from yyyy-mm-dd (proleptic Gregorian, years past 9999 as +10000).
Result<int32_t> parse_date(std::string_view text);
// Nanoseconds since midnight from HH:MM:SS[.fffffffff].
Result<int64_t> parse_time(std::string_view text);

struct CqlDuration {
  int32_t months = 0;
  int32_t days = 0;
  int64_t nanos = 0;
  friend bool operator==(const CqlDuration&, const CqlDuration&) = default;
};
// 1y2mo3w4d5h6m7s8ms9us10ns (µs too, units in any case, each at most once, in this
// order), ISO 8601 P1Y2M3DT4H5M6S, P3W, or P0001-02-03T04:05:06; a leading '-' negates.
Result<CqlDuration> parse_duration(std::string_view text);

// --- Arbitrary-precision numbers (varint, decimal) ---

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
