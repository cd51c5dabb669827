// The client's connection setup (cql/client/connection.h, client.h) against a fake
// node in this process: TLS with the node's certificate checked against a CA file,
// SASL PLAIN authentication (AUTHENTICATE, AUTH_RESPONSE, AUTH_SUCCESS or ERROR), and
// a QUERY answered with rows. The certificates are made here with OpenSSL; the fake
// node is a thread running blocking asio::ssl calls, answering with the node's own
// encoders (cql/protocol/).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <asio/read.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cql/client/client.h"
#include "cql/protocol/body.h"
#include "cql/protocol/frame.h"
#include "cql/protocol/results.h"

namespace cairn::cql::client {
namespace {

constexpr const char* kAuthenticator = "org.apache.cassandra.auth.PasswordAuthenticator";

struct Pem {
  std::string cert;
  std::string key;
};

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

// A self-signed CA certificate for `cn` (P-256, one hour), naming `san` (e.g.
// "IP:127.0.0.1") as its subject alternative name when given.
Pem self_signed(const char* cn, const char* san = nullptr) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_EXTENSION* ca = X509V3_EXT_conf_nid(nullptr, nullptr, NID_basic_constraints,
                                           const_cast<char*>("critical,CA:TRUE"));
  X509_add_ext(x, ca, -1);
  X509_EXTENSION_free(ca);
  if (san != nullptr) {
    X509_EXTENSION* alt =
        X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, const_cast<char*>(san));
    X509_add_ext(x, alt, -1);
    X509_EXTENSION_free(alt);
  }
  X509_sign(x, key, EVP_sha256());
  Pem pem;
  BIO* cert = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert, x);
  pem.cert = bio_text(cert);
  BIO* pkey = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(pkey, key, nullptr, nullptr, 0, nullptr, nullptr);
  pem.key = bio_text(pkey);
  X509_free(x);
  EVP_PKEY_free(key);
  return pem;
}

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              (name + "-" + std::to_string(::getpid()) + ".pem");
  std::ofstream(path) << text;
  return path.string();
}

