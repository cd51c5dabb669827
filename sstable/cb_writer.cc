// The writer of sstable version "cb" (docs/formats/sstable-cb.md), the version this
// build writes.
//
// Partitions stream into the chunked Data component and their index entries stream
// into Index pages as they arrive; only the summary (one entry per page), the bloom
// filter and the statistics stay in memory until finish(). The TOC is written last,
// atomically: an sstable is complete exactly when its TOC exists.
#include "common/checksum.h"
#include "common/coding.h"
#include "model/mutation.h"
#include "sstable/bloom_filter.h"
#include "sstable/chunked_data.h"
#include "sstable/format_cb.h"
#include "sstable/sstable.h"
#include "sstable/stats_collector.h"

namespace cairn {

namespace {

class CbWriter final : public SSTableWriter {
 public:
  CbWriter(const Env& env, SSTableDescriptor descriptor, SSTableWriterOptions options)
      : env_(env),
        descriptor_(std::move(descriptor)),
        options_(options),
        filter_(options.expected_partitions, options.bloom_filter_fp_chance),
        chunks_(options.compression, sstable_io::kHeaderSize,
                [this](BytesView b) { return append_data(b); }) {}

  Status start() {
    CAIRN_ASSIGN_OR_RETURN(data_, env_.fs->new_writable_file(descriptor_.path(Component::kData)));
    CAIRN_ASSIGN_OR_RETURN(index_, env_.fs->new_writable_file(descriptor_.path(Component::kIndex)));
    Bytes header;
    sstable_io::put_header(&header, cb::kVersion, Component::kData);
    CAIRN_RETURN_IF_ERROR(append_data(header));
    header.clear();
    sstable_io::put_header(&header, cb::kVersion, Component::kIndex);
    index_offset_ = header.size();
    return index_->append(header);
  }

  Status add(const Partition& partition) override {
    CAIRN_RETURN_IF_ERROR(begin_partition(partition));
    for (const auto& [clustering, row] : partition.rows()) CAIRN_RETURN_IF_ERROR(add_row(row));
    return end_partition();
  }

  // The partition's bytes in the Data stream: lp key, varint header length, header,
  // then rows back to back, streamed into the chunks as they come; a wide partition's
  // row index blocks are noted on the way.
  Status begin_partition(const Partition& p) override {
    if (has_last_key_ && !(last_key_ < p.key())) {
      return Status::invalid_argument(descriptor_.path(Component::kData) +
                                      ": partitions must be added in increasing key order");
    }
    entry_ = cb::IndexEntry();
    entry_.key = p.key();
    entry_.position = chunks_.position();
    buffer_.clear();
    put_length_prefixed(&buffer_, p.key().key);
    header_.clear();
    encode_partition_header(p, &header_);
    put_varint(&buffer_, header_.size());
    buffer_.append(header_);
    entry_.rows_offset = buffer_.size();
    rows_bytes_ = 0;
    open_block_ = false;
    stats_.begin_partition(p);
    return chunks_.append(buffer_);
  }

  Status add_row(const Row& row) override {
    buffer_.clear();
    encode_row(row, &buffer_);
    if (!open_block_) {
      block_.first = row.clustering;
      block_.offset = rows_bytes_;
      open_block_ = true;
    }
    block_.last = row.clustering;
    rows_bytes_ += buffer_.size();
    if (rows_bytes_ - block_.offset >= options_.row_index_block_bytes) {
      block_.length = rows_bytes_ - block_.offset;
      entry_.blocks.push_back(block_);
      open_block_ = false;
    }
    stats_.add_row(row);
    return chunks_.append(buffer_);
  }

  Status end_partition() override {
    if (open_block_ && !entry_.blocks.empty()) {
      block_.length = rows_bytes_ - block_.offset;
      entry_.blocks.push_back(block_);
    }
    // A partition that fits in one block is read whole: no row index.
    if (entry_.blocks.size() == 1) entry_.blocks.clear();
    entry_.length = entry_.rows_offset + rows_bytes_;
    if (page_count_ == 0) page_first_key_ = entry_.key;
    cb::encode_index_entry(entry_, &page_entries_);
    if (++page_count_ == cb::kIndexPageEntries) CAIRN_RETURN_IF_ERROR(flush_page());
    filter_.add(entry_.key.key);
    stats_.end_partition(entry_.length);
    last_key_ = entry_.key;
    has_last_key_ = true;
    return Status::ok();
  }

  uint64_t bytes_added() const override { return chunks_.position(); }

