// Client: one blocking connection to a node for tools that send one statement at a
// time (the cairn-cql shell): connect (TCP or TLS, STARTUP, authentication), then
// QUERY with paging, each call waiting for its answer.
//
// A node's ERROR answer is not a failure of the call: it comes back in
// QueryResult::error with its code and message, and the connection stays usable. A
// failed call (the node closed the connection, a timeout, a malformed answer) leaves
// the Client unusable; connect a new one.
//
// Thread safety: none; one thread uses a Client.
#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/client/connection.h"
#include "cql/client/messages.h"

namespace cairn::cql::client {

// The answer to one QUERY.
struct QueryResult {
  // Set when the node answered ERROR; nothing else is then.
  std::optional<ServerError> error;
  ResultKind kind = ResultKind::kVoid;
  Rows rows;             // kRows: this page
  std::string keyspace;  // kSetKeyspace: the keyspace USE switched to
  std::vector<std::string> warnings;
};

inline constexpr int32_t kDefaultFetchPageSize = 5000;

class Client {
 public:
  static Result<std::unique_ptr<Client>> connect(
      ConnectionOptions options, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // One page of `cql` (see QueryOptions for the page size and paging state).
  Result<QueryResult> query(std::string_view cql, const QueryOptions& options = {},
                            std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Every row of `cql`, fetching page after page of options.page_size (5000 when it
  // is 0 or less), starting at options.paging_state; the returned QueryResult holds
  // them all (rows.has_more_pages false). Stops at the first ERROR. `timeout` is per
  // page.
  Result<QueryResult> query_all(std::string_view cql, QueryOptions options = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(30));

  const std::string& peer() const { return connection_->peer(); }

 private:
  Client() = default;

  // Declared first so it is destroyed last: the connection's socket needs it.
  asio::io_context io_{1};
  std::unique_ptr<CqlConnection> connection_;
};

}  // namespace cairn::cql::client
