// Unit tests of cqlsh-style value formatting (cql/client/value_format.h) and result
// tables (tools/cairn_cql/table_printer.h).
#include <gtest/gtest.h>

#include <cmath>

#include "cql/client/value_format.h"
#include "tools/cairn_cql/table_printer.h"

namespace cairn::tools::cql_shell {
namespace {

using cql::client::format_value;

std::string f(const TypeRef& t, const Bytes& v) { return format_value(*t, v); }

TEST(ValueFormatTest, Scalars) {
  EXPECT_EQ(f(CqlType::text(), values::from_text("it's")), "it's");
  EXPECT_EQ(f(CqlType::ascii(), values::from_ascii("a\nb")), "a\\nb");
  EXPECT_EQ(f(CqlType::int_(), values::from_int(-42)), "-42");
  EXPECT_EQ(f(CqlType::bigint(), values::from_bigint(1234567890123)), "1234567890123");
  EXPECT_EQ(f(CqlType::smallint(), values::from_smallint(-7)), "-7");
  EXPECT_EQ(f(CqlType::tinyint(), values::from_tinyint(8)), "8");
  EXPECT_EQ(f(CqlType::varint(), values::from_varint(-1234567)), "-1234567");
  EXPECT_EQ(f(CqlType::decimal(), values::from_decimal(12345, 2)), "123.45");
  EXPECT_EQ(f(CqlType::boolean(), values::from_boolean(true)), "True");
  EXPECT_EQ(f(CqlType::boolean(), values::from_boolean(false)), "False");
  EXPECT_EQ(f(CqlType::blob(), Bytes("\xca\xfe", 2)), "0xcafe");
  EXPECT_EQ(f(CqlType::blob(), Bytes()), "0x");
  EXPECT_EQ(format_value(*CqlType::int_(), std::nullopt), "null");
  EXPECT_EQ(f(CqlType::int_(), Bytes()), "");  // the empty value
}

TEST(ValueFormatTest, FloatingPointAsCqlsh) {
  EXPECT_EQ(f(CqlType::double_(), values::from_double(1.5)), "1.5");
  EXPECT_EQ(f(CqlType::double_(), values::from_double(3.141592653589793)), "3.14159265359");
  EXPECT_EQ(f(CqlType::double_(), values::from_double(123456.75)), "123456.75");
  EXPECT_EQ(f(CqlType::double_(), values::from_double(0.0)), "0");
  EXPECT_EQ(f(CqlType::double_(), values::from_double(1e20)), "1e+20");
  EXPECT_EQ(f(CqlType::float_(), values::from_float(2.5f)), "2.5");
  EXPECT_EQ(f(CqlType::float_(), values::from_float(3.14159265f)), "3.14159");
  EXPECT_EQ(f(CqlType::double_(), values::from_double(std::nan(""))), "NaN");
  EXPECT_EQ(f(CqlType::double_(), values::from_double(-INFINITY)), "-Infinity");
}

TEST(ValueFormatTest, TimesAndIds) {
  // 2024-01-02 03:04:05.678 UTC
  EXPECT_EQ(f(CqlType::timestamp(), values::from_timestamp(1704164645678)),
            "2024-01-02 03:04:05.678000+0000");
  EXPECT_EQ(f(CqlType::timestamp(), values::from_timestamp(-1)), "1969-12-31 23:59:59.999000+0000");
  EXPECT_EQ(f(CqlType::date(), values::from_date(19724)), "2024-01-02");
  EXPECT_EQ(f(CqlType::time(), values::from_time(3723000000123)), "01:02:03.000000123");
  const Bytes id("\x12\x3e\x45\x67\xe8\x9b\x12\xd3\xa4\x56\x42\x66\x14\x17\x40\x00", 16);
  EXPECT_EQ(f(CqlType::uuid(), id), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(f(CqlType::inet(), Bytes("\x7f\x00\x00\x01", 4)), "127.0.0.1");
  Bytes v6(16, '\0');
  v6[15] = 1;
  EXPECT_EQ(f(CqlType::inet(), v6), "::1");
  EXPECT_EQ(f(CqlType::duration(), values::from_duration(14, 3, 3723000000000)), "1y2mo3d1h2m3s");
}

TEST(ValueFormatTest, CollectionsQuoteTheirTextAndTimestamps) {
  auto list = CqlType::list(CqlType::int_(), false);
  EXPECT_EQ(f(list, values::from_list({values::from_int(1), values::from_int(2)})), "[1, 2]");
  auto set = CqlType::set(CqlType::text(), false);
  EXPECT_EQ(f(set, values::from_list({values::from_text("a"), values::from_text("it's")})),
            "{'a', 'it''s'}");
  auto map = CqlType::map(CqlType::text(), CqlType::int_(), false);
  EXPECT_EQ(f(map, values::from_map({{values::from_text("a"), values::from_int(1)},
                                     {values::from_text("b"), values::from_int(2)}})),
            "{'a': 1, 'b': 2}");
  EXPECT_EQ(f(map, values::from_map({})), "{}");
  auto tuple = CqlType::tuple({CqlType::int_(), CqlType::text(), CqlType::timestamp()});
  EXPECT_EQ(f(tuple, values::from_tuple({values::from_int(1), std::nullopt,
                                         values::from_timestamp(0)})),
            "(1, null, '1970-01-01 00:00:00.000000+0000')");
  auto nested = CqlType::map(CqlType::int_(), CqlType::list(CqlType::date(), true), false);
  EXPECT_EQ(f(nested, values::from_map({{values::from_int(1),
                                         values::from_list({values::from_date(0)})}})),
            "{1: [1970-01-01]}");
}

TEST(ValueFormatTest, InvalidBytesAreShownWithTheReason) {
  const std::string text = f(CqlType::int_(), Bytes("\x01\x02", 2));
  EXPECT_EQ(text.rfind("0x0102 (", 0), 0u) << text;
}

TEST(TablePrinterTest, AlignsAsCqlsh) {
  FormattedRows rows;
  rows.names = {"id", "name", "tags"};
  rows.cells = {{"1", "bob", "{'a'}"}, {"1000", "ü", "null"}};
  EXPECT_EQ(render_table(rows, true),
            " id   | name | tags\n"
            "------+------+-------\n"
            "    1 |  bob | {'a'}\n"
            " 1000 |    ü |  null\n");
  EXPECT_EQ(render_table(rows, false),
            "    1 |  bob | {'a'}\n"
            " 1000 |    ü |  null\n");
}

TEST(TablePrinterTest, FormatsRowsByTheirColumnTypes) {
  cql::client::Rows rows;
  rows.columns = 2;
  rows.row_count = 1;
  rows.specs = {{"ks", "t", "k", CqlType::int_()}, {"ks", "t", "v", CqlType::text()}};
  rows.values = {values::from_int(7), std::nullopt};
  FormattedRows formatted = format_rows(rows);
  EXPECT_EQ(formatted.names, (std::vector<std::string>{"k", "v"}));
  ASSERT_EQ(formatted.cells.size(), 1u);
  EXPECT_EQ(formatted.cells[0], (std::vector<std::string>{"7", "null"}));
}

}  // namespace
}  // namespace cairn::tools::cql_shell
