#include "cql/auth/auth_service.h"

#include <algorithm>

#include "cql/query/query_processor.h"
#include "cql/system/name_uuid.h"
#include "cql/system/system_tables.h"
#include "model/schema.h"

namespace cairn::cql::auth {
namespace {

Status incorrect(const std::string& user) {
  return Status::invalid_argument("Provided username " + user + " and/or password are incorrect");
}

Result<TableSchemaRef> roles_table() {
  return TableSchema::Builder(std::string(kAuthKeyspace), "roles")
      .id(name_based_uuid("system_auth.roles"))
      .partition_key("role", CqlType::text())
      .regular("can_login", CqlType::boolean())
      .regular("is_superuser", CqlType::boolean())
      .regular("member_of", CqlType::set(CqlType::text(), false))
      .regular("salted_hash", CqlType::text())
      .build();
}

Result<TableSchemaRef> role_members_table() {
  return TableSchema::Builder(std::string(kAuthKeyspace), "role_members")
      .id(name_based_uuid("system_auth.role_members"))
      .partition_key("role", CqlType::text())
      .clustering("member", CqlType::text())
      .build();
}

Result<TableSchemaRef> role_permissions_table() {
  return TableSchema::Builder(std::string(kAuthKeyspace), "role_permissions")
      .id(name_based_uuid("system_auth.role_permissions"))
      .partition_key("role", CqlType::text())
      .clustering("resource", CqlType::text())
      .regular("permissions", CqlType::set(CqlType::text(), false))
      .build();
}

}  // namespace

Result<PlainCredentials> decode_sasl_plain(BytesView token) {
  // As Cassandra reads it: the password after the last NUL, the user before it, back
  // to the NUL before (the authorization id in front is ignored).
  const size_t last = token.rfind('\0');
  if (last == BytesView::npos || last == 0) {
    return Status::invalid_argument("Authentication ID must not be null");
  }
  const size_t before = token.rfind('\0', last - 1);
  const size_t user_from = before == BytesView::npos ? 0 : before + 1;
  PlainCredentials c{std::string(token.substr(user_from, last - user_from)),
                     std::string(token.substr(last + 1))};
  if (c.user.empty()) return Status::invalid_argument("Authentication ID must not be null");
  if (c.password.empty()) return Status::invalid_argument("Password must not be null");
  return c;
}

AuthService::AuthService(Database& db, const SystemTables& system, Clock* clock,
                         AuthOptions options, Logger* logger)
    : options_(options),
      logger_(logger),
      internal_(std::make_unique<QueryProcessor>(db, system)),
      queries_(*internal_),
      roles_(queries_, options.hash_params),
      authorizer_(queries_),
      limiter_(clock, options.login_limits) {}

AuthService::~AuthService() = default;

Result<std::unique_ptr<AuthService>> AuthService::open(Database& db, const SystemTables& system,
                                                       Clock* clock, AuthOptions options,
                                                       Logger* logger) {
  if (options.cassandra_authorizer && !options.password_authenticator) {
    return Status::invalid_argument(
        "CassandraAuthorizer needs authenticator: PasswordAuthenticator (with "
        "AllowAllAuthenticator every client is anonymous)");
  }
  std::unique_ptr<AuthService> service(new AuthService(db, system, clock, options, logger));
  CAIRN_RETURN_IF_ERROR(service->setup(db));
  return service;
}

Status AuthService::setup(Database& db) {
  KeyspaceSchema ks;
  ks.name = std::string(kAuthKeyspace);
  ks.replication = {{"class", "SimpleStrategy"}, {"replication_factor", "1"}};
  CAIRN_RETURN_IF_ERROR(db.create_keyspace(ks, /*if_not_exists=*/true));
  for (auto make : {roles_table, role_members_table, role_permissions_table}) {
    CAIRN_ASSIGN_OR_RETURN(TableSchemaRef table, make());
    CAIRN_RETURN_IF_ERROR(db.create_table(table, /*if_not_exists=*/true).status());
  }
  if (!options_.password_authenticator) return Status::ok();
  CAIRN_ASSIGN_OR_RETURN(bool any, roles_.any_exists());
  if (any) return Status::ok();
  RoleOptions superuser;
  superuser.password = std::string(kDefaultSuperuserPassword);
  superuser.login = true;
  superuser.superuser = true;
  Status created = roles_.create(std::string(kDefaultSuperuser), superuser);
  if (!created.is_ok() && created.code() != Status::Code::kAlreadyExists) return created;
  if (logger_ != nullptr) {
    logger_->warn(
        "Created default superuser role '{}' with Cassandra's default password: "
        "change it (ALTER ROLE {} WITH PASSWORD = '...') or create another superuser "
        "and drop it",
        kDefaultSuperuser, kDefaultSuperuser);
  }
  return Status::ok();
}

Result<std::string> AuthService::authenticate(const std::string& address, BytesView sasl_token) {
  auto credentials = decode_sasl_plain(sasl_token);
  if (!credentials.is_ok()) {
    if (logger_ != nullptr) {
      logger_->info("Failed login from {}: {}", address, credentials.status().message());
    }
    return credentials.status();
  }
  const std::string& user = credentials->user;
  if (!limiter_.try_acquire(address)) {
    if (logger_ != nullptr) {
      logger_->warn("Refused login of '{}' from {}: too many failed attempts from that address",
                    user, address);
    }
    return Status::invalid_argument("Too many failed login attempts from " + address +
                                    "; try again later");
  }
  auto fail = [&](Status s, std::string_view why) -> Status {
    if (logger_ != nullptr) logger_->warn("Failed login of '{}' from {}: {}", user, address, why);
    return s;
  };
  auto role = roles_.get(user);
  if (!role.is_ok()) return fail(incorrect(user), role.status().to_string());
  if (!role.value() || !role.value()->salted_hash) {
    return fail(incorrect(user), "no such role, or it has no password");
  }
  auto matches = check_password(credentials->password, *role.value()->salted_hash);
  if (!matches.is_ok()) return fail(incorrect(user), matches.status().to_string());
  if (!matches.value()) return fail(incorrect(user), "wrong password");
  if (!role.value()->can_login) {
    return fail(Status::invalid_argument(user + " is not permitted to log in"), "LOGIN is false");
  }
  limiter_.release(address);
  if (logger_ != nullptr) logger_->log(LogLevel::kDebug, "'{}' logged in from {}", user, address);
  return user;
}

Result<bool> AuthService::check_password(std::string_view password, std::string_view stored) {
  const int limit = std::max(1, options_.max_concurrent_password_checks);
  {
    std::unique_lock lock(checks_mu_);
    checks_cv_.wait(lock, [&] { return checks_running_ < limit; });
    ++checks_running_;
    checks_peak_ = std::max(checks_peak_, checks_running_);
  }
  Result<bool> matches = verify_password(password, stored);
  {
    std::lock_guard lock(checks_mu_);
    --checks_running_;
  }
  checks_cv_.notify_one();
  return matches;
}

int AuthService::peak_concurrent_password_checks() const {
  std::lock_guard lock(checks_mu_);
  return checks_peak_;
}

Result<bool> AuthService::is_superuser(const std::string& role) {
  CAIRN_ASSIGN_OR_RETURN(std::vector<Role> roles, roles_.with_granted(role));
  return std::any_of(roles.begin(), roles.end(), [](const Role& r) { return r.is_superuser; });
}

// Two reads for a role without granted roles: its row, then its grants (and one more
// of each per granted role).
Result<bool> AuthService::has_permission(const std::string& role, Permission permission,
                                         const Resource& resource) {
  if (!options_.cassandra_authorizer) return true;
  CAIRN_ASSIGN_OR_RETURN(std::vector<Role> roles, roles_.with_granted(role));
  for (const Role& r : roles) {
    if (r.is_superuser) return true;
  }
  const std::vector<Resource> chain = resource.chain();
  for (const Role& r : roles) {
    CAIRN_ASSIGN_OR_RETURN(auto granted, authorizer_.granted_all(r.name));
    for (const Resource& c : chain) {
      auto it = granted.find(c.name());
      if (it != granted.end() && it->second.contains(permission)) return true;
    }
  }
  return false;
}

}  // namespace cairn::cql::auth
