// Throwaway TLS key material for tests, made with the `openssl` command in a directory
// the test owns (a TempDir): nothing private is ever committed. EC P-256 keys, valid for
// two days.
//
//   ca.pem / ca.key             a CA
//   server.pem / server.key     signed by the CA, for IP 127.0.0.1 (serverAuth)
//   server-keystore.pem         server.key then server.pem: a Cassandra PEM keystore
//   server-keystore-enc.pem     the same with the key encrypted under kKeystorePassword
//   client.pem / client.key     signed by the CA (clientAuth)
//   other-ca.pem                a second CA, unrelated to the first
//   other-client.pem / .key     signed by the second CA
//
// Thread safety: run it from one thread; it starts processes.
#pragma once

#include <string>

#include "common/status.h"

namespace cairn::testing {

struct TestCertificates {
  static constexpr const char* kKeystorePassword = "s3cret-pass";

  std::string dir;
  std::string ca;                  // CA certificate
  std::string server_cert;         // server certificate alone
  std::string server_key;          // server private key alone
  std::string keystore;            // server key + certificate
  std::string encrypted_keystore;  // encrypted server key + certificate
  std::string client_cert;
  std::string client_key;
  std::string other_ca;
  std::string other_client_cert;
  std::string other_client_key;

  std::string path(const std::string& name) const { return dir + "/" + name; }
};

// Makes every file above under `dir` (which must exist). The status names the openssl
// step that failed and ends with its output.
Status make_test_certificates(const std::string& dir, TestCertificates* out);

}  // namespace cairn::testing
