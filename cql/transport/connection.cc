#include "cql/transport/connection.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <asio/post.hpp>
#include <asio/ssl/error.hpp>
#include <asio/write.hpp>
#include <cassert>
#include <exception>
#include <limits>
#include <thread>
#include <variant>

#include "common/coding.h"
#include "cql/auth/auth_service.h"
#include "cql/protocol/body.h"
#include "cql/protocol/messages.h"
#include "cql/protocol/requests.h"
#include "cql/protocol/results.h"

namespace cairn::cql {

namespace {

constexpr size_t kReadBufferBytes = 64 * 1024;
// The content type of a TLS handshake record, the first byte a TLS client sends. A CQL
// frame starts with its version byte (1 to 5 from a client), so the two never meet.
constexpr uint8_t kTlsHandshakeRecord = 0x16;
// The joined write buffer of a TLS connection is given back past this size.
constexpr size_t kMaxKeptTlsWriteBytes = 1 << 20;

template <typename... Args>
void log(Logger* logger, LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (logger != nullptr) logger->log(level, format, std::forward<Args>(args)...);
}

std::string peer_of(const asio::ip::tcp::socket& socket) {
  asio::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown peer";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

std::string_view opcode_name(Opcode opcode) {
  switch (opcode) {
    case Opcode::kError: return "ERROR";
    case Opcode::kStartup: return "STARTUP";
    case Opcode::kReady: return "READY";
    case Opcode::kAuthenticate: return "AUTHENTICATE";
    case Opcode::kOptions: return "OPTIONS";
    case Opcode::kSupported: return "SUPPORTED";
    case Opcode::kQuery: return "QUERY";
    case Opcode::kResult: return "RESULT";
    case Opcode::kPrepare: return "PREPARE";
    case Opcode::kExecute: return "EXECUTE";
    case Opcode::kRegister: return "REGISTER";
    case Opcode::kEvent: return "EVENT";
    case Opcode::kBatch: return "BATCH";
    case Opcode::kAuthChallenge: return "AUTH_CHALLENGE";
    case Opcode::kAuthResponse: return "AUTH_RESPONSE";
    case Opcode::kAuthSuccess: return "AUTH_SUCCESS";
  }
  return "?";
}

// The answer to a frame of a version this node does not speak, in a header the client
// can read: drivers retry with an older version when they see it. Protocols v1 and v2
// have an 8-byte header with a one-byte stream (the high byte of what the v3 layout
// reads as the stream); everything else gets a v4 header.
Bytes unsupported_version_answer(const FrameError& error) {
  const Bytes body = encode_simple_error(ErrorCode::kProtocolError, error.message);
  if (error.version == 1 || error.version == 2) {
    Bytes out;
    put_u8(&out, static_cast<uint8_t>(error.version | kResponseBit));
    put_u8(&out, 0);
    put_u8(&out, static_cast<uint8_t>(static_cast<uint16_t>(error.stream) >> 8));
    put_u8(&out, static_cast<uint8_t>(Opcode::kError));
    put_u32(&out, static_cast<uint32_t>(body.size()));
    out.append(body);
    return out;
  }
  Frame f;
  f.version = 4;
  f.response = true;
  f.stream = error.stream;
  f.opcode = Opcode::kError;
  f.body = body;
  return encode_frame(f);
}

// Skips the [bytes map] a frame flagged with a custom payload starts with (§2.2); this
// node, like Cassandra's default QueryHandler, ignores the payload.
Result<BytesView> skip_custom_payload(BytesView body) {
  BodyReader r(body);
  CAIRN_ASSIGN_OR_RETURN(uint16_t n, r.read_short());
  for (uint16_t i = 0; i < n; ++i) {
    CAIRN_RETURN_IF_ERROR(r.read_string().status());
    CAIRN_RETURN_IF_ERROR(r.read_bytes().status());
  }
  return body.substr(r.offset());
}

// Protocol v3 has no <pk_count>[<pk_index>...] in the Prepared metadata (§10 of the v4
// spec): cut them out of the v4 encoding, whose layout is
// [int kind][short bytes id][int flags][int columns_count][int pk_count][short]*...
Bytes to_v3_prepared(Bytes body) {
  const size_t id_at = 4;
  assert(body.size() >= id_at + 2);
  const size_t pk_count_at = id_at + 2 + load_u16(body.data() + id_at) + 8;
  assert(body.size() >= pk_count_at + 4);
  const uint32_t pk_count = load_u32(body.data() + pk_count_at);
  body.erase(pk_count_at, 4 + size_t{2} * pk_count);
  return body;
}

// Read_failure, Write_failure and Function_failure are v4 codes; v3 clients get what
// Cassandra sends them instead.
CqlError for_version(CqlError error, uint8_t version) {
  if (version >= 4) return error;
  if (error.code == ErrorCode::kReadFailure) error.code = ErrorCode::kReadTimeout;
  if (error.code == ErrorCode::kWriteFailure) error.code = ErrorCode::kWriteTimeout;
  if (error.code == ErrorCode::kFunctionFailure) error.code = ErrorCode::kInvalid;
  return error;
}

// [string list] of warnings, each cut to what a [string] holds.
Bytes encode_warnings(const std::vector<std::string>& warnings) {
  constexpr size_t kMax = std::numeric_limits<uint16_t>::max();
  BodyWriter w;
  const size_t n = std::min(warnings.size(), kMax);
  w.write_short(static_cast<uint16_t>(n));
  for (size_t i = 0; i < n; ++i) {
    std::string_view s = warnings[i];
    if (s.size() > kMax) s = s.substr(0, kMax);
    w.write_string(s);
  }
  return w.take();
}

// The RESULT or ERROR frame answering `request`.
Frame response_frame(const Frame& request, const Outcome& outcome) {
  if (const auto* error = std::get_if<CqlError>(&outcome)) {
    return response(request, Opcode::kError, encode_error(for_version(*error, request.version)));
  }
  const auto& result = std::get<ResultMessage>(outcome);
  Bytes body = encode_result(result);
  if (request.version < 4 && result.kind == ResultMessage::Kind::kPrepared) {
    body = to_v3_prepared(std::move(body));
  }
  // The warning flag is v4: the [string list] then comes first in the body.
  const bool warn = !result.warnings.empty() && request.version >= 4;
  if (warn) body = encode_warnings(result.warnings) + body;
  Frame f = response(request, Opcode::kResult, std::move(body));
  if (warn) f.flags |= frame_flags::kWarning;
  return f;
}

CqlError protocol_error(std::string message) {
  return CqlError::of(ErrorCode::kProtocolError, std::move(message));
}

}  // namespace

Connection::Connection(uint64_t id, asio::ip::tcp::socket socket, const ConnectionContext& context)
    : id_(id),
      socket_(std::move(socket)),
      context_(context),
      peer_(peer_of(socket_)),
      decoder_(context.max_frame_bytes),
      read_buffer_(kReadBufferBytes) {}

void Connection::start() {
  if (context_.tls == nullptr) {
    start_plain();
    return;
  }
  if (!context_.tls_optional) {
    start_tls();
    return;
  }
  // Peek: the byte stays in the socket for the TLS engine or the frame decoder.
  socket_.async_receive(asio::buffer(&first_byte_, 1), asio::socket_base::message_peek,
                        [self = shared_from_this()](const asio::error_code& ec, size_t n) {
                          self->on_first_byte(ec, n);
                        });
}

void Connection::start_plain() {
  log(context_.logger, LogLevel::kDebug, "CQL connection {} from {}", id_, peer_);
  read_more();
}

void Connection::on_first_byte(const asio::error_code& ec, size_t n) {
  if (state_ != State::kOpen) return;  // stopped meanwhile (and so closed)
  if (ec || n == 0) {
    log(context_.logger, LogLevel::kDebug, "CQL connection {} from {} closed before any byte: {}",
        id_, peer_, ec ? ec.message() : "end of stream");
    close();
    return;
  }
  if (first_byte_ == kTlsHandshakeRecord) {
    start_tls();
  } else {
    start_plain();
  }
}

void Connection::start_tls() {
  tls_ = std::make_unique<TlsStream>(socket_, *context_.tls);
  handshake_deadline_ = std::make_unique<asio::steady_timer>(socket_.get_executor());
  handshake_deadline_->expires_after(context_.tls_handshake_timeout);
  handshake_deadline_->async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->state_ != State::kOpen || self->handshake_deadline_ == nullptr) return;
    log(self->context_.logger, LogLevel::kInfo,
        "CQL connection {} from {}: TLS handshake failed: not completed within {} ms", self->id_,
        self->peer_, self->context_.tls_handshake_timeout.count());
    self->close();
  });
  tls_->async_handshake(
      asio::ssl::stream_base::server,
      [self = shared_from_this()](const asio::error_code& ec) { self->on_handshake(ec); });
}

