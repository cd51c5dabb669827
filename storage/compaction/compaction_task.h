// CompactionTask: merges sstables of one table into one new sstable, dropping what
// is shadowed and purging what may be purged (model/partition.h, Partition::compacted),
// and the cells of the table's dropped columns written before their drop.
//
// The task only writes the output; the table (ColumnFamilyStore) chooses inputs,
// wraps the run in a TransactionLog and swaps the result into its view.
//
// Thread safety: a task runs on one thread; its inputs are immutable readers that
// other threads keep reading meanwhile.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "common/env/env.h"
#include "common/logging.h"
#include "model/schema.h"
#include "sstable/sstable.h"

namespace cairn {

struct CompactionStats {
  uint64_t bytes_in = 0;   // Data components of the inputs
  uint64_t bytes_out = 0;  // Data component of the output
  uint64_t partitions_in = 0;
  uint64_t partitions_out = 0;
};

struct CompactionParams {
  // Purge tombstones and expired cells whose local deletion time is before this.
  int32_t gc_before = 0;
  // Write every partition exactly as the inputs hold it: nothing shadowed is dropped,
  // nothing is purged (upgrade rewriting, so dumps before and after agree).
  bool exact = false;
  // True when no data older than `timestamp` for `key` can exist outside the inputs.
  std::function<bool(const DecoratedKey& key, int64_t timestamp)> can_purge;
  // compaction_throughput: bytes per second written, 0 = unthrottled.
  uint64_t throughput_bytes_per_sec = 0;
  // Partitions whose encoded size passes this are logged (compaction_large_partition_warning_threshold).
  uint64_t large_partition_warning_bytes = 100ull << 20;
  // Checked between partitions: when set the task stops with Aborted.
  const std::atomic<bool>* stop = nullptr;
  // Split the output into sstables of about this many (uncompressed) bytes; 0: one.
  uint64_t max_output_bytes = 0;
  uint32_t output_level = 0;
  // Test hook: a failpoint checked after each partition is written
  // ("compaction.after_partition").
  FailPoints* failpoints = nullptr;
};

// Writes the merge of `inputs` to new sstables — one, or a new one each time the
// current passes params.max_output_bytes (leveled compaction) — each named by
// `next_output` (which also records it in the transaction) and written at
// params.output_level. Returns the readers of the finished sstables (none when
// nothing survived). On failure the outputs' files are removed.
Result<std::vector<std::shared_ptr<SSTableReader>>> run_compaction(
    const Env& env, const TableSchema& table,
    const std::vector<std::shared_ptr<SSTableReader>>& inputs,
    const std::function<Result<SSTableDescriptor>()>& next_output, const CompactionParams& params,
    Logger* logger, CompactionStats* stats);

}  // namespace cairn
