#include "cql/system/system_tables.h"

#include <algorithm>
#include <set>
#include <utility>

#include "common/coding.h"
#include "cql/system/local_rows.h"
#include "cql/system/name_uuid.h"
#include "cql/system/schema_rows.h"
#include "cql/system/virtual_partitions.h"
#include "cql/system/virtual_schemas.h"

namespace cairn::cql {
namespace {

KeyspaceSchema local_keyspace(std::string_view name) {
  return KeyspaceSchema{
      std::string(name), {{"class", "org.apache.cassandra.locator.LocalStrategy"}}, true};
}

KeyspaceSchema simple_keyspace(std::string_view name, int replication_factor) {
  return KeyspaceSchema{std::string(name),
                        {{"class", "org.apache.cassandra.locator.SimpleStrategy"},
                         {"replication_factor", std::to_string(replication_factor)}},
                        true};
}

}  // namespace

SystemTables::SystemTables(Database& db, NodeInfo node)
    : db_(db), node_(std::move(node)), tables_(make_virtual_table_schemas()) {}

TableSchemaRef SystemTables::find(std::string_view keyspace, std::string_view table) const {
  for (const TableSchemaRef& t : tables_) {
    if (t->keyspace() == keyspace && t->name() == table) return t;
  }
  return nullptr;
}

std::vector<KeyspaceSchema> SystemTables::system_keyspaces() {
  return {local_keyspace(kSystemKeyspaceName), simple_keyspace(kAuthKeyspaceName, 1),
          simple_keyspace(kDistributedKeyspaceName, 3), local_keyspace(kSchemaKeyspaceName),
          simple_keyspace(kTracesKeyspaceName, 2)};
}

bool SystemTables::is_system_keyspace(std::string_view name) {
  return name == kSystemKeyspaceName || name == kSchemaKeyspaceName || name == kAuthKeyspaceName ||
         name == kDistributedKeyspaceName || name == kTracesKeyspaceName ||
         name == kVirtualSchemaKeyspaceName;
}

Status SystemTables::validate(const NodeInfo& node) {
  CAIRN_RETURN_IF_ERROR(serialize_inet("listen_address", node.listen_address).status());
  return serialize_inet("rpc_address", node.rpc_address).status();
}

std::vector<TableSchemaRef> SystemTables::tables_in(std::string_view keyspace) const {
  std::vector<TableSchemaRef> out;
  std::set<std::string> names;
  for (const TableSchemaRef& t : tables_) {
    if (t->keyspace() == keyspace && names.insert(t->name()).second) out.push_back(t);
  }
  // The stored tables of the keyspace (Cairn's own in `system`, the users' elsewhere);
  // a generated table hides a stored one of the same name.
  for (TableSchemaRef& t : db_.tables(std::string(keyspace))) {
    if (names.insert(t->name()).second) out.push_back(std::move(t));
  }
  return out;
}

SystemTables::Schema SystemTables::schema() const {
  Schema s;
  s.keyspaces = system_keyspaces();
  for (KeyspaceSchema& ks : db_.keyspaces()) {
    if (!is_system_keyspace(ks.name)) s.keyspaces.push_back(std::move(ks));
  }
  for (const KeyspaceSchema& ks : s.keyspaces) {
    for (TableSchemaRef& t : tables_in(ks.name)) s.tables.push_back(std::move(t));
  }
  return s;
}

Uuid SystemTables::schema_version() const {
  // The users' keyspaces and tables in name order, as the store encodes them (ids
  // included, so dropping and re-creating a table changes the version), each
  // length-prefixed so that no two schemas digest alike.
  std::vector<KeyspaceSchema> keyspaces = db_.keyspaces();
  std::sort(keyspaces.begin(), keyspaces.end(),
            [](const KeyspaceSchema& a, const KeyspaceSchema& b) { return a.name < b.name; });
  Bytes digest_input;
  for (const KeyspaceSchema& ks : keyspaces) {
    put_length_prefixed(&digest_input, ks.name);
    put_length_prefixed(&digest_input, ks.encode());
    std::vector<TableSchemaRef> tables = db_.tables(ks.name);
    std::sort(tables.begin(), tables.end(), [](const TableSchemaRef& a, const TableSchemaRef& b) {
      return a->name() < b->name();
    });
    put_varint(&digest_input, tables.size());
    for (const TableSchemaRef& t : tables) put_length_prefixed(&digest_input, t->encode());
  }
  return name_based_uuid(digest_input);
}

Result<std::vector<ReadPartition>> SystemTables::read_all(const TableSchema& table,
                                                          int64_t now_micros) const {
  TableSchemaRef generated = find(table.keyspace(), table.name());
  if (!generated) {
    return Status::invalid_argument(table.keyspace() + "." + table.name() +
                                    " is not a generated system table");
  }
  VirtualPartitions out(*generated, now_micros);
  CAIRN_RETURN_IF_ERROR(fill(*generated, out));
  return std::move(out).finish();
}

Status SystemTables::fill(const TableSchema& table, VirtualPartitions& out) const {
  const std::string& ks = table.keyspace();
  const std::string& name = table.name();
  if (ks == kSystemKeyspaceName) {
    if (name == "local") return write_local_row(node_, schema_version(), out);
    return Status::ok();  // peers, peers_v2: a single node has none
  }
  if (ks == kSchemaKeyspaceName) {
    if (name == "keyspaces") return write_keyspace_rows(schema().keyspaces, out);
    if (name == "tables") return write_table_rows(schema().tables, out);
    if (name == "columns") return write_column_rows(schema().tables, out);
    if (name == "dropped_columns") return write_dropped_column_rows(schema().tables, out);
    // Cairn has no user types, functions, aggregates, views, secondary indexes or
    // triggers.
    return Status::ok();
  }
  // system_virtual_schema describes the virtual keyspaces: itself.
  std::vector<TableSchemaRef> virtual_tables;
  for (const TableSchemaRef& t : tables_) {
    if (t->keyspace() == kVirtualSchemaKeyspaceName) virtual_tables.push_back(t);
  }
  if (name == "keyspaces") {
    return write_virtual_keyspace_rows({std::string(kVirtualSchemaKeyspaceName)}, out);
  }
  if (name == "tables") return write_virtual_table_rows(virtual_tables, out);
  return write_column_rows(virtual_tables, out);
}

}  // namespace cairn::cql
