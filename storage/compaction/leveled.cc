#include "storage/compaction/leveled.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace cairn {

namespace {

constexpr size_t kLevel0Trigger = 4;
constexpr size_t kMaxLevel0Inputs = 32;

bool overlaps(Token a_min, Token a_max, Token b_min, Token b_max) {
  return a_min <= b_max && b_min <= a_max;
}

}  // namespace

Result<LeveledOptions> LeveledOptions::parse(const std::map<std::string, std::string>& options) {
  LeveledOptions o;
  if (auto it = options.find("sstable_size_in_mb"); it != options.end()) {
    char* end = nullptr;
    const double mb = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0' || !(mb > 0) || mb > 1024 * 1024) {
      return Status::invalid_argument("compaction option sstable_size_in_mb: '" + it->second +
                                      "' is not a positive number");
    }
    o.sstable_size_bytes = std::max<uint64_t>(1024, static_cast<uint64_t>(mb * 1024 * 1024));
  }
  if (auto it = options.find("fanout_size"); it != options.end()) {
    char* end = nullptr;
    const long f = std::strtol(it->second.c_str(), &end, 10);
    if (end == it->second.c_str() || *end != '\0' || f < 2 || f > 1000) {
      return Status::invalid_argument("compaction option fanout_size: '" + it->second +
                                      "' is not an integer from 2 to 1000");
    }
    o.fanout = static_cast<uint64_t>(f);
  }
  return o;
}

LeveledPick pick_leveled(const std::vector<LeveledSSTable>& sstables, const LeveledOptions& options) {
  auto in_level = [&](uint32_t level) {
    std::vector<size_t> out;
    for (size_t i = 0; i < sstables.size(); ++i) {
      if (sstables[i].level == level) out.push_back(i);
    }
    std::sort(out.begin(), out.end(),
              [&](size_t a, size_t b) { return sstables[a].min_token < sstables[b].min_token; });
    return out;
  };
  // Every sstable of `level` overlapping [min, max].
  auto overlapping = [&](uint32_t level, Token min, Token max) {
    std::vector<size_t> out;
    for (size_t i : in_level(level)) {
      if (overlaps(sstables[i].min_token, sstables[i].max_token, min, max)) out.push_back(i);
    }
    return out;
  };

  LeveledPick pick;
  std::vector<size_t> level0 = in_level(0);
  if (level0.size() >= kLevel0Trigger) {
    if (level0.size() > kMaxLevel0Inputs) level0.resize(kMaxLevel0Inputs);
    Token min = sstables[level0[0]].min_token, max = sstables[level0[0]].max_token;
    for (size_t i : level0) {
      min = std::min(min, sstables[i].min_token);
      max = std::max(max, sstables[i].max_token);
    }
    pick.inputs = level0;
    for (size_t i : overlapping(1, min, max)) pick.inputs.push_back(i);
    pick.output_level = 1;
    return pick;
  }
  uint32_t top = 0;
  for (const auto& s : sstables) top = std::max(top, s.level);
  uint64_t limit = options.sstable_size_bytes;
  for (uint32_t level = 1; level <= top; ++level) {
    // Saturate instead of wrapping: a level that large is never over its limit.
    limit = limit > UINT64_MAX / options.fanout ? UINT64_MAX : limit * options.fanout;
    uint64_t total = 0;
    const std::vector<size_t> members = in_level(level);
    for (size_t i : members) total += sstables[i].size;
    if (total <= limit || members.empty()) continue;
    const size_t chosen = members.front();
    pick.inputs = {chosen};
    for (size_t i : overlapping(level + 1, sstables[chosen].min_token, sstables[chosen].max_token)) {
      pick.inputs.push_back(i);
    }
    pick.output_level = level + 1;
    return pick;
  }
  return pick;
}

}  // namespace cairn
