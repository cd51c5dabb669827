// SchemaCatalog: the keyspaces and tables a data directory's system keyspace records,
// read offline from the system tables' sstables.
//
// The running engine reads its schema through the Database, which takes the data
// directory's LOCK and replays the commitlog. An offline tool must do neither: it may
// run beside a live node and must not change anything. So load_schema_catalog() opens
// the sstables of system.schema_keyspaces and system.schema_tables directly, merges
// every partition they hold and keeps what is live now. A schema change still only in
// the commitlog (not yet flushed) is therefore invisible here.
//
// Thread safety: a catalog is a value; load_schema_catalog() uses only its arguments.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/env/env.h"
#include "common/result.h"
#include "model/schema.h"

namespace cairn::tools {

struct SchemaCatalog {
  std::set<std::string> keyspaces;  // includes "system"
  // (keyspace, table) -> schema; includes the system tables themselves.
  std::map<std::pair<std::string, std::string>, TableSchemaRef> tables;

  // The table whose id is `id`, or nullptr.
  TableSchemaRef find_by_id(const Uuid& id) const;
};

// <data_dir>/<keyspace>/<table>-<id as 32 hex digits>, as the engine lays tables out.
std::string table_directory(const std::string& data_dir, const TableSchema& table);

// Reads the schema recorded in `data_dir`. NotFound when the directory has no system
// schema sstables at all (not a Cairn data directory, or nothing was ever flushed);
// Corruption (naming the file) when a system sstable or a stored definition is damaged.
Result<SchemaCatalog> load_schema_catalog(const Env& env, const std::string& data_dir);

}  // namespace cairn::tools
