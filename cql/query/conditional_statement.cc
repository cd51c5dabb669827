// Lightweight transactions on one node: INSERT ... IF NOT EXISTS, UPDATE/DELETE ... IF
// EXISTS and IF <conditions>. Cassandra runs Paxos among the replicas; a single node
// gets the same guarantee — conditional statements are linearizable among themselves —
// by reading, checking and writing under one lock. As in Cassandra, mixing conditional
// and plain writes to the same row gives no such guarantee.
#include <set>

#include "cql/query/restrictions.h"
#include "cql/query/statements.h"

namespace cairn::cql {
namespace {

const Conditions* conditions_of(const Statement& s) {
  if (const auto* i = std::get_if<InsertStatement>(&s)) return &i->conditions;
  if (const auto* u = std::get_if<UpdateStatement>(&s)) return &u->conditions;
  if (const auto* d = std::get_if<DeleteStatement>(&s)) return &d->conditions;
  return nullptr;
}

const UsingClause& using_of(const Statement& s) {
  if (const auto* i = std::get_if<InsertStatement>(&s)) return i->using_clause;
  if (const auto* u = std::get_if<UpdateStatement>(&s)) return u->using_clause;
  return std::get<DeleteStatement>(s).using_clause;
}

const TableName& table_of(const Statement& s) {
  if (const auto* i = std::get_if<InsertStatement>(&s)) return i->table;
  if (const auto* u = std::get_if<UpdateStatement>(&s)) return u->table;
  return std::get<DeleteStatement>(s).table;
}

CqlError invalid(std::string message) { return CqlError::of(ErrorCode::kInvalid, std::move(message)); }

// The row a conditional statement reads, as the read returned it.
struct CurrentRow {
  const TableSchema* table = nullptr;
  std::vector<Bytes> key_parts;
  const Row* row = nullptr;         // the named row, when it exists
  const Row* static_row = nullptr;  // the partition's static row, when the partition exists
};

std::optional<Bytes> current_value(const CurrentRow& r, const ColumnDefinition& c) {
  switch (c.kind) {
    case ColumnKind::kPartitionKey:
      return r.key_parts[c.position];
    case ColumnKind::kClustering:
      if (r.row == nullptr) return std::nullopt;
      return r.row->clustering[c.position];
    case ColumnKind::kStatic:
      if (r.static_row == nullptr) return std::nullopt;
      return column_value(*r.table, *r.static_row, c.name);
    case ColumnKind::kRegular:
      if (r.row == nullptr) return std::nullopt;
      return column_value(*r.table, *r.row, c.name);
  }
  return std::nullopt;
}

// The value of element `key` in the map `whole`, if there.
std::optional<Bytes> map_element(const CqlType& type, const Bytes& whole, const Bytes& key) {
  auto elements = values::collection_elements(whole);
  if (!elements.is_ok()) return std::nullopt;
  for (size_t i = 0; i + 1 < elements->size(); i += 2) {
    if (type.params()[0]->compare((*elements)[i], key) == 0) return (*elements)[i + 1];
  }
  return std::nullopt;
}

// Whether one IF condition holds for the current row.
Result<bool> condition_holds(const Relation& r, const CurrentRow& current, const ExecutionContext& ctx) {
  const TableSchema& table = *current.table;
  const ColumnDefinition* c = table.find_column(r.columns.at(0));
  if (c == nullptr) {
    return Status::invalid_argument("Undefined column name " + r.columns[0] + " in table " +
                                    table.keyspace() + "." + table.name());
  }
  if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) {
    return Status::invalid_argument("PRIMARY KEY column '" + c->name + "' cannot have IF conditions");
  }
  ColumnSpec spec = column_spec(table, *c);
  std::optional<Bytes> value = current_value(current, *c);
  TypeRef type = c->type;
  if (r.map_key) {
    if (type->kind() != TypeKind::kMap) return Status::invalid_argument("Column " + c->name + " is not a map");
    CAIRN_ASSIGN_OR_RETURN(Bytes key, evaluate_required(*r.map_key,
                                                        special_receiver(spec, "key(" + c->name + ")", type->params()[0]),
                                                        ctx.eval, "element key of " + c->name));
    value = value ? map_element(*type, *value, key) : std::nullopt;
    type = type->params()[1];
    spec = special_receiver(spec, "value(" + c->name + ")", type);
  }
  auto equal = [&](const TermValue& v) {
    if (!v.is_value() || !value) return !v.is_value() && !value;
    return type->compare(*value, v.bytes) == 0;
  };
  if (r.op == Relation::Op::kIn) {
    std::vector<TermValue> candidates;
    if (r.value) {
      CAIRN_ASSIGN_OR_RETURN(TermValue list, evaluate_term(*r.value, special_receiver(spec, "in(" + c->name + ")",
                                                                                      CqlType::list(type, false)),
                                                           ctx.eval));
      if (list.is_value()) {
        CAIRN_ASSIGN_OR_RETURN(auto elements, values::collection_elements(list.bytes));
        for (auto& e : elements) candidates.push_back(TermValue::of(std::move(e)));
      }
    }
    for (const Term& t : r.in_values) {
      CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(t, spec, ctx.eval));
      candidates.push_back(std::move(v));
    }
    for (const auto& v : candidates) {
      if (equal(v)) return true;
    }
    return false;
  }
  CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(*r.value, spec, ctx.eval));
  if (v.kind == TermValue::Kind::kUnset) return Status::invalid_argument("Invalid unset value for condition on " + c->name);
  switch (r.op) {
    case Relation::Op::kEq: return equal(v);
    case Relation::Op::kNeq: return !equal(v);
    case Relation::Op::kLt:
    case Relation::Op::kLte:
    case Relation::Op::kGt:
    case Relation::Op::kGte: {
      if (!v.is_value()) return Status::invalid_argument("Invalid comparison with null for IF condition on " + c->name);
      if (!value) return false;
      const int cmp = type->compare(*value, v.bytes);
      if (r.op == Relation::Op::kLt) return cmp < 0;
      if (r.op == Relation::Op::kLte) return cmp <= 0;
      if (r.op == Relation::Op::kGt) return cmp > 0;
      return cmp >= 0;
    }
    default:
      return Status::invalid_argument("Unsupported operator in IF condition on " + c->name);
  }
}

