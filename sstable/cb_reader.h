// The reader of sstable version "cb" (docs/formats/sstable-cb.md), opened through
// SSTableReader::open; this header holds what tests and metrics may ask of it beyond
// the SSTableReader interface.
//
// The cb readers of a process cache, for point reads and slices, Index pages (compact:
// cb::CompactIndexPage), the decoded index entries of wide partitions, and decompressed
// Data chunks in LRU caches (sstable/lru_cache.h) they all share, of
// kCbReaderIndexCacheBytes (pages and wide entries) and kCbReaderChunkCacheBytes: one
// budget however many sstables are open. Two thirds of it go to the index: a miss
// there costs a page read, check and token computation of ~128 keys, where a chunk
// miss is one read of the OS page cache and a decompression, and a MiB of Index pages
// serves about three times as many keys as a MiB of Data chunks of small partitions
// (docs/benchmarks.md, "The point read path").
#pragma once

#include <cstddef>
#include <cstdint>

#include "sstable/sstable.h"

namespace cairn {

inline constexpr size_t kCbReaderIndexCacheBytes = size_t{32} << 20;
// Of the index budget, what decoded entries of wide partitions (those with a row index,
// which can be large) may hold; compact pages hold the rest.
inline constexpr size_t kCbReaderWideEntryCacheBytes = size_t{4} << 20;
inline constexpr size_t kCbReaderChunkCacheBytes = size_t{16} << 20;
inline constexpr size_t kCbReaderCacheBytes = kCbReaderIndexCacheBytes + kCbReaderChunkCacheBytes;

// Bytes held now by the shared caches of every cb reader.
uint64_t cb_reader_cached_bytes();

}  // namespace cairn
