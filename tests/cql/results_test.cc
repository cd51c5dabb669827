// RESULT, ERROR and EVENT bodies byte for byte as native_protocol_v4.spec §4.2.5,
// §4.2.6 and §9 lay them out: the expected bytes are spelled with the body notations
// (BodyWriter), field by field in the spec's order.
#include "cql/protocol/results.h"

#include <gtest/gtest.h>

#include <functional>
#include <tuple>

#include "cql/protocol/body.h"

namespace cairn::cql {
namespace {

ColumnSpec column(std::string ks, std::string table, std::string name, TypeRef type) {
  return ColumnSpec{std::move(ks), std::move(table), std::move(name), std::move(type)};
}

Bytes option_of(const TypeRef& type) {
  Bytes out;
  encode_type_option(*type, &out);
  return out;
}

TEST(ResultsTest, VoidIsJustItsKind) {
  ResultMessage r;
  EXPECT_EQ(encode_result(r), Bytes("\x00\x00\x00\x01", 4));
}

TEST(ResultsTest, RowsOfOneTableCarryAGlobalTableSpec) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  r.rows.columns = {column("ks", "t", "k", CqlType::int_()),
                    column("ks", "t", "v", CqlType::text())};
  r.rows.rows = {{values::from_int(1), Bytes("a")}, {values::from_int(2), std::nullopt}};

  BodyWriter w;
  w.write_int(2);       // Rows
  w.write_int(0x0001);  // Global_tables_spec
  w.write_int(2);
  w.write_string("ks");
  w.write_string("t");
  w.write_string("k");
  w.write_short(0x0009);
  w.write_string("v");
  w.write_short(0x000D);
  w.write_int(2);
  w.write_bytes(values::from_int(1));
  w.write_bytes(Bytes("a"));
  w.write_bytes(values::from_int(2));
  w.write_bytes(std::nullopt);
  EXPECT_EQ(encode_result(r), w.bytes());
}

TEST(ResultsTest, RowsOfSeveralTablesSpellEachColumnsTable) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  r.rows.columns = {column("ks", "a", "x", CqlType::bigint()),
                    column("ks", "b", "y", CqlType::boolean())};
  BodyWriter w;
  w.write_int(2);
  w.write_int(0);  // no flags
  w.write_int(2);
  for (auto [table, name, id] : {std::tuple{"a", "x", 0x0002}, std::tuple{"b", "y", 0x0004}}) {
    w.write_string("ks");
    w.write_string(table);
    w.write_string(name);
    w.write_short(static_cast<uint16_t>(id));
  }
  w.write_int(0);  // no rows
  EXPECT_EQ(encode_result(r), w.bytes());
}

TEST(ResultsTest, APagedResultCarriesItsPagingStateAndSkipMetadataDropsTheSpecs) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  r.rows.columns = {column("ks", "t", "k", CqlType::int_())};
  r.rows.rows = {{values::from_int(7)}};
  r.rows.paging_state = Bytes("\x01\x02\x03", 3);
  r.rows.skip_metadata = true;
  BodyWriter w;
  w.write_int(2);
  w.write_int(0x0002 | 0x0004);  // Has_more_pages | No_metadata
  w.write_int(1);
  w.write_bytes(Bytes("\x01\x02\x03", 3));
  w.write_int(1);
  w.write_bytes(values::from_int(7));
  EXPECT_EQ(encode_result(r), w.bytes());

  r.rows.skip_metadata = false;
  BodyWriter full;
  full.write_int(2);
  full.write_int(0x0001 | 0x0002);
  full.write_int(1);
  full.write_bytes(Bytes("\x01\x02\x03", 3));  // the paging state comes before the specs
  full.write_string("ks");
  full.write_string("t");
  full.write_string("k");
  full.write_short(0x0009);
  full.write_int(1);
  full.write_bytes(values::from_int(7));
  EXPECT_EQ(encode_result(r), full.bytes());
}

TEST(ResultsTest, SetKeyspaceNamesTheKeyspace) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kSetKeyspace;
  r.keyspace = "chat";
  EXPECT_EQ(encode_result(r), Bytes("\x00\x00\x00\x03\x00\x04"
                                    "chat",
                                    10));
}

