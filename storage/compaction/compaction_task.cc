#include "storage/compaction/compaction_task.h"

#include <algorithm>
#include <thread>

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

// The inputs' keys merged in order, each with the inputs that hold it.
struct KeySources {
  DecoratedKey key;
  std::vector<size_t> inputs;
};

std::vector<KeySources> merge_keys(const std::vector<std::shared_ptr<SSTableReader>>& inputs) {
  std::vector<std::pair<DecoratedKey, size_t>> all;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::vector<DecoratedKey> keys;
    inputs[i]->collect_keys(PartitionRange::all(), SIZE_MAX, &keys);
    for (auto& k : keys) all.emplace_back(std::move(k), i);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    const int c = compare(a.first, b.first);
    return c != 0 ? c < 0 : a.second < b.second;
  });
  std::vector<KeySources> merged;
  for (auto& [key, input] : all) {
    if (merged.empty() || !(merged.back().key == key)) merged.push_back({std::move(key), {}});
    merged.back().inputs.push_back(input);
  }
  return merged;
}

}  // namespace

Result<std::shared_ptr<SSTableReader>> run_compaction(
    const Env& env, const TableSchema& table,
    const std::vector<std::shared_ptr<SSTableReader>>& inputs, const SSTableDescriptor& output,
    const CompactionParams& params, Logger* logger, CompactionStats* stats) {
  CompactionStats local;
  if (stats == nullptr) stats = &local;
  for (const auto& in : inputs) {
    stats->bytes_in += in->stats().data_size_bytes;
    stats->partitions_in += in->stats().partition_count;
  }
  const std::vector<KeySources> keys = merge_keys(inputs);

  SSTableWriterOptions writer_options;
  writer_options.bloom_filter_fp_chance = table.options().bloom_filter_fp_chance;
  CAIRN_ASSIGN_OR_RETURN(writer_options.compression,
                         CompressionParams::parse(table.options().compression));
  writer_options.expected_partitions = std::max<uint64_t>(keys.size(), 1);
  for (const auto& in : inputs) {
    writer_options.commitlog_upper_bound =
        std::max(writer_options.commitlog_upper_bound, in->stats().commitlog_upper_bound,
                 [](const ReplayPosition& a, const ReplayPosition& b) { return a < b; });
  }
  CAIRN_ASSIGN_OR_RETURN(auto writer, SSTableWriter::create(env, output,
                                                            table.clustering_comparator(),
                                                            writer_options));
  Throttle throttle(env.clock, params.throughput_bytes_per_sec);
  auto fail = [&](Status s) -> Result<std::shared_ptr<SSTableReader>> {
    writer->abandon();
    return s;
  };

  Bytes encoded;
  for (const KeySources& ks : keys) {
    if (params.stop != nullptr && params.stop->load()) {
      return fail(Status::aborted("compaction of " + table.keyspace() + "." + table.name() +
                                  " stopped"));
    }
    std::optional<Partition> merged;
    for (size_t i : ks.inputs) {
      auto p = inputs[i]->read(ks.key);
      if (!p.is_ok()) return fail(p.status());
      if (!p->has_value()) continue;
      if (!merged) {
        merged.emplace(std::move(**p));
      } else {
        merged->apply(**p);
      }
    }
    if (!merged) continue;
    Partition out = merged->compacted(params.gc_before, [&](int64_t timestamp) {
      return params.can_purge && params.can_purge(ks.key, timestamp);
    });
    if (out.empty()) continue;
    encoded.clear();
    encode_partition_body(out, &encoded);
    if (encoded.size() > params.large_partition_warning_bytes) {
      logger->warn("compacting large partition {}.{} ({} bytes, token {})", table.keyspace(),
                    table.name(), encoded.size(), ks.key.token);
    }
    Status s = writer->add(out);
    if (s.is_ok() && params.failpoints != nullptr) {
      s = params.failpoints->check("compaction.after_partition");
    }
    if (!s.is_ok()) return fail(s);
    ++stats->partitions_out;
    throttle.wrote(encoded.size());
  }
  if (stats->partitions_out == 0) {
    writer->abandon();
    return std::shared_ptr<SSTableReader>();
  }
  auto finished = writer->finish();
  if (!finished.is_ok()) return fail(finished.status());
  stats->bytes_out = finished->data_size_bytes;
  auto reader = SSTableReader::open(env, output, table.clustering_comparator());
  if (!reader.is_ok()) return fail(reader.status());
  return reader;
}

}  // namespace cairn
