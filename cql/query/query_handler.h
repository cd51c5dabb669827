// QueryHandler: what runs the query-carrying requests of a connection (QUERY,
// PREPARE, EXECUTE, BATCH). The native-protocol server (cql/transport/) decodes
// frames and hands requests here; the embedded Session calls the same code without a
// network. QueryProcessor (cql/query/query_processor.h) is the implementation.
#pragma once

#include <string>
#include <variant>

#include "cql/protocol/requests.h"
#include "cql/protocol/results.h"

namespace cairn::cql {

// What one client connection (or one embedded Session) carries between requests.
struct ClientState {
  std::string keyspace;  // USE
  // The role logged in (PasswordAuthenticator); empty when the node asks no one to log in.
  std::string user;
  uint8_t protocol_version = 4;
};

// A RESULT or an ERROR.
using Outcome = std::variant<ResultMessage, CqlError>;

class QueryHandler {
 public:
  virtual ~QueryHandler() = default;
  // Each may block (a write waits for the commitlog); the server calls them on its
  // worker threads, many at a time, for many connections.
  virtual Outcome query(ClientState& state, const QueryRequest& request) = 0;
  virtual Outcome prepare(ClientState& state, const PrepareRequest& request) = 0;
  virtual Outcome execute(ClientState& state, const ExecuteRequest& request) = 0;
  virtual Outcome batch(ClientState& state, const BatchRequest& request) = 0;
};

}  // namespace cairn::cql
