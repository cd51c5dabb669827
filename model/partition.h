// Partition: everything one source (a write, a memtable, an sstable) knows about one
// partition, and the operations the read path needs: merge, slice, and the live view.
//
// A Partition holds a partition deletion, range tombstones, a static row and the rows
// ordered by the table's ClusteringComparator. Merging two Partitions reconciles
// cell by cell (model/cell.h) and keeps every tombstone; live_view() then applies the
// tombstones and expiry at a given time and drops what is not visible, which is what
// a read returns.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "model/clustering.h"
#include "model/row.h"
#include "model/token.h"

namespace cairn {

struct RangeTombstone {
  ClusteringSlice range;
  DeletionTime deletion;
  friend bool operator==(const RangeTombstone&, const RangeTombstone&) = default;
};

class Partition {
 public:
  using RowMap = std::map<Clustering, Row, ClusteringLess>;

  Partition(ClusteringComparatorRef comparator, DecoratedKey key);

  const DecoratedKey& key() const { return key_; }
  const ClusteringComparatorRef& comparator() const { return comparator_; }

  const DeletionTime& deletion() const { return deletion_; }
  const std::vector<RangeTombstone>& range_tombstones() const { return range_tombstones_; }
  const Row& static_row() const { return static_row_; }
  const RowMap& rows() const { return rows_; }

  void delete_partition(const DeletionTime& deletion) { deletion_.merge(deletion); }
  void add_range_tombstone(RangeTombstone rt);
  // Merges `row` into the row with the same clustering.
  void apply_row(Row row);
  void apply_static(const Row& row) { static_row_.merge(row); }
  // Merges everything `other` holds. REQUIRES: same key and comparator.
  void apply(const Partition& other);

  // No deletion, no tombstones, no data.
  bool empty() const;
  size_t row_count() const { return rows_.size(); }
  // A rough count of heap bytes, for memtable accounting.
  size_t memory_bytes() const { return memory_bytes_; }

  // A copy restricted to rows inside any of `slices` (and the range tombstones that
  // overlap them). The static row and the partition deletion are kept.
  Partition slice(const std::vector<ClusteringSlice>& slices) const;

  // What a read at `now_seconds` sees: tombstones applied and removed, expired and
  // shadowed cells dropped, rows without a live marker or cell dropped.
  Partition live_view(int32_t now_seconds) const;

  // The smallest timestamp of any cell, row marker or tombstone here; kNoTimestamp's
  // opposite, INT64_MAX, when there is none. (Compaction's purge rule uses it.)
  int64_t min_timestamp() const;

  // What compaction writes: data shadowed by a tombstone in this partition is dropped;
  // a tombstone or an expired cell whose local deletion time is before `gc_before`
  // (now - gc_grace_seconds) is purged when `can_purge(its timestamp)` says no older
  // data it could shadow remains outside this compaction; the rest is kept as is.
  // An expired cell is purged under the same rule as a tombstone: it still shadows
  // older versions of the cell elsewhere.
  Partition compacted(int32_t gc_before, const std::function<bool(int64_t)>& can_purge) const;

  // The deletion covering clustering `c` from the partition deletion and range tombstones.
  DeletionTime deletion_covering(const Clustering& c) const;

 private:
  ClusteringComparatorRef comparator_;
  DecoratedKey key_;
  DeletionTime deletion_;
  std::vector<RangeTombstone> range_tombstones_;
  Row static_row_;
  RowMap rows_;
  size_t memory_bytes_ = 0;
};

// The live part of `row` under `covering` (a deletion from above the row), at `now`.
// Returns false when nothing of the row is visible.
bool live_row(const Row& row, const DeletionTime& covering, int32_t now_seconds, Row* out);

}  // namespace cairn