void Connection::on_handshake(const asio::error_code& ec) {
  if (state_ != State::kOpen) return;  // stopped or timed out meanwhile (and so closed)
  handshake_deadline_->cancel();
  handshake_deadline_.reset();
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
    // Gone without a word of TLS: a port probe (load balancer, health check) or a
    // client that gave up. Nothing to tell the operator.
    log(context_.logger, LogLevel::kDebug,
        "CQL connection {} from {} closed during the TLS handshake", id_, peer_);
    close();
    return;
  }
  if (ec) {
    std::string reason = ec.message();
    const long verify = SSL_get_verify_result(tls_->native_handle());
    if (verify != X509_V_OK) {
      reason += std::string("; client certificate: ") + X509_verify_cert_error_string(verify);
    }
    log(context_.logger, LogLevel::kInfo, "CQL connection {} from {}: TLS handshake failed: {}",
        id_, peer_, reason);
    close();
    return;
  }
  log(context_.logger, LogLevel::kDebug, "CQL connection {} from {} ({}, {})", id_, peer_,
      SSL_get_version(tls_->native_handle()), SSL_get_cipher_name(tls_->native_handle()));
  read_more();
}

// ---- reading ----

void Connection::read_more() {
  if (state_ != State::kOpen || reading_ || pending_ >= context_.max_pending_requests) return;
  reading_ = true;
  auto on_read = [self = shared_from_this()](const asio::error_code& ec, size_t n) {
    self->on_read(ec, n);
  };
  if (tls_ != nullptr) {
    tls_->async_read_some(asio::buffer(read_buffer_), std::move(on_read));
  } else {
    socket_.async_read_some(asio::buffer(read_buffer_), std::move(on_read));
  }
}

