// BenchDatabase: shared engine flags and opening the database (see bench_db.h).
#include "bench/bench_db.h"

#include <fmt/format.h>

#include <cstdlib>

#include "commitlog/commitlog.h"

namespace cairn::bench {
namespace {

constexpr uint64_t kMaxMegabytes = 1 << 20;  // 1 TiB: anything larger is a typo

LogLevel parse_log_level(const std::string& name) {
  if (name == "debug") return LogLevel::kDebug;
  if (name == "warn") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  return LogLevel::kInfo;  // the flag's choices admit nothing else
}

}  // namespace

void add_db_flags(FlagSet& flags, DbFlags* db, bool write_options) {
  flags.add_string("data-dir", &db->data_dir, "DIR", "data directory of the database", true);
  flags.add_choice("log-level", &db->log_level, {"debug", "info", "warn", "error"},
                   "engine log level (the log goes to stderr)");
  if (!write_options) return;
  flags.add_choice("sync", &db->sync, {"periodic", "group", "batch"}, "commitlog_sync mode");
  flags.add_uint("memtable-mb", &db->memtable_mb, "memtable flush threshold in MiB", 1,
                 kMaxMegabytes);
  flags.add_uint("segment-mb", &db->segment_mb, "commitlog segment size in MiB", 1, 2048);
  flags.add_uint("sync-period-ms", &db->sync_period_ms,
                 "commitlog_sync_period in milliseconds (periodic only)", 1, 3'600'000);
}

Result<std::unique_ptr<BenchDatabase>> BenchDatabase::open(const DbFlags& flags,
                                                           int env_threads) {
  auto sync = parse_commitlog_sync(flags.sync);
  if (!sync.is_ok()) return sync.status();

  std::unique_ptr<BenchDatabase> bench(new BenchDatabase(parse_log_level(flags.log_level)));
  bench->env_ = std::make_unique<DefaultEnv>(env_threads);
  if (const char* spec = std::getenv("CAIRN_FAILPOINTS"); spec != nullptr && *spec != '\0') {
    Status s = bench->env_->env().failpoints->arm_from_spec(spec);
    if (!s.is_ok()) return s.with_context("CAIRN_FAILPOINTS");
    bench->logger_.info("armed failpoints: {}", spec);
  }

  DatabaseOptions options;
  options.data_directory = flags.data_dir;
  options.commitlog_sync = *sync;
  options.commitlog_sync_period = std::chrono::milliseconds(flags.sync_period_ms);
  options.commitlog_segment_size_bytes = flags.segment_mb << 20;
  options.memtable_flush_threshold_bytes = flags.memtable_mb << 20;
  options.logger = &bench->logger_;
  auto db = Database::open(bench->env_->env(), options);
  if (!db.is_ok()) {
    return db.status().with_context(fmt::format("opening the database in {}", flags.data_dir));
  }
  bench->db_ = std::move(db).value();
  return bench;
}

}  // namespace cairn::bench
