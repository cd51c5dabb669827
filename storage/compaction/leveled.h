// Leveled compaction (Cassandra's LeveledCompactionStrategy), for read-heavy tables:
// flushes land in level 0; from level 1 on, each level is a set of non-overlapping
// sstables of about sstable_size_in_mb (160), and level L holds at most
// fanout_size^L (10^L) times that. So a partition lives in at most one sstable per
// level and a read touches few sstables.
//
// What to compact next:
//  - level 0 holding 4 or more sstables: all of them (at most 32) with every level-1
//    sstable they overlap, into level 1;
//  - otherwise the lowest level L >= 1 over its size limit: its sstable with the
//    smallest first token, with every level-(L+1) sstable it overlaps, into L+1.
// Outputs are split at sstable_size_in_mb so each level stays non-overlapping.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/token.h"

namespace cairn {

struct LeveledOptions {
  uint64_t sstable_size_bytes = 160ull << 20;
  uint64_t fanout = 10;

  // sstable_size_in_mb (may be fractional, which tests use), fanout_size.
  static Result<LeveledOptions> parse(const std::map<std::string, std::string>& options);
};

struct LeveledSSTable {
  uint32_t level = 0;
  uint64_t size = 0;
  Token min_token = 0;
  Token max_token = 0;
};

struct LeveledPick {
  std::vector<size_t> inputs;
  uint32_t output_level = 0;
};

LeveledPick pick_leveled(const std::vector<LeveledSSTable>& sstables, const LeveledOptions& options);

}  // namespace cairn
