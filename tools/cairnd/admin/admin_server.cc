#include "tools/cairnd/admin/admin_server.h"

#include <fmt/format.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "tools/cairnd/admin/json.h"

namespace cairn::tools {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using Response = http::response<http::string_body>;

std::shared_ptr<Response> make_response(unsigned version, bool keep_alive, const HttpReply& reply) {
  auto res = std::make_shared<Response>(static_cast<http::status>(reply.status), version);
  res->set(http::field::server, "cairnd");
  res->set(http::field::content_type, reply.content_type);
  res->keep_alive(keep_alive);
  res->body() = reply.body;
  res->prepare_payload();
  return res;
}

}  // namespace

class AdminServer::Impl {
 public:
  class Session;

  Impl(AdminServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        workers_(options_.worker_threads) {}

  Status start();
  void stop();
  void accept_next();

  AdminServerOptions options_;
  Handler handler_;
  net::io_context io_;
  tcp::acceptor acceptor_{io_};
  net::thread_pool workers_;
  std::thread io_thread_;
  uint16_t port_ = 0;
  std::mutex mu_;
  bool stopped_ = false;
  std::set<std::shared_ptr<Session>> sessions_;  // guarded by mu_
};

class AdminServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Impl& server) : stream_(std::move(socket)), server_(server) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }
  // On the I/O thread.
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    std::lock_guard<std::mutex> lock(server_.mu_);
    server_.sessions_.erase(shared_from_this());
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_.options_.max_body_bytes);
    stream_.expires_after(server_.options_.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      // Not HTTP, or over a limit: say so, then close.
      const Json body = Json::object({{"error", Json("malformed HTTP request: " + ec.message())}});
      HttpReply reply{400, "application/json", body.dump() + "\n"};
      write(make_response(11, false, reply));
      return;
    }
    if (ec) return close();  // closed by the client, idle timeout, stop()
    auto request = parser_->release();
    const bool keep_alive = request.keep_alive();
    const unsigned version = request.version();
    net::post(server_.workers_, [self = shared_from_this(), request = std::move(request),
                                 keep_alive, version] {
      HttpReply reply = self->server_.handler_(std::string(request.method_string()),
                                               std::string(request.target()), request.body());
      auto res = make_response(version, keep_alive, reply);
      net::post(self->stream_.get_executor(), [self, res] { self->write(res); });
    });
  }

  void write(std::shared_ptr<Response> res) {
    response_ = std::move(res);
    stream_.expires_after(server_.options_.idle_timeout);
    http::async_write(stream_, *response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec || !self->response_->keep_alive()) return self->close();
                        self->read();
                      });
  }

  beast::tcp_stream stream_;
  Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Response> response_;
};

Status AdminServer::Impl::start() {
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.address, ec);
  if (ec) {
    return Status::invalid_argument(
        fmt::format("api_address: '{}' is not an IP address", options_.address));
  }
  const tcp::endpoint endpoint(address, options_.port);
  auto fail = [&](const char* what) {
    return Status::io_error(fmt::format("admin API on {}:{}: {}: {}", options_.address,
                                        options_.port, what, ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("set SO_REUSEADDR");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  port_ = acceptor_.local_endpoint(ec).port();
  accept_next();
  io_thread_ = std::thread([this] { io_.run(); });
  return Status::ok();
}

void AdminServer::Impl::accept_next() {
  acceptor_.async_accept(io_, [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      auto session = std::make_shared<Session>(std::move(socket), *this);
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopped_) return;
        sessions_.insert(session);
      }
      session->start();
    } else if (options_.logger != nullptr) {
      options_.logger->warn("admin API: accept failed: {}", ec.message());
    }
    accept_next();
  });
}

void AdminServer::Impl::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  if (io_thread_.joinable()) {
    // Stop accepting and close every connection, on the I/O thread (the only thread
    // that touches sockets), and wait until that is done.
    std::promise<void> closed;
    net::post(io_, [this, &closed] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      std::set<std::shared_ptr<Session>> sessions;
      {
        std::lock_guard<std::mutex> lock(mu_);
        sessions = sessions_;
      }
      for (const auto& s : sessions) s->close();
      closed.set_value();
    });
    closed.get_future().wait();
  }
  workers_.join();  // running handlers finish
  io_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.clear();
}

AdminServer::AdminServer(AdminServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}
AdminServer::~AdminServer() { stop(); }
Status AdminServer::start() { return impl_->start(); }
uint16_t AdminServer::port() const { return impl_->port_; }
void AdminServer::stop() { impl_->stop(); }

}  // namespace cairn::tools
