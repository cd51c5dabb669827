// CQL constants to serialized values: every type's accepted forms with their exact
// bytes, and the refused ones with Cassandra 4's error texts.
#include "cql/query/constants.h"

#include <gtest/gtest.h>

#include "common/coding.h"

namespace cairn::cql {
namespace {

using K = Term::ConstantKind;

// The value's hex, or "error: <message>".
std::string value(const TypeRef& type, K kind, std::string_view text) {
  auto v = constant_value(*type, kind, text, "v");
  if (!v.is_ok()) return "error: " + v.status().message();
  return to_hex(*v);
}

std::string error_of(const TypeRef& type, K kind, std::string_view text) {
  auto v = constant_value(*type, kind, text, "v");
  return v.is_ok() ? "ok: " + to_hex(*v) : v.status().message();
}

std::string hex(const Bytes& b) { return to_hex(b); }

TEST(ConstantsTest, FixedWidthIntegersAreRangeChecked) {
  EXPECT_EQ(value(CqlType::tinyint(), K::kInteger, "127"), "7f");
  EXPECT_EQ(value(CqlType::tinyint(), K::kInteger, "-128"), "80");
  EXPECT_EQ(error_of(CqlType::tinyint(), K::kInteger, "128"), "Unable to make byte from '128'");
  EXPECT_EQ(value(CqlType::smallint(), K::kInteger, "32767"), "7fff");
  EXPECT_EQ(value(CqlType::smallint(), K::kInteger, "-2"), "fffe");
  EXPECT_EQ(error_of(CqlType::smallint(), K::kInteger, "-32769"),
            "Unable to make short from '-32769'");
  EXPECT_EQ(value(CqlType::int_(), K::kInteger, "-1"), "ffffffff");
  EXPECT_EQ(value(CqlType::int_(), K::kInteger, "2147483647"), "7fffffff");
  EXPECT_EQ(value(CqlType::int_(), K::kInteger, "0"), "00000000");
  EXPECT_EQ(error_of(CqlType::int_(), K::kInteger, "3000000000"),
            "Unable to make int from '3000000000'");
  EXPECT_EQ(value(CqlType::bigint(), K::kInteger, "9223372036854775807"), "7fffffffffffffff");
  EXPECT_EQ(value(CqlType::bigint(), K::kInteger, "-9223372036854775808"), "8000000000000000");
  EXPECT_EQ(error_of(CqlType::bigint(), K::kInteger, "9223372036854775808"),
            "Unable to make long from '9223372036854775808'");
}

TEST(ConstantsTest, WrongKindsAreRefusedWithTheReceiverName) {
  EXPECT_EQ(error_of(CqlType::int_(), K::kString, "42"),
            "Invalid STRING constant (42) for \"v\" of type int");
  EXPECT_EQ(error_of(CqlType::int_(), K::kFloat, "1.5"),
            "Invalid FLOAT constant (1.5) for \"v\" of type int");
  EXPECT_EQ(error_of(CqlType::text(), K::kInteger, "1"),
            "Invalid INTEGER constant (1) for \"v\" of type text");
  EXPECT_EQ(error_of(CqlType::boolean(), K::kInteger, "1"),
            "Invalid INTEGER constant (1) for \"v\" of type boolean");
  EXPECT_EQ(error_of(CqlType::double_(), K::kBoolean, "true"),
            "Invalid BOOLEAN constant (true) for \"v\" of type double");
  EXPECT_EQ(error_of(CqlType::blob(), K::kString, "cafe"),
            "Invalid STRING constant (cafe) for \"v\" of type blob");
  EXPECT_EQ(
      error_of(CqlType::uuid(), K::kString, "123e4567-e89b-12d3-a456-426614174000"),
      "Invalid STRING constant (123e4567-e89b-12d3-a456-426614174000) for \"v\" of type uuid");
  EXPECT_EQ(error_of(CqlType::inet(), K::kInteger, "1"),
            "Invalid INTEGER constant (1) for \"v\" of type inet");
  EXPECT_EQ(error_of(CqlType::list(CqlType::int_(), false), K::kInteger, "1"),
            "Invalid INTEGER constant (1) for \"v\" of type list<int>");
  EXPECT_EQ(error_of(CqlType::tuple({CqlType::int_()}), K::kInteger, "1"),
            "Invalid INTEGER constant (1) for \"v\" of type tuple<int>");
  EXPECT_EQ(error_of(CqlType::duration(), K::kString, "1h"),
            "Invalid STRING constant (1h) for \"v\" of type duration");
  // Without a receiver name.
  auto v = constant_value(*CqlType::boolean(), K::kInteger, "1", "");
  ASSERT_FALSE(v.is_ok());
  EXPECT_TRUE(v.status().is_invalid_argument());
  EXPECT_EQ(v.status().message(), "Invalid INTEGER constant (1) for type boolean");
}

TEST(ConstantsTest, VarintIsMinimalTwosComplementOfAnySize) {
  auto t = CqlType::varint();
  EXPECT_EQ(value(t, K::kInteger, "0"), "00");
  EXPECT_EQ(value(t, K::kInteger, "-1"), "ff");
  EXPECT_EQ(value(t, K::kInteger, "127"), "7f");
  EXPECT_EQ(value(t, K::kInteger, "128"), "0080");
  EXPECT_EQ(value(t, K::kInteger, "-128"), "80");
  EXPECT_EQ(value(t, K::kInteger, "-129"), "ff7f");
  EXPECT_EQ(value(t, K::kInteger, "255"), "00ff");
  EXPECT_EQ(value(t, K::kInteger, "9223372036854775807"), "7fffffffffffffff");
  EXPECT_EQ(value(t, K::kInteger, "9223372036854775808"), "008000000000000000");
  EXPECT_EQ(value(t, K::kInteger, "-9223372036854775808"), "8000000000000000");
  EXPECT_EQ(value(t, K::kInteger, "1267650600228229401496703205376"),  // 2^100
            "10000000000000000000000000");
  EXPECT_EQ(value(t, K::kInteger, "-1267650600228229401496703205376"),
            "f0000000000000000000000000");
  EXPECT_EQ(value(t, K::kInteger, "1000000000000000000000000000000"), "0c9f2c9cd04674edea40000000");
  EXPECT_EQ(value(t, K::kInteger, "-1000000000000000000000000000000"),
            "f360d3632fb98b1215c0000000");
  EXPECT_EQ(error_of(t, K::kFloat, "1.0"), "Invalid FLOAT constant (1.0) for \"v\" of type varint");
}

TEST(ConstantsTest, DecimalIsScaleAndUnscaledVarint) {
  auto t = CqlType::decimal();
  EXPECT_EQ(value(t, K::kFloat, "1.50"),
            "00000002"
            "0096");
  EXPECT_EQ(value(t, K::kInteger, "0"),
            "00000000"
            "00");
  EXPECT_EQ(value(t, K::kInteger, "-1"),
            "00000000"
            "ff");
  EXPECT_EQ(value(t, K::kInteger, "123"),
            "00000000"
            "7b");
  EXPECT_EQ(value(t, K::kInteger, "128"),
            "00000000"
            "0080");
  EXPECT_EQ(value(t, K::kInteger, "-128"),
            "00000000"
            "80");
  EXPECT_EQ(value(t, K::kFloat, "-0.0"),
            "00000001"
            "00");
  EXPECT_EQ(value(t, K::kFloat, "1e3"),
            "fffffffd"
            "01");
  EXPECT_EQ(value(t, K::kFloat, "1.5E-3"),
            "00000004"
            "0f");
  EXPECT_EQ(value(t, K::kFloat, "-2.5e+2"),
            "ffffffff"
            "e7");
  EXPECT_EQ(value(t, K::kFloat, "123456789012345678901234567890.5"),
            "00000001"
            "0f951a9fa3a286c94f0e766c39");
  EXPECT_EQ(value(t, K::kInteger, "9223372036854775808"),
            "00000000"
            "008000000000000000");
  EXPECT_EQ(value(t, K::kFloat, "1e-2147483647"),
            "7fffffff"
            "01");
  EXPECT_EQ(value(t, K::kFloat, "1e2147483648"),
            "80000000"
            "01");
  EXPECT_EQ(error_of(t, K::kFloat, "1e-2147483648"),
            "unable to make BigDecimal from '1e-2147483648'");
  EXPECT_EQ(error_of(t, K::kFloat, "1e2147483649"),
            "unable to make BigDecimal from '1e2147483649'");
  EXPECT_EQ(error_of(t, K::kFloat, "NaN"), "unable to make BigDecimal from 'NaN'");
  EXPECT_EQ(error_of(t, K::kFloat, "-Infinity"), "unable to make BigDecimal from '-Infinity'");
}

TEST(ConstantsTest, FloatAndDoubleTakeIntegersFloatsAndSpecialValues) {
  EXPECT_EQ(value(CqlType::float_(), K::kFloat, "1.5"), "3fc00000");
  EXPECT_EQ(value(CqlType::float_(), K::kInteger, "3"), "40400000");
  EXPECT_EQ(value(CqlType::float_(), K::kFloat, "NaN"), "7fc00000");
  EXPECT_EQ(value(CqlType::float_(), K::kFloat, "Infinity"), "7f800000");
  EXPECT_EQ(value(CqlType::float_(), K::kFloat, "-Infinity"), "ff800000");
  EXPECT_EQ(value(CqlType::float_(), K::kFloat, "1e40"), "7f800000");  // Java rounds to infinity
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "1.5"), "3ff8000000000000");
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "0.1"), "3fb999999999999a");
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "-2e3"), "c09f400000000000");
  EXPECT_EQ(value(CqlType::double_(), K::kInteger, "-1"), "bff0000000000000");
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "NaN"), "7ff8000000000000");
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "Infinity"), "7ff0000000000000");
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "-Infinity"), "fff0000000000000");
  EXPECT_EQ(value(CqlType::double_(), K::kFloat, "1e400"), "7ff0000000000000");
  EXPECT_EQ(error_of(CqlType::double_(), K::kFloat, "1.2.3"), "Unable to make double from '1.2.3'");
}

