// Consistency levels on a one-node cluster: how many replicas a request at a given
// level needs, against how many of the keyspace's replicas exist and are alive — this
// node, in datacenter1, is the only one. Cassandra answers a level it cannot reach
// with Unavailable (e.g. QUORUM on a keyspace with replication_factor 3 needs 2 of 3
// replicas, and one node is one replica); so does Cairn, with the same fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cql/protocol/results.h"
#include "model/schema.h"

namespace cairn::cql {

namespace consistency {
inline constexpr uint16_t kAny = 0x0000;
inline constexpr uint16_t kOne = 0x0001;
inline constexpr uint16_t kTwo = 0x0002;
inline constexpr uint16_t kThree = 0x0003;
inline constexpr uint16_t kQuorum = 0x0004;
inline constexpr uint16_t kAll = 0x0005;
inline constexpr uint16_t kLocalQuorum = 0x0006;
inline constexpr uint16_t kEachQuorum = 0x0007;
inline constexpr uint16_t kSerial = 0x0008;
inline constexpr uint16_t kLocalSerial = 0x0009;
inline constexpr uint16_t kLocalOne = 0x000A;
}  // namespace consistency

// Cassandra's name of a level ("LOCAL_QUORUM"), or "UNKNOWN(n)".
std::string consistency_name(uint16_t level);

// The error a request at `level` gets on `keyspace` from this single node
// (`data_center` is its datacenter), or nullopt when the level can be met. Reads may
// not use ANY, and plain writes may not use SERIAL or LOCAL_SERIAL (Invalid, as in
// Cassandra); otherwise Unavailable with consistency, required and alive replicas.
std::optional<CqlError> check_consistency(const KeyspaceSchema& keyspace, uint16_t level,
                                          bool is_write, const std::string& data_center);

}  // namespace cairn::cql
