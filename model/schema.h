// Schema objects: keyspaces and tables, with Cassandra's options.
//
// A TableSchema is immutable once built (TableSchema::Builder validates it) and
// shared as TableSchemaRef. Every column gets a ColumnId that stays the same for the
// table's life, so stored rows name columns by id and survive ALTERs. A dropped column
// is remembered (dropped_columns()) so its id is never handed out again: data written
// under that id stays invisible even when a column of the same name is added later.
// encode()/decode() give the bytes the system keyspace persists (docs/formats/schema-v2.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/clustering.h"
#include "model/row.h"
#include "model/types.h"
#include "model/uuid.h"

namespace cairn {

enum class ColumnKind { kPartitionKey, kClustering, kRegular, kStatic };

std::string_view column_kind_name(ColumnKind kind);

struct ColumnDefinition {
  std::string name;
  TypeRef type;
  ColumnKind kind = ColumnKind::kRegular;
  ColumnId id = 0;
  // Position within the partition key or the clustering key; 0 for other columns.
  int position = 0;
  ClusteringOrder order = ClusteringOrder::kAsc;  // clustering columns only
};

// A regular or static column that ALTER TABLE ... DROP removed. Reads never show its
// cells (its id is never reused, so every cell under it is dead); compaction removes
// those written at or before dropped_at_micros, as Cassandra does.
struct DroppedColumn {
  std::string name;
  TypeRef type;
  ColumnKind kind = ColumnKind::kRegular;  // kRegular or kStatic
  ColumnId id = 0;
  int64_t dropped_at_micros = 0;  // the drop's timestamp, microseconds since the epoch
};

struct TableOptions {
  int32_t default_time_to_live = 0;     // seconds; 0 = none. Live-changeable (ALTER).
  int32_t gc_grace_seconds = 864000;    // seconds a tombstone is kept before purge
  double bloom_filter_fp_chance = 0.01;
  std::string comment;
  // Cassandra's option maps, e.g. {"class": "SizeTieredCompactionStrategy"}.
  std::map<std::string, std::string> compaction{{"class", "SizeTieredCompactionStrategy"}};
  std::map<std::string, std::string> compression{{"class", "LZ4Compressor"},
                                                 {"chunk_length_in_kb", "16"}};
  friend bool operator==(const TableOptions&, const TableOptions&) = default;
};

class TableSchema;
using TableSchemaRef = std::shared_ptr<const TableSchema>;

class TableSchema {
 public:
  class Builder {
   public:
    Builder(std::string keyspace, std::string name);
    Builder& id(Uuid id);
    Builder& partition_key(std::string name, TypeRef type);
    Builder& clustering(std::string name, TypeRef type,
                        ClusteringOrder order = ClusteringOrder::kAsc);
    Builder& regular(std::string name, TypeRef type);
    Builder& static_column(std::string name, TypeRef type);
    Builder& options(TableOptions options);
    // Ids are assigned in declaration order from 0 unless given (used by decode and
    // ALTER): when any column has a non-zero id, or a dropped column is declared, every
    // id is taken as given.
    Builder& column_with_id(ColumnDefinition column);
    // Records a column dropped earlier (decode and ALTER); its id stays taken.
    Builder& dropped_column(DroppedColumn column);
    // InvalidArgument naming the problem: no partition key, duplicate or empty names,
    // a non-frozen collection in the primary key, static columns without clustering
    // columns, a bad option value, an id used twice (live or dropped), a dropped
    // column that is not regular or static.
    Result<TableSchemaRef> build();

   private:
    std::string keyspace_, name_;
    std::optional<Uuid> id_;
    std::vector<ColumnDefinition> columns_;
    std::vector<DroppedColumn> dropped_;
    TableOptions options_;
  };

  const std::string& keyspace() const { return keyspace_; }
  const std::string& name() const { return name_; }
  const Uuid& id() const { return id_; }
  const TableOptions& options() const { return options_; }

