// Internal helpers shared by the files that implement model/types.h: Cassandra's vint
// encoding (used by the duration type), splitting serialized collections, and varint
// to decimal text. Not part of the model's API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/coding.h"
#include "model/types.h"

namespace cairn {

// Cassandra's unsigned vint (org.apache.cassandra.utils.vint.VIntCoding): the count of
// leading 1 bits of the first byte is the number of extra bytes; the value follows
// big-endian. Signed values are zigzag-encoded first. 1 to 9 bytes.
void put_cql_vint(Bytes* out, uint64_t v);
[[nodiscard]] bool get_cql_vint(BufferReader* in, uint64_t* v);
inline void put_cql_signed_vint(Bytes* out, int64_t v) { put_cql_vint(out, zigzag_encode(v)); }
[[nodiscard]] inline bool get_cql_signed_vint(BufferReader* in, int64_t* v) {
  uint64_t u;
  if (!get_cql_vint(in, &u)) return false;
  *v = zigzag_decode(u);
  return true;
}

// The [i32 length][bytes] parts of a frozen list, set, map (keys and values
// alternating) or tuple (nullopt for a null component). False if malformed.
bool split_elements(TypeKind kind, BytesView v, std::vector<std::optional<BytesView>>* out);

// Decimal digits of the magnitude of a two's-complement big-endian integer.
std::string varint_to_decimal(BytesView v, bool* negative);

}  // namespace cairn
