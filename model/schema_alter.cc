// ALTER TABLE on schema objects: the with_added/dropped/renamed copies a CQL executor
// builds, and check_table_alteration, the rule Database::alter_table enforces on
// whatever schema it is handed (model/schema.h).
#include <set>

#include "model/schema.h"

namespace cairn {
namespace {

bool is_primary_key(ColumnKind kind) {
  return kind == ColumnKind::kPartitionKey || kind == ColumnKind::kClustering;
}

}  // namespace

TableSchema::Builder TableSchema::to_builder() const {
  Builder b(keyspace_, name_);
  b.id(id_);
  for (const auto& c : columns_) b.column_with_id(c);
  for (const auto& d : dropped_) b.dropped_column(d);
  b.options(options_);
  return b;
}

Result<TableSchemaRef> TableSchema::with_added_columns(
    const std::vector<ColumnDefinition>& columns) const {
  Builder b = to_builder();
  uint64_t next = next_column_id_;
  std::set<std::string> added;
  for (const auto& c : columns) {
    const std::string what = "cannot add column " + c.name;
    CAIRN_RETURN_IF_ERROR(validate_identifier("column", c.name).with_context(what));
    if (is_primary_key(c.kind)) {
      return Status::invalid_argument(what + ": primary key columns cannot be added");
    }
    if (find_column(c.name) != nullptr || !added.insert(c.name).second) {
      return Status::invalid_argument("column " + c.name + " already exists");
    }
    if (!c.type) return Status::invalid_argument(what + ": it has no type");
    if (c.kind == ColumnKind::kStatic && clustering_key_.empty()) {
      return Status::invalid_argument(what + ": static columns need clustering columns");
    }
    if (next >= UINT32_MAX) {
      return Status::invalid_argument(what + ": the table has used up its column ids");
    }
    b.column_with_id({c.name, c.type, c.kind, static_cast<ColumnId>(next++)});
  }
  return b.build();
}

Result<TableSchemaRef> TableSchema::with_dropped_columns(const std::vector<std::string>& names,
                                                         int64_t dropped_at_micros) const {
  std::set<std::string> dropping;
  for (const auto& name : names) {
    const ColumnDefinition* c = find_column(name);
    if (c == nullptr) {
      return Status::invalid_argument("cannot drop column " + name + ": table " + keyspace_ + "." +
                                      name_ + " has no such column");
    }
    if (is_primary_key(c->kind)) {
      return Status::invalid_argument("cannot drop primary key column " + name);
    }
    if (!dropping.insert(name).second) {
      return Status::invalid_argument("cannot drop column " + name + " twice");
    }
  }
  Builder b(keyspace_, name_);
  b.id(id_);
  b.options(options_);
  for (const auto& c : columns_) {
    if (dropping.count(c.name) == 0) b.column_with_id(c);
  }
  for (const auto& d : dropped_) b.dropped_column(d);
  // In the order given, so dropped_columns() reads in the order of the drops.
  for (const auto& name : names) {
    const ColumnDefinition* c = find_column(name);
    b.dropped_column({c->name, c->type, c->kind, c->id, dropped_at_micros});
  }
  return b.build();
}

Result<TableSchemaRef> TableSchema::with_renamed_column(const std::string& from,
                                                        const std::string& to) const {
  const std::string what = "cannot rename column " + from + " to " + to;
  const ColumnDefinition* c = find_column(from);
  if (c == nullptr) {
    return Status::invalid_argument(what + ": table " + keyspace_ + "." + name_ +
                                    " has no column " + from);
  }
  // Cassandra's rule: a regular or static column's name is how its data is found
  // (and dropped data remembered), so only primary key columns may change name.
  if (!is_primary_key(c->kind)) {
    return Status::invalid_argument(what + ": only primary key columns can be renamed");
  }
  CAIRN_RETURN_IF_ERROR(validate_identifier("column", to).with_context(what));
  if (to != from && find_column(to) != nullptr) {
    return Status::invalid_argument(what + ": a column named " + to + " already exists");
  }
  Builder b(keyspace_, name_);
  b.id(id_);
  b.options(options_);
  for (ColumnDefinition column : columns_) {
    if (column.name == from) column.name = to;
    b.column_with_id(std::move(column));
  }
  for (const auto& d : dropped_) b.dropped_column(d);
  return b.build();
}

Status check_table_alteration(const TableSchema& stored, const TableSchema& altered) {
  const std::string table = stored.keyspace() + "." + stored.name();
  auto refuse = [&](const std::string& why) {
    return Status::invalid_argument("cannot alter table " + table + ": " + why);
  };
  if (altered.keyspace() != stored.keyspace() || altered.name() != stored.name()) {
    return refuse("the new definition is of table " + altered.keyspace() + "." + altered.name());
  }
  if (altered.id() != stored.id()) {
    return refuse("the table id may not change (" + stored.id().to_string() + " became " +
                  altered.id().to_string() + ")");
  }

  // New columns first: re-using a live name is the likeliest mistake, and says so.
  for (const auto& a : altered.columns()) {
    if (stored.column_by_id(a.id) != nullptr) continue;
    if (is_primary_key(a.kind)) {
      return Status::invalid_argument("cannot add column " + a.name +
                                      ": primary key columns cannot be added");
    }
    const ColumnDefinition* same_name = stored.find_column(a.name);
    if (same_name != nullptr && altered.column_by_id(same_name->id) == nullptr &&
        altered.find_dropped_column(same_name->id) == nullptr) {
      return Status::invalid_argument("column " + a.name + " already exists");
    }
    if (stored.find_dropped_column(a.id) != nullptr || a.id < stored.next_column_id()) {
      return refuse("new column " + a.name + " has id " + std::to_string(a.id) +
                    ", which the table has used before (the next free id is " +
                    std::to_string(stored.next_column_id()) + ")");
    }
  }

  // The primary key: same columns, ids, kinds, positions, types and order; only the
  // names may change (RENAME).
  if (altered.partition_key().size() != stored.partition_key().size() ||
      altered.clustering_key().size() != stored.clustering_key().size()) {
    for (const auto& s : stored.columns()) {
      if (is_primary_key(s.kind) && altered.column_by_id(s.id) == nullptr) {
        return Status::invalid_argument("cannot drop primary key column " + s.name);
      }
    }
    return refuse("the primary key may not change");
  }
  for (const auto& s : stored.columns()) {
    const ColumnDefinition* a = altered.column_by_id(s.id);
    if (!is_primary_key(s.kind)) continue;
    if (a == nullptr) return Status::invalid_argument("cannot drop primary key column " + s.name);
    if (a->kind != s.kind || a->position != s.position) {
      return refuse("primary key column " + s.name + " may not move within the key");
    }
    if (!a->type->equals(*s.type)) {
      return refuse("the type of primary key column " + s.name + " may not change");
    }
    if (a->order != s.order) {
      return refuse("the clustering order of " + s.name + " may not change");
    }
  }

  // Regular and static columns: kept as they were, or recorded as dropped.
  for (const auto& s : stored.columns()) {
    if (is_primary_key(s.kind)) continue;
    if (const ColumnDefinition* a = altered.column_by_id(s.id)) {
      if (a->name != s.name) {
        return Status::invalid_argument("cannot rename column " + s.name + " to " + a->name +
                                        ": only primary key columns can be renamed");
      }
      if (a->kind != s.kind) {
        return refuse("column " + s.name + " may not change from " +
                      std::string(column_kind_name(s.kind)) + " to " +
                      std::string(column_kind_name(a->kind)));
      }
      if (!a->type->equals(*s.type)) {
        return refuse("the type of column " + s.name + " may not change (" + s.type->cql_name() +
                      " to " + a->type->cql_name() + ")");
      }
      continue;
    }
    const DroppedColumn* d = altered.find_dropped_column(s.id);
    if (d == nullptr) {
      return refuse("column " + s.name + " is missing but not recorded as dropped");
    }
    if (d->name != s.name || d->kind != s.kind || !d->type->equals(*s.type)) {
      return refuse("dropped column " + s.name + " (id " + std::to_string(s.id) +
                    ") is recorded with another name, kind or type");
    }
  }
  for (const auto& d : stored.dropped_columns()) {
    const DroppedColumn* a = altered.find_dropped_column(d.id);
    if (a == nullptr || a->name != d.name || a->kind != d.kind || !a->type->equals(*d.type) ||
        a->dropped_at_micros != d.dropped_at_micros) {
      return refuse("dropped column " + d.name + " (id " + std::to_string(d.id) +
                    ") must stay recorded as it was");
    }
  }
  for (const auto& a : altered.dropped_columns()) {
    if (stored.find_dropped_column(a.id) == nullptr && stored.column_by_id(a.id) == nullptr) {
      return refuse("dropped column " + a.name + " (id " + std::to_string(a.id) +
                    ") was never a column of the table");
    }
  }
  return Status::ok();
}

}  // namespace cairn