  const std::vector<ColumnDefinition>& columns() const { return columns_; }
  const std::vector<const ColumnDefinition*>& partition_key() const { return partition_key_; }
  const std::vector<const ColumnDefinition*>& clustering_key() const { return clustering_key_; }
  bool has_static_columns() const { return has_static_; }
  const ColumnDefinition* find_column(std::string_view name) const;
  const ColumnDefinition* column_by_id(ColumnId id) const;
  const ClusteringComparatorRef& clustering_comparator() const { return comparator_; }
  // Columns removed by ALTER TABLE ... DROP, in the order they were dropped.
  const std::vector<DroppedColumn>& dropped_columns() const { return dropped_; }
  // The dropped column whose id is `id`, or nullptr (a live or an unknown id).
  const DroppedColumn* find_dropped_column(ColumnId id) const;
  // One above every id ever used by this table, live or dropped: the id ALTER TABLE ...
  // ADD gives the next new column.
  ColumnId next_column_id() const { return next_column_id_; }

  // The table as CQL: CREATE TABLE ks.t (...) WITH ...;
  std::string to_cql() const;

  Bytes encode() const;
  static Result<TableSchemaRef> decode(BytesView data);

  // A copy with other options (ALTER TABLE ... WITH).
  TableSchemaRef with_options(TableOptions options) const;
  // A copy with another id (a table created without one gets a fresh id).
  TableSchemaRef with_id(Uuid id) const;

  // ALTER TABLE ... ADD: a copy with `columns` (regular or static; their `id` and
  // `position` are ignored) added under fresh ids from next_column_id(), in order.
  // InvalidArgument naming the column: a name in use ("column v already exists"), a
  // primary key kind, a static column in a table without clustering columns, a bad
  // name or a missing type.
  Result<TableSchemaRef> with_added_columns(const std::vector<ColumnDefinition>& columns) const;
  // ALTER TABLE ... DROP: a copy without the columns `names`, recorded as dropped at
  // `dropped_at_micros` (the statement's timestamp, e.g. Database::now_micros()).
  // InvalidArgument for an unknown name, a name given twice or a primary key column
  // ("cannot drop primary key column k").
  Result<TableSchemaRef> with_dropped_columns(const std::vector<std::string>& names,
                                              int64_t dropped_at_micros) const;
  // ALTER TABLE ... RENAME: a copy with column `from` called `to`. As in Cassandra,
  // only primary key (partition key and clustering) columns can be renamed; their id
  // and position do not change. InvalidArgument otherwise, or when `to` is taken or
  // not a valid name.
  Result<TableSchemaRef> with_renamed_column(const std::string& from, const std::string& to) const;

 private:
  TableSchema() = default;
  void index_columns();
  // A builder holding everything this table holds (id, columns with their ids,
  // dropped columns, options).
  Builder to_builder() const;

  std::string keyspace_, name_;
  Uuid id_;
  std::vector<ColumnDefinition> columns_;
  std::vector<DroppedColumn> dropped_;
  ColumnId next_column_id_ = 0;
  TableOptions options_;
  std::vector<const ColumnDefinition*> partition_key_;
  std::vector<const ColumnDefinition*> clustering_key_;
  bool has_static_ = false;
  ClusteringComparatorRef comparator_;
};

struct KeyspaceSchema {
  std::string name;
  // e.g. {"class": "SimpleStrategy", "replication_factor": "1"}.
  std::map<std::string, std::string> replication{{"class", "SimpleStrategy"},
                                                 {"replication_factor", "1"}};
  bool durable_writes = true;

  std::string to_cql() const;
  Bytes encode() const;
  static Result<KeyspaceSchema> decode(BytesView data);
  friend bool operator==(const KeyspaceSchema&, const KeyspaceSchema&) = default;
};
using KeyspaceSchemaRef = std::shared_ptr<const KeyspaceSchema>;

// ALTER TABLE's rule, checked by Database::alter_table: `altered` may differ from
// `stored` only by regular/static columns added under ids from stored.next_column_id()
// on, regular/static columns dropped (and recorded in altered.dropped_columns()),
// primary key columns renamed, and options. Keyspace, name, id, the primary key
// columns' ids, kinds, types, order and positions, the surviving columns' names, kinds,
// types and ids, and stored's dropped columns must all be kept. InvalidArgument naming
// the first difference otherwise. (Options are checked by the caller.)
Status check_table_alteration(const TableSchema& stored, const TableSchema& altered);

// InvalidArgument unless `name` is a valid keyspace/table/column name: 1-48 characters
// of [A-Za-z0-9_] (Cassandra's limit for keyspaces and tables).
Status validate_identifier(std::string_view what, std::string_view name);

}  // namespace cairn
