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
  auto it = partitions_.find(update.key());
  if (it == partitions_.end()) {
    Partition copy(comparator_, update.key());
    copy.apply(update);
    memory_bytes_.fetch_add(copy.memory_bytes() + 64, std::memory_order_relaxed);
    partitions_.emplace(update.key(), std::move(copy));
    return;
  }
  size_t before = it->second.memory_bytes();
  it->second.apply(update);
  size_t after = it->second.memory_bytes();
  if (after > before) memory_bytes_.fetch_add(after - before, std::memory_order_relaxed);
}

std::optional<Partition> Memtable::read(const DecoratedKey& key,
                                        const std::vector<ClusteringSlice>& slices) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = partitions_.find(key);
  if (it == partitions_.end()) return std::nullopt;
  return it->second.slice(slices);
}

std::optional<Partition> Memtable::read_first(const DecoratedKey& key,
                                              const ClusteringSlice& slice, size_t n,
                                              bool reversed) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = partitions_.find(key);
  if (it == partitions_.end()) return std::nullopt;
  return first_rows(it->second, slice, n, reversed);
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
