// Native protocol frames and body notations: round trips in any chunking, compressed
// bodies, and every kind of bad input answered with an error that says whether the
// connection can go on — never a crash, never an allocation the peer chose.
#include "cql/protocol/frame.h"

#include <gtest/gtest.h>

#include "common/coding.h"
#include "cql/protocol/body.h"

namespace cairn::cql {
namespace {

Frame startup(int16_t stream) {
  BodyWriter w;
  w.write_string_map({{"CQL_VERSION", "3.0.0"}, {"COMPRESSION", "lz4"}});
  Frame f;
  f.version = 4;
  f.stream = stream;
  f.opcode = Opcode::kStartup;
  f.body = w.take();
  return f;
}

TEST(FrameTest, FramesRoundTripWhateverPiecesTheyArriveIn) {
  Bytes wire;
  for (int16_t s = 0; s < 5; ++s) wire += encode_frame(startup(s));
  for (size_t piece : {size_t{1}, size_t{3}, size_t{9}, size_t{50}, wire.size()}) {
    FrameDecoder decoder(1 << 20);
    std::vector<Frame> frames;
    FrameError error;
    for (size_t at = 0; at < wire.size(); at += piece) {
      decoder.feed(BytesView(wire).substr(at, piece));
      for (;;) {
        auto next = decoder.next(&error);
        ASSERT_TRUE(next.is_ok()) << next.status().to_string();
        if (!next.value()) break;
        frames.push_back(std::move(*next.value()));
      }
    }
    ASSERT_EQ(frames.size(), 5u) << "pieces of " << piece;
    for (int16_t s = 0; s < 5; ++s) {
      EXPECT_EQ(frames[s].stream, s);
      EXPECT_EQ(frames[s].opcode, Opcode::kStartup);
      BodyReader r(frames[s].body);
      auto options = r.read_string_map();
      ASSERT_TRUE(options.is_ok());
      EXPECT_EQ(options->at("COMPRESSION"), "lz4");
      EXPECT_TRUE(r.at_end());
    }
  }
}

TEST(FrameTest, TheHeaderIsNineBytesAsTheSpecSays) {
  Frame f = startup(0x0102);
  f.response = true;
  f.opcode = Opcode::kReady;
  f.body.clear();
  EXPECT_EQ(encode_frame(f), Bytes("\x84\x00\x01\x02\x02\x00\x00\x00\x00", 9));
}

TEST(FrameTest, CompressedBodiesDecompressForBothAlgorithms) {
  for (auto algorithm : {CompressionAlgorithm::kLz4, CompressionAlgorithm::kSnappy}) {
    Frame f = startup(7);
    f.body += Bytes(5000, 'z');  // compressible
    const Bytes wire = encode_frame(f, algorithm);
    EXPECT_LT(wire.size(), f.body.size());
    EXPECT_TRUE(static_cast<uint8_t>(wire[1]) & frame_flags::kCompression);
    FrameDecoder decoder(1 << 20);
    decoder.set_compression(algorithm);
    decoder.feed(wire);
    FrameError error;
    auto next = decoder.next(&error);
    ASSERT_TRUE(next.is_ok() && next.value()) << next.status().to_string();
    EXPECT_EQ(next.value()->body, f.body);
  }
}

TEST(FrameTest, NewerProtocolVersionsGetTheErrorDriversRetryOn) {
  for (uint8_t version : {5, 6, 2}) {
    Frame f = startup(0);
    f.version = version;
    FrameDecoder decoder(1 << 20);
    decoder.feed(encode_frame(f));
    FrameError error;
    EXPECT_FALSE(decoder.next(&error).is_ok());
    EXPECT_EQ(error.kind, FrameError::Kind::kUnsupportedVersion);
    EXPECT_EQ(error.version, version);
    EXPECT_NE(error.message.find("Invalid or unsupported protocol version"), std::string::npos);
    EXPECT_FALSE(error.can_continue);
  }
  Frame v3 = startup(0);
  v3.version = 3;
  FrameDecoder decoder(1 << 20);
  decoder.feed(encode_frame(v3));
  FrameError error;
  EXPECT_TRUE(decoder.next(&error).is_ok()) << "v3 is accepted";
}

TEST(FrameTest, OversizedFramesAreRefusedAndTheNextFrameStillReads) {
  FrameDecoder decoder(1000);
  Frame big = startup(1);
  big.body = Bytes(5000, 'x');
  decoder.feed(encode_frame(big));
  decoder.feed(encode_frame(startup(2)));
  FrameError error;
  auto refused = decoder.next(&error);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(error.stream, 1);
  EXPECT_TRUE(error.can_continue);
  EXPECT_NE(error.message.find("too big"), std::string::npos) << error.message;
  auto next = decoder.next(&error);
  ASSERT_TRUE(next.is_ok() && next.value()) << next.status().to_string();
  EXPECT_EQ(next.value()->stream, 2);
}

TEST(FrameTest, UnknownOpcodesAndBadCompressionAreProtocolErrors) {
  Bytes wire = encode_frame(startup(3));
  wire[4] = '\x42';  // no such opcode
  FrameDecoder decoder(1 << 20);
  decoder.feed(wire);
  decoder.feed(encode_frame(startup(4)));
  FrameError error;
  EXPECT_FALSE(decoder.next(&error).is_ok());
  EXPECT_EQ(error.stream, 3);
  EXPECT_TRUE(error.can_continue);
  auto next = decoder.next(&error);
  ASSERT_TRUE(next.is_ok() && next.value());
  EXPECT_EQ(next.value()->stream, 4);

  // Flagged compressed without compression negotiated; then garbage as LZ4.
  Frame f = startup(5);
  f.flags = frame_flags::kCompression;
  Bytes flagged = encode_frame(f);
  flagged[1] = static_cast<char>(frame_flags::kCompression);
  FrameDecoder plain(1 << 20);
  plain.feed(flagged);
  EXPECT_FALSE(plain.next(&error).is_ok());
  EXPECT_NE(error.message.find("no compression was negotiated"), std::string::npos);
  FrameDecoder lz4(1 << 20);
  lz4.set_compression(CompressionAlgorithm::kLz4);
  lz4.feed(flagged);  // its body is not LZ4
  EXPECT_FALSE(lz4.next(&error).is_ok());
  EXPECT_TRUE(error.can_continue);
  // An LZ4 length prefix claiming 2 GB is refused before any allocation.
  Bytes bomb("\x7f\xff\xff\xff" "abc", 7);
  EXPECT_FALSE(decompress_body(CompressionAlgorithm::kLz4, bomb, 1 << 20).is_ok());
}

TEST(FrameTest, AHeaderWaitsForItsBody) {
  const Bytes wire = encode_frame(startup(9));
  FrameDecoder decoder(1 << 20);
  decoder.feed(BytesView(wire).substr(0, wire.size() - 1));
  FrameError error;
  auto partial = decoder.next(&error);
  ASSERT_TRUE(partial.is_ok());
  EXPECT_FALSE(partial.value()) << "a body shorter than its length is not a frame yet";
  decoder.feed(BytesView(wire).substr(wire.size() - 1));
  EXPECT_TRUE(decoder.next(&error).value());
}

TEST(BodyTest, NotationsRoundTrip) {
  BodyWriter w;
  w.write_int(-5);
  w.write_long(1LL << 40);
  w.write_string("héllo");
  w.write_long_string("SELECT * FROM t");
  w.write_string_list({"a", "b"});
  w.write_value(Value::of("v"));
  w.write_value(Value::null());
  w.write_value(Value::unset());
  w.write_short_bytes("id");
  w.write_string_multimap({{"COMPRESSION", {"lz4", "snappy"}}});
  BodyReader r(w.bytes());
  EXPECT_EQ(r.read_int().value(), -5);
  EXPECT_EQ(r.read_long().value(), 1LL << 40);
  EXPECT_EQ(r.read_string().value(), "héllo");
  EXPECT_EQ(r.read_long_string().value(), "SELECT * FROM t");
  EXPECT_EQ(r.read_string_list().value(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.read_value().value(), Value::of("v"));
  EXPECT_EQ(r.read_value().value(), Value::null());
  EXPECT_EQ(r.read_value().value(), Value::unset());
  EXPECT_EQ(r.read_short_bytes().value(), "id");
  EXPECT_EQ(r.read_string_multimap().value().at("COMPRESSION").size(), 2u);
  EXPECT_TRUE(r.at_end());
}

TEST(BodyTest, TruncatedAndLyingBodiesAreRefusedClearly) {
  BodyWriter w;
  w.write_string("abcdef");
  const Bytes full = w.bytes();
  for (size_t cut = 0; cut < full.size(); ++cut) {
    BodyReader r(BytesView(full).substr(0, cut));
    EXPECT_FALSE(r.read_string().is_ok()) << "cut at " << cut;
  }
  Bytes liar;
  put_i32(&liar, 0x7fffffff);  // a [bytes] claiming 2 GB
  BodyReader r(liar);
  auto b = r.read_bytes();
  ASSERT_FALSE(b.is_ok());
  EXPECT_NE(b.status().message().find("[bytes]"), std::string::npos) << b.status().message();
  Bytes bad_value;
  put_i32(&bad_value, -3);
  EXPECT_FALSE(BodyReader(bad_value).read_value().is_ok());
  Bytes bad_consistency;
  put_u16(&bad_consistency, 0x00ff);
  EXPECT_FALSE(BodyReader(bad_consistency).read_consistency().is_ok());
}

}  // namespace
}  // namespace cairn::cql
