// ClientPool: the connections of one `cairn-bench cql` run, spread round-robin over one
// or more I/O threads (an io_context each), and the thread plumbing to run a load on
// them.
//
// Connection i lives on group i % io_threads. Between runs the pool is idle and every
// blocking call (open, call(), prepare) runs on the caller's thread; run_groups() then
// runs each group's io_context on a thread of its own (group 0 on the caller's) until
// the load stops it.
//
// Thread safety: not thread-safe; one thread owns the pool. Inside run_groups(), each
// group and its connections belong to its thread.
#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "common/result.h"
#include "cql/client/connection.h"

namespace cairn::bench::cqlclient {

// The connection and its messages are the shared client of cql/client/.
using namespace ::cairn::cql::client;

struct PoolOptions {
  ConnectionOptions connection;
  size_t connections = 50;
  size_t io_threads = 1;
  // For each connection's TCP connect and STARTUP.
  std::chrono::milliseconds connect_timeout{5000};
};

// The connections one I/O thread serves.
struct IoGroup {
  // Declared first so it is destroyed last: the connections' sockets need it.
  asio::io_context io{1};
  std::vector<std::unique_ptr<CqlConnection>> connections;
};

class ClientPool {
 public:
  // Opens every connection (TCP and STARTUP), one after another. The first failure is
  // returned, naming the connection's number and the node.
  static Result<std::unique_ptr<ClientPool>> open(const PoolOptions& options);

  size_t size() const { return size_; }
  CqlConnection& connection(size_t i) {
    return *groups_[i % groups_.size()]->connections[i / groups_.size()];
  }

  // One blocking request on connection `i` (see CqlConnection::call).
  Result<Response> call(size_t i, cql::Opcode opcode, Bytes body,
                        std::chrono::milliseconds timeout = std::chrono::seconds(30));

  std::vector<std::unique_ptr<IoGroup>>& groups() { return groups_; }

  // Calls `body(g)` for every group number g, each on a thread of its own (group 0 on
  // the calling thread), and returns once all have returned.
  void run_groups(const std::function<void(size_t g)>& body);

 private:
  ClientPool() = default;

  std::vector<std::unique_ptr<IoGroup>> groups_;
  size_t size_ = 0;
};

}  // namespace cairn::bench::cqlclient
