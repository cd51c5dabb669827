// client_encryption_options: the keys and their rules are in client_encryption.h. The
// facts borrowed from Cassandra 4.1 (key names, PEMBasedSslContextFactory's use of
// keystore, keystore_password and truststore, its inline parameters) come from its
// security package.
#include "tools/cairnd/client_encryption.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace cairn::tools {
namespace {

using cql::TlsOptions;
using cql::TlsVersion;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Java's names; SSLContext takes them in any case.
std::optional<TlsVersion> version_named(std::string_view name) {
  if (equals_ignoring_case(name, "TLSv1.2")) return TlsVersion::kTls12;
  if (equals_ignoring_case(name, "TLSv1.3")) return TlsVersion::kTls13;
  return std::nullopt;
}

// Versions Java knows and OpenSSL 3 (at its default security level) no longer speaks.
bool is_obsolete_version(std::string_view name) {
  for (std::string_view old : {"SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1"})
    if (equals_ignoring_case(name, old)) return true;
  return false;
}

class Reader {
 public:
  Reader(std::string_view key, std::optional<bool> (*parse_bool)(std::string_view),
         std::string* error_key, std::vector<std::string>* warnings)
      : key_(key), parse_bool_(parse_bool), error_key_(error_key), warnings_(warnings) {}

  std::string path(std::string_view sub) const { return fmt::format("{}.{}", key_, sub); }

  Status error(std::string_view sub, std::string problem) const {
    if (error_key_ != nullptr) *error_key_ = sub.empty() ? std::string(key_) : path(sub);
    return Status::invalid_argument(std::move(problem));
  }
  void warn(std::string_view sub, std::string_view message) const {
    if (warnings_ != nullptr) warnings_->push_back(fmt::format("{}: {}", path(sub), message));
  }

  Result<std::string> scalar(std::string_view sub, const YAML::Node& value) const {
    if (value.IsScalar()) return value.Scalar();
    if (value.IsNull()) return error(sub, "has no value");
    return error(sub, value.IsSequence() ? "expected a single value, got a list"
                                         : "expected a single value, got a map");
  }

  Status path_value(std::string_view sub, const YAML::Node& value, std::string* out) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(sub, value));
    if (text.empty()) return error(sub, "is empty");
    *out = std::move(text);
    return Status::ok();
  }

  Status boolean(std::string_view sub, const YAML::Node& value, bool* out) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(sub, value));
    std::optional<bool> b = parse_bool_(text);
    if (!b) return error(sub, fmt::format("expected true or false, got '{}'", text));
    *out = *b;
    return Status::ok();
  }

  Result<std::vector<std::string>> list(std::string_view sub, const YAML::Node& value,
                                        std::string_view example) const {
    if (!value.IsSequence()) {
      if (value.IsNull()) return error(sub, "has no value");
      return error(sub, fmt::format("expected a list, e.g. {}", example));
    }
    std::vector<std::string> out;
    for (const auto& item : value) {
      CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(sub, item));
      if (text.empty()) return error(sub, "holds an empty entry");
      out.push_back(std::move(text));
    }
    return out;
  }

 private:
  std::string_view key_;
  std::optional<bool> (*parse_bool_)(std::string_view);
  std::string* error_key_;
  std::vector<std::string>* warnings_;
};

// ssl_context_factory: PEMBasedSslContextFactory with no inline parameters.
Status check_context_factory(const Reader& r, const YAML::Node& value) {
  constexpr std::string_view kPackage = "org.apache.cassandra.security.";
  std::string name;
  if (value.IsMap()) {
    for (const auto& kv : value) {
      const std::string sub = kv.first.Scalar();
      if (sub == "class_name") {
        CAIRN_ASSIGN_OR_RETURN(name, r.scalar("ssl_context_factory.class_name", kv.second));
      } else if (sub == "parameters") {
        if (kv.second.IsNull() || (kv.second.IsMap() && kv.second.size() == 0)) continue;
        return r.error("ssl_context_factory.parameters",
                       "inline PEM (private_key, trusted_certificates) is not supported yet: put "
                       "the PEM in the files named by keystore and truststore");
      } else {
        return r.error(fmt::format("ssl_context_factory.{}", sub),
                       "unknown key (expected class_name and parameters)");
      }
    }
  } else {
    CAIRN_ASSIGN_OR_RETURN(name, r.scalar("ssl_context_factory", value));
  }
  std::string_view short_name = name;
  if (short_name.starts_with(kPackage)) short_name.remove_prefix(kPackage.size());
  if (short_name == "PEMBasedSslContextFactory") return Status::ok();
  if (name.empty()) return r.error("ssl_context_factory", "needs a class_name");
  return r.error("ssl_context_factory",
                 fmt::format("{} is not supported: Cairn reads PEM files only "
                             "(org.apache.cassandra.security.PEMBasedSslContextFactory)",
                             name));
}

