#include "cql/query/query_processor.h"

#include <xxhash.h>

#include <mutex>
#include <set>

#include "cql/language/parser.h"
#include "cql/query/auth_statement.h"
#include "cql/query/consistency.h"
#include "cql/query/statements.h"

namespace cairn::cql {

struct PreparedStatement {
  std::string query;
  std::string keyspace;  // the client's keyspace when prepared: unqualified names resolve in it
  ParsedStatement parsed;
  StatementMetadata metadata;
  bool quick = false;  // QueryHandler::is_quick
  std::shared_ptr<SelectPlanCache> select_plan;  // a SELECT's plan, kept between executions
};

namespace {

bool is_schema_statement(const Statement& s) {
  return !std::holds_alternative<SelectStatement>(s) && !std::holds_alternative<InsertStatement>(s) &&
         !std::holds_alternative<UpdateStatement>(s) && !std::holds_alternative<DeleteStatement>(s) &&
         !std::holds_alternative<BatchStatement>(s);
}

std::string prepared_id(const std::string& keyspace, const std::string& query) {
  std::string input = keyspace + '\0' + query;
  XXH128_hash_t h = XXH3_128bits(input.data(), input.size());
  std::string id(16, '\0');
  for (int i = 0; i < 8; ++i) {
    id[i] = static_cast<char>(h.high64 >> (56 - 8 * i));
    id[8 + i] = static_cast<char>(h.low64 >> (56 - 8 * i));
  }
  return id;
}

// A parse failure: a syntax error, or (NotSupported) a statement CQL refuses as a request.
Outcome syntax_error(const Status& s) {
  if (s.code() == Status::Code::kNotSupported) return CqlError::of(ErrorCode::kInvalid, s.message());
  return CqlError::of(ErrorCode::kSyntaxError, s.message());
}

// The positional values of one execution: `values` itself when bound by position, else
// the named values put in marker order into `*reordered`.
Result<const std::vector<Value>*> positional_values(const PreparedStatement& p,
                                                    const std::vector<Value>& values,
                                                    const std::vector<std::string>& names,
                                                    std::vector<Value>* reordered) {
  const size_t markers = p.parsed.bind_names.size();
  if (names.empty()) {
    if (values.size() != markers) {
      return Status::invalid_argument("There were " + std::to_string(markers) +
                                      " markers(?) in CQL but " + std::to_string(values.size()) +
                                      " bound variables");
    }
    return &values;
  }
  std::vector<Value>& out = *reordered;
  out.assign(markers, Value::unset());
  std::vector<bool> bound(markers, false);
  for (size_t v = 0; v < names.size() && v < values.size(); ++v) {
    bool found = false;
    for (size_t i = 0; i < markers; ++i) {
      std::string name = p.parsed.bind_names[i];
      if (name.empty() && i < p.metadata.bind_columns.size()) name = p.metadata.bind_columns[i].name;
      if (name == names[v]) {
        out[i] = values[v];
        bound[i] = true;
        found = true;
      }
    }
    if (!found) return Status::invalid_argument("Unknown identifier " + names[v]);
  }
  return reordered;
}

// The table a data statement names, or nullptr for other statements.
const TableName* statement_table(const Statement& s) {
  if (const auto* x = std::get_if<SelectStatement>(&s)) return &x->table;
  if (const auto* x = std::get_if<InsertStatement>(&s)) return &x->table;
  if (const auto* x = std::get_if<UpdateStatement>(&s)) return &x->table;
  if (const auto* x = std::get_if<DeleteStatement>(&s)) return &x->table;
  return nullptr;
}

// Unavailable (or Invalid) when this one node cannot serve `level` for the keyspace of
// `table`; system keyspaces are local and always can.
std::optional<CqlError> consistency_error(const Database& db, const TableName& table,
                                          const std::string& client_keyspace, uint16_t level,
                                          bool is_write, const std::string& data_center) {
  const std::string& ks = table.keyspace.empty() ? client_keyspace : table.keyspace;
  auto keyspace = db.find_keyspace(ks);
  if (!keyspace || ks == "system") return std::nullopt;
  return check_consistency(*keyspace, level, is_write, data_center);
}

// Cassandra's unlogged_batch_across_partitions_warn_threshold.
constexpr size_t kUnloggedBatchPartitionsWarnThreshold = 10;

// Cassandra's client warning for an unlogged batch spread over many partitions.
void warn_unlogged_batch(const std::vector<Mutation>& mutations, const Database& db,
                         std::vector<std::string>* warnings) {
  std::set<std::pair<Uuid, Bytes>> partitions;
  std::set<Uuid> table_ids;
  for (const auto& m : mutations) {
    partitions.emplace(m.table_id, m.partition.key().key);
    table_ids.insert(m.table_id);
  }
  if (partitions.size() <= kUnloggedBatchPartitionsWarnThreshold) return;
  std::set<std::string> names;
  for (const auto& ks : db.keyspaces()) {
    for (const auto& t : db.tables(ks.name)) {
      if (table_ids.count(t->id())) names.insert(t->keyspace() + "." + t->name());
    }
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  warnings->push_back("Unlogged batch covering " + std::to_string(partitions.size()) +
                      " partitions detected against table" + (names.size() == 1 ? "" : "s") + " [" +
                      list + "]. You should use a logged batch for atomicity, or asynchronous writes "
                      "for performance.");
}

}  // namespace

CqlError to_cql_error(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kNotFound:
    case Status::Code::kNotSupported:
      return CqlError::of(ErrorCode::kInvalid, status.message());
    case Status::Code::kAlreadyExists:
      return CqlError::of(ErrorCode::kAlreadyExists, status.message());
    case Status::Code::kBusy:
      return CqlError::of(ErrorCode::kOverloaded, status.message());
    default:
      return CqlError::of(ErrorCode::kServerError, status.to_string());
  }
}

Result<TableSchemaRef> resolve_table(const TableName& name, const ExecutionContext& ctx) {
  const std::string& ks = name.keyspace.empty() ? ctx.client->keyspace : name.keyspace;
  if (ks.empty()) {
    return Status::invalid_argument(
        "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename");
  }
  if (TableSchemaRef t = ctx.system->find(ks, name.name)) return t;
  if (TableSchemaRef t = ctx.db->find_table(ks, name.name)) {
    if (ks != "system") return t;
  }
  if (!ctx.db->find_keyspace(ks) && ks != "system" && ks != "system_schema") {
    return Status::invalid_argument("Keyspace " + ks + " does not exist");
  }
  return Status::invalid_argument("unconfigured table " + name.name);
}

Result<StatementMetadata> describe_statement(const ParsedStatement& parsed, const ExecutionContext& ctx) {
  StatementMetadata out;
  const Statement& s = parsed.statement;
  if (const auto* select = std::get_if<SelectStatement>(&s)) {
    CAIRN_RETURN_IF_ERROR(describe_select(*select, ctx, &out));
  } else if (const auto* insert = std::get_if<InsertStatement>(&s)) {
    CAIRN_RETURN_IF_ERROR(describe_modification(*insert, ctx, &out));
  } else if (const auto* update = std::get_if<UpdateStatement>(&s)) {
    CAIRN_RETURN_IF_ERROR(describe_modification(*update, ctx, &out));
  } else if (const auto* del = std::get_if<DeleteStatement>(&s)) {
    CAIRN_RETURN_IF_ERROR(describe_modification(*del, ctx, &out));
  } else if (const auto* batch = std::get_if<BatchStatement>(&s)) {
    ColumnSpec base{"", "", "[timestamp]", CqlType::bigint()};
    if (batch->using_clause.timestamp) bind_receivers(*batch->using_clause.timestamp, base, &out.bind_columns);
    for (const auto& m : batch->statements) {
      StatementMetadata inner;
      inner.bind_columns = out.bind_columns;
      CAIRN_RETURN_IF_ERROR(describe_modification(m, ctx, &inner));
      out.bind_columns = std::move(inner.bind_columns);
    }
  }
  if (out.bind_columns.size() < parsed.bind_names.size()) out.bind_columns.resize(parsed.bind_names.size());
  for (size_t i = 0; i < out.bind_columns.size(); ++i) {
    if (!out.bind_columns[i].type) {
      return Status::invalid_argument("Cannot infer the type of bind variable " + std::to_string(i));
    }
    // A :name marker is reported under its own name.
    if (i < parsed.bind_names.size() && !parsed.bind_names[i].empty()) {
      out.bind_columns[i].name = parsed.bind_names[i];
    }
  }
  return out;
}

QueryProcessor::QueryProcessor(Database& db, const SystemTables& system,
                               std::function<void(const SchemaChange&)> on_schema_change)
    : db_(db), system_(system), on_schema_change_(std::move(on_schema_change)) {}

QueryProcessor::~QueryProcessor() = default;

size_t QueryProcessor::prepared_count() const {
  std::shared_lock lock(prepared_mu_);
  return prepared_.size();
}

int64_t QueryProcessor::next_timestamp() {
  // Strictly increasing microseconds, so two writes of one client never share a
  // timestamp (Cassandra's ClientState does the same).
  const int64_t now = db_.now_micros();
  int64_t last = last_timestamp_.load();
  while (true) {
    const int64_t next = std::max(now, last + 1);
    if (last_timestamp_.compare_exchange_weak(last, next)) return next;
  }
}

Outcome QueryProcessor::query(ClientState& state, const QueryRequest& request) {
  RequestMetrics::Scope scope(metrics_, request.parameters.consistency);
  return scope.finish(query_request(state, request, scope));
}

Outcome QueryProcessor::query_request(ClientState& state, const QueryRequest& request,
                                      RequestMetrics::Scope& scope) {
  auto parsed = parse_statement(request.query);
  if (!parsed.is_ok()) return syntax_error(parsed.status());
  PreparedStatement p{request.query, "", std::move(parsed).value(), {}, false, nullptr};
  scope.set_kind(p.parsed.statement);
  if (!request.parameters.value_names.empty()) {
    ClientState copy = state;
    ExecutionContext ctx;
    ctx.db = &db_;
    ctx.system = &system_;
    ctx.client = &copy;
    auto meta = describe_statement(p.parsed, ctx);
    if (!meta.is_ok()) return to_cql_error(meta.status());
    p.metadata = std::move(meta).value();
  }
  return run(state, p, request.parameters);
}

Outcome QueryProcessor::prepare(ClientState& state, const PrepareRequest& request) {
  RequestMetrics::Scope scope(metrics_, consistency::kOne);  // PREPARE carries no level
  return scope.finish(prepare_request(state, request));
}

Outcome QueryProcessor::prepare_request(ClientState& state, const PrepareRequest& request) {
  auto parsed = parse_statement(request.query);
  if (!parsed.is_ok()) return syntax_error(parsed.status());
  auto p = std::make_shared<PreparedStatement>();
  p->query = request.query;
  p->keyspace = state.keyspace;
  p->parsed = std::move(parsed).value();
  ExecutionContext ctx;
  ctx.db = &db_;
  ctx.system = &system_;
  ctx.client = &state;
  auto meta = describe_statement(p->parsed, ctx);
  if (!meta.is_ok()) return to_cql_error(meta.status());
  p->metadata = std::move(meta).value();
  const Statement& s = p->parsed.statement;
  p->quick = std::holds_alternative<SelectStatement>(s)
                 ? p->metadata.reads_named_partitions
                 : statement_table(s) != nullptr && !is_conditional(s);
  if (std::holds_alternative<SelectStatement>(s)) p->select_plan = make_select_plan_cache();
  const std::string id = prepared_id(p->keyspace, p->query);
  ResultMessage r;
  r.kind = ResultMessage::Kind::kPrepared;
  r.prepared.id = Bytes(id);
  r.prepared.bind_columns = p->metadata.bind_columns;
  r.prepared.partition_key_indexes = p->metadata.partition_key_indexes;
  r.prepared.result_columns = p->metadata.result_columns;
  {
    std::unique_lock lock(prepared_mu_);
    prepared_[id] = std::move(p);
  }
  return r;
}

std::shared_ptr<const PreparedStatement> QueryProcessor::find_prepared(const std::string& id) const {
  std::shared_lock lock(prepared_mu_);
  auto it = prepared_.find(id);
  return it == prepared_.end() ? nullptr : it->second;
}

bool QueryProcessor::is_quick(const ExecuteRequest& request) const {
  auto p = find_prepared(request.id);
  return p && p->quick;
}

void QueryProcessor::execute_async(ClientState& state, const ExecuteRequest& request, Completion done) {
  auto p = find_prepared(request.id);
  if (!p) return done(execute(state, request));  // answers Unprepared
  // Timed until the answer: for a write, once the commitlog sync covering it is done.
  RequestMetrics::Scope scope(metrics_, request.parameters.consistency);
  scope.set_kind(p->parsed.statement);
  run(state, *p, request.parameters, /*wait_for_writes=*/false,
      [scope, done = std::move(done)](Outcome outcome) mutable { done(scope.finish(std::move(outcome))); });
}

Outcome QueryProcessor::execute(ClientState& state, const ExecuteRequest& request) {
  RequestMetrics::Scope scope(metrics_, request.parameters.consistency);
  return scope.finish(execute_request(state, request, scope));
}

Outcome QueryProcessor::execute_request(ClientState& state, const ExecuteRequest& request,
                                        RequestMetrics::Scope& scope) {
  std::shared_ptr<const PreparedStatement> p = find_prepared(request.id);
  if (!p) {
    CqlError e = CqlError::of(ErrorCode::kUnprepared, "Prepared query with ID " + to_hex(request.id) +
                                                          " not found (either the query was not prepared on this "
                                                          "host (maybe the host has been restarted?) or you have "
                                                          "prepared too many queries and it has been evicted from "
                                                          "the internal cache)");
    e.unprepared_id = request.id;
    return e;
  }
  scope.set_kind(p->parsed.statement);
  return run(state, *p, request.parameters);
}

Outcome QueryProcessor::run(ClientState& state, const PreparedStatement& p, const QueryParameters& params) {
  Outcome out;
  run(state, p, params, /*wait_for_writes=*/true, [&out](Outcome o) { out = std::move(o); });
  return out;
}

void QueryProcessor::run(ClientState& state, const PreparedStatement& p, const QueryParameters& params,
                         bool wait_for_writes, Completion done) {
  std::vector<Value> reordered;
  auto values = positional_values(p, params.values, params.value_names, &reordered);
  if (!values.is_ok()) return done(to_cql_error(values.status()));
  ClientState effective = state;
  if (!p.keyspace.empty()) effective.keyspace = p.keyspace;
  ExecutionContext ctx;
  ctx.db = &db_;
  ctx.system = &system_;
  ctx.client = &effective;
  ctx.eval.values = values.value();
  ctx.eval.now_micros = db_.now_micros();
  ctx.eval.random = nullptr;
  ctx.params = &params;
  ctx.timestamp = params.default_timestamp ? *params.default_timestamp : next_timestamp();
  ctx.now_seconds = static_cast<int32_t>(ctx.eval.now_micros / 1000000);
  ctx.on_schema_change = &on_schema_change_;
  ctx.auth = auth_;
  static thread_local RandomSource random(std::random_device{}());
  ctx.eval.random = &random;

  const Statement& s = p.parsed.statement;
  if (auto e = authorize_statement(s, ctx)) return done(*e);
  if (const auto* a = std::get_if<AuthStatement>(&s)) return done(execute_auth_statement(*a, ctx));
  if (is_schema_statement(s)) {
    Outcome out = execute_schema_statement(s, ctx);
    after_schema_statement(out, ctx);
    if (std::holds_alternative<UseStatement>(s)) state.keyspace = effective.keyspace;
    if (std::holds_alternative<DropKeyspaceStatement>(s) && effective.keyspace.empty()) state.keyspace.clear();
    return done(std::move(out));
  }
  const std::string& dc = system_.node().data_center;
  if (const TableName* table = statement_table(s)) {
    const bool is_write = !std::holds_alternative<SelectStatement>(s) && !is_conditional(s);
    if (auto e = consistency_error(db_, *table, effective.keyspace, params.consistency, is_write, dc)) return done(*e);
  } else if (const auto* b = std::get_if<BatchStatement>(&s)) {
    for (const auto& m : b->statements) {
      const TableName& table = std::visit([](const auto& x) -> const TableName& { return x.table; }, m);
      if (auto e = consistency_error(db_, table, effective.keyspace, params.consistency, true, dc)) return done(*e);
    }
  }
  if (const auto* select = std::get_if<SelectStatement>(&s)) {
    return done(execute_select(*select, ctx, p.select_plan.get()));
  }
  if (is_conditional(s)) return done(execute_conditional(s, ctx, conditional_mu_));
  std::vector<Mutation> mutations;
  bool is_batch = false;
  if (const auto* b = std::get_if<BatchStatement>(&s)) {
    is_batch = true;
    if (b->type == BatchStatement::Type::kCounter) {
      return done(CqlError::of(ErrorCode::kInvalid, "Counter batches are not supported (Cairn has no counters yet)"));
    }
    if (b->using_clause.timestamp) {
      ColumnSpec spec{"", "", "[timestamp]", CqlType::bigint()};
      auto ts = evaluate_required(*b->using_clause.timestamp, spec, ctx.eval, "timestamp");
      if (!ts.is_ok()) return done(to_cql_error(ts.status()));
      auto v = values::to_bigint(*ts);
      if (!v.is_ok()) return done(to_cql_error(v.status()));
      ctx.timestamp = *v;
    }
    for (const auto& m : b->statements) {
      const UsingClause& u = std::visit([](const auto& x) -> const UsingClause& { return x.using_clause; }, m);
      if (b->using_clause.timestamp && u.timestamp) {
        return done(CqlError::of(ErrorCode::kInvalid, "Timestamp must be set either on BATCH or individual statements"));
      }
      auto ms = modification_mutations(m, ctx);
      if (!ms.is_ok()) return done(to_cql_error(ms.status()));
      for (auto& x : ms.value()) mutations.push_back(std::move(x));
    }
  } else {
    auto ms = data_statement_mutations(s, ctx);
    if (!ms) return done(CqlError::of(ErrorCode::kInvalid, "unsupported statement"));
    if (!ms->is_ok()) return done(to_cql_error(ms->status()));
    mutations = std::move(*ms).value();
  }
  std::vector<std::string> batch_warnings;
  if (is_batch && std::get<BatchStatement>(s).type == BatchStatement::Type::kUnlogged) {
    warn_unlogged_batch(mutations, db_, &batch_warnings);
  }
  if (!wait_for_writes) {
    // One commitlog record for all of them; the answer comes once it is durable.
    db_.apply_async(std::move(mutations), is_batch,
                    [done = std::move(done), batch_warnings = std::move(batch_warnings)](
                        Result<WriteResult> applied) mutable {
                      if (!applied.is_ok()) return done(to_cql_error(applied.status()));
                      ResultMessage r;
                      r.warnings = std::move(applied->warnings);
                      for (auto& w : batch_warnings) r.warnings.push_back(std::move(w));
                      done(std::move(r));
                    });
    return;
  }
  ResultMessage r;
  if (is_batch) {
    auto applied = db_.apply_batch(mutations);
    if (!applied.is_ok()) return done(to_cql_error(applied.status()));
    r.warnings = applied->warnings;
    for (auto& w : batch_warnings) r.warnings.push_back(std::move(w));
    return done(std::move(r));
  }
  for (const auto& m : mutations) {
    auto applied = db_.apply(m);
    if (!applied.is_ok()) return done(to_cql_error(applied.status()));
    for (auto& w : applied->warnings) r.warnings.push_back(w);
  }
  done(std::move(r));
}

Outcome QueryProcessor::batch(ClientState& state, const BatchRequest& request) {
  RequestMetrics::Scope scope(metrics_, request.consistency);
  scope.set_kind(RequestKind::kBatch);
  return scope.finish(batch_request(state, request));
}

Outcome QueryProcessor::batch_request(ClientState& state, const BatchRequest& request) {
  if (request.type == BatchRequest::Type::kCounter) {
    return CqlError::of(ErrorCode::kInvalid, "Counter batches are not supported (Cairn has no counters yet)");
  }
  QueryParameters params;
  params.consistency = request.consistency;
  params.serial_consistency = request.serial_consistency;
  params.default_timestamp = request.default_timestamp;
  const int64_t timestamp = request.default_timestamp ? *request.default_timestamp : next_timestamp();
  const int64_t now = db_.now_micros();
  static thread_local RandomSource random(std::random_device{}());
  std::vector<Mutation> mutations;
  for (const auto& st : request.statements) {
    std::shared_ptr<const PreparedStatement> p;
    if (st.prepared) {
      std::shared_lock lock(prepared_mu_);
      auto it = prepared_.find(std::string(st.id));
      if (it != prepared_.end()) p = it->second;
      if (!p) {
        CqlError e = CqlError::of(ErrorCode::kUnprepared, "Prepared query with ID " + to_hex(st.id) + " not found");
        e.unprepared_id = st.id;
        return e;
      }
    } else {
      auto parsed = parse_statement(st.query);
      if (!parsed.is_ok()) return syntax_error(parsed.status());
      p = std::make_shared<PreparedStatement>(PreparedStatement{st.query, "", std::move(parsed).value(), {}, false, nullptr});
    }
    const Statement& s = p->parsed.statement;
    if (!std::holds_alternative<InsertStatement>(s) && !std::holds_alternative<UpdateStatement>(s) &&
        !std::holds_alternative<DeleteStatement>(s)) {
      return CqlError::of(ErrorCode::kInvalid,
                          "Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.");
    }
    const std::string& batch_keyspace = p->keyspace.empty() ? state.keyspace : p->keyspace;
    if (auto e = consistency_error(db_, *statement_table(s), batch_keyspace, request.consistency, true,
                                   system_.node().data_center)) {
      return *e;
    }
    std::vector<Value> unused;
    auto values = positional_values(*p, st.values, {}, &unused);
    if (!values.is_ok()) return to_cql_error(values.status());
    ClientState effective = state;
    if (!p->keyspace.empty()) effective.keyspace = p->keyspace;
    ExecutionContext ctx;
    ctx.db = &db_;
    ctx.system = &system_;
    ctx.client = &effective;
    ctx.eval.values = values.value();
    ctx.eval.now_micros = now;
    ctx.eval.random = &random;
    ctx.params = nullptr;
    ctx.timestamp = timestamp;
    ctx.now_seconds = static_cast<int32_t>(now / 1000000);
    ctx.auth = auth_;
    if (auto e = authorize_statement(s, ctx)) return *e;
    auto ms = data_statement_mutations(s, ctx);
    if (!ms->is_ok()) return to_cql_error(ms->status());
    for (auto& x : ms->value()) mutations.push_back(std::move(x));
  }
  auto applied = db_.apply_batch(mutations);
  if (!applied.is_ok()) return to_cql_error(applied.status());
  ResultMessage r;
  r.warnings = applied->warnings;
  if (request.type == BatchRequest::Type::kUnlogged) warn_unlogged_batch(mutations, db_, &r.warnings);
  return r;
}

}  // namespace cairn::cql
