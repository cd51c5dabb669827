// The statements of cql/language/ast.h executed against a Database: what the
// QueryProcessor dispatches to. Internal to cql/query/.
//
// Every statement is described (bind variables, result columns) and executed from its
// syntax tree and the current schema, so a prepared statement keeps working after an
// ALTER TABLE, and an error names what the schema says is wrong.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "cql/language/ast.h"
#include "cql/protocol/requests.h"
#include "cql/protocol/results.h"
#include "cql/query/query_handler.h"
#include "cql/query/terms.h"
#include "cql/system/system_tables.h"
#include "storage/database.h"

namespace cairn::cql {

namespace auth {
class AuthService;
}

// Everything a statement execution needs.
struct ExecutionContext {
  Database* db = nullptr;
  const SystemTables* system = nullptr;
  ClientState* client = nullptr;
  EvalContext eval;                    // bound values, now, randomness
  const QueryParameters* params = nullptr;  // paging, consistency; nullptr inside a batch
  int64_t timestamp = 0;               // the write timestamp unless USING TIMESTAMP says otherwise
  int32_t now_seconds = 0;
  // Set while a conditional statement's mutations are built: its IF was checked.
  bool conditions_checked = false;
  // Called with every successful schema change (the node turns it into EVENTs).
  const std::function<void(const SchemaChange&)>* on_schema_change = nullptr;
  // Roles and permissions (cql/auth/); null when the node runs without them.
  auth::AuthService* auth = nullptr;
};

// What PREPARE reports about a statement.
struct StatementMetadata {
  std::vector<ColumnSpec> bind_columns;
  std::vector<uint16_t> partition_key_indexes;
  std::vector<ColumnSpec> result_columns;
  // A SELECT that names its partitions by key and filters nothing: it reads a bounded
  // amount of one or a few partitions (QueryHandler::is_quick).
  bool reads_named_partitions = false;
};

// The table a statement names, looking in the virtual system tables first.
// InvalidArgument (sent as Invalid) with Cassandra's text for a missing keyspace,
// an unknown keyspace or an unknown table.
Result<TableSchemaRef> resolve_table(const TableName& name, const ExecutionContext& ctx);

// Bind variables and result columns of `statement` (PREPARE, and QUERY with values).
Result<StatementMetadata> describe_statement(const ParsedStatement& parsed,
                                             const ExecutionContext& ctx);

// Each returns the RESULT or a CqlError.
Outcome execute_schema_statement(const Statement& statement, ExecutionContext& ctx);
// A prepared SELECT keeps its plan here between executions, for as long as the table's
// schema stays the one it was planned against (an ALTER makes a new TableSchemaRef).
// Only select_statement.cc looks inside. Thread-safe.
class SelectPlanCache;
std::shared_ptr<SelectPlanCache> make_select_plan_cache();
// `cache` may be null: the statement is planned for this execution only.
Outcome execute_select(const SelectStatement& select, ExecutionContext& ctx,
                       SelectPlanCache* cache = nullptr);
// The mutations of an INSERT, UPDATE or DELETE (a batch applies many statements'
// mutations in one commitlog record).
Result<std::vector<Mutation>> modification_mutations(const ModificationStatement& statement,
                                                     ExecutionContext& ctx);
Result<std::vector<Mutation>> insert_mutations(const InsertStatement& s, ExecutionContext& ctx);
Result<std::vector<Mutation>> update_mutations(const UpdateStatement& s, ExecutionContext& ctx);
Result<std::vector<Mutation>> delete_mutations(const DeleteStatement& s, ExecutionContext& ctx);
// The mutations of `s` when it is an INSERT, UPDATE or DELETE; nullopt otherwise.
std::optional<Result<std::vector<Mutation>>> data_statement_mutations(const Statement& s,
                                                                      ExecutionContext& ctx);

// True when `s` is an INSERT, UPDATE or DELETE with IF NOT EXISTS, IF EXISTS or IF
// conditions (a lightweight transaction).
bool is_conditional(const Statement& s);
// Runs a conditional statement: reads the row, checks the condition and applies the
// write only if it holds, all under `serial` so conditional statements are linearizable
// among themselves on this node (as Paxos makes them in Cassandra). The result is
// Cassandra's: a row with [applied], plus the current values when not applied.
Outcome execute_conditional(const Statement& s, ExecutionContext& ctx, std::mutex& serial);

// Bind receivers and metadata per statement kind (used by describe_statement).
Status describe_select(const SelectStatement& select, const ExecutionContext& ctx,
                       StatementMetadata* out);
Status describe_modification(const ModificationStatement& statement, const ExecutionContext& ctx,
                             StatementMetadata* out);

// The columns of SELECT * in Cassandra's order: partition key, clustering, then the
// static and the regular columns, each by name.
std::vector<const ColumnDefinition*> select_star_columns(const TableSchema& table);

// A Status from storage or evaluation as the error a client gets.
CqlError to_cql_error(const Status& status);

}  // namespace cairn::cql
