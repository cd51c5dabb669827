#include "cql/session.h"

#include "cql/query/query_processor.h"
#include "cql/system/system_tables.h"

namespace cairn::cql {
namespace {

std::string_view error_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kSyntaxError: return "SyntaxError";
    case ErrorCode::kInvalid: return "Invalid";
    case ErrorCode::kAlreadyExists: return "AlreadyExists";
    case ErrorCode::kConfigError: return "ConfigError";
    case ErrorCode::kUnprepared: return "Unprepared";
    case ErrorCode::kOverloaded: return "Overloaded";
    case ErrorCode::kTruncateError: return "TruncateError";
    case ErrorCode::kProtocolError: return "ProtocolError";
    case ErrorCode::kUnavailable: return "Unavailable";
    default: return "ServerError";
  }
}

Status to_status(const CqlError& e) {
  std::string message = std::string(error_name(e.code)) + ": " + e.message;
  switch (e.code) {
    case ErrorCode::kAlreadyExists: return Status::already_exists(std::move(message));
    case ErrorCode::kOverloaded: return Status::busy(std::move(message));
    case ErrorCode::kServerError: return Status::io_error(std::move(message));
    default: return Status::invalid_argument(std::move(message));
  }
}

Result<ResultSet> to_result_set(Outcome outcome) {
  if (auto* e = std::get_if<CqlError>(&outcome)) return to_status(*e);
  auto& r = std::get<ResultMessage>(outcome);
  ResultSet out;
  out.warnings = std::move(r.warnings);
  if (r.kind == ResultMessage::Kind::kRows) {
    out.columns = std::move(r.rows.columns);
    out.rows = std::move(r.rows.rows);
    out.paging_state = std::move(r.rows.paging_state);
  }
  return out;
}

QueryParameters parameters(std::vector<Value> values, const ExecuteOptions& options) {
  QueryParameters p;
  p.values = std::move(values);
  if (options.page_size > 0) p.page_size = options.page_size;
  p.paging_state = options.paging_state;
  p.default_timestamp = options.timestamp;
  p.consistency = options.consistency;
  return p;
}

}  // namespace

int ResultSet::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

struct Session::State {
  explicit State(Database& db) : system(db, NodeInfo{}), processor(db, system) {}
  SystemTables system;
  QueryProcessor processor;
  ClientState client;
};

Session::Session(Database& db) : state_(std::make_unique<State>(db)) {}
Session::~Session() = default;

Result<ResultSet> Session::execute(std::string_view cql, std::vector<Value> values,
                                   const ExecuteOptions& options) {
  QueryRequest request{std::string(cql), parameters(std::move(values), options)};
  return to_result_set(state_->processor.query(state_->client, request));
}

Result<Session::Prepared> Session::prepare(std::string_view cql) {
  Outcome outcome = state_->processor.prepare(state_->client, PrepareRequest{std::string(cql)});
  if (auto* e = std::get_if<CqlError>(&outcome)) return to_status(*e);
  auto& r = std::get<ResultMessage>(outcome);
  return Prepared{r.prepared.id, r.prepared.bind_columns};
}

Result<ResultSet> Session::execute(const Prepared& prepared, std::vector<Value> values,
                                   const ExecuteOptions& options) {
  ExecuteRequest request{prepared.id, parameters(std::move(values), options)};
  return to_result_set(state_->processor.execute(state_->client, request));
}

const std::string& Session::keyspace() const { return state_->client.keyspace; }

}  // namespace cairn::cql
