// The Data component of version cb: a stream cut into chunks of `chunk_length`
// uncompressed bytes, each stored as u8 kind (raw or compressed), payload and u32
// checksum32 of both, so any byte of the stream is read by reading and checking only
// the chunk(s) holding it.
//
// Thread safety: a ChunkedWriter is used by one thread; a ChunkedReader may be read
// from many threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

#include "common/env/file_system.h"
#include "sstable/format_cb.h"
#include "sstable/lru_cache.h"

namespace cairn::cb {

class ChunkedWriter {
 public:
  // `sink` receives the bytes to append to the Data file; `file_offset` is where the
  // first chunk will land (after the component header).
  ChunkedWriter(CompressionParams params, uint64_t file_offset,
                std::function<Status(BytesView)> sink);

  Status append(BytesView data);
  // Writes the last, partial chunk. Call once, after the last append.
  Status finish();

  uint64_t position() const { return position_; }  // uncompressed bytes appended
  CompressionInfo info() const;

 private:
  Status flush_chunk();

  CompressionParams params_;
  uint64_t file_offset_;
  std::function<Status(BytesView)> sink_;
  uint64_t position_ = 0;
  Bytes pending_;
  Bytes compressed_;
  Bytes chunk_;
  std::vector<uint64_t> chunk_offsets_;
};

// A buffer for bytes that live only until decoded (a stored chunk, an Index page, a
// partition's bytes), kept thread_local by its user so a read allocates nothing for
// them once the buffer has grown. A buffer grown past kMaxKeptBytes (a wide
// partition read whole) is given back on the next get(), so each thread keeps little.
class ScratchBytes {
 public:
  static constexpr size_t kMaxKeptBytes = size_t{256} << 10;
  // The buffer, empty. The reference is valid until the next get() on this object.
  Bytes& get() {
    if (bytes_.capacity() > kMaxKeptBytes) Bytes().swap(bytes_);
    bytes_.clear();
    return bytes_;
  }

 private:
  Bytes bytes_;
};

// The last chunk a sequential reader decoded, reused while reads stay inside it.
struct ChunkCache {
  uint64_t index = UINT64_MAX;
  Bytes data;
};

class ChunkedReader {
 public:
  using SharedCache = LruCache<Bytes, CacheKey, CacheKeyHash>;
  // With `shared_cache` (which must outlive the reader), reads of at most
  // kMaxCachedChunksPerRead chunks (point reads of small partitions, row blocks of a
  // slice) go through that LRU cache of decompressed chunks, shared by every reader
  // given it, so one budget bounds them all. Larger reads (a whole wide partition)
  // bypass it, so they do not evict the chunks point reads keep coming to.
  static constexpr uint64_t kMaxCachedChunksPerRead = 2;
  ChunkedReader(const RandomAccessFile* file, CompressionInfo info, SharedCache* shared_cache = nullptr)
      : file_(file), info_(std::move(info)), cache_(shared_cache), owner_(next_cache_owner()) {}

  // Replaces `out` with `length` bytes of the stream from `position`, checking every
  // chunk it touches. Corruption names the Data file, the chunk and its offset.
  // With `cache`, a chunk already decoded there is not read again (sequential scans),
  // and the shared cache is neither consulted nor filled: every chunk comes from disk.
  // Only chunks whose checksum passed are ever cached, so damage is reported by the
  // first read that touches it, and by every later one.
  Status read(uint64_t position, uint64_t length, Bytes* out, ChunkCache* cache = nullptr) const;

  const CompressionInfo& info() const { return info_; }
  // Bytes read from the Data file (cache hits read nothing).
  uint64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
  // Bytes of decompressed chunks held by the shared cache now (of every reader).
  size_t cached_bytes() const { return cache_ != nullptr ? cache_->charged_bytes() : 0; }

 private:
  Status read_chunk(uint64_t index, Bytes* out) const;
  Status read_through_cache(uint64_t position, uint64_t length, Bytes* out) const;

  const RandomAccessFile* file_;
  CompressionInfo info_;
  mutable std::atomic<uint64_t> bytes_read_{0};
  SharedCache* cache_;  // (this reader, chunk index) -> decompressed chunk; may be null
  uint64_t owner_;
};

}  // namespace cairn::cb
