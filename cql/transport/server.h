// The CQL native-protocol server: accepts TCP connections on native_transport_port and
// serves protocol v4 (and v3) frames on them, handing QUERY, PREPARE, EXECUTE and
// BATCH to a QueryHandler.
//
// Threads. `io_threads` I/O threads (one per core by default) each run an io_context;
// accepted connections are dealt to them in turn, and a connection's TLS handshake and
// encryption, reads, frame decoding, writes — and its quick requests
// (QueryHandler::is_quick) — all run on its own I/O thread. `worker_threads` threads
// run the other QueryHandler calls, which may block on the commitlog. A connection may
// have many requests in flight; each is answered on its own stream as soon as it
// finishes, so responses may overtake one another. Writes of one connection are
// serialized on its I/O thread.
//
// Backpressure. A request counts as pending from the moment its frame is decoded until
// its response has been written to the socket. A connection with
// `max_pending_requests_per_connection` pending requests stops reading (TCP then pushes
// back on the client) until some are answered — so neither a fast client nor one that
// never reads its responses can make the node buffer without bound.
//
// Shutdown. stop() stops accepting and stops reading on every connection, lets the
// requests already decoded run to completion, writes their responses (waiting at most
// `stop_write_timeout` for clients that do not read them), then closes the connections
// and joins the threads.
//
// Thread safety: every public method may be called from any thread, except that stop()
// and the destructor must not be called from inside a QueryHandler call (they wait for
// those calls to finish).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/logging.h"
#include "common/status.h"
#include "cql/protocol/results.h"
#include "cql/query/query_handler.h"
#include "cql/transport/tls.h"

namespace cairn::cql {

namespace auth {
class AuthService;
}

struct ServerOptions {
  // The address to listen on (native_transport_address): an IP literal or a host name.
  std::string address = "127.0.0.1";
  // native_transport_port; 0 picks any free port (see Server::port()).
  uint16_t port = 9042;
  // native_transport_max_frame_size: a frame (header included) past it is refused with
  // a protocol error.
  uint64_t max_frame_bytes = 16 << 20;
  // QueryHandler calls running at once across all connections. They block on the
  // commitlog, so group commit needs many.
  size_t worker_threads = 64;
  // Threads serving sockets; 0 means one per core (std::thread::hardware_concurrency).
  size_t io_threads = 0;
  // Requests of one connection decoded but not yet answered; past it the connection
  // stops reading until some finish.
  size_t max_pending_requests_per_connection = 1024;
  // How long stop() waits for clients to take the responses of their last requests
  // before it closes their connections anyway. Only a client that stopped reading
  // makes stop() wait this long.
  std::chrono::milliseconds stop_write_timeout{10'000};
  // client_encryption_options: with tls.enabled every connection speaks TLS (or, with
  // tls.optional, TLS or plain as the client begins). The key material is loaded by
  // start(). A failed handshake is logged at info and closes only its connection.
  TlsOptions tls;
  // A TLS handshake not finished this long after it began fails (10 s is Netty's
  // default, on which Cassandra's TLS runs), so a client cannot hold a connection
  // half-open by stalling it.
  std::chrono::milliseconds tls_handshake_timeout{10'000};
  // Connects and disconnects at debug, protocol errors at info, handler failures at
  // warn. Null: no logging. Must outlive the Server.
  Logger* logger = nullptr;
  // PasswordAuthenticator: clients log in (SASL PLAIN) before any request is served.
  // Null, or one that requires no authentication: no login. Must outlive the Server.
  auth::AuthService* auth = nullptr;
};

class Server {
 public:
  // `handler` must outlive the Server.
  Server(ServerOptions options, QueryHandler& handler);
  ~Server();  // stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. InvalidArgument for an address that is
  // neither an IP nor a resolvable name, IOError when it cannot be bound; both name
  // address:port. InvalidArgument naming the option and file when TLS is enabled and
  // its key material cannot be loaded. REQUIRES: called once, before stop().
  Status start();

  // The bound port (the one chosen when options.port was 0); 0 before start().
  uint16_t port() const;

  // Sends a SCHEMA_CHANGE EVENT (stream -1) to every connection that REGISTERed for
  // SCHEMA_CHANGE. The server never publishes by itself: whoever owns the
  // QueryHandler calls this after a schema change. A no-op unless running.
  void publish(const SchemaChange& change);

  // Stops accepting, finishes the requests in flight and writes their responses,
  // closes every connection and joins the threads. Idempotent.
  void stop();

  // Open client connections.
  size_t connection_count() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn::cql
