// CQL native functions and aggregates, as Cassandra 4 defines them (TimeFcts,
// UuidFcts, BytesConversionFcts, AggregateFcts in org.apache.cassandra.cql3.functions).
//
// Scalar functions (names are lower case, as the parser leaves unquoted names; a
// "system." prefix is accepted):
//   now(), currenttimeuuid()          -> timeuuid  (version 1, from FunctionContext)
//   uuid()                            -> uuid      (random version 4)
//   currenttimestamp(), currentdate(), currenttime()
//   todate(timeuuid | timestamp)      -> date
//   totimestamp(timeuuid | date)      -> timestamp
//   tounixtimestamp(timeuuid | timestamp | date) -> bigint (milliseconds)
//   dateof(timeuuid) -> timestamp, unixtimestampof(timeuuid) -> bigint (deprecated aliases)
//   mintimeuuid(timestamp), maxtimeuuid(timestamp) -> timeuuid (the smallest / largest
//       timeuuid of that millisecond, Cassandra's fixed clock sequence and node bytes)
//   <type>asblob(<type>) -> blob and blobas<type>(blob) -> <type> for every native type
//       but blob (varchar spellings too; blobas<type> checks the bytes, blobasvarchar
//       does not, as in Cassandra)
// A null argument gives null; so does an empty value for the time conversions.
// Not here: token(), writetime(), ttl() and count(*) (the executor's), cast functions
// (CAST(x AS type)), toJson()/fromJson(), the floor() time functions and arithmetic
// operators.
//
// Aggregates: count(any type) -> bigint, counting non-null values; min/max(native type)
// by CqlType::compare, null over no values; sum/avg(tinyint, smallint, int, bigint,
// varint, float, double, decimal) -> the argument's type, 0 over no values. As in
// Cassandra: integer sums wrap at the type's width, integer averages truncate (computed
// without overflow), float sums use Kahan summation, decimal sums are exact and the
// decimal average keeps the running average's scale, rounding half to even.
//
// Errors carry Cassandra's texts: "Unknown function 'foo'", "Invalid number of
// arguments in call to function system.now: 0 required but 1 provided", "Type error: x
// cannot be passed as argument 0 of function system.dateof of type timeuuid", "Invalid
// call to function system.todate, none of its type signatures match (known type
// signatures: ...)", "Ambiguous call to function system.todate (...)".
//
// Thread safety: the free functions are pure (randomness and time come from the
// FunctionContext); an Aggregate is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/env/random.h"
#include "common/result.h"
#include "cql/language/ast.h"
#include "model/types.h"

namespace cairn::cql {

// An argument of a call: its type (the resolved parameter type or the value's own type;
// it chooses between overloads such as todate(timeuuid) and todate(timestamp)) and its
// serialized value, nullopt for null.
struct FunctionArg {
  TypeRef type;
  std::optional<Bytes> value;
};

struct FunctionContext {
  int64_t now_micros = 0;          // the statement's time, microseconds since the epoch
  RandomSource* random = nullptr;  // for now(), currenttimeuuid() and uuid()
};

// What is known of an argument while a call is prepared.
struct ArgumentSpec {
  TypeRef type;                                // a column or nested call: its type
  std::optional<Term::ConstantKind> constant;  // a literal: its kind, and `text`
  std::string text;                            // as written, for errors ("v", "'abc'")
  // Neither type nor constant: a bind marker or NULL, which fits any parameter.

  static ArgumentSpec of_type(TypeRef type, std::string text = "");
  static ArgumentSpec of_constant(Term::ConstantKind kind, std::string text);
  static ArgumentSpec marker();
};

struct FunctionSignature {
  std::string name;                // lower case, without "system."
  std::vector<TypeRef> arg_types;  // count(?) leaves its one type null
  TypeRef return_type;
  bool aggregate = false;
  // Cassandra's form: "system.todate : (timeuuid) -> date".
  std::string to_string() const;
};

// The overload of `name` that `args` select, by Cassandra's FunctionResolver rules: the
// one overload, or the only exact match, or the only weak match (a constant that needs
// conversion, a bind marker, a value-compatible type such as ascii for text). Constant
// arguments are then prepared with constant_value(signature.arg_types[i], ...) under the
// receiver name "arg<i>(<name>)", as Cassandra names them.
Result<FunctionSignature> resolve_function(std::string_view name,
                                           const std::vector<ArgumentSpec>& args);

// The return type of `name(args...)` given the argument types (null: a bind marker).
// Aggregates too.
Result<TypeRef> function_return_type(std::string_view name, const std::vector<TypeRef>& arg_types);

// Runs a scalar function. InvalidArgument for an unknown function, a wrong argument
// count or type, or a value the function cannot use (blobasint(0x01)).
Result<std::optional<Bytes>> call_function(std::string_view name,
                                           const std::vector<FunctionArg>& args,
                                           const FunctionContext& ctx);

// True for the functions that take no argument and need no receiver type (now, uuid,
// currenttimeuuid, currenttimestamp, currentdate, currenttime).
bool is_nullary_function(std::string_view name);

// True for a known scalar function or aggregate name.
bool is_function(std::string_view name);

// --- Aggregates ---

// One aggregate over the rows of a group: add() each row's value, then result().
class Aggregate {
 public:
  virtual ~Aggregate() = default;
  // nullopt is a null value (ignored by all but count(*), which is not here).
  virtual void add(const std::optional<Bytes>& value) = 0;
  virtual std::optional<Bytes> result() const = 0;
  // Not OK when a value could not be used (a malformed value, decimals whose scales are
  // too far apart to add exactly); result() is then meaningless.
  virtual Status status() const { return Status::ok(); }
};

// count, min, max, sum, avg.
bool is_aggregate(std::string_view name);
Result<TypeRef> aggregate_return_type(std::string_view name, const TypeRef& arg_type);
Result<std::unique_ptr<Aggregate>> make_aggregate(std::string_view name, const TypeRef& arg_type);

}  // namespace cairn::cql
