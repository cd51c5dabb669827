// From a merged partition to what a read returns (see read_result.h).
#include "storage/read_result.h"

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

}  // namespace cairn
