// write_partition_json (partition_json.h): partitions, rows and cells as JSON.
#include "tools/cairn_sstable/partition_json.h"

#include <algorithm>
#include <string>
#include <vector>

namespace cairn::tools {
namespace {

// `value` as a CQL literal of `type`, or a hex dump when it is not valid for the type
// (to_cql_literal requires a valid value; bytes from disk are checked first).
std::string literal(const CqlType& type, BytesView value) {
  if (!type.validate(value).is_ok()) return "invalid " + type.cql_name() + " 0x" + to_hex(value);
  return type.to_cql_literal(value);
}

std::string blob_literal(BytesView value) { return "0x" + to_hex(value); }

void write_deletion(const DeletionTime& d, JsonWriter* out) {
  out->begin_object();
  out->member("marked_for_delete_at", d.marked_for_delete_at);
  out->member("local_deletion_time", d.local_deletion_time);
  out->end_object();
}

// The values of a clustering (or a bound's prefix), each as a literal of its column.
void write_clustering(const TableSchema& table, const Clustering& clustering, JsonWriter* out) {
  const auto& columns = table.clustering_key();
  out->begin_array();
  for (size_t i = 0; i < clustering.size(); ++i) {
    out->string(i < columns.size() ? literal(*columns[i]->type, clustering[i])
                                   : "extra clustering value " + blob_literal(clustering[i]));
  }
  out->end_array();
}

void write_bound(const TableSchema& table, const ClusteringBound& bound, JsonWriter* out) {
  out->begin_object();
  out->key("clustering");
  write_clustering(table, bound.prefix, out);
  out->member("inclusive", bound.kind == ClusteringBound::Kind::kInclusiveStart ||
                               bound.kind == ClusteringBound::Kind::kInclusiveEnd);
  out->end_object();
}

// The partition key's components as literals; the key in hex if it does not split.
void write_key(const TableSchema& table, const DecoratedKey& key, JsonWriter* out) {
  const auto& columns = table.partition_key();
  out->begin_array();
  auto components = split_partition_key(key.key, columns.size());
  if (!components.is_ok() || components->size() != columns.size()) {
    out->string("invalid partition key " + blob_literal(key.key));
  } else {
    for (size_t i = 0; i < columns.size(); ++i) {
      out->string(literal(*columns[i]->type, (*components)[i]));
    }
  }
  out->end_array();
}

// How to print the path and value of the cells of one column.
struct CellTypes {
  const CqlType* path = nullptr;   // nullptr: print the path as a blob
  const CqlType* value = nullptr;  // nullptr: print the value as a blob
  bool has_value = true;           // false for set elements (their value is empty)
};

CellTypes cell_types(const CqlType* column_type) {
  if (column_type == nullptr) return {};
  const CqlType& type = *column_type;
  if (!type.is_multi_cell()) return {nullptr, &type, true};
  switch (type.kind()) {
    case TypeKind::kSet: return {type.params()[0].get(), nullptr, false};
    case TypeKind::kMap: return {type.params()[0].get(), type.params()[1].get(), true};
    default: return {nullptr, type.params()[0].get(), true};  // a list: the path is an id
  }
}

void write_cell(const std::string& column_name, const CellTypes& types, bool multi_cell,
                BytesView path, const Cell& cell, JsonWriter* out) {
  out->begin_object();
  out->member("column", column_name);
  if (multi_cell || !path.empty()) {
    out->member("path", types.path != nullptr ? literal(*types.path, path) : blob_literal(path));
  }
  if (!cell.is_tombstone() && (types.has_value || !cell.value.empty())) {
    out->member("value", types.value != nullptr ? literal(*types.value, cell.value)
                                                : blob_literal(cell.value));
  }
  out->member("timestamp", cell.timestamp);
  if (cell.ttl != kNoTtl) out->member("ttl", cell.ttl);
  if (cell.local_deletion_time != kNoDeletionTime) {
    out->member("local_deletion_time", cell.local_deletion_time);
  }
  if (cell.is_tombstone()) out->member("tombstone", true);
  out->end_object();
}

// A column as the dump names it and the type its cells have: a live column, a
// dropped one (ALTER TABLE ... DROP; its cells stay until compaction removes them),
// or an id the schema does not know (no type: printed as blobs).
struct ColumnInfo {
  std::string name;
  const CqlType* type = nullptr;
};

ColumnInfo column_info(const TableSchema& table, ColumnId id) {
  if (const ColumnDefinition* c = table.column_by_id(id)) return {c->name, c->type.get()};
  if (const DroppedColumn* d = table.find_dropped_column(id)) {
    return {d->name + " (dropped)", d->type.get()};
  }
  return {"unknown column id " + std::to_string(id), nullptr};
}

// A row's members; the caller opens and closes the object (and adds "clustering").
void write_row_members(const TableSchema& table, const Row& row, JsonWriter* out) {
  if (!row.liveness.empty()) {
    out->key("marker");
    out->begin_object();
    out->member("timestamp", row.liveness.timestamp);
    if (row.liveness.ttl != kNoTtl) {
      out->member("ttl", row.liveness.ttl);
      out->member("expires_at", row.liveness.local_deletion_time);
    }
    out->end_object();
  }
  if (!row.deletion.is_live()) {
    out->key("deletion");
    write_deletion(row.deletion, out);
  }
  bool any_collection_deletion = false;
  for (const auto& [id, data] : row.columns) {
    if (data.complex_deletion.is_live()) continue;
    if (!any_collection_deletion) {
      out->key("collection_deletions");
      out->begin_array();
      any_collection_deletion = true;
    }
    out->begin_object();
    out->member("column", column_info(table, id).name);
    out->key("deletion");
    write_deletion(data.complex_deletion, out);
    out->end_object();
  }
  if (any_collection_deletion) out->end_array();

  out->key("cells");
  out->begin_array();
  for (const auto& [id, data] : row.columns) {
    const ColumnInfo column = column_info(table, id);
    const CellTypes types = cell_types(column.type);
    const bool multi_cell = column.type != nullptr && column.type->is_multi_cell();
    for (const auto& [path, cell] : data.cells) {
      write_cell(column.name, types, multi_cell, path, cell, out);
    }
  }
  out->end_array();
}

// Range tombstones in the order of their bounds, so the output does not depend on
// the order they were stored or merged in.
std::vector<RangeTombstone> sorted_range_tombstones(const Partition& partition) {
  std::vector<RangeTombstone> out = partition.range_tombstones();
  const ClusteringComparator& cmp = *partition.comparator();
  std::stable_sort(out.begin(), out.end(), [&](const RangeTombstone& a, const RangeTombstone& b) {
    if (int c = cmp.compare(a.range.start, b.range.start); c != 0) return c < 0;
    if (int c = cmp.compare(a.range.end, b.range.end); c != 0) return c < 0;
    return b.deletion.supersedes(a.deletion);
  });
  return out;
}

}  // namespace

void write_partition_json(const TableSchema& table, const Partition& partition, JsonWriter* out) {
  out->begin_object();
  out->key("key");
  write_key(table, partition.key(), out);
  out->member("token", partition.key().token);
  if (!partition.deletion().is_live()) {
    out->key("deletion");
    write_deletion(partition.deletion(), out);
  }
  if (!partition.range_tombstones().empty()) {
    out->key("range_tombstones");
    out->begin_array();
    for (const RangeTombstone& rt : sorted_range_tombstones(partition)) {
      out->begin_object();
      out->key("start");
      write_bound(table, rt.range.start, out);
      out->key("end");
      write_bound(table, rt.range.end, out);
      out->key("deletion");
      write_deletion(rt.deletion, out);
      out->end_object();
    }
    out->end_array();
  }
  if (!partition.static_row().empty()) {
    out->key("static_row");
    out->begin_object();
    write_row_members(table, partition.static_row(), out);
    out->end_object();
  }
  out->key("rows");
  out->begin_array();
  for (const auto& [clustering, row] : partition.rows()) {
    out->begin_object();
    out->key("clustering");
    write_clustering(table, clustering, out);
    write_row_members(table, row, out);
    out->end_object();
  }
  out->end_array();
  out->end_object();
}

}  // namespace cairn::tools
