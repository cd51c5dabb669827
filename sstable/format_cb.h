// The byte layout of sstable version "cb", shared by its writer and reader.
// docs/formats/sstable-cb.md describes every byte; keep the two in step.
//
// Data is a stream of partitions cut into fixed-size chunks, each compressed and
// checksummed on its own (CompressionInfo lists where each chunk starts). Index is a
// sequence of checksummed pages of up to kIndexPageEntries entries; Summary, held in
// memory, holds the first key and place of every page, so finding a key reads one
// page. A wide partition's index entry carries a row index: the clustering range and
// place of each block of rows, so a slice reads only the blocks it touches.
#pragma once

#include <algorithm>
#include <optional>

#include <cstdint>
#include <string>
#include <vector>

#include "common/compression.h"
#include "model/clustering.h"
#include "sstable/component_io.h"
#include "sstable/sstable.h"

namespace cairn::cb {

inline constexpr char kVersion[] = "cb";
inline constexpr size_t kIndexPageEntries = 128;  // Cassandra's index_interval
// A chunk on disk: u8 kind, payload, u32 checksum32(kind + payload).
inline constexpr uint8_t kChunkRaw = 0;
inline constexpr uint8_t kChunkCompressed = 1;
inline constexpr size_t kChunkOverhead = 1 + 4;

struct CompressionInfo {
  CompressionAlgorithm algorithm = CompressionAlgorithm::kLz4;
  uint32_t chunk_length = 0;          // uncompressed bytes per chunk (the last may be shorter)
  uint64_t data_length = 0;           // uncompressed length of the whole stream
  std::vector<uint64_t> chunk_offsets;  // file offset of each chunk, increasing
};
void encode_compression_info(const CompressionInfo& info, Bytes* out);
// Checks the chunk count matches data_length and every offset lies inside a Data file
// of `data_file_size` bytes, in order.
Result<CompressionInfo> decode_compression_info(BytesView body, uint64_t data_file_size,
                                                const std::string& path);

// One block of a wide partition's rows. Offsets are relative to the partition's rows.
struct RowIndexBlock {
  Clustering first;
  Clustering last;
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct IndexEntry {
  DecoratedKey key;
  uint64_t position = 0;     // of the partition in the uncompressed Data stream
  uint64_t length = 0;       // of the whole partition
  uint64_t rows_offset = 0;  // where its rows start, relative to `position`
  std::vector<RowIndexBlock> blocks;  // empty for a partition small enough to read whole
};
void encode_index_entry(const IndexEntry& e, Bytes* out);

// An Index page on disk: u32 payload length, payload (varint entry count, entries),
// u32 checksum32(payload).
Bytes encode_index_page(BytesView entries, uint64_t count);
// Decodes the page at `page_offset` of the Index file `path` (the whole page's bytes).
Status decode_index_page(BytesView page, const ClusteringComparator& comparator,
                         const std::string& path, uint64_t page_offset,
                         std::vector<IndexEntry>* out);

// An Index page kept for point lookups: its checked payload and, per entry, where the
// entry starts and its key's token. A lookup binary-searches the tokens and decodes only
// the entry it lands on, where decode_index_page builds every entry (a key copy, a
// Murmur3 hash and row-index blocks each) — and the page takes a quarter of the memory,
// so four times as many pages fit a cache.
// Tokens are not kept: a lookup hashes the ~7 keys its binary search visits, which
// costs less than the page cache holding a fifth fewer pages.
struct CompactIndexPage {
  Bytes payload;
  std::vector<uint32_t> offsets;  // of each entry in `payload`, in key order
  std::vector<uint32_t> wide;     // the entries with a row index (sorted; most pages: none)
  size_t memory_bytes() const {
    return sizeof(*this) + payload.capacity() +
           (offsets.capacity() + wide.capacity()) * sizeof(uint32_t);
  }
  bool is_wide(size_t i) const {
    return std::binary_search(wide.begin(), wide.end(), static_cast<uint32_t>(i));
  }
};
// Checks the page at `page_offset` of `path` as decode_index_page does (checksum, every
// entry well formed, keys in order) and keeps it compact.
Status load_compact_index_page(BytesView page, const ClusteringComparator& comparator,
                               const std::string& path, uint64_t page_offset,
                               CompactIndexPage* out);
// Which entry of `page` is `key`'s, or nullopt when the page does not hold it.
// REQUIRES: `page` came from load_compact_index_page (it is not checked again).
std::optional<size_t> find_in_compact_index_page(const CompactIndexPage& page,
                                                 const DecoratedKey& key);
// Decodes entry `i` of `page` (key included) into *out. REQUIRES: i < offsets.size().
void decode_compact_index_entry(const CompactIndexPage& page, size_t i,
                                const ClusteringComparator& comparator, IndexEntry* out);

struct SummaryEntry {
  DecoratedKey first_key;
  uint64_t offset = 0;  // of the page in the Index file
  uint32_t size = 0;    // of the whole page
};
void encode_summary(const std::vector<SummaryEntry>& pages, Bytes* out);
// Checks pages are in key order and tile the Index file after its header exactly.
Result<std::vector<SummaryEntry>> decode_summary(BytesView body, uint64_t index_file_size,
                                                 const std::string& path);

void encode_stats(const SSTableStats& stats, Bytes* out);
Result<SSTableStats> decode_stats(BytesView body, const std::string& path);

}  // namespace cairn::cb
