#include "sstable/stats_collector.h"

#include <algorithm>
#include <cmath>

namespace cairn {

namespace {

// Histogram buckets grow by 1.2x, like Cassandra's EstimatedHistogram: a value goes
// to the smallest bucket bound >= it.
uint64_t bucket_of(uint64_t v) {
  uint64_t bound = 1;
  while (bound < v) bound = std::max(bound + 1, static_cast<uint64_t>(std::ceil(bound * 1.2)));
  return bound;
}

constexpr size_t kMaxDropTimeBins = 100;

}  // namespace

double SSTableStats::estimated_droppable_tombstones(int32_t gc_before) const {
  if (cell_count == 0) return 0;
  uint64_t droppable = 0;
  for (const auto& [ldt, count] : tombstone_drop_times) {
    if (ldt < gc_before) droppable += count;
  }
  return static_cast<double>(droppable) / static_cast<double>(cell_count);
}

void StatsCollector::timestamp(int64_t t) {
  if (t == kNoTimestamp) return;
  stats_.min_timestamp = seen_timestamp_ ? std::min(stats_.min_timestamp, t) : t;
  stats_.max_timestamp = seen_timestamp_ ? std::max(stats_.max_timestamp, t) : t;
  seen_timestamp_ = true;
}

void StatsCollector::deletion_time(int32_t t) {
  if (t == kNoDeletionTime) {
    never_expires_ = true;  // a live cell or marker without TTL: the max is "never"
    return;
  }
  stats_.min_local_deletion_time =
      seen_deletion_time_ ? std::min(stats_.min_local_deletion_time, t) : t;
  stats_.max_local_deletion_time =
      seen_deletion_time_ ? std::max(stats_.max_local_deletion_time, t) : t;
  seen_deletion_time_ = true;
}

void StatsCollector::drop_time(int32_t ldt) {
  drop_times_[ldt - ldt % 3600] += 1;
  if (drop_times_.size() > kMaxDropTimeBins) {
    // Merge the two closest bins into the earlier one (an estimate that errs towards
    // "droppable later", never sooner than the truth by more than the gap).
    auto best = drop_times_.begin();
    int64_t best_gap = INT64_MAX;
    for (auto it = drop_times_.begin(); std::next(it) != drop_times_.end(); ++it) {
      const int64_t gap = static_cast<int64_t>(std::next(it)->first) - it->first;
      if (gap < best_gap) {
        best_gap = gap;
        best = it;
      }
    }
    auto next = std::next(best);
    next->second += best->second;
    drop_times_.erase(best);
  }
}

void StatsCollector::deletion(const DeletionTime& d) {
  ++stats_.tombstone_count;
  timestamp(d.marked_for_delete_at);
  deletion_time(d.local_deletion_time);
  drop_time(d.local_deletion_time);
}

void StatsCollector::row(const Row& r) {
  if (!r.liveness.empty()) {
    timestamp(r.liveness.timestamp);
    deletion_time(r.liveness.local_deletion_time);
  }
  if (!r.deletion.is_live()) deletion(r.deletion);
  for (const auto& [id, column] : r.columns) {
    if (!column.complex_deletion.is_live()) deletion(column.complex_deletion);
    for (const auto& [path, cell] : column.cells) {
      ++partition_cells_;
      timestamp(cell.timestamp);
      deletion_time(cell.local_deletion_time);
      if (cell.is_tombstone()) ++stats_.tombstone_count;
      if (cell.local_deletion_time != kNoDeletionTime) drop_time(cell.local_deletion_time);
    }
  }
}

void StatsCollector::begin_partition(const Partition& p) {
  SSTableStats& s = stats_;
  if (s.partition_count == 0) s.min_token = p.key().token;
  s.max_token = p.key().token;
  ++s.partition_count;
  partition_cells_ = 0;
  if (!p.deletion().is_live()) deletion(p.deletion());
  for (const RangeTombstone& rt : p.range_tombstones()) deletion(rt.deletion);
  row(p.static_row());
}

void StatsCollector::add_row(const Row& r) {
  ++stats_.row_count;
  row(r);
}

void StatsCollector::end_partition(uint64_t encoded_size) {
  stats_.cell_count += partition_cells_;
  sizes_[bucket_of(encoded_size)] += 1;
  cells_[bucket_of(partition_cells_)] += 1;
}

SSTableStats StatsCollector::finish(const std::string& version, uint64_t data_size,
                                    const ReplayPosition& upper_bound) const {
  SSTableStats s = stats_;
  s.version = version;
  if (!seen_timestamp_) s.min_timestamp = s.max_timestamp = kNoTimestamp;
  if (!seen_deletion_time_) s.min_local_deletion_time = s.max_local_deletion_time = kNoDeletionTime;
  if (never_expires_) s.max_local_deletion_time = kNoDeletionTime;
  s.data_size_bytes = data_size;
  s.commitlog_upper_bound = upper_bound;
  s.partition_size_histogram.assign(sizes_.begin(), sizes_.end());
  s.cell_count_histogram.assign(cells_.begin(), cells_.end());
  s.tombstone_drop_times.assign(drop_times_.begin(), drop_times_.end());
  return s;
}

}  // namespace cairn
