// The WHERE clause of SELECT, UPDATE and DELETE, understood against a table: which
// partitions (exact keys or a token range), which rows (exact clusterings or slices),
// and what is left to filter row by row.
//
// Two steps, as prepared statements need: analyze() works from the schema alone
// (it decides what each relation restricts, refuses what CQL refuses, and names the
// bind variables' receivers); resolve() then evaluates the values bound to one
// execution into keys, slices and filters.
#pragma once

#include <optional>
#include <vector>

#include "common/result.h"
#include "cql/language/ast.h"
#include "cql/query/terms.h"
#include "model/clustering.h"
#include "model/schema.h"
#include "model/token.h"

namespace cairn::cql {

// What the WHERE clause restricts, from the schema alone.
struct AnalyzedWhere {
  const TableSchema* table = nullptr;
  // Per partition key column: its = or IN relation, or nullptr.
  std::vector<const Relation*> partition_key;
  bool all_partition_key_restricted = false;
  std::vector<const Relation*> token;  // token(...) relations
  // Relations that select rows by clustering, in column order: single-column ones on a
  // prefix of the clustering (all = or IN, then at most one slice), or one
  // multi-column relation.
  std::vector<const Relation*> clustering;
  // Relations checked row by row (regular and static columns, clustering columns that
  // cannot slice, partial partition keys): these need ALLOW FILTERING.
  std::vector<const Relation*> filters;
  // Every clustering column is restricted by = or IN (so rows, not slices, are named).
  bool full_clustering = false;
  // Why filtering is needed (empty when it is not): the error without ALLOW FILTERING.
  std::string filtering_reason;
};

// Kinds of statement whose WHERE is analyzed; they allow different things.
enum class WhereUse { kSelect, kUpdate, kDelete };

// InvalidArgument with Cassandra's text for what the statement may not do.
Result<AnalyzedWhere> analyze_where(const TableSchema& table, const std::vector<Relation>& where,
                                    WhereUse use);

// Fills the bind receivers of every marker in the where clause.
void where_bind_receivers(const AnalyzedWhere& where, const std::vector<Relation>& relations,
                          std::vector<ColumnSpec>* specs);

// One row-by-row check.
struct RowFilter {
  const ColumnDefinition* column = nullptr;
  Relation::Op op = Relation::Op::kEq;
  std::vector<Bytes> values;        // one, or the IN list
  std::optional<Bytes> map_key;     // m['k'] = v
};

// The clause with one execution's values.
struct ResolvedWhere {
  // Exact partition keys (each one value per partition key column), in the order they
  // are read; empty with has_keys false when the partitions come from a token range.
  bool has_keys = false;
  std::vector<std::vector<Bytes>> keys;
  // The token range (start exclusive unless start_inclusive; end inclusive unless
  // !end_inclusive), used when !has_keys.
  Token start_token = kMinToken;
  bool start_inclusive = false;
  Token end_token = kMaxToken;
  bool end_inclusive = true;
  // Rows: exact clusterings when every clustering column is named, else slices (in
  // clustering order, not overlapping).
  bool has_clusterings = false;
  std::vector<Clustering> clusterings;
  std::vector<ClusteringSlice> slices{ClusteringSlice::all()};
  std::vector<RowFilter> filters;
  // True when the restrictions cannot match anything (e.g. c > 5 AND c < 3, IN ()).
  bool empty = false;
};

Result<ResolvedWhere> resolve_where(const AnalyzedWhere& where, const EvalContext& ctx);

// The ColumnSpec of a column of `table`.
ColumnSpec column_spec(const TableSchema& table, const ColumnDefinition& column);

}  // namespace cairn::cql
