// DESCRIBE, built client-side as cqlsh does: the schema read from system_schema
// (keyspaces, tables, columns) and turned back into the CQL that recreates it.
//
// The CQL follows Cassandra 4.0's DESCRIBE: CREATE KEYSPACE with the replication map
// and durable_writes as the node reports them; CREATE TABLE with the partition key
// columns, the clustering columns (both by position), then the other columns by name
// (static ones marked), the PRIMARY KEY clause (inline for a single-column key with
// no clustering), CLUSTERING ORDER BY, and every table option the node reports in
// system_schema.tables, by name, as CQL literals. Options Cassandra 4.0 no longer
// accepts (read_repair_chance, dclocal_read_repair_chance) and the internals (id,
// flags) are left out. Dropped columns are not replayed (cqlsh does that only with
// WITH INTERNALS). Names that are not lowercase identifiers, or that are reserved
// words, are double-quoted.
//
// Thread safety: the generators are pure; load_schema uses the Client it is given.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "cql/client/client.h"

namespace cairn::cql::client {

struct KeyspaceMeta {
  std::string name;
  bool durable_writes = true;
  std::map<std::string, std::string> replication;
};

struct ColumnMeta {
  std::string name;
  std::string kind;  // partition_key, clustering, regular, static
  int32_t position = -1;
  std::string clustering_order = "none";  // asc, desc, none
  std::string type;                       // as the node spells it: "frozen<list<int>>"
};

struct TableMeta {
  std::string keyspace;
  std::string name;
  std::vector<ColumnMeta> columns;
  // Option name and its value as a CQL literal ('99p', 0.01, {'class': '...'}), by name.
  std::vector<std::pair<std::string, std::string>> options;
};

// Keyspaces by name; tables by keyspace, then name.
struct SchemaMeta {
  std::vector<KeyspaceMeta> keyspaces;
  std::vector<TableMeta> tables;

  const KeyspaceMeta* keyspace(std::string_view name) const;
  const TableMeta* table(std::string_view keyspace, std::string_view name) const;
  std::vector<const TableMeta*> tables_of(std::string_view keyspace) const;
};

// system, system_schema, system_auth, system_distributed, system_traces and the
// virtual ones: left out of DESCRIBE SCHEMA, as cqlsh does.
bool is_system_keyspace(std::string_view name);

// The name as CQL must spell it: bare when it is a lowercase identifier that is not a
// reserved word, otherwise "double-quoted" with inner quotes doubled.
std::string quote_identifier(std::string_view name);

std::string create_keyspace_cql(const KeyspaceMeta& keyspace);
// InvalidArgument when the table has no partition key column (a schema the node
// could not have).
Result<std::string> create_table_cql(const TableMeta& table);

// DESCRIBE KEYSPACE: the keyspace then each of its tables, separated by blank lines.
Result<std::string> describe_keyspace(const SchemaMeta& schema, std::string_view keyspace);
// DESCRIBE SCHEMA: every non-system keyspace with its tables.
Result<std::string> describe_schema(const SchemaMeta& schema);

// Reads system_schema.keyspaces, .tables and .columns. A node ERROR or a table whose
// rows lack the columns read is reported as an error naming it.
Result<SchemaMeta> load_schema(Client& client,
                               std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace cairn::cql::client