TEST(ConstantsTest, BooleanTextAsciiBlob) {
  EXPECT_EQ(value(CqlType::boolean(), K::kBoolean, "true"), "01");
  EXPECT_EQ(value(CqlType::boolean(), K::kBoolean, "false"), "00");
  EXPECT_EQ(value(CqlType::boolean(), K::kBoolean, "TRUE"), "01");

  EXPECT_EQ(value(CqlType::text(), K::kString, "h\xc3\xa9llo"), "68c3a96c6c6f");
  EXPECT_EQ(value(CqlType::text(), K::kString, ""), "");
  EXPECT_EQ(value(CqlType::text(), K::kString, "\xf0\x9f\x98\x80"), "f09f9880");
  EXPECT_EQ(error_of(CqlType::text(), K::kString, "\xff"), "String didn't validate.");
  EXPECT_EQ(error_of(CqlType::text(), K::kString, "\xc3"), "String didn't validate.");
  EXPECT_EQ(error_of(CqlType::text(), K::kString, "\xc0\x80"), "String didn't validate.");
  EXPECT_EQ(error_of(CqlType::text(), K::kString, "\xed\xa0\x80"), "String didn't validate.");

  EXPECT_EQ(value(CqlType::ascii(), K::kString, "abc"), "616263");
  EXPECT_EQ(error_of(CqlType::ascii(), K::kString, "\xc3\xa9"),
            "Invalid ASCII character in string literal");

  EXPECT_EQ(value(CqlType::blob(), K::kHex, "0xcafe"), "cafe");
  EXPECT_EQ(value(CqlType::blob(), K::kHex, "0XCAFE"), "cafe");
  EXPECT_EQ(value(CqlType::blob(), K::kHex, "0x"), "");
  EXPECT_EQ(error_of(CqlType::blob(), K::kHex, "0xabc"), "cannot parse 'abc' as hex bytes");
  // Cassandra's HEX constants prefer tinyint and give it their raw bytes.
  EXPECT_EQ(value(CqlType::tinyint(), K::kHex, "0x05"), "05");
  EXPECT_EQ(error_of(CqlType::tinyint(), K::kHex, "0x0506"), "Expected 1 byte for a tinyint (2)");
  EXPECT_EQ(error_of(CqlType::int_(), K::kHex, "0x00000001"),
            "Invalid HEX constant (0x00000001) for \"v\" of type int");
}

