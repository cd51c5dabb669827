// The node's authentication and authorization, as cairnd's `authenticator` and
// `authorizer` configure them: PasswordAuthenticator (SASL PLAIN over the native
// protocol, roles in system_auth.roles) and CassandraAuthorizer (permissions in
// system_auth.role_permissions), or neither (AllowAll*: no AuthService at all).
//
// open() creates the keyspace system_auth (SimpleStrategy, RF 1, as Cassandra) and its
// tables roles, role_members and role_permissions when they are missing, and — as Cassandra's
// CassandraRoleManager does on first start — the superuser role 'cassandra' with
// password 'cassandra' when no role exists at all. Operators must change that password
// (docs/operations/security.md).
//
// The service runs its system_auth queries through a QueryProcessor of its own (no
// authentication, no authorization), over the same Database.
//
// Thread safety: every method may be called from any thread once open() returned.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/env/clock.h"
#include "common/logging.h"
#include "common/result.h"
#include "cql/auth/authorizer.h"
#include "cql/auth/internal_query.h"
#include "cql/auth/login_limiter.h"
#include "cql/auth/password_hash.h"
#include "cql/auth/resources.h"
#include "cql/auth/role_manager.h"
#include "storage/database.h"

namespace cairn::cql {
class QueryProcessor;
class SystemTables;
}  // namespace cairn::cql

namespace cairn::cql::auth {

inline constexpr std::string_view kPasswordAuthenticatorClass =
    "org.apache.cassandra.auth.PasswordAuthenticator";
inline constexpr std::string_view kDefaultSuperuser = "cassandra";
inline constexpr std::string_view kDefaultSuperuserPassword = "cassandra";

struct AuthOptions {
  // authenticator: PasswordAuthenticator. Otherwise clients are not asked to log in.
  bool password_authenticator = false;
  // authorizer: CassandraAuthorizer (needs password_authenticator). Otherwise every
  // logged-in role may do everything.
  bool cassandra_authorizer = false;
  // The cost of new password hashes (stored hashes keep their own).
  ScryptParams hash_params;
  LoginLimits login_limits;
  // Password checks running at once; more logins wait for one to finish. Each check
  // holds scrypt's memory (32 MiB with the default parameters), so this bounds what a
  // burst of logins can take. At least 1.
  int max_concurrent_password_checks = 4;
};

// The user and password of a SASL PLAIN token ([authzid] NUL authcid NUL passwd).
struct PlainCredentials {
  std::string user;
  std::string password;
};
// InvalidArgument with Cassandra's text for a token without them.
Result<PlainCredentials> decode_sasl_plain(BytesView token);

class AuthService {
 public:
  // `db`, `system`, `clock` and `logger` (may be null) must outlive the service.
  static Result<std::unique_ptr<AuthService>> open(Database& db, const SystemTables& system,
                                                   Clock* clock, AuthOptions options,
                                                   Logger* logger);
  ~AuthService();
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  bool requires_authentication() const { return options_.password_authenticator; }
  bool requires_authorization() const { return options_.cassandra_authorizer; }

  // Checks a SASL PLAIN token from a client at `address` (an IP, for the rate limit
  // and the log). Returns the role logged in, or a Status whose message is what the
  // client gets as AuthenticationFailed: Cassandra's "Provided username u and/or
  // password are incorrect" for an unknown role or a wrong password, "u is not
  // permitted to log in", or the rate limit's refusal. Failures are logged without the
  // password. Slow (scrypt): call it on a worker thread.
  Result<std::string> authenticate(const std::string& address, BytesView sasl_token);

  // Whether `role` or one of the roles granted to it (transitively) is a superuser.
  Result<bool> is_superuser(const std::string& role);
  // Whether `role` or one of its roles holds `permission` on `resource` or one of its
  // parents; always true for superusers and when authorization is off.
  Result<bool> has_permission(const std::string& role, Permission permission,
                              const Resource& resource);

  // The most password checks that ran at once so far (for tests).
  int peak_concurrent_password_checks() const;

  RoleManager& roles() { return roles_; }
  Authorizer& authorizer() { return authorizer_; }
  Logger* logger() const { return logger_; }

 private:
  AuthService(Database& db, const SystemTables& system, Clock* clock, AuthOptions options,
              Logger* logger);
  Status setup(Database& db);
  Result<bool> check_password(std::string_view password, std::string_view stored);

  const AuthOptions options_;
  Logger* const logger_;
  std::unique_ptr<QueryProcessor> internal_;
  InternalQueries queries_;
  RoleManager roles_;
  Authorizer authorizer_;
  LoginRateLimiter limiter_;
  mutable std::mutex checks_mu_;
  std::condition_variable checks_cv_;
  int checks_running_ = 0;  // guarded by checks_mu_
  int checks_peak_ = 0;     // guarded by checks_mu_
};

}  // namespace cairn::cql::auth
