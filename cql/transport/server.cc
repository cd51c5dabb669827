#include "cql/transport/server.h"

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/thread_pool.hpp>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "cql/transport/connection.h"

namespace cairn::cql {

namespace {
// After a failed accept (out of file descriptors, say), wait this long before the next
// one rather than spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, QueryHandler& handler);
  ~Impl() { stop(); }

  Status start();
  void stop();
  void publish(const SchemaChange& change);
  uint16_t port() const { return port_.load(); }
  size_t connection_count() const;

 private:
  enum class State { kNew, kRunning, kStopped };

  Result<asio::ip::tcp::endpoint> resolve();
  std::string where() const;
  void run_io();
  void accept_next();
  void on_accepted(const asio::error_code& ec, asio::ip::tcp::socket socket);
  void on_connection_closed(uint64_t id);
  std::vector<std::shared_ptr<Connection>> connections() const;
  // Runs `f` on the I/O thread and waits for it. REQUIRES: the I/O thread is running.
  void run_on_io(const std::function<void()>& f);

  ServerOptions options_;
  // Declared first: every socket, timer and pending handler goes before it.
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_{io_};
  asio::steady_timer accept_retry_{io_};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::unique_ptr<asio::thread_pool> workers_;
  std::thread io_thread_;
  ConnectionContext context_;

  std::mutex lifecycle_mu_;    // serializes start() and stop()
  State state_ = State::kNew;  // guarded by lifecycle_mu_
  std::atomic<bool> running_{false};
  std::atomic<uint16_t> port_{0};

  bool accepting_ = false;  // I/O thread only
  uint64_t next_id_ = 0;    // I/O thread only

  mutable std::mutex mu_;
  std::condition_variable closed_cv_;  // signalled when a connection leaves connections_
  // Inserted and erased on the I/O thread; read anywhere under mu_.
  std::map<uint64_t, std::shared_ptr<Connection>> connections_;
};

Server::Impl::Impl(ServerOptions options, QueryHandler& handler) : options_(std::move(options)) {
  context_.handler = &handler;
  context_.logger = options_.logger;
  context_.auth = options_.auth;
  context_.max_frame_bytes = options_.max_frame_bytes;
  context_.max_pending_requests = std::max<size_t>(1, options_.max_pending_requests_per_connection);
  context_.on_closed = [this](uint64_t id) { on_connection_closed(id); };
}

std::string Server::Impl::where() const {
  return options_.address + ":" + std::to_string(options_.port);
}

Result<asio::ip::tcp::endpoint> Server::Impl::resolve() {
  // An empty name would resolve to the loopback address: refuse it as the mistake it is.
  if (options_.address.empty()) {
    return Status::invalid_argument("native transport address " + where() + " is empty");
  }
  asio::error_code ec;
  const auto address = asio::ip::make_address(options_.address, ec);
  if (!ec) return asio::ip::tcp::endpoint(address, options_.port);
  asio::ip::tcp::resolver resolver(io_.get_executor());
  const auto results = resolver.resolve(options_.address, std::to_string(options_.port), ec);
  if (ec || results.empty()) {
    return Status::invalid_argument("native transport address " + where() +
                                    " is neither an IP address nor a resolvable name" +
                                    (ec ? ": " + ec.message() : std::string()));
  }
  return results.begin()->endpoint();
}

Status Server::Impl::start() {
  std::lock_guard lifecycle(lifecycle_mu_);
  if (state_ != State::kNew) return Status::invalid_argument("the CQL server was already started");
  CAIRN_ASSIGN_OR_RETURN(const auto endpoint, resolve());
  asio::error_code ec;
  auto fail = [&](const char* step) {
    asio::error_code ignored;
    acceptor_.close(ignored);
    return Status::io_error("cannot " + std::string(step) + " the native transport on " + where() +
                            ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for");
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("configure");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  const auto local = acceptor_.local_endpoint(ec);
  if (ec) return fail("read the bound port of");
  port_ = local.port();

  workers_ = std::make_unique<asio::thread_pool>(std::max<size_t>(1, options_.worker_threads));
  context_.workers = workers_.get();
  work_.emplace(io_.get_executor());
  accepting_ = true;  // before the I/O thread exists; it sees this through the thread start
  asio::post(io_, [this] { accept_next(); });
  io_thread_ = std::thread([this] { run_io(); });
  state_ = State::kRunning;
  running_ = true;
  if (options_.logger != nullptr) {
    options_.logger->info("CQL native transport listening on {}:{}", options_.address, port());
  }
  return Status::ok();
}

void Server::Impl::run_io() {
  try {
    io_.run();
  } catch (const std::exception& e) {
    // Nothing on the I/O thread throws but allocation failure; report, do not crash.
    if (options_.logger != nullptr) {
      options_.logger->error("CQL native transport I/O thread failed: {}", e.what());
    }
  }
}

void Server::Impl::accept_next() {
  if (!accepting_) return;
  acceptor_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
    on_accepted(ec, std::move(socket));
  });
}

void Server::Impl::on_accepted(const asio::error_code& ec, asio::ip::tcp::socket socket) {
  if (!accepting_) {
    asio::error_code ignored;
    socket.close(ignored);
    return;
  }
  if (ec == asio::error::connection_aborted) {  // that client gave up; take the next
    accept_next();
    return;
  }
  if (ec) {
    if (options_.logger != nullptr) {
      options_.logger->warn("CQL native transport on {}:{}: accept failed: {}", options_.address,
                            port(), ec.message());
    }
    accept_retry_.expires_after(kAcceptRetryDelay);
    accept_retry_.async_wait([this](const asio::error_code& wait_ec) {
      if (!wait_ec) accept_next();
    });
    return;
  }
  asio::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  auto connection = std::make_shared<Connection>(next_id_++, std::move(socket), context_);
  {
    std::lock_guard lock(mu_);
    connections_.emplace(connection->id(), connection);
  }
  connection->start();
  accept_next();
}

void Server::Impl::on_connection_closed(uint64_t id) {
  std::lock_guard lock(mu_);
  connections_.erase(id);
  closed_cv_.notify_all();
}

std::vector<std::shared_ptr<Connection>> Server::Impl::connections() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Connection>> out;
  out.reserve(connections_.size());
  for (const auto& [id, c] : connections_) out.push_back(c);
  return out;
}

