#include "tools/cairn_admin/http_client.h"

#include <fmt/format.h>

#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace cairn::tools {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::chrono::seconds kConnectTimeout{10};

// "Connection refused", as strerror says it (Asio's message), first letter capitalized.
std::string reason(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return "timed out";
  std::string m = ec.message();
  if (!m.empty()) m[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(m[0])));
  return m;
}

}  // namespace

Result<HttpResult> http_request(const std::string& host, uint16_t port, const std::string& method,
                                const std::string& target, const std::string& body,
                                std::chrono::seconds timeout) {
  const std::string where = fmt::format("'{}:{}'", host, port);
  net::io_context io;
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return Status::io_error(fmt::format("Failed to connect to {} - {}", where, reason(ec)));

  beast::tcp_stream stream(io);
  beast::error_code result;
  stream.expires_after(kConnectTimeout);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { result = e; });
  io.run();
  if (result)
    return Status::io_error(fmt::format("Failed to connect to {} - {}", where, reason(result)));

  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "cairn-admin");
  req.set(http::field::content_type, "application/json");
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();
  http::response_parser<http::string_body> parser;
  parser.body_limit(256ull << 20);
  beast::flat_buffer buffer;
  stream.expires_after(timeout);
  http::async_write(stream, req, [&](beast::error_code e, size_t) {
    result = e;
    if (e) return;
    http::async_read(stream, buffer, parser, [&](beast::error_code e2, size_t) { result = e2; });
  });
  io.restart();
  io.run();
  if (result) {
    return Status::io_error(
        fmt::format("Request {} {} to {} failed - {}", method, target, where, reason(result)));
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  const auto& res = parser.get();
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  out.content_type = std::string(res[http::field::content_type]);
  out.body = res.body();
  return out;
}

}  // namespace cairn::tools
