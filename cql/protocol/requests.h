// The query-carrying requests of the native protocol v4 (spec §4.1.4 to §4.1.8):
// QUERY, PREPARE, EXECUTE, BATCH and REGISTER bodies, decoded into plain structs.
// Every decoder refuses malformed or inconsistent bodies with InvalidArgument naming
// the field (answered as a protocol error), including flags this node does not know.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "cql/protocol/body.h"

namespace cairn::cql {

// <query_parameters> of QUERY and EXECUTE.
struct QueryParameters {
  uint16_t consistency = 0x0001;  // ONE
  std::vector<Value> values;
  std::vector<std::string> value_names;  // empty unless bound by name
  bool skip_metadata = false;
  std::optional<int32_t> page_size;
  std::optional<Bytes> paging_state;
  std::optional<uint16_t> serial_consistency;
  std::optional<int64_t> default_timestamp;  // microseconds
};

namespace query_flags {
inline constexpr uint8_t kValues = 0x01;
inline constexpr uint8_t kSkipMetadata = 0x02;
inline constexpr uint8_t kPageSize = 0x04;
inline constexpr uint8_t kPagingState = 0x08;
inline constexpr uint8_t kSerialConsistency = 0x10;
inline constexpr uint8_t kDefaultTimestamp = 0x20;
inline constexpr uint8_t kNamesForValues = 0x40;
}  // namespace query_flags

struct QueryRequest {
  std::string query;
  QueryParameters parameters;
};
struct PrepareRequest {
  std::string query;
};
struct ExecuteRequest {
  Bytes id;
  QueryParameters parameters;
};
struct BatchRequest {
  enum class Type : uint8_t { kLogged = 0, kUnlogged = 1, kCounter = 2 };
  struct Statement {
    bool prepared = false;
    std::string query;  // when !prepared
    Bytes id;           // when prepared
    std::vector<Value> values;
  };
  Type type = Type::kLogged;
  std::vector<Statement> statements;
  uint16_t consistency = 0x0001;
  std::optional<uint16_t> serial_consistency;
  std::optional<int64_t> default_timestamp;
};
struct RegisterRequest {
  std::vector<std::string> events;  // TOPOLOGY_CHANGE, STATUS_CHANGE, SCHEMA_CHANGE
};

Result<QueryRequest> decode_query(BytesView body);
Result<PrepareRequest> decode_prepare(BytesView body);
Result<ExecuteRequest> decode_execute(BytesView body);
Result<BatchRequest> decode_batch(BytesView body);
Result<RegisterRequest> decode_register(BytesView body);

// The encoders a client would use; the tests and the node's own driver tests use them.
void encode_query_parameters(const QueryParameters& p, BodyWriter* w);

}  // namespace cairn::cql
