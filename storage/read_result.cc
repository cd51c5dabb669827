// From a merged partition to what a read returns (see read_result.h).
#include "storage/read_result.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace cairn {
namespace {

// Removes the cells of `schema`'s dropped columns from a live row: an id, once
// dropped, is never given to another column, so all of them are dead. Returns false
// when nothing of the row is left (as a row kept alive only by such cells).
bool hide_dropped_columns(const TableSchema& schema, Row* row) {
  for (auto it = row->columns.begin(); it != row->columns.end();) {
    it = schema.find_dropped_column(it->first) != nullptr ? row->columns.erase(it) : std::next(it);
  }
  return !row->liveness.empty() || !row->columns.empty();
}

// live_row() for a row the caller gives up: the live cells are moved, not copied, and
// the row's column map is reused. Sets every field of *out.
bool take_live_row(Row& row, const DeletionTime& covering, int32_t now_seconds, Row* out) {
  DeletionTime row_deletion = covering;
  row_deletion.merge(row.deletion);
  out->clustering = std::move(row.clustering);
  out->deletion = DeletionTime();
  out->liveness = LivenessInfo();
  if (row.liveness.is_live(now_seconds) && !row_deletion.deletes(row.liveness.timestamp)) {
    out->liveness = row.liveness;
  }
  out->columns = std::move(row.columns);
  for (auto it = out->columns.begin(); it != out->columns.end();) {
    ColumnData& data = it->second;
    DeletionTime column_deletion = row_deletion;
    column_deletion.merge(data.complex_deletion);
    data.complex_deletion = DeletionTime();
    std::erase_if(data.cells, [&](const std::pair<Bytes, Cell>& c) {
      return column_deletion.deletes(c.second.timestamp) || !c.second.is_live(now_seconds);
    });
    it = data.cells.empty() ? out->columns.erase(it) : std::next(it);
  }
  return !out->liveness.empty() || !out->columns.empty();
}

}  // namespace

ReadPartition to_read_partition(const TableSchema& schema, const Partition& live, bool reversed,
                                size_t row_limit) {
  const bool hide = !schema.dropped_columns().empty();
  ReadPartition out{live.key(), {}, {}};
  Row static_row = live.static_row();
  if (!hide || hide_dropped_columns(schema, &static_row)) out.static_row = std::move(static_row);
  auto take = [&](auto begin, auto end) {
    for (auto it = begin; it != end && out.rows.size() < row_limit; ++it) {
      Row row = it->second;
      if (hide && !hide_dropped_columns(schema, &row)) continue;
      out.rows.push_back(std::move(row));
    }
  };
  if (reversed) {
    take(live.rows().rbegin(), live.rows().rend());
  } else {
    take(live.rows().begin(), live.rows().end());
  }
  return out;
}

std::optional<ReadPartition> live_read(const TableSchema& schema, const Partition& merged,
                                       bool reversed, size_t row_limit, int32_t now_seconds) {
  const bool hide = !schema.dropped_columns().empty();
  ReadPartition out{merged.key(), {}, {}};
  // live_row() sets every field of its output, so one Row serves every candidate.
  Row live;
  if (!merged.static_row().empty() &&
      live_row(merged.static_row(), merged.deletion(), now_seconds, &live) &&
      (!hide || hide_dropped_columns(schema, &live))) {
    out.static_row = std::move(live);
    live = Row();
  }
  auto take = [&](auto begin, auto end) {
    for (auto it = begin; it != end && out.rows.size() < row_limit; ++it) {
      if (!live_row(it->second, merged.deletion_covering(it->first), now_seconds, &live)) continue;
      if (hide && !hide_dropped_columns(schema, &live)) continue;
      out.rows.push_back(std::move(live));
      live = Row();
    }
  };
  if (reversed) {
    take(merged.rows().rbegin(), merged.rows().rend());
  } else {
    take(merged.rows().begin(), merged.rows().end());
  }
  if (out.rows.empty() && out.static_row.empty()) return std::nullopt;
  return out;
}

Result<std::optional<ReadPartition>> read_one_sstable(const TableSchema& schema,
                                                      const SSTableReader& sstable,
                                                      const DecoratedKey& key,
                                                      const ClusteringSlice& slice, bool reversed,
                                                      size_t row_limit, int32_t now_seconds) {
  const bool hide = !schema.dropped_columns().empty();
  std::optional<Partition> header;
  ReadPartition out{key, {}, {}};
  if (row_limit <= 1024) out.rows.reserve(row_limit);  // a LIMIT-ed slice: one allocation
  Row live;
  auto on_head = [&](Partition&& h) {
    header.emplace(std::move(h));
    if (!header->static_row().empty() &&
        live_row(header->static_row(), header->deletion(), now_seconds, &live) &&
        (!hide || hide_dropped_columns(schema, &live))) {
      out.static_row = std::move(live);
      live = Row();
    }
  };
  auto on_row = [&](Row& row) {
    if (out.rows.size() >= row_limit) return false;
    const DeletionTime covering = header->deletion_covering(row.clustering);
    if (take_live_row(row, covering, now_seconds, &live) &&
        (!hide || hide_dropped_columns(schema, &live))) {
      out.rows.push_back(std::move(live));
      live = Row();
    }
    return out.rows.size() < row_limit;
  };
  CAIRN_ASSIGN_OR_RETURN(bool found, sstable.visit_slice(key, slice, reversed, on_head, on_row));
  if (!found || (out.rows.empty() && out.static_row.empty())) {
    return std::optional<ReadPartition>();
  }
  return std::optional<ReadPartition>(std::move(out));
}

}  // namespace cairn
