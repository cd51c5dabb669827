// SELECT: restrictions to partitions and slices, rows read from storage (or from the
// virtual system tables), filtered, projected through the selectors, limited and paged.
//
// Paging state (ours, opaque to clients): u8 version 1, [short bytes] the serialized
// partition key of the last row returned, u8 1 and the clustering values ([short
// bytes] each, u16 count first) when that row had a clustering (0 otherwise), i32 rows
// still allowed by LIMIT, i32 rows already returned from that partition (for PER
// PARTITION LIMIT). The next page starts strictly after that row.
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "common/coding.h"
#include "cql/query/functions.h"
#include "cql/query/restrictions.h"
#include "cql/query/statements.h"

namespace cairn::cql {
namespace {

Status invalid(std::string message) { return Status::invalid_argument(std::move(message)); }

// ---- where rows come from ----

class PartitionSource {
 public:
  virtual ~PartitionSource() = default;
  virtual Result<std::optional<ReadPartition>> read(const PartitionRead& read) = 0;
  virtual Result<RangePage> scan(const PartitionRange& range, size_t page_size,
                                 const std::vector<ClusteringSlice>& slices) = 0;
};

class DatabaseSource : public PartitionSource {
 public:
  DatabaseSource(Database& db, const TableSchema& table) : db_(db), table_(table) {}
  Result<std::optional<ReadPartition>> read(const PartitionRead& read) override {
    return db_.read(table_, read);
  }
  Result<RangePage> scan(const PartitionRange& range, size_t page_size,
                         const std::vector<ClusteringSlice>& slices) override {
    return db_.scan(table_, range, page_size, slices);
  }

 private:
  Database& db_;
  const TableSchema& table_;
};

// A virtual table's partitions, all in memory.
class MemorySource : public PartitionSource {
 public:
  MemorySource(std::vector<ReadPartition> partitions, const TableSchema& table)
      : partitions_(std::move(partitions)), cmp_(*table.clustering_comparator()) {}

  Result<std::optional<ReadPartition>> read(const PartitionRead& read) override {
    for (const auto& p : partitions_) {
      if (p.key == read.key) return std::optional<ReadPartition>(restrict(p, read.slices, read.reversed, read.row_limit));
    }
    return std::optional<ReadPartition>();
  }
  Result<RangePage> scan(const PartitionRange& range, size_t page_size,
                         const std::vector<ClusteringSlice>& slices) override {
    RangePage page;
    for (const auto& p : partitions_) {
      if (!range.contains(p.key)) continue;
      if (page.partitions.size() == page_size) {
        page.resume_after = page.partitions.back().key;
        break;
      }
      page.partitions.push_back(restrict(p, slices, false, SIZE_MAX));
    }
    return page;
  }

 private:
  ReadPartition restrict(const ReadPartition& p, const std::vector<ClusteringSlice>& slices,
                         bool reversed, size_t limit) const {
    ReadPartition out{p.key, p.static_row, {}};
    for (const Row& r : p.rows) {
      for (const auto& s : slices) {
        if (cmp_.contains(s, r.clustering)) {
          out.rows.push_back(r);
          break;
        }
      }
    }
    if (reversed) std::reverse(out.rows.begin(), out.rows.end());
    if (out.rows.size() > limit) out.rows.resize(limit);
    return out;
  }

