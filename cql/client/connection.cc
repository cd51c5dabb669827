// CqlConnection: sockets, TLS, framing and the blocking setup calls (see connection.h).
#include "cql/client/connection.h"

#include <fmt/format.h>

#include <asio/connect.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/write.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <cstring>
#include <utility>

namespace cairn::cql::client {
namespace {

// Each read asks for at least this much room.
constexpr size_t kReadChunkBytes = 64 * 1024;

// Records the answer to call()'s one request, or the failure that replaced it.
class SyncCall : public CqlConnection::Listener {
 public:
  void on_response(CqlConnection& connection, int16_t stream, Response response) override {
    if (stream != 0) {
      connection.fail(Status::invalid_argument(fmt::format(
          "{} answered on stream {} where stream 0 was waited for", connection.peer(), stream)));
      return;
    }
    response_ = std::move(response);
    done_ = true;
  }
  void on_failure(CqlConnection&, const Status& status) override {
    failure_ = status;
    done_ = true;
  }

  const bool& done() const { return done_; }
  Result<Response> take() {
    if (!failure_.is_ok()) return failure_;
    return std::move(response_);
  }

 private:
  bool done_ = false;
  Response response_;
  Status failure_;
};

}  // namespace

CqlConnection::CqlConnection(asio::io_context& io, ConnectionOptions options, size_t index)
    : io_(io),
      options_(std::move(options)),
      index_(index),
      peer_(fmt::format("{}:{}", options_.host, options_.port)),
      ssl_context_(asio::ssl::context::tls_client),
      stream_(io, ssl_context_) {}

void CqlConnection::drive(const bool& done, std::chrono::steady_clock::time_point deadline) {
  if (io_.stopped()) io_.restart();
  while (!done && std::chrono::steady_clock::now() < deadline) {
    io_.run_one_until(deadline);
    if (io_.stopped()) io_.restart();
  }
}

Status CqlConnection::open(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  asio::error_code ec;
  asio::ip::tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
  if (ec) {
    failed_ = true;
    return Status::invalid_argument(
        fmt::format("cannot resolve {}: {}", options_.host, ec.message()));
  }
  bool connected = false;
  asio::async_connect(stream_.next_layer(), endpoints,
                      [&](const asio::error_code& e, const asio::ip::tcp::endpoint&) {
                        ec = e;
                        connected = true;
                      });
  drive(connected, deadline);
  if (!connected) {
    // Cancel the attempt and let its handler run: it refers to this frame's locals.
    stream_.next_layer().close(ec);
    drive(connected, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    failed_ = true;
    return Status::io_error(
        fmt::format("cannot connect to {}: no answer within {} ms", peer_, timeout.count()));
  }
  if (ec) {
    failed_ = true;
    return Status::io_error(fmt::format("cannot connect to {}: {}", peer_, ec.message()));
  }
  // Requests are small and latency is what is measured: never wait to fill a segment.
  stream_.next_layer().set_option(asio::ip::tcp::no_delay(true), ec);
  if (options_.tls.enabled) {
    if (Status s = tls_handshake(deadline); !s.is_ok()) {
      failed_ = true;
      asio::error_code ignored;
      stream_.next_layer().close(ignored);
      return s;
    }
  }
  read_more();

  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  auto ready = call(cql::Opcode::kStartup, startup_body(options_.compression, options_.driver_name),
                    std::max(left, std::chrono::milliseconds(1)));
  if (!ready.is_ok()) return ready.status().with_context("STARTUP");
  switch (ready->opcode) {
    case cql::Opcode::kReady: compression_ = options_.compression; return Status::ok();
    case cql::Opcode::kError: {
      auto error = decode_error(ready->message);
      fail(Status::io_error("STARTUP refused"));
      if (!error.is_ok()) return error.status();
      return Status::io_error(fmt::format("{} refused STARTUP: {}", peer_, error->to_string()));
    }
    case cql::Opcode::kAuthenticate:
      if (Status s = authenticate(ready->message, deadline); !s.is_ok()) {
        fail(s);
        return s;
      }
      compression_ = options_.compression;
      return Status::ok();
    default:
      fail(Status::io_error("unexpected answer to STARTUP"));
      return Status::invalid_argument(fmt::format("{} answered STARTUP with opcode 0x{:02x}", peer_,
                                                  static_cast<int>(ready->opcode)));
  }
}

Status CqlConnection::tls_handshake(std::chrono::steady_clock::time_point deadline) {
  const TlsOptions& tls = options_.tls;
  asio::error_code ec;
  auto failed = [&](std::string_view what, const std::string& file) {
    return Status::invalid_argument(
        fmt::format("TLS: cannot load {} {}: {}", what, file, ec.message()));
  };
  if (tls.verify) {
    stream_.set_verify_mode(asio::ssl::verify_peer, ec);
    if (tls.ca_file.empty()) {
      ssl_context_.set_default_verify_paths(ec);
      if (ec) return failed("the system's CA paths", "");
    } else {
      ssl_context_.load_verify_file(tls.ca_file, ec);
      if (ec) return failed("CA file", tls.ca_file);
    }
    if (tls.verify_hostname) {
      stream_.set_verify_callback(asio::ssl::host_name_verification(options_.host), ec);
    }
  } else {
    stream_.set_verify_mode(asio::ssl::verify_none, ec);
  }
  if (!tls.cert_file.empty()) {
    // On the connection's SSL object: it took its copy of the context's certificate
    // when the stream was made, so the context's own setters would come too late.
    const std::string& key_file = tls.key_file.empty() ? tls.cert_file : tls.key_file;
    SSL* ssl = stream_.native_handle();
    auto openssl_failed = [&](std::string_view what, const std::string& file) {
      const unsigned long code = ERR_get_error();
      char reason[256] = "unknown reason";
      if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
      ERR_clear_error();
      return Status::invalid_argument(fmt::format("TLS: cannot load {} {}: {}", what, file, reason));
    };
    if (SSL_use_certificate_chain_file(ssl, tls.cert_file.c_str()) != 1) {
      return openssl_failed("client certificate", tls.cert_file);
    }
    if (SSL_use_PrivateKey_file(ssl, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
      return openssl_failed("client key", key_file);
    }
    if (SSL_check_private_key(ssl) != 1) {
      return openssl_failed("a client key matching the certificate from", key_file);
    }
  }
  // SNI (for names only: an IP address is not a server name), so a node behind a
  // name-routing proxy gets the right certificate.
  asio::error_code not_an_address;
  (void)asio::ip::make_address(options_.host, not_an_address);
  if (not_an_address) SSL_set_tlsext_host_name(stream_.native_handle(), options_.host.c_str());
  bool done = false;
  asio::error_code handshake_ec;
  stream_.async_handshake(asio::ssl::stream_base::client, [&](const asio::error_code& e) {
    handshake_ec = e;
    done = true;
  });
  drive(done, deadline);
  if (!done) {
    stream_.next_layer().close(ec);
    drive(done, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    return Status::io_error(fmt::format("TLS handshake with {} did not finish in time", peer_));
  }
  if (handshake_ec) {
    std::string reason = handshake_ec.message();
    if (handshake_ec.category() == asio::error::get_ssl_category()) {
      const long verify = SSL_get_verify_result(stream_.native_handle());
      if (verify != X509_V_OK) {
        reason += fmt::format(" (certificate: {})", X509_verify_cert_error_string(verify));
      }
    }
    return Status::io_error(fmt::format("TLS handshake with {} failed: {}", peer_, reason));
  }
  tls_ = true;
  return Status::ok();
}

Status CqlConnection::authenticate(BytesView authenticate,
                                   std::chrono::steady_clock::time_point deadline) {
  auto authenticator = decode_authenticate(authenticate);
  if (!authenticator.is_ok()) return authenticator.status();
  if (!options_.username) {
    return Status::not_supported(fmt::format(
        "{} requires authentication ({}); give a username and password", peer_, *authenticator));
  }
  const auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 deadline - std::chrono::steady_clock::now()),
                             std::chrono::milliseconds(1));
  auto answer = call(cql::Opcode::kAuthResponse,
                     plain_auth_response_body(*options_.username, options_.password), left);
  if (!answer.is_ok()) return answer.status().with_context("AUTH_RESPONSE");
  switch (answer->opcode) {
    case cql::Opcode::kAuthSuccess: return Status::ok();
    case cql::Opcode::kError: {
      auto error = decode_error(answer->message);
      if (!error.is_ok()) return error.status();
      return Status::io_error(
          fmt::format("{} refused the credentials: {}", peer_, error->to_string()));
    }
    case cql::Opcode::kAuthChallenge:
      return Status::not_supported(fmt::format(
          "{} answered SASL PLAIN with a challenge ({} needs more than a password)", peer_,
          *authenticator));
    default:
      return Status::invalid_argument(fmt::format("{} answered AUTH_RESPONSE with opcode 0x{:02x}",
                                                  peer_, static_cast<int>(answer->opcode)));
  }
}

Result<Response> CqlConnection::call(cql::Opcode opcode, Bytes body,
                                     std::chrono::milliseconds timeout) {
  if (failed_) return Status::io_error(fmt::format("the connection to {} has failed", peer_));
  Listener* saved = listener_;
  SyncCall sync;
  listener_ = &sync;
  send(0, opcode, std::move(body));
  drive(sync.done(), std::chrono::steady_clock::now() + timeout);
  if (!sync.done()) {
    fail(Status::io_error(fmt::format("{} did not answer within {} ms", peer_, timeout.count())));
  }
  listener_ = saved;
  return sync.take();
}

void CqlConnection::send(int16_t stream, cql::Opcode opcode, Bytes body) {
  if (failed_) return;
  out_pending_ += request_frame(opcode, stream, std::move(body), compression_);
  if (!writing_) start_write();
}

template <typename Buffers, typename Handler>
void CqlConnection::async_write_bytes(const Buffers& buffers, Handler&& handler) {
  if (tls_) {
    asio::async_write(stream_, buffers, std::forward<Handler>(handler));
  } else {
    asio::async_write(stream_.next_layer(), buffers, std::forward<Handler>(handler));
  }
}

void CqlConnection::start_write() {
  std::swap(out_writing_, out_pending_);
  out_pending_.clear();
  writing_ = true;
  async_write_bytes(
      asio::buffer(out_writing_), [this](const asio::error_code& ec, size_t) {
        writing_ = false;
        if (failed_) return;
        if (ec) {
          fail(Status::io_error(fmt::format("writing to {}: {}", peer_, ec.message())));
          return;
        }
        if (!out_pending_.empty()) start_write();
      });
}

void CqlConnection::read_more() {
  if (in_.size() - in_end_ < kReadChunkBytes) in_.resize(in_end_ + kReadChunkBytes);
  auto buffer = asio::buffer(in_.data() + in_end_, in_.size() - in_end_);
  auto handler = [this](const asio::error_code& ec, size_t n) { on_read(ec, n); };
  if (tls_) {
    stream_.async_read_some(buffer, handler);
  } else {
    stream_.next_layer().async_read_some(buffer, handler);
  }
}

void CqlConnection::on_read(const asio::error_code& ec, size_t n) {
  if (failed_) return;
  if (ec) {
    fail(Status::io_error(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
                              ? fmt::format("{} closed the connection", peer_)
                              : fmt::format("reading from {}: {}", peer_, ec.message())));
    return;
  }
  in_end_ += n;
  if (Status s = dispatch_frames(); !s.is_ok()) {
    fail(s);
    return;
  }
  if (failed_) return;  // a listener failed it
  // Move the incomplete tail to the front so the buffer does not grow without bound.
  if (in_begin_ > 0) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  read_more();
}

Status CqlConnection::dispatch_frames() {
  while (in_end_ - in_begin_ >= cql::kFrameHeaderSize && !failed_) {
    BytesView available(in_.data() + in_begin_, in_end_ - in_begin_);
    auto header = decode_response_header(available, options_.max_body_bytes);
    if (!header.is_ok()) return header.status().with_context(peer_);
    const size_t frame_size = cql::kFrameHeaderSize + header->body_length;
    if (available.size() < frame_size) {
      // Make sure the whole frame will fit, so the next reads can complete it.
      if (in_.size() < in_begin_ + frame_size) in_.resize(in_begin_ + frame_size);
      return Status::ok();
    }
    std::vector<std::string> warnings;
    auto message =
        response_message(*header, available.substr(cql::kFrameHeaderSize, header->body_length),
                         options_.compression, options_.max_body_bytes, &warnings);
    if (!message.is_ok()) return message.status().with_context(peer_);
    in_begin_ += frame_size;
    if (header->opcode == cql::Opcode::kEvent) continue;  // not registered; ignore
    if (listener_ == nullptr) {
      return Status::invalid_argument(
          fmt::format("{} answered on stream {} with nothing outstanding", peer_, header->stream));
    }
    listener_->on_response(*this, header->stream,
                           Response{header->opcode, std::move(*message), std::move(warnings)});
  }
  return Status::ok();
}

void CqlConnection::fail(const Status& status) {
  if (failed_) return;
  failed_ = true;
  asio::error_code ignored;
  stream_.next_layer().close(ignored);
  if (listener_ != nullptr) listener_->on_failure(*this, status);
}

}  // namespace cairn::cql::client