void Connection::on_read(const asio::error_code& ec, size_t n) {
  reading_ = false;
  if (state_ == State::kClosed) return;
  // stream_truncated: a TLS client closed TCP without a close_notify first, which is
  // how most of them leave; CQL frames carry their own lengths, so nothing is lost.
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
    // The client closed its side: answer what it already sent, then close.
    begin_drain();
    return;
  }
  if (ec) {
    log(context_.logger, LogLevel::kDebug, "CQL connection {} from {}: read failed: {}", id_, peer_,
        ec.message());
    close();
    return;
  }
  if (state_ != State::kOpen) return;  // draining: nothing more is taken in
  decoder_.feed(BytesView(read_buffer_.data(), n));
  process_frames();
  read_more();
}

// Takes frames out of the decoder while the connection is open and under its limit of
// pending requests; what stays in the decoder waits for answers to be written.
void Connection::process_frames() {
  while (state_ == State::kOpen && pending_ < context_.max_pending_requests) {
    FrameError error;
    auto next = decoder_.next(&error);
    if (!next.is_ok()) {
      on_frame_error(error);
      continue;  // a frame error that cannot continue has begun draining
    }
    if (!next.value()) return;
    Frame frame = std::move(*next.value());
    on_frame(std::move(frame));
  }
}

