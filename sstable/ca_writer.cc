// The writer of sstable version "ca" (docs/formats/sstable-ca.md).
//
// Data is streamed to its file as partitions arrive; the index, filter and statistics
// are kept in memory and written when the sstable is finished. The TOC is written last,
// atomically: an sstable is complete exactly when its TOC exists.
#include <algorithm>

#include "common/checksum.h"
#include "common/coding.h"
#include "model/mutation.h"
#include "sstable/bloom_filter.h"
#include "sstable/format_ca.h"
#include "sstable/sstable.h"

namespace cairn {

namespace {

// Folds every timestamp, deletion time and tombstone of a partition into the stats.
class StatsCollector {
 public:
  void add(const Partition& p) {
    SSTableStats& s = stats_;
    if (s.partition_count == 0) s.min_token = p.key().token;
    s.max_token = p.key().token;
    ++s.partition_count;
    s.row_count += p.rows().size();
    if (!p.deletion().is_live()) deletion(p.deletion());
    for (const RangeTombstone& rt : p.range_tombstones()) deletion(rt.deletion);
    row(p.static_row());
    for (const auto& [clustering, r] : p.rows()) row(r);
  }

  SSTableStats finish(uint64_t data_size, const ReplayPosition& upper_bound) {
    SSTableStats s = stats_;
    s.version = ca::kVersion;
    if (!seen_timestamp_) s.min_timestamp = s.max_timestamp = kNoTimestamp;
    if (!seen_deletion_time_) s.min_local_deletion_time = s.max_local_deletion_time = kNoDeletionTime;
    s.data_size_bytes = data_size;
    s.commitlog_upper_bound = upper_bound;
    return s;
  }

 private:
  void timestamp(int64_t t) {
    if (t == kNoTimestamp) return;
    stats_.min_timestamp = seen_timestamp_ ? std::min(stats_.min_timestamp, t) : t;
    stats_.max_timestamp = seen_timestamp_ ? std::max(stats_.max_timestamp, t) : t;
    seen_timestamp_ = true;
  }
  void deletion_time(int32_t t) {
    if (t == kNoDeletionTime) return;
    stats_.min_local_deletion_time = seen_deletion_time_ ? std::min(stats_.min_local_deletion_time, t) : t;
    stats_.max_local_deletion_time = seen_deletion_time_ ? std::max(stats_.max_local_deletion_time, t) : t;
    seen_deletion_time_ = true;
  }
  void deletion(const DeletionTime& d) {
    ++stats_.tombstone_count;
    timestamp(d.marked_for_delete_at);
    deletion_time(d.local_deletion_time);
  }
  void row(const Row& r) {
    if (!r.liveness.empty()) {
      timestamp(r.liveness.timestamp);
      deletion_time(r.liveness.local_deletion_time);
    }
    if (!r.deletion.is_live()) deletion(r.deletion);
    for (const auto& [id, column] : r.columns) {
      if (!column.complex_deletion.is_live()) deletion(column.complex_deletion);
      for (const auto& [path, cell] : column.cells) {
        timestamp(cell.timestamp);
        deletion_time(cell.local_deletion_time);
        if (cell.is_tombstone()) ++stats_.tombstone_count;
      }
    }
  }

  SSTableStats stats_;
  bool seen_timestamp_ = false;
  bool seen_deletion_time_ = false;
};

class CaWriter final : public SSTableWriter {
 public:
  CaWriter(const Env& env, SSTableDescriptor descriptor, SSTableWriterOptions options,
           std::unique_ptr<WritableFile> data)
      : env_(env),
        descriptor_(std::move(descriptor)),
        options_(options),
        data_(std::move(data)),
        filter_(options.expected_partitions, options.bloom_filter_fp_chance) {}

  Status add(const Partition& partition) override {
    if (!index_.empty() && !(index_.back().key < partition.key())) {
      return Status::invalid_argument(descriptor_.path(Component::kData) +
                                      ": partitions must be added in increasing key order");
    }
    record_.clear();
    put_u32(&record_, 0);  // payload length, patched below
    put_length_prefixed(&record_, partition.key().key);
    encode_partition_body(partition, &record_);
    const size_t payload = record_.size() - 4;
    if (payload > UINT32_MAX - ca::kRecordOverhead) {
      return Status::invalid_argument("partition is too large for an sstable record (" +
                                      std::to_string(payload) + " bytes)");
    }
    store_u32(record_.data(), static_cast<uint32_t>(payload));
    put_u32(&record_, checksum32(BytesView(record_).substr(4)));
    CAIRN_RETURN_IF_ERROR(append_data(record_));
    index_.push_back({partition.key(), offset_ - record_.size(), static_cast<uint32_t>(record_.size())});
    filter_.add(partition.key().key);
    stats_.add(partition);
    return Status::ok();
  }

