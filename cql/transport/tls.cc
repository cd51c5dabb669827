// The OpenSSL server context of tls.h: PEM key material, client-certificate
// verification, protocol versions and cipher suites, each checked as it is loaded.
#include "cql/transport/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <asio/ssl/context.hpp>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <system_error>

namespace cairn::cql {

namespace {

// A keystore or truststore is a few KiB; this only stops a mistaken path (a log, a
// device) from being read whole.
constexpr size_t kMaxPemFileBytes = 1 << 20;

// The TLS 1.3 suites, whose IANA and OpenSSL names are the same; every other name in
// cipher_suites is a TLS 1.2 (or older) suite.
constexpr std::array<std::string_view, 5> kTls13Suites = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"};
// Java lists this signalling value among cipher suites; it is not one, and OpenSSL
// sends it by itself.
constexpr std::string_view kRenegotiationScsv = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct SslCtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

// What OpenSSL's error queue says went wrong (its last entry), and empties the queue
// so the next check starts clean.
std::string openssl_reason() {
  unsigned long last = 0;
  while (unsigned long e = ERR_get_error()) last = e;
  if (last == 0) return "unknown OpenSSL error";
  const char* reason = ERR_reason_error_string(last);
  if (reason != nullptr) return reason;
  std::array<char, 256> buffer{};
  ERR_error_string_n(last, buffer.data(), buffer.size());
  return buffer.data();
}

// Records which option failed and returns the error.
Status fail(std::string* failed_key, const char* key, std::string message) {
  if (failed_key != nullptr) *failed_key = key;
  ERR_clear_error();
  return Status::invalid_argument(std::move(message));
}

Result<std::string> read_pem_file(const std::string& path) {
  if (path.empty()) return Status::invalid_argument("no file given");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return Status::invalid_argument(path + ": cannot open: " + std::strerror(errno));
  std::string text;
  std::array<char, 8192> chunk{};
  bool too_large = false;
  while (!too_large) {
    const size_t n = std::fread(chunk.data(), 1, chunk.size(), f);
    text.append(chunk.data(), n);
    too_large = text.size() > kMaxPemFileBytes;
    if (n < chunk.size()) break;
  }
  const int read_errno = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (read_errno != 0) {
    return Status::invalid_argument(path + ": cannot read: " + std::strerror(read_errno));
  }
  if (too_large) {
    return Status::invalid_argument(path + ": larger than " + std::to_string(kMaxPemFileBytes) +
                                    " bytes; not a PEM key or certificate file");
  }
  return text;
}

BioPtr memory_bio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

size_t count(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// Never prompts on the terminal, as OpenSSL's default callback would.
int password_callback(char* buffer, int size, int /*rwflag*/, void* user) {
  const auto* password = static_cast<const std::string*>(user);
  if (password == nullptr || password->empty() || size <= 0) return 0;
  const size_t n = std::min(password->size(), static_cast<size_t>(size));
  std::memcpy(buffer, password->data(), n);
  return static_cast<int>(n);
}

// Every certificate of a PEM text, in order. Errors name `path`.
Result<std::vector<X509Ptr>> read_certificates(const std::string& text, const std::string& path) {
  const size_t expected = count(text, "-----BEGIN CERTIFICATE-----") +
                          count(text, "-----BEGIN TRUSTED CERTIFICATE-----");
  std::vector<X509Ptr> certificates;
  BioPtr bio = memory_bio(text);
  while (certificates.size() < expected) {
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, password_callback, nullptr);
    if (cert == nullptr) {
      return Status::invalid_argument(path + ": certificate " +
                                      std::to_string(certificates.size() + 1) +
                                      " is not valid PEM: " + openssl_reason());
    }
    certificates.emplace_back(cert);
  }
  ERR_clear_error();
  if (certificates.empty()) {
    return Status::invalid_argument(path + ": no PEM certificate in it");
  }
  return certificates;
}

Status load_keystore(SSL_CTX* ctx, const TlsOptions& options, std::string* failed_key) {
  const std::string& path = options.keystore;
  if (path.empty()) {
    return fail(failed_key, "keystore",
                "no keystore: name the PEM file holding the node's private key and certificate");
  }
  auto text = read_pem_file(path);
  if (!text.is_ok()) return fail(failed_key, "keystore", text.status().message());

  BioPtr key_bio = memory_bio(*text);
  std::string password = options.keystore_password;
  PkeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, password_callback, &password));
  if (key == nullptr) {
    const bool encrypted = text->find("ENCRYPTED") != std::string::npos;
    if (encrypted && password.empty()) {
      return fail(failed_key, "keystore",
                  path + ": the private key is encrypted; set keystore_password");
    }
    if (encrypted) {
      return fail(
          failed_key, "keystore_password",
          path + ": cannot decrypt the private key with keystore_password: " + openssl_reason());
    }
    if (text->find("PRIVATE KEY-----") == std::string::npos) {
      return fail(failed_key, "keystore",
                  path +
                      ": no PEM private key in it (a keystore holds the private key, then "
                      "the certificate chain)");
    }
    return fail(failed_key, "keystore", path + ": bad PEM private key: " + openssl_reason());
  }
  auto chain = read_certificates(*text, path);
  if (!chain.is_ok()) {
    return fail(failed_key, "keystore",
                chain.status().message() +
                    " (a keystore holds the private key, then the certificate chain)");
  }
  if (X509_check_private_key(chain->front().get(), key.get()) != 1) {
    return fail(failed_key, "keystore",
                path +
                    ": the private key does not match the first certificate (the "
                    "keystore holds the private key, then its certificate, then the chain)");
  }
  if (SSL_CTX_use_certificate(ctx, chain->front().get()) != 1) {
    return fail(failed_key, "keystore",
                path + ": the certificate cannot be used: " + openssl_reason());
  }
  for (size_t i = 1; i < chain->size(); ++i) {
    if (SSL_CTX_add1_chain_cert(ctx, (*chain)[i].get()) != 1) {
      return fail(failed_key, "keystore",
                  path + ": certificate " + std::to_string(i + 1) +
                      " cannot be added to the chain: " + openssl_reason());
    }
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    return fail(failed_key, "keystore",
                path + ": the private key cannot be used: " + openssl_reason());
  }
  return Status::ok();
}

