#include "cql/query/restrictions.h"

#include <algorithm>
#include <map>

#include "common/coding.h"

namespace cairn::cql {
namespace {

const char* kFilteringMessage =
    "Cannot execute this query as it might involve data filtering and thus may have "
    "unpredictable performance. If you want to execute this query despite the performance "
    "unpredictability, use ALLOW FILTERING";

bool is_slice(Relation::Op op) {
  return op == Relation::Op::kLt || op == Relation::Op::kLte || op == Relation::Op::kGt ||
         op == Relation::Op::kGte;
}
bool is_eq_or_in(Relation::Op op) { return op == Relation::Op::kEq || op == Relation::Op::kIn; }

std::string qualified(const TableSchema& t) { return t.keyspace() + "." + t.name(); }

Status invalid(std::string message) { return Status::invalid_argument(std::move(message)); }

// The components of a serialized tuple ([int n][n bytes], n < 0 for null).
Result<std::vector<Bytes>> tuple_components(BytesView v, size_t expected, std::string_view what) {
  std::vector<Bytes> out;
  BufferReader in(v);
  while (!in.at_end()) {
    uint32_t raw;
    if (!in.get_u32(&raw)) return invalid("Invalid tuple value for " + std::string(what));
    const int32_t n = static_cast<int32_t>(raw);
    if (n < 0) return invalid("Invalid null value in tuple for " + std::string(what));
    BytesView b;
    if (!in.get_bytes(static_cast<size_t>(n), &b)) {
      return invalid("Invalid tuple value for " + std::string(what));
    }
    out.emplace_back(b);
  }
  if (out.size() != expected) {
    return invalid("Expected " + std::to_string(expected) + " elements in value tuple for " +
                   std::string(what) + ", but got " + std::to_string(out.size()));
  }
  return out;
}

TypeRef tuple_of(const std::vector<const ColumnDefinition*>& columns) {
  std::vector<TypeRef> types;
  for (const auto* c : columns) types.push_back(c->type);
  return CqlType::tuple(std::move(types));
}

std::string column_list(const std::vector<std::string>& names) {
  std::string s = "(";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? "," : "") + names[i];
  return s + ")";
}

}  // namespace

ColumnSpec column_spec(const TableSchema& table, const ColumnDefinition& column) {
  return ColumnSpec{table.keyspace(), table.name(), column.name, column.type};
}

