// QUERY, PREPARE, EXECUTE, BATCH and REGISTER bodies as drivers send them, and the
// malformed ones a node must refuse.
#include "cql/protocol/requests.h"

#include <gtest/gtest.h>

namespace cairn::cql {
namespace {

TEST(RequestsTest, QueryParametersRoundTripWithEveryOption) {
  QueryParameters p;
  p.consistency = 0x0006;  // LOCAL_QUORUM
  p.values = {Value::of("a"), Value::null(), Value::unset()};
  p.value_names = {"x", "y", "z"};
  p.skip_metadata = true;
  p.page_size = 500;
  p.paging_state = Bytes("\x01\x02", 2);
  p.serial_consistency = 0x0009;  // LOCAL_SERIAL
  p.default_timestamp = 1'700'000'000'000'000;
  BodyWriter w;
  w.write_long_string("SELECT * FROM chat.messages WHERE session = :x");
  encode_query_parameters(p, &w);
  auto q = decode_query(w.bytes());
  ASSERT_TRUE(q.is_ok()) << q.status().to_string();
  EXPECT_EQ(q->query, "SELECT * FROM chat.messages WHERE session = :x");
  EXPECT_EQ(q->parameters.consistency, 0x0006);
  EXPECT_EQ(q->parameters.values, p.values);
  EXPECT_EQ(q->parameters.value_names, p.value_names);
  EXPECT_TRUE(q->parameters.skip_metadata);
  EXPECT_EQ(q->parameters.page_size, 500);
  EXPECT_EQ(q->parameters.paging_state, p.paging_state);
  EXPECT_EQ(q->parameters.serial_consistency, 0x0009);
  EXPECT_EQ(q->parameters.default_timestamp, p.default_timestamp);
}

TEST(RequestsTest, PrepareExecuteBatchAndRegisterDecode) {
  BodyWriter prepare;
  prepare.write_long_string("INSERT INTO t (k, v) VALUES (?, ?)");
  EXPECT_EQ(decode_prepare(prepare.bytes())->query, "INSERT INTO t (k, v) VALUES (?, ?)");

  BodyWriter execute;
  execute.write_short_bytes("prepared-id");
  QueryParameters p;
  p.values = {Value::of("k"), Value::of("v")};
  encode_query_parameters(p, &execute);
  auto e = decode_execute(execute.bytes());
  ASSERT_TRUE(e.is_ok()) << e.status().to_string();
  EXPECT_EQ(e->id, "prepared-id");
  EXPECT_EQ(e->parameters.values.size(), 2u);

  BodyWriter batch;
  batch.write_byte(1);  // unlogged
  batch.write_short(2);
  batch.write_byte(0);
  batch.write_long_string("INSERT INTO t (k) VALUES (1)");
  batch.write_short(0);
  batch.write_byte(1);
  batch.write_short_bytes("id");
  batch.write_short(1);
  batch.write_value(Value::of("x"));
  batch.write_short(0x0004);  // QUORUM
  batch.write_byte(query_flags::kDefaultTimestamp);
  batch.write_long(42);
  auto b = decode_batch(batch.bytes());
  ASSERT_TRUE(b.is_ok()) << b.status().to_string();
  EXPECT_EQ(b->type, BatchRequest::Type::kUnlogged);
  ASSERT_EQ(b->statements.size(), 2u);
  EXPECT_FALSE(b->statements[0].prepared);
  EXPECT_TRUE(b->statements[1].prepared);
  EXPECT_EQ(b->statements[1].values.size(), 1u);
  EXPECT_EQ(b->consistency, 0x0004);
  EXPECT_EQ(b->default_timestamp, 42);

  BodyWriter reg;
  reg.write_string_list({"SCHEMA_CHANGE", "STATUS_CHANGE"});
  EXPECT_EQ(decode_register(reg.bytes())->events.size(), 2u);
}

TEST(RequestsTest, MalformedRequestsAreRefusedNamingTheProblem) {
  auto refused = [](const Result<QueryRequest>& r, const char* words) {
    ASSERT_FALSE(r.is_ok());
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
  };
  BodyWriter unknown_flag;
  unknown_flag.write_long_string("SELECT 1");
  unknown_flag.write_short(1);
  unknown_flag.write_byte(0x80);
  refused(decode_query(unknown_flag.bytes()), "unknown query flags");

  BodyWriter bad_page;
  bad_page.write_long_string("SELECT 1");
  bad_page.write_short(1);
  bad_page.write_byte(query_flags::kPageSize);
  bad_page.write_int(0);
  refused(decode_query(bad_page.bytes()), "page_size");

  BodyWriter short_values;
  short_values.write_long_string("SELECT 1");
  short_values.write_short(1);
  short_values.write_byte(query_flags::kValues);
  short_values.write_short(3);  // three values promised, none present
  refused(decode_query(short_values.bytes()), "[int]");

  BodyWriter trailing;
  trailing.write_long_string("SELECT 1");
  trailing.write_short(1);
  trailing.write_byte(0);
  trailing.write_byte(7);
  refused(decode_query(trailing.bytes()), "trailing");

  BodyWriter bad_batch;
  bad_batch.write_byte(7);
  EXPECT_FALSE(decode_batch(bad_batch.bytes()).is_ok());
  BodyWriter named_batch;
  named_batch.write_byte(0);
  named_batch.write_short(0);
  named_batch.write_short(1);
  named_batch.write_byte(query_flags::kNamesForValues);
  EXPECT_FALSE(decode_batch(named_batch.bytes()).is_ok());
  BodyWriter bad_register;
  bad_register.write_string_list({"EVERYTHING"});
  EXPECT_FALSE(decode_register(bad_register.bytes()).is_ok());
  BodyWriter empty_id;
  empty_id.write_short_bytes("");
  encode_query_parameters({}, &empty_id);
  EXPECT_FALSE(decode_execute(empty_id.bytes()).is_ok());
}

}  // namespace
}  // namespace cairn::cql
