// The bench.kv table and its deterministic keys and values (see kv_table.h).
#include "bench/kv_table.h"

#include <fmt/format.h>

namespace cairn::bench {
namespace {

// splitmix64 (Steele, Lea, Flood): a tiny generator whose whole state is one word,
// so the value of any key can be regenerated without replaying the ones before it.
uint64_t splitmix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

Bytes kv_key(uint64_t index) { return fmt::format("key-{:012}", index); }

Bytes kv_value(uint64_t seed, uint64_t index, size_t size) {
  uint64_t state = seed * 1'000'000'000ULL + index;  // wraps for huge seeds, which is fine
  Bytes value(size, '\0');
  for (size_t i = 0; i < size; i += 8) {
    uint64_t word = splitmix64(&state);
    for (size_t b = 0; b < 8 && i + b < size; ++b) {
      value[i + b] = static_cast<char>(word >> (8 * b));
    }
  }
  return value;
}

Result<TableSchemaRef> create_kv_table(Database& db) {
  KeyspaceSchema keyspace;  // SimpleStrategy, replication_factor 1 by default
  keyspace.name = kKeyspace;
  CAIRN_RETURN_IF_ERROR(db.create_keyspace(keyspace, /*if_not_exists=*/true));
  // 4 KiB compression chunks, as the peers' 4 KiB blocks: a point read that misses the
  // chunk cache reads and decompresses 4 KiB, not 16 (docs/benchmarks.md, "The point
  // read path"). The table's option, not a format change.
  TableOptions options;
  options.compression["chunk_length_in_kb"] = "4";
  auto schema = TableSchema::Builder(kKeyspace, kTable)
                    .partition_key("key", CqlType::blob())
                    .regular("value", CqlType::blob())
                    .options(std::move(options))
                    .build();
  if (!schema.is_ok()) return schema.status();
  return db.create_table(*schema, /*if_not_exists=*/true);
}

Result<Mutation> kv_mutation(const TableSchema& table, const Bytes& key, const Bytes& value,
                             int64_t timestamp_micros) {
  MutationBuilder m(table, {key}, timestamp_micros,
                    static_cast<int32_t>(timestamp_micros / 1'000'000));
  m.row({}).marker().set("value", value);
  return m.build();
}

}  // namespace cairn::bench
