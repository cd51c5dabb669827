#include "storage/compaction/size_tiered.h"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace cairn {

namespace {

template <typename T>
Status parse_number(const std::map<std::string, std::string>& options, const std::string& key,
                    T* out) {
  auto it = options.find(key);
  if (it == options.end()) return Status::ok();
  const std::string& text = it->second;
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
    return Status::invalid_argument("compaction option " + key + ": '" + text +
                                    "' is not a non-negative number");
  }
  *out = value;
  return Status::ok();
}

}  // namespace

Result<SizeTieredOptions> SizeTieredOptions::parse(
    const std::map<std::string, std::string>& options) {
  SizeTieredOptions o;
  CAIRN_RETURN_IF_ERROR(parse_number(options, "min_threshold", &o.min_threshold));
  CAIRN_RETURN_IF_ERROR(parse_number(options, "max_threshold", &o.max_threshold));
  CAIRN_RETURN_IF_ERROR(parse_number(options, "bucket_low", &o.bucket_low));
  CAIRN_RETURN_IF_ERROR(parse_number(options, "bucket_high", &o.bucket_high));
  CAIRN_RETURN_IF_ERROR(parse_number(options, "min_sstable_size", &o.min_sstable_size));
  if (o.min_threshold < 2) {
    return Status::invalid_argument("compaction option min_threshold must be at least 2");
  }
  if (o.max_threshold < o.min_threshold) {
    return Status::invalid_argument(
        "compaction option max_threshold must be at least min_threshold");
  }
  if (!(o.bucket_low > 0 && o.bucket_low <= 1 && o.bucket_high >= 1)) {
    return Status::invalid_argument(
        "compaction options need 0 < bucket_low <= 1 <= bucket_high");
  }
  return o;
}

std::vector<size_t> pick_size_tiered(const std::vector<uint64_t>& sizes,
                                     const SizeTieredOptions& options) {
  std::vector<size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sizes[a] < sizes[b]; });

  struct Bucket {
    std::vector<size_t> members;
    double total = 0;
    double average() const { return total / static_cast<double>(members.size()); }
  };
  std::vector<Bucket> buckets;
  for (size_t i : order) {
    const double size = static_cast<double>(sizes[i]);
    Bucket* home = nullptr;
    for (Bucket& b : buckets) {
      const double avg = b.average();
      const bool both_small = size < static_cast<double>(options.min_sstable_size) &&
                              avg < static_cast<double>(options.min_sstable_size);
      if (both_small || (size >= avg * options.bucket_low && size <= avg * options.bucket_high)) {
        home = &b;
        break;
      }
    }
    if (home == nullptr) home = &buckets.emplace_back();
    home->members.push_back(i);
    home->total += size;
  }

  const Bucket* best = nullptr;
  for (const Bucket& b : buckets) {
    if (b.members.size() < options.min_threshold) continue;
    if (best == nullptr || b.average() < best->average()) best = &b;
  }
  if (best == nullptr) return {};
  std::vector<size_t> picked = best->members;  // already smallest first
  if (picked.size() > options.max_threshold) picked.resize(options.max_threshold);
  return picked;
}

}  // namespace cairn
