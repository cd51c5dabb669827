// The client's side of the CQL native protocol v4, as much of it as cairn-bench needs:
// the bodies of STARTUP, QUERY, PREPARE and EXECUTE, and the decoding of what a node
// answers (READY, ERROR, RESULT of kind void, rows, prepared, set_keyspace and
// schema_change).
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

namespace cairn::bench::cqlclient {

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
// warnings and custom payload that the flags announce.
Result<Bytes> response_message(const ResponseHeader& header, BytesView body,
                               CompressionAlgorithm compression, uint64_t max_body_bytes);

// --- Requests.

// The whole frame of a request on `stream`, the body compressed when `compression` is
// not kNone (never for STARTUP, which negotiates it).
Bytes request_frame(cql::Opcode opcode, int16_t stream, Bytes body,
                    CompressionAlgorithm compression);

Bytes startup_body(CompressionAlgorithm compression);
// QUERY with no bound values at consistency ONE.
Bytes query_body(std::string_view cql);
Bytes prepare_body(std::string_view cql);
// EXECUTE of `prepared_id` with `values` at consistency ONE. `skip_metadata` asks the
// node to leave the column specs out of Rows (the client knows them from PREPARE).
Bytes execute_body(BytesView prepared_id, std::vector<cql::Value> values, bool skip_metadata);

// --- Responses.

// An ERROR body (§9): the code and message; the extra fields some codes carry are
// not needed here and are left unread.
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
};
Result<Rows> decode_rows(BytesView message);

}  // namespace cairn::bench::cqlclient