void Connection::on_frame_error(const FrameError& error) {
  ++pending_;
  if (error.kind == FrameError::Kind::kUnsupportedVersion) {
    log(context_.logger, LogLevel::kInfo, "CQL connection from {}: {}", peer_, error.message);
    send(unsupported_version_answer(error), /*answers_request=*/true);
    begin_drain();
    return;
  }
  log(context_.logger, LogLevel::kInfo, "CQL protocol error from {} (stream {}): {}{}", peer_,
      error.stream, error.message, error.can_continue ? "" : "; closing the connection");
  Frame f;
  f.version = error.version;
  f.response = true;
  f.stream = error.stream;
  f.opcode = Opcode::kError;
  f.body = encode_simple_error(ErrorCode::kProtocolError, error.message);
  send(encode_frame(f, compression_for(f.body)), /*answers_request=*/true);
  if (!error.can_continue) begin_drain();
}

void Connection::on_frame(Frame frame) {
  ++pending_;
  if (version_ == 0) version_ = frame.version;
  if (frame.version != version_) {
    Frame answer = frame;
    answer.version = version_;
    reply_protocol_error(answer, "Invalid message version. Got " + std::to_string(frame.version) +
                                     " but previous messages on this connection had version " +
                                     std::to_string(version_));
    return;
  }
  switch (frame.opcode) {
    case Opcode::kOptions: reply(frame, Opcode::kSupported, encode_supported()); return;
    case Opcode::kStartup: on_startup(frame); return;
    case Opcode::kRegister: on_register(frame); return;
    case Opcode::kQuery:
    case Opcode::kPrepare:
    case Opcode::kExecute:
    case Opcode::kBatch:
      if (!started_) {
        reply_protocol_error(frame, "Unexpected message " + std::string(opcode_name(frame.opcode)) +
                                        ", expecting STARTUP or OPTIONS");
        return;
      }
      if (needs_login()) {
        reply_protocol_error(frame, "Unexpected message " + std::string(opcode_name(frame.opcode)) +
                                        ", expecting SASL_RESPONSE");
        return;
      }
      dispatch(std::move(frame));
      return;
    case Opcode::kAuthResponse: on_auth_response(frame); return;
    default:
      reply_protocol_error(frame, "Unexpected message " + std::string(opcode_name(frame.opcode)) +
                                      ": it is a response, not a request");
      return;
  }
}

void Connection::on_startup(const Frame& frame) {
  if (started_) {
    reply_protocol_error(frame,
                         "Unexpected message STARTUP, the connection is already initialized");
    return;
  }
  if ((frame.flags & frame_flags::kCompression) != 0) {
    reply_protocol_error(frame, "STARTUP must not be compressed");
    return;
  }
  auto options = decode_startup(frame.body);
  if (!options.is_ok()) {
    reply_protocol_error(frame, options.status().message());
    return;
  }
  started_ = true;
  compression_ = options->compression;
  decoder_.set_compression(compression_);
  if (needs_login()) {
    // Sent uncompressed: drivers turn compression on only once they read this answer.
    BodyWriter w;
    w.write_string(auth::kPasswordAuthenticatorClass);
    send(encode_frame(response(frame, Opcode::kAuthenticate, w.take())), /*answers_request=*/true);
    return;
  }
  reply(frame, Opcode::kReady, {});
}

bool Connection::needs_login() const {
  return context_.auth != nullptr && context_.auth->requires_authentication() && !authenticated_;
}

