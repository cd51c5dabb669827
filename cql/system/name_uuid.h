// Name-based (version 3) UUIDs, as Java's UUID.nameUUIDFromBytes makes them: the MD5
// digest of the name with the version and variant bits set.
//
// Cassandra derives the ids of its own tables this way (TableId.forSystemTable: the
// UTF-8 bytes of the keyspace name followed by the table name), and its schema version
// is such a UUID of a schema digest. Drivers see both, so Cairn computes them alike.
//
// Thread safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "model/uuid.h"

namespace cairn::cql {

// The 16-byte MD5 digest (RFC 1321) of `data`.
std::array<uint8_t, 16> md5(BytesView data);

// UUID.nameUUIDFromBytes(name).
Uuid name_based_uuid(BytesView name);

// Cassandra's TableId.forSystemTable(keyspace, table).
Uuid system_table_id(std::string_view keyspace, std::string_view table);

}  // namespace cairn::cql
