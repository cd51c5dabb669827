// LevelDbEngine: LevelDB behind the Engine interface (see leveldb_engine.h).
#include "bench/peers/leveldb_engine.h"

#include <fmt/format.h>
#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>

namespace cairn::bench {
namespace {

constexpr int kBloomBitsPerKey = 10;

leveldb::Slice slice(std::string_view s) { return leveldb::Slice(s.data(), s.size()); }

// A LevelDB error as a Status naming what failed and where.
Status to_status(const leveldb::Status& s, std::string_view what, const std::string& dir) {
  if (s.ok()) return Status::ok();
  std::string message = fmt::format("leveldb {} in {}: {}", what, dir, s.ToString());
  if (s.IsInvalidArgument()) return Status::invalid_argument(std::move(message));
  if (s.IsCorruption()) return Status::corruption(std::move(message));
  if (s.IsNotSupportedError()) return Status::not_supported(std::move(message));
  return Status::io_error(std::move(message));
}

}  // namespace

LevelDbEngine::LevelDbEngine() = default;

LevelDbEngine::~LevelDbEngine() {
  Status s = close();
  (void)s;  // a destructor cannot report; close() is how a run sees the error
}

bool LevelDbEngine::library_assertions() const {
#if CAIRN_LEVELDB_ASSERTIONS
  return true;
#else
  return false;
#endif
}

Status LevelDbEngine::open(const std::string& dir, const EngineOptions& options) {
  cache_.reset(leveldb::NewLRUCache(options.cache_bytes));
  filter_.reset(leveldb::NewBloomFilterPolicy(kBloomBitsPerKey));
  leveldb::Options o;
  o.create_if_missing = true;
  o.compression = leveldb::kSnappyCompression;
  o.filter_policy = filter_.get();
  o.block_cache = cache_.get();
  if (options.memtable_bytes != 0) o.write_buffer_size = options.memtable_bytes;

  leveldb::DB* db = nullptr;
  CAIRN_RETURN_IF_ERROR(to_status(leveldb::DB::Open(o, dir, &db), "open", dir));
  db_.reset(db);
  dir_ = dir;
  durable_writes_ = options.sync != "periodic";
  settings_ = fmt::format(
      "LevelDB {}.{} (Debian libleveldb{}): {}, compression Snappy, bloom {} bits/key, "
      "block cache {} MiB (LRU), write_buffer_size {} MiB, block size {} B, table files {} MiB",
      leveldb::kMajorVersion, leveldb::kMinorVersion,
      library_assertions() ? ", built with assertions: NDEBUG not defined" : "",
      durable_writes_ ? "WriteOptions::sync on every write (grouped across writers)"
                      : "log written on every write, never synced",
      kBloomBitsPerKey, options.cache_bytes >> 20, o.write_buffer_size >> 20, o.block_size,
      o.max_file_size >> 20);
  return Status::ok();
}

Status LevelDbEngine::put(std::string_view key, std::string_view value, bool sync) {
  if (sync && !durable_writes_) {
    return Status::invalid_argument("a synced write needs --sync group or batch");
  }
  leveldb::WriteOptions w;
  w.sync = durable_writes_;
  return to_status(db_->Put(w, slice(key), slice(value)), "put", dir_);
}

Result<bool> LevelDbEngine::get(std::string_view key, std::string* value) {
  leveldb::Status s = db_->Get(leveldb::ReadOptions(), slice(key), value);
  if (s.IsNotFound()) return false;
  CAIRN_RETURN_IF_ERROR(to_status(s, "get", dir_));
  return true;
}

Status LevelDbEngine::erase(std::string_view key) {
  leveldb::WriteOptions w;
  w.sync = durable_writes_;
  return to_status(db_->Delete(w, slice(key)), "delete", dir_);
}

Status LevelDbEngine::put_sorted(std::string_view key, std::string_view value) {
  return put(key, value, false);
}

Result<size_t> LevelDbEngine::seek_scan(
    std::string_view start_key, size_t n,
    const std::function<void(std::string_view key, std::string_view value)>& callback) {
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
  size_t given = 0;
  for (it->Seek(slice(start_key)); given < n && it->Valid(); it->Next()) {
    callback(std::string_view(it->key().data(), it->key().size()),
             std::string_view(it->value().data(), it->value().size()));
    ++given;
  }
  CAIRN_RETURN_IF_ERROR(to_status(it->status(), "iterator", dir_));
  return given;
}

Status LevelDbEngine::compact() {
  // CompactRange(nullptr, nullptr) writes the memtable out first, then compacts every
  // level down, and returns when done.
  db_->CompactRange(nullptr, nullptr);
  return Status::ok();
}

Status LevelDbEngine::close() {
  db_.reset();  // LevelDB has no Close(): deleting the DB waits for background work
  filter_.reset();
  cache_.reset();
  return Status::ok();
}

}  // namespace cairn::bench
