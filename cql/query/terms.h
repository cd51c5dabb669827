// Terms made values: a constant, a bind marker, a collection literal or a function
// call of a statement, turned into the serialized value a column receives.
//
// A Term means nothing until it meets its receiver: `{1, 2}` is a set<int> for one
// column and a map's keys for another, `?` takes whatever type the column has. The
// receiver (a ColumnSpec) gives the type and the name used in errors, and is also
// what PREPARE reports as the bind variable's metadata.
#pragma once

#include <cstdint>
#include <vector>

#include "common/env/random.h"
#include "common/result.h"
#include "cql/language/ast.h"
#include "cql/protocol/body.h"
#include "cql/protocol/results.h"

namespace cairn::cql {

// A term's value: bytes, null, or (a bind marker bound to UNSET) nothing at all.
struct TermValue {
  enum class Kind { kValue, kNull, kUnset };
  Kind kind = Kind::kNull;
  Bytes bytes;

  bool is_value() const { return kind == Kind::kValue; }
  static TermValue of(Bytes b) { return TermValue{Kind::kValue, std::move(b)}; }
};

// What evaluating needs besides the term: the bound values by marker position, and
// the time and randomness for now(), uuid() and friends.
struct EvalContext {
  const std::vector<Value>* values = nullptr;
  int64_t now_micros = 0;
  RandomSource* random = nullptr;
};

// The value of `term` for `receiver`. InvalidArgument names the receiver and the
// problem (a wrong constant, a bound value invalid for the type, null or unset inside a
// collection, a missing bound value).
Result<TermValue> evaluate_term(const Term& term, const ColumnSpec& receiver,
                                const EvalContext& ctx);

// Like evaluate_term, but null and unset are errors naming `what` (e.g. "partition key
// part k", "TTL") — for values that must be there.
Result<Bytes> evaluate_required(const Term& term, const ColumnSpec& receiver,
                                const EvalContext& ctx, std::string_view what);

// Records, for every bind marker inside `term`, the receiver it binds to: `receiver`
// itself for a marker, the element/key/value types inside collection literals.
// `specs` is indexed by marker position.
void bind_receivers(const Term& term, const ColumnSpec& receiver, std::vector<ColumnSpec>* specs);

// A receiver named like Cassandra's special bind variables ("[ttl]", "[timestamp]",
// "[limit]", "partition key token", "in(k)", "value(m)").
ColumnSpec special_receiver(const ColumnSpec& like, std::string name, TypeRef type);

}  // namespace cairn::cql
