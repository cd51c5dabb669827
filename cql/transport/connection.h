// One client connection of the native-protocol server (server.h): the protocol state
// machine of §4 over one socket.
//
// Transport. Plain TCP, or TLS over it (tls.h) when the server has a TLS context: the
// handshake runs asynchronously on the I/O thread before the first read, and a failed
// one (or one not finished within tls_handshake_timeout) is logged and closes only
// this connection. With `tls_optional` the first byte the client sends decides: 0x16
// (a TLS handshake record) starts TLS, anything else (a CQL frame's version byte)
// stays plain. Reads and writes pick the stream with one branch per operation; the
// plain path is as it was.
//
// Bytes read are cut into frames by a FrameDecoder. STARTUP, OPTIONS and REGISTER are
// answered on the I/O thread, and so are EXECUTEs of quick prepared statements
// (single-partition reads, plain writes: QueryHandler::is_quick) — a write's answer
// then comes back from the commitlog's sync thread once it is durable. Other QUERY,
// PREPARE, EXECUTE and BATCH requests are decoded and run on a worker thread, and their
// responses come back to the I/O thread to be written.
// Frame errors are answered with a protocol error on their stream; the connection is
// closed (after the answer is written) only when the byte stream cannot go on.
//
// States: open (reading) → draining (not reading; closes once every pending request is
// answered and written) → closed. A peer that closes its side, an unrecoverable frame
// and Server::stop() all drain; a socket error closes at once.
//
// Authentication. With a PasswordAuthenticator (ConnectionContext::auth), STARTUP is
// answered with AUTHENTICATE; the client's AUTH_RESPONSE (a SASL PLAIN token) is checked
// on a worker (scrypt is slow) and answered with AUTH_SUCCESS or AuthenticationFailed.
// Until AUTH_SUCCESS every other request but OPTIONS is a protocol error, as in
// Cassandra; a failed login leaves the connection waiting for another AUTH_RESPONSE.
//
// ClientState. The connection's USE keyspace lives under a mutex. Each request runs on
// a copy taken when it starts; when the handler changed the copy's keyspace (USE), the
// new keyspace is written back. Requests of one connection that run concurrently with
// a USE therefore see the keyspace of before or after it, never a torn one, and a
// request that did not change the keyspace never overwrites a concurrent USE.
//
// Thread safety: every method is called on the connection's I/O thread only (the thread
// of the io_context its socket belongs to; the server has one per core); the
// worker-side code reaches the connection only through the ClientState mutex and by
// posting back to that thread.
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/thread_pool.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/logging.h"
#include "cql/protocol/frame.h"
#include "cql/query/query_handler.h"

namespace cairn::cql {

namespace auth {
class AuthService;
}

// Whether the server's I/O threads still take work. An answer that arrives from another
// thread after the server stopped (a write whose commitlog sync outlasted the stop) is
// dropped under `mu` rather than posted to an io_context that may be gone.
struct IoLifetime {
  std::mutex mu;
  bool running = true;  // guarded by mu
};

// What every connection of one server shares. Outlives the connections.
struct ConnectionContext {
  QueryHandler* handler = nullptr;
  asio::thread_pool* workers = nullptr;
  Logger* logger = nullptr;  // may be null
  auth::AuthService* auth = nullptr;  // may be null: no authentication
  uint64_t max_frame_bytes = 0;
  size_t max_pending_requests = 0;
  std::shared_ptr<IoLifetime> io_lifetime = std::make_shared<IoLifetime>();
  // Non-null: serve TLS with this context (see Transport above).
  asio::ssl::context* tls = nullptr;
  bool tls_optional = false;  // with `tls`: plain connections are served too
  std::chrono::milliseconds tls_handshake_timeout{0};  // with `tls`
  // Called on the I/O thread once the connection has closed.
  std::function<void(uint64_t id)> on_closed;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(uint64_t id, asio::ip::tcp::socket socket, const ConnectionContext& context);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  uint64_t id() const { return id_; }
  const std::string& peer() const { return peer_; }
  // The executor of the I/O thread this connection lives on: every method below must be
  // called there.
  asio::any_io_executor executor() { return socket_.get_executor(); }

