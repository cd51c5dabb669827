// Reading one commitlog segment back for replay: every intact record in order, and a
// verdict on where and why reading stopped.
//
// A damaged record is a torn tail -- the expected leftover of a crash in the middle of
// an append -- only in the newest segment and only when nothing follows it: the record
// runs past the end of the file, or every byte after it is zero. Anything else is
// corruption, reported with the file and the record's offset.
//
// Thread safety: a free function over bytes; no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/bytes.h"
#include "common/status.h"
#include "model/replay_position.h"

namespace cairn {

struct SegmentReadResult {
  uint64_t records = 0;
  bool torn_tail = false;
  // OK when the segment was read to its end or to a torn tail. Otherwise Corruption
  // naming the file and offset; records before the damage were applied.
  Status damage;
};

// `apply` errors stop the read and are returned as is (not as damage).
Status read_segment(const std::string& path, BytesView data, uint64_t expected_id, bool newest,
                    const std::function<Status(ReplayPosition, BytesView)>& apply,
                    SegmentReadResult* result);

}  // namespace cairn
