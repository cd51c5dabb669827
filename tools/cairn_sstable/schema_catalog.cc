// load_schema_catalog (schema_catalog.h): the schema read from the system tables'
// sstables, without the Database.
#include "tools/cairn_sstable/schema_catalog.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include "model/mutation_builder.h"
#include "sstable/sstable.h"
#include "storage/system_keyspace.h"

namespace cairn::tools {
namespace {

using PartitionMap = std::map<DecoratedKey, Partition>;

// Merges every partition of every complete sstable of `table` into `out`. Returns the
// number of sstables read.
Result<size_t> read_all_sstables(const Env& env, const std::string& data_dir,
                                 const TableSchema& table, PartitionMap* out) {
  const std::string dir = table_directory(data_dir, table);
  if (!env.fs->is_directory(dir)) return size_t{0};
  CAIRN_ASSIGN_OR_RETURN(auto descriptors, list_sstables(*env.fs, dir, nullptr));
  for (const SSTableDescriptor& d : descriptors) {
    auto reader = SSTableReader::open(env, d, table.clustering_comparator());
    if (!reader.is_ok()) {
      return reader.status().with_context("reading the schema from " + table.keyspace() + "." +
                                          table.name());
    }
    std::vector<DecoratedKey> keys;
    (*reader)->collect_keys(PartitionRange::all(), std::numeric_limits<size_t>::max(), &keys);
    for (const DecoratedKey& key : keys) {
      CAIRN_ASSIGN_OR_RETURN(std::optional<Partition> partition, (*reader)->read(key));
      if (!partition) continue;
      auto [it, inserted] = out->try_emplace(key, table.clustering_comparator(), key);
      it->second.apply(*partition);
    }
  }
  return descriptors.size();
}

// The `definition` values of the rows of `table` that are live at `now`.
std::vector<Bytes> live_definitions(const PartitionMap& partitions, const TableSchema& table,
                                    int32_t now) {
  std::vector<Bytes> out;
  for (const auto& [key, partition] : partitions) {
    Partition live = partition.live_view(now);
    for (const auto& [clustering, row] : live.rows()) {
      std::optional<Bytes> definition = column_value(table, row, "definition");
      if (definition) out.push_back(std::move(*definition));
    }
  }
  return out;
}

}  // namespace

TableSchemaRef SchemaCatalog::find_by_id(const Uuid& id) const {
  for (const auto& [name, table] : tables) {
    if (table->id() == id) return table;
  }
  return nullptr;
}

std::string table_directory(const std::string& data_dir, const TableSchema& table) {
  std::string id = table.id().to_string();
  std::erase(id, '-');
  return join_path(join_path(data_dir, table.keyspace()), table.name() + "-" + id);
}

Result<SchemaCatalog> load_schema_catalog(const Env& env, const std::string& data_dir) {
  const int32_t now = env.clock->now_seconds();
  const TableSchemaRef keyspaces_table = system_keyspaces_table();
  const TableSchemaRef tables_table = system_tables_table();

  PartitionMap keyspace_partitions, table_partitions;
  CAIRN_ASSIGN_OR_RETURN(size_t keyspace_sstables,
                         read_all_sstables(env, data_dir, *keyspaces_table, &keyspace_partitions));
  CAIRN_ASSIGN_OR_RETURN(size_t table_sstables,
                         read_all_sstables(env, data_dir, *tables_table, &table_partitions));
  if (keyspace_sstables == 0 && table_sstables == 0) {
    return Status::not_found("no schema found in " + data_dir + ": no sstables in " +
                             table_directory(data_dir, *tables_table) +
                             " (not a Cairn data directory, or its schema is still only in the "
                             "commitlog)");
  }

  SchemaCatalog catalog;
  for (const TableSchemaRef& t : system_tables()) {
    catalog.keyspaces.insert(t->keyspace());
    catalog.tables[{t->keyspace(), t->name()}] = t;
  }
  for (const Bytes& definition : live_definitions(keyspace_partitions, *keyspaces_table, now)) {
    auto ks = KeyspaceSchema::decode(definition);
    if (!ks.is_ok()) {
      return Status::corruption("a keyspace definition in system.schema_keyspaces of " + data_dir +
                                " does not decode: " + ks.status().to_string());
    }
    catalog.keyspaces.insert(ks->name);
  }
  for (const Bytes& definition : live_definitions(table_partitions, *tables_table, now)) {
    auto table = TableSchema::decode(definition);
    if (!table.is_ok()) {
      return Status::corruption("a table definition in system.schema_tables of " + data_dir +
                                " does not decode: " + table.status().to_string());
    }
    catalog.tables[{(*table)->keyspace(), (*table)->name()}] = *table;
  }
  return catalog;
}

}  // namespace cairn::tools
