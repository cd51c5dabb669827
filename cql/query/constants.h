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
// BigInteger and BigDecimal (varint and decimal numbers) are in big_number.h, which
// this header includes.
//
// Thread safety: every function is pure.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "cql/language/ast.h"
#include "cql/query/big_number.h"
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

}  // namespace cairn::cql
