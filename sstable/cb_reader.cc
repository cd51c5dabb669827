// The reader of sstable version "cb" (docs/formats/sstable-cb.md).
//
// open() loads the TOC and the small sealed components — Statistics, CompressionInfo,
// Summary, Filter — checking each. A lookup then reads one Index page (found through
// the summary) and the Data chunks holding the partition, or, for a wide partition
// and a slice, only the chunks holding the row blocks the slice touches. Both go
// through the reader's LRU caches (cb_reader.h), so a point read of a hot key costs
// a binary search and a copy.
#include "sstable/cb_reader.h"

#include <algorithm>

#include "common/checksum.h"
#include "common/coding.h"
#include "model/mutation.h"
#include "sstable/bloom_filter.h"
#include "sstable/chunked_data.h"
#include "sstable/format_cb.h"
#include "sstable/lru_cache.h"
#include "sstable/sstable.h"

namespace cairn {

namespace {

// The caches every cb reader of the process shares: one budget for all open sstables.
using PageCache = LruCache<cb::CompactIndexPage, CacheKey, CacheKeyHash>;
PageCache& shared_page_cache() {
  static PageCache cache(kCbReaderIndexCacheBytes - kCbReaderWideEntryCacheBytes);
  return cache;
}
// Decoded entries of wide partitions, keyed by page and entry: a slice of a wide
// partition decodes its row index once, not on every read.
using EntryCache = LruCache<cb::IndexEntry, CacheKey, CacheKeyHash>;
EntryCache& shared_wide_entry_cache() {
  static EntryCache cache(kCbReaderWideEntryCacheBytes);
  return cache;
}
cb::ChunkedReader::SharedCache& shared_chunk_cache() {
  static cb::ChunkedReader::SharedCache cache(kCbReaderChunkCacheBytes);
  return cache;
}

constexpr Component kComponents[] = {Component::kData,       Component::kIndex,
                                     Component::kSummary,    Component::kFilter,
                                     Component::kCompressionInfo, Component::kStatistics,
                                     Component::kDigest,     Component::kTOC};

class CbReader final : public SSTableReader {
 public:
  CbReader(SSTableDescriptor descriptor, SSTableStats stats, Env env,
           ClusteringComparatorRef comparator, std::unique_ptr<RandomAccessFile> data,
           std::unique_ptr<RandomAccessFile> index, cb::CompressionInfo compression,
           std::vector<cb::SummaryEntry> summary, BloomFilter filter)
      : SSTableReader(env.fs, std::move(descriptor), std::move(stats)),
        env_(env),
        comparator_(std::move(comparator)),
        data_(std::move(data)),
        index_(std::move(index)),
        chunks_(data_.get(), std::move(compression), &shared_chunk_cache()),
        summary_(std::move(summary)),
        filter_(std::move(filter)) {}

  bool may_contain(const DecoratedKey& key) const override { return filter_.may_contain(key.key); }

  Result<std::optional<Partition>> read(const DecoratedKey& key) const override {
    CAIRN_ASSIGN_OR_RETURN(auto found, find(key));
    if (!found) return std::optional<Partition>();
    return read_whole(*found->entry);
  }

  // The whole partition `entry` describes.
  Result<std::optional<Partition>> read_whole(const cb::IndexEntry& entry) const {
    // The partition's bytes only live until decoded: one buffer per thread.
    thread_local cb::ScratchBytes scratch;
    Bytes& bytes = scratch.get();
    CAIRN_RETURN_IF_ERROR(chunks_.read(entry.position, entry.length, &bytes));
    CAIRN_ASSIGN_OR_RETURN(Partition p, decode_head(bytes, entry));
    Status s = decode_rows(BytesView(bytes).substr(entry.rows_offset), &p);
    if (!s.is_ok()) return damaged(s, entry);
    return std::optional<Partition>(std::move(p));
  }

