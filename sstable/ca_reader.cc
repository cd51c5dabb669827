// The reader of sstable version "ca" (docs/formats/sstable-ca.md), the first version
// Cairn wrote; its writer is gone (a build writes only the current version), its
// reader stays forever, checked by tests/data/legacy-sstables/ca.
//
// open_ca_reader() loads the TOC, statistics, index and filter, checking each checksum; a read
// then costs one positioned read of one partition record, whose own checksum is
// checked before a byte of it is decoded.
#include <algorithm>

#include "common/checksum.h"
#include "common/coding.h"
#include "model/mutation.h"
#include "sstable/bloom_filter.h"
#include "sstable/format_ca.h"
#include "sstable/sstable.h"

namespace cairn {

namespace {

std::string at(const std::string& path, uint64_t offset) {
  return path + " at offset " + std::to_string(offset);
}

class CaReader final : public SSTableReader {
 public:
  CaReader(SSTableDescriptor descriptor, SSTableStats stats, Env env,
           ClusteringComparatorRef comparator, std::unique_ptr<RandomAccessFile> data,
           std::vector<ca::IndexEntry> index, BloomFilter filter)
      : SSTableReader(env.fs, std::move(descriptor), std::move(stats)),
        env_(env),
        comparator_(std::move(comparator)),
        data_(std::move(data)),
        index_(std::move(index)),
        filter_(std::move(filter)) {}

  bool may_contain(const DecoratedKey& key) const override { return filter_.may_contain(key.key); }

  Result<std::optional<Partition>> read(const DecoratedKey& key) const override {
    if (!may_contain(key)) return std::optional<Partition>();
    auto it = std::lower_bound(index_.begin(), index_.end(), key,
                               [](const ca::IndexEntry& e, const DecoratedKey& k) { return e.key < k; });
    if (it == index_.end() || !(it->key == key)) return std::optional<Partition>();
    Bytes record;
    CAIRN_RETURN_IF_ERROR(data_->read(it->offset, it->size, &record));
    CAIRN_ASSIGN_OR_RETURN(Partition p, decode_record(record, *it));
    return std::optional<Partition>(std::move(p));
  }

  std::unique_ptr<SSTableScanner> scanner() const override {
    class Scanner final : public SSTableScanner {
     public:
      explicit Scanner(std::shared_ptr<const CaReader> reader) : reader_(std::move(reader)) {}
      Result<std::optional<Partition>> next() override {
        if (next_ == reader_->index_.size()) return std::optional<Partition>();
        const ca::IndexEntry& e = reader_->index_[next_++];
        Bytes record;
        CAIRN_RETURN_IF_ERROR(reader_->data_->read(e.offset, e.size, &record));
        CAIRN_ASSIGN_OR_RETURN(Partition p, reader_->decode_record(record, e));
        return std::optional<Partition>(std::move(p));
      }

     private:
      std::shared_ptr<const CaReader> reader_;
      size_t next_ = 0;
    };
    return std::make_unique<Scanner>(std::static_pointer_cast<const CaReader>(shared_from_this()));
  }

  void collect_keys(const PartitionRange& range, size_t limit,
                    std::vector<DecoratedKey>* out) const override {
    auto it = std::upper_bound(index_.begin(), index_.end(), range.start_token,
                               [](Token t, const ca::IndexEntry& e) { return t < e.key.token; });
    if (range.resume_after) {
      auto after = std::upper_bound(index_.begin(), index_.end(), *range.resume_after,
                                    [](const DecoratedKey& k, const ca::IndexEntry& e) { return k < e.key; });
      it = std::max(it, after);
    }
    for (size_t n = 0; it != index_.end() && n < limit; ++it) {
      if (range.is_past_end(it->key)) break;
      if (!range.contains(it->key)) continue;
      out->push_back(it->key);
      ++n;
    }
  }

  Status verify() const override {
    const std::string& path = data_->path();
    Bytes all;
    CAIRN_RETURN_IF_ERROR(data_->read(0, data_->size(), &all));
    if (all.size() != stats().data_size_bytes) {
      return Status::corruption(path + ": file has " + std::to_string(all.size()) +
                                " bytes, statistics say " + std::to_string(stats().data_size_bytes));
    }
    CAIRN_RETURN_IF_ERROR(ca::check_header(all, Component::kData, path));
    for (const ca::IndexEntry& e : index_) {
      CAIRN_RETURN_IF_ERROR(
          decode_record(BytesView(all).substr(e.offset, e.size), e).status());
    }
    // The digest covers the whole file, headers included.
    const std::string digest_path = descriptor().path(Component::kDigest);
    CAIRN_ASSIGN_OR_RETURN(Bytes digest, read_file(*env_.fs, digest_path));
    if (digest != std::to_string(checksum32(all)) + "\n") {
      return Status::corruption(at(digest_path, 0) +
                                ": digest does not match the Data component " + path);
    }
    // The sealed components are checked again (they may have been damaged since open).
    for (Component c : {Component::kIndex, Component::kFilter, Component::kStatistics}) {
      const std::string p = descriptor().path(c);
      CAIRN_ASSIGN_OR_RETURN(Bytes bytes, read_file(*env_.fs, p));
      CAIRN_RETURN_IF_ERROR(ca::unseal(bytes, c, p).status());
    }
    return Status::ok();
  }

