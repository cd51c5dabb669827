#include "sstable/format_ca.h"

#include <cstring>

#include "common/checksum.h"
#include "common/coding.h"

namespace cairn::ca {

namespace {

std::string at(const std::string& path, uint64_t offset) {
  return path + " at offset " + std::to_string(offset);
}

}  // namespace

void put_header(Bytes* out, Component c) {
  out->append(kMagic, 8);
  out->append(kVersion, 2);
  put_u8(out, static_cast<uint8_t>(c));
}

Status check_header(BytesView data, Component c, const std::string& path) {
  if (data.size() < kHeaderSize) {
    return Status::corruption(path + ": file is shorter than its " +
                              std::to_string(kHeaderSize) + "-byte header");
  }
  if (std::memcmp(data.data(), kMagic, 8) != 0) {
    return Status::corruption(at(path, 0) + ": not a Cairn sstable component (bad magic)");
  }
  if (std::memcmp(data.data() + 8, kVersion, 2) != 0) {
    return Status::corruption(at(path, 8) + ": header says version '" +
                              std::string(data.substr(8, 2)) + "', file name says 'ca'");
  }
  if (static_cast<uint8_t>(data[10]) != static_cast<uint8_t>(c)) {
    return Status::corruption(at(path, 10) + ": header names component " +
                              std::to_string(static_cast<uint8_t>(data[10])) + ", expected " +
                              std::string(component_name(c)));
  }
  return Status::ok();
}

Bytes seal(Component c, BytesView body) {
  Bytes out;
  out.reserve(kHeaderSize + body.size() + 4);
  put_header(&out, c);
  out.append(body);
  put_u32(&out, checksum32(out));
  return out;
}

Result<BytesView> unseal(BytesView data, Component c, const std::string& path) {
  CAIRN_RETURN_IF_ERROR(check_header(data, c, path));
  if (data.size() < kHeaderSize + 4) {
    return Status::corruption(path + ": file ends before its checksum");
  }
  const size_t end = data.size() - 4;
  const uint32_t stored = load_u32(data.data() + end);
  const uint32_t actual = checksum32(data.substr(0, end));
  if (stored != actual) {
    return Status::corruption(at(path, end) + ": checksum mismatch over the whole component");
  }
  return data.substr(kHeaderSize, end - kHeaderSize);
}

void encode_stats(const SSTableStats& s, Bytes* out) {
  put_i64(out, s.min_timestamp);
  put_i64(out, s.max_timestamp);
  put_i32(out, s.min_local_deletion_time);
  put_i32(out, s.max_local_deletion_time);
  put_i64(out, s.min_token);
  put_i64(out, s.max_token);
  put_u64(out, s.partition_count);
  put_u64(out, s.row_count);
  put_u64(out, s.tombstone_count);
  put_u64(out, s.data_size_bytes);
  put_u64(out, s.commitlog_upper_bound.segment_id);
  put_u32(out, s.commitlog_upper_bound.offset);
}

Result<SSTableStats> decode_stats(BytesView body, const std::string& path) {
  BufferReader in(body);
  SSTableStats s;
  s.version = kVersion;
  bool ok = in.get_i64(&s.min_timestamp) && in.get_i64(&s.max_timestamp) &&
            in.get_i32(&s.min_local_deletion_time) && in.get_i32(&s.max_local_deletion_time) &&
            in.get_i64(&s.min_token) && in.get_i64(&s.max_token) &&
            in.get_u64(&s.partition_count) && in.get_u64(&s.row_count) &&
            in.get_u64(&s.tombstone_count) && in.get_u64(&s.data_size_bytes) &&
            in.get_u64(&s.commitlog_upper_bound.segment_id) &&
            in.get_u32(&s.commitlog_upper_bound.offset);
  if (!ok || !in.at_end()) {
    return Status::corruption(path + ": statistics have " + std::to_string(body.size()) +
                              " bytes, not the 84 version ca defines");
  }
  return s;
}

void encode_index(const std::vector<IndexEntry>& entries, Bytes* out) {
  put_u64(out, entries.size());
  for (const IndexEntry& e : entries) {
    put_length_prefixed(out, e.key.key);
    put_u64(out, e.offset);
    put_u32(out, e.size);
  }
}

Result<std::vector<IndexEntry>> decode_index(BytesView body, uint64_t data_size,
                                             const std::string& path) {
  BufferReader in(body);
  uint64_t count = 0;
  if (!in.get_u64(&count)) return Status::corruption(path + ": index count is missing");
  // Each entry takes at least 13 bytes; a count beyond that is damage, not a reason to
  // allocate.
  if (count > in.remaining() / 13) {
    return Status::corruption(path + ": index claims " + std::to_string(count) +
                              " entries in " + std::to_string(in.remaining()) + " bytes");
  }
  std::vector<IndexEntry> entries;
  entries.reserve(count);
  uint64_t expected_offset = kHeaderSize;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t entry_offset = kHeaderSize + in.offset();
    BytesView key;
    IndexEntry e;
    if (!in.get_length_prefixed(&key) || !in.get_u64(&e.offset) || !in.get_u32(&e.size)) {
      return Status::corruption(at(path, entry_offset) + ": index entry " + std::to_string(i) +
                                " is truncated");
    }
    e.key = DecoratedKey::of(Bytes(key));
    if (e.offset != expected_offset || e.size < kRecordOverhead ||
        e.offset + e.size > data_size) {
      return Status::corruption(at(path, entry_offset) + ": index entry " + std::to_string(i) +
                                " points at bytes [" + std::to_string(e.offset) + ", +" +
                                std::to_string(e.size) + ") that do not follow the previous " +
                                "partition inside a Data component of " +
                                std::to_string(data_size) + " bytes");
    }
    if (!entries.empty() && !(entries.back().key < e.key)) {
      return Status::corruption(at(path, entry_offset) + ": index entry " + std::to_string(i) +
                                " is out of key order");
    }
    expected_offset = e.offset + e.size;
    entries.push_back(std::move(e));
  }
  if (!in.at_end()) {
    return Status::corruption(path + ": " + std::to_string(in.remaining()) +
                              " unexpected bytes after the last index entry");
  }
  if (expected_offset != data_size) {
    return Status::corruption(path + ": index covers " + std::to_string(expected_offset) +
                              " bytes of a Data component of " + std::to_string(data_size));
  }
  return entries;
}

