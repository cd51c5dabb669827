// Time-window compaction (Cassandra's TimeWindowCompactionStrategy), for TTL'd,
// time-ordered data such as chat transcripts and call-recording metadata.
//
// Sstables are grouped into windows by their newest write (max timestamp). The
// current window is compacted size-tiered; each older window is compacted into a
// single sstable and then left alone, so once its data has expired the whole sstable
// is dropped without being rewritten (see compaction_strategy.h, fully expired).
//
// Options, Cassandra's names in the table's `compaction` map:
// compaction_window_unit (MINUTES, HOURS or DAYS; default DAYS), compaction_window_size
// (default 1), min_threshold (4), max_threshold (32).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace cairn {

struct TimeWindowOptions {
  int64_t window_micros = 86'400'000'000;
  size_t min_threshold = 4;
  size_t max_threshold = 32;

  static Result<TimeWindowOptions> parse(const std::map<std::string, std::string>& options);
};

struct WindowedSSTable {
  int64_t max_timestamp = 0;  // microseconds
  uint64_t size = 0;
};

// Indices of the sstables to compact next, or empty. The newest window first: its
// sstables size-tiered (min_threshold of similar size); then the newest older window
// holding two or more sstables, all of them (at most max_threshold).
std::vector<size_t> pick_time_window(const std::vector<WindowedSSTable>& sstables,
                                     int64_t now_micros, const TimeWindowOptions& options);

}  // namespace cairn
