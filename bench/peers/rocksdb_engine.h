// RocksDbEngine: Debian's RocksDB (librocksdb-dev) behind the Engine interface
// (bench/engines/engine.h), so that cairn-bench measures it in the same run as Cairn.
//
// It is used the way a RocksDB user would write the same workload: one default column
// family, keys and values as given, a seek_scan an iterator Seek plus Next calls over
// the single ordered key space (put_sorted is put). The options mirror Cairn's where an
// equivalent exists, and settings() prints the mapping:
//   - sync: periodic -> every write appended to the WAL without a sync (in the page
//     cache when put() returns, as Cairn's commitlog); group/batch -> WriteOptions::sync
//     on every write, which RocksDB's write group shares across concurrent writers.
//   - compression LZ4 on every level (Cairn's sstables are LZ4 too), bloom filters of
//     10 bits per key, one LRU block cache of EngineOptions::cache_bytes, a memtable
//     (write_buffer_size) of EngineOptions::memtable_bytes. Everything else is
//     RocksDB's default (4 KiB blocks, leveled compaction, 2 background jobs).
//
// Built only when CMake finds librocksdb (CAIRN_BENCH_HAVE_ROCKSDB).
//
// Thread safety: as Engine.
#pragma once

#include <memory>
#include <string>

#include "bench/engines/engine.h"

namespace rocksdb {
class DB;
}

namespace cairn::bench {

class RocksDbEngine final : public Engine {
 public:
  RocksDbEngine();
  ~RocksDbEngine() override;

  std::string_view name() const override { return "rocksdb"; }
  Status open(const std::string& dir, const EngineOptions& options) override;
  std::string settings() const override { return settings_; }
  bool library_assertions() const override;
  Status put(std::string_view key, std::string_view value, bool sync) override;
  Result<bool> get(std::string_view key, std::string* value) override;
  Status erase(std::string_view key) override;
  Status put_sorted(std::string_view key, std::string_view value) override;
  Result<size_t> seek_scan(
      std::string_view start_key, size_t n,
      const std::function<void(std::string_view key, std::string_view value)>& callback) override;
  Status compact() override;
  Status close() override;

 private:
  std::unique_ptr<rocksdb::DB> db_;
  bool durable_writes_ = false;  // --sync group or batch: WriteOptions::sync on every write
  std::string dir_;
  std::string settings_;
};

}  // namespace cairn::bench