TEST(ConstantsTest, UuidAndTimeuuid) {
  const char* v4 = "123e4567-e89b-42d3-a456-426614174000";
  const char* v1 = "6bddc89a-5644-11e4-97fc-56847afe9799";
  EXPECT_EQ(value(CqlType::uuid(), K::kUuid, v4), "123e4567e89b42d3a456426614174000");
  EXPECT_EQ(value(CqlType::uuid(), K::kUuid, v1), "6bddc89a564411e497fc56847afe9799");
  EXPECT_EQ(value(CqlType::uuid(), K::kUuid, "6BDDC89A-5644-11E4-97FC-56847AFE9799"),
            "6bddc89a564411e497fc56847afe9799");
  EXPECT_EQ(value(CqlType::timeuuid(), K::kUuid, v1), "6bddc89a564411e497fc56847afe9799");
  EXPECT_EQ(error_of(CqlType::timeuuid(), K::kUuid, v4), "TimeUUID supports only version 1 UUIDs");
  EXPECT_EQ(error_of(CqlType::uuid(), K::kUuid, "6bddc89a-5644"),
            "Unable to make UUID from '6bddc89a-5644'");
}

std::string millis_hex(int64_t ms) { return hex(values::from_timestamp(ms)); }

TEST(ConstantsTest, TimestampFromIntegersAndEveryFormat) {
  auto t = CqlType::timestamp();
  EXPECT_EQ(value(t, K::kInteger, "1700000000000"), millis_hex(1700000000000));
  EXPECT_EQ(value(t, K::kInteger, "-1"), "ffffffffffffffff");
  EXPECT_EQ(error_of(t, K::kInteger, "9223372036854775808"),
            "Unable to make long (for date) from: '9223372036854775808'");
  EXPECT_EQ(value(t, K::kString, "1700000000000"), millis_hex(1700000000000));
  EXPECT_EQ(value(t, K::kString, ""), "");

  struct Case {
    const char* text;
    int64_t millis;
  };
  const Case cases[] = {
      {"2011-02-03", 1296691200000},
      {"2011-02-03 04:05", 1296705900000},
      {"2011-02-03T04:05", 1296705900000},
      {"2011-02-03 04:05:00", 1296705900000},
      {"2011-02-03 04:05:06.789", 1296705906789},
      {"2011-02-03T04:05:06.789", 1296705906789},
      {"2011-02-03T04:05:06.789Z", 1296705906789},
      {"2011-02-03 04:05Z", 1296705900000},
      {"2011-02-03 04:05+0100", 1296702300000},
      {"2011-02-03 04:05+01:00", 1296702300000},
      {"2011-02-03 04:05+01", 1296702300000},
      {"2011-02-03T04:05:06-0800", 1296734706000},
      {"2011-02-03 04:05:06 -0800", 1296734706000},
      {"2011-02-03 04:05:06 -08:00", 1296734706000},
      {"2011-02-03 04:05 +0100", 1296702300000},
      {"2011-02-03 04:05 UTC", 1296705900000},
      {"2011-02-03 04:05 GMT", 1296705900000},
      {"2011-02-03 04:05 GMT+1", 1296702300000},
      {"2011-02-03 04:05 GMT+01:00", 1296702300000},
      {"2011-02-03Z", 1296691200000},
      {"2011-02-03+0530", 1296671400000},
      {"2011-02-03+05:30", 1296671400000},
      {"2011-02-03 +0530", 1296671400000},
      {"2011-02-03 UTC", 1296691200000},
      // SimpleDateFormat reads fields of any width, and the milliseconds as an integer.
      {"2011-2-3 4:5:6", 1296705906000},
      {"2011-02-03 04:05:06.5", 1296705906005},
      {"1970-01-01", 0},
      {"1969-12-31 23:59:59.999", -1},
      // Before the Gregorian cutover, the Julian calendar (as java.util.GregorianCalendar).
      {"1582-10-15", -141427 * 86'400'000LL},
      {"1582-10-04", -141428 * 86'400'000LL},
      {"1000-01-01", -354280 * 86'400'000LL},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(value(t, K::kString, c.text), millis_hex(c.millis)) << c.text;
    auto parsed = parse_timestamp(c.text);
    ASSERT_TRUE(parsed.is_ok()) << c.text;
    EXPECT_EQ(*parsed, c.millis) << c.text;
  }
  for (const char* bad :
       {"2011-02-30", "2011-13-01", "2011-02-03 24:00", "2011-02-03 04:60", "2011-02-03 04:05:60",
        "2011-02-03 04:05:06.1000", "1582-10-10", "0000-01-01", "2011-02-03T", "2011-02-03 04",
        "2011-02-03 04:05 PST", "2011-02-03 04:05+1", "2011-02-03 04:05:06.", "now", "abc", "-"}) {
    EXPECT_EQ(error_of(t, K::kString, bad),
              "Unable to coerce '" + std::string(bad) + "' to a formatted date (long)")
        << bad;
  }
  EXPECT_EQ(error_of(t, K::kFloat, "1.5"),
            "Invalid FLOAT constant (1.5) for \"v\" of type timestamp");
}

