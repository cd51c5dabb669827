#include "sstable/format_cb.h"

#include "common/checksum.h"
#include "common/coding.h"
#include "model/mutation.h"

namespace cairn::cb {

namespace {

std::string at(const std::string& path, uint64_t offset) {
  return path + " at offset " + std::to_string(offset);
}

}  // namespace

void encode_compression_info(const CompressionInfo& info, Bytes* out) {
  put_u8(out, static_cast<uint8_t>(info.algorithm));
  put_u32(out, info.chunk_length);
  put_u64(out, info.data_length);
  put_varint(out, info.chunk_offsets.size());
  for (uint64_t o : info.chunk_offsets) put_u64(out, o);
}

Result<CompressionInfo> decode_compression_info(BytesView body, uint64_t data_file_size,
                                                const std::string& path) {
  BufferReader in(body);
  CompressionInfo info;
  uint8_t algorithm = 0;
  uint64_t count = 0;
  if (!in.get_u8(&algorithm) || !in.get_u32(&info.chunk_length) ||
      !in.get_u64(&info.data_length) || !in.get_varint(&count)) {
    return Status::corruption(path + ": compression info is truncated");
  }
  const bool power_of_two = (info.chunk_length & (info.chunk_length - 1)) == 0;
  if (algorithm > static_cast<uint8_t>(CompressionAlgorithm::kSnappy) || info.chunk_length < 1024 ||
      info.chunk_length > (1u << 20) || !power_of_two) {
    return Status::corruption(path + ": unknown compression " + std::to_string(algorithm) +
                              " or chunk length " + std::to_string(info.chunk_length) +
                              " outside the powers of two from 1 KiB to 1 MiB");
  }
  if (count > in.remaining() / 8) {  // before any arithmetic or allocation on it
    return Status::corruption(path + ": " + std::to_string(count) + " chunks listed in " +
                              std::to_string(in.remaining()) + " bytes");
  }
  info.algorithm = static_cast<CompressionAlgorithm>(algorithm);
  const uint64_t expected = (info.data_length + info.chunk_length - 1) / info.chunk_length;
  if (count != expected || count * 8 != in.remaining()) {
    return Status::corruption(path + ": " + std::to_string(count) + " chunks listed for " +
                              std::to_string(info.data_length) + " bytes in chunks of " +
                              std::to_string(info.chunk_length));
  }
  info.chunk_offsets.resize(count);
  uint64_t previous = sstable_io::kHeaderSize;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t o = 0;
    (void)in.get_u64(&o);
    const bool first_ok = i > 0 || o == sstable_io::kHeaderSize;
    if (!first_ok || (i > 0 && o < previous + kChunkOverhead) || o + kChunkOverhead > data_file_size) {
      return Status::corruption(path + ": chunk " + std::to_string(i) + " offset " +
                                std::to_string(o) + " is out of order or outside the Data file");
    }
    info.chunk_offsets[i] = previous = o;
  }
  return info;
}

void encode_index_entry(const IndexEntry& e, Bytes* out) {
  put_length_prefixed(out, e.key.key);
  put_varint(out, e.position);
  put_varint(out, e.length);
  put_varint(out, e.rows_offset);
  put_varint(out, e.blocks.size());
  for (const RowIndexBlock& b : e.blocks) {
    encode_clustering(b.first, out);
    encode_clustering(b.last, out);
    put_varint(out, b.offset);
    put_varint(out, b.length);
  }
}

Bytes encode_index_page(BytesView entries, uint64_t count) {
  Bytes payload;
  put_varint(&payload, count);
  payload.append(entries);
  Bytes page;
  put_u32(&page, static_cast<uint32_t>(payload.size()));
  page.append(payload);
  put_u32(&page, checksum32(payload));
  return page;
}

