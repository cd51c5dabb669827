#include "cql/auth/internal_query.h"

#include "model/types.h"

namespace cairn::cql::auth {

Result<ResultRows> InternalQueries::run(std::string_view cql, std::vector<Value> values) {
  QueryRequest request;
  request.query = std::string(cql);
  request.parameters.values = std::move(values);
  ClientState state;
  Outcome outcome = handler_.query(state, request);
  if (const auto* error = std::get_if<CqlError>(&outcome)) {
    return Status::io_error("internal query on " + std::string(kAuthKeyspace) + " failed (" +
                            std::string(cql.substr(0, 60)) + "): " + error->message);
  }
  return std::move(std::get<ResultMessage>(outcome).rows);
}

std::string text_column(const std::vector<std::optional<Bytes>>& row, size_t i) {
  return i < row.size() && row[i] ? std::string(*row[i]) : std::string();
}

bool bool_column(const std::vector<std::optional<Bytes>>& row, size_t i) {
  if (i >= row.size() || !row[i]) return false;
  auto v = values::to_boolean(*row[i]);
  return v.is_ok() && v.value();
}

}  // namespace cairn::cql::auth