std::string date_hex(int32_t days) { return hex(values::from_date(days)); }

TEST(ConstantsTest, DateFromStringsAndRawUnsignedIntegers) {
  auto t = CqlType::date();
  EXPECT_EQ(value(t, K::kString, "1970-01-01"), "80000000");
  EXPECT_EQ(value(t, K::kString, "2011-02-03"), date_hex(15008));
  EXPECT_EQ(value(t, K::kString, "1969-12-31"), "7fffffff");
  EXPECT_EQ(value(t, K::kString, "1000-01-06"), date_hex(-354280));  // proleptic Gregorian
  EXPECT_EQ(value(t, K::kString, "+10000-01-01"), date_hex(2932897));
  EXPECT_EQ(value(t, K::kString, "-0001-01-01"), date_hex(-719893));
  EXPECT_EQ(value(t, K::kString, "-5877641-06-23"), "00000000");
  EXPECT_EQ(value(t, K::kString, "+5881580-07-11"), "ffffffff");
  // Integers (and strings of digits) are the stored unsigned value, epoch at 2^31.
  EXPECT_EQ(value(t, K::kInteger, "2147483648"), "80000000");
  EXPECT_EQ(value(t, K::kInteger, "0"), "00000000");
  EXPECT_EQ(value(t, K::kInteger, "4294967295"), "ffffffff");
  EXPECT_EQ(value(t, K::kString, "2147483649"), "80000001");
  EXPECT_EQ(error_of(t, K::kInteger, "4294967296"),
            "Unable to make unsigned int (for date) from: '4294967296'");
  EXPECT_EQ(error_of(t, K::kInteger, "-1"), "Unable to make unsigned int (for date) from: '-1'");
  for (const char* bad : {"2011-2-3", "2011-02-29", "10000-01-01", "+2011-02-03", "2011-02-03 ",
                          "2011-02-03T00:00", "", "abc"}) {
    EXPECT_EQ(error_of(t, K::kString, bad),
              "Unable to coerce '" + std::string(bad) + "' to a formatted date (long)")
        << bad;
  }
  EXPECT_EQ(error_of(t, K::kString, "-5877641-06-22"),
            "Input date -5877641-06-22 is less than min supported date -5877641-06-23T00:00Z");
  EXPECT_EQ(error_of(t, K::kString, "+5881580-07-12"),
            "Input date +5881580-07-12 is greater than max supported date 5881580-07-11T00:00Z");
}