namespace {

// Reads the entry at `in` into *out (its key taken from the bytes, without its token), or
// only past it when `out` is null. False when it is malformed.
bool read_index_entry(BufferReader& in, const ClusteringComparator& comparator, BytesView* key,
                      IndexEntry* out) {
  uint64_t position = 0, length = 0, rows_offset = 0, blocks = 0;
  if (!in.get_length_prefixed(key) || !in.get_varint(&position) || !in.get_varint(&length) ||
      !in.get_varint(&rows_offset) || !in.get_varint(&blocks) || blocks > in.remaining() ||
      rows_offset > length) {
    return false;
  }
  if (out != nullptr) {
    out->position = position;
    out->length = length;
    out->rows_offset = rows_offset;
    out->blocks.clear();
  }
  uint64_t next_offset = 0;
  for (uint64_t b = 0; b < blocks; ++b) {
    RowIndexBlock block;
    size_t used = 0;
    auto first = decode_clustering(in.rest(), comparator, &used);
    if (!first.is_ok() || !in.skip(used)) return false;
    auto last = decode_clustering(in.rest(), comparator, &used);
    if (!last.is_ok() || !in.skip(used) || !in.get_varint(&block.offset) ||
        !in.get_varint(&block.length) || block.offset != next_offset ||
        block.offset + block.length > length - rows_offset) {
      return false;
    }
    next_offset = block.offset + block.length;
    if (out != nullptr) {
      block.first = std::move(first).value();
      block.last = std::move(last).value();
      out->blocks.push_back(std::move(block));
    }
  }
  return true;
}

// The checked payload of an Index page, and its entry count.
Result<BytesView> index_page_payload(BytesView page, const std::string& path, uint64_t page_offset,
                                     uint64_t* count, size_t* entries_start) {
  auto bad = [&](const std::string& what) {
    return Status::corruption(at(path, page_offset) + ": index page " + what);
  };
  if (page.size() < 8) return bad("is truncated");
  const uint32_t length = load_u32(page.data());
  if (uint64_t{length} + 8 != page.size()) return bad("length disagrees with the summary");
  const BytesView payload = page.substr(4, length);
  if (checksum32(payload) != load_u32(page.data() + 4 + length)) return bad("checksum mismatch");
  BufferReader in(payload);
  if (!in.get_varint(count) || *count > in.remaining()) return bad("has a bad entry count");
  *entries_start = in.offset();
  return payload;
}

// Whether the encoded entry `e` (well formed) has row-index blocks: its block count, the
// varint after the key and three varints, is not zero.
bool entry_has_row_index(BytesView e) {
  BufferReader in(e);
  BytesView key;
  uint64_t v = 0;
  (void)in.get_length_prefixed(&key);
  for (int i = 0; i < 3; ++i) (void)in.get_varint(&v);
  return in.get_varint(&v) && v != 0;
}

// (token, key) order, as DecoratedKey's.
int compare_keys(Token a_token, BytesView a_key, Token b_token, BytesView b_key) {
  if (a_token != b_token) return a_token < b_token ? -1 : 1;
  return a_key.compare(b_key);
}

}  // namespace

Status decode_index_page(BytesView page, const ClusteringComparator& comparator,
                         const std::string& path, uint64_t page_offset,
                         std::vector<IndexEntry>* out) {
  auto bad = [&](const std::string& what) {
    return Status::corruption(at(path, page_offset) + ": index page " + what);
  };
  uint64_t count = 0;
  size_t start = 0;
  CAIRN_ASSIGN_OR_RETURN(BytesView payload, index_page_payload(page, path, page_offset, &count, &start));
  BufferReader in(payload);
  (void)in.skip(start);
  out->clear();
  out->reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    IndexEntry e;
    BytesView key;
    if (!read_index_entry(in, comparator, &key, &e)) {
      return bad("entry " + std::to_string(i) + " is malformed or has a bad row index");
    }
    e.key = DecoratedKey::of(Bytes(key));
    if (!out->empty() && !(out->back().key < e.key)) {
      return bad("entry " + std::to_string(i) + " is out of key order");
    }
    out->push_back(std::move(e));
  }
  if (!in.at_end()) return bad("has trailing bytes");
  return Status::ok();
}

Status load_compact_index_page(BytesView page, const ClusteringComparator& comparator,
                               const std::string& path, uint64_t page_offset,
                               CompactIndexPage* out) {
  auto bad = [&](const std::string& what) {
    return Status::corruption(at(path, page_offset) + ": index page " + what);
  };
  uint64_t count = 0;
  size_t start = 0;
  CAIRN_ASSIGN_OR_RETURN(BytesView payload, index_page_payload(page, path, page_offset, &count, &start));
  out->payload.assign(payload);
  out->offsets.clear();
  out->wide.clear();
  out->offsets.reserve(count);
  BufferReader in(out->payload);
  (void)in.skip(start);
  BytesView previous;
  Token previous_token = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const size_t offset = in.offset();
    BytesView key;
    if (!read_index_entry(in, comparator, &key, nullptr)) {
      return bad("entry " + std::to_string(i) + " is malformed or has a bad row index");
    }
    // Wide entries are the ones whose row index made them longer than their header.
    if (entry_has_row_index(BytesView(out->payload).substr(offset, in.offset() - offset))) {
      out->wide.push_back(static_cast<uint32_t>(i));
    }
    const Token token = murmur3_token(key);
    if (i > 0 && compare_keys(previous_token, previous, token, key) >= 0) {
      return bad("entry " + std::to_string(i) + " is out of key order");
    }
    out->offsets.push_back(static_cast<uint32_t>(offset));
    previous = key;
    previous_token = token;
  }
  if (!in.at_end()) return bad("has trailing bytes");
  return Status::ok();
}

