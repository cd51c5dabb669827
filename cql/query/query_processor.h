// QueryProcessor: runs CQL against one node's Database — parses, prepares (keeping
// prepared statements by id), binds values, executes, and reports schema changes.
// The native-protocol server and the embedded Session both go through it.
//
// Thread safety: every method may be called from many threads at once; a ClientState
// belongs to one caller at a time.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "cql/query/query_handler.h"
#include "cql/query/request_metrics.h"
#include "cql/system/system_tables.h"
#include "storage/database.h"

namespace cairn::cql {

struct PreparedStatement;
namespace auth {
class AuthService;
}

class QueryProcessor : public QueryHandler {
 public:
  // `db` and `system` must outlive the processor. `on_schema_change` (may be empty) is
  // called after every successful schema change, e.g. to push EVENTs to clients.
  QueryProcessor(Database& db, const SystemTables& system,
                 std::function<void(const SchemaChange&)> on_schema_change = nullptr);
  ~QueryProcessor() override;

  Outcome query(ClientState& state, const QueryRequest& request) override;
  Outcome prepare(ClientState& state, const PrepareRequest& request) override;
  Outcome execute(ClientState& state, const ExecuteRequest& request) override;
  Outcome batch(ClientState& state, const BatchRequest& request) override;
  bool is_quick(const ExecuteRequest& request) const override;
  void execute_async(ClientState& state, const ExecuteRequest& request, Completion done) override;

  size_t prepared_count() const;
  // Records every request in `metrics` (may be null: none), which must outlive the
  // processor. REQUIRES: called before the processor serves requests.
  void set_metrics(RequestMetrics* metrics) { metrics_ = metrics; }

  // Roles and permissions (cql/auth/auth_service.h): with an AuthService every
  // statement is checked against the client's role before it runs, and role and
  // permission statements run. Null (the default, and the embedded Session): no checks,
  // and those statements are refused. `auth` must outlive the processor.
  // REQUIRES: called before the processor serves requests.
  void set_auth(auth::AuthService* auth) { auth_ = auth; }

 private:
  struct Execution;
  // The request entry points; the public ones time them into metrics_.
  Outcome query_request(ClientState& state, const QueryRequest& request,
                        RequestMetrics::Scope& scope);
  Outcome execute_request(ClientState& state, const ExecuteRequest& request,
                          RequestMetrics::Scope& scope);
  Outcome batch_request(ClientState& state, const BatchRequest& request);
  Outcome prepare_request(ClientState& state, const PrepareRequest& request);
  Outcome run(ClientState& state, const PreparedStatement& prepared, const QueryParameters& params);
  // Runs `prepared` and gives `done` the answer. With `wait_for_writes` every write has
  // finished (and `done` been called) when this returns; without, writes go through
  // Database::apply_async and `done` may be called later, on the commitlog's thread.
  void run(ClientState& state, const PreparedStatement& prepared, const QueryParameters& params,
           bool wait_for_writes, Completion done);
  std::shared_ptr<const PreparedStatement> find_prepared(const std::string& id) const;
  int64_t next_timestamp();

  Database& db_;
  const SystemTables& system_;
  std::function<void(const SchemaChange&)> on_schema_change_;
  auth::AuthService* auth_ = nullptr;
  mutable std::shared_mutex prepared_mu_;
  std::unordered_map<std::string, std::shared_ptr<const PreparedStatement>> prepared_;
  std::atomic<int64_t> last_timestamp_{0};
  // Held by a conditional statement (IF ...) from its read to its write.
  std::mutex conditional_mu_;
  RequestMetrics* metrics_ = nullptr;
};

}  // namespace cairn::cql
