// The row of system.local: what the node says about itself, with the values Cassandra
// 4.0 writes (SystemKeyspace.persistLocalMetadata and the bootstrap, token, schema
// version and gossip generation updates).
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "cql/system/system_tables.h"
#include "cql/system/virtual_partitions.h"

namespace cairn::cql {

// The CQL version, native protocol version and partitioner system.local reports.
inline constexpr std::string_view kCqlVersion = "3.4.5";
inline constexpr std::string_view kNativeProtocolVersion = "4";
inline constexpr std::string_view kPartitionerName = "org.apache.cassandra.dht.Murmur3Partitioner";

// The serialized inet value of an IPv4 or IPv6 address in text form; InvalidArgument
// naming `what` when `address` is neither.
Result<Bytes> serialize_inet(std::string_view what, std::string_view address);

// Adds the one row of system.local (key 'local') to `out`.
Status write_local_row(const NodeInfo& node, const Uuid& schema_version, VirtualPartitions& out);

}  // namespace cairn::cql