std::string time_hex(int64_t nanos) { return hex(values::from_time(nanos)); }

TEST(ConstantsTest, TimeFromStringsAndNanosecondIntegers) {
  auto t = CqlType::time();
  const int64_t base = (8 * 3600 + 12 * 60 + 54) * 1'000'000'000LL;
  EXPECT_EQ(value(t, K::kString, "08:12:54"), time_hex(base));
  EXPECT_EQ(value(t, K::kString, "08:12:54.123"), time_hex(base + 123'000'000));
  EXPECT_EQ(value(t, K::kString, "08:12:54.123456789"), time_hex(base + 123'456'789));
  EXPECT_EQ(value(t, K::kString, "08:12:54.000000001"), time_hex(base + 1));
  EXPECT_EQ(value(t, K::kString, " 08:12:54 "), time_hex(base));
  EXPECT_EQ(value(t, K::kString, "8:12:54"), time_hex(base));
  EXPECT_EQ(value(t, K::kString, "00:00:00"), time_hex(0));
  EXPECT_EQ(value(t, K::kString, "23:59:59.999999999"), time_hex(86'400'000'000'000 - 1));
  EXPECT_EQ(value(t, K::kInteger, "1000"), time_hex(1000));
  EXPECT_EQ(value(t, K::kString, "1000"), time_hex(1000));
  EXPECT_EQ(error_of(t, K::kInteger, "86400000000000"),
            "Unable to make long (for time) from: '86400000000000'");
  EXPECT_EQ(error_of(t, K::kInteger, "-1"), "Unable to make long (for time) from: '-1'");
  for (const char* bad : {"24:00:00", "08:60:00", "08:12:60", "08:12", "08:12:54.1234567891",
                          "08:12:54.", "08:12:54.x", "08:12:x", ":12:54", "", "abc"}) {
    EXPECT_EQ(error_of(t, K::kString, bad),
              "(TimeType) Unable to coerce '" + std::string(bad) + "' to a formatted time (long)")
        << bad;
  }
}