ColumnSpec applied_column(const TableSchema& table) {
  return ColumnSpec{table.keyspace(), table.name(), "[applied]", CqlType::boolean()};
}


ResultMessage applied_result(const TableSchema& table, bool applied,
                             const std::vector<const ColumnDefinition*>& columns, const CurrentRow& current) {
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  r.rows.columns.push_back(applied_column(table));
  std::vector<std::optional<Bytes>> row{values::from_boolean(applied)};
  for (const auto* c : columns) {
    r.rows.columns.push_back(column_spec(table, *c));
    row.push_back(current_value(current, *c));
  }
  r.rows.rows.push_back(std::move(row));
  return r;
}

}  // namespace

bool is_conditional(const Statement& s) {
  const Conditions* c = conditions_of(s);
  return c != nullptr && (c->if_exists || c->if_not_exists || c->has_column_conditions);
}

Outcome execute_conditional(const Statement& s, ExecutionContext& ctx, std::mutex& serial) {
  const Conditions& conditions = *conditions_of(s);
  if (using_of(s).timestamp) return invalid("Cannot provide custom timestamp for conditional updates");
  auto table_ref = resolve_table(table_of(s), ctx);
  if (!table_ref.is_ok()) return to_cql_error(table_ref.status());
  const TableSchema& table = **table_ref;

  std::lock_guard<std::mutex> lock(serial);
  ctx.conditions_checked = true;
  auto built = data_statement_mutations(s, ctx);
  ctx.conditions_checked = false;
  if (!built->is_ok()) return to_cql_error(built->status());
  std::vector<Mutation>& mutations = built->value();
  if (mutations.size() != 1) {
    return invalid("IN on the partition key is not supported with conditional updates");
  }
  const Mutation& m = mutations[0];
  if (!m.partition.range_tombstones().empty() ||
      (std::holds_alternative<DeleteStatement>(s) && !m.partition.deletion().is_live() &&
       !table.clustering_key().empty())) {
    return invalid("DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions");
  }
  if (m.partition.rows().size() > 1) {
    return invalid("IN on the clustering key columns is not supported with conditional updates");
  }
  std::optional<Clustering> clustering;
  if (!m.partition.rows().empty()) clustering = m.partition.rows().begin()->first;

  // What is stored now.
  PartitionRead read{m.partition.key()};
  if (clustering && !table.clustering_key().empty()) read.slices = {ClusteringSlice::prefix(*clustering)};
  auto stored = ctx.db->read(table, read);
  if (!stored.is_ok()) return to_cql_error(stored.status());
  CurrentRow current;
  current.table = &table;
  auto parts = split_partition_key(m.partition.key().key, table.partition_key().size());
  if (!parts.is_ok()) return to_cql_error(parts.status());
  current.key_parts = std::move(parts).value();
  const bool partition_exists = stored->has_value();
  if (partition_exists) {
    current.static_row = &(*stored)->static_row;
    if (clustering && !(*stored)->rows.empty()) current.row = &(*stored)->rows.front();
    if (table.clustering_key().empty() && !(*stored)->rows.empty()) current.row = &(*stored)->rows.front();
  }
  const bool row_exists = clustering ? current.row != nullptr : partition_exists;

  bool applies = true;
  std::vector<const ColumnDefinition*> shown;  // what a refused statement shows
  if (conditions.if_not_exists) {
    applies = !row_exists;
    if (!applies) shown = select_star_columns(table);
  } else if (conditions.if_exists) {
    applies = row_exists;
  } else {
    std::set<std::string> seen;
    for (const Relation& r : conditions.column_conditions) {
      auto holds = condition_holds(r, current, ctx);
      if (!holds.is_ok()) return to_cql_error(holds.status());
      applies = applies && *holds;
      const ColumnDefinition* c = table.find_column(r.columns[0]);
      if (seen.insert(c->name).second) shown.push_back(c);
    }
  }
  if (!applies) return applied_result(table, false, shown, current);
  auto written = ctx.db->apply(m);
  if (!written.is_ok()) return to_cql_error(written.status());
  ResultMessage r = applied_result(table, true, {}, current);
  r.warnings = written->warnings;
  return r;
}

}  // namespace cairn::cql
