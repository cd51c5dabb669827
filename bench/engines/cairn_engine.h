// CairnEngine: the embedded Database behind the Engine interface (engine.h).
//
// Layout, as a Cassandra schema would hold such data:
//   - put/get/erase use bench.kv (key blob PRIMARY KEY, value blob), the table the
//     `write` and `verify` subcommands use: one partition per key, so a get is a
//     partition read (bloom filter, partition index) and an erase a partition tombstone.
//   - put_sorted/seek_scan use bench.kv_rows (p blob, key blob, value blob,
//     PRIMARY KEY (p, key)). A key's partition p is the key without its last
//     kClusteringChars bytes, so keys that differ only there (up to 10,000 consecutive
//     zero-padded decimal keys) are clustering rows of one wide partition, and a seek
//     plus N next is a clustering slice starting at the key. A slice that runs off the
//     end of its partition continues in the next one: p's decimal successor (the
//     bench's keys are zero-padded decimal; for other keys the scan ends there).
// Token order is not key order, so a token-range page would not be a "seek + next":
// the clustering slice is the Cassandra-shaped equivalent.
//
// put(sync=true) requires the database to be opened with --sync group or batch:
// Cairn's durability is commitlog_sync, one setting for every write.
//
// Thread safety: as Engine.
#pragma once

#include <memory>

#include "bench/bench_db.h"
#include "bench/engines/engine.h"

namespace cairn::bench {

class CairnEngine final : public Engine {
 public:
  static constexpr size_t kClusteringChars = 4;

  std::string_view name() const override { return "cairn"; }
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
  Database& db() { return bench_->db(); }

  std::unique_ptr<BenchDatabase> bench_;
  bool durable_writes_ = false;  // commitlog_sync group or batch
  TableSchemaRef kv_;
  TableSchemaRef rows_;
  std::string settings_;
};

}  // namespace cairn::bench
