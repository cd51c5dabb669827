// The bench.kv table and the deterministic data the kv workloads write into it.
//
// `write` and `verify` run in different processes (verify typically after the writer
// was killed), so what key i holds must be recomputable from (seed, i) alone: the key
// is "key-" and i zero-padded to 12 digits, the value `value_size` bytes of a
// splitmix64 stream seeded with seed * 10^9 + i.
//
// Thread safety: the functions are pure, apart from the Database they are given.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.h"
#include "common/result.h"
#include "storage/database.h"

namespace cairn::bench {

inline constexpr const char* kKeyspace = "bench";
inline constexpr const char* kTable = "kv";

Bytes kv_key(uint64_t index);
Bytes kv_value(uint64_t seed, uint64_t index, size_t size);

// Creates keyspace `bench` (SimpleStrategy, RF 1) and table bench.kv (key blob PRIMARY
// KEY, value blob) unless they exist, and returns the table's stored schema.
Result<TableSchemaRef> create_kv_table(Database& db);

// The mutation that writes `value` under `key`, as INSERT INTO bench.kv would.
Result<Mutation> kv_mutation(const TableSchema& table, const Bytes& key, const Bytes& value,
                             int64_t timestamp_micros);

}  // namespace cairn::bench
