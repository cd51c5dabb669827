// Cells, deletion times and row liveness: the atoms of Cassandra's data model, and
// reconciliation between two versions of the same cell (last write wins).
//
// Times: write timestamps are microseconds since the epoch (client- or server-chosen);
// TTLs and local deletion times are seconds since the epoch, as in Cassandra.
#pragma once

#include <cstdint>
#include <limits>

#include "common/bytes.h"

namespace cairn {

constexpr int64_t kNoTimestamp = std::numeric_limits<int64_t>::min();
constexpr int32_t kNoDeletionTime = std::numeric_limits<int32_t>::max();
constexpr int32_t kNoTtl = 0;

// When something was deleted: data with a timestamp <= marked_for_delete_at is shadowed.
// local_deletion_time (seconds) is when the deletion happened on this node, which starts
// the gc_grace_seconds clock for purging the tombstone.
struct DeletionTime {
  int64_t marked_for_delete_at = kNoTimestamp;
  int32_t local_deletion_time = kNoDeletionTime;

  bool is_live() const { return marked_for_delete_at == kNoTimestamp; }
  bool deletes(int64_t timestamp) const { return timestamp <= marked_for_delete_at; }
  // The later of two deletions wins; on equal timestamps the later local time.
  bool supersedes(const DeletionTime& other) const {
    return marked_for_delete_at > other.marked_for_delete_at ||
           (marked_for_delete_at == other.marked_for_delete_at &&
            local_deletion_time > other.local_deletion_time);
  }
  void merge(const DeletionTime& other) {
    if (other.supersedes(*this)) *this = other;
  }
  friend bool operator==(const DeletionTime&, const DeletionTime&) = default;
};

// A cell: one column's value in one row (or one element of a non-frozen collection).
// Three kinds, derived from ttl and local_deletion_time as in Cassandra:
//  - live:      ttl == 0, local_deletion_time == kNoDeletionTime
//  - expiring:  ttl > 0,  local_deletion_time == write time + ttl (it expires then)
//  - tombstone: ttl == 0, local_deletion_time == deletion time; value is empty
struct Cell {
  int64_t timestamp = kNoTimestamp;
  int32_t ttl = kNoTtl;
  int32_t local_deletion_time = kNoDeletionTime;
  Bytes value;

  static Cell live(int64_t timestamp, Bytes value) {
    return Cell{timestamp, kNoTtl, kNoDeletionTime, std::move(value)};
  }
  static Cell expiring(int64_t timestamp, int32_t ttl, int32_t now_seconds, Bytes value);
  static Cell tombstone(int64_t timestamp, int32_t now_seconds) {
    return Cell{timestamp, kNoTtl, now_seconds, Bytes()};
  }

  bool is_tombstone() const { return ttl == kNoTtl && local_deletion_time != kNoDeletionTime; }
  bool is_expiring() const { return ttl != kNoTtl; }
  // Live at `now_seconds`: not a tombstone and not past its expiry.
  bool is_live(int32_t now_seconds) const {
    return local_deletion_time == kNoDeletionTime ||
           (is_expiring() && now_seconds < local_deletion_time);
  }
  friend bool operator==(const Cell&, const Cell&) = default;
};

// Which of two versions of one cell survives (DESIGN.md §2), deterministically and
// independent of the current time, so every replica converges:
//  1. the greater timestamp;
//  2. on equal timestamps a tombstone, then an expiring cell, over a live one;
//  3. then the greater local deletion time;
//  4. then the greater value (unsigned bytes).
// Returns true when `a` wins over `b` (ties of identical cells: a).
bool cell_wins(const Cell& a, const Cell& b);

inline const Cell& reconcile(const Cell& a, const Cell& b) { return cell_wins(a, b) ? a : b; }

// A row's primary-key liveness (the "row marker" INSERT writes and UPDATE does not):
// a row with a live marker exists even when all its regular cells are null.
struct LivenessInfo {
  int64_t timestamp = kNoTimestamp;
  int32_t ttl = kNoTtl;
  int32_t local_deletion_time = kNoDeletionTime;

  bool empty() const { return timestamp == kNoTimestamp; }
  bool is_live(int32_t now_seconds) const {
    return !empty() && (ttl == kNoTtl || now_seconds < local_deletion_time);
  }
  // Greater timestamp wins; on a tie the one expiring later (or not at all).
  void merge(const LivenessInfo& other);
  friend bool operator==(const LivenessInfo&, const LivenessInfo&) = default;
};

}  // namespace cairn
