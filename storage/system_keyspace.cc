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

TableSchemaRef system_truncations_table() {
  static const TableSchemaRef table = build(std::move(
      TableSchema::Builder(kSystemKeyspace, "truncations")
          .id(fixed_id(3))
          .partition_key("table_id", CqlType::uuid())
          .regular("segment_id", CqlType::bigint())
          .regular("position", CqlType::int_())
          .regular("generation", CqlType::bigint())));
  return table;
}

std::vector<TableSchemaRef> system_tables() {
  return {system_keyspaces_table(), system_tables_table(), system_truncations_table()};
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


Result<Mutation> truncation_recorded(const Uuid& table_id, const TruncationRecord& record,
                                     int64_t timestamp, int32_t now) {
  MutationBuilder b(*system_truncations_table(), {values::from_uuid(table_id.to_bytes())},
                    timestamp, now);
  b.row({})
      .marker()
      .set("segment_id", values::from_bigint(static_cast<int64_t>(record.position.segment_id)))
      .set("position", values::from_int(static_cast<int32_t>(record.position.offset)))
      .set("generation", values::from_bigint(static_cast<int64_t>(record.first_generation)));
  return b.build();
}

Result<Mutation> truncation_removed(const Uuid& table_id, int64_t timestamp, int32_t now) {
  MutationBuilder b(*system_truncations_table(), {values::from_uuid(table_id.to_bytes())},
                    timestamp, now);
  b.delete_partition();
  return b.build();
}

Result<std::pair<Uuid, TruncationRecord>> decode_truncation(const DecoratedKey& key,
                                                            const Row& row) {
  const TableSchema& t = *system_truncations_table();
  auto bad = [](const std::string& why) {
    return Status::corruption("system.truncations: " + why);
  };
  auto id = Uuid::from_bytes(key.key);
  if (!id.is_ok()) return bad("a table_id is not a uuid");
  const std::string table = id->to_string();
  auto segment = column_value(t, row, "segment_id");
  auto position = column_value(t, row, "position");
  auto generation = column_value(t, row, "generation");
  if (!segment || !position || !generation) return bad("the row of " + table + " is incomplete");
  auto segment_id = values::to_bigint(*segment);
  auto offset = values::to_int(*position);
  auto first_generation = values::to_bigint(*generation);
  if (!segment_id.is_ok() || !offset.is_ok() || !first_generation.is_ok() || *segment_id < 0 ||
      *offset < 0 || *first_generation < 0) {
    return bad("the row of " + table + " holds a malformed value");
  }
  TruncationRecord record;
  record.position = {static_cast<uint64_t>(*segment_id), static_cast<uint32_t>(*offset)};
  record.first_generation = static_cast<uint64_t>(*first_generation);
  return std::make_pair(*id, record);
}

}  // namespace cairn