void Connection::on_auth_response(const Frame& frame) {
  if (context_.auth == nullptr || !context_.auth->requires_authentication()) {
    reply_protocol_error(frame,
                         "Unexpected message AUTH_RESPONSE: this node requires no authentication");
    return;
  }
  if (!started_ || authenticated_) {
    reply_protocol_error(
        frame, started_ ? "Unexpected message AUTH_RESPONSE: the connection is "
                          "already authenticated"
                        : "Unexpected message AUTH_RESPONSE, expecting STARTUP or OPTIONS");
    return;
  }
  if (auth_in_flight_) {
    reply_protocol_error(
        frame, "Unexpected message AUTH_RESPONSE: the previous one is still being checked");
    return;
  }
  BodyReader r(frame.body);
  auto token = r.read_bytes();
  if (!token.is_ok()) {
    reply_protocol_error(frame, "AUTH_RESPONSE: " + token.status().message());
    return;
  }
  asio::error_code ec;
  const auto endpoint = socket_.remote_endpoint(ec);
  std::string address = ec ? peer_ : endpoint.address().to_string();
  auth_in_flight_ = true;
  auto self = shared_from_this();
  auto io = socket_.get_executor();
  asio::post(*context_.workers, [self, io, frame, address = std::move(address),
                                 token = token.value().value_or(Bytes())]() {
    Result<std::string> user = Status::io_error("authentication failed");
    try {
      user = self->context_.auth->authenticate(address, token);
    } catch (const std::exception& e) {
      log(self->context_.logger, LogLevel::kWarn, "CQL login from {} failed: {}", address,
          e.what());
      user = Status::io_error(std::string("authentication failed: ") + e.what());
    }
    asio::post(io, [self, frame, user = std::move(user)]() {
      self->auth_in_flight_ = false;
      if (!user.is_ok()) {
        self->reply(frame, Opcode::kError,
                    encode_simple_error(ErrorCode::kBadCredentials, user.status().message()));
        return;
      }
      {
        std::lock_guard lock(self->keyspace_mu_);
        self->user_ = user.value();
      }
      self->authenticated_ = true;
      BodyWriter w;
      w.write_int(-1);  // [bytes] null: PasswordAuthenticator sends no final token
      self->reply(frame, Opcode::kAuthSuccess, w.take());
    });
  });
}

void Connection::on_register(const Frame& frame) {
  if (!started_) {
    reply_protocol_error(frame, "Unexpected message REGISTER, expecting STARTUP or OPTIONS");
    return;
  }
  if (needs_login()) {
    reply_protocol_error(frame, "Unexpected message REGISTER, expecting SASL_RESPONSE");
    return;
  }
  auto request = decode_register(frame.body);
  if (!request.is_ok()) {
    reply_protocol_error(frame, request.status().message());
    return;
  }
  bool schema = false;
  for (const auto& event : request->events) {
    if (event == "SCHEMA_CHANGE") {
      schema = true;
    } else if (event != "TOPOLOGY_CHANGE" && event != "STATUS_CHANGE") {
      reply_protocol_error(frame, "Invalid event type " + event);
      return;
    }
  }
  // A single node never changes topology or status while serving; those registrations
  // are accepted and simply never fire.
  schema_events_ = schema_events_ || schema;
  reply(frame, Opcode::kReady, {});
}

// ---- query-carrying requests, on a worker ----

void Connection::dispatch(Frame frame) {
  if (frame.opcode == Opcode::kExecute && run_quick(frame)) return;
  auto self = shared_from_this();
  auto io = socket_.get_executor();
  asio::post(*context_.workers,
             [self, io, frame = std::move(frame), compression = compression_]() mutable {
               Bytes answer = self->execute(frame, compression);
               asio::post(io, [self, answer = std::move(answer)]() mutable {
                 self->send(std::move(answer), /*answers_request=*/true);
               });
             });
}

bool Connection::run_quick(Frame& frame) {
  if ((frame.flags & frame_flags::kCustomPayload) != 0) return false;
  auto decoded = decode_execute(frame.body);
  // A body that does not decode goes to a worker too, which answers the error.
  if (!decoded.is_ok() || !context_.handler->is_quick(decoded.value())) return false;
  ClientState state;
  state.protocol_version = frame.version;
  {
    std::lock_guard lock(keyspace_mu_);
    state.keyspace = keyspace_;
    state.user = user_;
  }
  frame.body = Bytes();  // the answer needs the header only
  // Called once: here, before execute_async returns, or on the commitlog's sync thread
  // once the write is durable.
  auto answer = [self = shared_from_this(), header = std::move(frame), compression = compression_,
                 io = socket_.get_executor(), lifetime = context_.io_lifetime,
                 io_thread = std::this_thread::get_id()](Outcome outcome) {
    Bytes bytes = self->encode_answer(header, outcome, compression);
    if (std::this_thread::get_id() == io_thread) {
      self->send(std::move(bytes), /*answers_request=*/true);
      return;
    }
    std::lock_guard lock(lifetime->mu);
    if (!lifetime->running) return;  // the server stopped; the connection is gone
    asio::post(io, [self, bytes = std::move(bytes)]() mutable {
      self->send(std::move(bytes), /*answers_request=*/true);
    });
  };
  try {
    context_.handler->execute_async(state, decoded.value(), answer);
  } catch (const std::exception& e) {
    // Thrown before the answer was handed on (the handler calls it last): give it here.
    log(context_.logger, LogLevel::kWarn, "CQL EXECUTE from {} failed: {}", peer_, e.what());
    answer(CqlError::of(ErrorCode::kServerError, e.what()));
  }
  return true;
}