Result<AnalyzedWhere> analyze_where(const TableSchema& table, const std::vector<Relation>& where,
                                    WhereUse use) {
  AnalyzedWhere out;
  out.table = &table;
  const auto& pk = table.partition_key();
  const auto& ck = table.clustering_key();
  out.partition_key.assign(pk.size(), nullptr);
  std::vector<std::vector<const Relation*>> per_clustering(ck.size());
  std::vector<const Relation*> multi;

  for (const Relation& r : where) {
    if (r.kind == Relation::Kind::kToken) {
      if (use != WhereUse::kSelect) {
        return invalid("The token function cannot be used in WHERE clauses for UPDATE and DELETE statements");
      }
      bool in_order = r.columns.size() == pk.size();
      for (size_t i = 0; in_order && i < pk.size(); ++i) in_order = r.columns[i] == pk[i]->name;
      if (!in_order) {
        std::vector<std::string> names;
        for (const auto* c : pk) names.push_back(c->name);
        return invalid("The token function arguments must be in the partition key order: " +
                       column_list(names).substr(1, column_list(names).size() - 2));
      }
      if (!is_slice(r.op) && r.op != Relation::Op::kEq) {
        return invalid("Only EQ, LT, LTE, GT and GTE are supported with the token function");
      }
      out.token.push_back(&r);
      continue;
    }
    if (r.kind == Relation::Kind::kMultiColumn) {
      for (size_t i = 0; i < r.columns.size(); ++i) {
        const ColumnDefinition* c = table.find_column(r.columns[i]);
        if (c == nullptr) {
          return invalid("Undefined column name " + r.columns[i] + " in table " + qualified(table));
        }
        if (c->kind != ColumnKind::kClustering) {
          return invalid("Multi-column relations can only be applied to clustering columns but was applied to: " +
                         c->name);
        }
        if (c->position != static_cast<int>(i)) {
          return invalid("Clustering columns must appear in the PRIMARY KEY order in multi-column relations: " +
                         column_list(r.columns));
        }
        if (c->order != ck[0]->order) {
          return invalid("Multi-column relations over clustering columns of mixed order are not supported yet: " +
                         column_list(r.columns));
        }
      }
      if (!is_eq_or_in(r.op) && !is_slice(r.op)) {
        return invalid("Unsupported operator for multi-column relation " + column_list(r.columns));
      }
      multi.push_back(&r);
      continue;
    }
    const ColumnDefinition* c = table.find_column(r.columns.at(0));
    if (c == nullptr) {
      return invalid("Undefined column name " + r.columns[0] + " in table " + qualified(table));
    }
    if (r.op == Relation::Op::kNeq) return invalid("Unsupported \"!=\" relation: " + c->name + " != ...");
    if (r.map_key && c->type->kind() != TypeKind::kMap) {
      return invalid("Column " + c->name + " cannot be used as a map");
    }
    switch (c->kind) {
      case ColumnKind::kPartitionKey:
        if (!is_eq_or_in(r.op)) {
          if (use == WhereUse::kSelect && is_slice(r.op)) {
            out.filters.push_back(&r);
            if (out.filtering_reason.empty()) {
              out.filtering_reason =
                  "Only EQ and IN relation are supported on the partition key (unless you use the token() function or allow filtering)";
            }
            continue;
          }
          return invalid("Only EQ and IN relation are supported on the partition key (unless you use the token() function)");
        }
        if (out.partition_key[c->position] != nullptr) {
          return invalid(c->name + " cannot be restricted by more than one relation if it includes an Equal");
        }
        out.partition_key[c->position] = &r;
        break;
      case ColumnKind::kClustering:
        if (r.op == Relation::Op::kContains || r.op == Relation::Op::kContainsKey) {
          out.filters.push_back(&r);
        } else {
          per_clustering[c->position].push_back(&r);
        }
        break;
      default:
        if (use != WhereUse::kSelect) {
          return invalid("Non PRIMARY KEY columns found in where clause: " + c->name);
        }
        out.filters.push_back(&r);
        break;
    }
  }

  // Partition key.
  size_t restricted = 0;
  for (const auto* r : out.partition_key) restricted += r != nullptr;
  out.all_partition_key_restricted = restricted == pk.size();
  if (!out.token.empty() && restricted > 0) {
    return invalid("Columns \"" + pk[0]->name +
                   "\" cannot be restricted by both a normal relation and a token relation");
  }
  if (!out.all_partition_key_restricted) {
    if (use != WhereUse::kSelect) {
      std::string missing;
      for (size_t i = 0; i < pk.size(); ++i) {
        if (!out.partition_key[i]) missing += (missing.empty() ? "" : ", ") + pk[i]->name;
      }
      return invalid("Some partition key parts are missing: " + missing);
    }
    if (restricted > 0) {
      // A partial partition key can only be checked row by row.
      std::string missing;
      for (size_t i = 0; i < pk.size(); ++i) {
        if (!out.partition_key[i]) {
          missing += (missing.empty() ? "" : ", ") + pk[i]->name;
        } else {
          out.filters.push_back(out.partition_key[i]);
        }
      }
      if (out.filtering_reason.empty()) {
        out.filtering_reason = "Cannot execute this query as it might involve data filtering and thus "
                               "may have unpredictable performance. If you want to execute this query "
                               "despite the performance unpredictability, use ALLOW FILTERING";
      }
      out.partition_key.assign(pk.size(), nullptr);
    }
  }

  // Clustering.
  if (!multi.empty()) {
    for (const auto& rels : per_clustering) {
      if (!rels.empty()) {
        return invalid("Mixing single column relations and multi column relations on clustering columns is not allowed");
      }
    }
    const Relation* eq = nullptr;
    int lower = 0, upper = 0;
    for (const Relation* r : multi) {
      if (is_eq_or_in(r->op)) {
        if (eq != nullptr || multi.size() > 1) {
          return invalid("Column \"" + r->columns[0] +
                         "\" cannot be restricted by more than one relation if it includes an Equal");
        }
        eq = r;
      } else if (r->op == Relation::Op::kGt || r->op == Relation::Op::kGte) {
        ++lower;
      } else {
        ++upper;
      }
    }
    if (lower > 1 || upper > 1) {
      return invalid("More than one restriction was found for the " +
                     std::string(lower > 1 ? "start" : "end") + " bound on " +
                     column_list(multi[0]->columns));
    }
    out.clustering = multi;
    out.full_clustering = eq != nullptr && eq->columns.size() == ck.size();
  } else {
    bool gap = false, after_slice = false;
    size_t eq_count = 0;
    for (size_t i = 0; i < ck.size(); ++i) {
      const auto& rels = per_clustering[i];
      if (rels.empty()) {
        gap = true;
        continue;
      }
      if (gap || after_slice) {
        if (use != WhereUse::kSelect) {
          const std::string previous = ck[i - 1]->name;
          return invalid(gap ? "PRIMARY KEY column \"" + ck[i]->name +
                                   "\" cannot be restricted as preceding column \"" + previous +
                                   "\" is not restricted"
                             : "Clustering column \"" + ck[i]->name +
                                   "\" cannot be restricted (preceding column \"" + previous +
                                   "\" is restricted by a non-EQ relation)");
        }
        for (const Relation* r : rels) out.filters.push_back(r);
        if (out.filtering_reason.empty()) {
          out.filtering_reason = gap ? "PRIMARY KEY column \"" + ck[i]->name +
                                           "\" cannot be restricted as preceding column \"" +
                                           ck[i - 1]->name + "\" is not restricted"
                                     : std::string(kFilteringMessage);
        }
        continue;
      }
      bool has_eq = false;
      int lower = 0, upper = 0;
      for (const Relation* r : rels) {
        if (is_eq_or_in(r->op)) {
          has_eq = true;
        } else if (r->op == Relation::Op::kGt || r->op == Relation::Op::kGte) {
          ++lower;
        } else {
          ++upper;
        }
      }
      if (has_eq && rels.size() > 1) {
        return invalid(ck[i]->name + " cannot be restricted by more than one relation if it includes an Equal");
      }
      if (lower > 1 || upper > 1) {
        return invalid("More than one restriction was found for the " +
                       std::string(lower > 1 ? "start" : "end") + " bound on " + ck[i]->name);
      }
      for (const Relation* r : rels) out.clustering.push_back(r);
      if (has_eq) {
        ++eq_count;
      } else {
        after_slice = true;
      }
    }
    out.full_clustering = eq_count == ck.size();
  }
  if (use == WhereUse::kSelect && !out.all_partition_key_restricted && !out.clustering.empty() &&
      out.filtering_reason.empty()) {
    out.filtering_reason = kFilteringMessage;
  }
  if (use == WhereUse::kSelect && !out.filters.empty() && out.filtering_reason.empty()) {
    out.filtering_reason = kFilteringMessage;
  }
  return out;
}

