// BloomFilter: answers "certainly absent" for partition keys an sstable does not hold.
//
// Hashing follows Cassandra's scheme: the two 64-bit halves h1, h2 of
// MurmurHash3_x64_128 of the serialized key give the k bit positions
// (h1 + i * h2) mod m for i in [0, k). Sizing picks m and k for a target false-positive
// chance. The serialized form (inside the Filter component) is documented in
// docs/formats/sstable-ca.md.
//
// Thread safety: immutable after construction or decode; may be read concurrently.
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn {

class BloomFilter {
 public:
  // A filter sized for `expected_keys` at `fp_chance` (clamped to [1e-6, 1]). fp_chance
  // 1.0 gives an empty filter that answers "maybe" for every key.
  BloomFilter(uint64_t expected_keys, double fp_chance);

  void add(BytesView key);
  bool may_contain(BytesView key) const;

  uint64_t bit_count() const { return bits_.size() * 64; }
  uint32_t hash_count() const { return hash_count_; }

  // u32 hash count, u64 word count, the words (big-endian u64 each).
  void encode(Bytes* out) const;
  // Corruption naming the problem when `data` is not a well-formed filter.
  static Result<BloomFilter> decode(BytesView data);

 private:
  BloomFilter() = default;
  uint32_t hash_count_ = 0;
  std::vector<uint64_t> bits_;
};

}  // namespace cairn