  std::vector<ReadPartition> partitions_;
  const ClusteringComparator& cmp_;
};

// ---- selection ----

struct RowView {
  const TableSchema* table;
  const std::vector<Bytes>* key_parts;
  Token token;
  const Row* row;         // nullptr for a partition shown by its static row only
  const Row* static_row;
  int32_t now_seconds;
};

std::optional<Bytes> column_value_of(const RowView& v, const ColumnDefinition& c) {
  switch (c.kind) {
    case ColumnKind::kPartitionKey:
      return (*v.key_parts)[c.position];
    case ColumnKind::kClustering:
      if (v.row == nullptr || static_cast<size_t>(c.position) >= v.row->clustering.size()) return std::nullopt;
      return v.row->clustering[c.position];
    case ColumnKind::kStatic:
      return column_value(*v.table, *v.static_row, c.name);
    case ColumnKind::kRegular:
      if (v.row == nullptr) return std::nullopt;
      return column_value(*v.table, *v.row, c.name);
  }
  return std::nullopt;
}

const Cell* simple_cell_of(const RowView& v, const ColumnDefinition& c) {
  const Row* row = c.kind == ColumnKind::kStatic ? v.static_row : v.row;
  if (row == nullptr) return nullptr;
  auto it = row->columns.find(c.id);
  if (it == row->columns.end()) return nullptr;
  return it->second.simple_cell();
}

struct SelectorPlan {
  Selector::Kind kind = Selector::Kind::kColumn;
  const ColumnDefinition* column = nullptr;
  std::string function;
  bool aggregate = false;
  std::vector<SelectorPlan> args;
  std::optional<Bytes> constant;
  TypeRef type;
  std::string name;  // the result column's name
};

std::string selector_name(const Selector& s) {
  switch (s.kind) {
    case Selector::Kind::kColumn: return s.name;
    case Selector::Kind::kWritetime: return "writetime(" + s.name + ")";
    case Selector::Kind::kTtl: return "ttl(" + s.name + ")";
    case Selector::Kind::kCountStar: return "count";
    case Selector::Kind::kTerm: return s.term ? s.term->text : "";
    case Selector::Kind::kElement: {
      const bool quoted = s.term && s.term->kind == Term::Kind::kConstant &&
                          s.term->constant_kind == Term::ConstantKind::kString;
      const std::string key = s.term ? (quoted ? "'" + s.term->text + "'" : s.term->text) : "?";
      return s.name + "[" + key + "]";
    }
    case Selector::Kind::kFunction: {
      std::string n = "system." + s.function_name + "(";
      for (size_t i = 0; i < s.arguments.size(); ++i) n += (i ? ", " : "") + selector_name(s.arguments[i]);
      return n + ")";
    }
  }
  return "";
}

Result<SelectorPlan> plan_selector(const Selector& s, const TableSchema& table, const EvalContext& eval) {
  SelectorPlan p;
  p.kind = s.kind;
  p.name = s.alias.empty() ? selector_name(s) : s.alias;
  auto find = [&](const std::string& name) -> Result<const ColumnDefinition*> {
    const ColumnDefinition* c = table.find_column(name);
    if (c == nullptr) {
      return invalid("Undefined column name " + name + " in table " + table.keyspace() + "." + table.name());
    }
    return c;
  };
  switch (s.kind) {
    case Selector::Kind::kColumn: {
      CAIRN_ASSIGN_OR_RETURN(p.column, find(s.name));
      p.type = p.column->type;
      return p;
    }
    case Selector::Kind::kWritetime:
    case Selector::Kind::kTtl: {
      CAIRN_ASSIGN_OR_RETURN(p.column, find(s.name));
      const char* fn = s.kind == Selector::Kind::kWritetime ? "writeTime" : "ttl";
      if (p.column->kind == ColumnKind::kPartitionKey || p.column->kind == ColumnKind::kClustering) {
        return invalid(std::string("Cannot use selection function ") + fn + " on PRIMARY KEY part " + p.column->name);
      }
      if (p.column->type->is_multi_cell()) {
        return invalid(std::string("Cannot use selection function ") + fn + " on non-frozen collection " +
                       p.column->name);
      }
      p.type = s.kind == Selector::Kind::kWritetime ? CqlType::bigint() : CqlType::int_();
      return p;
    }
    case Selector::Kind::kCountStar:
      p.aggregate = true;
      p.type = CqlType::bigint();
      return p;
    case Selector::Kind::kElement: {
      CAIRN_ASSIGN_OR_RETURN(p.column, find(s.name));
      const CqlType& type = *p.column->type;
      if (type.kind() != TypeKind::kMap && type.kind() != TypeKind::kSet) {
        return invalid("Element selection is only allowed on sets and maps, but " + p.column->name + " is a " +
                       type.cql_name());
      }
      ColumnSpec key_spec{table.keyspace(), table.name(), "key(" + p.column->name + ")", type.params()[0]};
      p.type = type.kind() == TypeKind::kMap ? type.params()[1] : type.params()[0];
      if (eval.values == nullptr && s.term->kind == Term::Kind::kBindMarker) return p;  // PREPARE
      CAIRN_ASSIGN_OR_RETURN(Bytes key, evaluate_required(*s.term, key_spec, eval, "element key of " + p.column->name));
      p.constant = std::move(key);
      return p;
    }
    case Selector::Kind::kTerm: {
      if (!s.term) return invalid("empty selector");
      ColumnSpec spec{table.keyspace(), table.name(), p.name, CqlType::text()};
      if (s.term->kind == Term::Kind::kConstant && s.term->constant_kind == Term::ConstantKind::kInteger) {
        spec.type = CqlType::int_();
      }
      p.type = spec.type;
      if (eval.values == nullptr && s.term->kind == Term::Kind::kBindMarker) return p;  // PREPARE
      CAIRN_ASSIGN_OR_RETURN(TermValue v, evaluate_term(*s.term, spec, eval));
      if (v.is_value()) p.constant = std::move(v.bytes);
      return p;
    }
    case Selector::Kind::kFunction:
      break;
  }
  p.function = s.function_name;
  if (p.function == "token") {
    const auto& pk = table.partition_key();
    bool ok = s.arguments.size() == pk.size();
    for (size_t i = 0; ok && i < pk.size(); ++i) {
      ok = s.arguments[i].kind == Selector::Kind::kColumn && s.arguments[i].name == pk[i]->name;
    }
    if (!ok) return invalid("Invalid arguments for function system.token: the partition key columns, in order");
    p.type = CqlType::bigint();
    return p;
  }
  std::vector<TypeRef> types;
  for (const Selector& a : s.arguments) {
    CAIRN_ASSIGN_OR_RETURN(SelectorPlan arg, plan_selector(a, table, eval));
    if (arg.aggregate) return invalid("aggregate functions cannot be used as arguments of other functions");
    types.push_back(arg.type);
    p.args.push_back(std::move(arg));
  }
  if (is_aggregate(p.function)) {
    if (types.size() != 1) return invalid("Invalid number of arguments in call to function system." + p.function);
    p.aggregate = true;
    CAIRN_ASSIGN_OR_RETURN(p.type, aggregate_return_type(p.function, types[0]));
    return p;
  }
  CAIRN_ASSIGN_OR_RETURN(p.type, function_return_type(p.function, types));
  return p;
}

Result<std::optional<Bytes>> evaluate_selector(const SelectorPlan& p, const RowView& v,
                                               const EvalContext& eval) {
  switch (p.kind) {
    case Selector::Kind::kColumn:
      return column_value_of(v, *p.column);
    case Selector::Kind::kWritetime: {
      const Cell* c = simple_cell_of(v, *p.column);
      if (c == nullptr) return std::optional<Bytes>();
      return std::optional<Bytes>(values::from_bigint(c->timestamp));
    }
    case Selector::Kind::kTtl: {
      const Cell* c = simple_cell_of(v, *p.column);
      if (c == nullptr || !c->is_expiring()) return std::optional<Bytes>();
      return std::optional<Bytes>(values::from_int(std::max(0, c->local_deletion_time - v.now_seconds)));
    }
    case Selector::Kind::kTerm:
      return p.constant;
    case Selector::Kind::kCountStar:
      return std::optional<Bytes>();
    case Selector::Kind::kElement: {
      std::optional<Bytes> whole = column_value_of(v, *p.column);
      if (!whole) return std::optional<Bytes>();
      CAIRN_ASSIGN_OR_RETURN(auto elements, values::collection_elements(*whole));
      const CqlType& type = *p.column->type;
      const bool is_map = type.kind() == TypeKind::kMap;
      for (size_t i = 0; i < elements.size(); i += is_map ? 2 : 1) {
        if (type.params()[0]->compare(elements[i], *p.constant) == 0) {
          return std::optional<Bytes>(is_map ? elements[i + 1] : elements[i]);
        }
      }
      return std::optional<Bytes>();
    }
    case Selector::Kind::kFunction:
      break;
  }
  if (p.function == "token") return std::optional<Bytes>(values::from_bigint(v.token));
  std::vector<FunctionArg> args;
  for (const auto& a : p.args) {
    CAIRN_ASSIGN_OR_RETURN(auto value, evaluate_selector(a, v, eval));
    args.push_back(FunctionArg{a.type, std::move(value)});
  }
  return call_function(p.function, args, FunctionContext{eval.now_micros, eval.random});
}

// ---- filters ----

bool matches(const RowFilter& f, const RowView& v) {
  std::optional<Bytes> value = column_value_of(v, *f.column);
  if (!value) return false;
  const CqlType& type = *f.column->type;
  if (f.op == Relation::Op::kContains || f.op == Relation::Op::kContainsKey || f.map_key) {
    auto elements = values::collection_elements(*value);
    if (!elements.is_ok()) return false;
    const auto& e = elements.value();
    const bool is_map = type.kind() == TypeKind::kMap;
    const size_t step = is_map ? 2 : 1;
    for (size_t i = 0; i < e.size(); i += step) {
      if (f.map_key) {
        if (type.params()[0]->compare(e[i], *f.map_key) == 0) {
          return type.params()[1]->compare(e[i + 1], f.values[0]) == 0;
        }
      } else if (f.op == Relation::Op::kContainsKey) {
        if (type.params()[0]->compare(e[i], f.values[0]) == 0) return true;
      } else {
        const Bytes& element = is_map ? e[i + 1] : e[i];
        const CqlType& et = *(is_map ? type.params()[1] : type.params()[0]);
        if (et.compare(element, f.values[0]) == 0) return true;
      }
    }
    return false;
  }
  if (f.op == Relation::Op::kIn) {
    for (const auto& x : f.values) {
      if (type.compare(*value, x) == 0) return true;
    }
    return false;
  }
  const int c = type.compare(*value, f.values[0]);
  switch (f.op) {
    case Relation::Op::kEq: return c == 0;
    case Relation::Op::kLt: return c < 0;
    case Relation::Op::kLte: return c <= 0;
    case Relation::Op::kGt: return c > 0;
    case Relation::Op::kGte: return c >= 0;
    default: return false;
  }
}

// ---- paging state ----

struct PagingState {
  Bytes partition_key;
  std::optional<Clustering> clustering;
  int32_t remaining = INT32_MAX;
  int32_t partition_rows = 0;
};

Bytes encode_paging_state(const PagingState& s) {
  Bytes out;
  put_u8(&out, 1);
  put_u16(&out, static_cast<uint16_t>(s.partition_key.size()));
  out.append(s.partition_key);
  put_u8(&out, s.clustering ? 1 : 0);
  if (s.clustering) {
    put_u16(&out, static_cast<uint16_t>(s.clustering->size()));
    for (const auto& v : *s.clustering) {
      put_u16(&out, static_cast<uint16_t>(v.size()));
      out.append(v);
    }
  }
  put_u32(&out, static_cast<uint32_t>(s.remaining));
  put_u32(&out, static_cast<uint32_t>(s.partition_rows));
  return out;
}

Result<PagingState> decode_paging_state(BytesView b, const TableSchema& table) {
  const Status bad = Status::invalid_argument("Invalid value for the paging state");
  BufferReader in(b);
  PagingState s;
  uint8_t version, has_clustering;
  uint16_t n;
  BytesView key;
  if (!in.get_u8(&version) || version != 1 || !in.get_u16(&n) || !in.get_bytes(n, &key) ||
      !in.get_u8(&has_clustering)) {
    return bad;
  }
  s.partition_key = Bytes(key);
  if (has_clustering) {
    uint16_t count;
    if (!in.get_u16(&count) || count > table.clustering_key().size()) return bad;
    Clustering c;
    for (uint16_t i = 0; i < count; ++i) {
      uint16_t len;
      BytesView v;
      if (!in.get_u16(&len) || !in.get_bytes(len, &v)) return bad;
      c.emplace_back(v);
    }
    // The client sends this back: every value must be valid for its column before any
    // comparison trusts it (we only ever write a row's full clustering).
    if (!table.clustering_comparator()->validate(c).is_ok()) return bad;
    s.clustering = std::move(c);
  }
  uint32_t remaining, partition_rows;
  if (!in.get_u32(&remaining) || !in.get_u32(&partition_rows) || !in.at_end()) return bad;
  s.remaining = static_cast<int32_t>(remaining);
  s.partition_rows = static_cast<int32_t>(partition_rows);
  if (s.remaining < 0 || s.partition_rows < 0) return bad;
  return s;
}

// Slices restricted to the rows strictly after `last` in reading order.
std::vector<ClusteringSlice> after(const std::vector<ClusteringSlice>& slices, const Clustering& last,
                                   bool reversed, const ClusteringComparator& cmp) {
  std::vector<ClusteringSlice> out;
  for (ClusteringSlice s : slices) {
    if (!reversed) {
      ClusteringBound b{last, ClusteringBound::Kind::kExclusiveStart};
      if (cmp.compare(b, s.start) > 0) s.start = b;
    } else {
      ClusteringBound b{last, ClusteringBound::Kind::kExclusiveEnd};
      if (cmp.compare(b, s.end) < 0) s.end = b;
    }
    if (cmp.compare(s.start, s.end) < 0) out.push_back(std::move(s));
  }
  return out;
}

int32_t limit_value(const std::optional<Term>& term, const char* what, const TableSchema& table,
                    const EvalContext& eval, Status* status) {
  if (!term) return INT32_MAX;
  ColumnSpec spec{table.keyspace(), table.name(), std::string("[") + what + "]", CqlType::int_()};
  auto v = evaluate_term(*term, spec, eval);
  if (!v.is_ok()) {
    *status = v.status();
    return 0;
  }
  if (v->kind == TermValue::Kind::kUnset) return INT32_MAX;
  if (!v->is_value()) {
    *status = invalid(std::string("Invalid null value of ") + what);
    return 0;
  }
  auto n = values::to_int(v->bytes);
  if (!n.is_ok() || *n <= 0) {
    *status = invalid(std::string(what == std::string("limit") ? "LIMIT" : "PER PARTITION LIMIT") +
                      " must be strictly positive");
    return 0;
  }
  return *n;
}


// The whole plan of a SELECT against the current schema.
struct SelectPlan {
  TableSchemaRef table;
  AnalyzedWhere where;
  std::vector<SelectorPlan> selectors;
  bool aggregate = false;
  bool reversed = false;
};

Result<SelectPlan> plan_select(const SelectStatement& s, const ExecutionContext& ctx) {
  SelectPlan plan;
  CAIRN_ASSIGN_OR_RETURN(plan.table, resolve_table(s.table, ctx));
  const TableSchema& table = *plan.table;
  if (s.json) return invalid("SELECT JSON is not supported yet");
  CAIRN_ASSIGN_OR_RETURN(plan.where, analyze_where(table, s.where, WhereUse::kSelect));
  if (!plan.where.filtering_reason.empty() && !s.allow_filtering) {
    return invalid(plan.where.filtering_reason);
  }
  if (s.select_all) {
    for (const auto* c : select_star_columns(table)) {
      SelectorPlan p;
      p.column = c;
      p.type = c->type;
      p.name = c->name;
      plan.selectors.push_back(std::move(p));
    }
  } else {
    for (const Selector& sel : s.selectors) {
      CAIRN_ASSIGN_OR_RETURN(SelectorPlan p, plan_selector(sel, table, ctx.eval));
      plan.aggregate |= p.aggregate;
      plan.selectors.push_back(std::move(p));
    }
  }
  if (s.distinct) {
    for (const auto& p : plan.selectors) {
      if (p.kind == Selector::Kind::kColumn &&
          (p.column->kind == ColumnKind::kClustering || p.column->kind == ColumnKind::kRegular)) {
        return invalid("SELECT DISTINCT queries must only request partition key columns and/or static columns (not " +
                       p.column->name + ")");
      }
    }
    if (!plan.where.clustering.empty()) {
      return invalid("SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.");
    }
  }
  if (!s.order_by.empty()) {
    if (!plan.where.all_partition_key_restricted) {
      return invalid("ORDER BY is only supported when the partition key is restricted by an EQ or an IN.");
    }
    const auto& ck = table.clustering_key();
    std::optional<bool> reversed;
    for (size_t i = 0; i < s.order_by.size(); ++i) {
      const auto& [name, desc] = s.order_by[i];
      const ColumnDefinition* c = table.find_column(name);
      if (c == nullptr) return invalid("Undefined column name " + name + " in table " + table.keyspace() + "." + table.name());
      if (c->kind != ColumnKind::kClustering) {
        return invalid("Order by is currently only supported on the clustered columns of the PRIMARY KEY, got " + name);
      }
      if (c->position != static_cast<int>(i)) {
        return invalid("Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY");
      }
      const bool r = desc != (ck[i]->order == ClusteringOrder::kDesc);
      if (reversed && *reversed != r) return invalid("Unsupported order by relation");
      reversed = r;
    }
    plan.reversed = reversed.value_or(false);
  }
  return plan;
}

// Collects result rows page by page.
class RowCollector {
 public:
  RowCollector(const SelectPlan& plan, const SelectStatement& s, const ExecutionContext& ctx,
               const ResolvedWhere& where)
      : plan_(plan), s_(s), ctx_(ctx), where_(where) {}