void where_bind_receivers(const AnalyzedWhere& where, const std::vector<Relation>& relations,
                          std::vector<ColumnSpec>* specs) {
  const TableSchema& table = *where.table;
  ColumnSpec base{table.keyspace(), table.name(), "", CqlType::blob()};
  for (const Relation& r : relations) {
    if (r.kind == Relation::Kind::kToken) {
      if (r.value) {
        bind_receivers(*r.value, special_receiver(base, "partition key token", CqlType::bigint()), specs);
        // token(?) on the right: its markers bind to the partition key columns.
        if (r.value->kind == Term::Kind::kFunction) {
          const auto& pk = table.partition_key();
          for (size_t i = 0; i < r.value->elements.size() && i < pk.size(); ++i) {
            bind_receivers(r.value->elements[i], column_spec(table, *pk[i]), specs);
          }
        }
      }
      continue;
    }
    if (r.kind == Relation::Kind::kMultiColumn) {
      std::vector<const ColumnDefinition*> cols;
      for (const auto& name : r.columns) {
        if (const auto* c = table.find_column(name)) cols.push_back(c);
      }
      if (cols.size() != r.columns.size()) continue;
      const ColumnSpec tuple_spec = special_receiver(base, column_list(r.columns), tuple_of(cols));
      auto bind_tuple = [&](const Term& t) {
        if (t.kind == Term::Kind::kTuple) {
          for (size_t i = 0; i < t.elements.size() && i < cols.size(); ++i) {
            bind_receivers(t.elements[i], column_spec(table, *cols[i]), specs);
          }
        } else {
          bind_receivers(t, tuple_spec, specs);
        }
      };
      if (r.op == Relation::Op::kIn && r.value) {
        bind_receivers(*r.value,
                       special_receiver(base, "in" + column_list(r.columns),
                                        CqlType::list(tuple_spec.type, false)),
                       specs);
      } else if (r.op == Relation::Op::kIn) {
        for (const Term& t : r.in_values) bind_tuple(t);
      } else if (r.value) {
        bind_tuple(*r.value);
      }
      continue;
    }
    const ColumnDefinition* c = table.find_column(r.columns.at(0));
    if (c == nullptr) continue;
    ColumnSpec spec = column_spec(table, *c);
    const CqlType& type = *c->type;
    if (r.map_key) {
      bind_receivers(*r.map_key, special_receiver(spec, "key(" + c->name + ")", type.params()[0]), specs);
      if (r.value) bind_receivers(*r.value, special_receiver(spec, "value(" + c->name + ")", type.params()[1]), specs);
      continue;
    }
    if (r.op == Relation::Op::kContains && type.is_collection()) {
      TypeRef element = type.kind() == TypeKind::kMap ? type.params()[1] : type.params()[0];
      if (r.value) bind_receivers(*r.value, special_receiver(spec, "value(" + c->name + ")", element), specs);
      continue;
    }
    if (r.op == Relation::Op::kContainsKey && type.kind() == TypeKind::kMap) {
      if (r.value) bind_receivers(*r.value, special_receiver(spec, "key(" + c->name + ")", type.params()[0]), specs);
      continue;
    }
    if (r.op == Relation::Op::kIn) {
      if (r.value) {
        bind_receivers(*r.value, special_receiver(spec, "in(" + c->name + ")", CqlType::list(c->type, false)), specs);
      }
      for (const Term& t : r.in_values) bind_receivers(t, spec, specs);
      continue;
    }
    if (r.value) bind_receivers(*r.value, spec, specs);
  }
}

