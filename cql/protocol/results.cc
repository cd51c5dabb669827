#include "cql/protocol/results.h"

#include <cassert>
#include <limits>

#include "cql/protocol/body.h"

namespace cairn::cql {

namespace {

// RESULT kinds (§4.2.5).
constexpr int32_t kKindVoid = 0x0001;
constexpr int32_t kKindRows = 0x0002;
constexpr int32_t kKindSetKeyspace = 0x0003;
constexpr int32_t kKindPrepared = 0x0004;
constexpr int32_t kKindSchemaChange = 0x0005;

// <metadata> flags (§4.2.5.2).
constexpr int32_t kGlobalTablesSpec = 0x0001;
constexpr int32_t kHasMorePages = 0x0002;
constexpr int32_t kNoMetadata = 0x0004;

// [option] ids (§4.2.5.2).
constexpr uint16_t kOptionCustom = 0x0000;
constexpr uint16_t kOptionList = 0x0020;
constexpr uint16_t kOptionMap = 0x0021;
constexpr uint16_t kOptionSet = 0x0022;
constexpr uint16_t kOptionTuple = 0x0031;

// Duration has no id before protocol v5: like Cassandra, v4 sends it as a custom type
// named by its class, which drivers map back to duration.
constexpr char kDurationClass[] = "org.apache.cassandra.db.marshal.DurationType";

constexpr size_t kMaxString = std::numeric_limits<uint16_t>::max();

// A [string] holds at most 65535 bytes; a longer one (an error message quoting a huge
// query, say) is cut rather than given a length that would desynchronize the frame.
// The cut backs off to a UTF-8 character boundary.
std::string_view fit_string(std::string_view s) {
  if (s.size() <= kMaxString) return s;
  size_t n = kMaxString;
  while (n > 0 && (static_cast<uint8_t>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

void write_string(BodyWriter* w, std::string_view s) { w->write_string(fit_string(s)); }

uint16_t native_type_id(TypeKind kind) {
  switch (kind) {
    case TypeKind::kAscii: return 0x0001;
    case TypeKind::kBigint: return 0x0002;
    case TypeKind::kBlob: return 0x0003;
    case TypeKind::kBoolean: return 0x0004;
    case TypeKind::kDecimal: return 0x0006;
    case TypeKind::kDouble: return 0x0007;
    case TypeKind::kFloat: return 0x0008;
    case TypeKind::kInt: return 0x0009;
    case TypeKind::kTimestamp: return 0x000B;
    case TypeKind::kUuid: return 0x000C;
    case TypeKind::kText: return 0x000D;  // varchar: Cassandra sends text as varchar
    case TypeKind::kVarint: return 0x000E;
    case TypeKind::kTimeuuid: return 0x000F;
    case TypeKind::kInet: return 0x0010;
    case TypeKind::kDate: return 0x0011;
    case TypeKind::kTime: return 0x0012;
    case TypeKind::kSmallint: return 0x0013;
    case TypeKind::kTinyint: return 0x0014;
    case TypeKind::kDuration:
    case TypeKind::kList:
    case TypeKind::kSet:
    case TypeKind::kMap:
    case TypeKind::kTuple: break;
  }
  assert(false && "not a native type with an id");
  return kOptionCustom;
}

void write_option(const CqlType& type, BodyWriter* w) {
  switch (type.kind()) {
    case TypeKind::kDuration:
      w->write_short(kOptionCustom);
      w->write_string(kDurationClass);
      return;
    case TypeKind::kList:
    case TypeKind::kSet:
      assert(type.params().size() == 1);
      w->write_short(type.kind() == TypeKind::kList ? kOptionList : kOptionSet);
      write_option(*type.params()[0], w);
      return;
    case TypeKind::kMap:
      assert(type.params().size() == 2);
      w->write_short(kOptionMap);
      write_option(*type.params()[0], w);
      write_option(*type.params()[1], w);
      return;
    case TypeKind::kTuple:
      w->write_short(kOptionTuple);
      w->write_short(static_cast<uint16_t>(type.params().size()));
      for (const auto& component : type.params()) write_option(*component, w);
      return;
    default: w->write_short(native_type_id(type.kind())); return;
  }
}

// True when every column names the same keyspace and table, which then travel once
// as the <global_table_spec>.
bool shares_one_table(const std::vector<ColumnSpec>& columns) {
  if (columns.empty()) return false;
  for (const auto& c : columns) {
    if (c.keyspace != columns[0].keyspace || c.table != columns[0].table) return false;
  }
  return true;
}

// [<global_table_spec>?<col_spec_1>...<col_spec_n>]
void write_column_specs(const std::vector<ColumnSpec>& columns, bool global, BodyWriter* w) {
  if (global) {
    write_string(w, columns[0].keyspace);
    write_string(w, columns[0].table);
  }
  for (const auto& c : columns) {
    if (!global) {
      write_string(w, c.keyspace);
      write_string(w, c.table);
    }
    write_string(w, c.name);
    assert(c.type != nullptr);
    write_option(*c.type, w);
  }
}

// The <metadata> of Rows (§4.2.5.2), also the <result_metadata> of Prepared.
void write_rows_metadata(const std::vector<ColumnSpec>& columns,
                         const std::optional<Bytes>& paging_state, bool no_metadata,
                         BodyWriter* w) {
  const bool global = !no_metadata && shares_one_table(columns);
  int32_t flags = 0;
  if (global) flags |= kGlobalTablesSpec;
  if (paging_state) flags |= kHasMorePages;
  if (no_metadata) flags |= kNoMetadata;
  w->write_int(flags);
  w->write_int(static_cast<int32_t>(columns.size()));
  if (paging_state) w->write_bytes(paging_state);
  if (!no_metadata) write_column_specs(columns, global, w);
}

void write_rows(const ResultRows& rows, BodyWriter* w) {
  write_rows_metadata(rows.columns, rows.paging_state, rows.skip_metadata, w);
  w->write_int(static_cast<int32_t>(rows.rows.size()));
  for (const auto& row : rows.rows) {
    assert(row.size() == rows.columns.size() && "a row must have one value per column");
    for (const auto& value : row) w->write_bytes(value);
  }
}

// <flags><columns_count><pk_count>[<pk_index_1>...]<specs>, then <result_metadata>.
void write_prepared(const PreparedResult& prepared, BodyWriter* w) {
  w->write_short_bytes(prepared.id);
  const bool global = shares_one_table(prepared.bind_columns);
  w->write_int(global ? kGlobalTablesSpec : 0);
  w->write_int(static_cast<int32_t>(prepared.bind_columns.size()));
  w->write_int(static_cast<int32_t>(prepared.partition_key_indexes.size()));
  for (uint16_t index : prepared.partition_key_indexes) w->write_short(index);
  write_column_specs(prepared.bind_columns, global, w);
  // Statements that return no rows answer an empty result metadata flagged No_metadata,
  // as Cassandra does.
  write_rows_metadata(prepared.result_columns, std::nullopt, prepared.result_columns.empty(), w);
}

std::string_view change_name(SchemaChange::Change change) {
  switch (change) {
    case SchemaChange::Change::kCreated: return "CREATED";
    case SchemaChange::Change::kUpdated: return "UPDATED";
    case SchemaChange::Change::kDropped: return "DROPPED";
  }
  return "UPDATED";
}

// <change_type><target><options>, shared by the Schema_change result and the event.
void write_schema_change(const SchemaChange& change, BodyWriter* w) {
  w->write_string(change_name(change.change));
  switch (change.target) {
    case SchemaChange::Target::kKeyspace:
      w->write_string("KEYSPACE");
      write_string(w, change.keyspace);
      return;
    case SchemaChange::Target::kTable:
      w->write_string("TABLE");
      write_string(w, change.keyspace);
      write_string(w, change.table);
      return;
  }
}

}  // namespace

Bytes encode_result(const ResultMessage& result) {
  BodyWriter w;
  switch (result.kind) {
    case ResultMessage::Kind::kVoid: w.write_int(kKindVoid); break;
    case ResultMessage::Kind::kRows:
      w.write_int(kKindRows);
      write_rows(result.rows, &w);
      break;
    case ResultMessage::Kind::kSetKeyspace:
      w.write_int(kKindSetKeyspace);
      write_string(&w, result.keyspace);
      break;
    case ResultMessage::Kind::kPrepared:
      w.write_int(kKindPrepared);
      write_prepared(result.prepared, &w);
      break;
    case ResultMessage::Kind::kSchemaChange:
      w.write_int(kKindSchemaChange);
      write_schema_change(result.schema_change, &w);
      break;
  }
  return w.take();
}

Bytes encode_error(const CqlError& error) {
  BodyWriter w;
  w.write_int(static_cast<int32_t>(error.code));
  write_string(&w, error.message);
  switch (error.code) {
    case ErrorCode::kUnavailable:
      w.write_short(error.consistency);
      w.write_int(error.required);
      w.write_int(error.alive);
      break;
    case ErrorCode::kWriteTimeout:
      w.write_short(error.consistency);
      w.write_int(error.alive);     // received
      w.write_int(error.required);  // blockfor
      write_string(&w, error.write_type);
      break;
    case ErrorCode::kReadTimeout:
      w.write_short(error.consistency);
      w.write_int(error.alive);     // received
      w.write_int(error.required);  // blockfor
      w.write_byte(error.data_present ? 1 : 0);
      break;
    // CqlError carries no failure count: a failure reports one failed replica, which
    // is what a node that failed the request itself knows.
    case ErrorCode::kReadFailure:
      w.write_short(error.consistency);
      w.write_int(error.alive);
      w.write_int(error.required);
      w.write_int(1);  // numfailures
      w.write_byte(error.data_present ? 1 : 0);
      break;
    case ErrorCode::kWriteFailure:
      w.write_short(error.consistency);
      w.write_int(error.alive);
      w.write_int(error.required);
      w.write_int(1);  // numfailures
      write_string(&w, error.write_type);
      break;
    // <keyspace><function><arg_types>: the function's name travels in `table`; its
    // argument types are not carried by CqlError.
    case ErrorCode::kFunctionFailure:
      write_string(&w, error.keyspace);
      write_string(&w, error.table);
      w.write_short(0);
      break;
    case ErrorCode::kAlreadyExists:
      write_string(&w, error.keyspace);
      write_string(&w, error.table);
      break;
    case ErrorCode::kUnprepared: w.write_short_bytes(error.unprepared_id); break;
    default: break;
  }
  return w.take();
}

Bytes encode_schema_change_event(const SchemaChange& change) {
  BodyWriter w;
  w.write_string("SCHEMA_CHANGE");
  write_schema_change(change, &w);
  return w.take();
}

void encode_type_option(const CqlType& type, Bytes* out) {
  BodyWriter w;
  write_option(type, &w);
  out->append(w.bytes());
}

}  // namespace cairn::cql
