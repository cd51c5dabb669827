// The byte layout of commitlog segments, version 1 (docs/formats/commitlog-v1.md).
//
//   header:  8 bytes magic "CAIRNCL\0" | u32 version | u64 segment id | u32 checksum
//   record:  u32 payload length | u32 checksum of those 4 bytes | payload |
//            u32 checksum of the payload
//
// Integers are big-endian; checksums are common/checksum.h's checksum32.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"

namespace cairn::commitlog_format {

inline constexpr char kMagic[8] = {'C', 'A', 'I', 'R', 'N', 'C', 'L', '\0'};
inline constexpr uint32_t kVersion = 1;
inline constexpr size_t kHeaderSize = 8 + 4 + 8 + 4;
inline constexpr size_t kRecordOverhead = 4 + 4 + 4;

Bytes encode_header(uint64_t segment_id);
// Appends one framed record to `out`.
void encode_record(BytesView payload, Bytes* out);

// "CommitLog-1-<id>.log"
std::string segment_file_name(uint64_t segment_id);
// The segment id of a segment file name; nullopt for any other name.
std::optional<uint64_t> parse_segment_file_name(const std::string& name);

}  // namespace cairn::commitlog_format
