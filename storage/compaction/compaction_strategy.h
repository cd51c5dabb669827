// Which compaction a table asked for (its `compaction` option map), what to compact
// next, and which sstables can simply be dropped because everything in them expired.
//
// Strategies, by Cassandra's class names (short, or with the
// org.apache.cassandra.db.compaction. prefix): SizeTieredCompactionStrategy (default,
// size_tiered.h), TimeWindowCompactionStrategy (time_window.h) and
// LeveledCompactionStrategy (leveled.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/token.h"

namespace cairn {

enum class CompactionStrategyKind { kSizeTiered, kTimeWindow, kLeveled };

// The strategy a table's compaction options name, after checking its options.
Result<CompactionStrategyKind> parse_compaction_strategy(
    const std::map<std::string, std::string>& options);

struct CompactionCandidate {
  uint64_t size = 0;
  int64_t min_timestamp = 0;
  int64_t max_timestamp = 0;
  int32_t max_local_deletion_time = 0;
  Token min_token = 0;
  Token max_token = 0;
  uint32_t level = 0;
};

struct CompactionPick {
  std::vector<size_t> inputs;  // empty: nothing to do
  uint32_t output_level = 0;
  uint64_t max_output_bytes = 0;  // 0: one output
};

// What the table's strategy compacts next.
CompactionPick pick_compaction(const std::map<std::string, std::string>& options,
                               const std::vector<CompactionCandidate>& sstables,
                               int64_t now_micros);
// How a major compaction of every sstable writes its output: one sstable, or (leveled)
// sstables of sstable_size_in_mb in level 1.
CompactionPick major_compaction_target(const std::map<std::string, std::string>& options);

// Single-sstable tombstone compaction: the index of the sstable whose `droppable`
// share (estimated droppable tombstones at gc_before) is highest and above the
// table's tombstone_threshold (default 0.2), and whose token range no other sstable
// overlaps (so its tombstones can actually be purged); SIZE_MAX if none.
size_t pick_tombstone_compaction(const std::map<std::string, std::string>& options,
                                 const std::vector<CompactionCandidate>& sstables,
                                 const std::vector<double>& droppable);

// Cassandra's fully expired sstables: everything in them expired or was deleted before
// `gc_before` (max local deletion time < gc_before), and nothing they could shadow is
// older than them elsewhere — no overlapping sstable that stays, and no memtable, has
// data older than their newest write. They can be deleted without being read.
std::vector<size_t> fully_expired(const std::vector<CompactionCandidate>& sstables,
                                  int32_t gc_before, int64_t memtable_min_timestamp);

}  // namespace cairn
