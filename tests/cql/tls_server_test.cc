// The native-protocol server with client_encryption_options: real TLS over loopback
// with throwaway certificates (tests/lib/test_certificates.h) and an asio::ssl client
// that verifies the server's certificate. Timeouts only keep a broken server from
// hanging the test; nothing here measures time.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "common/coding.h"
#include "cql/protocol/body.h"
#include "cql/protocol/requests.h"
#include "cql/transport/server.h"
#include "tests/lib/test_certificates.h"
#include "tests/lib/test_env.h"

namespace cairn::cql {
namespace {

using namespace std::chrono_literals;

constexpr auto kTimeout = 30s;  // only against hangs

// Answers every QUERY with a RESULT of kind Void; this test is about the transport.
class VoidHandler : public QueryHandler {
 public:
  Outcome query(ClientState&, const QueryRequest&) override { return void_result(); }
  Outcome prepare(ClientState&, const PrepareRequest&) override { return void_result(); }
  Outcome execute(ClientState&, const ExecuteRequest&) override { return void_result(); }
  Outcome batch(ClientState&, const BatchRequest&) override { return void_result(); }

 private:
  static ResultMessage void_result() {
    ResultMessage r;
    r.kind = ResultMessage::Kind::kVoid;
    return r;
  }
};

Frame request(Opcode opcode, int16_t stream, Bytes body = {}) {
  Frame f;
  f.version = 4;
  f.stream = stream;
  f.opcode = opcode;
  f.body = std::move(body);
  return f;
}

Frame startup(int16_t stream) {
  BodyWriter w;
  w.write_string_map({{"CQL_VERSION", "3.0.0"}});
  return request(Opcode::kStartup, stream, w.take());
}

Frame query(int16_t stream, const std::string& text) {
  BodyWriter w;
  w.write_long_string(text);
  encode_query_parameters(QueryParameters{}, &w);
  return request(Opcode::kQuery, stream, w.take());
}

// What a client brings to the handshake.
struct ClientTls {
  std::string ca;    // verify the server against this CA (and its IP, 127.0.0.1)
  std::string cert;  // present this certificate (with `key`); empty: none
  std::string key;
  int max_version = 0;  // e.g. TLS1_2_VERSION; 0: OpenSSL's highest
};

// A blocking client, plain or TLS, whose every operation gives up after kTimeout.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_), port_(port) {}

  bool connect() {
    asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port_);
    return !run([&](auto done) { socket_.async_connect(server, done); });
  }

