// The client's side of the native protocol v4 (see messages.h).
#include "cql/client/messages.h"

#include <fmt/format.h>

#include <map>

#include "cql/protocol/messages.h"
#include "cql/protocol/requests.h"

namespace cairn::cql::client {
namespace {

// <metadata> flags (§4.2.5.2).
constexpr int32_t kGlobalTablesSpec = 0x0001;
constexpr int32_t kHasMorePages = 0x0002;
constexpr int32_t kNoMetadata = 0x0004;

// Nested collection types deeper than this are refused rather than recursed into.
constexpr int kMaxTypeDepth = 32;

Status malformed(std::string_view what, const Status& cause) {
  return Status::invalid_argument(
      fmt::format("malformed {} from the node: {}", what, cause.message()));
}

// Reads one [option] (§4.2.5.2): a type id and the options of its parameters.
Result<TypeRef> read_option(cql::BodyReader* r, int depth) {
  if (depth > kMaxTypeDepth) return Status::invalid_argument("column type nested too deep");
  CAIRN_ASSIGN_OR_RETURN(uint16_t id, r->read_short());
  // Parameters of a collection or tuple are always frozen in the model's terms.
  switch (id) {
    case 0x0000: {  // custom: a marshal class name
      CAIRN_ASSIGN_OR_RETURN(std::string name, r->read_string());
      // Cassandra sends duration this way to v4 clients; any other custom type's
      // bytes are shown as a blob.
      if (name == "org.apache.cassandra.db.marshal.DurationType") return CqlType::duration();
      return CqlType::blob();
    }
    case 0x0001: return CqlType::ascii();
    case 0x0002: return CqlType::bigint();
    case 0x0003: return CqlType::blob();
    case 0x0004: return CqlType::boolean();
    case 0x0005: return CqlType::bigint();  // counter: a 64-bit integer on the wire
    case 0x0006: return CqlType::decimal();
    case 0x0007: return CqlType::double_();
    case 0x0008: return CqlType::float_();
    case 0x0009: return CqlType::int_();
    case 0x000B: return CqlType::timestamp();
    case 0x000C: return CqlType::uuid();
    case 0x000D: return CqlType::text();
    case 0x000E: return CqlType::varint();
    case 0x000F: return CqlType::timeuuid();
    case 0x0010: return CqlType::inet();
    case 0x0011: return CqlType::date();
    case 0x0012: return CqlType::time();
    case 0x0013: return CqlType::smallint();
    case 0x0014: return CqlType::tinyint();
    case 0x0015: return CqlType::duration();
    case 0x0020: {  // list
      CAIRN_ASSIGN_OR_RETURN(TypeRef element, read_option(r, depth + 1));
      return CqlType::list(std::move(element), depth > 0);
    }
    case 0x0022: {  // set
      CAIRN_ASSIGN_OR_RETURN(TypeRef element, read_option(r, depth + 1));
      return CqlType::set(std::move(element), depth > 0);
    }
    case 0x0021: {  // map
      CAIRN_ASSIGN_OR_RETURN(TypeRef key, read_option(r, depth + 1));
      CAIRN_ASSIGN_OR_RETURN(TypeRef value, read_option(r, depth + 1));
      return CqlType::map(std::move(key), std::move(value), depth > 0);
    }
    case 0x0030: {  // user-defined type: keyspace, name, then (field name, type) pairs
      CAIRN_RETURN_IF_ERROR(r->read_string().status());
      CAIRN_RETURN_IF_ERROR(r->read_string().status());
      CAIRN_ASSIGN_OR_RETURN(uint16_t fields, r->read_short());
      for (uint16_t i = 0; i < fields; ++i) {
        CAIRN_RETURN_IF_ERROR(r->read_string().status());
        CAIRN_RETURN_IF_ERROR(read_option(r, depth + 1).status());
      }
      return CqlType::blob();
    }
    case 0x0031: {  // tuple
      CAIRN_ASSIGN_OR_RETURN(uint16_t count, r->read_short());
      std::vector<TypeRef> components;
      for (uint16_t i = 0; i < count; ++i) {
        CAIRN_ASSIGN_OR_RETURN(TypeRef t, read_option(r, depth + 1));
        components.push_back(std::move(t));
      }
      return CqlType::tuple(std::move(components));
    }
    default:
      return Status::invalid_argument(fmt::format("unknown column type id 0x{:04x}", id));
  }
}

// [<global_table_spec>?<col_spec_1>...<col_spec_n>]
Result<std::vector<ColumnSpec>> read_column_specs(cql::BodyReader* r, int32_t flags,
                                                  int32_t columns) {
  const bool global = (flags & kGlobalTablesSpec) != 0;
  std::string keyspace, table;
  if (global) {
    CAIRN_ASSIGN_OR_RETURN(keyspace, r->read_string());
    CAIRN_ASSIGN_OR_RETURN(table, r->read_string());
  }
  std::vector<ColumnSpec> specs;
  for (int32_t i = 0; i < columns; ++i) {
    ColumnSpec spec{keyspace, table, {}, nullptr};
    if (!global) {
      CAIRN_ASSIGN_OR_RETURN(spec.keyspace, r->read_string());
      CAIRN_ASSIGN_OR_RETURN(spec.table, r->read_string());
    }
    CAIRN_ASSIGN_OR_RETURN(spec.name, r->read_string());
    CAIRN_ASSIGN_OR_RETURN(spec.type, read_option(r, 0));
    specs.push_back(std::move(spec));
  }
  return specs;
}

// A count read from the node: non-negative and no larger than the bytes left could
// hold at `min_bytes_each` (so no vector is sized by a number the peer made up).
Result<int32_t> read_count(cql::BodyReader* r, BytesView message, size_t min_bytes_each,
                           const char* what) {
  CAIRN_ASSIGN_OR_RETURN(int32_t n, r->read_int());
  const size_t left = message.size() - r->offset();
  if (n < 0 || static_cast<uint64_t>(n) * min_bytes_each > left) {
    return Status::invalid_argument(fmt::format("{} {} at offset {} does not fit the {} bytes left",
                                                what, n, r->offset(), left));
  }
  return n;
}

Result<ResultKind> read_kind(cql::BodyReader* r) {
  CAIRN_ASSIGN_OR_RETURN(int32_t kind, r->read_int());
  if (kind < 1 || kind > 5) {
    return Status::invalid_argument(fmt::format("unknown RESULT kind {}", kind));
  }
  return static_cast<ResultKind>(kind);
}

Status expect_kind(cql::BodyReader* r, ResultKind wanted) {
  CAIRN_ASSIGN_OR_RETURN(ResultKind kind, read_kind(r));
  if (kind != wanted) {
    return Status::invalid_argument(fmt::format("RESULT of kind {} where kind {} was expected",
                                                static_cast<int32_t>(kind),
                                                static_cast<int32_t>(wanted)));
  }
  return Status::ok();
}

std::string_view error_name(int32_t code) {
  using cql::ErrorCode;
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::kServerError: return "Server error";
    case ErrorCode::kProtocolError: return "Protocol error";
    case ErrorCode::kBadCredentials: return "Bad credentials";
    case ErrorCode::kUnavailable: return "Unavailable";
    case ErrorCode::kOverloaded: return "Overloaded";
    case ErrorCode::kIsBootstrapping: return "Is bootstrapping";
    case ErrorCode::kTruncateError: return "Truncate error";
    case ErrorCode::kWriteTimeout: return "Write timeout";
    case ErrorCode::kReadTimeout: return "Read timeout";
    case ErrorCode::kReadFailure: return "Read failure";
    case ErrorCode::kFunctionFailure: return "Function failure";
    case ErrorCode::kWriteFailure: return "Write failure";
    case ErrorCode::kSyntaxError: return "Syntax error";
    case ErrorCode::kUnauthorized: return "Unauthorized";
    case ErrorCode::kInvalid: return "Invalid";
    case ErrorCode::kConfigError: return "Config error";
    case ErrorCode::kAlreadyExists: return "Already exists";
    case ErrorCode::kUnprepared: return "Unprepared";
  }
  return "unknown code";
}

}  // namespace

