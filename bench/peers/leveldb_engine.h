// LevelDbEngine: Debian's LevelDB (libleveldb-dev) behind the Engine interface
// (bench/engines/engine.h), so that cairn-bench measures it in the same run as Cairn.
//
// It is used the way a LevelDB user would write the same workload: keys and values as
// given, a seek_scan an iterator Seek plus Next calls over the single ordered key space
// (put_sorted is put). The options mirror Cairn's where an equivalent exists, and
// settings() prints the mapping:
//   - sync: periodic -> every write appended to the log without a sync (in the page
//     cache when put() returns, as Cairn's commitlog); group/batch ->
//     WriteOptions::sync on every write, which LevelDB's writer queue shares across
//     concurrent writers (one log write and sync for the batch at the head).
//   - compression Snappy (the only codec LevelDB has; Cairn's sstables use LZ4),
//     bloom filters of 10 bits per key, one LRU block cache of
//     EngineOptions::cache_bytes, a memtable (write_buffer_size) of
//     EngineOptions::memtable_bytes. Everything else is LevelDB's default (4 KiB
//     blocks, 2 MiB table files, one background compaction thread).
//
// Built only when CMake finds libleveldb (CAIRN_BENCH_HAVE_LEVELDB).
//
// Thread safety: as Engine.
#pragma once

#include <memory>
#include <string>

#include "bench/engines/engine.h"

namespace leveldb {
class Cache;
class DB;
class FilterPolicy;
}  // namespace leveldb

namespace cairn::bench {

class LevelDbEngine final : public Engine {
 public:
  LevelDbEngine();
  ~LevelDbEngine() override;

  std::string_view name() const override { return "leveldb"; }
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
  // Declared before db_ so that they outlive it: the DB uses both until deleted.
  std::unique_ptr<leveldb::Cache> cache_;
  std::unique_ptr<const leveldb::FilterPolicy> filter_;
  std::unique_ptr<leveldb::DB> db_;
  bool durable_writes_ = false;  // --sync group or batch: WriteOptions::sync on every write
  std::string dir_;
  std::string settings_;
};

}  // namespace cairn::bench
