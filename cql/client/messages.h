// The client's side of the CQL native protocol v4, shared by cairn-bench's `cql`
// workload and the cairn-cql shell: the bodies of STARTUP, AUTH_RESPONSE, QUERY (with
// paging), PREPARE and EXECUTE, and the decoding of what a node answers (READY,
// AUTHENTICATE, AUTH_SUCCESS, ERROR, RESULT of kind void, rows with their column
// metadata, prepared, set_keyspace and schema_change, and warnings).
//
// The node's protocol code (cql/protocol/) is written for the server: FrameDecoder
// refuses frames with the response bit, and results.h only encodes. So response
// headers and RESULT bodies are decoded here, with cql::BodyReader for the notations
// and cql::decompress_body for compressed bodies; requests are encoded with
// cql::BodyWriter, cql::encode_query_parameters and cql::encode_frame.
//
// Everything read from the node is checked before use: a malformed response is an
// InvalidArgument naming what was malformed, never an assert or an allocation of a
// length the peer chose.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/compression.h"
#include "common/result.h"
#include "cql/protocol/body.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/results.h"

namespace cairn::cql::client {

inline constexpr uint8_t kProtocolVersion = 4;
inline constexpr uint16_t kConsistencyOne = 0x0001;

// The 9-byte header of a response frame (spec §2).
struct ResponseHeader {
  uint8_t flags = 0;
  int16_t stream = 0;
  cql::Opcode opcode = cql::Opcode::kError;
  uint32_t body_length = 0;
};

// Decodes the header at the start of `bytes` (at least kFrameHeaderSize of them).
// InvalidArgument for a frame that is not a v4 response, an unknown opcode or a body
// longer than `max_body_bytes`.
Result<ResponseHeader> decode_response_header(BytesView bytes, uint64_t max_body_bytes);

// The message of a response frame: its body decompressed (when the compression flag
// is set; `compression` is what STARTUP negotiated) and stripped of the tracing id,
// warnings and custom payload that the flags announce. The warnings go to `warnings`
// when it is not null.
Result<Bytes> response_message(const ResponseHeader& header, BytesView body,
                               CompressionAlgorithm compression, uint64_t max_body_bytes,
                               std::vector<std::string>* warnings = nullptr);

// --- Requests.

// The whole frame of a request on `stream`, the body compressed when `compression` is
// not kNone (never for STARTUP, which negotiates it).
Bytes request_frame(cql::Opcode opcode, int16_t stream, Bytes body,
                    CompressionAlgorithm compression);

// STARTUP with CQL_VERSION 3.0.0, the compression asked for and DRIVER_NAME.
Bytes startup_body(CompressionAlgorithm compression, std::string_view driver_name = "cairn");
// AUTH_RESPONSE for the PasswordAuthenticator (SASL PLAIN): the token "\0user\0password".
Bytes plain_auth_response_body(std::string_view username, std::string_view password);

// How a QUERY asks for its rows.
struct QueryOptions {
  uint16_t consistency = kConsistencyOne;
  // Rows per page; 0 or less asks for every row at once.
  int32_t page_size = 0;
  // The paging state of the previous page's Rows, to get the next page.
  std::optional<Bytes> paging_state;
};
// QUERY with no bound values.
Bytes query_body(std::string_view cql, const QueryOptions& options = {});
Bytes prepare_body(std::string_view cql);
// EXECUTE of `prepared_id` with `values` at consistency ONE. `skip_metadata` asks the
// node to leave the column specs out of Rows (the client knows them from PREPARE).
Bytes execute_body(BytesView prepared_id, std::vector<cql::Value> values, bool skip_metadata);

// --- Responses.

// An ERROR body (§9): the code and message; the extra fields some codes carry are
// not needed by the clients and are left unread.
struct ServerError {
  int32_t code = 0;
  std::string message;
  std::string to_string() const;  // "error 0x2200 (Invalid): <message>"
};
Result<ServerError> decode_error(BytesView message);

enum class ResultKind : int32_t {
  kVoid = 0x0001,
  kRows = 0x0002,
  kSetKeyspace = 0x0003,
  kPrepared = 0x0004,
  kSchemaChange = 0x0005,
};
Result<ResultKind> decode_result_kind(BytesView message);

// A RESULT of kind Prepared: the statement id and how many bind variables it has.
struct Prepared {
  Bytes id;
  int32_t bind_count = 0;
};
Result<Prepared> decode_prepared(BytesView message);

// A RESULT of kind Rows: `columns` values per row, row after row; nullopt is null.
struct Rows {
  int32_t columns = 0;
  int32_t row_count = 0;
  std::vector<std::optional<Bytes>> values;
  bool has_more_pages = false;
  // The paging state to send back for the next page (set when has_more_pages).
  std::optional<Bytes> paging_state;
  // The columns' names and types; empty when the node sent no metadata
  // (skip_metadata). A type the model does not have (a custom class, a user-defined
  // type) reads as blob, counter as bigint: the value's bytes are still shown.
  std::vector<ColumnSpec> specs;
};
Result<Rows> decode_rows(BytesView message);

// The keyspace of a RESULT of kind Set_keyspace (the answer to USE).
Result<std::string> decode_set_keyspace(BytesView message);

// The authenticator class name of an AUTHENTICATE body.
Result<std::string> decode_authenticate(BytesView message);

}  // namespace cairn::cql::client
