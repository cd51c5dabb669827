#include "commitlog/segment_reader.h"

#include <algorithm>
#include <cstring>

#include "commitlog/segment_format.h"
#include "common/checksum.h"
#include "common/coding.h"

namespace cairn {
namespace {

bool all_zero(BytesView data) {
  return std::all_of(data.begin(), data.end(), [](char c) { return c == 0; });
}

}  // namespace

Status read_segment(const std::string& path, BytesView data, uint64_t expected_id, bool newest,
                    const std::function<Status(ReplayPosition, BytesView)>& apply,
                    SegmentReadResult* result) {
  using namespace commitlog_format;
  auto damage = [&](uint64_t offset, const std::string& what) {
    result->damage = Status::corruption(path + ": " + what + " in record at offset " +
                                        std::to_string(offset));
    return Status::ok();
  };
  // A crash right after creating the newest segment can leave it empty or with a
  // header that never reached the disk.
  if (data.size() < kHeaderSize || all_zero(data.substr(0, kHeaderSize))) {
    if (newest && all_zero(data)) {
      result->torn_tail = !data.empty();
      return Status::ok();
    }
    if (newest && data.size() < kHeaderSize) {
      result->torn_tail = true;
      return Status::ok();
    }
    result->damage = Status::corruption(path + ": segment header is missing or truncated");
    return Status::ok();
  }
  BufferReader header(data.substr(0, kHeaderSize));
  BytesView magic;
  uint32_t version, checksum;
  uint64_t id;
  (void)(header.get_bytes(8, &magic) && header.get_u32(&version) && header.get_u64(&id) &&
         header.get_u32(&checksum));
  if (std::memcmp(magic.data(), kMagic, 8) != 0) {
    result->damage = Status::corruption(path + ": not a commitlog segment (bad magic)");
    return Status::ok();
  }
  if (checksum != checksum32(data.substr(0, kHeaderSize - 4))) {
    result->damage = Status::corruption(path + ": segment header checksum mismatch");
    return Status::ok();
  }
  if (version != kVersion) {
    result->damage = Status::corruption(path + ": unsupported commitlog version " +
                                        std::to_string(version));
    return Status::ok();
  }
  if (id != expected_id) {
    result->damage = Status::corruption(path + ": header names segment " + std::to_string(id));
    return Status::ok();
  }

  size_t pos = kHeaderSize;
  while (pos < data.size()) {
    BytesView rest = data.substr(pos);
    if (rest.size() < 8) {
      // Too short for a record: in a preallocated segment, its unused zero end.
      if (all_zero(rest)) return Status::ok();
      if (newest) {
        result->torn_tail = true;
        return Status::ok();
      }
      return damage(pos, "truncated record header");
    }
    uint32_t length = load_u32(rest.data());
    uint32_t length_checksum = load_u32(rest.data() + 4);
    if (length == 0 && length_checksum == 0 && all_zero(rest)) return Status::ok();  // no more
    if (length_checksum != checksum32(rest.substr(0, 4))) {
      if (newest && all_zero(rest.substr(8))) {
        result->torn_tail = true;
        return Status::ok();
      }
      return damage(pos, "length checksum mismatch");
    }
    if (rest.size() - 8 < uint64_t{length} + 4) {
      if (newest) {
        result->torn_tail = true;
        return Status::ok();
      }
      return damage(pos, "record runs past the end of the segment");
    }
    BytesView payload = rest.substr(8, length);
    if (load_u32(rest.data() + 8 + length) != checksum32(payload)) {
      if (newest && all_zero(rest.substr(8 + length + 4))) {
        result->torn_tail = true;
        return Status::ok();
      }
      return damage(pos, "checksum mismatch");
    }
    CAIRN_RETURN_IF_ERROR(apply(ReplayPosition{id, static_cast<uint32_t>(pos)}, payload));
    ++result->records;
    pos += kRecordOverhead + length;
  }
  return Status::ok();
}

}  // namespace cairn
