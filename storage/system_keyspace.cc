#include "storage/system_keyspace.h"

#include "model/mutation_builder.h"

namespace cairn {
namespace {

Uuid fixed_id(uint8_t last) {
  std::array<uint8_t, 16> bytes{};
  bytes[6] = 0x40;  // version 4, so the id looks like any other table id
  bytes[8] = 0x80;
  bytes[15] = last;
  return Uuid(bytes);
}

TableSchemaRef build(TableSchema::Builder b) {
  auto t = b.build();
  // The system schemas are constants; failing to build one is a bug.
  if (!t.is_ok()) std::abort();
  return *t;
}

}  // namespace

TableSchemaRef system_keyspaces_table() {
  static const TableSchemaRef table = build(std::move(
      TableSchema::Builder(kSystemKeyspace, "schema_keyspaces")
          .id(fixed_id(1))
          .partition_key("keyspace_name", CqlType::text())
          .regular("definition", CqlType::blob())));
  return table;
}

TableSchemaRef system_tables_table() {
  static const TableSchemaRef table = build(std::move(
      TableSchema::Builder(kSystemKeyspace, "schema_tables")
          .id(fixed_id(2))
          .partition_key("keyspace_name", CqlType::text())
          .clustering("table_name", CqlType::text())
          .regular("definition", CqlType::blob())));
  return table;
}

std::vector<TableSchemaRef> system_tables() {
  return {system_keyspaces_table(), system_tables_table()};
}

bool is_system_keyspace(std::string_view name) { return name == kSystemKeyspace; }

Result<Mutation> keyspace_created(const KeyspaceSchema& ks, int64_t timestamp, int32_t now) {
  MutationBuilder b(*system_keyspaces_table(), {values::from_text(ks.name)}, timestamp, now);
  b.row({}).marker().set("definition", ks.encode());
  return b.build();
}

Result<Mutation> keyspace_dropped(const std::string& name, int64_t timestamp, int32_t now) {
  MutationBuilder b(*system_keyspaces_table(), {values::from_text(name)}, timestamp, now);
  b.delete_partition();
  return b.build();
}

Result<Mutation> table_created(const TableSchema& table, int64_t timestamp, int32_t now) {
  MutationBuilder b(*system_tables_table(), {values::from_text(table.keyspace())}, timestamp, now);
  b.row({values::from_text(table.name())}).marker().set("definition", table.encode());
  return b.build();
}

Result<Mutation> table_dropped(const TableSchema& table, int64_t timestamp, int32_t now) {
  MutationBuilder b(*system_tables_table(), {values::from_text(table.keyspace())}, timestamp, now);
  b.delete_row({values::from_text(table.name())});
  return b.build();
}

}  // namespace cairn
