#include "common/checksum.h"

#include <xxhash.h>

#include <cassert>

namespace cairn {

uint32_t checksum32(BytesView data) {
  return static_cast<uint32_t>(XXH3_64bits(data.data(), data.size()));
}

Checksum32Builder::Checksum32Builder() : state_(XXH3_createState()) {
  assert(state_ != nullptr);
  XXH3_64bits_reset(static_cast<XXH3_state_t*>(state_));
}

Checksum32Builder::~Checksum32Builder() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }

void Checksum32Builder::update(BytesView data) {
  XXH3_64bits_update(static_cast<XXH3_state_t*>(state_), data.data(), data.size());
}

uint32_t Checksum32Builder::digest() const {
  return static_cast<uint32_t>(XXH3_64bits_digest(static_cast<XXH3_state_t*>(state_)));
}

}  // namespace cairn