  // Starts reading.
  void start();
  // Stops reading; closes once every pending request is answered and written.
  void begin_drain();
  // Closes the socket now; responses still to come are dropped.
  void close();
  // Queues an EVENT (stream -1) with this body if the connection REGISTERed for
  // SCHEMA_CHANGE.
  void send_schema_event(const Bytes& event_body);

 private:
  enum class State { kOpen, kDraining, kClosed };
  struct Outgoing {
    Bytes bytes;
    bool answers_request = false;  // counted in pending_ until written
  };

  using TlsStream = asio::ssl::stream<asio::ip::tcp::socket&>;

  void start_plain();
  void on_first_byte(const asio::error_code& ec, size_t n);
  void start_tls();
  void on_handshake(const asio::error_code& ec);
  void read_more();
  void on_read(const asio::error_code& ec, size_t n);
  void process_frames();
  void on_frame_error(const FrameError& error);
  void on_frame(Frame frame);
  void on_startup(const Frame& frame);
  void on_register(const Frame& frame);
  bool needs_login() const;
  void on_auth_response(const Frame& frame);
  void dispatch(Frame frame);
  void reply(const Frame& request, Opcode opcode, Bytes body);
  void reply_protocol_error(const Frame& request, const std::string& message);
  void send(Bytes bytes, bool answers_request);
  void write_queued();
  void on_written(const asio::error_code& ec);
  void finish_drain_if_done();
  CompressionAlgorithm compression_for(BytesView body) const;

  // Runs `frame` on the I/O thread when it is an EXECUTE of a quick prepared statement
  // (QueryHandler::is_quick): a single-partition read, or a write that waits for group
  // commit without holding a thread. False, with `frame` untouched, for anything else.
  bool run_quick(Frame& frame);
  // Worker side: runs a query-carrying request and returns the whole response frame.
  Bytes execute(const Frame& request, CompressionAlgorithm compression);
  // The response frame answering `request` with `outcome`, encoded. Any thread.
  Bytes encode_answer(const Frame& request, const Outcome& outcome,
                      CompressionAlgorithm compression) const;
  Outcome run_request(const Frame& request);

  const uint64_t id_;
  asio::ip::tcp::socket socket_;
  // Set when TLS starts, after which every read and write goes through it. Declared
  // after socket_, which it refers to.
  std::unique_ptr<TlsStream> tls_;
  std::unique_ptr<asio::steady_timer> handshake_deadline_;  // while the handshake runs
  const ConnectionContext& context_;
  const std::string peer_;  // "address:port", for logs

  // I/O thread only.
  State state_ = State::kOpen;
  FrameDecoder decoder_;
  std::vector<char> read_buffer_;
  uint8_t first_byte_ = 0;  // peeked at with tls_optional
  Bytes tls_write_buffer_;  // TLS: the batch being written, in one piece
  bool reading_ = false;
  size_t pending_ = 0;  // requests decoded and not yet answered on the socket
  std::deque<Outgoing> queue_;
  std::vector<Outgoing> writing_;  // the batch async_write is sending
  bool write_in_flight_ = false;
  uint8_t version_ = 0;  // set by the first frame: one version per connection
  bool started_ = false;
  CompressionAlgorithm compression_ = CompressionAlgorithm::kNone;
  bool schema_events_ = false;
  bool authenticated_ = false;   // PasswordAuthenticator: AUTH_SUCCESS was sent
  bool auth_in_flight_ = false;  // an AUTH_RESPONSE is being checked on a worker

  // Shared with the workers.
  std::mutex keyspace_mu_;
  std::string keyspace_;  // guarded by keyspace_mu_
  std::string user_;      // the role logged in; guarded by keyspace_mu_
};

}  // namespace cairn::cql
