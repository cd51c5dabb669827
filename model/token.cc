#include "model/token.h"

#include <algorithm>

#include "common/coding.h"

namespace cairn {
namespace {

inline uint64_t rotl64(uint64_t v, int n) { return (v << n) | (v >> (64 - n)); }

inline uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

inline uint64_t block(const unsigned char* p) {  // little endian, as getblock() reads it
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A tail byte as Java's `(long) key.get(i)`: the signed byte, sign-extended. This is
// where Cassandra's MurmurHash differs from the reference implementation.
inline uint64_t tail_byte(const unsigned char* p, int i) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<signed char>(p[i])));
}

}  // namespace

void murmur3_x64_128(BytesView data, uint64_t seed, int64_t out[2]) {
  constexpr uint64_t c1 = 0x87c37b91114253d5ull;
  constexpr uint64_t c2 = 0x4cf5ad432745937full;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const size_t length = data.size();
  const size_t nblocks = length >> 4;
  uint64_t h1 = seed, h2 = seed;
  for (size_t i = 0; i < nblocks; ++i) {
    uint64_t k1 = block(p + i * 16), k2 = block(p + i * 16 + 8);
    k1 *= c1;
    k1 = rotl64(k1, 31);
    k1 *= c2;
    h1 ^= k1;
    h1 = rotl64(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= c2;
    k2 = rotl64(k2, 33);
    k2 *= c1;
    h2 ^= k2;
    h2 = rotl64(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  const unsigned char* tail = p + nblocks * 16;
  uint64_t k1 = 0, k2 = 0;
  const int rest = static_cast<int>(length & 15);
  for (int i = rest - 1; i >= 8; --i) k2 ^= tail_byte(tail, i) << ((i - 8) * 8);
  if (rest > 8) {
    k2 *= c2;
    k2 = rotl64(k2, 33);
    k2 *= c1;
    h2 ^= k2;
  }
  for (int i = std::min(rest, 8) - 1; i >= 0; --i) k1 ^= tail_byte(tail, i) << (i * 8);
  if (rest > 0) {
    k1 *= c1;
    k1 = rotl64(k1, 31);
    k1 *= c2;
    h1 ^= k1;
  }
  h1 ^= length;
  h2 ^= length;
  h1 += h2;
  h2 += h1;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 += h2;
  h2 += h1;
  out[0] = static_cast<int64_t>(h1);
  out[1] = static_cast<int64_t>(h2);
}

Token murmur3_token(BytesView serialized_key) {
  int64_t hash[2];
  murmur3_x64_128(serialized_key, 0, hash);
  return hash[0] == kMinToken ? kMaxToken : hash[0];
}

Result<Bytes> serialize_partition_key(const std::vector<Bytes>& components) {
  if (components.size() == 1) return components[0];
  Bytes out;
  for (const auto& c : components) {
    if (c.size() > 0xffff) {
      return Status::invalid_argument("a component of a composite partition key is " +
                                      std::to_string(c.size()) +
                                      " bytes long; the limit is 65535");
    }
    put_u16(&out, static_cast<uint16_t>(c.size()));
    out += c;
    out.push_back('\0');
  }
  return out;
}

Result<std::vector<Bytes>> split_partition_key(BytesView serialized, size_t count) {
  if (count == 1) return std::vector<Bytes>{Bytes(serialized)};
  std::vector<Bytes> out;
  BufferReader in(serialized);
  for (size_t i = 0; i < count; ++i) {
    uint16_t length;
    BytesView value;
    uint8_t end;
    if (!in.get_u16(&length) || !in.get_bytes(length, &value) || !in.get_u8(&end) || end != 0) {
      return Status::corruption("malformed composite partition key at offset " +
                                std::to_string(in.offset()) + " (component " + std::to_string(i) +
                                ")");
    }
    out.emplace_back(value);
  }
  if (!in.at_end()) return Status::corruption("trailing bytes after composite partition key");
  return out;
}

int compare(const DecoratedKey& a, const DecoratedKey& b) {
  if (a.token != b.token) return a.token < b.token ? -1 : 1;
  return compare_bytes(a.key, b.key);
}

}  // namespace cairn