Result<ResponseHeader> decode_response_header(BytesView bytes, uint64_t max_body_bytes) {
  if (bytes.size() < cql::kFrameHeaderSize) {
    return Status::invalid_argument("a frame header is 9 bytes");
  }
  auto byte = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  const uint8_t version = byte(0);
  if (version == 0x15 || version == 0x16) {
    // A TLS alert or handshake record: the node speaks TLS on this port.
    return Status::invalid_argument(fmt::format(
        "the node answered with a TLS record (first byte 0x{:02x}): it expects TLS", version));
  }
  if ((version & cql::kResponseBit) == 0 || (version & 0x7F) != kProtocolVersion) {
    return Status::invalid_argument(fmt::format(
        "the node answered with version byte 0x{:02x}, not a v4 response (0x84)", version));
  }
  ResponseHeader h;
  h.flags = byte(1);
  h.stream = static_cast<int16_t>(static_cast<uint16_t>(byte(2) << 8 | byte(3)));
  if (!cql::is_known_opcode(byte(4))) {
    return Status::invalid_argument(fmt::format("unknown opcode 0x{:02x} in a response", byte(4)));
  }
  h.opcode = static_cast<cql::Opcode>(byte(4));
  h.body_length = static_cast<uint32_t>(byte(5)) << 24 | static_cast<uint32_t>(byte(6)) << 16 |
                  static_cast<uint32_t>(byte(7)) << 8 | static_cast<uint32_t>(byte(8));
  if (h.body_length > max_body_bytes) {
    return Status::invalid_argument(
        fmt::format("a response body of {} bytes on stream {} is over the {}-byte limit",
                    h.body_length, h.stream, max_body_bytes));
  }
  return h;
}

