// Connection-setup messages: STARTUP options, SUPPORTED, and ERROR bodies.
#include "cql/protocol/messages.h"

#include <gtest/gtest.h>

#include "cql/protocol/body.h"

namespace cairn::cql {
namespace {

Bytes startup_body(std::map<std::string, std::string> options) {
  BodyWriter w;
  w.write_string_map(options);
  return w.take();
}

TEST(MessagesTest, StartupNegotiatesCompressionAndKeepsDriverOptions) {
  auto s = decode_startup(startup_body(
      {{"CQL_VERSION", "3.0.0"}, {"COMPRESSION", "lz4"}, {"DRIVER_NAME", "DataStax Python Driver"}}));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->compression, CompressionAlgorithm::kLz4);
  EXPECT_EQ(s->others.at("DRIVER_NAME"), "DataStax Python Driver");
  EXPECT_EQ(decode_startup(startup_body({{"CQL_VERSION", "3.4.5"}, {"COMPRESSION", "snappy"}}))
                ->compression,
            CompressionAlgorithm::kSnappy);
  EXPECT_EQ(decode_startup(startup_body({{"CQL_VERSION", "3.4.5"}}))->compression,
            CompressionAlgorithm::kNone);
}

TEST(MessagesTest, BadStartupsAreRefusedNamingTheOption) {
  auto missing = decode_startup(startup_body({{"COMPRESSION", "lz4"}}));
  ASSERT_FALSE(missing.is_ok());
  EXPECT_NE(missing.status().message().find("CQL_VERSION"), std::string::npos);
  auto zstd = decode_startup(startup_body({{"CQL_VERSION", "3.0.0"}, {"COMPRESSION", "zstd"}}));
  ASSERT_FALSE(zstd.is_ok());
  EXPECT_NE(zstd.status().message().find("zstd"), std::string::npos);
  EXPECT_FALSE(decode_startup(startup_body({{"CQL_VERSION", "4.0.0"}})).is_ok());
  EXPECT_FALSE(decode_startup(Bytes("\x00\x05", 2)).is_ok());  // claims 5 entries, has none
}

TEST(MessagesTest, SupportedListsVersionsAndCompressions) {
  const Bytes body = encode_supported();
  BodyReader r(body);
  auto m = r.read_string_multimap();
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ(m->at("COMPRESSION"), (std::vector<std::string>{"lz4", "snappy"}));
  EXPECT_EQ(m->at("PROTOCOL_VERSIONS"), (std::vector<std::string>{"3/v3", "4/v4"}));
  EXPECT_EQ(m->at("CQL_VERSION").size(), 1u);
}

TEST(MessagesTest, ErrorsCarryTheirCodeAndMessageOnTheRequestsStream) {
  Frame request;
  request.version = 4;
  request.stream = 42;
  request.opcode = Opcode::kQuery;
  Frame error = response(request, Opcode::kError,
                         encode_simple_error(ErrorCode::kSyntaxError, "line 1:0 no viable alternative"));
  EXPECT_TRUE(error.response);
  EXPECT_EQ(error.stream, 42);
  const Bytes wire = encode_frame(error);
  EXPECT_EQ(static_cast<uint8_t>(wire[0]), 0x84);
  BodyReader r(error.body);
  EXPECT_EQ(r.read_int().value(), 0x2000);
  EXPECT_EQ(r.read_string().value(), "line 1:0 no viable alternative");
}

}  // namespace
}  // namespace cairn::cql