Bytes Connection::execute(const Frame& request, CompressionAlgorithm compression) {
  Outcome outcome;
  try {
    outcome = run_request(request);
  } catch (const std::exception& e) {
    log(context_.logger, LogLevel::kWarn, "CQL {} from {} failed: {}", opcode_name(request.opcode),
        peer_, e.what());
    outcome = CqlError::of(ErrorCode::kServerError, e.what());
  } catch (...) {
    log(context_.logger, LogLevel::kWarn, "CQL {} from {} failed with an unknown exception",
        opcode_name(request.opcode), peer_);
    outcome = CqlError::of(ErrorCode::kServerError, "unknown exception");
  }
  return encode_answer(request, outcome, compression);
}

Bytes Connection::encode_answer(const Frame& request, const Outcome& outcome,
                                CompressionAlgorithm compression) const {
  if (const auto* error = std::get_if<CqlError>(&outcome);
      error != nullptr && error->code == ErrorCode::kProtocolError) {
    log(context_.logger, LogLevel::kInfo, "CQL protocol error from {} (stream {}): {}", peer_,
        request.stream, error->message);
  }
  try {
    const Frame answer = response_frame(request, outcome);
    return encode_frame(answer, answer.body.empty() ? CompressionAlgorithm::kNone : compression);
  } catch (const std::exception& e) {
    // Out of memory for a huge result, say: the request still gets its one answer, or
    // the connection would wait for it forever.
    log(context_.logger, LogLevel::kWarn, "CQL {} from {}: cannot encode the response: {}",
        opcode_name(request.opcode), peer_, e.what());
    return encode_frame(
        response(request, Opcode::kError, encode_simple_error(ErrorCode::kServerError, e.what())));
  }
}

Outcome Connection::run_request(const Frame& request) {
  BytesView body = request.body;
  if ((request.flags & frame_flags::kCustomPayload) != 0) {
    auto rest = skip_custom_payload(body);
    if (!rest.is_ok()) return protocol_error("custom payload: " + rest.status().message());
    body = rest.value();
  }
  ClientState state;
  state.protocol_version = request.version;
  {
    std::lock_guard lock(keyspace_mu_);
    state.keyspace = keyspace_;
    state.user = user_;
  }
  const std::string keyspace_before = state.keyspace;
  QueryHandler& handler = *context_.handler;
  Outcome outcome;
  switch (request.opcode) {
    case Opcode::kQuery: {
      auto q = decode_query(body);
      if (!q.is_ok()) return protocol_error(q.status().message());
      outcome = handler.query(state, q.value());
      break;
    }
    case Opcode::kPrepare: {
      auto p = decode_prepare(body);
      if (!p.is_ok()) return protocol_error(p.status().message());
      outcome = handler.prepare(state, p.value());
      break;
    }
    case Opcode::kExecute: {
      auto e = decode_execute(body);
      if (!e.is_ok()) return protocol_error(e.status().message());
      outcome = handler.execute(state, e.value());
      break;
    }
    case Opcode::kBatch: {
      auto b = decode_batch(body);
      if (!b.is_ok()) return protocol_error(b.status().message());
      outcome = handler.batch(state, b.value());
      break;
    }
    default:
      assert(false && "only query-carrying requests are dispatched");
      return protocol_error("unexpected opcode");
  }
  if (state.keyspace != keyspace_before) {
    std::lock_guard lock(keyspace_mu_);
    keyspace_ = state.keyspace;
  }
  return outcome;
}

// ---- writing ----