  Result<std::optional<Partition>> read(const DecoratedKey& key,
                                        const std::vector<ClusteringSlice>& slices) const override {
    CAIRN_ASSIGN_OR_RETURN(auto found, find(key));
    if (!found) return std::optional<Partition>();
    const cb::IndexEntry* entry = found->entry;
    if (entry->blocks.empty()) {
      CAIRN_ASSIGN_OR_RETURN(auto whole, read_whole(*entry));
      // The whole partition is what a slice of everything keeps (a point read): no copy.
      if (slices.size() == 1 && slices.front() == ClusteringSlice::all()) return whole;
      return std::optional<Partition>(whole->slice(slices));
    }
    Bytes bytes;
    CAIRN_RETURN_IF_ERROR(chunks_.read(entry->position, entry->rows_offset, &bytes));
    CAIRN_ASSIGN_OR_RETURN(Partition p, decode_head(bytes, *entry));
    const ClusteringComparator& cmp = *comparator_;
    for (const cb::RowIndexBlock& block : entry->blocks) {
      const bool wanted = std::any_of(slices.begin(), slices.end(), [&](const ClusteringSlice& s) {
        return cmp.compare(block.last, s.start) >= 0 && cmp.compare(block.first, s.end) <= 0;
      });
      if (!wanted) continue;
      CAIRN_RETURN_IF_ERROR(
          chunks_.read(entry->position + entry->rows_offset + block.offset, block.length, &bytes));
      Status s = decode_rows(bytes, &p);
      if (!s.is_ok()) return damaged(s, *entry);
    }
    return std::optional<Partition>(p.slice(slices));
  }

  // Decodes row-index blocks from the slice's start (its end when reversed) only until
  // they hold `rows_wanted` of the slice's rows: a LIMIT-ed slice of a wide partition
  // reads and builds a block or two, not every row up to the slice's far end.
  Result<std::optional<Partition>> read_first(const DecoratedKey& key,
                                              const ClusteringSlice& slice, size_t rows_wanted,
                                              bool reversed) const override {
    CAIRN_ASSIGN_OR_RETURN(auto found, find(key));
    if (!found) return std::optional<Partition>();
    const cb::IndexEntry* entry = found->entry;
    if (entry->blocks.empty()) {
      CAIRN_ASSIGN_OR_RETURN(auto whole, read_whole(*entry));
      return std::optional<Partition>(first_rows(*whole, slice, rows_wanted, reversed));
    }
    thread_local cb::ScratchBytes scratch;
    Bytes& bytes = scratch.get();
    CAIRN_RETURN_IF_ERROR(chunks_.read(entry->position, entry->rows_offset, &bytes));
    CAIRN_ASSIGN_OR_RETURN(Partition head, decode_head(bytes, *entry));
    // The header as the slice sees it (its range tombstones only): no rows yet.
    Partition out = first_rows(head, slice, 0, reversed);
    const ClusteringComparator& cmp = *comparator_;
    const size_t blocks = entry->blocks.size();
    // Only the slice's rows are added, straight into the result: forwards, blocks are
    // decoded until they give the first `rows_wanted`; reversed, until they hold at
    // least that many (a block's rows are in clustering order), cut to the last ones.
    size_t added = 0;
    for (size_t i = 0; i < blocks && added < rows_wanted; ++i) {
      const cb::RowIndexBlock& block = entry->blocks[reversed ? blocks - 1 - i : i];
      if (cmp.compare(block.last, slice.start) < 0 || cmp.compare(block.first, slice.end) > 0) {
        continue;
      }
      CAIRN_RETURN_IF_ERROR(
          chunks_.read(entry->position + entry->rows_offset + block.offset, block.length, &bytes));
      Status s = decode_rows_in_slice(bytes, slice, reversed ? SIZE_MAX : rows_wanted - added, &out,
                                      &added);
      if (!s.is_ok()) return damaged(s, *entry);
    }
    if (out.row_count() <= rows_wanted) return std::optional<Partition>(std::move(out));
    return std::optional<Partition>(first_rows(out, slice, rows_wanted, reversed));
  }