TEST(ResultsTest, PreparedCarriesPkIndexesBindSpecsAndResultMetadata) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kPrepared;
  r.prepared.id = Bytes("\xca\xfe", 2);
  r.prepared.bind_columns = {column("ks", "t", "v", CqlType::text()),
                             column("ks", "t", "k", CqlType::int_())};
  r.prepared.partition_key_indexes = {1};
  r.prepared.result_columns = {column("ks", "t", "v", CqlType::text())};

  BodyWriter w;
  w.write_int(4);
  w.write_short_bytes(Bytes("\xca\xfe", 2));
  w.write_int(0x0001);  // Global_tables_spec
  w.write_int(2);       // bind markers
  w.write_int(1);       // pk_count
  w.write_short(1);     // pk_index
  w.write_string("ks");
  w.write_string("t");
  w.write_string("v");
  w.write_short(0x000D);
  w.write_string("k");
  w.write_short(0x0009);
  // <result_metadata>
  w.write_int(0x0001);
  w.write_int(1);
  w.write_string("ks");
  w.write_string("t");
  w.write_string("v");
  w.write_short(0x000D);
  EXPECT_EQ(encode_result(r), w.bytes());
}

TEST(ResultsTest, PreparedNonSelectHasEmptyResultMetadataFlaggedNoMetadata) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kPrepared;
  r.prepared.id = Bytes("id");
  BodyWriter w;
  w.write_int(4);
  w.write_short_bytes(Bytes("id"));
  w.write_int(0);  // no bind markers: no global spec
  w.write_int(0);
  w.write_int(0);       // pk_count
  w.write_int(0x0004);  // No_metadata
  w.write_int(0);
  EXPECT_EQ(encode_result(r), w.bytes());
}

TEST(ResultsTest, SchemaChangeResultsAndEventsShareTheirLayout) {
  SchemaChange ks;
  ks.change = SchemaChange::Change::kCreated;
  ks.target = SchemaChange::Target::kKeyspace;
  ks.keyspace = "chat";
  SchemaChange table;
  table.change = SchemaChange::Change::kDropped;
  table.target = SchemaChange::Target::kTable;
  table.keyspace = "chat";
  table.table = "messages";
  SchemaChange updated = table;
  updated.change = SchemaChange::Change::kUpdated;

  ResultMessage r;
  r.kind = ResultMessage::Kind::kSchemaChange;
  r.schema_change = ks;
  BodyWriter w;
  w.write_int(5);
  w.write_string("CREATED");
  w.write_string("KEYSPACE");
  w.write_string("chat");
  EXPECT_EQ(encode_result(r), w.bytes());

  r.schema_change = table;
  BodyWriter t;
  t.write_int(5);
  t.write_string("DROPPED");
  t.write_string("TABLE");
  t.write_string("chat");
  t.write_string("messages");
  EXPECT_EQ(encode_result(r), t.bytes());

  BodyWriter e;
  e.write_string("SCHEMA_CHANGE");
  e.write_string("UPDATED");
  e.write_string("TABLE");
  e.write_string("chat");
  e.write_string("messages");
  EXPECT_EQ(encode_schema_change_event(updated), e.bytes());
}

TEST(ResultsTest, EveryTypeHasItsOption) {
  const std::vector<std::pair<TypeRef, uint16_t>> natives = {
      {CqlType::ascii(), 0x01},    {CqlType::bigint(), 0x02},   {CqlType::blob(), 0x03},
      {CqlType::boolean(), 0x04},  {CqlType::decimal(), 0x06},  {CqlType::double_(), 0x07},
      {CqlType::float_(), 0x08},   {CqlType::int_(), 0x09},     {CqlType::timestamp(), 0x0B},
      {CqlType::uuid(), 0x0C},     {CqlType::text(), 0x0D},     {CqlType::varint(), 0x0E},
      {CqlType::timeuuid(), 0x0F}, {CqlType::inet(), 0x10},     {CqlType::date(), 0x11},
      {CqlType::time(), 0x12},     {CqlType::smallint(), 0x13}, {CqlType::tinyint(), 0x14},
  };
  for (const auto& [type, id] : natives) {
    BodyWriter w;
    w.write_short(id);
    EXPECT_EQ(option_of(type), w.bytes()) << type->cql_name();
  }
  // Duration has no id before v5: Cassandra sends it to v4 clients as a custom type.
  BodyWriter duration;
  duration.write_short(0x0000);
  duration.write_string("org.apache.cassandra.db.marshal.DurationType");
  EXPECT_EQ(option_of(CqlType::duration()), duration.bytes());

  // Frozen or not, collections carry their element options.
  for (bool frozen : {false, true}) {
    EXPECT_EQ(option_of(CqlType::list(CqlType::int_(), frozen)), Bytes("\x00\x20\x00\x09", 4));
    EXPECT_EQ(option_of(CqlType::set(CqlType::text(), frozen)), Bytes("\x00\x22\x00\x0D", 4));
    EXPECT_EQ(option_of(CqlType::map(CqlType::text(), CqlType::bigint(), frozen)),
              Bytes("\x00\x21\x00\x0D\x00\x02", 6));
  }
  auto tuple = CqlType::tuple({CqlType::int_(), CqlType::list(CqlType::uuid(), true)});
  EXPECT_EQ(option_of(tuple), Bytes("\x00\x31\x00\x02\x00\x09\x00\x20\x00\x0C", 10));
  auto nested = CqlType::map(CqlType::text(), CqlType::set(CqlType::date(), true), false);
  EXPECT_EQ(option_of(nested), Bytes("\x00\x21\x00\x0D\x00\x22\x00\x11", 8));
}