  ResultRows rows;
  Status status;
  size_t page_left = SIZE_MAX;
  int32_t limit_left = INT32_MAX;
  int32_t per_partition_limit = INT32_MAX;
  std::optional<PagingState> last;  // the last row returned
  // Aggregation.
  std::vector<std::unique_ptr<Aggregate>> aggregates;
  std::optional<std::vector<std::optional<Bytes>>> first_row;
  int64_t count = 0;

  // For ORDER BY across partitions: the clustering of every row emitted, in order.
  bool keep_clusterings = false;
  std::vector<Clustering> clusterings;

  bool full() const { return page_left == 0 || limit_left == 0; }

  // Adds the rows of one partition, starting at `partition_rows` already returned.
  // Returns false on error.
  bool add_partition(const ReadPartition& p, int32_t partition_rows) {
    const TableSchema& table = *plan_.table;
    auto parts = split_partition_key(p.key.key, table.partition_key().size());
    if (!parts.is_ok()) {
      status = parts.status();
      return false;
    }
    RowView view{&table, &parts.value(), p.key.token, nullptr, &p.static_row, ctx_.now_seconds};
    if (s_.distinct) {
      if (p.rows.empty() && p.static_row.columns.empty()) return true;
      return emit(view, p, nullptr, partition_rows);
    }
    if (p.rows.empty()) {
      // A partition with only static data shows as one row when rows are not restricted.
      if (!p.static_row.columns.empty() && where_.slices.size() == 1 &&
          where_.slices[0] == ClusteringSlice::all() && !where_.has_clusterings && partition_rows == 0) {
        if (!passes(view)) return true;
        return emit(view, p, nullptr, partition_rows);
      }
      return true;
    }
    for (const Row& r : p.rows) {
      if (full() || partition_rows >= per_partition_limit) break;
      view.row = &r;
      if (!passes(view)) continue;
      if (!emit(view, p, &r, partition_rows)) return false;
      ++partition_rows;
    }
    return true;
  }

