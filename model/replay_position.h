// ReplayPosition: a point in the commitlog (segment id, byte offset in the segment).
// Sstables record the highest position they cover, so replay can skip what is flushed.
#pragma once

#include <cstdint>
#include <tuple>

namespace cairn {

struct ReplayPosition {
  uint64_t segment_id = 0;
  uint32_t offset = 0;

  friend bool operator==(const ReplayPosition&, const ReplayPosition&) = default;
  friend bool operator<(const ReplayPosition& a, const ReplayPosition& b) {
    return std::tie(a.segment_id, a.offset) < std::tie(b.segment_id, b.offset);
  }
  friend bool operator<=(const ReplayPosition& a, const ReplayPosition& b) { return !(b < a); }
};

}  // namespace cairn