  Result<SSTableStats> finish() override {
    CAIRN_RETURN_IF_ERROR(chunks_.finish());
    CAIRN_RETURN_IF_ERROR(data_->sync());
    CAIRN_RETURN_IF_ERROR(data_->close());
    if (page_count_ > 0) CAIRN_RETURN_IF_ERROR(flush_page());
    CAIRN_RETURN_IF_ERROR(index_->sync());
    CAIRN_RETURN_IF_ERROR(index_->close());

    SSTableStats stats = stats_.finish(cb::kVersion, data_size_, options_.commitlog_upper_bound);
    stats.compression = std::string(compression_name(options_.compression.algorithm));
    stats.level = options_.level;
    Bytes body;
    cb::encode_compression_info(chunks_.info(), &body);
    CAIRN_RETURN_IF_ERROR(write_sealed(Component::kCompressionInfo, body));
    body.clear();
    cb::encode_summary(summary_, &body);
    CAIRN_RETURN_IF_ERROR(write_sealed(Component::kSummary, body));
    body.clear();
    filter_.encode(&body);
    CAIRN_RETURN_IF_ERROR(write_sealed(Component::kFilter, body));
    body.clear();
    cb::encode_stats(stats, &body);
    CAIRN_RETURN_IF_ERROR(write_sealed(Component::kStatistics, body));
    CAIRN_RETURN_IF_ERROR(
        write_synced(Component::kDigest, std::to_string(data_digest_.digest()) + "\n"));

    if (env_.failpoints != nullptr) {
      CAIRN_RETURN_IF_ERROR(env_.failpoints->check("sstable.before_toc"));
    }
    // Every component must be durable under its name before the TOC completes the sstable.
    CAIRN_RETURN_IF_ERROR(env_.fs->sync_dir(descriptor_.directory));
    const std::string toc = sstable_io::encode_toc(
        {Component::kData, Component::kIndex, Component::kSummary, Component::kFilter,
         Component::kCompressionInfo, Component::kStatistics, Component::kDigest, Component::kTOC});
    CAIRN_RETURN_IF_ERROR(
        write_file_atomically(*env_.fs, descriptor_.path(Component::kTOC), toc));
    finished_ = true;
    return stats;
  }

  void abandon() override {
    if (finished_) return;
    if (data_) (void)data_->close();
    if (index_) (void)index_->close();
    (void)delete_sstable(*env_.fs, descriptor_);
  }

 private:
  Status flush_page() {
    const Bytes page = cb::encode_index_page(page_entries_, page_count_);
    summary_.push_back({page_first_key_, index_offset_, static_cast<uint32_t>(page.size())});
    index_offset_ += page.size();
    page_entries_.clear();
    page_count_ = 0;
    return index_->append(page);
  }

  Status append_data(BytesView bytes) {
    CAIRN_RETURN_IF_ERROR(data_->append(bytes));
    data_digest_.update(bytes);
    data_size_ += bytes.size();
    return Status::ok();
  }

  Status write_sealed(Component c, BytesView body) {
    return write_synced(c, sstable_io::seal(cb::kVersion, c, body));
  }

  Status write_synced(Component c, BytesView contents) {
    CAIRN_ASSIGN_OR_RETURN(auto file, env_.fs->new_writable_file(descriptor_.path(c)));
    CAIRN_RETURN_IF_ERROR(file->append(contents));
    CAIRN_RETURN_IF_ERROR(file->sync());
    return file->close();
  }

  Env env_;  // a copy: it is only pointers
  SSTableDescriptor descriptor_;
  SSTableWriterOptions options_;
  std::unique_ptr<WritableFile> data_;
  std::unique_ptr<WritableFile> index_;
  Checksum32Builder data_digest_;
  uint64_t data_size_ = 0;
  BloomFilter filter_;
  cb::ChunkedWriter chunks_;
  StatsCollector stats_;

  // The partition being written.
  cb::IndexEntry entry_;
  cb::RowIndexBlock block_;
  bool open_block_ = false;
  uint64_t rows_bytes_ = 0;
  Bytes buffer_;
  Bytes header_;
  DecoratedKey last_key_;
  bool has_last_key_ = false;

  Bytes page_entries_;
  uint64_t page_count_ = 0;
  DecoratedKey page_first_key_;
  uint64_t index_offset_ = 0;
  std::vector<cb::SummaryEntry> summary_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<SSTableWriter>> create_cb_writer(const Env& env,
                                                        SSTableDescriptor descriptor,
                                                        ClusteringComparatorRef comparator,
                                                        SSTableWriterOptions options) {
  (void)comparator;  // rows arrive in the partition's (comparator) order already
  auto writer = std::make_unique<CbWriter>(env, std::move(descriptor), options);
  Status s = writer->start();
  if (!s.is_ok()) {
    writer->abandon();
    return s;
  }
  return std::unique_ptr<SSTableWriter>(std::move(writer));
}

}  // namespace cairn
