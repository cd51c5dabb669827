// QueryHandler: what runs the query-carrying requests of a connection (QUERY,
// PREPARE, EXECUTE, BATCH). The native-protocol server (cql/transport/) decodes
// frames and hands requests here; the embedded Session calls the same code without a
// network. QueryProcessor (cql/query/query_processor.h) is the implementation.
#pragma once

#include <functional>
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
  // Receives the answer of an asynchronous request, exactly once.
  using Completion = std::function<void(Outcome)>;

  virtual ~QueryHandler() = default;
  // Each may block (a write waits for the commitlog); the server calls them on its
  // worker threads, many at a time, for many connections.
  virtual Outcome query(ClientState& state, const QueryRequest& request) = 0;
  virtual Outcome prepare(ClientState& state, const PrepareRequest& request) = 0;
  virtual Outcome execute(ClientState& state, const ExecuteRequest& request) = 0;
  virtual Outcome batch(ClientState& state, const BatchRequest& request) = 0;

  // Whether `request` names a prepared statement that is quick to run and never blocks
  // but on the commitlog sync, which execute_async() does not wait for: a SELECT of
  // partitions named by their keys, or an INSERT, UPDATE or DELETE without IF. The
  // server runs those with execute_async() on its I/O thread, sparing a thread handoff.
  virtual bool is_quick(const ExecuteRequest& request) const {
    (void)request;
    return false;
  }
  // execute() that does not block the caller on the commitlog: `done` gets the answer,
  // before this returns or later on another thread (a write waiting for group commit).
  // The caller must not answer before `done` is called.
  virtual void execute_async(ClientState& state, const ExecuteRequest& request, Completion done) {
    done(execute(state, request));
  }
};

}  // namespace cairn::cql
