#include "cql/system/virtual_schemas.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "cql/system/name_uuid.h"

namespace cairn::cql {
namespace {

// Cassandra's gc_grace_seconds for its local system tables and for its schema tables.
constexpr int32_t kSystemGcGrace = 0;
constexpr int32_t kSchemaGcGrace = 7 * 24 * 3600;

struct Column {
  const char* name;
  const char* type;  // as CQL spells it
  ColumnKind kind = ColumnKind::kRegular;
};

Column pk(const char* name, const char* type) { return {name, type, ColumnKind::kPartitionKey}; }
Column ck(const char* name, const char* type) { return {name, type, ColumnKind::kClustering}; }
Column col(const char* name, const char* type) { return {name, type, ColumnKind::kRegular}; }

// The definitions below are constants: one that does not build is a bug in this file.
void require(const Status& s) {
  if (s.is_ok()) return;
  std::fprintf(stderr, "virtual table schema: %s\n", s.to_string().c_str());
  std::abort();
}

TableSchemaRef define(std::string_view keyspace, std::string_view name, const char* comment,
                      int32_t gc_grace_seconds, std::initializer_list<Column> columns) {
  TableSchema::Builder b{std::string(keyspace), std::string(name)};
  b.id(system_table_id(keyspace, name));
  for (const Column& c : columns) {
    Result<TypeRef> type = parse_cql_type(c.type);
    require(type.status());
    switch (c.kind) {
      case ColumnKind::kPartitionKey: b.partition_key(c.name, *type); break;
      case ColumnKind::kClustering: b.clustering(c.name, *type); break;
      case ColumnKind::kRegular: b.regular(c.name, *type); break;
      case ColumnKind::kStatic: b.static_column(c.name, *type); break;
    }
  }
  TableOptions options;
  options.comment = comment;
  options.gc_grace_seconds = gc_grace_seconds;
  b.options(options);
  Result<TableSchemaRef> table = b.build();
  require(table.status());
  return *table;
}

// --- system (SystemKeyspace.java) ---

TableSchemaRef local_schema() {
  return define(kSystemKeyspaceName, "local", "information about the local node", kSystemGcGrace,
                {
                    pk("key", "text"),
                    col("bootstrapped", "text"),
                    col("broadcast_address", "inet"),
                    col("broadcast_port", "int"),
                    col("cluster_name", "text"),
                    col("cql_version", "text"),
                    col("data_center", "text"),
                    col("gossip_generation", "int"),
                    col("host_id", "uuid"),
                    col("listen_address", "inet"),
                    col("listen_port", "int"),
                    col("native_protocol_version", "text"),
                    col("partitioner", "text"),
                    col("rack", "text"),
                    col("release_version", "text"),
                    col("rpc_address", "inet"),
                    col("rpc_port", "int"),
                    col("schema_version", "uuid"),
                    col("tokens", "set<text>"),
                    col("truncated_at", "map<uuid, blob>"),
                });
}

// The pre-4.0 peers table, still kept (and read by drivers that lack peers_v2).
TableSchemaRef peers_schema() {
  return define(kSystemKeyspaceName, "peers", "information about known peers in the cluster",
                kSystemGcGrace,
                {
                    pk("peer", "inet"),
                    col("data_center", "text"),
                    col("host_id", "uuid"),
                    col("preferred_ip", "inet"),
                    col("rack", "text"),
                    col("release_version", "text"),
                    col("rpc_address", "inet"),
                    col("schema_version", "uuid"),
                    col("tokens", "set<text>"),
                });
}

TableSchemaRef peers_v2_schema() {
  return define(kSystemKeyspaceName, "peers_v2", "information about known peers in the cluster",
                kSystemGcGrace,
                {
                    pk("peer", "inet"),
                    ck("peer_port", "int"),
                    col("data_center", "text"),
                    col("host_id", "uuid"),
                    col("native_address", "inet"),
                    col("native_port", "int"),
                    col("preferred_ip", "inet"),
                    col("preferred_port", "int"),
                    col("rack", "text"),
                    col("release_version", "text"),
                    col("schema_version", "uuid"),
                    col("tokens", "set<text>"),
                });
}

// --- system_schema (SchemaKeyspace.java) ---

TableSchemaRef keyspaces_schema() {
  return define(kSchemaKeyspaceName, "keyspaces", "keyspace definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    col("durable_writes", "boolean"),
                    col("replication", "frozen<map<text, text>>"),
                });
}

TableSchemaRef tables_schema() {
  return define(kSchemaKeyspaceName, "tables", "table definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    col("additional_write_policy", "text"),
                    col("bloom_filter_fp_chance", "double"),
                    col("caching", "frozen<map<text, text>>"),
                    col("cdc", "boolean"),
                    col("comment", "text"),
                    col("compaction", "frozen<map<text, text>>"),
                    col("compression", "frozen<map<text, text>>"),
                    col("crc_check_chance", "double"),
                    col("dclocal_read_repair_chance", "double"),
                    col("default_time_to_live", "int"),
                    col("extensions", "frozen<map<text, blob>>"),
                    col("flags", "frozen<set<text>>"),
                    col("gc_grace_seconds", "int"),
                    col("id", "uuid"),
                    col("max_index_interval", "int"),
                    col("memtable_flush_period_in_ms", "int"),
                    col("min_index_interval", "int"),
                    col("read_repair", "text"),
                    col("read_repair_chance", "double"),
                    col("speculative_retry", "text"),
                });
}

