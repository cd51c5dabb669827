// INSERT, UPDATE and DELETE turned into Mutations: one per partition the statement
// names, each built with MutationBuilder at the statement's timestamp and TTL.
//
// Lists are the one place a write reads first: l[i] = v, DELETE l[i] and l = l - [..]
// need the paths of the elements stored now, as in Cassandra.
#include <algorithm>
#include <set>

#include "cql/query/restrictions.h"
#include "cql/query/statements.h"

namespace cairn::cql {
namespace {

Status invalid(std::string message) { return Status::invalid_argument(std::move(message)); }

constexpr int32_t kMaxTtl = 630720000;  // 20 years, Cassandra's MAX_TTL

Status check_writable(const TableSchema& table, const ExecutionContext& ctx) {
  if (ctx.system->find(table.keyspace(), table.name()) || table.keyspace() == "system" ||
      table.keyspace() == "system_schema") {
    return invalid(table.keyspace() + " keyspace is not user-modifiable.");
  }
  return Status::ok();
}

// Conditions are checked by execute_conditional (conditional_statement.cc), which
// builds the mutations with ctx.conditions_checked set; anywhere else (a batch) they
// are refused.
Status check_conditions(const Conditions& c, const ExecutionContext& ctx) {
  if ((c.if_exists || c.if_not_exists || c.has_column_conditions) && !ctx.conditions_checked) {
    return invalid("Conditional statements (IF NOT EXISTS, IF EXISTS, IF conditions) are not "
                   "supported inside batches by Cairn yet");
  }
  return Status::ok();
}

struct WriteTimes {
  int64_t timestamp = 0;
  std::optional<int32_t> ttl;
};

Result<WriteTimes> write_times(const UsingClause& using_clause, const TableSchema& table,
                               const ExecutionContext& ctx) {
  WriteTimes out;
  out.timestamp = ctx.timestamp;
  ColumnSpec base{table.keyspace(), table.name(), "", CqlType::bigint()};
  if (using_clause.timestamp) {
    CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(*using_clause.timestamp,
                                                      special_receiver(base, "[timestamp]", CqlType::bigint()), ctx.eval));
    if (v.kind == TermValue::Kind::kNull) return invalid("Invalid null value of timestamp");
    if (v.is_value()) {
      CAIRN_ASSIGN_OR_RETURN(out.timestamp, values::to_bigint(v.bytes));
      if (out.timestamp == kNoTimestamp) return invalid("Invalid timestamp value");
    }
  }
  if (using_clause.ttl) {
    CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(*using_clause.ttl,
                                                      special_receiver(base, "[ttl]", CqlType::int_()), ctx.eval));
    if (v.kind == TermValue::Kind::kNull) {
      out.ttl = 0;  // an explicit null TTL means no TTL, as in Cassandra
    } else if (v.is_value()) {
      CAIRN_ASSIGN_OR_RETURN(int32_t ttl, values::to_int(v.bytes));
      if (ttl < 0) return invalid("A TTL must be greater or equal to 0, but was " + std::to_string(ttl));
      if (ttl > kMaxTtl) {
        return invalid("ttl is too large. requested (" + std::to_string(ttl) + ") maximum (" +
                       std::to_string(kMaxTtl) + ")");
      }
      out.ttl = ttl;
    }
  }
  return out;
}

// The values of the list `column` as stored now, in list order (parallel to list_paths).
Result<std::vector<std::pair<Bytes, Bytes>>> list_cells(const ExecutionContext& ctx, const TableSchema& table,
                                                        const std::vector<Bytes>& key_parts,
                                                        const Clustering& clustering,
                                                        const ColumnDefinition& column) {
  CAIRN_ASSIGN_OR_RETURN(DecoratedKey key, make_partition_key(table, key_parts));
  PartitionRead read{key};
  if (column.kind != ColumnKind::kStatic) read.slices = {ClusteringSlice::prefix(clustering)};
  CAIRN_ASSIGN_OR_RETURN(auto partition, ctx.db->read(table, read));
  std::vector<std::pair<Bytes, Bytes>> out;
  if (!partition) return out;
  const Row* row = column.kind == ColumnKind::kStatic
                       ? &partition->static_row
                       : (partition->rows.empty() ? nullptr : &partition->rows.front());
  if (row == nullptr) return out;
  auto it = row->columns.find(column.id);
  if (it == row->columns.end()) return out;
  for (const auto& [path, cell] : it->second.cells) out.emplace_back(path, cell.value);
  return out;
}