namespace {

// The values a single-column = or IN relation names, sorted by the column's order and
// without duplicates.
Result<std::vector<Bytes>> eq_or_in_values(const Relation& r, const ColumnDefinition& c,
                                           const TableSchema& table, const EvalContext& ctx) {
  const ColumnSpec spec = column_spec(table, c);
  std::vector<Bytes> values;
  if (r.op == Relation::Op::kEq) {
    CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(*r.value, spec, ctx, c.name));
    values.push_back(std::move(v));
    return values;
  }
  if (r.value) {  // IN ? bound to a whole list
    const ColumnSpec list_spec = special_receiver(spec, "in(" + c.name + ")", CqlType::list(c.type, false));
    CAIRN_ASSIGN_OR_RETURN(Bytes list, evaluate_required(*r.value, list_spec, ctx, "IN list of " + c.name));
    CAIRN_ASSIGN_OR_RETURN(values, values::collection_elements(list));
  } else {
    for (const Term& t : r.in_values) {
      CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(t, spec, ctx, c.name));
      values.push_back(std::move(v));
    }
  }
  const CqlType& type = *c.type;
  std::sort(values.begin(), values.end(),
            [&](const Bytes& a, const Bytes& b) { return type.compare(a, b) < 0; });
  values.erase(std::unique(values.begin(), values.end(),
                           [&](const Bytes& a, const Bytes& b) { return type.compare(a, b) == 0; }),
               values.end());
  return values;
}