  Result<bool> visit_slice(const DecoratedKey& key, const ClusteringSlice& slice, bool reversed,
                           const std::function<void(Partition&&)>& head,
                           const std::function<bool(Row&)>& row) const override {
    CAIRN_ASSIGN_OR_RETURN(auto found, find(key));
    if (!found) return false;
    const cb::IndexEntry& entry = *found->entry;
    thread_local cb::ScratchBytes scratch;
    Bytes& bytes = scratch.get();
    // A partition without a row index is read whole; its rows follow its header.
    const bool wide = !entry.blocks.empty();
    CAIRN_RETURN_IF_ERROR(
        chunks_.read(entry.position, wide ? entry.rows_offset : entry.length, &bytes));
    {
      CAIRN_ASSIGN_OR_RETURN(Partition p, decode_head(bytes, entry));
      head(first_rows(p, slice, 0, reversed));
    }
    const ClusteringComparator& cmp = *comparator_;
    bool more = true;
    // Rows of one stretch of bytes, in clustering order, inside the slice; reversed,
    // a stretch's slice rows are gathered first and handed over backwards.
    std::vector<Row> gathered;
    auto visit = [&](BytesView rows) -> Status {
      gathered.clear();
      Status s = decode_rows_in_slice(rows, cmp, slice, [&](Row& r) {
        if (reversed) {
          gathered.push_back(std::move(r));
          return true;
        }
        more = row(r);
        return more;
      });
      for (auto it = gathered.rbegin(); more && it != gathered.rend(); ++it) more = row(*it);
      return s;
    };
    if (!wide) {
      Status s = visit(BytesView(bytes).substr(entry.rows_offset));
      if (!s.is_ok()) return damaged(s, entry);
      return true;
    }
    const size_t blocks = entry.blocks.size();
    for (size_t i = 0; i < blocks && more; ++i) {
      const cb::RowIndexBlock& block = entry.blocks[reversed ? blocks - 1 - i : i];
      if (cmp.compare(block.last, slice.start) < 0 || cmp.compare(block.first, slice.end) > 0) {
        continue;
      }
      CAIRN_RETURN_IF_ERROR(
          chunks_.read(entry.position + entry.rows_offset + block.offset, block.length, &bytes));
      Status s = visit(bytes);
      if (!s.is_ok()) return damaged(s, entry);
    }
    return true;
  }

  std::unique_ptr<SSTableScanner> scanner() const override {
    class Scanner final : public SSTableScanner {
     public:
      explicit Scanner(std::shared_ptr<const CbReader> reader) : reader_(std::move(reader)) {}
      Result<std::optional<Partition>> next() override {
        while (next_entry_ == entries_.size()) {
          if (next_page_ == reader_->summary_.size()) return std::optional<Partition>();
          CAIRN_RETURN_IF_ERROR(reader_->read_page(reader_->summary_[next_page_++], &entries_));
          next_entry_ = 0;
        }
        const cb::IndexEntry& e = entries_[next_entry_++];
        CAIRN_RETURN_IF_ERROR(reader_->chunks_.read(e.position, e.length, &bytes_, &cache_));
        CAIRN_ASSIGN_OR_RETURN(Partition p, reader_->decode_head(bytes_, e));
        Status s = decode_rows(BytesView(bytes_).substr(e.rows_offset), &p);
        if (!s.is_ok()) return reader_->damaged(s, e);
        return std::optional<Partition>(std::move(p));
      }

     private:
      std::shared_ptr<const CbReader> reader_;
      size_t next_page_ = 0;
      std::vector<cb::IndexEntry> entries_;
      size_t next_entry_ = 0;
      cb::ChunkCache cache_;
      Bytes bytes_;
    };
    return std::make_unique<Scanner>(std::static_pointer_cast<const CbReader>(shared_from_this()));
  }

  void collect_keys(const PartitionRange& range, size_t limit,
                    std::vector<DecoratedKey>* out) const override {
    if (summary_.empty() || limit == 0) return;
    // The last page whose first key is at or before the start of the range.
    auto page = std::upper_bound(summary_.begin(), summary_.end(), range.start_token,
                                 [](Token t, const cb::SummaryEntry& e) { return t < e.first_key.token; });
    if (range.resume_after) {
      auto after = std::upper_bound(summary_.begin(), summary_.end(), *range.resume_after,
                                    [](const DecoratedKey& k, const cb::SummaryEntry& e) {
                                      return k < e.first_key;
                                    });
      page = std::max(page, after);
    }
    if (page != summary_.begin()) --page;
    size_t n = 0;
    std::vector<cb::IndexEntry> entries;
    for (; page != summary_.end(); ++page) {
      // A damaged page cannot be listed; reads of its keys report the damage.
      if (!read_page(*page, &entries).is_ok()) continue;
      for (const auto& e : entries) {
        if (range.is_past_end(e.key)) return;
        if (!range.contains(e.key)) continue;
        out->push_back(e.key);
        if (++n == limit) return;
      }
    }
  }

