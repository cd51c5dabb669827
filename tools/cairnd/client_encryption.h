// client_encryption_options of cairn.yaml: Cassandra's map of TLS settings for CQL
// clients, read into cql::TlsOptions (cql/transport/tls.h; docs/operations/tls.md).
//
//   client_encryption_options:
//     enabled: true
//     optional: false
//     ssl_context_factory:
//       class_name: org.apache.cassandra.security.PEMBasedSslContextFactory
//     keystore: conf/node.pem          # PEM: private key, then certificate chain
//     keystore_password: secret        # only for an encrypted private key
//     truststore: conf/ca.pem          # PEM: CAs that client certificates must chain to
//     require_client_auth: true
//     protocol: TLS
//     accepted_protocols: [TLSv1.2, TLSv1.3]
//     cipher_suites: [TLS_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
//
// The keys are Cassandra 4.1's, with PEMBasedSslContextFactory's meaning of keystore
// and truststore (Cairn reads PEM only; a JKS or PKCS12 store_type, or another context
// factory, is an error). Java-only keys (algorithm, truststore_password) are warnings.
// `optional: true` serves TLS and plain CQL on one port, whether or not `enabled` is
// true (the result then has enabled and optional set); with neither, the result is the
// default TlsOptions. When TLS is served the key material is loaded and checked here,
// so a missing file, a bad PEM or a key that does not match its certificate fails the
// config, naming the key and the file.
//
// Thread safety: a pure function of its arguments (it reads the files it names).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "cql/transport/tls.h"

namespace cairn::tools {

// Reads the map `value` of the setting spelled `key`. On failure `error_key` receives
// the key at fault ("client_encryption_options.keystore") and the status the problem.
// Warnings are appended to `warnings`. `parse_bool` reads a boolean as the rest of the
// file does.
Result<cql::TlsOptions> parse_client_encryption_options(
    const YAML::Node& value, std::string_view key,
    std::optional<bool> (*parse_bool)(std::string_view), std::string* error_key,
    std::vector<std::string>* warnings);

}  // namespace cairn::tools