// The paths of the list `column` as stored now, in list order.
Result<std::vector<Bytes>> list_paths(const ExecutionContext& ctx, const TableSchema& table,
                                      const std::vector<Bytes>& key_parts, const Clustering& clustering,
                                      const ColumnDefinition& column) {
  CAIRN_ASSIGN_OR_RETURN(auto cells, list_cells(ctx, table, key_parts, clustering, column));
  std::vector<Bytes> out;
  for (auto& [path, value] : cells) out.push_back(std::move(path));
  return out;
}

Result<const ColumnDefinition*> settable_column(const TableSchema& table, const std::string& name) {
  const ColumnDefinition* c = table.find_column(name);
  if (c == nullptr) {
    return invalid("Undefined column name " + name + " in table " + table.keyspace() + "." + table.name());
  }
  if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) {
    return invalid("PRIMARY KEY part " + name + " found in SET part");
  }
  return c;
}

// The elements of a collection value as separate serialized elements (maps: keys and
// values alternating).
Result<std::vector<Bytes>> elements_of(const Bytes& value) { return values::collection_elements(value); }

// The receiver of the value of an assignment.
ColumnSpec assignment_receiver(const TableSchema& table, const ColumnDefinition& c, const Assignment& a) {
  ColumnSpec spec = column_spec(table, c);
  const CqlType& type = *c.type;
  switch (a.kind) {
    case Assignment::Kind::kSetElement:
      if (type.kind() == TypeKind::kMap) return special_receiver(spec, "value(" + c.name + ")", type.params()[1]);
      if (type.kind() == TypeKind::kList) return special_receiver(spec, "value(" + c.name + ")", type.params()[0]);
      return spec;
    case Assignment::Kind::kRemove:
      if (type.kind() == TypeKind::kMap) {
        return special_receiver(spec, c.name, CqlType::set(type.params()[0], false));
      }
      return spec;
    default:
      return spec;
  }
}

ColumnSpec element_key_receiver(const TableSchema& table, const ColumnDefinition& c) {
  ColumnSpec spec = column_spec(table, c);
  if (c.type->kind() == TypeKind::kMap) return special_receiver(spec, "key(" + c.name + ")", c.type->params()[0]);
  return special_receiver(spec, "idx(" + c.name + ")", CqlType::int_());
}