  Status verify() const override {
    // Every chunk, every index page, every partition, the digest, the sealed components.
    const std::string& data_path = data_->path();
    Bytes header;
    CAIRN_RETURN_IF_ERROR(data_->read(0, sstable_io::kHeaderSize, &header));
    CAIRN_RETURN_IF_ERROR(sstable_io::check_header(header, cb::kVersion, Component::kData, data_path));
    // Partitions in stream order through one chunk cache: each chunk is read, checked
    // and decoded once, and never more than a partition is held in memory.
    const uint64_t stream_length = chunks_.info().data_length;
    uint64_t partitions = 0;
    uint64_t expected_position = 0;
    std::vector<cb::IndexEntry> entries;
    cb::ChunkCache cache;
    Bytes bytes;
    for (const auto& page : summary_) {
      CAIRN_RETURN_IF_ERROR(read_page(page, &entries));
      for (const auto& e : entries) {
        if (e.position != expected_position || e.position + e.length > stream_length) {
          return Status::corruption(index_->path() + ": entry for the partition at " +
                                    std::to_string(e.position) + " does not follow the previous one");
        }
        CAIRN_RETURN_IF_ERROR(chunks_.read(e.position, e.length, &bytes, &cache));
        CAIRN_ASSIGN_OR_RETURN(Partition p, decode_head(bytes, e));
        Status s = decode_rows(BytesView(bytes).substr(e.rows_offset), &p);
        if (!s.is_ok()) return damaged(s, e);
        expected_position = e.position + e.length;
        ++partitions;
      }
    }
    if (partitions != stats().partition_count || expected_position != stream_length) {
      return Status::corruption(index_->path() + ": index lists " + std::to_string(partitions) +
                                " partitions, statistics say " +
                                std::to_string(stats().partition_count));
    }
    // The digest covers the file's bytes, read in pieces.
    Checksum32Builder whole;
    constexpr uint64_t kPiece = 1 << 20;
    for (uint64_t at = 0; at < data_->size(); at += kPiece) {
      CAIRN_RETURN_IF_ERROR(data_->read(at, kPiece, &bytes));
      whole.update(bytes);
    }
    const std::string digest_path = descriptor().path(Component::kDigest);
    CAIRN_ASSIGN_OR_RETURN(Bytes digest, read_file(*env_.fs, digest_path));
    if (digest != std::to_string(whole.digest()) + "\n") {
      return Status::corruption(digest_path + " at offset 0: digest does not match " + data_path);
    }
    for (Component c : {Component::kSummary, Component::kFilter, Component::kCompressionInfo,
                        Component::kStatistics}) {
      const std::string p = descriptor().path(c);
      CAIRN_ASSIGN_OR_RETURN(Bytes bytes, read_file(*env_.fs, p));
      CAIRN_RETURN_IF_ERROR(sstable_io::unseal(bytes, cb::kVersion, c, p).status());
    }
    return Status::ok();
  }

  std::vector<std::string> component_paths() const override {
    std::vector<std::string> paths;
    for (Component c : kComponents) paths.push_back(descriptor().path(c));
    return paths;
  }

  uint64_t data_bytes_read() const override { return chunks_.bytes_read(); }

 private:
  Status read_page(const cb::SummaryEntry& page, std::vector<cb::IndexEntry>* out) const {
    Bytes bytes;
    CAIRN_RETURN_IF_ERROR(index_->read(page.offset, page.size, &bytes));
    return cb::decode_index_page(bytes, *comparator_, index_->path(), page.offset, out);
  }

  // Index pages kept compact for lookups (cb::CompactIndexPage), shared by the readers
  // of the process: a point read whose page is cached costs a binary search over its
  // tokens and the decoding of one entry, instead of reading and decoding a page.
  using Page = std::shared_ptr<const cb::CompactIndexPage>;

  // An index entry, decoded for this lookup or shared with the wide-entry cache.
  struct Found {
    std::shared_ptr<const cb::IndexEntry> owned;
    const cb::IndexEntry* entry;
  };

