// CQL types and their byte encodings, as Cassandra defines them.
//
// A value is always held in its serialized form (Bytes): the exact bytes the CQL
// native protocol carries for it (big-endian integers, UTF-8 text, 16-byte UUIDs,
// [i32 count]([i32 len][bytes])* for frozen collections, ...). CqlType knows how to
// validate, order and print such bytes. Types are immutable and shared (TypeRef).
//
// Non-frozen ("multi-cell") collections are stored as one cell per element; the
// cell path is the element (set), the key (map) or a time-ordered 16-byte id (list).
// collection_from_cells() folds such cells back into the serialized frozen form.
//
// Thread safety: every function here is pure; TypeRefs may be shared across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace cairn {

enum class TypeKind {
  kAscii,
  kBigint,
  kBlob,
  kBoolean,
  kDate,
  kDecimal,
  kDouble,
  kDuration,
  kFloat,
  kInet,
  kInt,
  kSmallint,
  kText,  // varchar is an alias of text
  kTime,
  kTimestamp,
  kTimeuuid,
  kTinyint,
  kUuid,
  kVarint,
  kList,
  kSet,
  kMap,
  kTuple,
};

class CqlType;
using TypeRef = std::shared_ptr<const CqlType>;

class CqlType {
 public:
  // Native types.
  static TypeRef ascii();
  static TypeRef bigint();
  static TypeRef blob();
  static TypeRef boolean();
  static TypeRef date();
  static TypeRef decimal();
  static TypeRef double_();
  static TypeRef duration();
  static TypeRef float_();
  static TypeRef inet();
  static TypeRef int_();
  static TypeRef smallint();
  static TypeRef text();
  static TypeRef time();
  static TypeRef timestamp();
  static TypeRef timeuuid();
  static TypeRef tinyint();
  static TypeRef uuid();
  static TypeRef varint();
  // Collections and tuples. Tuples are always frozen.
  static TypeRef list(TypeRef element, bool frozen);
  static TypeRef set(TypeRef element, bool frozen);
  static TypeRef map(TypeRef key, TypeRef value, bool frozen);
  static TypeRef tuple(std::vector<TypeRef> components);

  TypeKind kind() const { return kind_; }
  bool frozen() const { return frozen_; }
  bool is_collection() const {
    return kind_ == TypeKind::kList || kind_ == TypeKind::kSet || kind_ == TypeKind::kMap;
  }
  // A non-frozen collection: stored as one cell per element.
  bool is_multi_cell() const { return is_collection() && !frozen_; }
  // list/set: {element}; map: {key, value}; tuple: components; others: {}.
  const std::vector<TypeRef>& params() const { return params_; }

  // The CQL spelling: "int", "text", "map<text, int>", "frozen<list<int>>",
  // "tuple<int, text>". parse_cql_type(t.cql_name()) gives back an equal type.
  std::string cql_name() const;

  // Cassandra's order for serialized values of this type: signed integers, unsigned
  // bytes for text and blob, time then bytes for timeuuid, version-then-time for uuid,
  // element-wise for collections and tuples. The empty value sorts first.
  // REQUIRES: both values are valid for this type (or empty).
  int compare(BytesView a, BytesView b) const;

  // InvalidArgument naming the type when `value` is not a valid serialization.
  // The empty value is valid for every type (CQL's "empty" value).
  Status validate(BytesView value) const;

  // A CQL literal for `value`: 42, 'it''s', 0xcafe, true, 2024-01-31, {1, 2},
  // {'a': 1}, [3, 4], (1, 'x'), 123e4567-e89b-12d3-a456-426614174000, 1h2m.
  // Used by dumps, the shell and error messages. REQUIRES: value is valid.
  std::string to_cql_literal(BytesView value) const;

  bool equals(const CqlType& other) const;

  CqlType(TypeKind kind, bool frozen, std::vector<TypeRef> params)
      : kind_(kind), frozen_(frozen), params_(std::move(params)) {}

 private:
  TypeKind kind_;
  bool frozen_;
  std::vector<TypeRef> params_;
};

// Parses a CQL type name: native names (case-insensitive, "varchar" = text),
// list<T>, set<T>, map<K, V>, tuple<T, ...>, frozen<...>. Collections nested in a
// collection must be frozen, as in CQL. InvalidArgument names the problem.
Result<TypeRef> parse_cql_type(std::string_view text);

// Serialized values from C++ values (native protocol encodings).
namespace values {
Bytes from_ascii(std::string_view s);
Bytes from_text(std::string_view s);
Bytes from_blob(BytesView b);
Bytes from_boolean(bool v);
Bytes from_tinyint(int8_t v);
Bytes from_smallint(int16_t v);
Bytes from_int(int32_t v);
Bytes from_bigint(int64_t v);
Bytes from_float(float v);
Bytes from_double(double v);
// Milliseconds since the epoch.
Bytes from_timestamp(int64_t millis);
// Days since the epoch (the stored form adds 2^31 as Cassandra does).
Bytes from_date(int32_t days_since_epoch);
// Nanoseconds since midnight.
Bytes from_time(int64_t nanos);
// `bytes` is the 16-byte UUID.
Bytes from_uuid(BytesView bytes16);
// Two's-complement big-endian, minimal length.
Bytes from_varint(int64_t v);
// unscaled * 10^-scale.
Bytes from_decimal(int64_t unscaled, int32_t scale);
Bytes from_duration(int32_t months, int32_t days, int64_t nanos);
// 4 or 16 bytes.
Bytes from_inet(BytesView address_bytes);
// Serialized frozen forms from serialized elements.
Bytes from_list(const std::vector<Bytes>& elements);  // also sets
Bytes from_map(const std::vector<std::pair<Bytes, Bytes>>& entries);
Bytes from_tuple(const std::vector<std::optional<Bytes>>& components);

// Decoders return InvalidArgument for a value of the wrong length or shape.
Result<int32_t> to_int(BytesView v);
Result<int64_t> to_bigint(BytesView v);
Result<bool> to_boolean(BytesView v);
Result<double> to_double(BytesView v);
// list/set: the elements; map: keys and values alternating.
Result<std::vector<Bytes>> collection_elements(BytesView v);
}  // namespace values

// `s` as a CQL string literal: in single quotes, each quote doubled ('it''s').
std::string cql_string_literal(std::string_view s);

// One cell of a multi-cell collection: its path and (for list and map) its value.
struct CollectionCell {
  Bytes path;
  Bytes value;
};

// The serialized frozen value of multi-cell `type` holding `cells` (live cells only,
// in any order): sets and maps sorted by element/key order, lists by path.
Bytes collection_from_cells(const CqlType& type, const std::vector<CollectionCell>& cells);

}  // namespace cairn
