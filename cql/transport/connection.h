// One client connection of the native-protocol server (server.h): the protocol state
// machine of §4 over one socket.
//
// Bytes read are cut into frames by a FrameDecoder. STARTUP, OPTIONS and REGISTER are
// answered on the I/O thread; QUERY, PREPARE, EXECUTE and BATCH are decoded and run on
// a worker thread, and their responses come back to the I/O thread to be written.
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
// Thread safety: every method is called on the I/O thread only (the server's single
// io_context thread); the worker-side code reaches the connection only through the
// ClientState mutex and by posting back to the I/O thread.
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/thread_pool.hpp>
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

// What every connection of one server shares. Outlives the connections.
struct ConnectionContext {
  QueryHandler* handler = nullptr;
  asio::thread_pool* workers = nullptr;
  Logger* logger = nullptr;  // may be null
  auth::AuthService* auth = nullptr;  // may be null: no authentication
  uint64_t max_frame_bytes = 0;
  size_t max_pending_requests = 0;
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

  // Worker side: runs a query-carrying request and returns the whole response frame.
  Bytes execute(const Frame& request, CompressionAlgorithm compression);
  Outcome run_request(const Frame& request);

  const uint64_t id_;
  asio::ip::tcp::socket socket_;
  const ConnectionContext& context_;
  const std::string peer_;  // "address:port", for logs

  // I/O thread only.
  State state_ = State::kOpen;
  FrameDecoder decoder_;
  std::vector<char> read_buffer_;
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
