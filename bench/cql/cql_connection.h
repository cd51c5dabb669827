// CqlConnection: one client connection to a node's CQL port, speaking native protocol
// v4 over standalone Asio, for cairn-bench's `cql` workload.
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
// A socket error, a malformed frame, an answer on a stream nothing waits for (during
// call()), or the node closing the connection fail it: the Listener hears
// on_failure() once, and nothing more.
//
// Thread safety: none. Every method, and every Listener call, runs on the one thread
// that runs the io_context at that moment.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <string>

#include "bench/cql/cql_messages.h"
#include "common/bytes.h"
#include "common/compression.h"
#include "common/result.h"
#include "cql/protocol/frame.h"

namespace cairn::bench::cqlclient {

struct ConnectionOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 9042;
  // Asked for in STARTUP; request bodies are compressed with it once the node agreed.
  CompressionAlgorithm compression = CompressionAlgorithm::kNone;
  // A response body past this fails the connection rather than being buffered.
  uint64_t max_body_bytes = 256ull << 20;
};

// A decoded response: its opcode and its message (decompressed, without the tracing
// id, warnings or custom payload).
struct Response {
  cql::Opcode opcode = cql::Opcode::kError;
  Bytes message;
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

  // Connects and negotiates STARTUP (READY expected). IOError naming host:port when the
  // connection is refused or times out; an ERROR or AUTHENTICATE answer is reported
  // with its message. REQUIRES: called once, first.
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

  asio::io_context& io_;
  ConnectionOptions options_;
  size_t index_;
  std::string peer_;
  asio::ip::tcp::socket socket_;
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

}  // namespace cairn::bench::cqlclient