// Applies one assignment to the builder's selected row.
Status apply_assignment(const Assignment& a, const ColumnDefinition& c, const TableSchema& table,
                        const ExecutionContext& ctx, const std::vector<Bytes>& key_parts,
                        const Clustering& clustering, MutationBuilder* b) {
  const CqlType& type = *c.type;
  CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(a.value, assignment_receiver(table, c, a), ctx.eval));
  if (v.kind == TermValue::Kind::kUnset) return Status::ok();
  switch (a.kind) {
    case Assignment::Kind::kSet:
      if (!v.is_value()) {
        b->erase(c.name);
      } else {
        b->set(c.name, v.bytes);
      }
      return Status::ok();
    case Assignment::Kind::kSetElement: {
      if (!type.is_multi_cell() || type.kind() == TypeKind::kSet) {
        return invalid("Invalid operation (" + c.name + "[...] = ...) for non list or map column " + c.name);
      }
      CAIRN_ASSIGN_OR_RETURN(Bytes key, evaluate_required(*a.key, element_key_receiver(table, c), ctx.eval,
                                                          "element key of " + c.name));
      if (type.kind() == TypeKind::kMap) {
        if (!v.is_value()) {
          b->remove_from_map(c.name, key);
        } else {
          b->put_in_map(c.name, key, v.bytes);
        }
        return Status::ok();
      }
      CAIRN_ASSIGN_OR_RETURN(int32_t index, values::to_int(key));
      CAIRN_ASSIGN_OR_RETURN(auto paths, list_paths(ctx, table, key_parts, clustering, c));
      if (index < 0 || static_cast<size_t>(index) >= paths.size()) {
        return invalid("List index " + std::to_string(index) + " out of bound, list has size " +
                       std::to_string(paths.size()));
      }
      if (!v.is_value()) {
        b->remove_list_element(c.name, paths[index]);
      } else {
        b->set_list_element(c.name, paths[index], v.bytes);
      }
      return Status::ok();
    }
    case Assignment::Kind::kAdd:
    case Assignment::Kind::kPrepend:
    case Assignment::Kind::kRemove:
      break;
  }
  if (!type.is_multi_cell()) {
    const char* op = a.kind == Assignment::Kind::kRemove ? "-" : "+";
    return invalid("Invalid operation (" + c.name + " = " + c.name + " " + op + " ...) for non counter column " + c.name);
  }
  if (!v.is_value()) return Status::ok();  // adding or removing null is a no-op
  CAIRN_ASSIGN_OR_RETURN(auto elements, elements_of(v.bytes));
  if (a.kind == Assignment::Kind::kPrepend) {
    if (type.kind() != TypeKind::kList) return invalid("Invalid operation (" + c.name + " = ... + " + c.name + ") for non list column " + c.name);
    b->prepend_to_list(c.name, elements);
    return Status::ok();
  }
  if (a.kind == Assignment::Kind::kAdd) {
    switch (type.kind()) {
      case TypeKind::kSet:
        for (const auto& e : elements) b->add_to_set(c.name, e);
        break;
      case TypeKind::kMap:
        for (size_t i = 0; i + 1 < elements.size(); i += 2) b->put_in_map(c.name, elements[i], elements[i + 1]);
        break;
      default:
        for (const auto& e : elements) b->append_to_list(c.name, e);
        break;
    }
    return Status::ok();
  }
  switch (type.kind()) {
    case TypeKind::kSet:
      for (const auto& e : elements) b->remove_from_set(c.name, e);
      return Status::ok();
    case TypeKind::kMap:  // the value is a set of keys
      for (const auto& e : elements) b->remove_from_map(c.name, e);
      return Status::ok();
    default: {
      CAIRN_ASSIGN_OR_RETURN(auto cells, list_cells(ctx, table, key_parts, clustering, c));
      const CqlType& et = *type.params()[0];
      for (const auto& [path, value] : cells) {
        for (const auto& e : elements) {
          if (et.compare(value, e) == 0) {
            b->remove_list_element(c.name, path);
            break;
          }
        }
      }
      return Status::ok();
    }
  }
}

}  // namespace

Result<std::vector<Mutation>> insert_mutations(const InsertStatement& s, ExecutionContext& ctx) {
  CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table_ref, resolve_table(s.table, ctx));
  const TableSchema& table = *table_ref;
  CAIRN_RETURN_IF_ERROR(check_writable(table, ctx));
  CAIRN_RETURN_IF_ERROR(check_conditions(s.conditions, ctx));
  if (s.json) return invalid("INSERT JSON is not supported yet");
  if (s.columns.size() != s.values.size()) return invalid("Unmatched column names/values");
  CAIRN_ASSIGN_OR_RETURN(WriteTimes times, write_times(s.using_clause, table, ctx));

  std::vector<Bytes> key(table.partition_key().size());
  std::vector<bool> key_set(key.size()), clustering_set(table.clustering_key().size());
  Clustering clustering(table.clustering_key().size());
  std::set<std::string> seen;
  bool has_regular = false;
  for (size_t i = 0; i < s.columns.size(); ++i) {
    const ColumnDefinition* c = table.find_column(s.columns[i]);
    if (c == nullptr) {
      return invalid("Undefined column name " + s.columns[i] + " in table " + table.keyspace() + "." + table.name());
    }
    if (!seen.insert(c->name).second) return invalid("Multiple definitions found for column " + c->name);
    if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) {
      CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(s.values[i], column_spec(table, *c), ctx.eval, c->name));
      if (c->kind == ColumnKind::kPartitionKey) {
        key[c->position] = std::move(v);
        key_set[c->position] = true;
      } else {
        clustering[c->position] = std::move(v);
        clustering_set[c->position] = true;
      }
    } else if (c->kind == ColumnKind::kRegular) {
      has_regular = true;
    }
  }
  for (size_t i = 0; i < key.size(); ++i) {
    if (!key_set[i]) return invalid("Some partition key parts are missing: " + table.partition_key()[i]->name);
  }
  const bool no_clustering = std::none_of(clustering_set.begin(), clustering_set.end(), [](bool b) { return b; });
  const bool static_only = !clustering.empty() && no_clustering && !has_regular;
  if (!static_only) {
    for (size_t i = 0; i < clustering.size(); ++i) {
      if (!clustering_set[i]) return invalid("Some clustering keys are missing: " + table.clustering_key()[i]->name);
    }
  }

  MutationBuilder b(table, key, times.timestamp, ctx.now_seconds);
  if (times.ttl) b.ttl(*times.ttl);
  if (!static_only) b.row(clustering).marker();
  for (size_t i = 0; i < s.columns.size(); ++i) {
    const ColumnDefinition* c = table.find_column(s.columns[i]);
    if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) continue;
    CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(s.values[i], column_spec(table, *c), ctx.eval));
    if (v.kind == TermValue::Kind::kUnset) continue;
    if (v.is_value()) {
      b.set(c->name, v.bytes);
    } else {
      b.erase(c->name);
    }
  }
  CAIRN_ASSIGN_OR_RETURN(Mutation m, b.build());
  std::vector<Mutation> out;
  out.push_back(std::move(m));
  return out;
}

