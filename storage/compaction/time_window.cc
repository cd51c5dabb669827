#include "storage/compaction/time_window.h"

#include <algorithm>
#include <charconv>

#include "storage/compaction/size_tiered.h"

namespace cairn {

namespace {

Status parse_count(const std::map<std::string, std::string>& options, const std::string& key,
                   size_t* out) {
  auto it = options.find(key);
  if (it == options.end()) return Status::ok();
  const std::string& t = it->second;
  size_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || v == 0) {
    return Status::invalid_argument("compaction option " + key + ": '" + t +
                                    "' is not a positive integer");
  }
  *out = v;
  return Status::ok();
}

int64_t window_of(int64_t timestamp, int64_t window) {
  int64_t w = timestamp / window;
  if (timestamp < 0 && timestamp % window != 0) --w;
  return w;
}

}  // namespace

Result<TimeWindowOptions> TimeWindowOptions::parse(
    const std::map<std::string, std::string>& options) {
  TimeWindowOptions o;
  int64_t unit = 86'400'000'000;
  if (auto it = options.find("compaction_window_unit"); it != options.end()) {
    std::string u = it->second;
    std::transform(u.begin(), u.end(), u.begin(), ::toupper);
    if (u == "MINUTES") {
      unit = 60'000'000;
    } else if (u == "HOURS") {
      unit = 3'600'000'000;
    } else if (u == "DAYS") {
      unit = 86'400'000'000;
    } else {
      return Status::invalid_argument("compaction option compaction_window_unit: '" +
                                      it->second + "' is not MINUTES, HOURS or DAYS");
    }
  }
  size_t size = 1;
  CAIRN_RETURN_IF_ERROR(parse_count(options, "compaction_window_size", &size));
  if (size > 100'000) {  // unit * size must not overflow; 100,000 days is plenty
    return Status::invalid_argument("compaction option compaction_window_size: " +
                                    std::to_string(size) + " is over 100000");
  }
  CAIRN_RETURN_IF_ERROR(parse_count(options, "min_threshold", &o.min_threshold));
  CAIRN_RETURN_IF_ERROR(parse_count(options, "max_threshold", &o.max_threshold));
  if (o.min_threshold < 2 || o.max_threshold < o.min_threshold) {
    return Status::invalid_argument(
        "compaction options need 2 <= min_threshold <= max_threshold");
  }
  o.window_micros = unit * static_cast<int64_t>(size);
  return o;
}

std::vector<size_t> pick_time_window(const std::vector<WindowedSSTable>& sstables,
                                     int64_t now_micros, const TimeWindowOptions& options) {
  std::map<int64_t, std::vector<size_t>, std::greater<>> windows;  // newest first
  for (size_t i = 0; i < sstables.size(); ++i) {
    windows[window_of(sstables[i].max_timestamp, options.window_micros)].push_back(i);
  }
  const int64_t current = window_of(now_micros, options.window_micros);
  for (const auto& [window, members] : windows) {
    if (window >= current) {
      // The window being written: size-tiered among its sstables.
      SizeTieredOptions stcs;
      stcs.min_threshold = options.min_threshold;
      stcs.max_threshold = options.max_threshold;
      std::vector<uint64_t> sizes;
      for (size_t i : members) sizes.push_back(sstables[i].size);
      std::vector<size_t> picked;
      for (size_t j : pick_size_tiered(sizes, stcs)) picked.push_back(members[j]);
      if (!picked.empty()) return picked;
      continue;
    }
    if (members.size() >= 2) {
      std::vector<size_t> picked = members;
      std::sort(picked.begin(), picked.end(),
                [&](size_t a, size_t b) { return sstables[a].size < sstables[b].size; });
      if (picked.size() > options.max_threshold) picked.resize(options.max_threshold);
      return picked;
    }
  }
  return {};
}

}  // namespace cairn
