#include "common/coding.h"

#include <gtest/gtest.h>

#include "common/checksum.h"

namespace cairn {
namespace {

TEST(CodingTest, FixedWidthIsBigEndian) {
  Bytes out;
  put_u16(&out, 0x0102);
  put_u32(&out, 0x03040506);
  put_u64(&out, 0x0708090a0b0c0d0eull);
  EXPECT_EQ(to_hex(out), "0102030405060708090a0b0c0d0e");
  BufferReader in(out);
  uint16_t a;
  uint32_t b;
  uint64_t c;
  ASSERT_TRUE(in.get_u16(&a) && in.get_u32(&b) && in.get_u64(&c));
  EXPECT_EQ(a, 0x0102);
  EXPECT_EQ(b, 0x03040506u);
  EXPECT_EQ(c, 0x0708090a0b0c0d0eull);
  EXPECT_TRUE(in.at_end());
}

TEST(CodingTest, VarintRoundTripsAndHasExpectedLength) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, 1ull << 35, ~0ull}) {
    Bytes out;
    put_varint(&out, v);
    EXPECT_EQ(static_cast<int>(out.size()), varint_length(v));
    BufferReader in(out);
    uint64_t back;
    ASSERT_TRUE(in.get_varint(&back));
    EXPECT_EQ(back, v);
  }
  Bytes out;
  put_varint(&out, 300);
  EXPECT_EQ(to_hex(out), "ac02");
}

TEST(CodingTest, SignedVarintZigzag) {
  for (int64_t v : std::initializer_list<int64_t>{0, -1, 1, -64, 64, INT64_MIN, INT64_MAX}) {
    Bytes out;
    put_signed_varint(&out, v);
    BufferReader in(out);
    int64_t back;
    ASSERT_TRUE(in.get_signed_varint(&back));
    EXPECT_EQ(back, v);
  }
  EXPECT_EQ(zigzag_encode(-1), 1u);
  EXPECT_EQ(zigzag_encode(1), 2u);
}

TEST(CodingTest, ReaderRefusesShortAndMalformedInput) {
  BufferReader empty("");
  uint32_t v;
  EXPECT_FALSE(empty.get_u32(&v));
  // A varint whose continuation bit never ends.
  Bytes endless(11, '\xff');
  BufferReader in(endless);
  uint64_t x;
  EXPECT_FALSE(in.get_varint(&x));
  // A length prefix claiming more bytes than there are.
  Bytes lying;
  put_varint(&lying, 1000);
  lying += "short";
  BufferReader in2(lying);
  BytesView out;
  EXPECT_FALSE(in2.get_length_prefixed(&out));
}

TEST(CodingTest, CompareBytesIsUnsigned) {
  EXPECT_LT(compare_bytes("\x01", "\xff"), 0);
  EXPECT_LT(compare_bytes("ab", "abc"), 0);
  EXPECT_EQ(compare_bytes("abc", "abc"), 0);
  EXPECT_GT(compare_bytes("\x80", "\x7f"), 0);
}

TEST(ChecksumTest, IncrementalEqualsOneShotAndDetectsFlips) {
  Bytes data = "the quick brown fox jumps over the lazy dog";
  Checksum32Builder b;
  b.update(BytesView(data).substr(0, 10));
  b.update(BytesView(data).substr(10));
  EXPECT_EQ(b.digest(), checksum32(data));
  Bytes flipped = data;
  flipped[5] ^= 1;
  EXPECT_NE(checksum32(flipped), checksum32(data));
}

}  // namespace
}  // namespace cairn
