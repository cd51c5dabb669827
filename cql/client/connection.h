// CqlConnection: one client connection to a node's CQL port, speaking native protocol
// v4 over standalone Asio, plain TCP or TLS (asio::ssl over OpenSSL). Used by
// cairn-bench's `cql` workload and, through cql::client::Client, by the cairn-cql shell.
//
// Two ways to use it:
//  - Setup, blocking: open() connects and sends STARTUP; call() sends one request on
//    stream 0 and waits for its answer. Both drive the io_context on the calling
//    thread, so no other thread may be running that io_context meanwhile.
//  - Load, asynchronous: send() queues a request on a stream and returns; the answer
//    reaches the Listener on the io_context's thread. Requests sent while a write is
//    in progress are coalesced into the next write(2), as drivers do. Any number of
//    streams may be outstanding; the caller picks the stream ids and must not reuse
//    one before its answer arrived.
// open() also does the TLS handshake (verifying the node's certificate against the
// CA file, or the system's CAs, and its name when `tls.verify_hostname`) and answers an
// AUTHENTICATE with SASL PLAIN when credentials are given.
// A socket error, a malformed frame, an answer on a stream nothing waits for (during
// call()), or the node closing the connection fail it: the Listener hears
// on_failure() once, and nothing more.
//
// Thread safety: none. Every method, and every Listener call, runs on the one thread
// that runs the io_context at that moment.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cql/client/messages.h"
#include "common/bytes.h"
#include "common/compression.h"
#include "common/result.h"
#include "cql/protocol/frame.h"

namespace cairn::cql::client {

// Client-side TLS (the node's client_encryption_options).
struct TlsOptions {
  bool enabled = false;
  // PEM file of the CA(s) the node's certificate must chain to; empty: the system's
  // default CA paths.
  std::string ca_file;
  // PEM client certificate and its private key, for nodes that require one.
  std::string cert_file;
  std::string key_file;
  // Check the node's certificate (chain and, with verify_hostname, its name against
  // `host`). Off only when the operator says so (cqlsh's SSL_VALIDATE=false).
  bool verify = true;
  bool verify_hostname = false;
};

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 9042;
  TlsOptions tls;
  // Given to a node that answers STARTUP with AUTHENTICATE (PasswordAuthenticator:
  // SASL PLAIN). Without a username such a node is refused with a clear error.
  std::optional<std::string> username;
  std::string password;
  // STARTUP's DRIVER_NAME.
  std::string driver_name = "cairn";
  // Asked for in STARTUP; request bodies are compressed with it once the node agreed.
  CompressionAlgorithm compression = CompressionAlgorithm::kNone;
  // A response body past this fails the connection rather than being buffered.
  uint64_t max_body_bytes = 256ull << 20;
};

// A decoded response: its opcode and its message (decompressed, without the tracing
// id, warnings or custom payload), and the warnings the node sent with it.
struct Response {
  cql::Opcode opcode = cql::Opcode::kError;
  Bytes message;
  std::vector<std::string> warnings;
};

class CqlConnection {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void on_response(CqlConnection& connection, int16_t stream, Response response) = 0;
    // The connection is unusable; no response follows.
    virtual void on_failure(CqlConnection& connection, const Status& status) = 0;
  };

  // `index` is the caller's name for the connection (Listener calls carry it back).
  CqlConnection(asio::io_context& io, ConnectionOptions options, size_t index);
  CqlConnection(const CqlConnection&) = delete;
  CqlConnection& operator=(const CqlConnection&) = delete;

  // Connects, does the TLS handshake when asked, and negotiates STARTUP (READY, or
  // AUTHENTICATE then AUTH_RESPONSE and AUTH_SUCCESS). IOError naming host:port when
  // the connection is refused, times out or the handshake fails; an ERROR answer
  // (e.g. bad credentials) is reported with its code and message; AUTHENTICATE with
  // no credentials is NotSupported naming the authenticator. REQUIRES: called once, first.
  Status open(std::chrono::milliseconds timeout);

  // Sends one request on stream 0 and waits for its response (an ERROR is a Response
  // like any other). A timeout or failure fails the connection. REQUIRES: open()
  // succeeded; no request is outstanding.
  Result<Response> call(cql::Opcode opcode, Bytes body, std::chrono::milliseconds timeout);

  // Where asynchronous responses go; may be null while nothing is outstanding.
  void set_listener(Listener* listener) { listener_ = listener; }
  // Queues a request on `stream`. Does nothing on a failed connection.
  void send(int16_t stream, cql::Opcode opcode, Bytes body);
  // Fails the connection with `status` (e.g. a request that timed out): the socket is
  // closed and the listener hears on_failure. Idempotent.
  void fail(const Status& status);

  bool failed() const { return failed_; }
  size_t index() const { return index_; }
  // "host:port", for messages.
  const std::string& peer() const { return peer_; }

 private:
  void read_more();
  void on_read(const asio::error_code& ec, size_t n);
  // Hands every complete frame in the input buffer to the listener.
  Status dispatch_frames();
  void start_write();
  // Runs the io_context on this thread until *done or the deadline.
  void drive(const bool& done, std::chrono::steady_clock::time_point deadline);
  Status tls_handshake(std::chrono::steady_clock::time_point deadline);
  // Answers AUTHENTICATE (the body of which is `authenticate`).
  Status authenticate(BytesView authenticate, std::chrono::steady_clock::time_point deadline);
  template <typename Buffers, typename Handler>
  void async_write_bytes(const Buffers& buffers, Handler&& handler);

  asio::io_context& io_;
  ConnectionOptions options_;
  size_t index_;
  std::string peer_;
  asio::ssl::context ssl_context_;
  // The TCP socket is its next layer; reads and writes go through the TLS layer only
  // when tls_ (set once the handshake succeeded).
  asio::ssl::stream<asio::ip::tcp::socket> stream_;
  bool tls_ = false;
  Listener* listener_ = nullptr;
  // Only set once the node answered READY: STARTUP itself is never compressed.
  CompressionAlgorithm compression_ = CompressionAlgorithm::kNone;
  bool failed_ = false;

  Bytes in_;  // received bytes; [in_begin_, in_end_) not yet dispatched
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  Bytes out_pending_;  // frames queued while a write is in progress
  Bytes out_writing_;  // the bytes of the write in progress
  bool writing_ = false;
};

}  // namespace cairn::cql::client
