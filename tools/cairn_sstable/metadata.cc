// cairn-sstable metadata: what each sstable's Statistics component records, and the
// size of each of its component files, as "name: value" lines:
//
//   sstable: data/chat/transcripts-<id>/ca-1-cairn-Data.db
//     keyspace: chat
//     table: transcripts
//     version: ca
//     generation: 1
//     min_timestamp: 1700000000000000 (2023-11-14 22:13:20.000000 UTC)
//     ...
//     partition_count: 2
//     ...
//     commitlog_upper_bound: segment 3 offset 4096
//     component Data: 1234 bytes (ca-1-cairn-Data.db)
//     ...
//     on_disk_bytes: 4321
//
// Timestamps are microseconds and local deletion times seconds since the epoch, each
// followed by the UTC time it stands for ("none" for the no-value sentinels).
#include <fmt/format.h>

#include <ctime>
#include <string>

#include "common/result.h"
#include "tools/cairn_sstable/commands.h"

namespace cairn::tools {
namespace {

std::string utc_text(int64_t seconds, int64_t micros_part, bool show_micros) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  if (gmtime_r(&t, &utc) == nullptr) return "out of range";
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &utc);
  return show_micros ? fmt::format("{}.{:06d} UTC", buf, micros_part) : fmt::format("{} UTC", buf);
}

std::string timestamp_text(int64_t micros) {
  if (micros == kNoTimestamp) return "none";
  int64_t seconds = micros / 1'000'000, rest = micros % 1'000'000;
  if (rest < 0) {  // before the epoch: floor, so the fraction is positive
    rest += 1'000'000;
    seconds -= 1;
  }
  return fmt::format("{} ({})", micros, utc_text(seconds, rest, true));
}

std::string deletion_time_text(int32_t seconds) {
  if (seconds == kNoDeletionTime) return "none";
  return fmt::format("{} ({})", seconds, utc_text(seconds, 0, false));
}

Status print_metadata(const Env& env, const TableSchema& table, const SSTableDescriptor& d) {
  CAIRN_ASSIGN_OR_RETURN(auto reader, SSTableReader::open(env, d, table.clustering_comparator()));
  const SSTableStats& s = reader->stats();
  std::string out = fmt::format("sstable: {}\n", d.path(Component::kData));
  out += fmt::format("  keyspace: {}\n  table: {}\n", table.keyspace(), table.name());
  out += fmt::format("  version: {}\n  generation: {}\n", s.version, d.generation);
  out += fmt::format("  min_timestamp: {}\n", timestamp_text(s.min_timestamp));
  out += fmt::format("  max_timestamp: {}\n", timestamp_text(s.max_timestamp));
  out +=
      fmt::format("  min_local_deletion_time: {}\n", deletion_time_text(s.min_local_deletion_time));
  out +=
      fmt::format("  max_local_deletion_time: {}\n", deletion_time_text(s.max_local_deletion_time));
  out += fmt::format("  min_token: {}\n  max_token: {}\n", s.min_token, s.max_token);
  out += fmt::format("  partition_count: {}\n", s.partition_count);
  out += fmt::format("  row_count: {}\n", s.row_count);
  out += fmt::format("  tombstone_count: {}\n", s.tombstone_count);
  out += fmt::format("  data_size_bytes: {}\n", s.data_size_bytes);
  out += fmt::format("  commitlog_upper_bound: segment {} offset {}\n",
                     s.commitlog_upper_bound.segment_id, s.commitlog_upper_bound.offset);
  for (const std::string& path : reader->component_paths()) {
    CAIRN_ASSIGN_OR_RETURN(uint64_t size, env.fs->file_size(path));
    auto parsed = SSTableDescriptor::parse(path);
    const std::string_view component =
        parsed.is_ok() ? component_name(parsed->second) : std::string_view("?");
    out += fmt::format("  component {}: {} bytes ({})\n", component, size, base_name(path));
  }
  out += fmt::format("  on_disk_bytes: {}\n", reader->on_disk_bytes());
  fmt::print("{}", out);
  return Status::ok();
}

}  // namespace

int metadata_command(const Env& env, const std::vector<TableSSTables>& tables) {
  for (const TableSSTables& t : tables) {
    for (const SSTableDescriptor& d : t.sstables) {
      Status s = print_metadata(env, *t.schema, d);
      if (!s.is_ok()) {
        std::fflush(stdout);
        return report_error("metadata",
                            s.with_context("reading the metadata of " + t.schema->keyspace() + "." +
                                           t.schema->name()));
      }
    }
  }
  return kExitOk;
}

}  // namespace cairn::tools