  Result<SSTableStats> finish() override {
    FileSystem& fs = *env_.fs;
    CAIRN_RETURN_IF_ERROR(data_->sync());
    CAIRN_RETURN_IF_ERROR(data_->close());
    SSTableStats stats = stats_.finish(offset_, options_.commitlog_upper_bound);

    Bytes body;
    ca::encode_index(index_, &body);
    CAIRN_RETURN_IF_ERROR(write_synced(Component::kIndex, ca::seal(Component::kIndex, body)));
    body.clear();
    filter_.encode(&body);
    CAIRN_RETURN_IF_ERROR(write_synced(Component::kFilter, ca::seal(Component::kFilter, body)));
    body.clear();
    ca::encode_stats(stats, &body);
    CAIRN_RETURN_IF_ERROR(
        write_synced(Component::kStatistics, ca::seal(Component::kStatistics, body)));
    CAIRN_RETURN_IF_ERROR(
        write_synced(Component::kDigest, std::to_string(data_digest_.digest()) + "\n"));

    if (env_.failpoints != nullptr) {
      CAIRN_RETURN_IF_ERROR(env_.failpoints->check("sstable.before_toc"));
    }
    // The files above must be durable under their names before the TOC makes the
    // sstable complete.
    CAIRN_RETURN_IF_ERROR(fs.sync_dir(descriptor_.directory));
    const std::string toc = ca::encode_toc({Component::kData, Component::kIndex,
                                            Component::kFilter, Component::kStatistics,
                                            Component::kDigest, Component::kTOC});
    CAIRN_RETURN_IF_ERROR(write_file_atomically(fs, descriptor_.path(Component::kTOC), toc));
    finished_ = true;
    return stats;
  }

  void abandon() override {
    if (finished_) return;
    if (data_) (void)data_->close();
    (void)delete_sstable(*env_.fs, descriptor_);
  }

 private:
  Status append_data(BytesView bytes) {
    CAIRN_RETURN_IF_ERROR(data_->append(bytes));
    data_digest_.update(bytes);
    offset_ += bytes.size();
    return Status::ok();
  }

  Status write_synced(Component c, BytesView contents) {
    CAIRN_ASSIGN_OR_RETURN(auto file, env_.fs->new_writable_file(descriptor_.path(c)));
    CAIRN_RETURN_IF_ERROR(file->append(contents));
    CAIRN_RETURN_IF_ERROR(file->sync());
    return file->close();
  }

 public:
  Status start() {
    Bytes header;
    ca::put_header(&header, Component::kData);
    return append_data(header);
  }

 private:
  Env env_;  // a copy: it is only pointers
  SSTableDescriptor descriptor_;
  SSTableWriterOptions options_;
  std::unique_ptr<WritableFile> data_;
  Checksum32Builder data_digest_;
  uint64_t offset_ = 0;
  Bytes record_;
  std::vector<ca::IndexEntry> index_;
  BloomFilter filter_;
  StatsCollector stats_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<SSTableWriter>> SSTableWriter::create(const Env& env,
                                                             SSTableDescriptor descriptor,
                                                             ClusteringComparatorRef comparator,
                                                             SSTableWriterOptions options) {
  (void)comparator;  // version ca stores rows in the order the partition holds them
  if (descriptor.version != kCurrentSSTableVersion) {
    return Status::invalid_argument("cannot write sstable version '" + descriptor.version +
                                    "'; this build writes '" + kCurrentSSTableVersion + "'");
  }
  CAIRN_ASSIGN_OR_RETURN(auto data, env.fs->new_writable_file(descriptor.path(Component::kData)));
  auto writer = std::make_unique<CaWriter>(env, std::move(descriptor), options, std::move(data));
  Status s = writer->start();
  if (!s.is_ok()) {
    writer->abandon();
    return s;
  }
  return std::unique_ptr<SSTableWriter>(std::move(writer));
}

}  // namespace cairn
