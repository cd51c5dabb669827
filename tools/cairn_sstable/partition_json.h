// write_partition_json: one partition as cairn-sstable dump prints it.
//
//   {
//     "key": ["<CQL literal of each partition key column>"],
//     "token": <murmur3 token>,
//     "deletion": {"marked_for_delete_at": <µs>, "local_deletion_time": <s>},  if deleted
//     "range_tombstones": [{"start": {"clustering": [...], "inclusive": true},
//                           "end": {...}, "deletion": {...}}],                    if any
//     "static_row": <row without "clustering">,                                   if any
//     "rows": [{
//       "clustering": ["<literal>", ...],
//       "marker": {"timestamp": <µs>, "ttl": <s>, "expires_at": <s>},  ttl/expiry if expiring
//       "deletion": {...},                                             if deleted
//       "collection_deletions": [{"column": "<name>", "deletion": {...}}],
//       "cells": [{"column": "<name>", "path": "<literal>", "value": "<literal>",
//                  "timestamp": <µs>, "ttl": <s>, "local_deletion_time": <s>,
//                  "tombstone": true}]
//     }]
//   }
//
// Values are CQL literals (CqlType::to_cql_literal) of the column's type; a value that
// is not valid for its type (only a damaged or foreign file has one) is printed as
// "invalid <type> 0x<hex>" instead. "path" is present for cells of non-frozen
// collections (a set's element, a map's key, a list element's time-ordered id as a
// blob); "value" is absent for tombstones and set elements; "ttl",
// "local_deletion_time" and "tombstone" only when set. Cells are in column id order,
// then path order; range tombstones in clustering order of their bounds. Timestamps
// are microseconds, ttls and deletion times seconds, as stored. Nothing depends on
// the clock, the file name or the order the sstable stored things in beyond what the
// data defines, so equal partitions always print the same bytes.
#pragma once

#include "model/partition.h"
#include "model/schema.h"
#include "tools/cairn_sstable/json_writer.h"

namespace cairn::tools {

// REQUIRES: `partition` was read with `table`'s clustering comparator.
void write_partition_json(const TableSchema& table, const Partition& partition, JsonWriter* out);

}  // namespace cairn::tools
