// Tokens, partition keys and the Murmur3 partitioner.
//
// A partition key is serialized as Cassandra serializes it: a single-column key is the
// column's value bytes; a composite key is, per component, a 2-byte big-endian length,
// the bytes, and a 0x00 end-of-component byte. Its token is Cassandra's
// Murmur3Partitioner token: the first 64 bits of MurmurHash3_x64_128 (seed 0) of
// those bytes, computed with Cassandra's signed-byte quirk, with Long.MIN_VALUE mapped
// to Long.MAX_VALUE. Drivers compute the same token for token-aware routing.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn {

using Token = int64_t;
constexpr Token kMinToken = std::numeric_limits<int64_t>::min();  // never a key's token
constexpr Token kMaxToken = std::numeric_limits<int64_t>::max();

// Cassandra's MurmurHash3_x64_128 as in org.apache.cassandra.utils.MurmurHash.hash3_x64_128
// (its tail bytes are sign-extended), returning the two 64-bit halves.
void murmur3_x64_128(BytesView data, uint64_t seed, int64_t out[2]);

// The Murmur3Partitioner token of a serialized partition key.
Token murmur3_token(BytesView serialized_key);

// Builds the serialized form of a partition key from its component values.
// InvalidArgument if a component of a composite key is longer than 65535 bytes.
Result<Bytes> serialize_partition_key(const std::vector<Bytes>& components);
// Splits a serialized key back into `count` components; Corruption if malformed.
Result<std::vector<Bytes>> split_partition_key(BytesView serialized, size_t count);

// A partition key with its token: the unit partitions are ordered by (token, then
// the key's bytes unsigned, so distinct keys with one token still have an order).
struct DecoratedKey {
  Token token = kMinToken;
  Bytes key;

  static DecoratedKey of(Bytes serialized_key) {
    Token t = murmur3_token(serialized_key);
    return DecoratedKey{t, std::move(serialized_key)};
  }
};

int compare(const DecoratedKey& a, const DecoratedKey& b);
inline bool operator<(const DecoratedKey& a, const DecoratedKey& b) { return compare(a, b) < 0; }
inline bool operator==(const DecoratedKey& a, const DecoratedKey& b) {
  return a.token == b.token && a.key == b.key;
}

}  // namespace cairn
