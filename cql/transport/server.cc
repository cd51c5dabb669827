#include "cql/transport/server.h"

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
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

  // One I/O thread: its io_context, kept running while idle, and the thread.
  struct IoThread {
    asio::io_context io{1};  // one thread runs it: no locking inside asio
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::thread thread;
  };

  static std::vector<std::unique_ptr<IoThread>> make_io_threads(size_t n);
  Result<asio::ip::tcp::endpoint> resolve();
  std::string where() const;
  void run_io(asio::io_context& io);
  void accept_next();
  void on_accepted(const asio::error_code& ec, asio::ip::tcp::socket socket);
  void on_connection_closed(uint64_t id);
  std::vector<std::shared_ptr<Connection>> connections() const;
  // Runs `f` on the first I/O thread (the acceptor's) and waits for it. REQUIRES: the
  // I/O threads are running.
  void run_on_io(const std::function<void()>& f);
  // Runs `f(connection)` on each connection's own I/O thread and waits for all of them.
  void run_on_connections(const std::function<void(Connection&)>& f);

  ServerOptions options_;
  // Null unless options_.tls.enabled; built by start(). Outlives every connection.
  std::shared_ptr<asio::ssl::context> tls_context_;
  // Declared first: every socket, timer and pending handler goes before them.
  std::vector<std::unique_ptr<IoThread>> io_threads_;
  asio::io_context& io_;  // the first I/O thread's: the acceptor and its timer
  asio::ip::tcp::acceptor acceptor_{io_};
  asio::steady_timer accept_retry_{io_};
  std::unique_ptr<asio::thread_pool> workers_;
  ConnectionContext context_;

  std::mutex lifecycle_mu_;    // serializes start() and stop()
  State state_ = State::kNew;  // guarded by lifecycle_mu_
  std::atomic<bool> running_{false};
  std::atomic<uint16_t> port_{0};

  bool accepting_ = false;  // first I/O thread only
  uint64_t next_id_ = 0;    // first I/O thread only

  mutable std::mutex mu_;
  std::condition_variable closed_cv_;  // signalled when a connection leaves connections_
  // Inserted and erased on the I/O thread; read anywhere under mu_.
  std::map<uint64_t, std::shared_ptr<Connection>> connections_;
};

Server::Impl::Impl(ServerOptions options, QueryHandler& handler)
    : options_(std::move(options)), io_threads_(make_io_threads(options_.io_threads)),
      io_(io_threads_.front()->io) {
  context_.handler = &handler;
  context_.logger = options_.logger;
  context_.auth = options_.auth;
  context_.max_frame_bytes = options_.max_frame_bytes;
  context_.max_pending_requests = std::max<size_t>(1, options_.max_pending_requests_per_connection);
  context_.on_closed = [this](uint64_t id) { on_connection_closed(id); };
}

std::vector<std::unique_ptr<Server::Impl::IoThread>> Server::Impl::make_io_threads(size_t n) {
  if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<IoThread>> threads;
  for (size_t i = 0; i < n; ++i) threads.push_back(std::make_unique<IoThread>());
  return threads;
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
  if (options_.tls.enabled) {
    std::string key;
    auto tls = make_server_tls_context(options_.tls, &key);
    if (!tls.is_ok()) {
      return Status::invalid_argument("client_encryption_options." + key + ": " +
                                      tls.status().message());
    }
    tls_context_ = std::move(tls).value();
    context_.tls = tls_context_.get();
    context_.tls_optional = options_.tls.optional;
    context_.tls_handshake_timeout = options_.tls_handshake_timeout;
  }
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
  accepting_ = true;  // before the I/O threads exist; they see this through the thread start
  asio::post(io_, [this] { accept_next(); });
  for (auto& t : io_threads_) {
    t->work.emplace(t->io.get_executor());
    t->thread = std::thread([this, io = &t->io] { run_io(*io); });
  }
  state_ = State::kRunning;
  running_ = true;
  if (options_.logger != nullptr) {
    options_.logger->info("CQL native transport listening on {}:{}{}", options_.address, port(),
                          tls_context_ == nullptr ? ""
                          : options_.tls.optional ? " (TLS optional)"
                                                  : " (TLS)");
  }
  return Status::ok();
}

void Server::Impl::run_io(asio::io_context& io) {
  try {
    io.run();
  } catch (const std::exception& e) {
    // Nothing on the I/O thread throws but allocation failure; report, do not crash.
    if (options_.logger != nullptr) {
      options_.logger->error("CQL native transport I/O thread failed: {}", e.what());
    }
  }
}

void Server::Impl::accept_next() {
  if (!accepting_) return;
  // The next connection lives on the next I/O thread, in turn.
  asio::io_context& home = io_threads_[next_id_ % io_threads_.size()]->io;
  acceptor_.async_accept(home, [this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
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
  asio::post(connection->executor(), [connection] { connection->start(); });
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

void Server::Impl::run_on_connections(const std::function<void(Connection&)>& f) {
  const auto all = connections();
  std::vector<std::future<void>> done;
  done.reserve(all.size());
  for (const auto& c : all) {
    auto finished = std::make_shared<std::promise<void>>();
    done.push_back(finished->get_future());
    asio::post(c->executor(), [c, &f, finished] {
      f(*c);
      finished->set_value();
    });
  }
  for (auto& d : done) d.wait();
}

void Server::Impl::publish(const SchemaChange& change) {
  if (!running_) return;
  const auto body = std::make_shared<const Bytes>(encode_schema_change_event(change));
  for (const auto& c : connections()) {
    asio::post(c->executor(), [c, body] { c->send_schema_event(*body); });
  }
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
  });
  run_on_connections([](Connection& c) { c.begin_drain(); });
  // 2. The requests already taken in run to completion; their answers are posted to the
  //    I/O thread, and each connection closes once its answers are written.
  workers_->join();
  // 3. Wait for the clients to take their answers, then close whatever is left.
  {
    std::unique_lock lock(mu_);
    closed_cv_.wait_for(lock, options_.stop_write_timeout, [this] { return connections_.empty(); });
  }
  run_on_connections([](Connection& c) { c.close(); });
  {
    std::lock_guard lock(context_.io_lifetime->mu);
    context_.io_lifetime->running = false;
  }
  for (auto& t : io_threads_) {
    t->work.reset();
    t->io.stop();
  }
  for (auto& t : io_threads_) t->thread.join();
  // Completion handlers of the closed sockets hold their connections: run them here
  // (they find the connection closed) so nothing outlives the server.
  for (auto& t : io_threads_) {
    t->io.restart();
    t->io.poll();
  }
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
