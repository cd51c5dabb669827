// Encoding of integers and length-prefixed bytes into buffers, and checked decoding.
//
// Fixed-width integers are big-endian (network order), as in Cassandra's formats.
// Varints are unsigned LEB128 (7 bits per byte, low group first, at most 10 bytes);
// signed values are zigzag-encoded first.
//
// BufferReader never reads past its end: every get_* returns false on a short or
// malformed input, leaving the reader in an unspecified position. Callers turn that
// into a Corruption Status that names the file/frame and offset (see offset()).
#pragma once

#include <cstdint>
#include <cstring>

#include "common/bytes.h"

namespace cairn {

inline void put_u8(Bytes* out, uint8_t v) { out->push_back(static_cast<char>(v)); }
void put_u16(Bytes* out, uint16_t v);
void put_u32(Bytes* out, uint32_t v);
void put_u64(Bytes* out, uint64_t v);
inline void put_i32(Bytes* out, int32_t v) { put_u32(out, static_cast<uint32_t>(v)); }
inline void put_i64(Bytes* out, int64_t v) { put_u64(out, static_cast<uint64_t>(v)); }
void put_varint(Bytes* out, uint64_t v);
inline uint64_t zigzag_encode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t zigzag_decode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
inline void put_signed_varint(Bytes* out, int64_t v) { put_varint(out, zigzag_encode(v)); }
// A varint length followed by the bytes.
void put_length_prefixed(Bytes* out, BytesView data);

// Decode fixed-width big-endian values from raw memory the caller knows is long enough.
uint16_t load_u16(const char* p);
uint32_t load_u32(const char* p);
uint64_t load_u64(const char* p);
void store_u32(char* p, uint32_t v);

// Bytes a varint of `v` takes.
int varint_length(uint64_t v);

class BufferReader {
 public:
  explicit BufferReader(BytesView data) : data_(data) {}

  [[nodiscard]] bool get_u8(uint8_t* v);
  [[nodiscard]] bool get_u16(uint16_t* v);
  [[nodiscard]] bool get_u32(uint32_t* v);
  [[nodiscard]] bool get_u64(uint64_t* v);
  [[nodiscard]] bool get_i32(int32_t* v);
  [[nodiscard]] bool get_i64(int64_t* v);
  [[nodiscard]] bool get_varint(uint64_t* v) {
    // One-byte varints (lengths, counts, small numbers) are the common case: inline.
    if (pos_ < data_.size() && static_cast<unsigned char>(data_[pos_]) < 0x80) {
      *v = static_cast<unsigned char>(data_[pos_++]);
      return true;
    }
    return get_long_varint(v);
  }
  [[nodiscard]] bool get_signed_varint(int64_t* v);
  // Borrows `n` bytes from the underlying buffer.
  [[nodiscard]] bool get_bytes(size_t n, BytesView* v);
  [[nodiscard]] bool get_length_prefixed(BytesView* v);
  [[nodiscard]] bool skip(size_t n);

  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  BytesView rest() const { return data_.substr(pos_); }

 private:
  bool get_long_varint(uint64_t* v);

  BytesView data_;
  size_t pos_ = 0;
};

}  // namespace cairn
