#include "sstable/chunked_data.h"

#include <algorithm>

#include "common/checksum.h"
#include "common/coding.h"

namespace cairn::cb {

ChunkedWriter::ChunkedWriter(CompressionParams params, uint64_t file_offset,
                             std::function<Status(BytesView)> sink)
    : params_(params), file_offset_(file_offset), sink_(std::move(sink)) {}

Status ChunkedWriter::append(BytesView data) {
  position_ += data.size();
  while (!data.empty()) {
    const size_t take = std::min<size_t>(data.size(), params_.chunk_length - pending_.size());
    pending_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (pending_.size() == params_.chunk_length) CAIRN_RETURN_IF_ERROR(flush_chunk());
  }
  return Status::ok();
}

Status ChunkedWriter::finish() {
  if (!pending_.empty()) return flush_chunk();
  return Status::ok();
}

Status ChunkedWriter::flush_chunk() {
  compress(params_.algorithm, pending_, &compressed_);
  const bool use_compressed =
      params_.algorithm != CompressionAlgorithm::kNone && compressed_.size() < pending_.size();
  chunk_.clear();
  put_u8(&chunk_, use_compressed ? kChunkCompressed : kChunkRaw);
  chunk_.append(use_compressed ? compressed_ : pending_);
  put_u32(&chunk_, checksum32(chunk_));
  chunk_offsets_.push_back(file_offset_);
  file_offset_ += chunk_.size();
  pending_.clear();
  return sink_(chunk_);
}

CompressionInfo ChunkedWriter::info() const {
  CompressionInfo info;
  info.algorithm = params_.algorithm;
  info.chunk_length = params_.chunk_length;
  info.data_length = position_;
  info.chunk_offsets = chunk_offsets_;
  return info;
}

Status ChunkedReader::read_chunk(uint64_t index, Bytes* out) const {
  const uint64_t begin = info_.chunk_offsets[index];
  const uint64_t end = index + 1 < info_.chunk_offsets.size() ? info_.chunk_offsets[index + 1]
                                                               : file_->size();
  const uint64_t uncompressed =
      std::min<uint64_t>(info_.chunk_length, info_.data_length - index * info_.chunk_length);
  auto damaged = [&](const std::string& what) {
    return Status::corruption(file_->path() + ": chunk " + std::to_string(index) + " at offset " +
                              std::to_string(begin) + ": " + what);
  };
  // The stored chunk only lives until it is decoded into *out: one buffer per thread,
  // so a chunk-cache miss allocates nothing but the decoded chunk (no allocator churn,
  // no fresh pages faulted in per read).
  thread_local ScratchBytes scratch;
  Bytes& raw = scratch.get();
  CAIRN_RETURN_IF_ERROR(file_->read(begin, end - begin, &raw));
  bytes_read_.fetch_add(raw.size(), std::memory_order_relaxed);
  if (raw.size() != end - begin || raw.size() < kChunkOverhead) return damaged("truncated");
  const size_t body_end = raw.size() - 4;
  if (checksum32(BytesView(raw).substr(0, body_end)) != load_u32(raw.data() + body_end)) {
    return damaged("checksum mismatch");
  }
  const uint8_t kind = static_cast<uint8_t>(raw[0]);
  const BytesView payload = BytesView(raw).substr(1, body_end - 1);
  if (kind == kChunkRaw) {
    if (payload.size() != uncompressed) return damaged("raw chunk has the wrong length");
    out->assign(payload);
    return Status::ok();
  }
  if (kind != kChunkCompressed) return damaged("unknown chunk kind " + std::to_string(kind));
  Status s = decompress(info_.algorithm, payload, uncompressed, out);
  if (!s.is_ok()) return damaged(s.message());
  return Status::ok();
}

Status ChunkedReader::read(uint64_t position, uint64_t length, Bytes* out,
                           ChunkCache* cache) const {
  out->clear();
  if (position + length > info_.data_length) {
    return Status::corruption(file_->path() + ": read of [" + std::to_string(position) + ", +" +
                              std::to_string(length) + ") past the end of the data (" +
                              std::to_string(info_.data_length) + " bytes)");
  }
  if (length == 0) return Status::ok();
  const uint64_t first_chunk = position / info_.chunk_length;
  const uint64_t last_chunk = (position + length - 1) / info_.chunk_length;
  if (cache == nullptr && cache_ != nullptr && cache_->capacity_bytes() > 0 &&
      last_chunk - first_chunk < kMaxCachedChunksPerRead) {
    return read_through_cache(position, length, out);
  }
  out->reserve(length);
  ChunkCache local;
  if (cache == nullptr) cache = &local;
  for (uint64_t i = first_chunk; out->size() < length; ++i) {
    if (cache->index != i) {
      cache->index = UINT64_MAX;
      CAIRN_RETURN_IF_ERROR(read_chunk(i, &cache->data));
      cache->index = i;
    }
    const Bytes& chunk = cache->data;
    const uint64_t chunk_start = i * info_.chunk_length;
    const uint64_t from = position + out->size() - chunk_start;
    const uint64_t take = std::min<uint64_t>(chunk.size() - from, length - out->size());
    out->append(BytesView(chunk).substr(from, take));
  }
  return Status::ok();
}

Status ChunkedReader::read_through_cache(uint64_t position, uint64_t length, Bytes* out) const {
  out->reserve(length);
  for (uint64_t i = position / info_.chunk_length; out->size() < length; ++i) {
    std::shared_ptr<const Bytes> chunk = cache_->lookup(CacheKey{owner_, i});
    if (chunk == nullptr) {
      auto decoded = std::make_shared<Bytes>();
      CAIRN_RETURN_IF_ERROR(read_chunk(i, decoded.get()));
      cache_->insert(CacheKey{owner_, i}, decoded, decoded->capacity());
      chunk = std::move(decoded);
    }
    const uint64_t from = position + out->size() - i * info_.chunk_length;
    const uint64_t take = std::min<uint64_t>(chunk->size() - from, length - out->size());
    out->append(BytesView(*chunk).substr(from, take));
  }
  return Status::ok();
}

}  // namespace cairn::cb

namespace cairn {

uint64_t next_cache_owner() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace cairn
