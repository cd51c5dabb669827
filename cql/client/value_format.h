// Values as the cqlsh shell prints them, for the cairn-cql shell's tables.
//
// cqlsh's rules (pylib/cqlshlib/formatting.py, with its default precisions):
//  - text and ascii bare at the top level, quoted ('it''s') inside a collection or
//    tuple; control characters escaped (\n, \t, \x01) so a value stays on one line;
//  - blob 0xcafe; boolean True / False; integers and varint in decimal; decimal exact;
//  - float with 5 and double with 12 significant digits after the integer part
//    (cqlsh's float_precision and double_precision); NaN, Infinity, -Infinity;
//  - timestamp 2024-01-02 03:04:05.678000+0000 (UTC), date 2024-01-02,
//    time 03:04:05.000000000, uuid/timeuuid lowercase, inet 127.0.0.1 / ::1,
//    duration 1h2m3s;
//  - list [1, 2], set {1, 2}, map {'a': 1}, tuple (1, 'x'); timestamps and inets are
//    quoted inside them, as cqlsh does;
//  - null as null; the empty value of a non-text type as nothing.
// A value that is not a valid serialization of its type prints as its bytes with the
// reason ("0x0102 (invalid int: ...)") rather than failing the whole result.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "model/types.h"

namespace cairn::cql::client {

std::string format_value(const CqlType& type, const std::optional<Bytes>& value);

// The width a terminal gives `text`: one column per UTF-8 code point (continuation
// bytes do not count).
size_t display_width(std::string_view text);

}  // namespace cairn::cql::client