  // The index entry of `key`, or nullopt.
  Result<std::optional<Found>> find(const DecoratedKey& key) const {
    if (!may_contain(key)) return std::optional<Found>();
    auto page = std::upper_bound(summary_.begin(), summary_.end(), key,
                                 [](const DecoratedKey& k, const cb::SummaryEntry& e) {
                                   return k < e.first_key;
                                 });
    if (page == summary_.begin()) return std::optional<Found>();
    --page;
    const size_t page_number = static_cast<size_t>(page - summary_.begin());
    CAIRN_ASSIGN_OR_RETURN(Page cached, cached_page(page_number));
    const std::optional<size_t> i = cb::find_in_compact_index_page(*cached, key);
    if (!i) return std::optional<Found>();
    std::shared_ptr<const cb::IndexEntry> entry = decoded_entry(*cached, page_number, *i);
    if (entry->position + entry->length > chunks_.info().data_length) {
      return Status::corruption(index_->path() + ": entry points past the end of " + data_->path());
    }
    const cb::IndexEntry* e = entry.get();
    return std::optional<Found>(Found{std::move(entry), e});
  }

  // Entry `i` of page `page_number`, decoded: from the wide-entry cache for a wide
  // partition (decoding its row index is the costly part), else decoded here.
  std::shared_ptr<const cb::IndexEntry> decoded_entry(const cb::CompactIndexPage& page,
                                                      size_t page_number, size_t i) const {
    const bool wide = page.is_wide(i);
    const CacheKey key{cache_owner_, (uint64_t{page_number} << 32) | i};
    if (wide) {
      if (auto hit = shared_wide_entry_cache().lookup(key)) return hit;
    }
    auto entry = std::make_shared<cb::IndexEntry>();
    cb::decode_compact_index_entry(page, i, *comparator_, entry.get());
    if (wide) shared_wide_entry_cache().insert(key, entry, entry_charge(*entry));
    return entry;
  }

  // About the memory a decoded entry holds: its key and row index blocks (their
  // clusterings counted at struct size plus their values' bytes).
  static size_t entry_charge(const cb::IndexEntry& e) {
    size_t bytes = sizeof(e) + e.key.key.capacity() + e.blocks.capacity() * sizeof(cb::RowIndexBlock);
    for (const cb::RowIndexBlock& b : e.blocks) {
      for (const Clustering* c : {&b.first, &b.last}) {
        for (const Bytes& v : *c) bytes += sizeof(Bytes) + v.capacity();
      }
    }
    return bytes;
  }

  Result<Page> cached_page(size_t page) const {
    if (Page cached = shared_page_cache().lookup(CacheKey{cache_owner_, page})) return cached;
    const cb::SummaryEntry& where = summary_[page];
    thread_local cb::ScratchBytes scratch;  // the stored page, copied into the compact page
    Bytes& bytes = scratch.get();
    CAIRN_RETURN_IF_ERROR(index_->read(where.offset, where.size, &bytes));
    auto compact = std::make_shared<cb::CompactIndexPage>();
    CAIRN_RETURN_IF_ERROR(cb::load_compact_index_page(bytes, *comparator_, index_->path(),
                                                      where.offset, compact.get()));
    shared_page_cache().insert(CacheKey{cache_owner_, page}, compact, compact->memory_bytes());
    return Page(std::move(compact));
  }

  // Decodes the key and header at the start of a partition's bytes.
  Result<Partition> decode_head(BytesView bytes, const cb::IndexEntry& e) const {
    BufferReader in(bytes);
    BytesView key, header;
    uint64_t header_length = 0;
    if (!in.get_length_prefixed(&key) || key != BytesView(e.key.key) ||
        !in.get_varint(&header_length) || !in.get_bytes(header_length, &header) ||
        in.offset() != e.rows_offset) {
      return Status::corruption(data_->path() + ": partition at stream offset " +
                                std::to_string(e.position) +
                                " does not hold the key and header its index entry describes");
    }
    Partition p(comparator_, e.key);
    Status s = decode_partition_header(header, &p);
    if (!s.is_ok()) return damaged(s, e);
    return p;
  }

  Status damaged(const Status& s, const cb::IndexEntry& e) const {
    return s.with_context(data_->path() + ": partition at stream offset " + std::to_string(e.position));
  }