Result<Token> token_bound(const Relation& r, const TableSchema& table, const EvalContext& ctx) {
  const Term& t = *r.value;
  if (t.kind == Term::Kind::kFunction && t.function_name == "token") {
    const auto& pk = table.partition_key();
    if (t.elements.size() != pk.size()) {
      return invalid("token() needs " + std::to_string(pk.size()) + " arguments");
    }
    std::vector<Bytes> parts;
    for (size_t i = 0; i < pk.size(); ++i) {
      CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(t.elements[i], column_spec(table, *pk[i]), ctx, pk[i]->name));
      parts.push_back(std::move(v));
    }
    CAIRN_ASSIGN_OR_RETURN(Bytes key, serialize_partition_key(parts));
    return murmur3_token(key);
  }
  ColumnSpec spec{table.keyspace(), table.name(), "partition key token", CqlType::bigint()};
  CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(t, spec, ctx, "token"));
  return values::to_bigint(v);
}

// A value tuple of a multi-column relation, one value per column.
Result<std::vector<Bytes>> tuple_value(const Term& t, const std::vector<const ColumnDefinition*>& cols,
                                       const TableSchema& table, const EvalContext& ctx,
                                       const std::string& what) {
  if (t.kind == Term::Kind::kTuple) {
    if (t.elements.size() != cols.size()) {
      return invalid("Expected " + std::to_string(cols.size()) + " elements in value tuple, but got " +
                     std::to_string(t.elements.size()) + ": " + what);
    }
    std::vector<Bytes> out;
    for (size_t i = 0; i < cols.size(); ++i) {
      CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(t.elements[i], column_spec(table, *cols[i]), ctx, cols[i]->name));
      out.push_back(std::move(v));
    }
    return out;
  }
  ColumnSpec spec{table.keyspace(), table.name(), what, tuple_of(cols)};
  CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(t, spec, ctx, what));
  return tuple_components(v, cols.size(), what);
}

struct Bound {
  std::vector<Bytes> values;  // empty: unbounded
  bool inclusive = true;
};

// Adds to `slices` the rows under each prefix between `lower` and `upper` (values in
// column order; for DESC columns the lower values are at the end of the slice).
void add_slices(const std::vector<Clustering>& prefixes, const Bound& lower, const Bound& upper,
                bool descending, const ClusteringComparator& cmp, std::vector<ClusteringSlice>* slices) {
  const Bound& first = descending ? upper : lower;
  const Bound& last = descending ? lower : upper;
  for (const Clustering& p : prefixes) {
    ClusteringSlice s;
    s.start.prefix = p;
    s.start.kind = ClusteringBound::Kind::kInclusiveStart;
    if (!first.values.empty()) {
      s.start.prefix.insert(s.start.prefix.end(), first.values.begin(), first.values.end());
      s.start.kind = first.inclusive ? ClusteringBound::Kind::kInclusiveStart
                                     : ClusteringBound::Kind::kExclusiveStart;
    }
    s.end.prefix = p;
    s.end.kind = ClusteringBound::Kind::kInclusiveEnd;
    if (!last.values.empty()) {
      s.end.prefix.insert(s.end.prefix.end(), last.values.begin(), last.values.end());
      s.end.kind = last.inclusive ? ClusteringBound::Kind::kInclusiveEnd
                                  : ClusteringBound::Kind::kExclusiveEnd;
    }
    if (cmp.compare(s.start, s.end) < 0) slices->push_back(std::move(s));
  }
}

}  // namespace