Result<Bytes> response_message(const ResponseHeader& header, BytesView body,
                               CompressionAlgorithm compression, uint64_t max_body_bytes,
                               std::vector<std::string>* warnings) {
  Bytes decompressed;
  if ((header.flags & cql::frame_flags::kCompression) != 0) {
    if (compression == CompressionAlgorithm::kNone) {
      return Status::invalid_argument("a compressed response on a connection without compression");
    }
    auto d = cql::decompress_body(compression, body, max_body_bytes);
    if (!d.is_ok()) return malformed("compressed body", d.status());
    decompressed = std::move(*d);
    body = decompressed;
  }
  cql::BodyReader r(body);
  Status s = Status::ok();
  if ((header.flags & cql::frame_flags::kTracing) != 0) s = r.read_uuid().status();
  if (s.is_ok() && (header.flags & cql::frame_flags::kWarning) != 0) {
    auto list = r.read_string_list();
    s = list.status();
    if (s.is_ok() && warnings != nullptr) *warnings = std::move(*list);
  }
  if (s.is_ok() && (header.flags & cql::frame_flags::kCustomPayload) != 0) {
    auto n = r.read_short();  // [bytes map]: n pairs of [string] and [bytes]
    s = n.status();
    for (uint16_t i = 0; s.is_ok() && i < *n; ++i) {
      s = r.read_string().status();
      if (s.is_ok()) s = r.read_bytes().status();
    }
  }
  if (!s.is_ok()) return malformed("response prefix (tracing id, warnings, payload)", s);
  return Bytes(body.substr(r.offset()));
}

Bytes request_frame(cql::Opcode opcode, int16_t stream, Bytes body,
                    CompressionAlgorithm compression) {
  cql::Frame f;
  f.version = kProtocolVersion;
  f.stream = stream;
  f.opcode = opcode;
  f.body = std::move(body);
  return cql::encode_frame(
      f, opcode == cql::Opcode::kStartup ? CompressionAlgorithm::kNone : compression);
}

Bytes startup_body(CompressionAlgorithm compression, std::string_view driver_name) {
  std::map<std::string, std::string> options{{"CQL_VERSION", "3.0.0"}};
  if (compression == CompressionAlgorithm::kLz4) options["COMPRESSION"] = "lz4";
  if (compression == CompressionAlgorithm::kSnappy) options["COMPRESSION"] = "snappy";
  options["DRIVER_NAME"] = std::string(driver_name);
  cql::BodyWriter w;
  w.write_string_map(options);
  return w.take();
}

Bytes plain_auth_response_body(std::string_view username, std::string_view password) {
  Bytes token;
  token.push_back('\0');
  token.append(username);
  token.push_back('\0');
  token.append(password);
  cql::BodyWriter w;
  w.write_bytes(token);
  return w.take();
}

Bytes query_body(std::string_view cql, const QueryOptions& options) {
  cql::BodyWriter w;
  w.write_long_string(cql);
  cql::QueryParameters p;
  p.consistency = options.consistency;
  if (options.page_size > 0) p.page_size = options.page_size;
  p.paging_state = options.paging_state;
  cql::encode_query_parameters(p, &w);
  return w.take();
}

Bytes prepare_body(std::string_view cql) {
  cql::BodyWriter w;
  w.write_long_string(cql);
  return w.take();
}

Bytes execute_body(BytesView prepared_id, std::vector<cql::Value> values, bool skip_metadata) {
  cql::BodyWriter w;
  w.write_short_bytes(prepared_id);
  cql::QueryParameters p;
  p.consistency = kConsistencyOne;
  p.values = std::move(values);
  p.skip_metadata = skip_metadata;
  cql::encode_query_parameters(p, &w);
  return w.take();
}

