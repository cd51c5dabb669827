// DatabaseOptions: how an embedded Database is configured. Field names follow
// Cassandra's cairn.yaml keys where one exists.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "commitlog/commitlog.h"
#include "common/logging.h"

namespace cairn {

struct DatabaseOptions {
  // data_file_directories (the first one): keyspaces, tables and sstables live here,
  // and the LOCK file that keeps a second process out. Created if missing.
  std::string data_directory = "./data";
  // commitlog_directory; empty means <data_directory>/commitlog.
  std::string commitlog_directory;

  CommitLogSync commitlog_sync = CommitLogSync::kPeriodic;
  std::chrono::milliseconds commitlog_sync_period{10000};  // periodic mode only
  uint64_t commitlog_segment_size_bytes = 32ull << 20;
  CommitFailurePolicy commit_failure_policy = CommitFailurePolicy::kStop;

  // A table's memtable is flushed to an sstable once it holds about this many bytes.
  uint64_t memtable_flush_threshold_bytes = 64ull << 20;

  // batch_size_warn_threshold / batch_size_fail_threshold: over warn a batch succeeds
  // with a warning naming its size and tables; over fail it is rejected whole.
  uint64_t batch_size_warn_threshold_bytes = 5 * 1024;
  uint64_t batch_size_fail_threshold_bytes = 50 * 1024;

  // Writers to a table wait while this many of its memtables are queued for flush
  // (Cassandra blocks writes the same way when flushing falls behind). 0: never wait —
  // only for tests whose background work runs when they say so. With 1, a table holds
  // at most two memtables (the active one and the one flushing), which keeps memory
  // near twice the flush threshold (docs/benchmarks.md: a 10M-key fill peaked at 413
  // MiB RSS with 4, 204 MiB with 1).
  size_t max_pending_flushes = 1;

  // compaction_throughput: bytes per second a compaction may write (0 = unthrottled).
  uint64_t compaction_throughput_bytes_per_sec = 64ull << 20;
  // compaction_large_partition_warning_threshold: compacting a bigger partition logs a warning.
  uint64_t compaction_large_partition_warning_threshold_bytes = 100ull << 20;
  // Compact in the background after flushes (Cassandra's autocompaction). Off, tables
  // compact only when asked (Database::compact).
  bool auto_compaction = true;

  // auto_snapshot: before truncate() or drop_table() removes a table's data, take a
  // snapshot of it (truncated-<millis>-<table> / dropped-<millis>-<table>) so the data
  // can be restored with import_sstables(). Snapshots are hard links: they cost no
  // space until compaction or the truncate removes the live files. Fixed at open.
  bool auto_snapshot = true;

  // Where the database logs; nullptr logs to stderr at INFO.
  Logger* logger = nullptr;
};

}  // namespace cairn