 private:
  bool passes(const RowView& v) const {
    for (const auto& f : where_.filters) {
      if (!matches(f, v)) return false;
    }
    return true;
  }

  bool emit(const RowView& v, const ReadPartition& p, const Row* r, int32_t partition_rows) {
    if (plan_.aggregate) return aggregate(v);
    std::vector<std::optional<Bytes>> out;
    out.reserve(plan_.selectors.size());
    for (const auto& sel : plan_.selectors) {
      auto value = evaluate_selector(sel, v, ctx_.eval);
      if (!value.is_ok()) {
        status = value.status();
        return false;
      }
      out.push_back(std::move(value).value());
    }
    rows.rows.push_back(std::move(out));
    if (keep_clusterings) clusterings.push_back(r != nullptr ? r->clustering : Clustering{});
    if (page_left != SIZE_MAX) --page_left;
    if (limit_left != INT32_MAX) --limit_left;
    PagingState st;
    st.partition_key = p.key.key;
    if (r != nullptr && !s_.distinct) st.clustering = r->clustering;
    st.partition_rows = partition_rows + 1;
    last = std::move(st);
    return true;
  }

  bool aggregate(const RowView& v) {
    if (aggregates.empty()) {
      for (const auto& sel : plan_.selectors) {
        std::unique_ptr<Aggregate> a;
        if (sel.aggregate && sel.kind == Selector::Kind::kFunction) {
          auto made = make_aggregate(sel.function, sel.args[0].type);
          if (!made.is_ok()) {
            status = made.status();
            return false;
          }
          a = std::move(made).value();
        }
        aggregates.push_back(std::move(a));
      }
    }
    ++count;
    std::vector<std::optional<Bytes>> plain;
    for (size_t i = 0; i < plan_.selectors.size(); ++i) {
      const auto& sel = plan_.selectors[i];
      if (sel.kind == Selector::Kind::kCountStar) {
        plain.emplace_back();
        continue;
      }
      const SelectorPlan& source = sel.aggregate ? sel.args[0] : sel;
      auto value = evaluate_selector(source, v, ctx_.eval);
      if (!value.is_ok()) {
        status = value.status();
        return false;
      }
      if (sel.aggregate) {
        aggregates[i]->add(value.value());
        plain.emplace_back();
      } else {
        plain.push_back(std::move(value).value());
      }
    }
    if (!first_row) first_row = std::move(plain);
    return true;
  }