  std::vector<std::string> component_paths() const override {
    std::vector<std::string> paths;
    for (Component c : {Component::kData, Component::kIndex, Component::kFilter,
                        Component::kStatistics, Component::kDigest, Component::kTOC}) {
      paths.push_back(descriptor().path(c));
    }
    return paths;
  }

 private:
  // Checks and decodes the record `e` describes, whose bytes are `record`.
  Result<Partition> decode_record(BytesView record, const ca::IndexEntry& e) const {
    const std::string& path = data_->path();
    if (record.size() != e.size) {
      return Status::corruption(at(path, e.offset) + ": partition record is truncated (" +
                                std::to_string(record.size()) + " of " + std::to_string(e.size) +
                                " bytes)");
    }
    const uint32_t payload_size = load_u32(record.data());
    if (payload_size + ca::kRecordOverhead != e.size) {
      return Status::corruption(at(path, e.offset) + ": partition record length " +
                                std::to_string(payload_size) + " disagrees with the index");
    }
    const BytesView payload = record.substr(4, payload_size);
    if (checksum32(payload) != load_u32(record.data() + 4 + payload_size)) {
      return Status::corruption(path + ": checksum mismatch in partition at offset " +
                                std::to_string(e.offset));
    }
    BufferReader in(payload);
    BytesView key;
    if (!in.get_length_prefixed(&key) || key != BytesView(e.key.key)) {
      return Status::corruption(at(path, e.offset) +
                                ": partition record holds a different key than the index");
    }
    auto partition = decode_partition_body(in.rest(), comparator_, e.key);
    if (!partition.is_ok()) {
      return partition.status().with_context(at(path, e.offset + 4 + in.offset()));
    }
    return partition;
  }

  Env env_;
  ClusteringComparatorRef comparator_;
  std::unique_ptr<RandomAccessFile> data_;
  std::vector<ca::IndexEntry> index_;
  BloomFilter filter_;
};

}  // namespace

Result<std::shared_ptr<SSTableReader>> open_ca_reader(const Env& env, SSTableDescriptor descriptor,
                                                      ClusteringComparatorRef comparator) {
  FileSystem& fs = *env.fs;
  CAIRN_RETURN_IF_ERROR(sstable_io::check_toc(fs, descriptor,
                                               {Component::kData, Component::kIndex,
                                                Component::kFilter, Component::kStatistics}));

  const std::string stats_path = descriptor.path(Component::kStatistics);
  CAIRN_ASSIGN_OR_RETURN(Bytes stats_bytes, sstable_io::read_listed_component(fs, descriptor, Component::kStatistics));
  CAIRN_ASSIGN_OR_RETURN(BytesView stats_body,
                         ca::unseal(stats_bytes, Component::kStatistics, stats_path));
  CAIRN_ASSIGN_OR_RETURN(SSTableStats stats, ca::decode_stats(stats_body, stats_path));

  const std::string data_path = descriptor.path(Component::kData);
  auto data = fs.new_random_access_file(data_path);
  if (!data.is_ok()) {
    if (data.status().is_not_found()) {
      return Status::corruption(data_path + ": component listed in the TOC is missing");
    }
    return data.status();
  }
  if (data.value()->size() != stats.data_size_bytes) {
    return Status::corruption(data_path + ": file has " + std::to_string(data.value()->size()) +
                              " bytes, statistics say " + std::to_string(stats.data_size_bytes));
  }
  Bytes header;
  CAIRN_RETURN_IF_ERROR(data.value()->read(0, ca::kHeaderSize, &header));
  CAIRN_RETURN_IF_ERROR(ca::check_header(header, Component::kData, data_path));

  const std::string index_path = descriptor.path(Component::kIndex);
  CAIRN_ASSIGN_OR_RETURN(Bytes index_bytes, sstable_io::read_listed_component(fs, descriptor, Component::kIndex));
  CAIRN_ASSIGN_OR_RETURN(BytesView index_body, ca::unseal(index_bytes, Component::kIndex, index_path));
  CAIRN_ASSIGN_OR_RETURN(auto index, ca::decode_index(index_body, stats.data_size_bytes, index_path));
  if (index.size() != stats.partition_count) {
    return Status::corruption(index_path + ": index has " + std::to_string(index.size()) +
                              " partitions, statistics say " + std::to_string(stats.partition_count));
  }

  const std::string filter_path = descriptor.path(Component::kFilter);
  CAIRN_ASSIGN_OR_RETURN(Bytes filter_bytes, sstable_io::read_listed_component(fs, descriptor, Component::kFilter));
  CAIRN_ASSIGN_OR_RETURN(BytesView filter_body,
                         ca::unseal(filter_bytes, Component::kFilter, filter_path));
  auto filter = BloomFilter::decode(filter_body);
  if (!filter.is_ok()) return filter.status().with_context(filter_path);

  return std::shared_ptr<SSTableReader>(std::make_shared<CaReader>(
      std::move(descriptor), std::move(stats), env, std::move(comparator), std::move(data.value()),
      std::move(index), std::move(filter.value())));
}

}  // namespace cairn
