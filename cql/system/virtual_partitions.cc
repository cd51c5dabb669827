#include "cql/system/virtual_partitions.h"

#include <utility>

namespace cairn::cql {

VirtualPartitions::VirtualPartitions(const TableSchema& table, int64_t now_micros)
    : table_(table),
      timestamp_(now_micros),
      now_seconds_(static_cast<int32_t>(now_micros / 1'000'000)) {}

MutationBuilder VirtualPartitions::partition(const std::vector<Bytes>& key) const {
  return MutationBuilder(table_, key, timestamp_, now_seconds_);
}

Status VirtualPartitions::add(MutationBuilder& builder) {
  Result<Mutation> m = builder.build();
  if (!m.is_ok()) {
    return m.status().with_context(table_.keyspace() + "." + table_.name());
  }
  Partition& p = m->partition;
  auto it = partitions_.find(p.key());
  if (it == partitions_.end()) {
    partitions_.emplace(p.key(), std::move(p));
  } else {
    it->second.apply(p);
  }
  return Status::ok();
}

std::vector<ReadPartition> VirtualPartitions::finish() && {
  std::vector<ReadPartition> out;
  out.reserve(partitions_.size());
  for (auto& [key, partition] : partitions_) {
    Partition live = partition.live_view(now_seconds_);
    if (live.rows().empty() && live.static_row().empty()) continue;
    ReadPartition r{key, live.static_row(), {}};
    r.rows.reserve(live.rows().size());
    for (const auto& [clustering, row] : live.rows()) r.rows.push_back(row);
    out.push_back(std::move(r));
  }
  return out;
}

void set_if(MutationBuilder& b, std::string_view column, const std::optional<Bytes>& value) {
  if (value) b.set(column, *value);
}

}  // namespace cairn::cql