// protocol and accepted_protocols: accepted_protocols when given (a protocol naming a
// version must then be among them); otherwise a protocol naming one version accepts
// that version alone, and "TLS" accepts every version Cairn speaks.
Status resolve_protocols(const Reader& r, const std::optional<std::string>& protocol,
                         const std::optional<std::vector<std::string>>& accepted, TlsOptions* tls) {
  std::set<TlsVersion> versions;
  if (accepted) {
    for (const std::string& name : *accepted) {
      if (auto v = version_named(name)) {
        versions.insert(*v);
      } else if (is_obsolete_version(name)) {
        r.warn("accepted_protocols",
               fmt::format("{} is not accepted: Cairn speaks TLSv1.2 and TLSv1.3 only", name));
      } else {
        return r.error("accepted_protocols",
                       fmt::format("unknown protocol '{}' (expected TLSv1.2 or TLSv1.3)", name));
      }
    }
    if (versions.empty()) {
      return r.error("accepted_protocols", "accepts neither TLSv1.2 nor TLSv1.3");
    }
  } else {
    versions = {TlsVersion::kTls12, TlsVersion::kTls13};
  }
  if (protocol && !equals_ignoring_case(*protocol, "TLS")) {
    auto v = version_named(*protocol);
    if (!v) {
      return r.error("protocol", fmt::format("'{}' is not supported (expected TLS, TLSv1.2 or "
                                             "TLSv1.3{})",
                                             *protocol,
                                             is_obsolete_version(*protocol)
                                                 ? "; Cairn speaks TLS 1.2 and newer only"
                                                 : ""));
    }
    if (!accepted) {
      versions = {*v};
    } else if (!versions.contains(*v)) {
      return r.error("protocol", fmt::format("{} is not among accepted_protocols", *protocol));
    }
  }
  tls->min_protocol = *versions.begin();
  tls->max_protocol = *versions.rbegin();
  return Status::ok();
}

}  // namespace

Result<cql::TlsOptions> parse_client_encryption_options(
    const YAML::Node& value, std::string_view key,
    std::optional<bool> (*parse_bool)(std::string_view), std::string* error_key,
    std::vector<std::string>* warnings) {
  Reader r(key, parse_bool, error_key, warnings);
  if (!value.IsMap()) {
    if (value.IsNull()) return r.error("", "has no value");
    return r.error("", "expected a map such as `enabled: true` and `keystore: <file>`");
  }
  TlsOptions tls;
  std::optional<std::string> protocol;
  std::optional<std::vector<std::string>> accepted;
  std::set<std::string> seen;
  for (const auto& kv : value) {
    const std::string sub = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    if (sub.empty()) return r.error("", "a key must be a plain name");
    if (!seen.insert(sub).second) return r.error(sub, "given twice");
    const YAML::Node& v = kv.second;
    if (sub == "enabled") {
      CAIRN_RETURN_IF_ERROR(r.boolean(sub, v, &tls.enabled));
    } else if (sub == "optional") {
      CAIRN_RETURN_IF_ERROR(r.boolean(sub, v, &tls.optional));
    } else if (sub == "keystore") {
      CAIRN_RETURN_IF_ERROR(r.path_value(sub, v, &tls.keystore));
    } else if (sub == "keystore_password") {
      if (!v.IsNull()) {
        CAIRN_ASSIGN_OR_RETURN(tls.keystore_password, r.scalar(sub, v));
      }
    } else if (sub == "truststore") {
      CAIRN_RETURN_IF_ERROR(r.path_value(sub, v, &tls.truststore));
    } else if (sub == "require_client_auth") {
      CAIRN_RETURN_IF_ERROR(r.boolean(sub, v, &tls.require_client_auth));
    } else if (sub == "require_endpoint_verification") {
      bool verify = false;
      CAIRN_RETURN_IF_ERROR(r.boolean(sub, v, &verify));
      if (verify) r.warn(sub, "Cairn does not match client host names to certificates; ignored");
    } else if (sub == "protocol") {
      CAIRN_ASSIGN_OR_RETURN(protocol, r.scalar(sub, v));
    } else if (sub == "accepted_protocols") {
      CAIRN_ASSIGN_OR_RETURN(accepted, r.list(sub, v, "[TLSv1.2, TLSv1.3]"));
    } else if (sub == "cipher_suites") {
      CAIRN_ASSIGN_OR_RETURN(tls.cipher_suites,
                             r.list(sub, v, "[TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]"));
    } else if (sub == "ssl_context_factory") {
      CAIRN_RETURN_IF_ERROR(check_context_factory(r, v));
    } else if (sub == "store_type") {
      CAIRN_ASSIGN_OR_RETURN(std::string type, r.scalar(sub, v));
      if (!equals_ignoring_case(type, "PEM")) {
        return r.error(sub, fmt::format("{} is not supported: Cairn reads PEM files only (convert "
                                        "the store with openssl, see docs/operations/tls.md)",
                                        type));
      }
    } else if (sub == "truststore_password" || sub == "truststore_password_file") {
      if (!v.IsNull()) r.warn(sub, "a PEM truststore has no password; ignored");
    } else if (sub == "algorithm") {
      r.warn(sub, "a Java key manager setting; ignored");
    } else if (sub == "keystore_password_file") {
      return r.error(sub, "is not supported yet (write keystore_password)");
    } else {
      return r.error(sub, "unknown key");
    }
  }
  CAIRN_RETURN_IF_ERROR(resolve_protocols(r, protocol, accepted, &tls));
  // `optional: true` offers TLS beside plain CQL even when `enabled` is false (the
  // transitional setting); with neither, nothing else here is used.
  if (!tls.enabled && !tls.optional) return TlsOptions{};
  tls.enabled = true;
  // Load everything now, so a bad file fails the config rather than the server's start.
  std::string bad_key;
  auto context = cql::make_server_tls_context(tls, &bad_key);
  if (!context.is_ok()) return r.error(bad_key, context.status().message());
  return tls;
}

}  // namespace cairn::tools