TEST(ConstantsTest, InetFromNumericAddresses) {
  auto t = CqlType::inet();
  EXPECT_EQ(value(t, K::kString, "127.0.0.1"), "7f000001");
  EXPECT_EQ(value(t, K::kString, "::1"), "00000000000000000000000000000001");
  EXPECT_EQ(value(t, K::kString, "2001:db8::ff00:42:8329"), "20010db8000000000000ff0000428329");
  EXPECT_EQ(value(t, K::kString, "[::1]"), "00000000000000000000000000000001");
  // Java's InetAddress gives the IPv4 address for an IPv4-mapped one.
  EXPECT_EQ(value(t, K::kString, "::ffff:1.2.3.4"), "01020304");
  EXPECT_EQ(value(t, K::kString, ""), "");
  EXPECT_EQ(error_of(t, K::kString, "localhost"), "Unable to make inet address from 'localhost'");
  EXPECT_EQ(error_of(t, K::kString, "1.2.3.256"), "Unable to make inet address from '1.2.3.256'");
}

std::string duration_hex(int32_t months, int32_t days, int64_t nanos) {
  return hex(values::from_duration(months, days, nanos));
}

TEST(ConstantsTest, DurationInEveryFormat) {
  auto t = CqlType::duration();
  constexpr int64_t kH = 3'600'000'000'000, kM = 60'000'000'000, kS = 1'000'000'000;
  EXPECT_EQ(value(t, K::kDuration, "1y2mo3w4d5h6m7s8ms9us10ns"),
            duration_hex(14, 25, 5 * kH + 6 * kM + 7 * kS + 8'000'000 + 9'000 + 10));
  EXPECT_EQ(value(t, K::kDuration, "1Y2MO3W4D5H6M7S8MS9US10NS"),
            duration_hex(14, 25, 5 * kH + 6 * kM + 7 * kS + 8'000'000 + 9'000 + 10));
  EXPECT_EQ(value(t, K::kDuration, "5\xc2\xb5s"), duration_hex(0, 0, 5'000));
  EXPECT_EQ(value(t, K::kDuration, "1h30m"), duration_hex(0, 0, 90 * kM));
  EXPECT_EQ(value(t, K::kDuration, "2mo"), duration_hex(2, 0, 0));
  EXPECT_EQ(value(t, K::kDuration, "-1d"), duration_hex(0, -1, 0));
  EXPECT_EQ(value(t, K::kDuration, "-2y3h"), duration_hex(-24, 0, -3 * kH));
  EXPECT_EQ(value(t, K::kDuration, "0s"), duration_hex(0, 0, 0));
  EXPECT_EQ(value(t, K::kDuration, "P1Y2M3DT4H5M6S"),
            duration_hex(14, 3, 4 * kH + 5 * kM + 6 * kS));
  EXPECT_EQ(value(t, K::kDuration, "P1Y"), duration_hex(12, 0, 0));
  EXPECT_EQ(value(t, K::kDuration, "PT5M"), duration_hex(0, 0, 5 * kM));
  EXPECT_EQ(value(t, K::kDuration, "P2DT"), duration_hex(0, 2, 0));
  EXPECT_EQ(value(t, K::kDuration, "-P1D"), duration_hex(0, -1, 0));
  EXPECT_EQ(value(t, K::kDuration, "P2W"), duration_hex(0, 14, 0));
  EXPECT_EQ(value(t, K::kDuration, "-P2W"), duration_hex(0, -14, 0));
  EXPECT_EQ(value(t, K::kDuration, "P0001-02-03T04:05:06"),
            duration_hex(14, 3, 4 * kH + 5 * kM + 6 * kS));
  EXPECT_EQ(value(t, K::kDuration, "2147483647mo"), duration_hex(2147483647, 0, 0));
  auto parsed = parse_duration("1y2mo3w");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(*parsed, (CqlDuration{14, 21, 0}));

  EXPECT_EQ(error_of(t, K::kDuration, "1m1h"),
            "Invalid duration. The minutes should be after hours");
  EXPECT_EQ(error_of(t, K::kDuration, "1h2h"),
            "Invalid duration. The hours are specified multiple times");
  EXPECT_EQ(error_of(t, K::kDuration, "P1M1Y"), "Unable to convert 'P1M1Y' to a duration");
  EXPECT_EQ(error_of(t, K::kDuration, "1x"), "Unable to convert '1x' to a duration");
  EXPECT_EQ(error_of(t, K::kDuration, "1h30"), "Unable to convert '1h30' to a duration");
  EXPECT_EQ(error_of(t, K::kDuration, "-P1H"), "Unable to convert 'P1H' to a duration");
  EXPECT_EQ(error_of(t, K::kDuration, "P1Y2W"), "Unable to convert 'P1Y2W' to a duration");
  EXPECT_EQ(error_of(t, K::kDuration, "P0001-02-03T04:05"),
            "Unable to convert 'P0001-02-03T04:05' to a duration");
  EXPECT_EQ(error_of(t, K::kInteger, "5"), "Unable to convert '5' to a duration");
  EXPECT_EQ(error_of(t, K::kDuration, "2147483648mo"),
            "Invalid duration. The total number of months must be less or equal to 2147483647");
  EXPECT_EQ(error_of(t, K::kDuration, "178956971y"),
            "Invalid duration. The total number of months must be less or equal to 2147483647");
  EXPECT_EQ(error_of(t, K::kDuration, "306783379w"),
            "Invalid duration. The total number of days must be less or equal to 2147483647");
  EXPECT_EQ(
      error_of(t, K::kDuration, "2562048h"),
      "Invalid duration. The total number of nanoseconds must be less or equal to 2147483647");
}

TEST(ConstantsTest, AssignmentPrefersTheConstantsNaturalType) {
  using A = AssignmentTest;
  EXPECT_EQ(test_constant_assignment(*CqlType::int_(), K::kInteger, "1"), A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::bigint(), K::kInteger, "1"), A::kWeaklyAssignable);
  EXPECT_EQ(test_constant_assignment(*CqlType::bigint(), K::kInteger, "1099511627776"),
            A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::varint(), K::kInteger, "9223372036854775808"),
            A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::ascii(), K::kString, "abc"), A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::text(), K::kString, "abc"), A::kWeaklyAssignable);
  EXPECT_EQ(test_constant_assignment(*CqlType::text(), K::kString, "\xc3\xa9"), A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::date(), K::kString, "2020-01-01"),
            A::kWeaklyAssignable);
  EXPECT_EQ(test_constant_assignment(*CqlType::timeuuid(), K::kUuid,
                                     "6bddc89a-5644-11e4-97fc-56847afe9799"),
            A::kExactMatch);
  EXPECT_EQ(
      test_constant_assignment(*CqlType::uuid(), K::kUuid, "6bddc89a-5644-11e4-97fc-56847afe9799"),
      A::kWeaklyAssignable);
  EXPECT_EQ(test_constant_assignment(*CqlType::double_(), K::kFloat, "0.1"), A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::double_(), K::kFloat, "NaN"), A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::decimal(), K::kFloat, "0.1"), A::kWeaklyAssignable);
  EXPECT_EQ(
      test_constant_assignment(*CqlType::decimal(), K::kFloat, "0.100000000000000000000000000001"),
      A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::tinyint(), K::kHex, "0x01"), A::kExactMatch);
  EXPECT_EQ(test_constant_assignment(*CqlType::blob(), K::kHex, "0x01"), A::kWeaklyAssignable);
  EXPECT_EQ(test_constant_assignment(*CqlType::text(), K::kInteger, "1"), A::kNotAssignable);
  EXPECT_EQ(test_constant_assignment(*CqlType::set(CqlType::int_(), true), K::kInteger, "1"),
            A::kNotAssignable);
  EXPECT_STREQ(constant_kind_name(K::kDuration), "DURATION");
}