  // connect() and a TLS handshake.
  asio::error_code connect_tls(const ClientTls& options) {
    if (!connect()) return asio::error::connection_refused;
    context_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    context_->load_verify_file(options.ca);
    context_->set_verify_mode(asio::ssl::verify_peer);
    if (!options.cert.empty()) {
      context_->use_certificate_chain_file(options.cert);
      context_->use_private_key_file(options.key, asio::ssl::context::pem);
    }
    if (options.max_version != 0) {
      SSL_CTX_set_max_proto_version(context_->native_handle(), options.max_version);
    }
    tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *context_);
    tls_->set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    return run([&](auto done) { tls_->async_handshake(asio::ssl::stream_base::client, done); });
  }

  std::string tls_version() const { return SSL_get_version(tls_->native_handle()); }
  std::string tls_cipher() const { return SSL_get_cipher_name(tls_->native_handle()); }

  bool send_raw(const Bytes& bytes) {
    return !run([&](auto done) {
      if (tls_ != nullptr) {
        asio::async_write(*tls_, asio::buffer(bytes), done);
      } else {
        asio::async_write(socket_, asio::buffer(bytes), done);
      }
    });
  }
  bool send(const Frame& frame) { return send_raw(encode_frame(frame)); }

  // The next response frame, or nullopt when the server closed the connection (or
  // the TLS session failed) first.
  std::optional<Frame> receive() {
    Bytes header(kFrameHeaderSize, '\0');
    if (!read_exact(&header)) return std::nullopt;
    Frame f;
    f.version = static_cast<uint8_t>(header[0]) & 0x7F;
    f.response = (static_cast<uint8_t>(header[0]) & kResponseBit) != 0;
    f.flags = static_cast<uint8_t>(header[1]);
    f.stream = static_cast<int16_t>(load_u16(header.data() + 2));
    f.opcode = static_cast<Opcode>(header[4]);
    f.body.resize(load_u32(header.data() + 5));
    if (!read_exact(&f.body)) return std::nullopt;
    return f;
  }

  // OPTIONS answered by SUPPORTED.
  bool options_answered() {
    if (!send(request(Opcode::kOptions, 7))) return false;
    auto answer = receive();
    return answer && answer->opcode == Opcode::kSupported && answer->stream == 7 &&
           answer->body.find("CQL_VERSION") != Bytes::npos;
  }

 private:
  bool read_exact(Bytes* out) {
    return !run([&](auto done) {
      if (tls_ != nullptr) {
        asio::async_read(*tls_, asio::buffer(*out), done);
      } else {
        asio::async_read(socket_, asio::buffer(*out), done);
      }
    });
  }

  // Starts `op` with a completion handler and runs it to completion; a timeout closes
  // the socket and is an error.
  template <typename Op>
  asio::error_code run(Op op) {
    std::optional<asio::error_code> result;
    op([&result](const asio::error_code& ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run_for(kTimeout);
    if (!result) {
      asio::error_code ignored;
      socket_.close(ignored);
      io_.restart();
      io_.run();
      return asio::error::timed_out;
    }
    return *result;
  }

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  uint16_t port_;
  std::unique_ptr<asio::ssl::context> context_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
};

class TlsServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new cairn::testing::TempDir;
    Status made = cairn::testing::make_test_certificates(dir_->path(), &certs_);
    ASSERT_TRUE(made.is_ok()) << made.to_string();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void TearDown() override {
    if (server_ != nullptr) server_->stop();
    server_.reset();
    if (log_file_ != nullptr) std::fclose(log_file_);
  }

  static TlsOptions tls_only() {
    TlsOptions tls;
    tls.enabled = true;
    tls.keystore = certs_.keystore;
    return tls;
  }

  // Starts a server with `tls` on a free port, logging at info to a file of its own.
  Status start(const TlsOptions& tls, std::chrono::milliseconds handshake_timeout = 10s) {
    log_path_ = dir_->path() + "/server-" + std::to_string(++servers_) + ".log";
    log_file_ = std::fopen(log_path_.c_str(), "w");
    logger_ = std::make_unique<Logger>(LogLevel::kInfo, log_file_);
    ServerOptions options;
    options.port = 0;
    options.worker_threads = 2;
    options.logger = logger_.get();
    options.tls = tls;
    options.tls_handshake_timeout = handshake_timeout;
    server_ = std::make_unique<Server>(options, handler_);
    return server_->start();
  }
  uint16_t port() const { return server_->port(); }

  // Waits until the server's log holds `part`; false after kTimeout.
  bool log_shows(const std::string& part) const {
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (log_text().find(part) != std::string::npos) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  std::string log_text() const {
    std::ifstream in(log_path_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  ClientTls trusting_client() const { return ClientTls{certs_.ca, "", "", 0}; }

  static inline cairn::testing::TempDir* dir_ = nullptr;
  static inline cairn::testing::TestCertificates certs_;
  inline static int servers_ = 0;

  VoidHandler handler_;
  std::string log_path_;
  std::FILE* log_file_ = nullptr;
  std::unique_ptr<Logger> logger_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsServerTest, TlsClientVerifiesTheServerAndRunsRequests) {
  ASSERT_TRUE(start(tls_only()).is_ok());
  Client client(port());
  const asio::error_code handshake = client.connect_tls(trusting_client());
  ASSERT_FALSE(handshake) << handshake.message();
  EXPECT_TRUE(client.options_answered());

  // STARTUP, then many queries in one write: their answers come back over TLS, many
  // joined into one write by the server.
  ASSERT_TRUE(client.send(startup(1)));
  auto ready = client.receive();
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->opcode, Opcode::kReady);
  constexpr int kQueries = 64;
  Bytes batch;
  for (int i = 0; i < kQueries; ++i)
    batch += encode_frame(query(static_cast<int16_t>(100 + i), "q"));
  ASSERT_TRUE(client.send_raw(batch));
  std::map<int16_t, int> answered;
  for (int i = 0; i < kQueries; ++i) {
    auto answer = client.receive();
    ASSERT_TRUE(answer) << "after " << i << " answers";
    EXPECT_EQ(answer->opcode, Opcode::kResult);
    ++answered[answer->stream];
  }
  EXPECT_EQ(answered.size(), static_cast<size_t>(kQueries));
  EXPECT_EQ(answered.begin()->first, 100);
  EXPECT_EQ(answered.rbegin()->first, 100 + kQueries - 1);
}

TEST_F(TlsServerTest, ClientTrustingAnotherCaRefusesTheServer) {
  ASSERT_TRUE(start(tls_only()).is_ok());
  Client stranger(port());
  const asio::error_code refused = stranger.connect_tls(ClientTls{certs_.other_ca, "", "", 0});
  ASSERT_TRUE(refused);
  EXPECT_NE(refused.message().find("certificate verify failed"), std::string::npos)
      << refused.message();
  Client trusting(port());
  ASSERT_FALSE(trusting.connect_tls(trusting_client()));
  EXPECT_TRUE(trusting.options_answered());
}

TEST_F(TlsServerTest, PlainClientOfATlsOnlyServerIsRefusedWithoutHarmToOthers) {
  ASSERT_TRUE(start(tls_only()).is_ok());
  Client tls_client(port());
  ASSERT_FALSE(tls_client.connect_tls(trusting_client()));
  ASSERT_TRUE(tls_client.send(startup(1)));
  ASSERT_TRUE(tls_client.receive());

  Client plain(port());
  ASSERT_TRUE(plain.connect());
  plain.send(request(Opcode::kOptions, 7));
  EXPECT_FALSE(plain.receive()) << "a plain OPTIONS must get no answer from a TLS-only server";
  EXPECT_TRUE(log_shows("TLS handshake failed")) << log_text();
  EXPECT_NE(log_text().find("from 127.0.0.1:"), std::string::npos) << log_text();

  // The TLS connection opened before is untouched.
  ASSERT_TRUE(tls_client.send(query(2, "after")));
  auto answer = tls_client.receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->opcode, Opcode::kResult);
}

TEST_F(TlsServerTest, StalledHandshakeDoesNotHoldUpOtherConnections) {
  ASSERT_TRUE(start(tls_only()).is_ok());
  // The start of a TLS record header, and then nothing: the server waits on it
  // asynchronously, as on any silent client.
  Client stalled(port());
  ASSERT_TRUE(stalled.connect());
  ASSERT_TRUE(stalled.send_raw(Bytes("\x16\x03\x01", 3)));
  Client silent(port());
  ASSERT_TRUE(silent.connect());

  for (int i = 0; i < 3; ++i) {
    Client client(port());
    ASSERT_FALSE(client.connect_tls(trusting_client()));
    EXPECT_TRUE(client.options_answered());
  }
  // stop() closes the half-open handshakes too.
  server_->stop();
  EXPECT_EQ(server_->connection_count(), 0u);
  EXPECT_FALSE(stalled.receive());
}

TEST_F(TlsServerTest, HandshakeNotCompletedInTimeFails) {
  ASSERT_TRUE(start(tls_only(), 50ms).is_ok());
  Client stalled(port());
  ASSERT_TRUE(stalled.connect());
  ASSERT_TRUE(stalled.send_raw(Bytes("\x16\x03\x01", 3)));
  EXPECT_TRUE(log_shows("TLS handshake failed: not completed within 50 ms")) << log_text();
  EXPECT_FALSE(stalled.receive());
  // (Other connections going on meanwhile: StalledHandshakeDoesNotHoldUpOtherConnections;
  // not here, where a handshake on a slow machine could itself take 50 ms.)
}

TEST_F(TlsServerTest, ClientLeavingBeforeTheHandshakeIsNoFailure) {
  ASSERT_TRUE(start(tls_only()).is_ok());
  {
    Client probe(port());  // a health check: connect, close
    ASSERT_TRUE(probe.connect());
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (server_->connection_count() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
  }
  // The connection leaves the server's table after its log line would be written.
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (server_->connection_count() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(server_->connection_count(), 0u);
  EXPECT_EQ(log_text().find("TLS handshake failed"), std::string::npos) << log_text();
}

TEST_F(TlsServerTest, OptionalServesTlsAndPlainOnOnePort) {
  TlsOptions tls = tls_only();
  tls.optional = true;
  ASSERT_TRUE(start(tls).is_ok());
  EXPECT_TRUE(log_shows("(TLS optional)"));
  Client plain(port());
  ASSERT_TRUE(plain.connect());
  EXPECT_TRUE(plain.options_answered());
  Client secure(port());
  ASSERT_FALSE(secure.connect_tls(trusting_client()));
  EXPECT_TRUE(secure.options_answered());
  // One that leaves before its first byte disturbs neither.
  {
    Client gone(port());
    ASSERT_TRUE(gone.connect());
  }
  EXPECT_TRUE(plain.options_answered());
  EXPECT_TRUE(secure.options_answered());
}

TEST_F(TlsServerTest, RequiredClientCertificateMustChainToTheTruststore) {
  TlsOptions tls = tls_only();
  tls.truststore = certs_.ca;
  tls.require_client_auth = true;
  ASSERT_TRUE(start(tls).is_ok());

  Client with_cert(port());
  ClientTls options = trusting_client();
  options.cert = certs_.client_cert;
  options.key = certs_.client_key;
  ASSERT_FALSE(with_cert.connect_tls(options));
  EXPECT_TRUE(with_cert.options_answered());

  // Under TLS 1.3 the client's handshake ends before the server has checked its
  // certificate; the refusal then shows on the first read. Either way: no answer.
  Client without_cert(port());
  if (!without_cert.connect_tls(trusting_client())) {
    EXPECT_FALSE(without_cert.options_answered());
  }
  EXPECT_TRUE(log_shows("peer did not return a certificate")) << log_text();

  Client foreign_cert(port());
  ClientTls foreign = trusting_client();
  foreign.cert = certs_.other_client_cert;
  foreign.key = certs_.other_client_key;
  if (!foreign_cert.connect_tls(foreign)) {
    EXPECT_FALSE(foreign_cert.options_answered());
  }
  EXPECT_TRUE(log_shows("client certificate: unable to get local issuer certificate"))
      << log_text();

  EXPECT_TRUE(with_cert.options_answered());
}

TEST_F(TlsServerTest, MinimumProtocolVersion) {
  TlsOptions tls = tls_only();
  tls.min_protocol = TlsVersion::kTls13;
  ASSERT_TRUE(start(tls).is_ok());
  Client old_client(port());
  ClientTls tls12 = trusting_client();
  tls12.max_version = TLS1_2_VERSION;
  EXPECT_TRUE(old_client.connect_tls(tls12));
  Client client(port());
  ASSERT_FALSE(client.connect_tls(trusting_client()));
  EXPECT_EQ(client.tls_version(), "TLSv1.3");
}

TEST_F(TlsServerTest, CipherSuitesInJavaNamesRestrictTheHandshake) {
  TlsOptions tls = tls_only();
  tls.cipher_suites = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};
  ASSERT_TRUE(start(tls).is_ok());
  Client client(port());
  ASSERT_FALSE(client.connect_tls(trusting_client()));
  // No TLS 1.3 suite listed: TLS 1.2 with the one suite.
  EXPECT_EQ(client.tls_version(), "TLSv1.2");
  EXPECT_EQ(client.tls_cipher(), "ECDHE-ECDSA-AES128-GCM-SHA256");
  EXPECT_TRUE(client.options_answered());
}

TEST_F(TlsServerTest, EncryptedKeystoreWithItsPassword) {
  TlsOptions tls = tls_only();
  tls.keystore = certs_.encrypted_keystore;
  tls.keystore_password = certs_.kKeystorePassword;
  ASSERT_TRUE(start(tls).is_ok());
  Client client(port());
  ASSERT_FALSE(client.connect_tls(trusting_client()));
  EXPECT_TRUE(client.options_answered());
}

TEST_F(TlsServerTest, StartFailsOnKeyMaterialItCannotLoad) {
  TlsOptions tls = tls_only();
  tls.keystore = certs_.path("absent.pem");
  const Status started = start(tls);
  ASSERT_TRUE(started.is_invalid_argument()) << started.to_string();
  EXPECT_EQ(started.message(), "client_encryption_options.keystore: " + certs_.path("absent.pem") +
                                   ": cannot open: No such file or directory");
  EXPECT_EQ(server_->port(), 0);
}

}  // namespace
}  // namespace cairn::cql
