// What a read of one partition returns (ReadPartition, storage/database.h) made from
// the partition merged from a table's memtables and sstables: tombstones and expiry
// applied at the read's time, the schema's dropped columns hidden, rows in the asked
// order up to the row limit.
//
// Three ways to the same result: live_read() walks the merged partition once and writes
// each visible row straight into the result (the read path); read_one_sstable() does
// the same from the rows of a single sstable as it decodes them (the read path when
// one sstable holds the key); to_read_partition() turns a partition already reduced by
// Partition::live_view() into one (range scans, and the reference the others are
// tested against in tests/storage/read_result_test.cc).
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "model/partition.h"
#include "model/schema.h"
#include "sstable/sstable.h"
#include "storage/database.h"

namespace cairn {

// What a read returns of `live` (the result of Partition::live_view): its static row
// and first `row_limit` rows (last, when `reversed`), without the cells of dropped
// columns and without the rows only such cells kept alive. Empty (no rows, no static
// row) when nothing is left.
ReadPartition to_read_partition(const TableSchema& schema, const Partition& live, bool reversed,
                                size_t row_limit);

// The same as to_read_partition(schema, merged.live_view(now_seconds), reversed,
// row_limit), or nullopt where that is empty, without building the live view: each
// row is reduced to its live part only when the result takes it, and only until the
// limit is reached.
std::optional<ReadPartition> live_read(const TableSchema& schema, const Partition& merged,
                                       bool reversed, size_t row_limit, int32_t now_seconds);

// The same as live_read() of sstable.read(key, {slice}) when `sstable` is the only
// source of `key` (no memtable holds it, no other sstable may): the rows come from
// SSTableReader::visit_slice one at a time and go straight into the result, each
// reduced to its live part by moving its cells, and the visit stops at `row_limit`
// live rows — no Partition of rows is built, no row copied. Nullopt when the sstable
// does not hold the key or nothing of it is live.
Result<std::optional<ReadPartition>> read_one_sstable(const TableSchema& schema,
                                                      const SSTableReader& sstable,
                                                      const DecoratedKey& key,
                                                      const ClusteringSlice& slice, bool reversed,
                                                      size_t row_limit, int32_t now_seconds);

}  // namespace cairn