Status load_truststore(SSL_CTX* ctx, const TlsOptions& options, std::string* failed_key) {
  const std::string& path = options.truststore;
  auto text = read_pem_file(path);
  if (!text.is_ok()) return fail(failed_key, "truststore", text.status().message());
  auto certificates = read_certificates(*text, path);
  if (!certificates.is_ok()) return fail(failed_key, "truststore", certificates.status().message());
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  for (const auto& cert : *certificates) {
    if (X509_STORE_add_cert(store, cert.get()) != 1 ||
        SSL_CTX_add_client_CA(ctx, cert.get()) != 1) {
      return fail(failed_key, "truststore",
                  path + ": a certificate cannot be trusted: " + openssl_reason());
    }
  }
  return Status::ok();
}

int openssl_version(TlsVersion v) {
  return v == TlsVersion::kTls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
}

// cipher_suites: TLS 1.3 suites go to SSL_CTX_set_ciphersuites, the rest (IANA names
// translated to OpenSSL's) to SSL_CTX_set_cipher_list. A version left with no suite is
// switched off, so a list of TLS 1.2 suites alone means TLS 1.2 alone, as in Java.
Status set_cipher_suites(SSL_CTX* ctx, const TlsOptions& options, std::string* failed_key) {
  if (options.cipher_suites.empty()) return Status::ok();
  SslCtxPtr scratch(SSL_CTX_new(TLS_server_method()));
  if (scratch == nullptr) return fail(failed_key, "cipher_suites", openssl_reason());
  std::string tls12;
  std::string tls13;
  for (const std::string& name : options.cipher_suites) {
    if (name == kRenegotiationScsv) continue;
    if (std::find(kTls13Suites.begin(), kTls13Suites.end(), name) != kTls13Suites.end()) {
      tls13 += (tls13.empty() ? "" : ":") + name;
      continue;
    }
    std::string openssl_name = name;
    const char* mapped = OPENSSL_cipher_name(name.c_str());
    if (mapped != nullptr && std::strcmp(mapped, "(NONE)") != 0) openssl_name = mapped;
    if (name.empty() || name.find(':') != std::string::npos ||
        SSL_CTX_set_cipher_list(scratch.get(), openssl_name.c_str()) != 1) {
      return fail(failed_key, "cipher_suites",
                  "'" + name + "' is not a cipher suite this OpenSSL knows");
    }
    tls12 += (tls12.empty() ? "" : ":") + openssl_name;
  }
  TlsVersion min = options.min_protocol;
  TlsVersion max = options.max_protocol;
  if (tls12.empty() && tls13.empty()) {
    return fail(failed_key, "cipher_suites", "names no cipher suite");
  }
  if (tls13.empty()) max = TlsVersion::kTls12;
  if (tls12.empty()) min = TlsVersion::kTls13;
  if (min > max) {
    return fail(failed_key, "cipher_suites",
                std::string("has no suite for ") + tls_version_name(tls13.empty() ? min : max) +
                    ", the only protocol accepted");
  }
  if (SSL_CTX_set_ciphersuites(ctx, tls13.c_str()) != 1 ||
      (!tls12.empty() && SSL_CTX_set_cipher_list(ctx, tls12.c_str()) != 1) ||
      SSL_CTX_set_min_proto_version(ctx, openssl_version(min)) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, openssl_version(max)) != 1) {
    return fail(failed_key, "cipher_suites", openssl_reason());
  }
  return Status::ok();
}

}  // namespace

