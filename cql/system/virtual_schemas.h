// The schemas of the tables a node generates instead of storing: what drivers read
// to learn the node (system.local, system.peers, system.peers_v2) and the schema
// (system_schema.*, system_virtual_schema.*).
//
// Column names, CQL types, primary keys, comments and gc_grace_seconds are those of
// Cassandra 4.0 (SystemKeyspace.java, SchemaKeyspace.java, VirtualSchemaKeyspace.java),
// and each table's id is Cassandra's TableId.forSystemTable(keyspace, table), so a
// driver's metadata for them is what it would be against Cassandra 4.0. Regular
// columns are declared in alphabetical order, the order of SELECT * in Cassandra.
//
// Thread safety: pure functions; the schemas they return are immutable.
#pragma once

#include <string_view>
#include <vector>

#include "model/schema.h"

namespace cairn::cql {

// The keyspaces Cassandra 4.0 always has besides the users' ones.
inline constexpr std::string_view kSystemKeyspaceName = "system";
inline constexpr std::string_view kSchemaKeyspaceName = "system_schema";
inline constexpr std::string_view kAuthKeyspaceName = "system_auth";
inline constexpr std::string_view kDistributedKeyspaceName = "system_distributed";
inline constexpr std::string_view kTracesKeyspaceName = "system_traces";
// A virtual keyspace: listed in system_virtual_schema, not in system_schema.
inline constexpr std::string_view kVirtualSchemaKeyspaceName = "system_virtual_schema";

// Every generated table: system.{local, peers, peers_v2}, system_schema.{keyspaces,
// tables, columns, dropped_columns, triggers, views, types, functions, aggregates,
// indexes} and system_virtual_schema.{keyspaces, tables, columns}, in that order.
std::vector<TableSchemaRef> make_virtual_table_schemas();

}  // namespace cairn::cql
