// CQL native functions and aggregates (cql/query/functions.h).
#include "cql/query/functions.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "common/coding.h"
#include "cql/query/constants.h"
#include "model/uuid.h"

namespace cairn::cql {
namespace {

__extension__ typedef __int128 Int128;

// --- The function table ---

// One overload. `args` holds parameter kinds; nullopt accepts any type (count).
struct Overload {
  std::string name;
  std::vector<std::optional<TypeKind>> args;
  TypeKind ret;
  bool aggregate = false;
};

constexpr TypeKind kNativeKinds[] = {
    TypeKind::kAscii,   TypeKind::kBigint,  TypeKind::kBlob,      TypeKind::kBoolean,
    TypeKind::kDate,    TypeKind::kDecimal, TypeKind::kDouble,    TypeKind::kDuration,
    TypeKind::kFloat,   TypeKind::kInet,    TypeKind::kInt,       TypeKind::kSmallint,
    TypeKind::kText,    TypeKind::kTime,    TypeKind::kTimestamp, TypeKind::kTimeuuid,
    TypeKind::kTinyint, TypeKind::kUuid,    TypeKind::kVarint,
};

constexpr TypeKind kNumericKinds[] = {
    TypeKind::kTinyint, TypeKind::kSmallint, TypeKind::kInt,     TypeKind::kBigint,
    TypeKind::kFloat,   TypeKind::kDouble,   TypeKind::kDecimal, TypeKind::kVarint,
};

TypeRef native_type(TypeKind kind) {
  switch (kind) {
    case TypeKind::kAscii: return CqlType::ascii();
    case TypeKind::kBigint: return CqlType::bigint();
    case TypeKind::kBlob: return CqlType::blob();
    case TypeKind::kBoolean: return CqlType::boolean();
    case TypeKind::kDate: return CqlType::date();
    case TypeKind::kDecimal: return CqlType::decimal();
    case TypeKind::kDouble: return CqlType::double_();
    case TypeKind::kDuration: return CqlType::duration();
    case TypeKind::kFloat: return CqlType::float_();
    case TypeKind::kInet: return CqlType::inet();
    case TypeKind::kInt: return CqlType::int_();
    case TypeKind::kSmallint: return CqlType::smallint();
    case TypeKind::kText: return CqlType::text();
    case TypeKind::kTime: return CqlType::time();
    case TypeKind::kTimestamp: return CqlType::timestamp();
    case TypeKind::kTimeuuid: return CqlType::timeuuid();
    case TypeKind::kTinyint: return CqlType::tinyint();
    case TypeKind::kUuid: return CqlType::uuid();
    case TypeKind::kVarint: return CqlType::varint();
    default: break;
  }
  assert(false && "not a native type");
  return nullptr;
}

std::string kind_name(TypeKind kind) { return native_type(kind)->cql_name(); }

std::vector<Overload> build_table() {
  using K = TypeKind;
  std::vector<Overload> t = {
      {"now", {}, K::kTimeuuid},
      {"currenttimeuuid", {}, K::kTimeuuid},
      {"currenttimestamp", {}, K::kTimestamp},
      {"currentdate", {}, K::kDate},
      {"currenttime", {}, K::kTime},
      {"uuid", {}, K::kUuid},
      {"mintimeuuid", {K::kTimestamp}, K::kTimeuuid},
      {"maxtimeuuid", {K::kTimestamp}, K::kTimeuuid},
      {"dateof", {K::kTimeuuid}, K::kTimestamp},
      {"unixtimestampof", {K::kTimeuuid}, K::kBigint},
      {"todate", {K::kTimeuuid}, K::kDate},
      {"todate", {K::kTimestamp}, K::kDate},
      {"totimestamp", {K::kTimeuuid}, K::kTimestamp},
      {"totimestamp", {K::kDate}, K::kTimestamp},
      {"tounixtimestamp", {K::kTimeuuid}, K::kBigint},
      {"tounixtimestamp", {K::kTimestamp}, K::kBigint},
      {"tounixtimestamp", {K::kDate}, K::kBigint},
  };
  for (TypeKind k : kNativeKinds) {
    if (k == K::kBlob) continue;
    t.push_back({kind_name(k) + "asblob", {k}, K::kBlob});
    t.push_back({"blobas" + kind_name(k), {K::kBlob}, k});
  }
  t.push_back({"varcharasblob", {K::kText}, K::kBlob});
  t.push_back({"blobasvarchar", {K::kBlob}, K::kText});
  t.push_back({"count", {std::nullopt}, K::kBigint, true});
  for (TypeKind k : kNativeKinds) t.push_back({"max", {k}, k, true});
  for (TypeKind k : kNativeKinds) t.push_back({"min", {k}, k, true});
  for (TypeKind k : kNumericKinds) t.push_back({"sum", {k}, k, true});
  for (TypeKind k : kNumericKinds) t.push_back({"avg", {k}, k, true});
  return t;
}

// Immutable after its thread-safe first use.
const std::vector<Overload>& function_table() {
  static const std::vector<Overload> table = build_table();
  return table;
}

std::string_view base_name(std::string_view name) {
  if (name.substr(0, 7) == "system.") name.remove_prefix(7);
  return name;
}

std::vector<const Overload*> candidates(std::string_view name) {
  std::vector<const Overload*> out;
  for (const auto& o : function_table()) {
    if (o.name == name) out.push_back(&o);
  }
  return out;
}

std::string overload_text(const Overload& o) {
  std::string out = "system." + o.name + " : (";
  for (size_t i = 0; i < o.args.size(); ++i) {
    if (i) out += ", ";
    out += o.args[i] ? kind_name(*o.args[i]) : "any";
  }
  return out + ") -> " + kind_name(o.ret);
}

std::string overloads_text(const std::vector<const Overload*>& list) {
  std::string out;
  for (const auto* o : list) out += (out.empty() ? "" : ", ") + overload_text(*o);
  return out;
}

// Whether a value of type `provided` may be read as `receiver`
// (AbstractType.isValueCompatibleWith): blob reads anything, text reads ascii, bigint and
// timestamp read each other, varint reads int and bigint, uuid reads timeuuid.
bool value_compatible(TypeKind receiver, const CqlType& provided) {
  using K = TypeKind;
  K p = provided.kind();
  switch (receiver) {
    case K::kBlob: return true;
    case K::kText: return p == K::kAscii;
    case K::kBigint: return p == K::kTimestamp;
    case K::kTimestamp: return p == K::kBigint;
    case K::kVarint: return p == K::kInt || p == K::kBigint || p == K::kTimestamp;
    case K::kUuid: return p == K::kTimeuuid;
    default: return false;
  }
}

AssignmentTest test_argument(const std::optional<TypeKind>& param, const ArgumentSpec& arg) {
  if (!param) return AssignmentTest::kExactMatch;
  if (arg.constant) {
    return test_constant_assignment(*native_type(*param), *arg.constant, arg.text);
  }
  if (!arg.type) return AssignmentTest::kWeaklyAssignable;
  bool same = arg.type->kind() == *param && !arg.type->is_collection() &&
              arg.type->kind() != TypeKind::kTuple;
  if (same) return AssignmentTest::kExactMatch;
  return value_compatible(*param, *arg.type) ? AssignmentTest::kWeaklyAssignable
                                             : AssignmentTest::kNotAssignable;
}

AssignmentTest match_arguments(const Overload& o, const std::vector<ArgumentSpec>& args) {
  if (o.args.size() != args.size()) return AssignmentTest::kNotAssignable;
  AssignmentTest result = AssignmentTest::kExactMatch;
  for (size_t i = 0; i < args.size(); ++i) {
    AssignmentTest a = test_argument(o.args[i], args[i]);
    if (a == AssignmentTest::kNotAssignable) return a;
    if (a == AssignmentTest::kWeaklyAssignable) result = a;
  }
  return result;
}

std::string argument_text(const ArgumentSpec& arg) {
  if (!arg.text.empty()) return arg.text;
  if (arg.type) return "argument of type " + arg.type->cql_name();
  return "?";
}

// FunctionResolver.get, without the receiver-type filter.
Result<const Overload*> resolve(std::string_view raw_name, const std::vector<ArgumentSpec>& args) {
  std::string_view name = base_name(raw_name);
  auto list = candidates(name);
  std::string qualified = "system." + std::string(name);
  if (list.empty())
    return Status::invalid_argument("Unknown function '" + std::string(raw_name) + "'");
  if (list.size() == 1) {
    const Overload& o = *list[0];
    if (o.args.size() != args.size()) {
      return Status::invalid_argument("Invalid number of arguments in call to function " +
                                      qualified + ": " + std::to_string(o.args.size()) +
                                      " required but " + std::to_string(args.size()) + " provided");
    }
    for (size_t i = 0; i < args.size(); ++i) {
      if (test_argument(o.args[i], args[i]) == AssignmentTest::kNotAssignable) {
        return Status::invalid_argument(
            "Type error: " + argument_text(args[i]) + " cannot be passed as argument " +
            std::to_string(i) + " of function " + qualified + " of type " + kind_name(*o.args[i]));
      }
    }
    return list[0];
  }
  std::vector<const Overload*> compatible;
  for (const auto* o : list) {
    AssignmentTest a = match_arguments(*o, args);
    if (a == AssignmentTest::kExactMatch) return o;
    if (a == AssignmentTest::kWeaklyAssignable) compatible.push_back(o);
  }
  if (compatible.empty()) {
    return Status::invalid_argument("Invalid call to function " + qualified +
                                    ", none of its type signatures match (known type signatures: " +
                                    overloads_text(list) + ")");
  }
  if (compatible.size() > 1) {
    return Status::invalid_argument(
        "Ambiguous call to function " + qualified + " (can be matched by following signatures: " +
        overloads_text(compatible) + "): use type casts to disambiguate");
  }
  return compatible[0];
}

FunctionSignature signature_of(const Overload& o, const std::vector<ArgumentSpec>& args) {
  FunctionSignature s;
  s.name = o.name;
  s.aggregate = o.aggregate;
  s.return_type = native_type(o.ret);
  for (size_t i = 0; i < o.args.size(); ++i) {
    s.arg_types.push_back(o.args[i] ? native_type(*o.args[i]) : args[i].type);
  }
  return s;
}

std::vector<ArgumentSpec> specs_of_types(const std::vector<TypeRef>& types) {
  std::vector<ArgumentSpec> specs;
  for (const auto& t : types)
    specs.push_back(t ? ArgumentSpec::of_type(t) : ArgumentSpec::marker());
  return specs;
}

// --- Time conversions (TimeFcts, UUIDGen) ---

// Milliseconds between the Gregorian epoch (1582-10-15) and the Unix epoch, negated.
constexpr int64_t kUuidEpochMillis = -12'219'292'800'000;
constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kMicrosPerDay = 86'400'000'000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// UUIDGen.unixTimestamp: the timeuuid's 100 ns count, in milliseconds since the epoch.
Result<int64_t> timeuuid_millis(BytesView v) {
  CAIRN_ASSIGN_OR_RETURN(Uuid uuid, Uuid::from_bytes(v));
  if (uuid.version() != 1) {
    return Status::invalid_argument("Can only retrieve the unix timestamp for version 1 uuid");
  }
  return static_cast<int64_t>(uuid.timestamp_100ns() / 10'000) + kUuidEpochMillis;
}

Result<int64_t> date_millis(BytesView v) {
  if (v.size() != 4) return Status::invalid_argument("invalid date value");
  return (static_cast<int64_t>(load_u32(v.data())) - (int64_t{1} << 31)) * kMillisPerDay;
}

// SimpleDateSerializer.timeInMillisToDay: whole seconds, then days truncated toward zero
// (Java's Duration.toDays), so 1969-12-31T23:00 is day 0 as in Cassandra.
Result<Bytes> date_of_millis(int64_t millis) {
  int64_t days = floor_div(millis, 1000) / 86'400;
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) {
    return Status::invalid_argument("timestamp " + std::to_string(millis) +
                                    " is outside the range of the date type");
  }
  return values::from_date(static_cast<int32_t>(days));
}

// UUIDGen.createTime: a version-1 UUID's first 8 bytes from its 100 ns count, then the
// given clock sequence and node.
Bytes timeuuid_of(int64_t ticks, uint64_t lsb) {
  uint64_t t = static_cast<uint64_t>(ticks);
  uint64_t msb = ((t & 0xffffffffull) << 32) | ((t & 0x0000ffff00000000ull) >> 16) |
                 ((t & 0xffff000000000000ull) >> 48) | 0x1000;
  Bytes out;
  put_u64(&out, msb);
  put_u64(&out, lsb);
  return out;
}

// The millisecond value of a timeuuid, timestamp or date argument.
Result<int64_t> temporal_millis(TypeKind kind, BytesView v) {
  switch (kind) {
    case TypeKind::kTimeuuid: return timeuuid_millis(v);
    case TypeKind::kDate: return date_millis(v);
    default: return values::to_bigint(v);
  }
}

Result<std::optional<Bytes>> run_nullary(std::string_view name, const FunctionContext& ctx) {
  if (name == "now" || name == "currenttimeuuid") {
    assert(ctx.random != nullptr);
    return std::optional<Bytes>(Uuid::time_based(ctx.now_micros, *ctx.random).to_bytes());
  }
  if (name == "uuid") {
    assert(ctx.random != nullptr);
    return std::optional<Bytes>(Uuid::random(*ctx.random).to_bytes());
  }
  if (name == "currenttimestamp") {
    return std::optional<Bytes>(values::from_timestamp(floor_div(ctx.now_micros, 1000)));
  }
  if (name == "currentdate") {
    CAIRN_ASSIGN_OR_RETURN(Bytes d, date_of_millis(floor_div(ctx.now_micros, 1000)));
    return std::optional<Bytes>(std::move(d));
  }
  // currenttime: nanoseconds of the UTC day.
  int64_t micros_of_day = ctx.now_micros - floor_div(ctx.now_micros, kMicrosPerDay) * kMicrosPerDay;
  return std::optional<Bytes>(values::from_time(micros_of_day * 1000));
}

Result<Bytes> run_unary(const Overload& o, TypeKind arg_kind, BytesView v) {
  const std::string& name = o.name;
  if (name.size() > 6 && name.compare(name.size() - 6, 6, "asblob") == 0) return Bytes(v);
  if (name.compare(0, 6, "blobas") == 0) {
    if (name != "blobasvarchar" && !native_type(o.ret)->validate(v).is_ok()) {
      return Status::invalid_argument(
          "In call to function system." + name + ", value 0x" + to_hex(v) +
          " is not a valid binary representation for type " + kind_name(o.ret));
    }
    return Bytes(v);
  }
  if (name == "mintimeuuid" || name == "maxtimeuuid") {
    CAIRN_ASSIGN_OR_RETURN(int64_t millis, values::to_bigint(v));
    if (name == "mintimeuuid") {
      return timeuuid_of((millis - kUuidEpochMillis) * 10'000, 0x8080808080808080ull);
    }
    return timeuuid_of((millis + 1 - kUuidEpochMillis) * 10'000 - 1, 0x7f7f7f7f7f7f7f7full);
  }
  CAIRN_ASSIGN_OR_RETURN(int64_t millis, temporal_millis(arg_kind, v));
  switch (o.ret) {
    case TypeKind::kDate: return date_of_millis(millis);
    case TypeKind::kTimestamp: return values::from_timestamp(millis);
    default: return values::from_bigint(millis);  // tounixtimestamp, unixtimestampof
  }
}

// --- Aggregates (AggregateFcts) ---

class CountAggregate final : public Aggregate {
 public:
  void add(const std::optional<Bytes>& value) override { count_ += value.has_value(); }
  std::optional<Bytes> result() const override { return values::from_bigint(count_); }

 private:
  int64_t count_ = 0;
};

class MinMaxAggregate final : public Aggregate {
 public:
  MinMaxAggregate(TypeRef type, bool max) : type_(std::move(type)), max_(max) {}
  void add(const std::optional<Bytes>& value) override {
    if (!value) return;
    if (!type_->validate(*value).is_ok()) {
      status_ =
          Status::invalid_argument("invalid " + type_->cql_name() + " value 0x" + to_hex(*value));
      return;
    }
    if (!best_ ||
        (max_ ? type_->compare(*best_, *value) < 0 : type_->compare(*best_, *value) > 0)) {
      best_ = value;
    }
  }
  std::optional<Bytes> result() const override { return best_; }
  Status status() const override { return status_; }

 private:
  TypeRef type_;
  bool max_;
  std::optional<Bytes> best_;
  Status status_;
};

// Integers of a fixed width, decoded to 64 bits.
Result<int64_t> fixed_integer(TypeKind kind, BytesView v) {
  size_t width = kind == TypeKind::kTinyint    ? 1
                 : kind == TypeKind::kSmallint ? 2
                 : kind == TypeKind::kInt      ? 4
                                               : 8;
  if (v.size() != width) return Status::invalid_argument("invalid " + kind_name(kind) + " value");
  int64_t out = static_cast<signed char>(v[0]);
  for (size_t i = 1; i < v.size(); ++i) out = (out << 8) | static_cast<unsigned char>(v[i]);
  return out;
}

Bytes encode_fixed(TypeKind kind, int64_t v) {
  switch (kind) {
    case TypeKind::kTinyint: return values::from_tinyint(static_cast<int8_t>(v));
    case TypeKind::kSmallint: return values::from_smallint(static_cast<int16_t>(v));
    case TypeKind::kInt: return values::from_int(static_cast<int32_t>(v));
    default: return values::from_bigint(v);
  }
}

// The shared shape of sum and avg: skips nulls and empty values, records bad values.
class NumericAggregate : public Aggregate {
 public:
  explicit NumericAggregate(TypeKind kind) : kind_(kind) {}
  void add(const std::optional<Bytes>& value) final {
    if (!value || value->empty() || !status_.is_ok()) return;
    status_ = add_value(*value);
  }
  Status status() const final { return status_; }

 protected:
  virtual Status add_value(BytesView v) = 0;
  TypeKind kind_;

 private:
  Status status_;
};

// sum over tinyint/smallint/int/bigint: wraps at the type's width as Java does.
class IntegerSum final : public NumericAggregate {
 public:
  using NumericAggregate::NumericAggregate;
  std::optional<Bytes> result() const override {
    return encode_fixed(kind_, static_cast<int64_t>(sum_));
  }

 private:
  Status add_value(BytesView v) override {
    CAIRN_ASSIGN_OR_RETURN(int64_t x, fixed_integer(kind_, v));
    sum_ += static_cast<uint64_t>(x);
    return Status::ok();
  }
  uint64_t sum_ = 0;
};

// avg over tinyint/smallint/int/bigint: an exact sum, truncated quotient.
class IntegerAvg final : public NumericAggregate {
 public:
  using NumericAggregate::NumericAggregate;
  std::optional<Bytes> result() const override {
    return encode_fixed(kind_, count_ == 0 ? 0 : static_cast<int64_t>(sum_ / count_));
  }

 private:
  Status add_value(BytesView v) override {
    CAIRN_ASSIGN_OR_RETURN(int64_t x, fixed_integer(kind_, v));
    sum_ += x;
    ++count_;
    return Status::ok();
  }
  Int128 sum_ = 0;
  int64_t count_ = 0;
};

Result<double> floating(TypeKind kind, BytesView v) {
  if (kind == TypeKind::kDouble) return values::to_double(v);
  if (v.size() != 4) return Status::invalid_argument("invalid float value");
  uint32_t bits = load_u32(v.data());
  float f;
  std::memcpy(&f, &bits, 4);
  return static_cast<double>(f);
}

Bytes encode_floating(TypeKind kind, double v) {
  return kind == TypeKind::kFloat ? values::from_float(static_cast<float>(v))
                                  : values::from_double(v);
}

// Kahan summation in doubles, as Cassandra's FloatSumAggregate / FloatAvgAggregate. The
// average falls back to a wider sum when the double sum overflows (Cassandra uses
// BigDecimal there; long double keeps the result's digits a double can hold).
class FloatingAggregate final : public NumericAggregate {
 public:
  FloatingAggregate(TypeKind kind, bool average) : NumericAggregate(kind), average_(average) {}
  std::optional<Bytes> result() const override {
    if (average_ && count_ == 0) return encode_floating(kind_, 0);
    double sum = sum_ + compensation_;
    if (std::isnan(sum) && std::isinf(simple_sum_)) sum = simple_sum_;
    if (!average_) return encode_floating(kind_, sum);
    if (overflow_) return encode_floating(kind_, static_cast<double>(wide_sum_ / count_));
    return encode_floating(kind_, sum / static_cast<double>(count_));
  }

 private:
  Status add_value(BytesView v) override {
    CAIRN_ASSIGN_OR_RETURN(double x, floating(kind_, v));
    ++count_;
    if (overflow_) {
      wide_sum_ += x;
      return Status::ok();
    }
    simple_sum_ += x;
    double previous = sum_;
    double tmp = x - compensation_;
    double rounded = sum_ + tmp;
    compensation_ = (rounded - sum_) - tmp;
    sum_ = rounded;
    if (average_ && std::isinf(sum_) && !std::isinf(x)) {
      overflow_ = true;
      wide_sum_ = static_cast<long double>(previous) + x;
    }
    return Status::ok();
  }

  bool average_;
  double sum_ = 0, compensation_ = 0, simple_sum_ = 0;
  int64_t count_ = 0;
  bool overflow_ = false;
  long double wide_sum_ = 0;
};

class VarintAggregate final : public NumericAggregate {
 public:
  VarintAggregate(bool average) : NumericAggregate(TypeKind::kVarint), average_(average) {}
  std::optional<Bytes> result() const override {
    if (!average_ || count_ == 0) return sum_.to_twos_complement();
    return sum_.divided_by(static_cast<uint32_t>(count_)).to_twos_complement();
  }

 private:
  Status add_value(BytesView v) override {
    sum_ = sum_ + BigInteger::from_twos_complement(v);
    ++count_;
    return Status::ok();
  }
  bool average_;
  BigInteger sum_;
  uint32_t count_ = 0;
};

class DecimalAggregate final : public NumericAggregate {
 public:
  DecimalAggregate(bool average) : NumericAggregate(TypeKind::kDecimal), average_(average) {}
  std::optional<Bytes> result() const override { return value_.to_bytes(); }

 private:
  Status add_value(BytesView v) override {
    CAIRN_ASSIGN_OR_RETURN(BigDecimal x, BigDecimal::from_bytes(v));
    if (!average_) {
      CAIRN_ASSIGN_OR_RETURN(value_, value_.plus(x));
      return Status::ok();
    }
    // avg += (x - avg) / count, at the difference's scale, half to even.
    ++count_;
    CAIRN_ASSIGN_OR_RETURN(BigDecimal difference, x.minus(value_));
    CAIRN_ASSIGN_OR_RETURN(value_, value_.plus(difference.divided_by(count_)));
    return Status::ok();
  }
  bool average_;
  BigDecimal value_;
  uint32_t count_ = 0;
};

std::unique_ptr<Aggregate> new_aggregate(const Overload& o, const TypeRef& arg_type) {
  if (o.name == "count") return std::make_unique<CountAggregate>();
  TypeKind kind = *o.args[0];
  if (o.name == "min" || o.name == "max") {
    return std::make_unique<MinMaxAggregate>(native_type(kind), o.name == "max");
  }
  bool average = o.name == "avg";
  switch (kind) {
    case TypeKind::kFloat:
    case TypeKind::kDouble: return std::make_unique<FloatingAggregate>(kind, average);
    case TypeKind::kVarint: return std::make_unique<VarintAggregate>(average);
    case TypeKind::kDecimal: return std::make_unique<DecimalAggregate>(average);
    default:
      if (average) return std::make_unique<IntegerAvg>(kind);
      return std::make_unique<IntegerSum>(kind);
  }
}

}  // namespace

// --- Public API ---

ArgumentSpec ArgumentSpec::of_type(TypeRef type, std::string text) {
  ArgumentSpec s;
  s.type = std::move(type);
  s.text = std::move(text);
  return s;
}

ArgumentSpec ArgumentSpec::of_constant(Term::ConstantKind kind, std::string text) {
  ArgumentSpec s;
  s.constant = kind;
  s.text = std::move(text);
  return s;
}

ArgumentSpec ArgumentSpec::marker() { return ArgumentSpec(); }

std::string FunctionSignature::to_string() const {
  std::string out = "system." + name + " : (";
  for (size_t i = 0; i < arg_types.size(); ++i) {
    if (i) out += ", ";
    out += arg_types[i] ? arg_types[i]->cql_name() : "?";
  }
  return out + ") -> " + return_type->cql_name();
}

Result<FunctionSignature> resolve_function(std::string_view name,
                                           const std::vector<ArgumentSpec>& args) {
  CAIRN_ASSIGN_OR_RETURN(const Overload* o, resolve(name, args));
  return signature_of(*o, args);
}

Result<TypeRef> function_return_type(std::string_view name, const std::vector<TypeRef>& arg_types) {
  CAIRN_ASSIGN_OR_RETURN(const Overload* o, resolve(name, specs_of_types(arg_types)));
  return native_type(o->ret);
}

Result<std::optional<Bytes>> call_function(std::string_view name,
                                           const std::vector<FunctionArg>& args,
                                           const FunctionContext& ctx) {
  std::vector<ArgumentSpec> specs;
  for (const auto& a : args)
    specs.push_back(a.type ? ArgumentSpec::of_type(a.type) : ArgumentSpec::marker());
  CAIRN_ASSIGN_OR_RETURN(const Overload* o, resolve(name, specs));
  if (o->aggregate) {
    return Status::invalid_argument("system." + o->name +
                                    " is an aggregate, not a scalar function");
  }
  if (args.empty()) return run_nullary(o->name, ctx);
  const auto& value = args[0].value;
  bool asblob = o->name.size() > 6 && o->name.compare(o->name.size() - 6, 6, "asblob") == 0;
  bool blobas = o->name.compare(0, 6, "blobas") == 0;
  // Null in, null out; the time conversions also take the empty value for null.
  if (!value || (value->empty() && !asblob && !blobas)) return std::optional<Bytes>();
  CAIRN_ASSIGN_OR_RETURN(Bytes out, run_unary(*o, *o->args[0], *value));
  return std::optional<Bytes>(std::move(out));
}

bool is_nullary_function(std::string_view name) {
  name = base_name(name);
  return name == "now" || name == "uuid" || name == "currenttimeuuid" ||
         name == "currenttimestamp" || name == "currentdate" || name == "currenttime";
}

bool is_function(std::string_view name) { return !candidates(base_name(name)).empty(); }

bool is_aggregate(std::string_view name) {
  name = base_name(name);
  return name == "count" || name == "min" || name == "max" || name == "sum" || name == "avg";
}

Result<TypeRef> aggregate_return_type(std::string_view name, const TypeRef& arg_type) {
  if (!is_aggregate(name)) {
    return Status::invalid_argument("Unknown aggregate function '" + std::string(name) + "'");
  }
  CAIRN_ASSIGN_OR_RETURN(const Overload* o, resolve(name, specs_of_types({arg_type})));
  return native_type(o->ret);
}

Result<std::unique_ptr<Aggregate>> make_aggregate(std::string_view name, const TypeRef& arg_type) {
  if (!is_aggregate(name)) {
    return Status::invalid_argument("Unknown aggregate function '" + std::string(name) + "'");
  }
  CAIRN_ASSIGN_OR_RETURN(const Overload* o, resolve(name, specs_of_types({arg_type})));
  return new_aggregate(*o, arg_type);
}

}  // namespace cairn::cql