std::string encode_toc(const std::vector<Component>& components) {
  std::string text;
  for (Component c : components) {
    text += component_name(c);
    text += '\n';
  }
  text += "checksum32 " + std::to_string(checksum32(text)) + "\n";
  return text;
}

Result<std::vector<Component>> decode_toc(BytesView text, const std::string& path) {
  const size_t mark = text.rfind("checksum32 ");
  if (mark == BytesView::npos || (mark != 0 && text[mark - 1] != '\n')) {
    return Status::corruption(path + ": TOC has no checksum line");
  }
  const std::string stored(text.substr(mark + 11));
  const std::string expected = std::to_string(checksum32(text.substr(0, mark))) + "\n";
  if (stored != expected) {
    return Status::corruption(at(path, mark) + ": TOC checksum mismatch");
  }
  std::vector<Component> components;
  size_t pos = 0;
  while (pos < mark) {
    const size_t nl = text.find('\n', pos);
    const std::string_view name = text.substr(pos, nl - pos);
    bool known = false;
    for (Component c : {Component::kData, Component::kIndex, Component::kFilter,
                        Component::kStatistics, Component::kDigest, Component::kTOC}) {
      if (component_name(c) == name) {
        components.push_back(c);
        known = true;
      }
    }
    if (!known) {
      return Status::corruption(at(path, pos) + ": TOC lists unknown component '" +
                                std::string(name) + "'");
    }
    pos = nl + 1;
  }
  return components;
}

}  // namespace cairn::ca
