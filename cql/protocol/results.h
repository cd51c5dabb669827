// What a node answers to QUERY, PREPARE, EXECUTE and BATCH (native_protocol_v4.spec
// §4.2.5: RESULT of kind void, rows, set_keyspace, prepared, schema_change), the
// ERROR bodies with their extra fields (§9), and the EVENT it pushes (§4.2.6), as
// plain structs and their encoders.
//
// Column types travel as [option]s (§4.2.5.2): the native type ids, list/map/set
// with their element options, tuple with its components.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "cql/protocol/messages.h"
#include "model/types.h"

namespace cairn::cql {

// One column of a result or one bind variable of a prepared statement.
struct ColumnSpec {
  std::string keyspace;
  std::string table;
  std::string name;
  TypeRef type;
};

struct ResultRows {
  std::vector<ColumnSpec> columns;
  // One value per column per row; nullopt is null.
  std::vector<std::vector<std::optional<Bytes>>> rows;
  // Set when more rows follow: the client sends it back to get the next page.
  std::optional<Bytes> paging_state;
  // The client asked for skip_metadata (EXECUTE) and already has the columns.
  bool skip_metadata = false;
};

struct SchemaChange {
  enum class Change { kCreated, kUpdated, kDropped };
  enum class Target { kKeyspace, kTable };
  Change change = Change::kCreated;
  Target target = Target::kKeyspace;
  std::string keyspace;
  std::string table;  // kTable only
};

struct PreparedResult {
  Bytes id;  // [short bytes]
  std::vector<ColumnSpec> bind_columns;
  // For each partition key column, the index of the bind variable that gives it
  // (drivers use it for token-aware routing); empty unless every one is bound.
  std::vector<uint16_t> partition_key_indexes;
  std::vector<ColumnSpec> result_columns;  // empty for non-SELECT statements
};

struct ResultMessage {
  enum class Kind { kVoid, kRows, kSetKeyspace, kPrepared, kSchemaChange };
  Kind kind = Kind::kVoid;
  ResultRows rows;             // kRows
  std::string keyspace;        // kSetKeyspace
  PreparedResult prepared;     // kPrepared
  SchemaChange schema_change;  // kSchemaChange
  // Sent with the frame's warning flag (e.g. a batch over batch_size_warn_threshold).
  std::vector<std::string> warnings;
};

// An ERROR with the extra fields some codes carry.
struct CqlError {
  ErrorCode code = ErrorCode::kServerError;
  std::string message;
  uint16_t consistency = 0;  // unavailable, write/read timeout
  int32_t required = 0;      // unavailable: required; timeouts: blockfor
  int32_t alive = 0;         // unavailable: alive; timeouts: received
  bool data_present = false; // read timeout
  std::string write_type;    // write timeout: SIMPLE, BATCH, UNLOGGED_BATCH, ...
  Bytes unprepared_id;       // unprepared
  std::string keyspace;      // already exists
  std::string table;         // already exists (empty for a keyspace)

  static CqlError of(ErrorCode code, std::string message) {
    CqlError e;
    e.code = code;
    e.message = std::move(message);
    return e;
  }
};

// The RESULT body.
Bytes encode_result(const ResultMessage& result);
// The ERROR body, with the extra fields of `error.code`.
Bytes encode_error(const CqlError& error);
// The EVENT body of a SCHEMA_CHANGE.
Bytes encode_schema_change_event(const SchemaChange& change);
// The [option] of a column type (§4.2.5.2).
void encode_type_option(const CqlType& type, Bytes* out);

}  // namespace cairn::cql