  Env env_;
  ClusteringComparatorRef comparator_;
  std::unique_ptr<RandomAccessFile> data_;
  std::unique_ptr<RandomAccessFile> index_;
  cb::ChunkedReader chunks_;
  std::vector<cb::SummaryEntry> summary_;
  BloomFilter filter_;
  const uint64_t cache_owner_ = next_cache_owner();  // this reader's pages in shared_page_cache()
};

Result<std::unique_ptr<RandomAccessFile>> open_component(FileSystem& fs, const SSTableDescriptor& d,
                                                         Component c) {
  auto file = fs.new_random_access_file(d.path(c));
  if (!file.is_ok() && file.status().is_not_found()) {
    return Status::corruption(d.path(c) + ": component listed in the TOC is missing");
  }
  if (!file.is_ok()) return file.status();
  Bytes header;
  CAIRN_RETURN_IF_ERROR(file.value()->read(0, sstable_io::kHeaderSize, &header));
  CAIRN_RETURN_IF_ERROR(sstable_io::check_header(header, cb::kVersion, c, d.path(c)));
  return file;
}

}  // namespace

uint64_t cb_reader_cached_bytes() {
  return shared_page_cache().charged_bytes() + shared_wide_entry_cache().charged_bytes() +
         shared_chunk_cache().charged_bytes();
}

Result<std::shared_ptr<SSTableReader>> open_cb_reader(const Env& env, SSTableDescriptor descriptor,
                                                      ClusteringComparatorRef comparator) {
  FileSystem& fs = *env.fs;
  CAIRN_RETURN_IF_ERROR(sstable_io::check_toc(
      fs, descriptor,
      {Component::kData, Component::kIndex, Component::kSummary, Component::kFilter,
       Component::kCompressionInfo, Component::kStatistics, Component::kDigest}));
  auto unsealed = [&](Component c, Bytes* holder) -> Result<BytesView> {
    CAIRN_ASSIGN_OR_RETURN(*holder, sstable_io::read_listed_component(fs, descriptor, c));
    return sstable_io::unseal(*holder, cb::kVersion, c, descriptor.path(c));
  };
  Bytes stats_bytes, compression_bytes, summary_bytes, filter_bytes;
  CAIRN_ASSIGN_OR_RETURN(BytesView stats_body, unsealed(Component::kStatistics, &stats_bytes));
  CAIRN_ASSIGN_OR_RETURN(SSTableStats stats,
                         cb::decode_stats(stats_body, descriptor.path(Component::kStatistics)));

  CAIRN_ASSIGN_OR_RETURN(auto data, open_component(fs, descriptor, Component::kData));
  if (data->size() != stats.data_size_bytes) {
    return Status::corruption(data->path() + ": file has " + std::to_string(data->size()) +
                              " bytes, statistics say " + std::to_string(stats.data_size_bytes));
  }
  CAIRN_ASSIGN_OR_RETURN(auto index, open_component(fs, descriptor, Component::kIndex));

  CAIRN_ASSIGN_OR_RETURN(BytesView compression_body,
                         unsealed(Component::kCompressionInfo, &compression_bytes));
  CAIRN_ASSIGN_OR_RETURN(auto compression,
                         cb::decode_compression_info(compression_body, data->size(),
                                                     descriptor.path(Component::kCompressionInfo)));
  CAIRN_ASSIGN_OR_RETURN(BytesView summary_body, unsealed(Component::kSummary, &summary_bytes));
  CAIRN_ASSIGN_OR_RETURN(auto summary, cb::decode_summary(summary_body, index->size(),
                                                          descriptor.path(Component::kSummary)));
  CAIRN_ASSIGN_OR_RETURN(BytesView filter_body, unsealed(Component::kFilter, &filter_bytes));
  auto filter = BloomFilter::decode(filter_body);
  if (!filter.is_ok()) return filter.status().with_context(descriptor.path(Component::kFilter));

  return std::shared_ptr<SSTableReader>(std::make_shared<CbReader>(
      std::move(descriptor), std::move(stats), env, std::move(comparator), std::move(data),
      std::move(index), std::move(compression), std::move(summary), std::move(filter).value()));
}

}  // namespace cairn