// A node on 127.0.0.1 that speaks TLS with `pem`, asks for PasswordAuthenticator
// credentials cassandra/secret and answers every QUERY with one row ("hello"). With
// `client_ca`, it requires a client certificate signed by it.
class FakeNode {
 public:
  explicit FakeNode(const Pem& pem, const std::string& client_ca = "") {
    context_.use_certificate_chain(asio::buffer(pem.cert));
    context_.use_private_key(asio::buffer(pem.key), asio::ssl::context::pem);
    if (!client_ca.empty()) {
      context_.add_certificate_authority(asio::buffer(client_ca));
      context_.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeNode() {
    asio::error_code ignored;
    acceptor_.close(ignored);
    thread_.join();
  }

  uint16_t port() const { return port_; }
  bool handshake_failed() const { return handshake_failed_; }

 private:
  void serve() {
    asio::ssl::stream<asio::ip::tcp::socket> stream(io_, context_);
    asio::error_code ec;
    acceptor_.accept(stream.next_layer(), ec);
    if (ec) return;
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) {
      handshake_failed_ = true;
      return;
    }
    for (;;) {
      Bytes header(kFrameHeaderSize, '\0');
      if (asio::read(stream, asio::buffer(header.data(), header.size()), ec) != header.size()) return;
      const uint32_t length = static_cast<uint32_t>(static_cast<uint8_t>(header[5])) << 24 |
                              static_cast<uint32_t>(static_cast<uint8_t>(header[6])) << 16 |
                              static_cast<uint32_t>(static_cast<uint8_t>(header[7])) << 8 |
                              static_cast<uint32_t>(static_cast<uint8_t>(header[8]));
      Bytes body(length, '\0');
      if (length > 0 && asio::read(stream, asio::buffer(body.data(), body.size()), ec) != length) {
        return;
      }
      Frame reply;
      reply.response = true;
      reply.stream = static_cast<int16_t>(static_cast<uint8_t>(header[2]) << 8 |
                                          static_cast<uint8_t>(header[3]));
      answer(static_cast<Opcode>(header[4]), body, &reply);
      Bytes out = encode_frame(reply);
      asio::write(stream, asio::buffer(out.data(), out.size()), ec);
      if (ec) return;
    }
  }

  static void answer(Opcode opcode, const Bytes& body, Frame* reply) {
    BodyWriter w;
    if (opcode == Opcode::kStartup) {
      reply->opcode = Opcode::kAuthenticate;
      w.write_string(kAuthenticator);
    } else if (opcode == Opcode::kAuthResponse) {
      BodyReader r(body);
      auto token = r.read_bytes();
      if (token.is_ok() && *token == Bytes(std::string_view("\0cassandra\0secret", 17))) {
        reply->opcode = Opcode::kAuthSuccess;
        w.write_bytes(std::nullopt);
      } else {
        reply->opcode = Opcode::kError;
        Bytes error = encode_error(CqlError::of(
            ErrorCode::kBadCredentials, "Provided username and/or password are incorrect"));
        reply->body = std::move(error);
        return;
      }
    } else if (opcode == Opcode::kQuery) {
      ResultMessage result;
      result.kind = ResultMessage::Kind::kRows;
      result.rows.columns = {{"ks", "t", "greeting", CqlType::text()}};
      result.rows.rows = {{values::from_text("hello")}};
      reply->opcode = Opcode::kResult;
      reply->body = encode_result(result);
      return;
    } else {
      reply->opcode = Opcode::kError;
      reply->body = encode_error(CqlError::of(ErrorCode::kProtocolError, "unexpected opcode"));
      return;
    }
    reply->body = w.take();
  }

  asio::io_context io_;
  asio::ssl::context context_{asio::ssl::context::tls_server};
  asio::ip::tcp::acceptor acceptor_{io_};
  uint16_t port_ = 0;
  std::atomic<bool> handshake_failed_{false};
  std::thread thread_;
};

class ClientConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_pem_ = self_signed("cairn-test-node", "IP:127.0.0.1");
    ca_file_ = write_temp("cairn-client-test-ca", node_pem_.cert);
  }
  void TearDown() override {
    for (const auto& f : {ca_file_, cert_file_, key_file_}) {
      if (!f.empty()) std::filesystem::remove(f);
    }
  }

  ConnectionOptions options(uint16_t port) const {
    ConnectionOptions o;
    o.port = port;
    o.tls.enabled = true;
    o.tls.ca_file = ca_file_;
    o.username = "cassandra";
    o.password = "secret";
    return o;
  }

  Pem node_pem_;
  std::string ca_file_;
  std::string cert_file_;
  std::string key_file_;
};

TEST_F(ClientConnectionTest, TlsVerifiedAgainstTheCaFileThenPasswordAuthentication) {
  FakeNode node(node_pem_);
  auto client = Client::connect(options(node.port()), std::chrono::seconds(10));
  ASSERT_TRUE(client.is_ok()) << client.status().to_string();
  auto result = (*client)->query("SELECT greeting FROM ks.t");
  ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  ASSERT_FALSE(result->error.has_value());
  ASSERT_EQ(result->kind, ResultKind::kRows);
  ASSERT_EQ(result->rows.row_count, 1);
  EXPECT_EQ(result->rows.specs[0].name, "greeting");
  EXPECT_EQ(result->rows.values[0], values::from_text("hello"));
}

TEST_F(ClientConnectionTest, WrongPasswordGetsTheNodesMessage) {
  FakeNode node(node_pem_);
  ConnectionOptions o = options(node.port());
  o.password = "wrong";
  auto client = Client::connect(o, std::chrono::seconds(10));
  ASSERT_FALSE(client.is_ok());
  EXPECT_NE(client.status().message().find("refused the credentials"), std::string::npos)
      << client.status().to_string();
  EXPECT_NE(client.status().message().find("password are incorrect"), std::string::npos);
}

TEST_F(ClientConnectionTest, NoCredentialsNamesTheAuthenticator) {
  FakeNode node(node_pem_);
  ConnectionOptions o = options(node.port());
  o.username.reset();
  auto client = Client::connect(o, std::chrono::seconds(10));
  ASSERT_FALSE(client.is_ok());
  EXPECT_NE(client.status().message().find(kAuthenticator), std::string::npos)
      << client.status().to_string();
}

