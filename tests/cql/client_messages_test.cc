// Unit tests of the CQL client's messages (cql/client/messages.h): the response
// decoders checked against the node's own encoders (cql/protocol/results.h), so the
// client reads exactly what cairnd writes, and the request bodies it sends.
#include <gtest/gtest.h>

#include "cql/client/messages.h"
#include "cql/protocol/requests.h"
#include "cql/protocol/results.h"

namespace cairn::cql::client {
namespace {

Bytes response_header(uint8_t version, uint8_t flags, int16_t stream, uint8_t opcode,
                      uint32_t length) {
  Bytes h(9, '\0');
  h[0] = static_cast<char>(version);
  h[1] = static_cast<char>(flags);
  h[2] = static_cast<char>(static_cast<uint16_t>(stream) >> 8);
  h[3] = static_cast<char>(stream & 0xFF);
  h[4] = static_cast<char>(opcode);
  for (int i = 0; i < 4; ++i) h[5 + i] = static_cast<char>(length >> (24 - 8 * i));
  return h;
}

TEST(CqlMessagesTest, ResponseHeader) {
  auto h = decode_response_header(response_header(0x84, 0x08, 300, 0x08, 17), 1 << 20);
  ASSERT_TRUE(h.is_ok()) << h.status().to_string();
  EXPECT_EQ(h->flags, 0x08);
  EXPECT_EQ(h->stream, 300);
  EXPECT_EQ(h->opcode, cql::Opcode::kResult);
  EXPECT_EQ(h->body_length, 17u);
  // A request (no response bit), another version, an unknown opcode, an oversized body.
  EXPECT_FALSE(decode_response_header(response_header(0x04, 0, 0, 0x08, 0), 100).is_ok());
  EXPECT_FALSE(decode_response_header(response_header(0x85, 0, 0, 0x08, 0), 100).is_ok());
  EXPECT_FALSE(decode_response_header(response_header(0x84, 0, 0, 0x42, 0), 100).is_ok());
  EXPECT_FALSE(decode_response_header(response_header(0x84, 0, 0, 0x08, 101), 100).is_ok());
  EXPECT_FALSE(decode_response_header(Bytes(8, '\x84'), 100).is_ok());
  // A TLS record from a node that expects TLS is named as such.
  auto tls = decode_response_header(response_header(0x15, 0x03, 0x0303, 0x00, 2), 100);
  ASSERT_FALSE(tls.is_ok());
  EXPECT_NE(tls.status().message().find("expects TLS"), std::string::npos);
}

TEST(CqlMessagesTest, WarningsAreStrippedBeforeTheMessage) {
  cql::BodyWriter w;
  w.write_string_list({"batch too large"});
  w.write_int(1);  // RESULT kind Void
  ResponseHeader h;
  h.flags = cql::frame_flags::kWarning;
  auto message = response_message(h, w.bytes(), CompressionAlgorithm::kNone, 1 << 20);
  ASSERT_TRUE(message.is_ok()) << message.status().to_string();
  auto kind = decode_result_kind(*message);
  ASSERT_TRUE(kind.is_ok());
  EXPECT_EQ(*kind, ResultKind::kVoid);
}

TEST(CqlMessagesTest, CompressedBodiesAreDecompressed) {
  cql::BodyWriter w;
  w.write_int(1);
  ResponseHeader h;
  h.flags = cql::frame_flags::kCompression;
  Bytes compressed = cql::compress_body(CompressionAlgorithm::kLz4, w.bytes());
  auto message = response_message(h, compressed, CompressionAlgorithm::kLz4, 1 << 20);
  ASSERT_TRUE(message.is_ok()) << message.status().to_string();
  EXPECT_EQ(*message, w.bytes());
  // Compressed without compression negotiated is refused.
  EXPECT_FALSE(response_message(h, compressed, CompressionAlgorithm::kNone, 1 << 20).is_ok());
}

TEST(CqlMessagesTest, DecodesTheNodesRows) {
  cql::ResultMessage result;
  result.kind = cql::ResultMessage::Kind::kRows;
  result.rows.columns = {
      {"bench", "kv", "v", CqlType::blob()},
      {"bench", "kv", "m",
       CqlType::map(CqlType::text(), CqlType::list(CqlType::int_(), true), false)}};
  result.rows.rows = {{Bytes("abc"), std::nullopt}, {Bytes(""), Bytes("x")}};
  for (bool skip : {false, true}) {
    result.rows.skip_metadata = skip;
    auto rows = decode_rows(cql::encode_result(result));
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    EXPECT_EQ(rows->columns, 2);
    EXPECT_EQ(rows->row_count, 2);
    ASSERT_EQ(rows->values.size(), 4u);
    EXPECT_EQ(rows->values[0], Bytes("abc"));
    EXPECT_EQ(rows->values[1], std::nullopt);
    EXPECT_EQ(rows->values[2], Bytes(""));
    EXPECT_EQ(rows->values[3], Bytes("x"));
  }
  result.rows.rows.clear();
  auto empty = decode_rows(cql::encode_result(result));
  ASSERT_TRUE(empty.is_ok());
  EXPECT_EQ(empty->row_count, 0);
}

TEST(CqlMessagesTest, DecodesThePreparedId) {
  cql::ResultMessage result;
  result.kind = cql::ResultMessage::Kind::kPrepared;
  result.prepared.id = Bytes("\x01\x02\x03\x04", 4);
  result.prepared.bind_columns = {{"bench", "kv", "k", CqlType::blob()},
                                  {"bench", "kv", "v", CqlType::blob()}};
  result.prepared.partition_key_indexes = {0};
  auto prepared = decode_prepared(cql::encode_result(result));
  ASSERT_TRUE(prepared.is_ok()) << prepared.status().to_string();
  EXPECT_EQ(prepared->id, result.prepared.id);
  EXPECT_EQ(prepared->bind_count, 2);
  // A Rows result where Prepared is expected is refused, naming the kind.
  cql::ResultMessage void_result;
  auto wrong = decode_prepared(cql::encode_result(void_result));
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_NE(wrong.status().message().find("kind 1"), std::string::npos);
}

TEST(CqlMessagesTest, DecodesTheNodesErrors) {
  auto error = decode_error(
      cql::encode_error(cql::CqlError::of(cql::ErrorCode::kInvalid, "unconfigured table kv")));
  ASSERT_TRUE(error.is_ok());
  EXPECT_EQ(error->code, 0x2200);
  EXPECT_EQ(error->to_string(), "error 0x2200 (Invalid): unconfigured table kv");
}

TEST(CqlMessagesTest, TruncatedOrHostileRowsAreRefused) {
  cql::ResultMessage result;
  result.kind = cql::ResultMessage::Kind::kRows;
  result.rows.columns = {{"bench", "kv", "v", CqlType::blob()}};
  result.rows.rows = {{Bytes("abc")}};
  const Bytes body = cql::encode_result(result);
  for (size_t n = 0; n < body.size(); ++n) {
    EXPECT_FALSE(decode_rows(BytesView(body).substr(0, n)).is_ok()) << n;
  }
  // A row count far beyond what the bytes could hold is refused before any allocation.
  cql::BodyWriter w;
  w.write_int(2);           // Rows
  w.write_int(0x0004);      // No_metadata
  w.write_int(1);           // one column
  w.write_int(0x7FFFFFFF);  // rows
  EXPECT_FALSE(decode_rows(w.bytes()).is_ok());
}

TEST(CqlMessagesTest, RowsCarryTheirColumnsAndPagingState) {
  cql::ResultMessage result;
  result.kind = cql::ResultMessage::Kind::kRows;
  auto tuple = CqlType::tuple({CqlType::int_(), CqlType::text()});
  result.rows.columns = {
      {"ks", "t", "id", CqlType::uuid()},
      {"ks", "t", "m", CqlType::map(CqlType::text(), CqlType::set(CqlType::date(), true), false)},
      {"ks", "t", "tp", tuple}};
  result.rows.rows = {{Bytes(16, 'x'), std::nullopt, std::nullopt}};
  result.rows.paging_state = Bytes("resume-here");
  auto rows = decode_rows(cql::encode_result(result));
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  ASSERT_EQ(rows->specs.size(), 3u);
  EXPECT_EQ(rows->specs[0].keyspace, "ks");
  EXPECT_EQ(rows->specs[0].table, "t");
  EXPECT_EQ(rows->specs[0].name, "id");
  EXPECT_EQ(rows->specs[0].type->kind(), TypeKind::kUuid);
  EXPECT_EQ(rows->specs[1].type->cql_name(), "map<text, frozen<set<date>>>");
  EXPECT_TRUE(rows->specs[2].type->equals(*tuple));
  EXPECT_TRUE(rows->has_more_pages);
  EXPECT_EQ(rows->paging_state, Bytes("resume-here"));
}

TEST(CqlMessagesTest, QueryBodyCarriesPageSizeAndPagingState) {
  QueryOptions options;
  options.page_size = 100;
  options.paging_state = Bytes("state");
  auto q = cql::decode_query(query_body("SELECT * FROM t", options));
  ASSERT_TRUE(q.is_ok()) << q.status().to_string();
  EXPECT_EQ(q->query, "SELECT * FROM t");
  EXPECT_EQ(q->parameters.page_size, 100);
  EXPECT_EQ(q->parameters.paging_state, Bytes("state"));
  // No page size: the node sends every row.
  auto all = cql::decode_query(query_body("SELECT * FROM t"));
  ASSERT_TRUE(all.is_ok());
  EXPECT_FALSE(all->parameters.page_size.has_value());
  EXPECT_FALSE(all->parameters.paging_state.has_value());
}

TEST(CqlMessagesTest, PlainAuthResponseIsNulUserNulPassword) {
  Bytes body = plain_auth_response_body("cassandra", "s3cret");
  cql::BodyReader reader(body);
  auto token = reader.read_bytes();
  ASSERT_TRUE(token.is_ok());
  ASSERT_TRUE(token->has_value());
  EXPECT_EQ(**token, Bytes(std::string_view("\0cassandra\0s3cret", 17)));
  EXPECT_TRUE(reader.at_end());
}

TEST(CqlMessagesTest, DecodesSetKeyspaceAndAuthenticate) {
  cql::ResultMessage result;
  result.kind = cql::ResultMessage::Kind::kSetKeyspace;
  result.keyspace = "chat";
  auto ks = decode_set_keyspace(cql::encode_result(result));
  ASSERT_TRUE(ks.is_ok()) << ks.status().to_string();
  EXPECT_EQ(*ks, "chat");
  cql::BodyWriter w;
  w.write_string("org.apache.cassandra.auth.PasswordAuthenticator");
  auto authenticator = decode_authenticate(w.bytes());
  ASSERT_TRUE(authenticator.is_ok());
  EXPECT_EQ(*authenticator, "org.apache.cassandra.auth.PasswordAuthenticator");
  EXPECT_FALSE(decode_authenticate(Bytes("\x00", 1)).is_ok());
}

TEST(CqlMessagesTest, WarningsAreReturnedWhenAsked) {
  cql::BodyWriter w;
  w.write_string_list({"first", "second"});
  w.write_int(1);
  ResponseHeader h;
  h.flags = cql::frame_flags::kWarning;
  std::vector<std::string> warnings;
  auto message = response_message(h, w.bytes(), CompressionAlgorithm::kNone, 1 << 20, &warnings);
  ASSERT_TRUE(message.is_ok());
  EXPECT_EQ(warnings, (std::vector<std::string>{"first", "second"}));
}

}  // namespace
}  // namespace cairn::cql::client
