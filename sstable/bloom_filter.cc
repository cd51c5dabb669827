#include "sstable/bloom_filter.h"

#include <algorithm>
#include <cmath>

#include "common/coding.h"
#include "model/token.h"

namespace cairn {

namespace {
// Limits that keep a damaged Filter component from asking for absurd allocations.
constexpr uint32_t kMaxHashCount = 32;
constexpr uint64_t kMaxWords = uint64_t{1} << 32;  // 32 GiB of bits
}  // namespace

BloomFilter::BloomFilter(uint64_t expected_keys, double fp_chance) {
  fp_chance = std::clamp(fp_chance, 1e-6, 1.0);
  if (fp_chance >= 1.0) return;  // no filter: every lookup says "maybe"
  const double n = static_cast<double>(std::max<uint64_t>(expected_keys, 1));
  const double ln2 = std::log(2.0);
  const double bits = std::ceil(-n * std::log(fp_chance) / (ln2 * ln2));
  const uint64_t words = std::max<uint64_t>(1, static_cast<uint64_t>(bits + 63) / 64);
  bits_.assign(words, 0);
  const double k = std::round(static_cast<double>(words * 64) / n * ln2);
  hash_count_ = static_cast<uint32_t>(std::clamp(k, 1.0, static_cast<double>(kMaxHashCount)));
}

void BloomFilter::add(BytesView key) {
  if (bits_.empty()) return;
  int64_t h[2];
  murmur3_x64_128(key, 0, h);
  const uint64_t m = bit_count();
  for (uint32_t i = 0; i < hash_count_; ++i) {
    const uint64_t bit = (static_cast<uint64_t>(h[0]) + i * static_cast<uint64_t>(h[1])) % m;
    bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
}

bool BloomFilter::may_contain(BytesView key) const {
  if (bits_.empty()) return true;
  int64_t h[2];
  murmur3_x64_128(key, 0, h);
  const uint64_t m = bit_count();
  for (uint32_t i = 0; i < hash_count_; ++i) {
    const uint64_t bit = (static_cast<uint64_t>(h[0]) + i * static_cast<uint64_t>(h[1])) % m;
    if ((bits_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) return false;
  }
  return true;
}

void BloomFilter::encode(Bytes* out) const {
  put_u32(out, hash_count_);
  put_u64(out, bits_.size());
  for (uint64_t w : bits_) put_u64(out, w);
}

Result<BloomFilter> BloomFilter::decode(BytesView data) {
  BufferReader in(data);
  BloomFilter f;
  uint64_t words = 0;
  if (!in.get_u32(&f.hash_count_) || !in.get_u64(&words)) {
    return Status::corruption("bloom filter header is truncated");
  }
  if (f.hash_count_ > kMaxHashCount || words > kMaxWords || words * 8 != in.remaining() ||
      (words == 0) != (f.hash_count_ == 0)) {
    return Status::corruption("bloom filter header is inconsistent (hash count " +
                              std::to_string(f.hash_count_) + ", words " + std::to_string(words) +
                              ", bytes left " + std::to_string(in.remaining()) + ")");
  }
  f.bits_.resize(words);
  for (uint64_t& w : f.bits_) {
    if (!in.get_u64(&w)) return Status::corruption("bloom filter bits are truncated");
  }
  return f;
}

}  // namespace cairn