  const SelectPlan& plan_;
  const SelectStatement& s_;
  const ExecutionContext& ctx_;
  const ResolvedWhere& where_;
};

std::vector<ColumnSpec> result_columns(const SelectPlan& plan) {
  std::vector<ColumnSpec> out;
  for (const auto& s : plan.selectors) {
    out.push_back(ColumnSpec{plan.table->keyspace(), plan.table->name(), s.name, s.type});
  }
  return out;
}

}  // namespace

std::vector<const ColumnDefinition*> select_star_columns(const TableSchema& table) {
  std::vector<const ColumnDefinition*> out(table.partition_key().begin(), table.partition_key().end());
  out.insert(out.end(), table.clustering_key().begin(), table.clustering_key().end());
  std::vector<const ColumnDefinition*> statics, regulars;
  for (const auto& c : table.columns()) {
    if (c.kind == ColumnKind::kStatic) statics.push_back(&c);
    if (c.kind == ColumnKind::kRegular) regulars.push_back(&c);
  }
  auto by_name = [](const ColumnDefinition* a, const ColumnDefinition* b) { return a->name < b->name; };
  std::sort(statics.begin(), statics.end(), by_name);
  std::sort(regulars.begin(), regulars.end(), by_name);
  out.insert(out.end(), statics.begin(), statics.end());
  out.insert(out.end(), regulars.begin(), regulars.end());
  return out;
}

Status describe_select(const SelectStatement& select, const ExecutionContext& ctx,
                       StatementMetadata* out) {
  CAIRN_ASSIGN_OR_RETURN(SelectPlan plan, plan_select(select, ctx));
  const TableSchema& table = *plan.table;
  where_bind_receivers(plan.where, select.where, &out->bind_columns);
  for (size_t i = 0; i < select.selectors.size() && i < plan.selectors.size(); ++i) {
    const Selector& sel = select.selectors[i];
    if (!sel.term) continue;
    if (sel.kind == Selector::Kind::kElement) {
      const ColumnDefinition& c = *plan.selectors[i].column;
      bind_receivers(*sel.term, ColumnSpec{table.keyspace(), table.name(), "key(" + c.name + ")", c.type->params()[0]},
                     &out->bind_columns);
    } else {
      bind_receivers(*sel.term, ColumnSpec{table.keyspace(), table.name(), plan.selectors[i].name, plan.selectors[i].type},
                     &out->bind_columns);
    }
  }
  ColumnSpec base{table.keyspace(), table.name(), "", CqlType::int_()};
  if (select.limit) bind_receivers(*select.limit, special_receiver(base, "[limit]", CqlType::int_()), &out->bind_columns);
  if (select.per_partition_limit) {
    bind_receivers(*select.per_partition_limit,
                   special_receiver(base, "[per_partition_limit]", CqlType::int_()), &out->bind_columns);
  }
  out->result_columns = result_columns(plan);
  out->reads_named_partitions = plan.where.all_partition_key_restricted && plan.where.filters.empty();
  // Partition key indexes: when every partition key column is bound by `k = ?`.
  std::vector<uint16_t> indexes;
  for (const Relation* r : plan.where.partition_key) {
    if (r == nullptr || r->op != Relation::Op::kEq || !r->value ||
        r->value->kind != Term::Kind::kBindMarker) {
      indexes.clear();
      break;
    }
    indexes.push_back(static_cast<uint16_t>(r->value->bind_index));
  }
  if (indexes.size() == table.partition_key().size()) out->partition_key_indexes = indexes;
  return Status::ok();
}

class SelectPlanCache {
 public:
  // The plan made against `table`, or null.
  std::shared_ptr<const SelectPlan> find(const TableSchemaRef& table) {
    std::lock_guard lock(mu_);
    return plan_ != nullptr && plan_->table == table ? plan_ : nullptr;
  }
  void keep(std::shared_ptr<const SelectPlan> plan) {
    std::lock_guard lock(mu_);
    plan_ = std::move(plan);
  }

