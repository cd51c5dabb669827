// TLS for the native-protocol server: what cassandra.yaml's client_encryption_options
// say, and the OpenSSL context built from them (docs/operations/tls.md).
//
// Key material is PEM, as Cassandra 4.1's PEMBasedSslContextFactory reads it from files:
// `keystore` holds the node's private key followed by its certificate chain (leaf
// first), `keystore_password` decrypts an encrypted key, `truststore` holds the CA
// certificates that client certificates are verified against. Java keystores (JKS,
// PKCS12) are not read.
//
// Building a context loads and checks everything up front: a file that cannot be read,
// a file with no PEM key or certificate in it, a key that does not match its
// certificate, a wrong password, an unknown cipher suite or protocol all fail here,
// naming the option (`failed_key`) and the file, never at the first handshake.
//
// Thread safety: the functions are pure functions of their arguments. A built context
// is read-only and may be shared by any number of connections on any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace asio::ssl {
class context;
}  // namespace asio::ssl

namespace cairn::cql {

enum class TlsVersion { kTls12, kTls13 };

// Field names are client_encryption_options' keys.
struct TlsOptions {
  // Serve TLS at all. False: plain TCP only and nothing below is read.
  bool enabled = false;
  // With `enabled`: serve TLS and plain CQL on the same port, told apart by the first
  // byte a client sends (a TLS record starts with 0x16, a CQL frame with its version).
  bool optional = false;
  // PEM file: the private key, then the certificate chain (leaf first).
  std::string keystore;
  // Decrypts an encrypted private key in `keystore`; empty when it is not encrypted.
  std::string keystore_password;
  // PEM file of CA certificates; required with require_client_auth. Also sent to
  // clients as the names of acceptable certificate issuers.
  std::string truststore;
  // Refuse a client that presents no certificate, or one that does not verify against
  // `truststore`.
  bool require_client_auth = false;
  // The protocol versions accepted: every version from min to max.
  TlsVersion min_protocol = TlsVersion::kTls12;
  TlsVersion max_protocol = TlsVersion::kTls13;
  // Cipher suites in IANA (Java) names, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, or
  // OpenSSL names, ECDHE-RSA-AES128-GCM-SHA256. TLS 1.3 suites (TLS_AES_128_GCM_SHA256,
  // ...) restrict TLS 1.3, the others TLS 1.2. Empty: OpenSSL's defaults.
  std::vector<std::string> cipher_suites;

  bool operator==(const TlsOptions&) const = default;
};

// "TLSv1.2" or "TLSv1.3", as Java (and cassandra.yaml) spell them.
const char* tls_version_name(TlsVersion version);

// A server context for `options` (REQUIRES: options.enabled). On failure the status is
// InvalidArgument "<file or value>: <problem>" and, when `failed_key` is not null, it
// receives the option at fault ("keystore", "truststore", "cipher_suites", ...).
Result<std::shared_ptr<asio::ssl::context>> make_server_tls_context(const TlsOptions& options,
                                                                    std::string* failed_key);

}  // namespace cairn::cql
