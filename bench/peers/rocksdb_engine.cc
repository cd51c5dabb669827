// RocksDbEngine: RocksDB behind the Engine interface (see rocksdb_engine.h).
#include "bench/peers/rocksdb_engine.h"

#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/version.h>

namespace cairn::bench {
namespace {

constexpr int kBloomBitsPerKey = 10;

rocksdb::Slice slice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// A RocksDB error as a Status naming what failed and where.
Status to_status(const rocksdb::Status& s, std::string_view what, const std::string& dir) {
  if (s.ok()) return Status::ok();
  std::string message = fmt::format("rocksdb {} in {}: {}", what, dir, s.ToString());
  if (s.IsInvalidArgument()) return Status::invalid_argument(std::move(message));
  if (s.IsCorruption()) return Status::corruption(std::move(message));
  if (s.IsNotSupported()) return Status::not_supported(std::move(message));
  if (s.IsBusy()) return Status::busy(std::move(message));
  return Status::io_error(std::move(message));
}

}  // namespace

RocksDbEngine::RocksDbEngine() = default;

RocksDbEngine::~RocksDbEngine() {
  Status s = close();
  (void)s;  // a destructor cannot report; close() is how a run sees the error
}

bool RocksDbEngine::library_assertions() const {
#if CAIRN_ROCKSDB_ASSERTIONS
  return true;
#else
  return false;
#endif
}

Status RocksDbEngine::open(const std::string& dir, const EngineOptions& options) {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kLZ4Compression;
  if (options.memtable_bytes != 0) o.write_buffer_size = options.memtable_bytes;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  table.block_cache = rocksdb::NewLRUCache(options.cache_bytes);
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  o.info_log_level = options.log_level == "debug"  ? rocksdb::DEBUG_LEVEL
                     : options.log_level == "info" ? rocksdb::INFO_LEVEL
                     : options.log_level == "warn" ? rocksdb::WARN_LEVEL
                                                   : rocksdb::ERROR_LEVEL;

  rocksdb::DB* db = nullptr;
  CAIRN_RETURN_IF_ERROR(to_status(rocksdb::DB::Open(o, dir, &db), "open", dir));
  db_.reset(db);
  dir_ = dir;
  durable_writes_ = options.sync != "periodic";
  settings_ = fmt::format(
      "RocksDB {}.{}.{} (Debian librocksdb{}): {}, compression LZ4, bloom {} bits/key, "
      "block cache {} MiB (LRU), write_buffer_size {} MiB, block size {} B, leveled "
      "compaction, max_background_jobs {}",
      ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH,
      library_assertions() ? ", built with assertions: NDEBUG not defined" : "",
      durable_writes_ ? "WriteOptions::sync on every write (grouped across writers)"
                      : "WAL written on every write, never synced",
      kBloomBitsPerKey, options.cache_bytes >> 20, o.write_buffer_size >> 20, table.block_size,
      o.max_background_jobs);
  return Status::ok();
}

Status RocksDbEngine::put(std::string_view key, std::string_view value, bool sync) {
  if (sync && !durable_writes_) {
    return Status::invalid_argument("a synced write needs --sync group or batch");
  }
  rocksdb::WriteOptions w;
  w.sync = durable_writes_;
  return to_status(db_->Put(w, slice(key), slice(value)), "put", dir_);
}

Result<bool> RocksDbEngine::get(std::string_view key, std::string* value) {
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), slice(key), value);
  if (s.IsNotFound()) return false;
  CAIRN_RETURN_IF_ERROR(to_status(s, "get", dir_));
  return true;
}

Status RocksDbEngine::erase(std::string_view key) {
  rocksdb::WriteOptions w;
  w.sync = durable_writes_;
  return to_status(db_->Delete(w, slice(key)), "delete", dir_);
}

Status RocksDbEngine::put_sorted(std::string_view key, std::string_view value) {
  return put(key, value, false);
}

Result<size_t> RocksDbEngine::seek_scan(
    std::string_view start_key, size_t n,
    const std::function<void(std::string_view key, std::string_view value)>& callback) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  size_t given = 0;
  for (it->Seek(slice(start_key)); given < n && it->Valid(); it->Next()) {
    callback(std::string_view(it->key().data(), it->key().size()),
             std::string_view(it->value().data(), it->value().size()));
    ++given;
  }
  CAIRN_RETURN_IF_ERROR(to_status(it->status(), "iterator", dir_));
  return given;
}

Status RocksDbEngine::compact() {
  CAIRN_RETURN_IF_ERROR(to_status(db_->Flush(rocksdb::FlushOptions()), "flush", dir_));
  rocksdb::CompactRangeOptions c;
  c.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  return to_status(db_->CompactRange(c, nullptr, nullptr), "compaction", dir_);
}

Status RocksDbEngine::close() {
  if (!db_) return Status::ok();
  Status flushed = to_status(db_->Flush(rocksdb::FlushOptions()), "flush", dir_);
  Status closed = to_status(db_->Close(), "close", dir_);
  db_.reset();
  return flushed.is_ok() ? closed : flushed;
}

}  // namespace cairn::bench
