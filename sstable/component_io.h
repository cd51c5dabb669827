// Framing shared by every sstable version's binary components, and the TOC.
//
// A binary component starts with an 11-byte header: the magic "CAIRNSST", the 2-byte
// version and a 1-byte component kind (the Component enum's value). A "sealed"
// component is header + body + u32 checksum32 of everything before it, read and
// checked as a unit. The TOC is text: one component name per line, then
// "checksum32 <decimal>" over the lines before it. docs/formats/sstable-ca.md has the
// byte-level description.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/coding.h"
#include "common/env/file_system.h"
#include "common/result.h"
#include "sstable/sstable.h"

namespace cairn::sstable_io {

inline constexpr char kMagic[] = "CAIRNSST";
inline constexpr size_t kHeaderSize = 8 + 2 + 1;

void put_header(Bytes* out, std::string_view version, Component c);
// Checks the header at the start of `data`; Corruption naming `path` otherwise.
Status check_header(BytesView data, std::string_view version, Component c,
                    const std::string& path);

// header + body + checksum32(header + body).
Bytes seal(std::string_view version, Component c, BytesView body);
// Checks header and checksum of a sealed component read from `path`; returns its body.
Result<BytesView> unseal(BytesView data, std::string_view version, Component c,
                         const std::string& path);

std::string encode_toc(const std::vector<Component>& components);
Result<std::vector<Component>> decode_toc(BytesView text, const std::string& path);
// Reads and checks the TOC of `d`: Corruption naming it when it is damaged or does not
// list every component of `required`.
Status check_toc(FileSystem& fs, const SSTableDescriptor& d,
                 std::initializer_list<Component> required);
// The whole of a component the TOC listed: a missing file is Corruption, not NotFound.
Result<Bytes> read_listed_component(FileSystem& fs, const SSTableDescriptor& d, Component c);

// The statistics fields every version starts with (84 bytes; sstable-ca.md).
void put_base_stats(const SSTableStats& s, Bytes* out);
[[nodiscard]] bool get_base_stats(BufferReader& in, SSTableStats* s);

}  // namespace cairn::sstable_io
