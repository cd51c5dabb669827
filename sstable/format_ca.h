// The byte layout of sstable version "ca", as its reader decodes it (the writer is
// gone: a build writes only the current version).
// docs/formats/sstable-ca.md describes every byte; keep the two in step.
//
// Every binary component starts with a header: the 8-byte magic "CAIRNSST", the
// 2-byte version ("ca") and a 1-byte component kind. Index, Filter and Statistics
// are "sealed": their whole contents are followed by a u32 checksum32 of everything
// before it, so they are checked as a unit when loaded. Data is checked per partition
// record, so a read touches only the bytes it needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "sstable/component_io.h"
#include "sstable/sstable.h"

namespace cairn::ca {

inline constexpr char kVersion[] = "ca";
inline constexpr size_t kHeaderSize = sstable_io::kHeaderSize;
// A Data record: u32 payload length, payload, u32 checksum32(payload).
inline constexpr size_t kRecordOverhead = 4 + 4;

inline void put_header(Bytes* out, Component c) { sstable_io::put_header(out, kVersion, c); }
inline Status check_header(BytesView data, Component c, const std::string& path) {
  return sstable_io::check_header(data, kVersion, c, path);
}
inline Bytes seal(Component c, BytesView body) { return sstable_io::seal(kVersion, c, body); }
inline Result<BytesView> unseal(BytesView data, Component c, const std::string& path) {
  return sstable_io::unseal(data, kVersion, c, path);
}

Result<SSTableStats> decode_stats(BytesView body, const std::string& path);

struct IndexEntry {
  DecoratedKey key;
  uint64_t offset = 0;  // of the record in the Data component
  uint32_t size = 0;    // of the whole record, overhead included
};
// Checks that entries are in key order and lie inside a Data component of
// `data_size` bytes without overlapping.
Result<std::vector<IndexEntry>> decode_index(BytesView body, uint64_t data_size,
                                             const std::string& path);

using sstable_io::decode_toc;
using sstable_io::encode_toc;

}  // namespace cairn::ca
