// CQL run by the node itself on its system_auth tables, the way Cassandra's
// QueryProcessor.process() runs internal queries: through a QueryHandler of its own
// that neither authenticates nor authorizes, at consistency ONE (this node holds every
// replica of system_auth).
//
// Thread safety: as the QueryHandler's (QueryProcessor: any thread).
#pragma once

#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/protocol/body.h"
#include "cql/protocol/results.h"
#include "cql/query/query_handler.h"

namespace cairn::cql::auth {

inline constexpr std::string_view kAuthKeyspace = "system_auth";

class InternalQueries {
 public:
  // `handler` must outlive this object and must not check permissions.
  explicit InternalQueries(QueryHandler& handler) : handler_(handler) {}

  // The rows of a SELECT (empty for other statements). IOError carrying the CQL
  // error's message when the statement fails: a system_auth query that fails is the
  // node's problem, not the client's.
  Result<ResultRows> run(std::string_view cql, std::vector<Value> values = {});

 private:
  QueryHandler& handler_;
};

// Column `i` of a row as text / boolean; "" / false when null.
std::string text_column(const std::vector<std::optional<Bytes>>& row, size_t i);
bool bool_column(const std::vector<std::optional<Bytes>>& row, size_t i);

}  // namespace cairn::cql::auth
