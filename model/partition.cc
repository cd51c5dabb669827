#include "model/partition.h"

namespace cairn {

Partition::Partition(ClusteringComparatorRef comparator, DecoratedKey key)
    : comparator_(comparator), key_(std::move(key)), rows_(ClusteringLess{comparator}) {
  memory_bytes_ = sizeof(Partition) + key_.key.size();
}

void Partition::add_range_tombstone(RangeTombstone rt) {
  for (auto& existing : range_tombstones_) {
    if (existing.range == rt.range) {
      existing.deletion.merge(rt.deletion);
      return;
    }
  }
  memory_bytes_ += sizeof(RangeTombstone) + 64;
  range_tombstones_.push_back(std::move(rt));
}

void Partition::apply_row(Row row) {
  auto it = rows_.find(row.clustering);
  if (it == rows_.end()) {
    memory_bytes_ += row.memory_bytes() + 48;
    Clustering key = row.clustering;
    rows_.emplace(std::move(key), std::move(row));
    return;
  }
  size_t before = it->second.memory_bytes();
  it->second.merge(row);
  size_t after = it->second.memory_bytes();
  if (after > before) memory_bytes_ += after - before;
}

void Partition::apply(const Partition& other) {
  deletion_.merge(other.deletion_);
  for (const auto& rt : other.range_tombstones_) add_range_tombstone(rt);
  if (!other.static_row_.empty()) {
    size_t before = static_row_.memory_bytes();
    static_row_.merge(other.static_row_);
    size_t after = static_row_.memory_bytes();
    if (after > before) memory_bytes_ += after - before;
  }
  for (const auto& [clustering, row] : other.rows_) apply_row(row);
}

bool Partition::empty() const {
  return deletion_.is_live() && range_tombstones_.empty() && static_row_.empty() && rows_.empty();
}

Partition Partition::slice(const std::vector<ClusteringSlice>& slices) const {
  Partition out(comparator_, key_);
  out.deletion_ = deletion_;
  out.static_row_ = static_row_;
  for (const auto& rt : range_tombstones_) {
    for (const auto& s : slices) {
      if (comparator_->overlaps(rt.range, s)) {
        out.add_range_tombstone(rt);
        break;
      }
    }
  }
  for (const auto& s : slices) {
    // Rows are sorted, so each slice is one contiguous run found by binary search.
    // The first row >= the start prefix; rows an exclusive start excludes are skipped
    // by contains().
    auto it = rows_.lower_bound(s.start.prefix);
    for (; it != rows_.end(); ++it) {
      if (comparator_->compare(it->first, s.end) > 0) break;
      if (comparator_->contains(s, it->first)) out.apply_row(it->second);
    }
  }
  return out;
}

DeletionTime Partition::deletion_covering(const Clustering& c) const {
  DeletionTime d = deletion_;
  for (const auto& rt : range_tombstones_) {
    if (comparator_->contains(rt.range, c)) d.merge(rt.deletion);
  }
  return d;
}

bool live_row(const Row& row, const DeletionTime& covering, int32_t now_seconds, Row* out) {
  DeletionTime row_deletion = covering;
  row_deletion.merge(row.deletion);
  out->clustering = row.clustering;
  out->deletion = DeletionTime();
  out->liveness = LivenessInfo();
  out->columns.clear();
  if (row.liveness.is_live(now_seconds) && !row_deletion.deletes(row.liveness.timestamp)) {
    out->liveness = row.liveness;
  }
  for (const auto& [id, data] : row.columns) {
    DeletionTime column_deletion = row_deletion;
    column_deletion.merge(data.complex_deletion);
    ColumnData live;
    for (const auto& [path, cell] : data.cells) {
      if (column_deletion.deletes(cell.timestamp) || !cell.is_live(now_seconds)) continue;
      live.cells.emplace_back(path, cell);
    }
    if (!live.cells.empty()) out->columns.emplace(id, std::move(live));
  }
  return !out->liveness.empty() || !out->columns.empty();
}

Partition Partition::live_view(int32_t now_seconds) const {
  Partition out(comparator_, key_);
  Row live;
  if (!static_row_.empty() && live_row(static_row_, deletion_, now_seconds, &live)) {
    out.static_row_ = std::move(live);
  }
  for (const auto& [clustering, row] : rows_) {
    if (live_row(row, deletion_covering(clustering), now_seconds, &live)) {
      out.apply_row(std::move(live));
      live = Row();
    }
  }
  return out;
}

namespace {

// Compaction of one row under `covering` (the partition deletion and range tombstones
// that apply to it). Returns false when nothing of the row is left.
bool compact_row(const Row& row, const DeletionTime& covering, int32_t gc_before,
                 const std::function<bool(int64_t)>& can_purge, Row* out) {
  auto purgeable = [&](int32_t local_deletion_time, int64_t timestamp) {
    return local_deletion_time < gc_before && can_purge(timestamp);
  };
  out->clustering = row.clustering;
  out->deletion = DeletionTime();
  out->liveness = LivenessInfo();
  out->columns.clear();

  DeletionTime row_deletion = covering;
  if (row.deletion.supersedes(covering)) {
    row_deletion = row.deletion;
    if (!purgeable(row.deletion.local_deletion_time, row.deletion.marked_for_delete_at)) {
      out->deletion = row.deletion;
    }
  }
  const LivenessInfo& l = row.liveness;
  if (!l.empty() && !row_deletion.deletes(l.timestamp) &&
      !(l.ttl != kNoTtl && purgeable(l.local_deletion_time, l.timestamp))) {
    out->liveness = l;
  }
  for (const auto& [id, data] : row.columns) {
    DeletionTime column_deletion = row_deletion;
    ColumnData kept;
    if (data.complex_deletion.supersedes(row_deletion)) {
      column_deletion = data.complex_deletion;
      if (!purgeable(data.complex_deletion.local_deletion_time,
                     data.complex_deletion.marked_for_delete_at)) {
        kept.complex_deletion = data.complex_deletion;
      }
    }
    for (const auto& [path, cell] : data.cells) {
      if (column_deletion.deletes(cell.timestamp)) continue;
      if (cell.local_deletion_time != kNoDeletionTime &&
          purgeable(cell.local_deletion_time, cell.timestamp)) {
        continue;  // a tombstone, or an expired cell, past gc_grace
      }
      kept.cells.emplace_back(path, cell);
    }
    if (!kept.cells.empty() || !kept.complex_deletion.is_live()) {
      out->columns.emplace(id, std::move(kept));
    }
  }
  return !out->empty();
}

}  // namespace

namespace {

void lower_to(int64_t* min, int64_t t) {
  if (t != kNoTimestamp && t < *min) *min = t;
}

void lower_to_row(int64_t* min, const Row& row) {
  lower_to(min, row.liveness.timestamp);
  lower_to(min, row.deletion.marked_for_delete_at);
  for (const auto& [id, data] : row.columns) {
    lower_to(min, data.complex_deletion.marked_for_delete_at);
    for (const auto& [path, cell] : data.cells) lower_to(min, cell.timestamp);
  }
}

}  // namespace

int64_t Partition::min_timestamp() const {
  int64_t min = INT64_MAX;
  lower_to(&min, deletion_.marked_for_delete_at);
  for (const auto& rt : range_tombstones_) lower_to(&min, rt.deletion.marked_for_delete_at);
  lower_to_row(&min, static_row_);
  for (const auto& [clustering, row] : rows_) lower_to_row(&min, row);
  return min;
}

Partition Partition::compacted(int32_t gc_before,
                               const std::function<bool(int64_t)>& can_purge) const {
  Partition out(comparator_, key_);
  if (!deletion_.is_live() &&
      !(deletion_.local_deletion_time < gc_before && can_purge(deletion_.marked_for_delete_at))) {
    out.deletion_ = deletion_;
  }
  for (const auto& rt : range_tombstones_) {
    if (!rt.deletion.supersedes(deletion_)) continue;  // the partition deletion covers it
    if (rt.deletion.local_deletion_time < gc_before && can_purge(rt.deletion.marked_for_delete_at)) {
      continue;
    }
    out.add_range_tombstone(rt);
  }
  Row kept;
  if (!static_row_.empty() && compact_row(static_row_, deletion_, gc_before, can_purge, &kept)) {
    out.apply_static(kept);
  }
  for (const auto& [clustering, row] : rows_) {
    if (compact_row(row, deletion_covering(clustering), gc_before, can_purge, &kept)) {
      out.apply_row(std::move(kept));
      kept = Row();
    }
  }
  return out;
}

}  // namespace cairn
