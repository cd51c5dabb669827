// Schema objects: keyspaces and tables, with Cassandra's options.
//
// A TableSchema is immutable once built (TableSchema::Builder validates it) and
// shared as TableSchemaRef. Every column gets a ColumnId that stays the same for the
// table's life, so stored rows name columns by id and survive ALTERs.
// encode()/decode() give the bytes the system keyspace persists (docs/formats/schema-v1.md).
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
    // Ids are assigned in declaration order from 0 unless given (used by decode and ALTER).
    Builder& column_with_id(ColumnDefinition column);
    // InvalidArgument naming the problem: no partition key, duplicate or empty names,
    // a non-frozen collection in the primary key, static columns without clustering
    // columns, a bad option value.
    Result<TableSchemaRef> build();

   private:
    std::string keyspace_, name_;
    std::optional<Uuid> id_;
    std::vector<ColumnDefinition> columns_;
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

  // The table as CQL: CREATE TABLE ks.t (...) WITH ...;
  std::string to_cql() const;

  Bytes encode() const;
  static Result<TableSchemaRef> decode(BytesView data);

  // A copy with other options (ALTER TABLE ... WITH).
  TableSchemaRef with_options(TableOptions options) const;
  // A copy with another id (a table created without one gets a fresh id).
  TableSchemaRef with_id(Uuid id) const;

 private:
  TableSchema() = default;
  void index_columns();

  std::string keyspace_, name_;
  Uuid id_;
  std::vector<ColumnDefinition> columns_;
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

// InvalidArgument unless `name` is a valid keyspace/table/column name: 1-48 characters
// of [A-Za-z0-9_] (Cassandra's limit for keyspaces and tables).
Status validate_identifier(std::string_view what, std::string_view name);

}  // namespace cairn
