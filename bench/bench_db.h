// BenchDatabase: how every cairn-bench workload opens the embedded Database.
//
// The flags that configure the engine (data directory, commitlog_sync, sizes, log
// level) are shared by all workloads, so they are declared once here. The database
// runs on a DefaultEnv that the bench owns rather than the one Database::open would
// create, because crash tests arm failpoints on it through the CAIRN_FAILPOINTS
// environment variable (e.g. "commitlog.before_sync=kill@3").
//
// Thread safety: db() may be used from many threads, as Database allows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bench/flags.h"
#include "common/env/env.h"
#include "common/logging.h"
#include "storage/database.h"

namespace cairn::bench {

struct DbFlags {
  std::string data_dir;              // data_file_directories; required
  std::string sync = "periodic";     // commitlog_sync
  uint64_t memtable_mb = DatabaseOptions{}.memtable_flush_threshold_bytes >> 20;
  uint64_t segment_mb = DatabaseOptions{}.commitlog_segment_size_bytes >> 20;
  uint64_t sync_period_ms = static_cast<uint64_t>(DatabaseOptions{}.commitlog_sync_period.count());
  std::string log_level = "info";
};

// Declares --data-dir and --log-level, and with `write_options` also the flags that
// only matter to a process that writes (--sync, --memtable-mb, --segment-mb,
// --sync-period-ms).
void add_db_flags(FlagSet& flags, DbFlags* db, bool write_options);

class BenchDatabase {
 public:
  // Arms CAIRN_FAILPOINTS (InvalidArgument if malformed) and opens the database.
  // Errors name the data directory, e.g. Busy when another process holds its lock.
  static Result<std::unique_ptr<BenchDatabase>> open(const DbFlags& flags, int env_threads = 2);

  Database& db() { return *db_; }
  // Closes the database (flushing memtables); the destructor does it too, but a
  // workload wants to report a failed close.
  Status close() { return db_->close(); }

 private:
  explicit BenchDatabase(LogLevel level) : logger_(level) {}

  // Declared before db_ so that they outlive it.
  std::unique_ptr<DefaultEnv> env_;
  Logger logger_;
  std::unique_ptr<Database> db_;
};

}  // namespace cairn::bench