const char* tls_version_name(TlsVersion version) {
  return version == TlsVersion::kTls12 ? "TLSv1.2" : "TLSv1.3";
}

Result<std::shared_ptr<asio::ssl::context>> make_server_tls_context(const TlsOptions& options,
                                                                    std::string* failed_key) {
  assert(options.enabled);
  if (options.require_client_auth && options.truststore.empty()) {
    return fail(failed_key, "truststore",
                "require_client_auth needs a truststore: the PEM file of the CA certificates "
                "client certificates are verified against");
  }
  if (options.min_protocol > options.max_protocol) {
    return fail(failed_key, "accepted_protocols", "accepts no protocol version");
  }
  std::shared_ptr<asio::ssl::context> context;
  try {
    context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  } catch (const std::system_error& e) {
    return fail(failed_key, "enabled", std::string("cannot create a TLS context: ") + e.what());
  }
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_ALL);
  // DHE suites (when cipher_suites lists them) take groups sized to the certificate's key.
  SSL_CTX_set_dh_auto(ctx, 1);
  if (SSL_CTX_set_min_proto_version(ctx, openssl_version(options.min_protocol)) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, openssl_version(options.max_protocol)) != 1) {
    return fail(failed_key, "accepted_protocols", openssl_reason());
  }
  CAIRN_RETURN_IF_ERROR(load_keystore(ctx, options, failed_key));
  if (!options.truststore.empty()) {
    CAIRN_RETURN_IF_ERROR(load_truststore(ctx, options, failed_key));
  }
  CAIRN_RETURN_IF_ERROR(set_cipher_suites(ctx, options, failed_key));
  if (options.require_client_auth) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    // A resumed session skips verification; OpenSSL refuses resumption with client
    // verification unless the sessions are tied to this context.
    static constexpr unsigned char kSessionContext[] = "cairn-cql";
    SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
  }
  return context;
}

}  // namespace cairn::cql
