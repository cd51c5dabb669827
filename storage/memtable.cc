#include "storage/memtable.h"

#include <mutex>

#include "sstable/sstable.h"

namespace cairn {

void Memtable::apply(const Partition& update) {
  const int64_t update_min = update.min_timestamp();
  int64_t current = min_timestamp_.load(std::memory_order_relaxed);
  while (update_min < current &&
         !min_timestamp_.compare_exchange_weak(current, update_min, std::memory_order_relaxed)) {
  }
  std::unique_lock<std::shared_mutex> lock(mu_);
  Partition* partition = find_locked(update.key());
  if (partition == nullptr) {
    Partition copy(comparator_, update.key());
    copy.apply(update);
    // The map node (~64 bytes) and the hash index entry and bucket (~48).
    memory_bytes_.fetch_add(copy.memory_bytes() + 112, std::memory_order_relaxed);
    auto [it, inserted] = partitions_.emplace(update.key(), std::move(copy));
    by_key_.emplace(&it->first, &it->second);
    return;
  }
  size_t before = partition->memory_bytes();
  partition->apply(update);
  size_t after = partition->memory_bytes();
  if (after > before) memory_bytes_.fetch_add(after - before, std::memory_order_relaxed);
}

std::optional<Partition> Memtable::read(const DecoratedKey& key,
                                        const std::vector<ClusteringSlice>& slices) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  const Partition* partition = find_locked(key);
  if (partition == nullptr) return std::nullopt;
  return partition->slice(slices);
}

Partition* Memtable::find_locked(const DecoratedKey& key) const {
  auto it = by_key_.find(&key);
  return it == by_key_.end() ? nullptr : it->second;
}

std::optional<Partition> Memtable::read_first(const DecoratedKey& key,
                                              const ClusteringSlice& slice, size_t n,
                                              bool reversed) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  const Partition* partition = find_locked(key);
  if (partition == nullptr) return std::nullopt;
  return first_rows(*partition, slice, n, reversed);
}

void Memtable::collect_keys(const PartitionRange& range, size_t limit,
                            std::vector<DecoratedKey>* out) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = range.resume_after ? partitions_.upper_bound(*range.resume_after)
                               : partitions_.lower_bound(DecoratedKey{range.start_token, {}});
  size_t added = 0;
  for (; it != partitions_.end() && added < limit; ++it) {
    if (range.is_past_end(it->first)) break;
    if (!range.contains(it->first)) continue;
    out->push_back(it->first);
    ++added;
  }
}

bool Memtable::empty() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return partitions_.empty();
}

size_t Memtable::partition_count() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return partitions_.size();
}

}  // namespace cairn
