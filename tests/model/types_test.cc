// CQL types: Cassandra's byte encodings, ordering, validation, type names and literals.
// Expected bytes are those Cassandra's serializers produce (and the native protocol
// carries), written out by hand from the protocol spec.
#include "model/types.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cairn::testing {
namespace {

Bytes hex(std::string_view h) {
  Bytes out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

TEST(TypesTest, FixedWidthTypesUseBigEndianTwosComplement) {
  EXPECT_EQ(values::from_tinyint(-1), hex("ff"));
  EXPECT_EQ(values::from_smallint(258), hex("0102"));
  EXPECT_EQ(values::from_int(1), hex("00000001"));
  EXPECT_EQ(values::from_int(-2), hex("fffffffe"));
  EXPECT_EQ(values::from_bigint(-1), hex("ffffffffffffffff"));
  EXPECT_EQ(values::from_boolean(true), hex("01"));
  EXPECT_EQ(values::from_boolean(false), hex("00"));
  EXPECT_EQ(values::from_float(1.0f), hex("3f800000"));
  EXPECT_EQ(values::from_double(1.0), hex("3ff0000000000000"));
  EXPECT_EQ(values::from_timestamp(1000), hex("00000000000003e8"));
  EXPECT_EQ(values::from_time(1), hex("0000000000000001"));
  EXPECT_EQ(values::to_int(hex("fffffffe")).value(), -2);
  EXPECT_EQ(values::to_bigint(hex("00000000000003e8")).value(), 1000);
  EXPECT_TRUE(values::to_boolean(hex("01")).value());
  EXPECT_EQ(values::to_double(hex("3ff0000000000000")).value(), 1.0);
}

TEST(TypesTest, DatesAreDaysShiftedByTwoToTheThirtyOne) {
  EXPECT_EQ(values::from_date(0), hex("80000000"));    // 1970-01-01
  EXPECT_EQ(values::from_date(-1), hex("7fffffff"));   // 1969-12-31
  EXPECT_EQ(values::from_date(19000), hex("80004a38"));
}

TEST(TypesTest, VarintsAreMinimalTwosComplement) {
  EXPECT_EQ(values::from_varint(0), hex("00"));
  EXPECT_EQ(values::from_varint(127), hex("7f"));
  EXPECT_EQ(values::from_varint(128), hex("0080"));
  EXPECT_EQ(values::from_varint(256), hex("0100"));
  EXPECT_EQ(values::from_varint(-1), hex("ff"));
  EXPECT_EQ(values::from_varint(-128), hex("80"));
  EXPECT_EQ(values::from_varint(-129), hex("ff7f"));
}

TEST(TypesTest, DecimalsAreAScaleThenAVarint) {
  EXPECT_EQ(values::from_decimal(12345, 2), hex("000000023039"));  // 123.45
  EXPECT_EQ(values::from_decimal(-1, 0), hex("00000000ff"));
  EXPECT_EQ(CqlType::decimal()->to_cql_literal(values::from_decimal(12345, 2)), "123.45");
  EXPECT_EQ(CqlType::decimal()->to_cql_literal(values::from_decimal(-5, 3)), "-0.005");
}

TEST(TypesTest, DurationsAreThreeZigzagVints) {
  EXPECT_EQ(values::from_duration(1, 2, 3), hex("020406"));
  EXPECT_EQ(values::from_duration(-1, 0, 0), hex("010000"));
  // 1000 nanoseconds: zigzag 2000 = 0x7d0 needs two bytes, first byte says one extra.
  EXPECT_EQ(values::from_duration(0, 0, 1000), hex("000087d0"));
  EXPECT_TRUE(CqlType::duration()->validate(values::from_duration(1, 2, 3)).is_ok());
  EXPECT_FALSE(CqlType::duration()->validate(hex("0204")).is_ok());  // nanos missing
}

TEST(TypesTest, CollectionsAndTuplesUseInt32Lengths) {
  // list<int> [1, 2]
  EXPECT_EQ(values::from_list({values::from_int(1), values::from_int(2)}),
            hex("00000002" "00000004" "00000001" "00000004" "00000002"));
  // map<text, int> {'a': 1}
  EXPECT_EQ(values::from_map({{values::from_text("a"), values::from_int(1)}}),
            hex("00000001" "00000001" "61" "00000004" "00000001"));
  // tuple<int, text> (7, null)
  EXPECT_EQ(values::from_tuple({values::from_int(7), std::nullopt}),
            hex("00000004" "00000007" "ffffffff"));
  auto elements = values::collection_elements(values::from_list({values::from_text("x")}));
  ASSERT_TRUE(elements.is_ok());
  EXPECT_EQ(elements.value(), std::vector<Bytes>{Bytes("x")});
}

TEST(TypesTest, OrderingFollowsCassandra) {
  auto lt = [](const TypeRef& t, const Bytes& a, const Bytes& b) { return t->compare(a, b) < 0; };
  EXPECT_TRUE(lt(CqlType::int_(), values::from_int(-5), values::from_int(3)));
  EXPECT_TRUE(lt(CqlType::bigint(), values::from_bigint(-1), values::from_bigint(0)));
  EXPECT_TRUE(lt(CqlType::varint(), values::from_varint(-129), values::from_varint(-1)));
  EXPECT_TRUE(lt(CqlType::varint(), values::from_varint(127), values::from_varint(128)));
  EXPECT_TRUE(lt(CqlType::decimal(), values::from_decimal(110, 2), values::from_decimal(12, 1)));
  EXPECT_TRUE(lt(CqlType::double_(), values::from_double(-0.5), values::from_double(0.25)));
  EXPECT_TRUE(lt(CqlType::text(), values::from_text("a"), values::from_text("b")));
  EXPECT_TRUE(lt(CqlType::blob(), hex("01"), hex("ff")));  // unsigned bytes
  EXPECT_TRUE(lt(CqlType::date(), values::from_date(-1), values::from_date(0)));
  EXPECT_TRUE(lt(CqlType::timestamp(), values::from_timestamp(-1), values::from_timestamp(1)));
  EXPECT_TRUE(lt(CqlType::boolean(), values::from_boolean(false), values::from_boolean(true)));
  // timeuuids order by their time first: 2020 before 2021 whatever the bytes say.
  Bytes early = hex("5d8bcd00498f11eabf8c0800200c9a66");  // a v1 uuid in 2020
  Bytes later = hex("1f2c0a00f3d611eabf8c0800200c9a66");  // a v1 uuid later in 2020
  EXPECT_TRUE(lt(CqlType::timeuuid(), early, later));
  EXPECT_TRUE(lt(CqlType::list(CqlType::int_(), true), values::from_list({values::from_int(1)}),
                 values::from_list({values::from_int(1), values::from_int(0)})));
}

TEST(TypesTest, ValidationRejectsMalformedValuesNamingTheType) {
  EXPECT_FALSE(CqlType::int_()->validate(hex("000001")).is_ok());
  EXPECT_FALSE(CqlType::bigint()->validate(hex("00")).is_ok());
  EXPECT_FALSE(CqlType::date()->validate(hex("0000")).is_ok());
  EXPECT_FALSE(CqlType::uuid()->validate(hex("0011")).is_ok());
  EXPECT_FALSE(CqlType::inet()->validate(hex("0102030405")).is_ok());
  EXPECT_TRUE(CqlType::inet()->validate(hex("7f000001")).is_ok());
  EXPECT_FALSE(CqlType::ascii()->validate(values::from_text("é")).is_ok());
  EXPECT_FALSE(CqlType::text()->validate(hex("c328")).is_ok());  // invalid UTF-8
  EXPECT_FALSE(CqlType::boolean()->validate(hex("0001")).is_ok());
  Status s = CqlType::list(CqlType::int_(), true)->validate(hex("00000001" "00000004" "0000"));
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("list"), std::string::npos) << s.message();
  // A list whose count claims far more elements than bytes present.
  EXPECT_FALSE(CqlType::list(CqlType::int_(), true)->validate(hex("7fffffff")).is_ok());
}

TEST(TypesTest, TypeNamesParseAndPrintTheCqlWay) {
  for (const char* name : {"int", "text", "blob", "varint", "decimal", "duration", "inet",
                           "timeuuid", "list<int>", "set<text>", "map<text, int>",
                           "frozen<list<int>>", "map<text, frozen<set<bigint>>>",
                           "tuple<int, text, uuid>"}) {
    auto t = parse_cql_type(name);
    ASSERT_TRUE(t.is_ok()) << name << ": " << t.status().to_string();
    EXPECT_EQ(t.value()->cql_name(), name);
  }
  EXPECT_EQ(parse_cql_type("varchar").value()->cql_name(), "text");
  // Tuples are always frozen; the keyword is accepted and implied.
  EXPECT_EQ(parse_cql_type("frozen<tuple<int, text>>").value()->cql_name(), "tuple<int, text>");
  EXPECT_EQ(parse_cql_type("  MAP < TEXT , INT > ").value()->cql_name(), "map<text, int>");
  for (const char* bad : {"", "integer", "list<>", "map<int>", "list<int", "frozen<int>x"}) {
    EXPECT_FALSE(parse_cql_type(bad).is_ok()) << bad;
  }
}

TEST(TypesTest, LiteralsPrintAsCqlshWould) {
  EXPECT_EQ(CqlType::int_()->to_cql_literal(values::from_int(-3)), "-3");
  EXPECT_EQ(CqlType::text()->to_cql_literal(values::from_text("it's")), "'it''s'");
  EXPECT_EQ(CqlType::blob()->to_cql_literal(hex("01ff")), "0x01ff");
  EXPECT_EQ(CqlType::boolean()->to_cql_literal(values::from_boolean(true)), "true");
  EXPECT_EQ(CqlType::varint()->to_cql_literal(values::from_varint(-129)), "-129");
  EXPECT_EQ(CqlType::date()->to_cql_literal(values::from_date(0)), "'1970-01-01'");
  EXPECT_EQ(CqlType::uuid()->to_cql_literal(hex("f47ac10b58cc4372a5670e02b2c3d479")),
            "f47ac10b-58cc-4372-a567-0e02b2c3d479");
  EXPECT_EQ(CqlType::list(CqlType::int_(), true)
                ->to_cql_literal(values::from_list({values::from_int(1), values::from_int(2)})),
            "[1, 2]");
}

}  // namespace
}  // namespace cairn::testing
