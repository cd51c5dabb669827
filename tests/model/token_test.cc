// Murmur3Partitioner tokens match Apache Cassandra's, checked against vectors the
// DataStax Python driver computed (tests/data/murmur3/generate_vectors.py).
#include "model/token.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cairn::testing {
namespace {

Bytes from_hex(const std::string& hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

TEST(TokenTest, MatchesTheVectorsGeneratedByTheCassandraDriver) {
  std::ifstream in(std::string(CAIRN_SOURCE_DIR) + "/tests/data/murmur3/vectors.txt");
  ASSERT_TRUE(in) << "missing tests/data/murmur3/vectors.txt";
  std::string line;
  int checked = 0;
  bool saw_empty = false, saw_long = false, saw_composite = false, saw_high_bytes = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string hex;
    int64_t expected = 0;
    ASSERT_TRUE(fields >> hex >> expected) << line.substr(0, 80);
    const Bytes key = hex == "-" ? Bytes() : from_hex(hex);
    EXPECT_EQ(murmur3_token(key), expected) << "key " << hex.substr(0, 80);
    saw_empty |= key.empty();
    saw_long |= key.size() >= 1000;
    saw_composite |= key.size() > 3 && key[0] == 0 && key.back() == 0;
    saw_high_bytes |= key.find('\x80') != Bytes::npos;
    ++checked;
  }
  EXPECT_GT(checked, 200);
  EXPECT_TRUE(saw_empty && saw_long && saw_composite && saw_high_bytes);
}

TEST(TokenTest, CompositeKeysAreSerializedAsCassandraSerializesThem) {
  auto key = serialize_partition_key({Bytes("tenant-1"), Bytes("session-42")});
  ASSERT_TRUE(key.is_ok());
  EXPECT_EQ(key.value(), Bytes("\x00\x08" "tenant-1" "\x00" "\x00\x0a" "session-42" "\x00", 24));
  auto parts = split_partition_key(key.value(), 2);
  ASSERT_TRUE(parts.is_ok());
  EXPECT_EQ(parts.value(), (std::vector<Bytes>{Bytes("tenant-1"), Bytes("session-42")}));
  // A single-column key is just the value.
  EXPECT_EQ(serialize_partition_key({Bytes("abc")}).value(), Bytes("abc"));
}

TEST(TokenTest, MalformedCompositeKeysAreRejected) {
  // (A single-column key is raw bytes: only composite keys have structure to damage.)
  EXPECT_FALSE(split_partition_key(Bytes("\x00\x05" "ab", 4), 2).is_ok());  // short component
  EXPECT_FALSE(split_partition_key(Bytes("\x00\x01" "a" "\x01" "\x00\x01" "b" "\x00", 8), 2)
                   .is_ok());  // bad end-of-component byte
  EXPECT_FALSE(split_partition_key(Bytes("\x00\x01" "a" "\x00", 4), 2).is_ok());  // too few parts
  EXPECT_TRUE(split_partition_key(Bytes("\x00\x01" "a" "\x00" "\x00\x01" "b" "\x00", 8), 2)
                  .is_ok());
  EXPECT_FALSE(serialize_partition_key({Bytes(70000, 'x'), Bytes("y")}).is_ok());
}

TEST(TokenTest, KeysOrderByTokenThenBytes) {
  DecoratedKey a{5, Bytes("b")}, b{5, Bytes("c")}, c{6, Bytes("a")};
  EXPECT_LT(compare(a, b), 0);
  EXPECT_LT(compare(b, c), 0);
  EXPECT_EQ(compare(a, a), 0);
  // Long.MIN_VALUE, which no key may have, maps to Long.MAX_VALUE as in Cassandra.
  EXPECT_NE(murmur3_token(Bytes("any")), kMinToken);
}

}  // namespace
}  // namespace cairn::testing