TableSchemaRef columns_schema() {
  return define(kSchemaKeyspaceName, "columns", "column definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    ck("column_name", "text"),
                    col("clustering_order", "text"),
                    col("column_name_bytes", "blob"),
                    col("kind", "text"),
                    col("position", "int"),
                    col("type", "text"),
                });
}

TableSchemaRef dropped_columns_schema() {
  return define(kSchemaKeyspaceName, "dropped_columns", "dropped column registry", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    ck("column_name", "text"),
                    col("dropped_time", "timestamp"),
                    col("kind", "text"),
                    col("type", "text"),
                });
}

TableSchemaRef triggers_schema() {
  return define(kSchemaKeyspaceName, "triggers", "trigger definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    ck("trigger_name", "text"),
                    col("options", "frozen<map<text, text>>"),
                });
}

TableSchemaRef views_schema() {
  return define(kSchemaKeyspaceName, "views", "view definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("view_name", "text"),
                    col("additional_write_policy", "text"),
                    col("base_table_id", "uuid"),
                    col("base_table_name", "text"),
                    col("bloom_filter_fp_chance", "double"),
                    col("caching", "frozen<map<text, text>>"),
                    col("cdc", "boolean"),
                    col("comment", "text"),
                    col("compaction", "frozen<map<text, text>>"),
                    col("compression", "frozen<map<text, text>>"),
                    col("crc_check_chance", "double"),
                    col("dclocal_read_repair_chance", "double"),
                    col("default_time_to_live", "int"),
                    col("extensions", "frozen<map<text, blob>>"),
                    col("gc_grace_seconds", "int"),
                    col("id", "uuid"),
                    col("include_all_columns", "boolean"),
                    col("max_index_interval", "int"),
                    col("memtable_flush_period_in_ms", "int"),
                    col("min_index_interval", "int"),
                    col("read_repair", "text"),
                    col("read_repair_chance", "double"),
                    col("speculative_retry", "text"),
                    col("where_clause", "text"),
                });
}

TableSchemaRef types_schema() {
  return define(kSchemaKeyspaceName, "types", "user defined type definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("type_name", "text"),
                    col("field_names", "frozen<list<text>>"),
                    col("field_types", "frozen<list<text>>"),
                });
}

TableSchemaRef functions_schema() {
  return define(kSchemaKeyspaceName, "functions", "user defined function definitions",
                kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("function_name", "text"),
                    ck("argument_types", "frozen<list<text>>"),
                    col("argument_names", "frozen<list<text>>"),
                    col("body", "text"),
                    col("called_on_null_input", "boolean"),
                    col("language", "text"),
                    col("return_type", "text"),
                });
}

TableSchemaRef aggregates_schema() {
  return define(kSchemaKeyspaceName, "aggregates", "user defined aggregate definitions",
                kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("aggregate_name", "text"),
                    ck("argument_types", "frozen<list<text>>"),
                    col("final_func", "text"),
                    col("initcond", "text"),
                    col("return_type", "text"),
                    col("state_func", "text"),
                    col("state_type", "text"),
                });
}

TableSchemaRef indexes_schema() {
  return define(kSchemaKeyspaceName, "indexes", "secondary index definitions", kSchemaGcGrace,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    ck("index_name", "text"),
                    col("kind", "text"),
                    col("options", "frozen<map<text, text>>"),
                });
}

// --- system_virtual_schema (VirtualSchemaKeyspace.java) ---

TableSchemaRef virtual_keyspaces_schema() {
  return define(kVirtualSchemaKeyspaceName, "keyspaces", "virtual keyspace definitions", 0,
                {
                    pk("keyspace_name", "text"),
                });
}

TableSchemaRef virtual_tables_schema() {
  return define(kVirtualSchemaKeyspaceName, "tables", "virtual table definitions", 0,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    col("comment", "text"),
                });
}

TableSchemaRef virtual_columns_schema() {
  return define(kVirtualSchemaKeyspaceName, "columns", "virtual column definitions", 0,
                {
                    pk("keyspace_name", "text"),
                    ck("table_name", "text"),
                    ck("column_name", "text"),
                    col("clustering_order", "text"),
                    col("column_name_bytes", "blob"),
                    col("kind", "text"),
                    col("position", "int"),
                    col("type", "text"),
                });
}

}  // namespace

std::vector<TableSchemaRef> make_virtual_table_schemas() {
  return {
      local_schema(),           peers_schema(),
      peers_v2_schema(),        keyspaces_schema(),
      tables_schema(),          columns_schema(),
      dropped_columns_schema(), triggers_schema(),
      views_schema(),           types_schema(),
      functions_schema(),       aggregates_schema(),
      indexes_schema(),         virtual_keyspaces_schema(),
      virtual_tables_schema(),  virtual_columns_schema(),
  };
}

}  // namespace cairn::cql
