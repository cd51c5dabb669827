// The `system` keyspace: where a node keeps its own schema, in its own tables.
//
//   system.schema_keyspaces (keyspace_name text PRIMARY KEY, definition blob)
//   system.schema_tables    (keyspace_name text, table_name text, definition blob,
//                            PRIMARY KEY (keyspace_name, table_name))
//   system.truncations      (table_id uuid PRIMARY KEY, segment_id bigint,
//                            position int, generation bigint)
//
// `definition` holds KeyspaceSchema::encode() / TableSchema::encode(). A truncation
// row says the table was truncated at commitlog position (segment_id, position):
// replay skips the table's records before it, and its sstables of generations below
// `generation` predate the truncation (startup deletes any a crash left behind).
// Schema changes and truncations are ordinary mutations of these tables (commitlog,
// memtable, sstables), so a restart replays them like any write. Their table ids are
// fixed.
#pragma once

#include <utility>
#include <vector>

#include "model/mutation.h"
#include "model/replay_position.h"
#include "model/schema.h"

namespace cairn {

inline constexpr const char* kSystemKeyspace = "system";

TableSchemaRef system_keyspaces_table();
TableSchemaRef system_tables_table();
TableSchemaRef system_truncations_table();
// All of the above.
std::vector<TableSchemaRef> system_tables();
bool is_system_keyspace(std::string_view name);

// Mutations recording a schema change, at `timestamp` (microseconds).
Result<Mutation> keyspace_created(const KeyspaceSchema& ks, int64_t timestamp, int32_t now);
Result<Mutation> keyspace_dropped(const std::string& name, int64_t timestamp, int32_t now);
Result<Mutation> table_created(const TableSchema& table, int64_t timestamp, int32_t now);
Result<Mutation> table_dropped(const TableSchema& table, int64_t timestamp, int32_t now);

// What system.truncations holds for one table.
struct TruncationRecord {
  ReplayPosition position;     // the table's records before it were truncated
  uint64_t first_generation = 0;  // sstables below this generation were truncated
};
// Mutations recording that `table_id` was truncated, and forgetting it (table dropped).
Result<Mutation> truncation_recorded(const Uuid& table_id, const TruncationRecord& record,
                                     int64_t timestamp, int32_t now);
Result<Mutation> truncation_removed(const Uuid& table_id, int64_t timestamp, int32_t now);
// Decodes one live row of system.truncations (from a read or a scan).
// Corruption when a column is missing or malformed.
Result<std::pair<Uuid, TruncationRecord>> decode_truncation(const DecoratedKey& key,
                                                            const Row& row);

}  // namespace cairn
