// Engine: the storage engine a db_bench-style workload drives (bench/db_bench_workloads.cc).
//
// The workloads speak in opaque byte keys and values, as db_bench does, so the same
// run can measure Cairn and RocksDB and LevelDB through the adapters in bench/peers/
// (built when CMake finds librocksdb / libleveldb). Each adapter maps the calls onto
// its engine the way a user of that engine would; CairnEngine's mapping onto CQL
// tables is described in cairn_engine.h.
//
// Thread safety: after open() returns OK, put/get/erase/put_sorted/seek_scan may be
// called concurrently from many threads. open(), compact() and close() are called by
// one thread while no other call runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace cairn::bench {

// What every engine is opened with; an adapter maps each field to its closest setting
// and prints that mapping (comparable settings are the point of a side-by-side run).
struct EngineOptions {
  // When a write is durable: "periodic" (a background sync every sync_period; a killed
  // process loses nothing acknowledged, a power cut may lose the last period), "group"
  // (put() returns after an fdatasync shared by the writers waiting at that moment) or
  // "batch" (as group, Cassandra's name). Cannot change while open.
  std::string sync = "periodic";
  // Memtable size before a flush, in bytes; 0 keeps the engine's default.
  uint64_t memtable_bytes = 0;
  // The block cache a peer gets, in bytes. Cairn's caches are process-wide constants
  // (sstable/cb_reader.h), so a run sets this to their sum and CairnEngine ignores it.
  uint64_t cache_bytes = 0;
  // Engine log level for engines that log to stderr: debug, info, warn, error.
  std::string log_level = "warn";
};

class Engine {
 public:
  virtual ~Engine() = default;

  // The name --engines uses, e.g. "cairn".
  virtual std::string_view name() const = 0;

  // Opens (creating if needed) the engine's files in `dir`, which may hold a previous
  // run's data. Errors name the directory.
  virtual Status open(const std::string& dir, const EngineOptions& options) = 0;
  // After open(): one line saying how EngineOptions map onto the engine's own settings
  // (sync, compression, bloom filters, caches, memtable), printed beside the numbers.
  virtual std::string settings() const = 0;
  // Whether the engine's code runs with assert() compiled in (NDEBUG not defined), which
  // slows it down: for a peer, found in its library at configure time.
  virtual bool library_assertions() const = 0;

  // Writes `value` under `key`. With `sync` the call returns only once the write is
  // durable: an engine whose durability is a property of the open (Cairn's
  // commitlog_sync) returns InvalidArgument when it was opened with a periodic sync.
  virtual Status put(std::string_view key, std::string_view value, bool sync) = 0;
  // Reads `key`: true and the value in `*value`, or false when it is absent.
  virtual Result<bool> get(std::string_view key, std::string* value) = 0;
  // Deletes `key` (a tombstone; absent keys are fine).
  virtual Status erase(std::string_view key) = 0;

  // Writes `value` under `key` where seek_scan() finds it. Engines with one ordered
  // key space (RocksDB, LevelDB) make this put(); Cairn keeps scanned keys as
  // clustering rows of wide partitions, apart from the point keys.
  virtual Status put_sorted(std::string_view key, std::string_view value) = 0;
  // A seek to the first key >= `start_key` written by put_sorted() and up to `n` keys
  // from there on, in key order, each given to `callback`. Returns how many were given.
  virtual Result<size_t> seek_scan(
      std::string_view start_key, size_t n,
      const std::function<void(std::string_view key, std::string_view value)>& callback) = 0;

  // Flushes and compacts everything into as few files as the engine can (a major
  // compaction), and waits for it.
  virtual Status compact() = 0;
  // Flushes and closes; the destructor does it too, but a run wants the error.
  virtual Status close() = 0;
};

// The engines --engines may name, in the order the usage lists them.
std::vector<std::string> known_engines();
// A fresh, unopened engine. InvalidArgument for an unknown name; NotSupported for a
// known peer this build has no adapter for (its library was not found), naming the
// Debian package to install.
Result<std::unique_ptr<Engine>> make_engine(std::string_view name);

}  // namespace cairn::bench
