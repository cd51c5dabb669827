// Checksums for everything Cairn writes to disk or the wire of its own.
//
// checksum32 is the low 32 bits of XXH3-64 (seed 0) from libxxhash: fast, well
// distributed, and stable across releases (XXH3 is frozen since xxhash 0.8.0).
// Formats that store it say so in docs/formats/.
#pragma once

#include <cstdint>

#include "common/bytes.h"

namespace cairn {

uint32_t checksum32(BytesView data);

// Incremental form, for checksums over data that arrives in pieces.
class Checksum32Builder {
 public:
  Checksum32Builder();
  ~Checksum32Builder();
  Checksum32Builder(const Checksum32Builder&) = delete;
  Checksum32Builder& operator=(const Checksum32Builder&) = delete;

  void update(BytesView data);
  uint32_t digest() const;

 private:
  void* state_;  // XXH3_state_t*, kept opaque so xxhash.h stays out of our headers
};

}  // namespace cairn
