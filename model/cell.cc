#include "model/cell.h"

namespace cairn {

Cell Cell::expiring(int64_t timestamp, int32_t ttl, int32_t now_seconds, Bytes value) {
  // Saturate rather than overflow: a TTL is at most 20 years (checked by callers), but
  // the clock is not ours to trust.
  int64_t expires = static_cast<int64_t>(now_seconds) + ttl;
  if (expires >= kNoDeletionTime) expires = kNoDeletionTime - 1;
  return Cell{timestamp, ttl, static_cast<int32_t>(expires), std::move(value)};
}

namespace {

// Tombstone 2, expiring 1, live 0: the order in which they win timestamp ties.
int deadness(const Cell& c) {
  if (c.is_tombstone()) return 2;
  return c.is_expiring() ? 1 : 0;
}

}  // namespace

bool cell_wins(const Cell& a, const Cell& b) {
  if (a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
  int da = deadness(a), db = deadness(b);
  if (da != db) return da > db;
  if (a.local_deletion_time != b.local_deletion_time) {
    return a.local_deletion_time > b.local_deletion_time;
  }
  return compare_bytes(a.value, b.value) >= 0;
}

void LivenessInfo::merge(const LivenessInfo& other) {
  if (other.timestamp > timestamp) {
    *this = other;
  } else if (other.timestamp == timestamp) {
    // Prefer the one that lives longer: no TTL beats a TTL, a later expiry beats an earlier.
    bool this_forever = ttl == kNoTtl, other_forever = other.ttl == kNoTtl;
    if (other_forever && !this_forever) {
      *this = other;
    } else if (!other_forever && !this_forever &&
               other.local_deletion_time > local_deletion_time) {
      *this = other;
    }
  }
}

}  // namespace cairn
