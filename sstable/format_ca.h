// The byte layout of sstable version "ca", shared by its writer and reader.
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
#include "sstable/sstable.h"

namespace cairn::ca {

inline constexpr char kVersion[] = "ca";
inline constexpr char kMagic[] = "CAIRNSST";
inline constexpr size_t kHeaderSize = 8 + 2 + 1;
// A Data record: u32 payload length, payload, u32 checksum32(payload).
inline constexpr size_t kRecordOverhead = 4 + 4;

// The header of a component of kind `c`.
void put_header(Bytes* out, Component c);
// Checks the header at the start of `data`; Corruption naming `path` otherwise.
Status check_header(BytesView data, Component c, const std::string& path);

// header + body + checksum32(header + body).
Bytes seal(Component c, BytesView body);
// Checks header and checksum of a sealed component read from `path`; returns its body.
Result<BytesView> unseal(BytesView data, Component c, const std::string& path);

void encode_stats(const SSTableStats& stats, Bytes* out);
Result<SSTableStats> decode_stats(BytesView body, const std::string& path);

struct IndexEntry {
  DecoratedKey key;
  uint64_t offset = 0;  // of the record in the Data component
  uint32_t size = 0;    // of the whole record, overhead included
};
void encode_index(const std::vector<IndexEntry>& entries, Bytes* out);
// Checks that entries are in key order and lie inside a Data component of
// `data_size` bytes without overlapping.
Result<std::vector<IndexEntry>> decode_index(BytesView body, uint64_t data_size,
                                             const std::string& path);

// The TOC: one component name per line, then "checksum32 <decimal>" over the lines
// before it.
std::string encode_toc(const std::vector<Component>& components);
Result<std::vector<Component>> decode_toc(BytesView text, const std::string& path);

}  // namespace cairn::ca
