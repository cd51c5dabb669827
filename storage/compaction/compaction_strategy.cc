#include "storage/compaction/compaction_strategy.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "storage/compaction/leveled.h"
#include "storage/compaction/size_tiered.h"
#include "storage/compaction/time_window.h"

namespace cairn {

Result<CompactionStrategyKind> parse_compaction_strategy(
    const std::map<std::string, std::string>& options) {
  if (auto it = options.find("tombstone_threshold"); it != options.end()) {
    char* end = nullptr;
    const double t = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0' || t < 0 || t > 1) {
      return Status::invalid_argument("compaction option tombstone_threshold: '" + it->second +
                                      "' is not a number between 0 and 1");
    }
  }
  std::string name = "SizeTieredCompactionStrategy";
  if (auto it = options.find("class"); it != options.end()) name = it->second;
  const std::string prefix = "org.apache.cassandra.db.compaction.";
  if (name.starts_with(prefix)) name = name.substr(prefix.size());
  if (name == "SizeTieredCompactionStrategy") {
    CAIRN_RETURN_IF_ERROR(SizeTieredOptions::parse(options).status());
    return CompactionStrategyKind::kSizeTiered;
  }
  if (name == "TimeWindowCompactionStrategy") {
    CAIRN_RETURN_IF_ERROR(TimeWindowOptions::parse(options).status());
    return CompactionStrategyKind::kTimeWindow;
  }
  if (name == "LeveledCompactionStrategy") {
    CAIRN_RETURN_IF_ERROR(LeveledOptions::parse(options).status());
    return CompactionStrategyKind::kLeveled;
  }
  return Status::invalid_argument("unknown compaction class '" + name + "'");
}

CompactionPick pick_compaction(const std::map<std::string, std::string>& options,
                               const std::vector<CompactionCandidate>& sstables,
                               int64_t now_micros) {
  CompactionPick pick;
  auto kind = parse_compaction_strategy(options);
  if (!kind.is_ok()) return pick;  // refused when the table was created
  switch (kind.value()) {
    case CompactionStrategyKind::kTimeWindow: {
      std::vector<WindowedSSTable> windowed;
      for (const auto& s : sstables) windowed.push_back({s.max_timestamp, s.size});
      pick.inputs =
          pick_time_window(windowed, now_micros, TimeWindowOptions::parse(options).value());
      return pick;
    }
    case CompactionStrategyKind::kLeveled: {
      const LeveledOptions leveled = LeveledOptions::parse(options).value();
      std::vector<LeveledSSTable> levels;
      for (const auto& s : sstables) levels.push_back({s.level, s.size, s.min_token, s.max_token});
      LeveledPick l = pick_leveled(levels, leveled);
      pick.inputs = std::move(l.inputs);
      pick.output_level = l.output_level;
      pick.max_output_bytes = leveled.sstable_size_bytes;
      return pick;
    }
    case CompactionStrategyKind::kSizeTiered:
      break;
  }
  std::vector<uint64_t> sizes;
  for (const auto& s : sstables) sizes.push_back(s.size);
  pick.inputs = pick_size_tiered(sizes, SizeTieredOptions::parse(options).value());
  return pick;
}

CompactionPick major_compaction_target(const std::map<std::string, std::string>& options) {
  CompactionPick pick;
  auto kind = parse_compaction_strategy(options);
  if (kind.is_ok() && kind.value() == CompactionStrategyKind::kLeveled) {
    pick.output_level = 1;
    pick.max_output_bytes = LeveledOptions::parse(options).value().sstable_size_bytes;
  }
  return pick;
}

size_t pick_tombstone_compaction(const std::map<std::string, std::string>& options,
                                 const std::vector<CompactionCandidate>& sstables,
                                 const std::vector<double>& droppable) {
  double threshold = 0.2;
  if (auto it = options.find("tombstone_threshold"); it != options.end()) {
    try {
      threshold = std::stod(it->second);
    } catch (const std::exception&) {
      return SIZE_MAX;  // refused at CREATE TABLE (parse_compaction_strategy)
    }
  }
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < sstables.size(); ++i) {
    if (droppable[i] <= threshold) continue;
    bool overlapped = false;
    for (size_t j = 0; j < sstables.size() && !overlapped; ++j) {
      overlapped = j != i && sstables[j].min_token <= sstables[i].max_token &&
                   sstables[i].min_token <= sstables[j].max_token;
    }
    if (!overlapped && (best == SIZE_MAX || droppable[i] > droppable[best])) best = i;
  }
  return best;
}

std::vector<size_t> fully_expired(const std::vector<CompactionCandidate>& sstables,
                                  int32_t gc_before, int64_t memtable_min_timestamp) {
  std::vector<bool> expired(sstables.size());
  for (size_t i = 0; i < sstables.size(); ++i) {
    expired[i] = sstables[i].max_local_deletion_time < gc_before;
  }
  // An expired sstable may still shadow older data in an sstable that stays, or in a
  // memtable: then it must stay too. Dropping one can make no other one unsafe (only
  // expired ones are dropped), so one pass suffices.
  std::vector<size_t> out;
  for (size_t i = 0; i < sstables.size(); ++i) {
    if (!expired[i]) continue;
    const CompactionCandidate& s = sstables[i];
    bool safe = s.max_timestamp < memtable_min_timestamp;
    for (size_t j = 0; safe && j < sstables.size(); ++j) {
      if (expired[j]) continue;
      const CompactionCandidate& o = sstables[j];
      const bool overlaps = o.min_token <= s.max_token && s.min_token <= o.max_token;
      if (overlaps && o.min_timestamp <= s.max_timestamp) safe = false;
    }
    if (safe) out.push_back(i);
  }
  return out;
}

}  // namespace cairn