TEST(ResultsTest, ErrorsCarryTheFieldsOfTheirCode) {
  auto expect = [](const CqlError& error, const std::function<void(BodyWriter*)>& extra) {
    BodyWriter w;
    w.write_int(static_cast<int32_t>(error.code));
    w.write_string(error.message);
    extra(&w);
    EXPECT_EQ(encode_error(error), w.bytes()) << error.message;
  };
  CqlError unavailable = CqlError::of(ErrorCode::kUnavailable, "unavailable");
  unavailable.consistency = 0x0004;
  unavailable.required = 2;
  unavailable.alive = 1;
  expect(unavailable, [](BodyWriter* w) {
    w->write_short(0x0004);
    w->write_int(2);  // required
    w->write_int(1);  // alive
  });

  CqlError write_timeout = CqlError::of(ErrorCode::kWriteTimeout, "write timeout");
  write_timeout.consistency = 0x0001;
  write_timeout.alive = 0;
  write_timeout.required = 1;
  write_timeout.write_type = "BATCH_LOG";
  expect(write_timeout, [](BodyWriter* w) {
    w->write_short(0x0001);
    w->write_int(0);  // received
    w->write_int(1);  // blockfor
    w->write_string("BATCH_LOG");
  });

  CqlError read_timeout = CqlError::of(ErrorCode::kReadTimeout, "read timeout");
  read_timeout.consistency = 0x0005;
  read_timeout.alive = 2;
  read_timeout.required = 3;
  read_timeout.data_present = true;
  expect(read_timeout, [](BodyWriter* w) {
    w->write_short(0x0005);
    w->write_int(2);
    w->write_int(3);
    w->write_byte(1);
  });

  CqlError read_failure = read_timeout;
  read_failure.code = ErrorCode::kReadFailure;
  expect(read_failure, [](BodyWriter* w) {
    w->write_short(0x0005);
    w->write_int(2);
    w->write_int(3);
    w->write_int(1);  // numfailures
    w->write_byte(1);
  });

  CqlError write_failure = write_timeout;
  write_failure.code = ErrorCode::kWriteFailure;
  expect(write_failure, [](BodyWriter* w) {
    w->write_short(0x0001);
    w->write_int(0);
    w->write_int(1);
    w->write_int(1);  // numfailures
    w->write_string("BATCH_LOG");
  });

  CqlError unprepared = CqlError::of(ErrorCode::kUnprepared, "unknown id");
  unprepared.unprepared_id = Bytes("\x00\xff\x10", 3);
  expect(unprepared, [](BodyWriter* w) { w->write_short_bytes(Bytes("\x00\xff\x10", 3)); });

  CqlError exists = CqlError::of(ErrorCode::kAlreadyExists, "exists");
  exists.keyspace = "chat";
  exists.table = "messages";
  expect(exists, [](BodyWriter* w) {
    w->write_string("chat");
    w->write_string("messages");
  });
  CqlError ks_exists = CqlError::of(ErrorCode::kAlreadyExists, "keyspace exists");
  ks_exists.keyspace = "chat";
  expect(ks_exists, [](BodyWriter* w) {
    w->write_string("chat");
    w->write_string("");  // present but empty for a keyspace
  });

  for (auto code : {ErrorCode::kServerError, ErrorCode::kProtocolError, ErrorCode::kSyntaxError,
                    ErrorCode::kInvalid, ErrorCode::kOverloaded, ErrorCode::kConfigError}) {
    EXPECT_EQ(encode_error(CqlError::of(code, "plain")), encode_simple_error(code, "plain"));
  }
}

TEST(ResultsTest, AnOverlongMessageIsCutToFitAString) {
  const std::string message(70'000, 'x');
  const Bytes body = encode_error(CqlError::of(ErrorCode::kInvalid, message));
  BodyReader r(body);
  EXPECT_EQ(r.read_int().value(), 0x2200);
  auto read = r.read_string();
  ASSERT_TRUE(read.is_ok());
  EXPECT_EQ(read->size(), 65535u);
  EXPECT_TRUE(r.at_end());
}

}  // namespace
}  // namespace cairn::cql