size_t Server::Impl::connection_count() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

void Server::Impl::run_on_io(const std::function<void()>& f) {
  std::promise<void> done;
  asio::post(io_, [&] {
    f();
    done.set_value();
  });
  done.get_future().wait();
}

void Server::Impl::publish(const SchemaChange& change) {
  if (!running_) return;
  asio::post(io_, [this, body = encode_schema_change_event(change)] {
    for (const auto& c : connections()) c->send_schema_event(body);
  });
}

void Server::Impl::stop() {
  std::lock_guard lifecycle(lifecycle_mu_);
  if (state_ != State::kRunning) {
    state_ = State::kStopped;
    return;
  }
  running_ = false;
  // 1. No new connections, and no connection takes in another request.
  run_on_io([this] {
    accepting_ = false;
    asio::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    for (const auto& c : connections()) c->begin_drain();
  });
  // 2. The requests already taken in run to completion; their answers are posted to the
  //    I/O thread, and each connection closes once its answers are written.
  workers_->join();
  // 3. Wait for the clients to take their answers, then close whatever is left.
  {
    std::unique_lock lock(mu_);
    closed_cv_.wait_for(lock, options_.stop_write_timeout, [this] { return connections_.empty(); });
  }
  run_on_io([this] {
    for (const auto& c : connections()) c->close();
  });
  work_.reset();
  io_.stop();
  io_thread_.join();
  // Completion handlers of the closed sockets hold their connections: run them here
  // (they find the connection closed) so nothing outlives the server.
  io_.restart();
  io_.poll();
  state_ = State::kStopped;
  if (options_.logger != nullptr) {
    options_.logger->info("CQL native transport on {}:{} stopped", options_.address, port());
  }
}

Server::Server(ServerOptions options, QueryHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() = default;

Status Server::start() { return impl_->start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::publish(const SchemaChange& change) { impl_->publish(change); }
void Server::stop() { impl_->stop(); }
size_t Server::connection_count() const { return impl_->connection_count(); }

}  // namespace cairn::cql