std::optional<size_t> find_in_compact_index_page(const CompactIndexPage& page,
                                                 const DecoratedKey& key) {
  auto key_at = [&](size_t i) {
    BufferReader in(page.payload);
    BytesView k;
    (void)in.skip(page.offsets[i]);
    (void)in.get_length_prefixed(&k);
    return k;
  };
  // The first entry not below `key`.
  size_t lo = 0, hi = page.offsets.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const BytesView k = key_at(mid);
    if (compare_keys(murmur3_token(k), k, key.token, key.key) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  // The same key has the same token.
  if (lo == page.offsets.size() || key_at(lo) != BytesView(key.key)) {
    return std::nullopt;
  }
  return lo;
}

void decode_compact_index_entry(const CompactIndexPage& page, size_t i,
                                const ClusteringComparator& comparator, IndexEntry* out) {
  BufferReader in(page.payload);
  (void)in.skip(page.offsets[i]);
  BytesView key;
  (void)read_index_entry(in, comparator, &key, out);  // checked when the page was loaded
  out->key = DecoratedKey{murmur3_token(key), Bytes(key)};
}

void encode_summary(const std::vector<SummaryEntry>& pages, Bytes* out) {
  put_varint(out, pages.size());
  for (const SummaryEntry& p : pages) {
    put_length_prefixed(out, p.first_key.key);
    put_u64(out, p.offset);
    put_u32(out, p.size);
  }
}

Result<std::vector<SummaryEntry>> decode_summary(BytesView body, uint64_t index_file_size,
                                                 const std::string& path) {
  BufferReader in(body);
  uint64_t count = 0;
  if (!in.get_varint(&count) || count > in.remaining()) {
    return Status::corruption(path + ": summary page count is malformed");
  }
  std::vector<SummaryEntry> pages;
  pages.reserve(count);
  uint64_t expected_offset = sstable_io::kHeaderSize;
  for (uint64_t i = 0; i < count; ++i) {
    SummaryEntry e;
    BytesView key;
    if (!in.get_length_prefixed(&key) || !in.get_u64(&e.offset) || !in.get_u32(&e.size)) {
      return Status::corruption(path + ": summary entry " + std::to_string(i) + " is truncated");
    }
    e.first_key = DecoratedKey::of(Bytes(key));
    if (e.offset != expected_offset || e.size < 8 || e.offset + e.size > index_file_size ||
        (!pages.empty() && !(pages.back().first_key < e.first_key))) {
      return Status::corruption(path + ": summary entry " + std::to_string(i) +
                                " does not follow the previous page in the Index file");
    }
    expected_offset = e.offset + e.size;
    pages.push_back(std::move(e));
  }
  if (!in.at_end() || expected_offset != index_file_size) {
    return Status::corruption(path + ": summary does not cover the Index file of " +
                              std::to_string(index_file_size) + " bytes");
  }
  return pages;
}

void encode_stats(const SSTableStats& s, Bytes* out) {
  sstable_io::put_base_stats(s, out);
  put_u64(out, s.cell_count);
  put_length_prefixed(out, s.compression);
  for (const auto* h : {&s.partition_size_histogram, &s.cell_count_histogram}) {
    put_varint(out, h->size());
    for (const auto& [bound, count] : *h) {
      put_varint(out, bound);
      put_varint(out, count);
    }
  }
  put_varint(out, s.tombstone_drop_times.size());
  for (const auto& [time, count] : s.tombstone_drop_times) {
    put_i32(out, time);
    put_varint(out, count);
  }
  put_varint(out, s.level);
}

Result<SSTableStats> decode_stats(BytesView body, const std::string& path) {
  BufferReader in(body);
  SSTableStats s;
  s.version = kVersion;
  BytesView compression;
  bool ok = sstable_io::get_base_stats(in, &s) && in.get_u64(&s.cell_count) &&
            in.get_length_prefixed(&compression);
  s.compression = std::string(compression);
  for (auto* h : {&s.partition_size_histogram, &s.cell_count_histogram}) {
    uint64_t n = 0;
    ok = ok && in.get_varint(&n) && n <= in.remaining();
    for (uint64_t i = 0; ok && i < n; ++i) {
      uint64_t bound = 0, count = 0;
      ok = in.get_varint(&bound) && in.get_varint(&count);
      h->emplace_back(bound, count);
    }
  }
  uint64_t n = 0;
  ok = ok && in.get_varint(&n) && n <= in.remaining();
  for (uint64_t i = 0; ok && i < n; ++i) {
    int32_t time = 0;
    uint64_t count = 0;
    ok = in.get_i32(&time) && in.get_varint(&count);
    s.tombstone_drop_times.emplace_back(time, count);
  }
  // The level came after the first cb files were frozen: absent means level 0.
  uint64_t level = 0;
  if (ok && !in.at_end()) ok = in.get_varint(&level) && level < 100;
  s.level = static_cast<uint32_t>(level);
  if (!ok || !in.at_end()) {
    return Status::corruption(path + ": statistics are malformed (" +
                              std::to_string(body.size()) + " bytes)");
  }
  return s;
}

}  // namespace cairn::cb
