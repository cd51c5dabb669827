// AdminServer: the admin HTTP/1.1 server (api_address:api_port, default 127.0.0.1:10000)
// on Boost.Beast. It parses requests, hands each to a Handler (AdminRoutes) on a worker
// thread, and writes the reply; it knows nothing of what the endpoints do.
//
// Threads: one I/O thread runs every socket; `worker_threads` threads run handlers,
// which may block for long (flush, snapshot, drain), so a slow operation never stalls a
// /metrics scrape while a worker is free. Connections are kept alive as HTTP/1.1 asks.
// A request that is not valid HTTP, or whose body is over `max_body_bytes`, gets 400 with
// a JSON error and the connection is closed; a connection idle for `idle_timeout` is
// closed.
//
// stop() stops accepting, closes every connection, waits for running handlers and
// joins the threads. Idempotent; the destructor calls it.
//
// Thread safety: start() once, then stop() from any thread except a handler's.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/logging.h"
#include "common/status.h"
#include "tools/cairnd/admin/admin_routes.h"

namespace cairn::tools {

struct AdminServerOptions {
  std::string address = "127.0.0.1";  // api_address: an IP address
  uint16_t port = 10000;              // api_port; 0 picks a free port (see port())
  size_t worker_threads = 4;
  uint64_t max_body_bytes = 1 << 20;
  std::chrono::seconds idle_timeout{60};
  Logger* logger = nullptr;  // must outlive the server; null: no logging
};

class AdminServer {
 public:
  using Handler = std::function<HttpReply(const std::string& method, const std::string& target,
                                          const std::string& body)>;
  AdminServer(AdminServerOptions options, Handler handler);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds and listens; InvalidArgument for an address that is not an IP address,
  // IOError naming address:port when it cannot be bound.
  Status start();
  uint16_t port() const;
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn::tools
