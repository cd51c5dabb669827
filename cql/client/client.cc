// Client: the blocking QUERY loop over a CqlConnection (see client.h).
#include "cql/client/client.h"

#include <fmt/format.h>

#include <utility>

namespace cairn::cql::client {

Result<std::unique_ptr<Client>> Client::connect(ConnectionOptions options,
                                                std::chrono::milliseconds timeout) {
  std::unique_ptr<Client> client(new Client());
  client->connection_ = std::make_unique<CqlConnection>(client->io_, std::move(options), 0);
  CAIRN_RETURN_IF_ERROR(client->connection_->open(timeout));
  return client;
}

Result<QueryResult> Client::query(std::string_view cql, const QueryOptions& options,
                                  std::chrono::milliseconds timeout) {
  CAIRN_ASSIGN_OR_RETURN(Response response,
                         connection_->call(cql::Opcode::kQuery, query_body(cql, options), timeout));
  QueryResult result;
  result.warnings = std::move(response.warnings);
  if (response.opcode == cql::Opcode::kError) {
    CAIRN_ASSIGN_OR_RETURN(result.error, decode_error(response.message));
    return result;
  }
  if (response.opcode != cql::Opcode::kResult) {
    return Status::invalid_argument(fmt::format("{} answered QUERY with opcode 0x{:02x}", peer(),
                                                static_cast<int>(response.opcode)));
  }
  CAIRN_ASSIGN_OR_RETURN(result.kind, decode_result_kind(response.message));
  if (result.kind == ResultKind::kRows) {
    CAIRN_ASSIGN_OR_RETURN(result.rows, decode_rows(response.message));
    if (result.rows.specs.empty() && result.rows.columns > 0) {
      return Status::invalid_argument(
          fmt::format("{} sent rows without their column metadata", peer()));
    }
  } else if (result.kind == ResultKind::kSetKeyspace) {
    CAIRN_ASSIGN_OR_RETURN(result.keyspace, decode_set_keyspace(response.message));
  }
  return result;
}

Result<QueryResult> Client::query_all(std::string_view cql, QueryOptions options,
                                      std::chrono::milliseconds timeout) {
  if (options.page_size <= 0) options.page_size = kDefaultFetchPageSize;
  CAIRN_ASSIGN_OR_RETURN(QueryResult all, query(cql, options, timeout));
  while (!all.error && all.kind == ResultKind::kRows && all.rows.has_more_pages) {
    options.paging_state = all.rows.paging_state;
    CAIRN_ASSIGN_OR_RETURN(QueryResult page, query(cql, options, timeout));
    if (page.error) return page;
    if (page.kind != ResultKind::kRows || page.rows.columns != all.rows.columns) {
      return Status::invalid_argument(
          fmt::format("{} changed the shape of the result between pages", peer()));
    }
    for (auto& v : page.rows.values) all.rows.values.push_back(std::move(v));
    all.rows.row_count += page.rows.row_count;
    all.rows.has_more_pages = page.rows.has_more_pages;
    all.rows.paging_state = std::move(page.rows.paging_state);
    for (auto& w : page.warnings) all.warnings.push_back(std::move(w));
  }
  return all;
}

}  // namespace cairn::cql::client