Result<ResolvedWhere> resolve_where(const AnalyzedWhere& where, const EvalContext& ctx) {
  const TableSchema& table = *where.table;
  const auto& pk = table.partition_key();
  const auto& ck = table.clustering_key();
  const ClusteringComparator& cmp = *table.clustering_comparator();
  ResolvedWhere out;

  // Partitions.
  if (where.all_partition_key_restricted) {
    out.has_keys = true;
    out.keys = {{}};
    for (size_t i = 0; i < pk.size(); ++i) {
      CAIRN_ASSIGN_OR_RETURN(auto vals, eq_or_in_values(*where.partition_key[i], *pk[i], table, ctx));
      std::vector<std::vector<Bytes>> next;
      for (const auto& prefix : out.keys) {
        for (const auto& v : vals) {
          next.push_back(prefix);
          next.back().push_back(v);
        }
      }
      out.keys = std::move(next);
    }
    if (out.keys.size() > 65535) {
      return invalid("Too many partition keys selected by IN restrictions: " + std::to_string(out.keys.size()));
    }
    if (out.keys.empty()) out.empty = true;
  }
  for (const Relation* r : where.token) {
    CAIRN_ASSIGN_OR_RETURN(Token t, token_bound(*r, table, ctx));
    switch (r->op) {
      case Relation::Op::kGt:
      case Relation::Op::kGte:
        if (t > out.start_token || (t == out.start_token && r->op == Relation::Op::kGt)) {
          out.start_token = t;
          out.start_inclusive = r->op == Relation::Op::kGte;
        }
        break;
      case Relation::Op::kLt:
      case Relation::Op::kLte:
        if (t < out.end_token || (t == out.end_token && r->op == Relation::Op::kLt)) {
          out.end_token = t;
          out.end_inclusive = r->op == Relation::Op::kLte;
        }
        break;
      default:  // =
        out.start_token = t;
        out.start_inclusive = true;
        out.end_token = t;
        out.end_inclusive = true;
        break;
    }
  }

  // Rows.
  std::vector<Clustering> prefixes{{}};
  Bound lower, upper;
  bool sliced = false;
  for (const Relation* r : where.clustering) {
    if (r->kind == Relation::Kind::kMultiColumn) {
      std::vector<const ColumnDefinition*> cols;
      for (const auto& name : r->columns) cols.push_back(table.find_column(name));
      const std::string what = column_list(r->columns);
      if (r->op == Relation::Op::kEq || r->op == Relation::Op::kIn) {
        std::vector<std::vector<Bytes>> tuples;
        if (r->op == Relation::Op::kEq) {
          CAIRN_ASSIGN_OR_RETURN(auto v, tuple_value(*r->value, cols, table, ctx, what));
          tuples.push_back(std::move(v));
        } else if (r->value) {
          ColumnSpec list_spec{table.keyspace(), table.name(), "in" + what,
                               CqlType::list(tuple_of(cols), false)};
          CAIRN_ASSIGN_OR_RETURN(Bytes list, evaluate_required(*r->value, list_spec, ctx, "IN list of " + what));
          CAIRN_ASSIGN_OR_RETURN(auto elements, values::collection_elements(list));
          for (const Bytes& e : elements) {
            CAIRN_ASSIGN_OR_RETURN(auto v, tuple_components(e, cols.size(), what));
            tuples.push_back(std::move(v));
          }
        } else {
          for (const Term& t : r->in_values) {
            CAIRN_ASSIGN_OR_RETURN(auto v, tuple_value(t, cols, table, ctx, what));
            tuples.push_back(std::move(v));
          }
        }
        std::vector<Clustering> next;
        for (auto& t : tuples) next.push_back(std::move(t));
        prefixes = std::move(next);
      } else {
        CAIRN_ASSIGN_OR_RETURN(auto v, tuple_value(*r->value, cols, table, ctx, what));
        Bound& b = (r->op == Relation::Op::kGt || r->op == Relation::Op::kGte) ? lower : upper;
        b.values = std::move(v);
        b.inclusive = r->op == Relation::Op::kGte || r->op == Relation::Op::kLte;
        sliced = true;
      }
      continue;
    }
    const ColumnDefinition* c = table.find_column(r->columns[0]);
    if (is_eq_or_in(r->op)) {
      CAIRN_ASSIGN_OR_RETURN(auto vals, eq_or_in_values(*r, *c, table, ctx));
      std::vector<Clustering> next;
      for (const auto& p : prefixes) {
        for (const auto& v : vals) {
          next.push_back(p);
          next.back().push_back(v);
        }
      }
      prefixes = std::move(next);
    } else {
      CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(*r->value, column_spec(table, *c), ctx, c->name));
      Bound& b = (r->op == Relation::Op::kGt || r->op == Relation::Op::kGte) ? lower : upper;
      b.values = {std::move(v)};
      b.inclusive = r->op == Relation::Op::kGte || r->op == Relation::Op::kLte;
      sliced = true;
    }
  }
  if (prefixes.empty()) out.empty = true;
  // Sorted in clustering order, duplicates dropped (IN lists may repeat after products).
  std::sort(prefixes.begin(), prefixes.end(),
            [&](const Clustering& a, const Clustering& b) { return cmp.compare(a, b) < 0; });
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end(),
                             [&](const Clustering& a, const Clustering& b) { return cmp.compare(a, b) == 0; }),
                 prefixes.end());
  if (where.full_clustering && !sliced) {
    out.has_clusterings = true;
    out.clusterings = prefixes;
    out.slices.clear();
    for (const auto& p : prefixes) out.slices.push_back(ClusteringSlice::prefix(p));
  } else if (sliced) {
    const size_t column = prefixes.empty() ? 0 : prefixes[0].size();
    const bool descending = column < ck.size() && ck[column]->order == ClusteringOrder::kDesc;
    out.slices.clear();
    add_slices(prefixes, lower, upper, descending, cmp, &out.slices);
    if (out.slices.empty()) out.empty = true;
  } else if (!(prefixes.size() == 1 && prefixes[0].empty())) {
    out.slices.clear();
    for (const auto& p : prefixes) out.slices.push_back(ClusteringSlice::prefix(p));
  }

  // Row-by-row filters.
  for (const Relation* r : where.filters) {
    RowFilter f;
    f.column = table.find_column(r->columns.at(0));
    f.op = r->op;
    const ColumnSpec spec = column_spec(table, *f.column);
    const CqlType& type = *f.column->type;
    ColumnSpec value_spec = spec;
    if (r->map_key) {
      CAIRN_ASSIGN_OR_RETURN(Bytes k, evaluate_required(*r->map_key, special_receiver(spec, "key(" + spec.name + ")", type.params()[0]), ctx, "map key"));
      f.map_key = std::move(k);
      value_spec.type = type.params()[1];
    } else if (r->op == Relation::Op::kContains) {
      if (!type.is_collection()) return invalid("Cannot use CONTAINS on non-collection column " + spec.name);
      value_spec.type = type.kind() == TypeKind::kMap ? type.params()[1] : type.params()[0];
    } else if (r->op == Relation::Op::kContainsKey) {
      if (type.kind() != TypeKind::kMap) return invalid("Cannot use CONTAINS KEY on non-map column " + spec.name);
      value_spec.type = type.params()[0];
    }
    if (r->op == Relation::Op::kIn && !r->map_key) {
      CAIRN_ASSIGN_OR_RETURN(f.values, eq_or_in_values(*r, *f.column, table, ctx));
    } else {
      CAIRN_ASSIGN_OR_RETURN(Bytes v, evaluate_required(*r->value, value_spec, ctx, spec.name));
      f.values.push_back(std::move(v));
    }
    out.filters.push_back(std::move(f));
  }
  return out;
}

}  // namespace cairn::cql