TEST_F(ClientConnectionTest, CertificateNotSignedByTheCaIsRefused) {
  FakeNode node(self_signed("someone-else"));
  auto client = Client::connect(options(node.port()), std::chrono::seconds(10));
  ASSERT_FALSE(client.is_ok());
  EXPECT_NE(client.status().message().find("TLS handshake with 127.0.0.1"), std::string::npos)
      << client.status().to_string();
  EXPECT_NE(client.status().message().find("certificate"), std::string::npos)
      << client.status().to_string();
}

TEST_F(ClientConnectionTest, MissingCaFileIsNamed) {
  FakeNode node(node_pem_);
  ConnectionOptions o = options(node.port());
  o.tls.ca_file = "/nonexistent/ca.pem";
  auto client = Client::connect(o, std::chrono::seconds(10));
  ASSERT_FALSE(client.is_ok());
  EXPECT_NE(client.status().message().find("/nonexistent/ca.pem"), std::string::npos)
      << client.status().to_string();
}

TEST_F(ClientConnectionTest, HostnameIsCheckedWhenAsked) {
  {
    FakeNode node(node_pem_);  // names IP:127.0.0.1
    ConnectionOptions o = options(node.port());
    o.tls.verify_hostname = true;
    auto client = Client::connect(o, std::chrono::seconds(10));
    EXPECT_TRUE(client.is_ok()) << client.status().to_string();
  }
  Pem unnamed = self_signed("cairn-test-node");  // no subject alternative name
  const std::string ca = write_temp("cairn-client-test-unnamed-ca", unnamed.cert);
  FakeNode node(unnamed);
  ConnectionOptions o = options(node.port());
  o.tls.ca_file = ca;
  auto trusted = Client::connect(o, std::chrono::seconds(10));
  EXPECT_TRUE(trusted.is_ok()) << trusted.status().to_string();  // chain only: accepted
  std::filesystem::remove(ca);
}

TEST_F(ClientConnectionTest, HostnameMismatchIsRefused) {
  Pem unnamed = self_signed("cairn-test-node");
  const std::string ca = write_temp("cairn-client-test-unnamed-ca2", unnamed.cert);
  FakeNode node(unnamed);
  ConnectionOptions o = options(node.port());
  o.tls.ca_file = ca;
  o.tls.verify_hostname = true;
  auto client = Client::connect(o, std::chrono::seconds(10));
  std::filesystem::remove(ca);
  ASSERT_FALSE(client.is_ok());
  EXPECT_NE(client.status().message().find("TLS handshake with 127.0.0.1"), std::string::npos)
      << client.status().to_string();
}

TEST_F(ClientConnectionTest, ClientCertificateForANodeThatRequiresOne) {
  Pem client_pem = self_signed("cairn-test-client");
  FakeNode node(node_pem_, client_pem.cert);
  // Without a certificate the node refuses the handshake.
  auto refused = Client::connect(options(node.port()), std::chrono::seconds(10));
  EXPECT_FALSE(refused.is_ok());
  FakeNode second(node_pem_, client_pem.cert);
  cert_file_ = write_temp("cairn-client-test-cert", client_pem.cert);
  key_file_ = write_temp("cairn-client-test-key", client_pem.key);
  ConnectionOptions o = options(second.port());
  o.tls.cert_file = cert_file_;
  o.tls.key_file = key_file_;
  auto client = Client::connect(o, std::chrono::seconds(10));
  ASSERT_TRUE(client.is_ok()) << client.status().to_string();
  auto result = (*client)->query("SELECT greeting FROM ks.t");
  ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  EXPECT_EQ(result->rows.row_count, 1);
}

TEST_F(ClientConnectionTest, MissingClientCertificateIsNamed) {
  FakeNode node(node_pem_);
  ConnectionOptions o = options(node.port());
  o.tls.cert_file = "/nonexistent/client.pem";
  auto client = Client::connect(o, std::chrono::seconds(10));
  ASSERT_FALSE(client.is_ok());
  EXPECT_NE(client.status().message().find("client certificate /nonexistent/client.pem"),
            std::string::npos)
      << client.status().to_string();
}

}  // namespace
}  // namespace cairn::cql::client