std::string ServerError::to_string() const {
  return fmt::format("error 0x{:04x} ({}): {}", code, error_name(code), message);
}

Result<ServerError> decode_error(BytesView message) {
  cql::BodyReader r(message);
  ServerError e;
  auto code = r.read_int();
  if (!code.is_ok()) return malformed("ERROR", code.status());
  e.code = *code;
  auto text = r.read_string();
  if (!text.is_ok()) return malformed("ERROR", text.status());
  e.message = std::move(*text);
  return e;
}

Result<ResultKind> decode_result_kind(BytesView message) {
  cql::BodyReader r(message);
  auto kind = read_kind(&r);
  if (!kind.is_ok()) return malformed("RESULT", kind.status());
  return *kind;
}

Result<Prepared> decode_prepared(BytesView message) {
  cql::BodyReader r(message);
  auto decode = [&]() -> Result<Prepared> {
    CAIRN_RETURN_IF_ERROR(expect_kind(&r, ResultKind::kPrepared));
    Prepared p;
    CAIRN_ASSIGN_OR_RETURN(p.id, r.read_short_bytes());
    CAIRN_ASSIGN_OR_RETURN(int32_t flags, r.read_int());
    // Each bind column takes at least a name and a type id (4 bytes).
    CAIRN_ASSIGN_OR_RETURN(p.bind_count, read_count(&r, message, 4, "bind variable count"));
    CAIRN_ASSIGN_OR_RETURN(int32_t pk_count, read_count(&r, message, 2, "partition key count"));
    for (int32_t i = 0; i < pk_count; ++i) CAIRN_RETURN_IF_ERROR(r.read_short().status());
    CAIRN_RETURN_IF_ERROR(read_column_specs(&r, flags, p.bind_count).status());
    // The result metadata that follows is not needed: the bench knows its columns.
    return p;
  };
  auto p = decode();
  if (!p.is_ok()) return malformed("prepared RESULT", p.status());
  return p;
}

Result<Rows> decode_rows(BytesView message) {
  cql::BodyReader r(message);
  auto decode = [&]() -> Result<Rows> {
    CAIRN_RETURN_IF_ERROR(expect_kind(&r, ResultKind::kRows));
    Rows rows;
    CAIRN_ASSIGN_OR_RETURN(int32_t flags, r.read_int());
    CAIRN_ASSIGN_OR_RETURN(rows.columns, read_count(&r, message, 0, "column count"));
    rows.has_more_pages = (flags & kHasMorePages) != 0;
    if (rows.has_more_pages) {
      CAIRN_ASSIGN_OR_RETURN(rows.paging_state, r.read_bytes());
      if (!rows.paging_state) return Status::invalid_argument("Has_more_pages with a null paging state");
    }
    if ((flags & kNoMetadata) == 0) {
      CAIRN_ASSIGN_OR_RETURN(rows.specs, read_column_specs(&r, flags, rows.columns));
    }
    // Each value takes at least its 4-byte length.
    CAIRN_ASSIGN_OR_RETURN(
        rows.row_count,
        read_count(&r, message, 4 * static_cast<size_t>(rows.columns), "row count"));
    rows.values.reserve(static_cast<size_t>(rows.row_count) * static_cast<size_t>(rows.columns));
    for (int64_t i = 0; i < int64_t{rows.row_count} * rows.columns; ++i) {
      CAIRN_ASSIGN_OR_RETURN(std::optional<Bytes> value, r.read_bytes());
      rows.values.push_back(std::move(value));
    }
    return rows;
  };
  auto rows = decode();
  if (!rows.is_ok()) return malformed("rows RESULT", rows.status());
  return rows;
}

Result<std::string> decode_set_keyspace(BytesView message) {
  cql::BodyReader r(message);
  auto decode = [&]() -> Result<std::string> {
    CAIRN_RETURN_IF_ERROR(expect_kind(&r, ResultKind::kSetKeyspace));
    return r.read_string();
  };
  auto keyspace = decode();
  if (!keyspace.is_ok()) return malformed("set_keyspace RESULT", keyspace.status());
  return keyspace;
}

Result<std::string> decode_authenticate(BytesView message) {
  cql::BodyReader r(message);
  auto name = r.read_string();
  if (!name.is_ok()) return malformed("AUTHENTICATE", name.status());
  return name;
}

}  // namespace cairn::cql::client
