// Memtable: a table's recent writes in memory, sorted by partition key, until they
// are flushed to an sstable.
//
// Its memory is accounted (an estimate of heap bytes) so the table knows when to
// flush. A memtable covers the commitlog records in [lower_bound, upper_bound): the
// bounds are set when it is created and when it is switched out (see WriteBarrier).
//
// Thread safety: apply() and the readers may run concurrently (a shared mutex; a
// later version removes the writer lock). partitions() is for the flush, which runs
// only after the memtable was switched out and no write can reach it.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "model/partition.h"
#include "model/partition_range.h"
#include "model/replay_position.h"

namespace cairn {

class Memtable {
 public:
  Memtable(ClusteringComparatorRef comparator, ReplayPosition lower_bound)
      : comparator_(std::move(comparator)), lower_bound_(lower_bound) {}
  // The hash index points into the map's nodes: a copy would point into another's.
  Memtable(const Memtable&) = delete;
  Memtable& operator=(const Memtable&) = delete;

  void apply(const Partition& update);

  // The part of `key`'s partition inside `slices`, or nullopt if the key is absent.
  std::optional<Partition> read(const DecoratedKey& key,
                                const std::vector<ClusteringSlice>& slices) const;
  // The header and only the first `n` rows of `slice` (the last `n` when `reversed`),
  // as SSTableReader::read_first: copies no other row.
  std::optional<Partition> read_first(const DecoratedKey& key, const ClusteringSlice& slice,
                                      size_t n, bool reversed) const;
  void collect_keys(const PartitionRange& range, size_t limit,
                    std::vector<DecoratedKey>* out) const;

  size_t memory_bytes() const { return memory_bytes_.load(std::memory_order_relaxed); }
  // The smallest timestamp written here (INT64_MAX when empty): compaction may purge a
  // tombstone only if it is older than everything a memtable could still flush.
  int64_t min_timestamp() const { return min_timestamp_.load(std::memory_order_relaxed); }
  bool empty() const;
  size_t partition_count() const;

  ReplayPosition lower_bound() const { return lower_bound_; }
  ReplayPosition upper_bound() const { return upper_bound_; }
  void set_upper_bound(ReplayPosition p) { upper_bound_ = p; }

  // REQUIRES: no write can reach this memtable any more.
  const std::map<DecoratedKey, Partition>& partitions() const { return partitions_; }

 private:
  ClusteringComparatorRef comparator_;
  ReplayPosition lower_bound_;
  ReplayPosition upper_bound_;
  // Hashes a key by its token (already a Murmur3 hash) and compares it whole.
  struct KeyHash {
    size_t operator()(const DecoratedKey* k) const { return static_cast<size_t>(k->token); }
  };
  struct KeyEqual {
    bool operator()(const DecoratedKey* a, const DecoratedKey* b) const {
      return a->token == b->token && a->key == b->key;
    }
  };
  // Finds a partition by key in one hash probe, where the sorted map takes a dozen or
  // more dependent cache misses (a point read or write of a large memtable). Keys point
  // into partitions_' nodes, which never move.
  Partition* find_locked(const DecoratedKey& key) const;

  mutable std::shared_mutex mu_;
  std::map<DecoratedKey, Partition> partitions_;  // sorted: flushes and range reads
  std::unordered_map<const DecoratedKey*, Partition*, KeyHash, KeyEqual> by_key_;
  std::atomic<size_t> memory_bytes_{0};
  std::atomic<int64_t> min_timestamp_{INT64_MAX};
};

}  // namespace cairn
