#include "storage/compaction/compaction_task.h"

#include <algorithm>

#include "model/mutation.h"

namespace cairn {

namespace {

// Keeps the bytes written per second under a limit by sleeping on the Env's clock.
class Throttle {
 public:
  Throttle(Clock* clock, uint64_t bytes_per_sec)
      : clock_(clock), rate_(bytes_per_sec), start_(clock->now_micros()) {}

  void wrote(uint64_t bytes) {
    if (rate_ == 0) return;
    written_ += bytes;
    const int64_t due_micros = static_cast<int64_t>(written_ * 1'000'000 / rate_);
    const int64_t ahead = due_micros - (clock_->now_micros() - start_);
    if (ahead > 1000) clock_->sleep_for(std::chrono::microseconds(ahead));
  }

 private:
  Clock* clock_;
  uint64_t rate_;
  int64_t start_;
  uint64_t written_ = 0;
};

// `row` without the data of `table`'s dropped columns written at or before the drop
// (cells and collection deletions): dead for good, since a dropped column's id is never
// given to another column. Cassandra's compaction drops them the same way. Returns
// false when nothing of the row is left.
bool without_dropped_columns(const TableSchema& table, const Row& row, Row* out) {
  *out = row;
  for (auto it = out->columns.begin(); it != out->columns.end();) {
    const DroppedColumn* dropped = table.find_dropped_column(it->first);
    if (dropped == nullptr) {
      ++it;
      continue;
    }
    ColumnData& data = it->second;
    std::erase_if(data.cells, [&](const auto& cell) {
      return cell.second.timestamp <= dropped->dropped_at_micros;
    });
    if (!data.complex_deletion.is_live() &&
        data.complex_deletion.marked_for_delete_at <= dropped->dropped_at_micros) {
      data.complex_deletion = DeletionTime();
    }
    if (data.cells.empty() && data.complex_deletion.is_live()) {
      it = out->columns.erase(it);
    } else {
      ++it;
    }
  }
  return !out->empty();
}

bool holds_dropped_columns(const TableSchema& table, const Row& row) {
  for (const auto& [id, data] : row.columns) {
    if (table.find_dropped_column(id) != nullptr) return true;
  }
  return false;
}

// `partition` without the dead data of dropped columns (itself when it holds none).
Partition without_dropped_columns(const TableSchema& table, Partition partition) {
  if (table.dropped_columns().empty()) return partition;
  bool any = holds_dropped_columns(table, partition.static_row());
  for (const auto& [clustering, row] : partition.rows()) {
    any = any || holds_dropped_columns(table, row);
  }
  if (!any) return partition;
  Partition out(partition.comparator(), partition.key());
  out.delete_partition(partition.deletion());
  for (const auto& rt : partition.range_tombstones()) out.add_range_tombstone(rt);
  Row kept;
  if (without_dropped_columns(table, partition.static_row(), &kept)) out.apply_static(kept);
  for (const auto& [clustering, row] : partition.rows()) {
    if (without_dropped_columns(table, row, &kept)) out.apply_row(std::move(kept));
  }
  return out;
}

}  // namespace

Result<std::vector<std::shared_ptr<SSTableReader>>> run_compaction(
    const Env& env, const TableSchema& table,
    const std::vector<std::shared_ptr<SSTableReader>>& inputs,
    const std::function<Result<SSTableDescriptor>()>& next_output, const CompactionParams& params,
    Logger* logger, CompactionStats* stats) {
  using Readers = std::vector<std::shared_ptr<SSTableReader>>;
  CompactionStats local;
  if (stats == nullptr) stats = &local;
  uint64_t expected_partitions = 0;
  for (const auto& in : inputs) {
    stats->bytes_in += in->stats().data_size_bytes;
    stats->partitions_in += in->stats().partition_count;
    expected_partitions += in->stats().partition_count;
  }

  SSTableWriterOptions writer_options;
  writer_options.bloom_filter_fp_chance = table.options().bloom_filter_fp_chance;
  CAIRN_ASSIGN_OR_RETURN(writer_options.compression,
                         CompressionParams::parse(table.options().compression));
  writer_options.expected_partitions = std::max<uint64_t>(expected_partitions, 1);
  writer_options.level = params.output_level;
  for (const auto& in : inputs) {
    writer_options.commitlog_upper_bound =
        std::max(writer_options.commitlog_upper_bound, in->stats().commitlog_upper_bound,
                 [](const ReplayPosition& a, const ReplayPosition& b) { return a < b; });
  }

  // Finished outputs, and the one being written.
  std::vector<SSTableDescriptor> finished;
  std::unique_ptr<SSTableWriter> writer;
  auto fail = [&](Status s) -> Result<Readers> {
    if (writer) writer->abandon();
    for (const auto& d : finished) (void)delete_sstable(*env.fs, d);
    return s;
  };
  auto finish_current = [&]() -> Status {
    if (!writer) return Status::ok();
    auto done = writer->finish();
    if (!done.is_ok()) return done.status();
    stats->bytes_out += done->data_size_bytes;
    writer.reset();
    return Status::ok();
  };
  SSTableDescriptor current;
  Throttle throttle(env.clock, params.throughput_bytes_per_sec);

  // A k-way merge of the inputs' scanners: each step takes the smallest key among
  // their current partitions and merges every input's version of it.
  std::vector<std::unique_ptr<SSTableScanner>> scanners;
  std::vector<std::optional<Partition>> heads(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    scanners.push_back(inputs[i]->scanner());
    auto first = scanners[i]->next();
    if (!first.is_ok()) return fail(first.status());
    heads[i] = std::move(first).value();
  }
  for (;;) {
    if (params.stop != nullptr && params.stop->load()) {
      return fail(Status::aborted("compaction of " + table.keyspace() + "." + table.name() +
                                  " stopped"));
    }
    const DecoratedKey* smallest = nullptr;
    for (const auto& h : heads) {
      if (h && (smallest == nullptr || h->key() < *smallest)) smallest = &h->key();
    }
    if (smallest == nullptr) break;
    const DecoratedKey key = *smallest;
    std::optional<Partition> merged;
    for (size_t i = 0; i < heads.size(); ++i) {
      if (!heads[i] || !(heads[i]->key() == key)) continue;
      if (!merged) {
        merged.emplace(std::move(*heads[i]));
      } else {
        merged->apply(*heads[i]);
      }
      auto next = scanners[i]->next();
      if (!next.is_ok()) return fail(next.status());
      heads[i] = std::move(next).value();
    }
    Partition out = params.exact
                        ? std::move(*merged)
                        : without_dropped_columns(
                              table, merged->compacted(params.gc_before, [&](int64_t timestamp) {
                                return params.can_purge && params.can_purge(key, timestamp);
                              }));
    if (out.empty()) continue;
    // Partition::memory_bytes() approximates its size without encoding it again.
    const uint64_t size = out.memory_bytes();
    if (size > params.large_partition_warning_bytes) {
      logger->warn("compacting large partition {}.{} (about {} bytes, token {})",
                   table.keyspace(), table.name(), size, key.token);
    }
    if (writer && params.max_output_bytes > 0 && writer->bytes_added() >= params.max_output_bytes) {
      Status s = finish_current();
      if (!s.is_ok()) return fail(s);
      finished.push_back(current);
    }
    if (!writer) {
      auto d = next_output();
      if (!d.is_ok()) return fail(d.status());
      current = d.value();
      auto created = SSTableWriter::create(env, current, table.clustering_comparator(), writer_options);
      if (!created.is_ok()) return fail(created.status());
      writer = std::move(created).value();
    }
    Status s = writer->add(out);
    if (s.is_ok() && params.failpoints != nullptr) {
      s = params.failpoints->check("compaction.after_partition");
    }
    if (!s.is_ok()) return fail(s);
    ++stats->partitions_out;
    throttle.wrote(size);
  }
  if (writer) {
    Status s = finish_current();
    if (!s.is_ok()) return fail(s);
    finished.push_back(current);
  }
  Readers readers;
  for (const auto& d : finished) {
    auto reader = SSTableReader::open(env, d, table.clustering_comparator());
    if (!reader.is_ok()) return fail(reader.status());
    readers.push_back(std::move(reader).value());
  }
  return readers;
}

}  // namespace cairn
