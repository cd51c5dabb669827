// The `system` keyspace: where a node keeps its own schema, in its own tables.
//
//   system.schema_keyspaces (keyspace_name text PRIMARY KEY, definition blob)
//   system.schema_tables    (keyspace_name text, table_name text, definition blob,
//                            PRIMARY KEY (keyspace_name, table_name))
//
// `definition` holds KeyspaceSchema::encode() / TableSchema::encode(). Schema changes
// are ordinary mutations of these tables (commitlog, memtable, sstables), so a
// restart replays them like any write. Their table ids are fixed.
#pragma once

#include <vector>

#include "model/mutation.h"
#include "model/schema.h"

namespace cairn {

inline constexpr const char* kSystemKeyspace = "system";

TableSchemaRef system_keyspaces_table();
TableSchemaRef system_tables_table();
// Both of the above.
std::vector<TableSchemaRef> system_tables();
bool is_system_keyspace(std::string_view name);

// Mutations recording a schema change, at `timestamp` (microseconds).
Result<Mutation> keyspace_created(const KeyspaceSchema& ks, int64_t timestamp, int32_t now);
Result<Mutation> keyspace_dropped(const std::string& name, int64_t timestamp, int32_t now);
Result<Mutation> table_created(const TableSchema& table, int64_t timestamp, int32_t now);
Result<Mutation> table_dropped(const TableSchema& table, int64_t timestamp, int32_t now);

}  // namespace cairn
