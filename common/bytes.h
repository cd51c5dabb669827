// Byte strings. Cairn keeps owned bytes in std::string (contiguous, cheap to move,
// small-buffer optimized) and passes borrowed bytes as std::string_view.
#pragma once

#include <string>
#include <string_view>

namespace cairn {

using Bytes = std::string;
using BytesView = std::string_view;

// Lowercase hex of `data`, e.g. for error messages and dumps.
std::string to_hex(BytesView data);

// Unsigned lexicographic comparison, as Cassandra compares raw ByteBuffers.
int compare_bytes(BytesView a, BytesView b);

}  // namespace cairn
