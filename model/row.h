// Rows and the data of their columns, with merging by reconciliation.
//
// A Row holds what one write or one sstable knows about one clustering: its
// primary-key liveness (row marker), a row deletion, and per column either one cell
// (simple column) or many cells keyed by path plus a collection-wide deletion
// (non-frozen collection). Rows are plain values, merged with merge(); what is
// visible to a read at a given time is computed by Partition::live_view().
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "model/cell.h"
#include "model/clustering.h"

namespace cairn {

// A column's stable id within its table (assigned at creation, never reused).
using ColumnId = uint32_t;

struct ColumnData {
  // For non-frozen collections: deletes every element written at or before it
  // (overwriting a whole collection writes one).
  DeletionTime complex_deletion;
  // Sorted by path (unsigned bytes), paths unique. A simple column has one cell with
  // an empty path.
  std::vector<std::pair<Bytes, Cell>> cells;

  // Adds or reconciles one cell.
  void apply(Bytes path, Cell cell);
  void merge(const ColumnData& other);
  const Cell* simple_cell() const { return cells.empty() ? nullptr : &cells.front().second; }
  friend bool operator==(const ColumnData&, const ColumnData&) = default;
};

struct Row {
  Clustering clustering;
  LivenessInfo liveness;
  DeletionTime deletion;
  std::map<ColumnId, ColumnData> columns;

  bool empty() const { return liveness.empty() && deletion.is_live() && columns.empty(); }
  void merge(const Row& other);
  // A rough count of heap bytes, for memtable accounting.
  size_t memory_bytes() const;
  friend bool operator==(const Row&, const Row&) = default;
};

}  // namespace cairn
