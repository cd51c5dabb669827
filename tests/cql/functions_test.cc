// CQL native functions and aggregates: return types, overload resolution with
// Cassandra's error texts, every function's result bytes, null handling, and the
// aggregates over sample data and over nothing.
#include "cql/query/functions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/coding.h"
#include "cql/query/constants.h"
#include "model/uuid.h"

namespace cairn::cql {
namespace {

using ::testing::HasSubstr;

std::string type_or_error(std::string_view name, const std::vector<TypeRef>& types) {
  auto t = function_return_type(name, types);
  return t.is_ok() ? (*t)->cql_name() : "error: " + t.status().message();
}

class FunctionTest : public ::testing::Test {
 protected:
  FunctionContext ctx() { return FunctionContext{now_micros_, &random_}; }

  // The result's hex, "null", or "error: <message>".
  std::string call(std::string_view name, const std::vector<FunctionArg>& args) {
    auto r = call_function(name, args, ctx());
    if (!r.is_ok()) return "error: " + r.status().message();
    return r->has_value() ? to_hex(**r) : "null";
  }
  std::string call1(std::string_view name, const TypeRef& type, std::optional<Bytes> v) {
    return call(name, {FunctionArg{type, std::move(v)}});
  }

  int64_t now_micros_ = 1'700'000'000'123'456;  // 2023-11-14T22:13:20.123456Z
  RandomSource random_{42};
};

TEST_F(FunctionTest, ReturnTypes) {
  EXPECT_EQ(type_or_error("now", {}), "timeuuid");
  EXPECT_EQ(type_or_error("currenttimeuuid", {}), "timeuuid");
  EXPECT_EQ(type_or_error("currenttimestamp", {}), "timestamp");
  EXPECT_EQ(type_or_error("currentdate", {}), "date");
  EXPECT_EQ(type_or_error("currenttime", {}), "time");
  EXPECT_EQ(type_or_error("uuid", {}), "uuid");
  EXPECT_EQ(type_or_error("system.now", {}), "timeuuid");
  EXPECT_EQ(type_or_error("todate", {CqlType::timeuuid()}), "date");
  EXPECT_EQ(type_or_error("todate", {CqlType::timestamp()}), "date");
  EXPECT_EQ(type_or_error("totimestamp", {CqlType::timeuuid()}), "timestamp");
  EXPECT_EQ(type_or_error("totimestamp", {CqlType::date()}), "timestamp");
  EXPECT_EQ(type_or_error("tounixtimestamp", {CqlType::date()}), "bigint");
  EXPECT_EQ(type_or_error("dateof", {CqlType::timeuuid()}), "timestamp");
  EXPECT_EQ(type_or_error("unixtimestampof", {CqlType::timeuuid()}), "bigint");
  EXPECT_EQ(type_or_error("mintimeuuid", {CqlType::timestamp()}), "timeuuid");
  EXPECT_EQ(type_or_error("maxtimeuuid", {nullptr}), "timeuuid");  // a bind marker
  EXPECT_EQ(type_or_error("intasblob", {CqlType::int_()}), "blob");
  EXPECT_EQ(type_or_error("blobasint", {CqlType::blob()}), "int");
  EXPECT_EQ(type_or_error("textasblob", {CqlType::ascii()}), "blob");  // text reads ascii
  EXPECT_EQ(type_or_error("varcharasblob", {CqlType::text()}), "blob");
  EXPECT_EQ(type_or_error("blobasvarchar", {CqlType::blob()}), "text");
  EXPECT_EQ(type_or_error("blobasint", {CqlType::text()}), "int");  // blob reads anything
  // bigint values are timestamps: only the timestamp overload fits, weakly.
  EXPECT_EQ(type_or_error("tounixtimestamp", {CqlType::bigint()}), "bigint");
  EXPECT_EQ(type_or_error("count", {CqlType::list(CqlType::int_(), false)}), "bigint");
  EXPECT_EQ(type_or_error("avg", {CqlType::smallint()}), "smallint");
}

TEST_F(FunctionTest, EveryNativeTypeHasBlobConversions) {
  for (const char* name :
       {"ascii", "bigint", "boolean", "date", "decimal", "double", "duration", "float", "inet",
        "int", "smallint", "text", "time", "timestamp", "timeuuid", "tinyint", "uuid", "varint"}) {
    TypeRef t = *parse_cql_type(name);
    EXPECT_EQ(type_or_error(std::string(name) + "asblob", {t}), "blob") << name;
    EXPECT_EQ(type_or_error("blobas" + std::string(name), {CqlType::blob()}), name) << name;
  }
  EXPECT_EQ(type_or_error("blobasblob", {CqlType::blob()}), "error: Unknown function 'blobasblob'");
}

TEST_F(FunctionTest, ResolutionErrorsCarryCassandrasTexts) {
  EXPECT_EQ(type_or_error("foo", {}), "error: Unknown function 'foo'");
  EXPECT_EQ(type_or_error("now", {CqlType::int_()}),
            "error: Invalid number of arguments in call to function system.now: 0 required but 1 "
            "provided");
  EXPECT_EQ(type_or_error("dateof", {}),
            "error: Invalid number of arguments in call to function system.dateof: 1 required but "
            "0 provided");
  EXPECT_EQ(type_or_error("dateof", {CqlType::timestamp()}),
            "error: Type error: argument of type timestamp cannot be passed as argument 0 of "
            "function system.dateof of type timeuuid");
  EXPECT_EQ(type_or_error("todate", {CqlType::date()}),
            "error: Invalid call to function system.todate, none of its type signatures match "
            "(known type signatures: system.todate : (timeuuid) -> date, system.todate : "
            "(timestamp) -> date)");
  EXPECT_EQ(type_or_error("totimestamp", {CqlType::uuid()}),
            "error: Invalid call to function system.totimestamp, none of its type signatures "
            "match (known type signatures: system.totimestamp : (timeuuid) -> timestamp, "
            "system.totimestamp : (date) -> timestamp)");
  EXPECT_EQ(type_or_error("todate", {nullptr}),
            "error: Ambiguous call to function system.todate (can be matched by following "
            "signatures: system.todate : (timeuuid) -> date, system.todate : (timestamp) -> "
            "date): use type casts to disambiguate");
  EXPECT_EQ(type_or_error("uuidasblob", {CqlType::timeuuid()}),
            "blob");  // uuid reads timeuuid values
  EXPECT_EQ(type_or_error("timeuuidasblob", {CqlType::uuid()}),
            "error: Type error: argument of type uuid cannot be passed as argument 0 of function "
            "system.timeuuidasblob of type timeuuid");
  EXPECT_THAT(type_or_error("sum", {CqlType::text()}),
              HasSubstr("error: Invalid call to function system.sum, none of its type signatures "
                        "match (known type signatures: system.sum : (tinyint) -> tinyint, "));
}

TEST_F(FunctionTest, ConstantArgumentsChooseOverloadsAsCassandra) {
  using K = Term::ConstantKind;
  auto sig = resolve_function("totimestamp", {ArgumentSpec::of_constant(K::kString, "2020-01-01")});
  ASSERT_TRUE(sig.is_ok()) << sig.status().to_string();
  EXPECT_EQ(sig->to_string(), "system.totimestamp : (date) -> timestamp");
  // The executor then prepares the constant for the chosen parameter type.
  auto arg = constant_value(*sig->arg_types[0], K::kString, "2020-01-01", "arg0(totimestamp)");
  ASSERT_TRUE(arg.is_ok());
  EXPECT_EQ(*arg, values::from_date(18262));

  sig = resolve_function(
      "todate", {ArgumentSpec::of_constant(K::kUuid, "6bddc89a-5644-11e4-97fc-56847afe9799")});
  ASSERT_TRUE(sig.is_ok());
  EXPECT_EQ(sig->to_string(), "system.todate : (timeuuid) -> date");

  sig = resolve_function("tounixtimestamp", {ArgumentSpec::of_constant(K::kString, "2020-01-01")});
  EXPECT_THAT(sig.status().message(),
              HasSubstr("Ambiguous call to function system.tounixtimestamp (can be matched by "
                        "following signatures: system.tounixtimestamp : (timestamp) -> bigint, "
                        "system.tounixtimestamp : (date) -> bigint)"));

  sig = resolve_function("mintimeuuid", {ArgumentSpec::of_constant(K::kString, "2013-01-01")});
  ASSERT_TRUE(sig.is_ok());
  EXPECT_EQ(sig->arg_types[0]->cql_name(), "timestamp");

  sig = resolve_function("intasblob", {ArgumentSpec::of_constant(K::kString, "'x'")});
  EXPECT_EQ(sig.status().message(),
            "Type error: 'x' cannot be passed as argument 0 of function system.intasblob of type "
            "int");
  sig = resolve_function("dateof", {ArgumentSpec::of_type(CqlType::int_(), "v")});
  EXPECT_EQ(sig.status().message(),
            "Type error: v cannot be passed as argument 0 of function system.dateof of type "
            "timeuuid");

  sig = resolve_function("count", {ArgumentSpec::of_type(CqlType::text(), "v")});
  ASSERT_TRUE(sig.is_ok());
  EXPECT_TRUE(sig->aggregate);
  EXPECT_EQ(sig->to_string(), "system.count : (text) -> bigint");
}

TEST_F(FunctionTest, NowAndFriendsComeFromTheContext) {
  auto uuid_of = [&](std::string_view name) {
    auto r = call_function(name, {}, ctx());
    EXPECT_TRUE(r.is_ok() && r->has_value());
    return *Uuid::from_bytes(**r);
  };
  Uuid now = uuid_of("now");
  EXPECT_EQ(now.version(), 1);
  EXPECT_EQ(now.unix_micros(), now_micros_);
  Uuid current = uuid_of("currenttimeuuid");
  EXPECT_EQ(current.version(), 1);
  EXPECT_EQ(current.unix_micros(), now_micros_);
  EXPECT_FALSE(now == current);  // fresh clock sequence and node bits each time

  Uuid a = uuid_of("uuid"), b = uuid_of("uuid");
  EXPECT_EQ(a.version(), 4);
  EXPECT_FALSE(a == b);

  EXPECT_EQ(call("currenttimestamp", {}), to_hex(values::from_timestamp(1'700'000'000'123)));
  EXPECT_EQ(call("currentdate", {}), to_hex(values::from_date(19675)));
  int64_t micros_of_day = now_micros_ % 86'400'000'000;
  EXPECT_EQ(call("currenttime", {}), to_hex(values::from_time(micros_of_day * 1000)));
  now_micros_ = -1;  // one microsecond before the epoch
  EXPECT_EQ(call("currenttime", {}), to_hex(values::from_time(86'399'999'999'000)));
  EXPECT_EQ(call("currenttimestamp", {}), to_hex(values::from_timestamp(-1)));

  EXPECT_TRUE(is_nullary_function("now"));
  EXPECT_TRUE(is_nullary_function("currentdate"));
  EXPECT_TRUE(is_nullary_function("uuid"));
  EXPECT_FALSE(is_nullary_function("todate"));
  EXPECT_TRUE(is_function("todate"));
  EXPECT_TRUE(is_function("max"));
  EXPECT_FALSE(is_function("token"));
}

TEST_F(FunctionTest, TimeConversions) {
  const int64_t ms = 1'700'000'000'123;
  Bytes ts = values::from_timestamp(ms);
  Bytes tu = Uuid::time_based(ms * 1000 + 456, random_).to_bytes();
  Bytes date = values::from_date(19675);
  const std::string date_hex = to_hex(date), ms_hex = to_hex(values::from_bigint(ms));

  EXPECT_EQ(call1("todate", CqlType::timestamp(), ts), date_hex);
  EXPECT_EQ(call1("todate", CqlType::timeuuid(), tu), date_hex);
  EXPECT_EQ(call1("totimestamp", CqlType::timeuuid(), tu), ms_hex);
  EXPECT_EQ(call1("totimestamp", CqlType::date(), date),
            to_hex(values::from_timestamp(19675 * 86'400'000LL)));
  EXPECT_EQ(call1("tounixtimestamp", CqlType::timeuuid(), tu), ms_hex);
  EXPECT_EQ(call1("tounixtimestamp", CqlType::timestamp(), ts), ms_hex);
  EXPECT_EQ(call1("tounixtimestamp", CqlType::date(), date),
            to_hex(values::from_bigint(19675 * 86'400'000LL)));
  EXPECT_EQ(call1("tounixtimestamp", CqlType::bigint(), values::from_bigint(ms)), ms_hex);
  EXPECT_EQ(call1("dateof", CqlType::timeuuid(), tu), ms_hex);
  EXPECT_EQ(call1("unixtimestampof", CqlType::timeuuid(), tu), ms_hex);
  // Dates before 1970: Cassandra truncates whole seconds toward zero into days.
  EXPECT_EQ(call1("todate", CqlType::timestamp(), values::from_timestamp(-1)),
            to_hex(values::from_date(0)));
  EXPECT_EQ(call1("todate", CqlType::timestamp(), values::from_timestamp(-86'400'001)),
            to_hex(values::from_date(-1)));
  EXPECT_EQ(call1("totimestamp", CqlType::date(), values::from_date(-1)),
            to_hex(values::from_timestamp(-86'400'000)));
  EXPECT_EQ(call1("todate", CqlType::timestamp(),
                  values::from_timestamp(std::numeric_limits<int64_t>::max())),
            "error: timestamp 9223372036854775807 is outside the range of the date type");
}

TEST_F(FunctionTest, MinAndMaxTimeuuidBoundAMillisecond) {
  EXPECT_EQ(call1("mintimeuuid", CqlType::timestamp(), values::from_timestamp(0)),
            "138140001dd211b28080808080808080");
  EXPECT_EQ(call1("maxtimeuuid", CqlType::timestamp(), values::from_timestamp(0)),
            "1381670f1dd211b27f7f7f7f7f7f7f7f");
  const int64_t ms = 1'700'000'000'123;
  auto min =
      call_function("mintimeuuid", {{CqlType::timestamp(), values::from_timestamp(ms)}}, ctx());
  auto max =
      call_function("maxtimeuuid", {{CqlType::timestamp(), values::from_timestamp(ms)}}, ctx());
  ASSERT_TRUE(min.is_ok() && max.is_ok());
  auto timeuuid = CqlType::timeuuid();
  for (int micros : {0, 500, 999}) {
    Bytes inside = Uuid::time_based(ms * 1000 + micros, random_).to_bytes();
    EXPECT_LT(timeuuid->compare(**min, inside), 0);
    EXPECT_GT(timeuuid->compare(**max, inside), 0);
  }
  Bytes after = Uuid::time_based((ms + 1) * 1000, random_).to_bytes();
  EXPECT_LT(timeuuid->compare(**max, after), 0);
  EXPECT_EQ(call1("tounixtimestamp", timeuuid, **min), to_hex(values::from_bigint(ms)));
  EXPECT_EQ(call1("tounixtimestamp", timeuuid, **max), to_hex(values::from_bigint(ms)));
}

TEST_F(FunctionTest, BlobConversions) {
  EXPECT_EQ(call1("intasblob", CqlType::int_(), values::from_int(1)), "00000001");
  EXPECT_EQ(call1("textasblob", CqlType::text(), Bytes("ab")), "6162");
  EXPECT_EQ(call1("blobasint", CqlType::blob(), values::from_int(7)), "00000007");
  EXPECT_EQ(call1("blobasbigint", CqlType::blob(), Bytes("\x01", 1)),
            "error: In call to function system.blobasbigint, value 0x01 is not a valid binary "
            "representation for type bigint");
  EXPECT_EQ(call1("blobastext", CqlType::blob(), Bytes("\xff", 1)),
            "error: In call to function system.blobastext, value 0xff is not a valid binary "
            "representation for type text");
  EXPECT_EQ(call1("blobasvarchar", CqlType::blob(), Bytes("\xff", 1)), "ff");  // not checked
  EXPECT_EQ(call1("blobastimeuuid", CqlType::blob(), Uuid().to_bytes()),
            "error: In call to function system.blobastimeuuid, value "
            "0x00000000000000000000000000000000 is not a valid binary representation for type "
            "timeuuid");
  EXPECT_EQ(call1("blobasboolean", CqlType::blob(), Bytes("\x01", 1)), "01");
  // The empty value passes through both ways.
  EXPECT_EQ(call1("intasblob", CqlType::int_(), Bytes()), "");
  EXPECT_EQ(call1("blobasint", CqlType::blob(), Bytes()), "");
}

TEST_F(FunctionTest, NullInNullOut) {
  EXPECT_EQ(call1("todate", CqlType::timestamp(), std::nullopt), "null");
  EXPECT_EQ(call1("totimestamp", CqlType::date(), std::nullopt), "null");
  EXPECT_EQ(call1("tounixtimestamp", CqlType::timeuuid(), std::nullopt), "null");
  EXPECT_EQ(call1("dateof", CqlType::timeuuid(), std::nullopt), "null");
  EXPECT_EQ(call1("unixtimestampof", CqlType::timeuuid(), std::nullopt), "null");
  EXPECT_EQ(call1("mintimeuuid", CqlType::timestamp(), std::nullopt), "null");
  EXPECT_EQ(call1("maxtimeuuid", CqlType::timestamp(), std::nullopt), "null");
  EXPECT_EQ(call1("intasblob", CqlType::int_(), std::nullopt), "null");
  EXPECT_EQ(call1("blobasint", CqlType::blob(), std::nullopt), "null");
  // The time conversions take the empty value as null.
  EXPECT_EQ(call1("todate", CqlType::timestamp(), Bytes()), "null");
  EXPECT_EQ(call1("mintimeuuid", CqlType::timestamp(), Bytes()), "null");
}

TEST_F(FunctionTest, CallErrors) {
  EXPECT_EQ(call("foo", {}), "error: Unknown function 'foo'");
  EXPECT_EQ(call1("now", CqlType::int_(), values::from_int(1)),
            "error: Invalid number of arguments in call to function system.now: 0 required but 1 "
            "provided");
  EXPECT_EQ(call1("count", CqlType::int_(), values::from_int(1)),
            "error: system.count is an aggregate, not a scalar function");
  EXPECT_EQ(call1("dateof", CqlType::timeuuid(), Bytes("\x01", 1)),
            "error: a UUID has 16 bytes, got 1");
}

// --- Aggregates ---

std::optional<Bytes> aggregate(std::string_view name, const TypeRef& type,
                               const std::vector<std::optional<Bytes>>& input) {
  auto a = make_aggregate(name, type);
  EXPECT_TRUE(a.is_ok()) << a.status().to_string();
  if (!a.is_ok()) return std::nullopt;
  for (const auto& v : input) (*a)->add(v);
  EXPECT_TRUE((*a)->status().is_ok()) << (*a)->status().to_string();
  return (*a)->result();
}

std::string aggregate_hex(std::string_view name, const TypeRef& type,
                          const std::vector<std::optional<Bytes>>& input) {
  auto r = aggregate(name, type, input);
  return r ? to_hex(*r) : "null";
}

std::vector<std::optional<Bytes>> ints(std::initializer_list<int32_t> list) {
  std::vector<std::optional<Bytes>> out;
  for (int32_t v : list) out.push_back(values::from_int(v));
  return out;
}

TEST(AggregateTest, NamesAndReturnTypes) {
  for (const char* name : {"count", "min", "max", "sum", "avg"}) EXPECT_TRUE(is_aggregate(name));
  EXPECT_FALSE(is_aggregate("now"));
  EXPECT_EQ((*aggregate_return_type("count", CqlType::text()))->cql_name(), "bigint");
  EXPECT_EQ((*aggregate_return_type("max", CqlType::timeuuid()))->cql_name(), "timeuuid");
  EXPECT_EQ((*aggregate_return_type("sum", CqlType::tinyint()))->cql_name(), "tinyint");
  EXPECT_EQ((*aggregate_return_type("avg", CqlType::decimal()))->cql_name(), "decimal");
  EXPECT_EQ(aggregate_return_type("now", CqlType::text()).status().message(),
            "Unknown aggregate function 'now'");
  auto bad = make_aggregate("avg", CqlType::text());
  ASSERT_FALSE(bad.is_ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("Invalid call to function system.avg, none of its type signatures match"));
  // As in Cassandra, blob reads any value, so a collection falls to min(blob).
  EXPECT_EQ((*aggregate_return_type("min", CqlType::list(CqlType::int_(), false)))->cql_name(),
            "blob");
}

TEST(AggregateTest, CountCountsNonNullValues) {
  EXPECT_EQ(aggregate_hex("count", CqlType::int_(),
                          {values::from_int(1), std::nullopt, values::from_int(2), Bytes()}),
            to_hex(values::from_bigint(3)));
  EXPECT_EQ(aggregate_hex("count", CqlType::int_(), {}), to_hex(values::from_bigint(0)));
  EXPECT_EQ(aggregate_hex("count", CqlType::list(CqlType::int_(), false), {Bytes("x")}),
            to_hex(values::from_bigint(1)));
}

TEST(AggregateTest, MinAndMaxFollowTheTypesOrder) {
  auto input = ints({3, -1, 7});
  input.push_back(std::nullopt);
  EXPECT_EQ(aggregate_hex("min", CqlType::int_(), input), "ffffffff");
  EXPECT_EQ(aggregate_hex("max", CqlType::int_(), input), "00000007");
  EXPECT_EQ(aggregate_hex("min", CqlType::int_(), {}), "null");
  EXPECT_EQ(aggregate_hex("max", CqlType::text(), {std::nullopt}), "null");
  EXPECT_EQ(aggregate_hex("min", CqlType::text(), {Bytes("b"), Bytes("a"), Bytes("c")}), "61");
  EXPECT_EQ(aggregate_hex("max", CqlType::text(), {Bytes("b"), Bytes("a"), Bytes("c")}), "63");
  RandomSource random(7);
  Bytes early = Uuid::time_based(1000, random).to_bytes();
  Bytes late = Uuid::time_based(2000, random).to_bytes();
  EXPECT_EQ(aggregate("max", CqlType::timeuuid(), {late, early}), late);
  EXPECT_EQ(aggregate("min", CqlType::timeuuid(), {late, early}), early);
  EXPECT_EQ(aggregate_hex("max", CqlType::varint(), {Bytes("\x7f", 1), Bytes("\x00\x80", 2)}),
            "0080");
  EXPECT_EQ(aggregate_hex("min", CqlType::double_(),
                          {values::from_double(1.5), values::from_double(-0.5)}),
            to_hex(values::from_double(-0.5)));
}

TEST(AggregateTest, IntegerSumsWrapAndAveragesTruncate) {
  EXPECT_EQ(aggregate_hex("sum", CqlType::int_(), ints({1, 2, 3})), "00000006");
  EXPECT_EQ(aggregate_hex("sum", CqlType::int_(), ints({2147483647, 1})), "80000000");
  EXPECT_EQ(aggregate_hex("avg", CqlType::int_(), ints({1, 2})), "00000001");
  EXPECT_EQ(aggregate_hex("avg", CqlType::int_(), ints({-1, -2})), "ffffffff");
  EXPECT_EQ(aggregate_hex("avg", CqlType::int_(), ints({2147483647, 2147483647})), "7fffffff");
  EXPECT_EQ(aggregate_hex("sum", CqlType::tinyint(),
                          {values::from_tinyint(127), values::from_tinyint(1)}),
            "80");
  EXPECT_EQ(aggregate_hex("avg", CqlType::tinyint(),
                          {values::from_tinyint(127), values::from_tinyint(127)}),
            "7f");
  EXPECT_EQ(aggregate_hex("sum", CqlType::smallint(),
                          {values::from_smallint(32767), values::from_smallint(2)}),
            "8001");
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(
      aggregate_hex("sum", CqlType::bigint(), {values::from_bigint(max), values::from_bigint(1)}),
      "8000000000000000");
  EXPECT_EQ(
      aggregate_hex("avg", CqlType::bigint(), {values::from_bigint(max), values::from_bigint(max)}),
      "7fffffffffffffff");
  // Nulls and empty values are skipped.
  EXPECT_EQ(aggregate_hex("avg", CqlType::int_(), {values::from_int(4), std::nullopt, Bytes()}),
            "00000004");
}

TEST(AggregateTest, SumAndAvgOfNothingAreZero) {
  EXPECT_EQ(aggregate_hex("sum", CqlType::int_(), {}), "00000000");
  EXPECT_EQ(aggregate_hex("avg", CqlType::bigint(), {std::nullopt}), "0000000000000000");
  EXPECT_EQ(aggregate_hex("sum", CqlType::tinyint(), {}), "00");
  EXPECT_EQ(aggregate_hex("avg", CqlType::smallint(), {}), "0000");
  EXPECT_EQ(aggregate_hex("sum", CqlType::double_(), {}), to_hex(values::from_double(0)));
  EXPECT_EQ(aggregate_hex("avg", CqlType::float_(), {}), to_hex(values::from_float(0)));
  EXPECT_EQ(aggregate_hex("sum", CqlType::varint(), {}), "00");
  EXPECT_EQ(aggregate_hex("avg", CqlType::varint(), {}), "00");
  EXPECT_EQ(aggregate_hex("sum", CqlType::decimal(), {}), "0000000000");
  EXPECT_EQ(aggregate_hex("avg", CqlType::decimal(), {}), "0000000000");
}

TEST(AggregateTest, FloatingSumsAreCompensated) {
  std::vector<std::optional<Bytes>> tenths(10, values::from_double(0.1));
  EXPECT_EQ(aggregate("sum", CqlType::double_(), tenths), values::from_double(1.0));
  EXPECT_EQ(aggregate("avg", CqlType::double_(), tenths), values::from_double(0.1));
  EXPECT_EQ(
      aggregate("sum", CqlType::float_(), {values::from_float(1.5f), values::from_float(2.25f)}),
      values::from_float(3.75f));
  EXPECT_EQ(
      aggregate("avg", CqlType::float_(), {values::from_float(1.0f), values::from_float(2.0f)}),
      values::from_float(1.5f));
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(
      aggregate("sum", CqlType::double_(), {values::from_double(inf), values::from_double(inf)}),
      values::from_double(inf));
  EXPECT_EQ(aggregate("avg", CqlType::double_(),
                      {values::from_double(1.5e308), values::from_double(1.5e308)}),
            values::from_double(1.5e308));
  auto nan =
      aggregate("sum", CqlType::double_(), {values::from_double(inf), values::from_double(-inf)});
  ASSERT_TRUE(nan.has_value());
  EXPECT_TRUE(std::isnan(*values::to_double(*nan)));
}

TEST(AggregateTest, VarintAndDecimalAreExact) {
  auto varint = [](const char* s) {
    return std::optional<Bytes>(BigInteger::parse(s)->to_twos_complement());
  };
  EXPECT_EQ(aggregate_hex("sum", CqlType::varint(), {varint("9223372036854775807"), varint("1")}),
            "008000000000000000");
  EXPECT_EQ(aggregate_hex("sum", CqlType::varint(),
                          {varint("1267650600228229401496703205376"),
                           varint("-1267650600228229401496703205376"), varint("-5")}),
            "fb");
  EXPECT_EQ(aggregate_hex("avg", CqlType::varint(), {varint("1"), varint("2")}), "01");
  EXPECT_EQ(aggregate_hex("avg", CqlType::varint(), {varint("-1"), varint("-2")}), "ff");

  auto decimal = [](const char* s) {
    return std::optional<Bytes>(BigDecimal::parse(s)->to_bytes());
  };
  EXPECT_EQ(aggregate_hex("sum", CqlType::decimal(), {decimal("1.5"), decimal("2.25")}),
            "00000002"
            "0177");  // 3.75
  EXPECT_EQ(aggregate_hex("sum", CqlType::decimal(), {decimal("1e3"), decimal("1")}),
            "00000000"
            "03e9");  // 1001
  // avg += (x - avg) / n at the running scale, half to even: (1, 2) -> 1, (1.0, 2.0) -> 1.5,
  // (1, 4) -> 3 exactly as Cassandra computes it.
  EXPECT_EQ(aggregate_hex("avg", CqlType::decimal(), {decimal("1"), decimal("2")}),
            "00000000"
            "01");
  EXPECT_EQ(aggregate_hex("avg", CqlType::decimal(), {decimal("1.0"), decimal("2.0")}),
            "00000001"
            "0f");
  EXPECT_EQ(aggregate_hex("avg", CqlType::decimal(), {decimal("1"), decimal("4")}),
            "00000000"
            "03");
  EXPECT_EQ(aggregate_hex("avg", CqlType::decimal(), {decimal("-1.5"), std::nullopt}),
            "00000001"
            "f1");

  auto far = make_aggregate("sum", CqlType::decimal());
  ASSERT_TRUE(far.is_ok());
  (*far)->add(decimal("1e-200000"));
  (*far)->add(decimal("1"));
  EXPECT_FALSE((*far)->status().is_ok());
}

TEST(AggregateTest, MalformedValuesAreReportedNotTrusted) {
  auto sum = make_aggregate("sum", CqlType::int_());
  ASSERT_TRUE(sum.is_ok());
  (*sum)->add(Bytes("\x01\x02\x03", 3));
  EXPECT_TRUE((*sum)->status().is_invalid_argument());
  auto max = make_aggregate("max", CqlType::bigint());
  ASSERT_TRUE(max.is_ok());
  (*max)->add(Bytes("\x01", 1));
  EXPECT_TRUE((*max)->status().is_invalid_argument());
}

}  // namespace
}  // namespace cairn::cql
