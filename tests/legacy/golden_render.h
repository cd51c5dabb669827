// Text renderings of stored data for the legacy-sstable golden tests.
//
// render_raw() shows everything an sstable holds for a partition — tombstones,
// timestamps, TTLs, local deletion times — so a reader of a later version is checked
// byte-for-meaning against what the old writer stored. render_live() shows what a read
// returns. Both are deterministic and line-oriented, so a failure diff is readable.
#pragma once

#include <string>

#include "model/partition.h"
#include "model/schema.h"
#include "storage/database.h"

namespace cairn::testing {

std::string render_raw(const TableSchema& table, const Partition& partition);
std::string render_live(const TableSchema& table, const ReadPartition& partition);

}  // namespace cairn::testing