TEST(ConstantsTest, BigNumbersArithmetic) {
  auto a = BigInteger::parse("-123456789012345678901234567890");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->to_string(), "-123456789012345678901234567890");
  EXPECT_EQ(BigInteger::from_twos_complement(a->to_twos_complement()).to_string(), a->to_string());
  EXPECT_EQ((*a + *BigInteger::parse("123456789012345678901234567891")).to_string(), "1");
  EXPECT_EQ((BigInteger::of(5) - BigInteger::of(7)).to_string(), "-2");
  EXPECT_EQ(BigInteger::of(std::numeric_limits<int64_t>::min()).to_string(),
            "-9223372036854775808");
  EXPECT_EQ(BigInteger::of(-7).divided_by(2).to_string(), "-3");  // truncation, as Java
  EXPECT_EQ(BigInteger::of(12).times_power_of_ten(20).to_string(), "1200000000000000000000");
  EXPECT_EQ(BigInteger::from_twos_complement("").to_string(), "0");
  EXPECT_EQ(BigInteger::of(0).to_twos_complement(), Bytes(1, '\0'));
  EXPECT_FALSE(BigInteger::parse("1a").has_value());
  EXPECT_FALSE(BigInteger::parse("").has_value());
  EXPECT_EQ(*BigInteger::parse("9223372036854775807")->to_int64(), 9223372036854775807LL);
  EXPECT_FALSE(BigInteger::parse("9223372036854775808")->to_int64().has_value());
  EXPECT_EQ(*BigInteger::parse("-9223372036854775808")->to_int64(),
            std::numeric_limits<int64_t>::min());
  EXPECT_LT(BigInteger::of(-3).compare(BigInteger::of(2)), 0);

  auto d = BigDecimal::parse("1.25");
  ASSERT_TRUE(d.has_value());
  auto sum = d->plus(*BigDecimal::parse("10"));
  ASSERT_TRUE(sum.is_ok());
  EXPECT_EQ(sum->unscaled.to_string(), "1125");
  EXPECT_EQ(sum->scale, 2);
  EXPECT_EQ(BigDecimal::parse("2.5")->divided_by(2).unscaled.to_string(), "12");  // 1.25 -> 1.2
  EXPECT_EQ(BigDecimal::parse("3.5")->divided_by(2).unscaled.to_string(), "18");  // 1.75 -> 1.8
  EXPECT_EQ(BigDecimal::parse("-2.5")->divided_by(2).unscaled.to_string(), "-12");
  EXPECT_FALSE(BigDecimal::parse("1e999999")->plus(*BigDecimal::parse("1")).is_ok());
  EXPECT_FALSE(BigDecimal::parse("1e").has_value());
  EXPECT_FALSE(BigDecimal::parse(".").has_value());
}

}  // namespace
}  // namespace cairn::cql
