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

Result<SSTableStats> decode_stats(BytesView body, const std::string& path) {
  BufferReader in(body);
  SSTableStats s;
  s.version = kVersion;
  if (!sstable_io::get_base_stats(in, &s) || !in.at_end()) {
    return Status::corruption(path + ": statistics have " + std::to_string(body.size()) +
                              " bytes, not the 84 version ca defines");
  }
  // ca's writer left cells that never expire out of the maximum; since cb the field
  // means "kNoDeletionTime if anything lives forever". Reading ca as "anything may",
  // the one safe answer, gives the field a single meaning above this reader: no ca
  // sstable ever looks fully expired.
  s.max_local_deletion_time = kNoDeletionTime;
  return s;
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

}  // namespace cairn::ca