Result<std::vector<Mutation>> update_mutations(const UpdateStatement& s, ExecutionContext& ctx) {
  CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table_ref, resolve_table(s.table, ctx));
  const TableSchema& table = *table_ref;
  CAIRN_RETURN_IF_ERROR(check_writable(table, ctx));
  CAIRN_RETURN_IF_ERROR(check_conditions(s.conditions, ctx));
  CAIRN_ASSIGN_OR_RETURN(WriteTimes times, write_times(s.using_clause, table, ctx));
  CAIRN_ASSIGN_OR_RETURN(AnalyzedWhere analyzed, analyze_where(table, s.where, WhereUse::kUpdate));
  CAIRN_ASSIGN_OR_RETURN(ResolvedWhere where, resolve_where(analyzed, ctx.eval));

  bool static_only = true;
  std::vector<const ColumnDefinition*> columns;
  for (const Assignment& a : s.assignments) {
    CAIRN_ASSIGN_OR_RETURN(const ColumnDefinition* c, settable_column(table, a.column));
    static_only &= c->kind == ColumnKind::kStatic;
    columns.push_back(c);
  }
  const bool has_clustering = !table.clustering_key().empty();
  if (has_clustering && !analyzed.full_clustering) {
    if (!(static_only && analyzed.clustering.empty())) {
      for (const auto* c : table.clustering_key()) {
        return invalid("Some clustering keys are missing: " + c->name);
      }
    }
  }
  if (static_only && has_clustering && !analyzed.clustering.empty()) {
    // Cassandra allows naming the row when setting only static columns.
  }
  std::vector<Clustering> rows = where.has_clusterings ? where.clusterings : std::vector<Clustering>{Clustering{}};
  if (!has_clustering) rows = {Clustering{}};
  std::vector<Mutation> out;
  for (const auto& key : where.keys) {
    MutationBuilder b(table, key, times.timestamp, ctx.now_seconds);
    if (times.ttl) b.ttl(*times.ttl);
    for (const Clustering& clustering : rows) {
      if (!(static_only && has_clustering && !where.has_clusterings)) b.row(clustering);
      for (size_t i = 0; i < s.assignments.size(); ++i) {
        CAIRN_RETURN_IF_ERROR(apply_assignment(s.assignments[i], *columns[i], table, ctx, key, clustering, &b));
      }
    }
    CAIRN_ASSIGN_OR_RETURN(Mutation m, b.build());
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<Mutation>> delete_mutations(const DeleteStatement& s, ExecutionContext& ctx) {
  CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table_ref, resolve_table(s.table, ctx));
  const TableSchema& table = *table_ref;
  CAIRN_RETURN_IF_ERROR(check_writable(table, ctx));
  CAIRN_RETURN_IF_ERROR(check_conditions(s.conditions, ctx));
  if (s.using_clause.ttl) return invalid("Cannot provide custom TTL for DELETE statements");
  CAIRN_ASSIGN_OR_RETURN(WriteTimes times, write_times(s.using_clause, table, ctx));
  CAIRN_ASSIGN_OR_RETURN(AnalyzedWhere analyzed, analyze_where(table, s.where, WhereUse::kDelete));
  CAIRN_ASSIGN_OR_RETURN(ResolvedWhere where, resolve_where(analyzed, ctx.eval));

  std::vector<const ColumnDefinition*> columns;
  bool static_only = true;
  for (const auto& t : s.targets) {
    const ColumnDefinition* c = table.find_column(t.column);
    if (c == nullptr) {
      return invalid("Undefined column name " + t.column + " in table " + table.keyspace() + "." + table.name());
    }
    if (c->kind == ColumnKind::kPartitionKey || c->kind == ColumnKind::kClustering) {
      return invalid("Invalid identifier " + t.column + " for deletion (should not be a PRIMARY KEY part)");
    }
    static_only &= c->kind == ColumnKind::kStatic;
    columns.push_back(c);
  }
  const bool has_clustering = !table.clustering_key().empty();
  if (!s.targets.empty() && has_clustering && !analyzed.full_clustering && !(static_only && analyzed.clustering.empty())) {
    return invalid("Some clustering keys are missing: " + table.clustering_key()[0]->name);
  }
  std::vector<Mutation> out;
  if (where.empty) return out;
  for (const auto& key : where.keys) {
    MutationBuilder b(table, key, times.timestamp, ctx.now_seconds);
    if (s.targets.empty()) {
      if (!has_clustering || analyzed.clustering.empty()) {
        b.delete_partition();
      } else if (where.has_clusterings) {
        for (const auto& c : where.clusterings) b.delete_row(c);
      } else {
        for (const auto& slice : where.slices) b.delete_range(slice);
      }
    } else {
      std::vector<Clustering> rows = where.has_clusterings ? where.clusterings : std::vector<Clustering>{Clustering{}};
      for (const Clustering& clustering : rows) {
        if (!static_only || where.has_clusterings) b.row(clustering);
        for (size_t i = 0; i < s.targets.size(); ++i) {
          const auto& t = s.targets[i];
          const ColumnDefinition& c = *columns[i];
          if (!t.key) {
            b.erase(c.name);
            continue;
          }
          if (c.type->kind() != TypeKind::kMap && !(c.type->kind() == TypeKind::kList && c.type->is_multi_cell()) &&
              c.type->kind() != TypeKind::kSet) {
            return invalid("Invalid element deletion on non-collection column " + c.name);
          }
          CAIRN_ASSIGN_OR_RETURN(Bytes element, evaluate_required(*t.key, element_key_receiver(table, c), ctx.eval,
                                                                  "element of " + c.name));
          if (c.type->kind() == TypeKind::kList) {
            CAIRN_ASSIGN_OR_RETURN(int32_t index, values::to_int(element));
            CAIRN_ASSIGN_OR_RETURN(auto paths, list_paths(ctx, table, key, clustering, c));
            if (index < 0 || static_cast<size_t>(index) >= paths.size()) {
              return invalid("List index " + std::to_string(index) + " out of bound, list has size " +
                             std::to_string(paths.size()));
            }
            b.remove_list_element(c.name, paths[index]);
          } else {
            b.remove_from_map(c.name, element);
          }
        }
      }
    }
    CAIRN_ASSIGN_OR_RETURN(Mutation m, b.build());
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

void using_receivers(const UsingClause& u, const TableSchema& table, std::vector<ColumnSpec>* specs) {
  ColumnSpec base{table.keyspace(), table.name(), "", CqlType::bigint()};
  if (u.timestamp) bind_receivers(*u.timestamp, special_receiver(base, "[timestamp]", CqlType::bigint()), specs);
  if (u.ttl) bind_receivers(*u.ttl, special_receiver(base, "[ttl]", CqlType::int_()), specs);
}

// Bind receivers of IF conditions: the column (the element's key and value for m['k']).
void condition_receivers(const Conditions& conditions, const TableSchema& table, std::vector<ColumnSpec>* specs) {
  for (const Relation& r : conditions.column_conditions) {
    const ColumnDefinition* c = table.find_column(r.columns.at(0));
    if (c == nullptr) continue;
    ColumnSpec spec = column_spec(table, *c);
    if (r.map_key && c->type->kind() == TypeKind::kMap) {
      bind_receivers(*r.map_key, special_receiver(spec, "key(" + c->name + ")", c->type->params()[0]), specs);
      spec = special_receiver(spec, "value(" + c->name + ")", c->type->params()[1]);
    }
    if (r.op == Relation::Op::kIn && r.value) {
      bind_receivers(*r.value, special_receiver(spec, "in(" + c->name + ")", CqlType::list(spec.type, false)), specs);
    } else if (r.value) {
      bind_receivers(*r.value, spec, specs);
    }
    for (const Term& t : r.in_values) bind_receivers(t, spec, specs);
  }
}

std::vector<uint16_t> where_key_indexes(const AnalyzedWhere& where) {
  std::vector<uint16_t> out;
  for (const Relation* r : where.partition_key) {
    if (r == nullptr || r->op != Relation::Op::kEq || !r->value || r->value->kind != Term::Kind::kBindMarker) {
      return {};
    }
    out.push_back(static_cast<uint16_t>(r->value->bind_index));
  }
  return out;
}

}  // namespace

Result<std::vector<Mutation>> modification_mutations(const ModificationStatement& statement,
                                                     ExecutionContext& ctx) {
  if (const auto* s = std::get_if<InsertStatement>(&statement)) return insert_mutations(*s, ctx);
  if (const auto* s = std::get_if<UpdateStatement>(&statement)) return update_mutations(*s, ctx);
  return delete_mutations(std::get<DeleteStatement>(statement), ctx);
}

std::optional<Result<std::vector<Mutation>>> data_statement_mutations(const Statement& s,
                                                                      ExecutionContext& ctx) {
  if (const auto* i = std::get_if<InsertStatement>(&s)) return insert_mutations(*i, ctx);
  if (const auto* u = std::get_if<UpdateStatement>(&s)) return update_mutations(*u, ctx);
  if (const auto* d = std::get_if<DeleteStatement>(&s)) return delete_mutations(*d, ctx);
  return std::nullopt;
}

Status describe_modification(const ModificationStatement& statement, const ExecutionContext& ctx,
                             StatementMetadata* out) {
  auto& specs = out->bind_columns;
  if (const auto* s = std::get_if<InsertStatement>(&statement)) {
    CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table, resolve_table(s->table, ctx));
    std::vector<int> pk_index(table->partition_key().size(), -1);
    for (size_t i = 0; i < s->columns.size() && i < s->values.size(); ++i) {
      const ColumnDefinition* c = table->find_column(s->columns[i]);
      if (c == nullptr) {
        return invalid("Undefined column name " + s->columns[i] + " in table " + table->keyspace() + "." + table->name());
      }
      bind_receivers(s->values[i], column_spec(*table, *c), &specs);
      if (c->kind == ColumnKind::kPartitionKey && s->values[i].kind == Term::Kind::kBindMarker) {
        pk_index[c->position] = s->values[i].bind_index;
      }
    }
    using_receivers(s->using_clause, *table, &specs);
    condition_receivers(s->conditions, *table, &specs);
    if (std::all_of(pk_index.begin(), pk_index.end(), [](int i) { return i >= 0; })) {
      for (int i : pk_index) out->partition_key_indexes.push_back(static_cast<uint16_t>(i));
    }
    return Status::ok();
  }
  if (const auto* s = std::get_if<UpdateStatement>(&statement)) {
    CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table, resolve_table(s->table, ctx));
    using_receivers(s->using_clause, *table, &specs);
    for (const Assignment& a : s->assignments) {
      CAIRN_ASSIGN_OR_RETURN(const ColumnDefinition* c, settable_column(*table, a.column));
      if (a.key) bind_receivers(*a.key, element_key_receiver(*table, *c), &specs);
      bind_receivers(a.value, assignment_receiver(*table, *c, a), &specs);
    }
    CAIRN_ASSIGN_OR_RETURN(AnalyzedWhere where, analyze_where(*table, s->where, WhereUse::kUpdate));
    where_bind_receivers(where, s->where, &specs);
    condition_receivers(s->conditions, *table, &specs);
    out->partition_key_indexes = where_key_indexes(where);
    return Status::ok();
  }
  const auto& s = std::get<DeleteStatement>(statement);
  CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table, resolve_table(s.table, ctx));
  for (const auto& t : s.targets) {
    const ColumnDefinition* c = table->find_column(t.column);
    if (c && t.key) bind_receivers(*t.key, element_key_receiver(*table, *c), &specs);
  }
  using_receivers(s.using_clause, *table, &specs);
  CAIRN_ASSIGN_OR_RETURN(AnalyzedWhere where, analyze_where(*table, s.where, WhereUse::kDelete));
  where_bind_receivers(where, s.where, &specs);
  condition_receivers(s.conditions, *table, &specs);
  out->partition_key_indexes = where_key_indexes(where);
  return Status::ok();
}

}  // namespace cairn::cql
