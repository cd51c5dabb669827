// Size-tiered compaction (Cassandra's SizeTieredCompactionStrategy, the default):
// sstables of similar size are grouped into buckets, and a bucket holding at least
// min_threshold of them is merged into one, so each row is rewritten about log(N)
// times over a table's life.
//
// Options use Cassandra's names in the table's `compaction` map: min_threshold (4),
// max_threshold (32), bucket_low (0.5), bucket_high (1.5), min_sstable_size (50 MiB,
// in bytes). An sstable belongs to a bucket when its size is within
// [bucket_low, bucket_high] times the bucket's average; all sstables below
// min_sstable_size share one bucket.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace cairn {

struct SizeTieredOptions {
  size_t min_threshold = 4;
  size_t max_threshold = 32;
  double bucket_low = 0.5;
  double bucket_high = 1.5;
  uint64_t min_sstable_size = 50ull << 20;

  // From a table's compaction options; InvalidArgument naming a bad key or value.
  static Result<SizeTieredOptions> parse(const std::map<std::string, std::string>& options);
};

// Indices (into `sizes`) of the sstables to compact next, or empty when no bucket has
// min_threshold members. Among eligible buckets the one with the smallest average
// size wins (cheapest, and it keeps the sstable count down fastest); at most
// max_threshold of its smallest members are taken.
std::vector<size_t> pick_size_tiered(const std::vector<uint64_t>& sizes,
                                     const SizeTieredOptions& options);

}  // namespace cairn
