// A bounded cache of immutable values, evicting the least recently used entries once
// the sum of their charges passes the capacity. The sstable readers of a process share
// one for decoded Index pages and one for decompressed Data chunks, keyed by reader and
// page or chunk: sstables never change, so entries are never invalidated, only evicted
// (a closed reader's entries age out).
//
// Values are handed out as shared_ptr<const V>, so an entry evicted while a reader
// still uses it stays alive until that reader lets go; the capacity bounds what the
// cache itself holds.
//
// Thread safety: every method may be called from many threads at once (one mutex,
// held only to look up, link and unlink entries, never while building a value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace cairn {

template <typename V, typename Key = uint64_t, typename Hash = std::hash<Key>>
class LruCache {
 public:
  // `capacity_bytes` 0 disables the cache: lookup() always misses, insert() keeps nothing.
  explicit LruCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The value cached under `key`, now the most recently used, or nullptr.
  std::shared_ptr<const V> lookup(const Key& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  // Caches `value` under `key`, charging `charge_bytes` against the capacity, then
  // evicts the least recently used entries until the charges fit. A value larger than
  // the whole capacity is not cached. A value already cached under `key` (another
  // thread read the same thing) is kept and `value` dropped: both are equal.
  void insert(const Key& key, std::shared_ptr<const V> value, size_t charge_bytes) {
    if (charge_bytes > capacity_bytes_) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (index_.count(key) != 0) return;
    lru_.push_front(Entry{key, std::move(value), charge_bytes});
    index_.emplace(key, lru_.begin());
    charged_bytes_ += charge_bytes;
    while (charged_bytes_ > capacity_bytes_) {
      const Entry& victim = lru_.back();
      charged_bytes_ -= victim.charge_bytes;
      index_.erase(victim.key);
      lru_.pop_back();
    }
  }

  size_t capacity_bytes() const { return capacity_bytes_; }
  // Sum of the charges of the entries cached now; never above capacity_bytes().
  size_t charged_bytes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return charged_bytes_;
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return index_.size();
  }

 private:
  struct Entry {
    Key key;
    std::shared_ptr<const V> value;
    size_t charge_bytes;
  };

  const size_t capacity_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> index_;
  size_t charged_bytes_ = 0;
};

// The key of one page or chunk of one reader: `owner` is unique per reader for the
// life of the process (next_cache_owner()), `index` the page or chunk number.
struct CacheKey {
  uint64_t owner = 0;
  uint64_t index = 0;
  friend bool operator==(const CacheKey&, const CacheKey&) = default;
};
struct CacheKeyHash {
  size_t operator()(const CacheKey& k) const {
    return std::hash<uint64_t>()(k.owner * 0x9E3779B97F4A7C15ull ^ k.index);
  }
};
// A fresh owner id (a process-wide counter: 2^64 readers will not be opened).
uint64_t next_cache_owner();

}  // namespace cairn