CompressionAlgorithm Connection::compression_for(BytesView body) const {
  // Empty bodies (READY) go uncompressed: the spec lets a server compress at its
  // discretion once compression is agreed, and the flag says which frames are.
  return started_ && !body.empty() ? compression_ : CompressionAlgorithm::kNone;
}

void Connection::reply(const Frame& request, Opcode opcode, Bytes body) {
  const CompressionAlgorithm compression = compression_for(body);
  send(encode_frame(response(request, opcode, std::move(body)), compression),
       /*answers_request=*/true);
}

void Connection::reply_protocol_error(const Frame& request, const std::string& message) {
  log(context_.logger, LogLevel::kInfo, "CQL protocol error from {} (stream {}): {}", peer_,
      request.stream, message);
  reply(request, Opcode::kError, encode_simple_error(ErrorCode::kProtocolError, message));
}

void Connection::send_schema_event(const Bytes& event_body) {
  if (state_ == State::kClosed || !schema_events_) return;
  Frame f;
  f.version = version_;
  f.response = true;
  f.stream = -1;
  f.opcode = Opcode::kEvent;
  f.body = event_body;
  send(encode_frame(f, compression_for(f.body)), /*answers_request=*/false);
}

void Connection::send(Bytes bytes, bool answers_request) {
  // A response finishing after the connection closed has no one to go to.
  if (state_ == State::kClosed) return;
  queue_.push_back(Outgoing{std::move(bytes), answers_request});
  write_queued();
}

// Sends everything queued in one gathered write; what is queued meanwhile goes next.
void Connection::write_queued() {
  if (write_in_flight_ || queue_.empty() || state_ == State::kClosed) return;
  writing_.clear();
  while (!queue_.empty()) {
    writing_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  write_in_flight_ = true;
  auto on_written = [self = shared_from_this()](const asio::error_code& ec, size_t) {
    self->on_written(ec);
  };
  if (tls_ == nullptr) {
    // Buffers are taken once writing_ no longer reallocates (short strings live inline).
    std::vector<asio::const_buffer> buffers;
    buffers.reserve(writing_.size());
    for (const auto& out : writing_) buffers.emplace_back(asio::buffer(out.bytes));
    asio::async_write(socket_, buffers, std::move(on_written));
    return;
  }
  // Asio's TLS stream turns each buffer into records and socket writes of its own: one
  // joined buffer keeps a batch of small responses to a few records.
  if (writing_.size() == 1) {
    asio::async_write(*tls_, asio::buffer(writing_.front().bytes), std::move(on_written));
    return;
  }
  tls_write_buffer_.clear();
  for (const auto& out : writing_) tls_write_buffer_ += out.bytes;
  asio::async_write(*tls_, asio::buffer(tls_write_buffer_), std::move(on_written));
}

void Connection::on_written(const asio::error_code& ec) {
  write_in_flight_ = false;
  if (tls_write_buffer_.capacity() > kMaxKeptTlsWriteBytes) Bytes().swap(tls_write_buffer_);
  if (state_ == State::kClosed) return;
  if (ec) {
    log(context_.logger, LogLevel::kDebug, "CQL connection {} from {}: write failed: {}", id_,
        peer_, ec.message());
    close();
    return;
  }
  for (const auto& out : writing_) {
    if (out.answers_request) {
      assert(pending_ > 0);
      --pending_;
    }
  }
  writing_.clear();
  write_queued();
  if (state_ == State::kDraining) {
    finish_drain_if_done();
    return;
  }
  // Answers went out: take in the frames that waited for them, then read again.
  process_frames();
  read_more();
}

// ---- closing ----

void Connection::begin_drain() {
  if (state_ != State::kOpen) return;
  state_ = State::kDraining;
  finish_drain_if_done();
}

void Connection::finish_drain_if_done() {
  if (state_ == State::kDraining && pending_ == 0 && !write_in_flight_ && queue_.empty()) close();
}

void Connection::close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (handshake_deadline_ != nullptr) handshake_deadline_->cancel();
  queue_.clear();
  log(context_.logger, LogLevel::kDebug, "CQL connection {} from {} closed", id_, peer_);
  if (context_.on_closed) context_.on_closed(id_);
}

}  // namespace cairn::cql
