#include "cql/system/schema_rows.h"

#include <string>

#include "cql/system/cassandra_format.h"
#include "cql/system/virtual_schemas.h"

namespace cairn::cql {
namespace {

// Cassandra 4.0's values for table options Cairn does not have (TableParams defaults).
constexpr double kCrcCheckChance = 1.0;
constexpr int32_t kMinIndexInterval = 128;
constexpr int32_t kMaxIndexInterval = 2048;
constexpr const char* kSpeculativeRetry = "99p";
constexpr const char* kAdditionalWritePolicy = "99p";
constexpr const char* kReadRepair = "BLOCKING";
// Cassandra flushes its local system tables and schema tables every hour.
constexpr int32_t kSystemMemtableFlushPeriodMs = 3600 * 1000;

Bytes text(std::string_view s) { return values::from_text(s); }

int32_t memtable_flush_period_ms(const TableSchema& table) {
  bool local_system =
      table.keyspace() == kSystemKeyspaceName || table.keyspace() == kSchemaKeyspaceName;
  return local_system ? kSystemMemtableFlushPeriodMs : 0;
}

const char* clustering_order_name(const ColumnDefinition& c) {
  if (c.kind != ColumnKind::kClustering) return "none";
  return c.order == ClusteringOrder::kDesc ? "desc" : "asc";
}

// ColumnMetadata.position(): the index within the partition or clustering key; -1
// (NO_POSITION) for regular and static columns.
int32_t column_position(const ColumnDefinition& c) {
  bool key = c.kind == ColumnKind::kPartitionKey || c.kind == ColumnKind::kClustering;
  return key ? c.position : -1;
}

}  // namespace

Status write_keyspace_rows(const std::vector<KeyspaceSchema>& keyspaces, VirtualPartitions& out) {
  for (const KeyspaceSchema& ks : keyspaces) {
    MutationBuilder b = out.partition({text(ks.name)});
    b.row({})
        .marker()
        .set("durable_writes", values::from_boolean(ks.durable_writes))
        .set("replication", serialize_text_map(cassandra_replication(ks.replication)));
    CAIRN_RETURN_IF_ERROR(out.add(b));
  }
  return Status::ok();
}

Status write_table_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out) {
  const Bytes caching = serialize_text_map({{"keys", "ALL"}, {"rows_per_partition", "NONE"}});
  const Bytes no_extensions = values::from_map({});
  const Bytes flags = serialize_text_set({"compound"});
  for (const TableSchemaRef& t : tables) {
    const TableOptions& o = t->options();
    MutationBuilder b = out.partition({text(t->keyspace())});
    b.row({text(t->name())})
        .marker()
        .set("additional_write_policy", text(kAdditionalWritePolicy))
        .set("bloom_filter_fp_chance", values::from_double(o.bloom_filter_fp_chance))
        .set("caching", caching)
        .set("comment", text(o.comment))
        .set("compaction", serialize_text_map(cassandra_compaction(o.compaction)))
        .set("compression", serialize_text_map(cassandra_compression(o.compression)))
        .set("crc_check_chance", values::from_double(kCrcCheckChance))
        .set("dclocal_read_repair_chance", values::from_double(0.0))
        .set("default_time_to_live", values::from_int(o.default_time_to_live))
        .set("extensions", no_extensions)
        .set("flags", flags)
        .set("gc_grace_seconds", values::from_int(o.gc_grace_seconds))
        .set("id", values::from_uuid(t->id().to_bytes()))
        .set("max_index_interval", values::from_int(kMaxIndexInterval))
        .set("memtable_flush_period_in_ms", values::from_int(memtable_flush_period_ms(*t)))
        .set("min_index_interval", values::from_int(kMinIndexInterval))
        .set("read_repair", text(kReadRepair))
        .set("read_repair_chance", values::from_double(0.0))
        .set("speculative_retry", text(kSpeculativeRetry));
    CAIRN_RETURN_IF_ERROR(out.add(b));
  }
  return Status::ok();
}

Status write_column_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out) {
  for (const TableSchemaRef& t : tables) {
    MutationBuilder b = out.partition({text(t->keyspace())});
    for (const ColumnDefinition& c : t->columns()) {
      b.row({text(t->name()), text(c.name)})
          .marker()
          .set("clustering_order", text(clustering_order_name(c)))
          .set("column_name_bytes", values::from_blob(c.name))
          .set("kind", text(column_kind_name(c.kind)))
          .set("position", values::from_int(column_position(c)))
          .set("type", text(cassandra_type_name(*c.type)));
    }
    CAIRN_RETURN_IF_ERROR(out.add(b));
  }
  return Status::ok();
}

Status write_dropped_column_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out) {
  for (const TableSchemaRef& t : tables) {
    if (t->dropped_columns().empty()) continue;
    MutationBuilder b = out.partition({text(t->keyspace())});
    // One row per name: a name dropped twice shows its latest drop, as in Cassandra.
    for (const DroppedColumn& d : t->dropped_columns()) {
      b.row({text(t->name()), text(d.name)})
          .marker()
          .set("dropped_time", values::from_timestamp(d.dropped_at_micros / 1000))
          .set("kind", text(column_kind_name(d.kind)))
          .set("type", text(cassandra_type_name(*d.type)));
    }
    CAIRN_RETURN_IF_ERROR(out.add(b));
  }
  return Status::ok();
}

Status write_virtual_keyspace_rows(const std::vector<std::string>& keyspaces,
                                   VirtualPartitions& out) {
  for (const std::string& name : keyspaces) {
    MutationBuilder b = out.partition({text(name)});
    b.row({}).marker();
    CAIRN_RETURN_IF_ERROR(out.add(b));
  }
  return Status::ok();
}

Status write_virtual_table_rows(const std::vector<TableSchemaRef>& tables, VirtualPartitions& out) {
  for (const TableSchemaRef& t : tables) {
    MutationBuilder b = out.partition({text(t->keyspace())});
    b.row({text(t->name())}).marker().set("comment", text(t->options().comment));
    CAIRN_RETURN_IF_ERROR(out.add(b));
  }
  return Status::ok();
}

}  // namespace cairn::cql