 private:
  std::mutex mu_;
  std::shared_ptr<const SelectPlan> plan_;
};

std::shared_ptr<SelectPlanCache> make_select_plan_cache() {
  return std::make_shared<SelectPlanCache>();
}

namespace {

// A selector's plan depends only on the statement and the schema unless it holds a
// term (a constant or bind marker, or a map key), which planning evaluates.
bool plan_depends_on_values(const Selector& s) {
  if (s.term) return true;
  for (const Selector& a : s.arguments) {
    if (plan_depends_on_values(a)) return true;
  }
  return false;
}

bool plan_can_be_kept(const SelectStatement& s) {
  for (const Selector& sel : s.selectors) {
    if (plan_depends_on_values(sel)) return false;
  }
  return true;
}

}  // namespace

Outcome execute_select(const SelectStatement& s, ExecutionContext& ctx, SelectPlanCache* cache) {
  if (cache != nullptr && !plan_can_be_kept(s)) cache = nullptr;
  std::shared_ptr<const SelectPlan> kept;
  if (cache != nullptr) {
    auto table = resolve_table(s.table, ctx);
    if (!table.is_ok()) return to_cql_error(table.status());
    kept = cache->find(table.value());
  }
  if (kept == nullptr) {
    auto planned = plan_select(s, ctx);
    if (!planned.is_ok()) return to_cql_error(planned.status());
    kept = std::make_shared<const SelectPlan>(std::move(planned).value());
    if (cache != nullptr) cache->keep(kept);
  }
  const SelectPlan& plan = *kept;
  const TableSchema& table = *plan.table;
  auto resolved = resolve_where(plan.where, ctx.eval);
  if (!resolved.is_ok()) return to_cql_error(resolved.status());
  const ResolvedWhere& where = resolved.value();

  Status status;
  const int32_t limit = limit_value(s.limit, "limit", table, ctx.eval, &status);
  const int32_t per_partition = limit_value(s.per_partition_limit, "per_partition_limit", table, ctx.eval, &status);
  if (!status.is_ok()) return to_cql_error(status);

  RowCollector collector(plan, s, ctx, where);
  collector.rows.columns = result_columns(plan);
  collector.limit_left = limit;
  collector.per_partition_limit = s.distinct ? 1 : per_partition;
  if (ctx.params && ctx.params->skip_metadata) collector.rows.skip_metadata = true;
  bool paged = !plan.aggregate && ctx.params && ctx.params->page_size && *ctx.params->page_size > 0;
  // ORDER BY over an IN on the partition key orders rows across partitions after
  // reading them all, which cannot be paged: Cassandra refuses it unless the LIMIT fits
  // in one page, and so does Cairn.
  bool in_on_key = false;
  for (const Relation* r : plan.where.partition_key) in_on_key |= r != nullptr && r->op == Relation::Op::kIn;
  const bool post_ordering = !s.order_by.empty() && in_on_key && !plan.aggregate;
  if (post_ordering) {
    if (paged && limit > *ctx.params->page_size) {
      return CqlError::of(ErrorCode::kInvalid,
                          "Cannot page queries with both ORDER BY and a IN restriction on the partition key; "
                          "you must either remove the ORDER BY or the IN and sort client side, or disable "
                          "paging for this query");
    }
    paged = false;
    collector.limit_left = INT32_MAX;  // LIMIT applies after the rows are ordered
    collector.keep_clusterings = true;
  }
  if (paged) collector.page_left = static_cast<size_t>(*ctx.params->page_size);

  std::optional<PagingState> resume;
  if (paged && ctx.params->paging_state) {
    auto st = decode_paging_state(*ctx.params->paging_state, table);
    if (!st.is_ok()) return CqlError::of(ErrorCode::kProtocolError, st.status().message());
    resume = std::move(st).value();
    collector.limit_left = resume->remaining;
  }

  std::unique_ptr<PartitionSource> source;
  if (ctx.system->find(table.keyspace(), table.name())) {
    auto all = ctx.system->read_all(table, ctx.eval.now_micros);
    if (!all.is_ok()) return to_cql_error(all.status());
    source = std::make_unique<MemorySource>(std::move(all).value(), table);
  } else {
    source = std::make_unique<DatabaseSource>(*ctx.db, table);
  }
  const ClusteringComparator& cmp = *table.clustering_comparator();

  // Reads one partition (the rest of it when resuming inside it) into the collector.
  auto read_one = [&](const DecoratedKey& key, const std::optional<Clustering>& after_row,
                      int32_t rows_done) -> Status {
    PartitionRead read{key, where.slices, plan.reversed, SIZE_MAX};
    if (after_row) read.slices = after(where.slices, *after_row, plan.reversed, cmp);
    if (read.slices.empty()) return Status::ok();
    if (where.filters.empty() && !plan.aggregate) {
      size_t want = static_cast<size_t>(std::min<int64_t>(collector.limit_left, per_partition - rows_done));
      want = std::min(want, collector.page_left);
      read.row_limit = want;
    }
    CAIRN_ASSIGN_OR_RETURN(auto p, source->read(read));
    if (!p) return Status::ok();
    if (!collector.add_partition(*p, rows_done)) return collector.status;
    return Status::ok();
  };

  if (!where.empty) {
    if (where.has_keys) {
      std::vector<DecoratedKey> keys;
      for (const auto& parts : where.keys) {
        auto key = make_partition_key(table, parts);
        if (!key.is_ok()) return to_cql_error(key.status());
        keys.push_back(std::move(key).value());
      }
      size_t i = 0;
      if (resume) {
        while (i < keys.size() && keys[i].key != resume->partition_key) ++i;
        if (i < keys.size()) {
          status = read_one(keys[i], resume->clustering, resume->partition_rows);
          if (!status.is_ok()) return to_cql_error(status);
          ++i;
        }
      }
      for (; i < keys.size() && !collector.full(); ++i) {
        status = read_one(keys[i], std::nullopt, 0);
        if (!status.is_ok()) return to_cql_error(status);
      }
    } else {
      PartitionRange range;
      range.start_token = where.start_token;
      if (where.start_inclusive && range.start_token != kMinToken) range.start_token -= 1;
      range.end_token = where.end_token;
      if (!where.end_inclusive) range.end_token -= 1;
      if (resume) {
        const DecoratedKey key = DecoratedKey::of(resume->partition_key);
        if (resume->clustering && !s.distinct) {
          status = read_one(key, resume->clustering, resume->partition_rows);
          if (!status.is_ok()) return to_cql_error(status);
        }
        range.resume_after = key;
      }
      while (range.start_token < range.end_token || range.resume_after) {
        if (collector.full()) break;
        const size_t batch = std::clamp<size_t>(collector.page_left, 1, 1000);
        auto page = source->scan(range, batch, where.slices);
        if (!page.is_ok()) return to_cql_error(page.status());
        for (const auto& p : page->partitions) {
          if (collector.full()) break;
          if (!collector.add_partition(p, 0)) return to_cql_error(collector.status);
        }
        if (!page->resume_after) break;
        range.resume_after = page->resume_after;
      }
    }
  }

  ResultMessage result;
  result.kind = ResultMessage::Kind::kRows;
  if (plan.aggregate) {
    // Cassandra's client warnings for aggregates that read more than one partition.
    if (!plan.where.all_partition_key_restricted) {
      result.warnings.push_back("Aggregation query used without partition key");
    } else if (where.keys.size() > 1) {
      result.warnings.push_back("Aggregation query used on multiple partition keys (IN restriction)");
    }
    std::vector<std::optional<Bytes>> row;
    for (size_t i = 0; i < plan.selectors.size(); ++i) {
      const auto& sel = plan.selectors[i];
      if (sel.kind == Selector::Kind::kCountStar) {
        row.push_back(values::from_bigint(collector.count));
      } else if (sel.aggregate) {
        if (collector.aggregates.empty()) {
          auto a = make_aggregate(sel.function, sel.args[0].type);
          if (!a.is_ok()) return to_cql_error(a.status());
          row.push_back((*a)->result());
        } else {
          row.push_back(collector.aggregates[i]->result());
        }
      } else {
        row.push_back(collector.first_row ? (*collector.first_row)[i] : std::nullopt);
      }
    }
    collector.rows.rows.push_back(std::move(row));
  } else if (post_ordering) {
    // Rows of every partition, ordered as ORDER BY says, then limited.
    const ClusteringComparator& order = *table.clustering_comparator();
    std::vector<size_t> index(collector.rows.rows.size());
    for (size_t i = 0; i < index.size(); ++i) index[i] = i;
    std::stable_sort(index.begin(), index.end(), [&](size_t a, size_t b) {
      const int c = order.compare(collector.clusterings[a], collector.clusterings[b]);
      return plan.reversed ? c > 0 : c < 0;
    });
    std::vector<std::vector<std::optional<Bytes>>> sorted;
    for (size_t i = 0; i < index.size() && sorted.size() < static_cast<size_t>(limit); ++i) {
      sorted.push_back(std::move(collector.rows.rows[index[i]]));
    }
    collector.rows.rows = std::move(sorted);
  } else if (paged && collector.page_left == 0 && collector.limit_left > 0 && collector.last) {
    PagingState st = *collector.last;
    st.remaining = collector.limit_left;
    collector.rows.paging_state = encode_paging_state(st);
  }
  result.rows = std::move(collector.rows);
  return result;
}

}  // namespace cairn::cql
