#include "cql/query/auth_statement.h"

#include <algorithm>

#include "cql/auth/auth_service.h"

namespace cairn::cql {
namespace {

using auth::Permission;
using auth::PermissionSet;
using auth::Resource;

CqlError unauthorized(std::string message) {
  return CqlError::of(ErrorCode::kUnauthorized, std::move(message));
}
CqlError invalid(std::string message) {
  return CqlError::of(ErrorCode::kInvalid, std::move(message));
}
CqlError server_error(const Status& s) {
  return CqlError::of(ErrorCode::kServerError, s.to_string());
}

std::string keyspace_of(const TableName& t, const ExecutionContext& ctx) {
  return t.keyspace.empty() ? ctx.client->keyspace : t.keyspace;
}

const std::string& user_of(const ExecutionContext& ctx) { return ctx.client->user; }

// Cassandra's ClientState.ensurePermission: the permission on the resource or on one
// of its parents.
std::optional<CqlError> ensure(const ExecutionContext& ctx, Permission p, const Resource& r) {
  auto allowed = ctx.auth->has_permission(user_of(ctx), p, r);
  if (!allowed.is_ok()) return server_error(allowed.status());
  if (allowed.value()) return std::nullopt;
  return unauthorized("User " + user_of(ctx) + " has no " + std::string(auth::permission_name(p)) +
                      " permission on " + r.to_string() + " or any of its parents");
}

std::optional<CqlError> ensure_on_table(const ExecutionContext& ctx, Permission p,
                                        const TableName& t) {
  const std::string ks = keyspace_of(t, ctx);
  if (ks.empty()) return std::nullopt;  // the statement itself reports the missing keyspace
  return ensure(ctx, p, Resource::table_of(ks, t.name));
}

bool has_conditions(const Conditions& c) {
  return c.if_exists || c.if_not_exists || c.has_column_conditions;
}

// INSERT, UPDATE, DELETE: MODIFY, and SELECT too when conditional (it reads).
template <typename M>
std::optional<CqlError> check_modification(const ExecutionContext& ctx, const M& m) {
  if (auto e = ensure_on_table(ctx, Permission::kModify, m.table)) return e;
  if (has_conditions(m.conditions)) return ensure_on_table(ctx, Permission::kSelect, m.table);
  return std::nullopt;
}

Result<bool> is_super(const ExecutionContext& ctx) { return ctx.auth->is_superuser(user_of(ctx)); }

// Whether `role` is the caller's role or one granted to it (transitively).
Result<bool> is_my_role(const ExecutionContext& ctx, const std::string& role) {
  CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> mine,
                         ctx.auth->roles().roles_of(user_of(ctx), true));
  return std::find(mine.begin(), mine.end(), role) != mine.end();
}

// Role statements need roles: PasswordAuthenticator, and a logged-in client.
std::optional<CqlError> roles_available(const ExecutionContext& ctx, std::string_view what) {
  if (ctx.auth == nullptr || !ctx.auth->requires_authentication()) {
    return invalid(std::string(what) +
                   " needs authenticator: PasswordAuthenticator (this node runs "
                   "AllowAllAuthenticator, which keeps no roles)");
  }
  if (user_of(ctx).empty()) {
    return unauthorized("You have to be logged in and not anonymous to perform this request");
  }
  return std::nullopt;
}

// GRANT, REVOKE and LIST PERMISSIONS need CassandraAuthorizer.
std::optional<CqlError> permissions_available(const ExecutionContext& ctx, std::string_view what) {
  if (ctx.auth == nullptr || !ctx.auth->requires_authorization()) {
    return invalid(std::string(what) + " operation is not supported by AllowAllAuthorizer");
  }
  return roles_available(ctx, what);
}

Result<Resource> resolve(const AuthResourceName& r, const ExecutionContext& ctx) {
  using Kind = AuthResourceName::Kind;
  switch (r.kind) {
    case Kind::kAllKeyspaces: return Resource::all_keyspaces();
    case Kind::kKeyspace: return Resource::keyspace_of(r.table.keyspace);
    case Kind::kTable: {
      const std::string ks = keyspace_of(r.table, ctx);
      if (ks.empty()) {
        return Status::invalid_argument(
            "No keyspace has been specified. USE a keyspace, or explicitly specify "
            "keyspace.tablename");
      }
      return Resource::table_of(ks, r.table.name);
    }
    case Kind::kAllRoles: return Resource::all_roles();
    case Kind::kRole: return Resource::role_of(r.role);
  }
  return Status::invalid_argument("unknown resource");
}

Result<bool> role_exists(const ExecutionContext& ctx, const std::string& role) {
  CAIRN_ASSIGN_OR_RETURN(std::optional<auth::Role> r, ctx.auth->roles().get(role));
  return r.has_value();
}

Result<bool> resource_exists(const ExecutionContext& ctx, const Resource& r) {
  switch (r.kind) {
    case Resource::Kind::kAllKeyspaces:
    case Resource::Kind::kAllRoles: return true;
    case Resource::Kind::kKeyspace:
      return ctx.db->find_keyspace(r.keyspace) != nullptr ||
             SystemTables::is_system_keyspace(r.keyspace);
    case Resource::Kind::kTable:
      return ctx.db->find_table(r.keyspace, r.table) != nullptr ||
             ctx.system->find(r.keyspace, r.table) != nullptr;
    case Resource::Kind::kRole: return role_exists(ctx, r.role);
  }
  return false;
}

auth::RoleOptions role_options(const RoleOptionsClause& c) {
  return auth::RoleOptions{c.password, c.login, c.superuser};
}

ResultMessage void_result() { return ResultMessage{}; }

// --- CREATE / ALTER / DROP ROLE ---

Outcome run(const CreateRoleStatement& s, ExecutionContext& ctx) {
  if (auto e = roles_available(ctx, s.is_user ? "CREATE USER" : "CREATE ROLE")) return *e;
  if (s.options.superuser.value_or(false)) {
    auto super = is_super(ctx);
    if (!super.is_ok()) return server_error(super.status());
    if (!super.value())
      return unauthorized("Only superusers can create a role with superuser status");
  }
  if (auto e = ensure(ctx, Permission::kCreate, Resource::all_roles())) return *e;
  if (s.role.empty()) return invalid("Role name can't be an empty string");
  if (s.options.password && s.options.password->empty())
    return invalid("PASSWORD can't be an empty string");
  auth::RoleOptions options = role_options(s.options);
  if (s.is_user && !options.login) options.login = true;
  Status created = ctx.auth->roles().create(s.role, options);
  if (created.code() == Status::Code::kAlreadyExists) {
    return s.if_not_exists ? Outcome(void_result()) : Outcome(invalid(created.message()));
  }
  if (!created.is_ok()) return server_error(created);
  if (ctx.auth->requires_authorization()) {
    const Resource r = Resource::role_of(s.role);
    Status granted = ctx.auth->authorizer().grant(user_of(ctx), r.applicable(), r);
    if (!granted.is_ok()) return server_error(granted);
  }
  return void_result();
}

Outcome run(const AlterRoleStatement& s, ExecutionContext& ctx) {
  if (auto e = roles_available(ctx, s.is_user ? "ALTER USER" : "ALTER ROLE")) return *e;
  auto super = is_super(ctx);
  if (!super.is_ok()) return server_error(super.status());
  const bool self = s.role == user_of(ctx);
  if (s.options.superuser) {
    auto mine = is_my_role(ctx, s.role);
    if (!mine.is_ok()) return server_error(mine.status());
    if (mine.value()) {
      return unauthorized(
          "You aren't allowed to alter your own superuser status or that of a role "
          "granted to you");
    }
    if (!super.value())
      return unauthorized("Only superusers are allowed to alter superuser status");
  }
  if (!super.value()) {
    if (self) {
      // A role may change only its own password.
      if (s.options.login) return unauthorized("You aren't allowed to alter LOGIN");
    } else if (auto e = ensure(ctx, Permission::kAlter, Resource::role_of(s.role))) {
      return *e;
    }
  }
  if (s.options.password && s.options.password->empty())
    return invalid("PASSWORD can't be an empty string");
  Status altered = ctx.auth->roles().alter(s.role, role_options(s.options));
  if (altered.code() == Status::Code::kNotFound) return invalid(altered.message());
  if (!altered.is_ok()) return server_error(altered);
  return void_result();
}

Outcome run(const DropRoleStatement& s, ExecutionContext& ctx) {
  if (auto e = roles_available(ctx, s.is_user ? "DROP USER" : "DROP ROLE")) return *e;
  if (auto e = ensure(ctx, Permission::kDrop, Resource::role_of(s.role))) return *e;
  auto target = ctx.auth->roles().get(s.role);
  if (!target.is_ok()) return server_error(target.status());
  if (target.value() && target.value()->is_superuser) {
    auto super = is_super(ctx);
    if (!super.is_ok()) return server_error(super.status());
    if (!super.value())
      return unauthorized("Only superusers can drop a role with superuser status");
  }
  if (s.role == user_of(ctx)) return invalid("Cannot DROP primary role for current login");
  if (!target.value()) {
    return s.if_exists ? Outcome(void_result()) : Outcome(invalid(s.role + " doesn't exist"));
  }
  Status dropped = ctx.auth->roles().drop(s.role);
  if (dropped.code() == Status::Code::kNotFound) {  // dropped meanwhile
    return s.if_exists ? Outcome(void_result()) : Outcome(invalid(dropped.message()));
  }
  if (!dropped.is_ok()) return server_error(dropped);
  Status revoked = ctx.auth->authorizer().revoke_all_from(s.role);
  if (revoked.is_ok()) revoked = ctx.auth->authorizer().revoke_all_on(Resource::role_of(s.role));
  if (!revoked.is_ok()) return server_error(revoked);
  return void_result();
}

// --- LIST ROLES / USERS ---

Outcome list_roles_result(const std::vector<auth::Role>& roles, bool users) {
  if (roles.empty()) return void_result();
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  const std::string ks(auth::kAuthKeyspace);
  if (users) {
    r.rows.columns = {{ks, "users", "name", CqlType::text()},
                      {ks, "users", "super", CqlType::boolean()}};
  } else {
    r.rows.columns = {
        {ks, "roles", "role", CqlType::text()},
        {ks, "roles", "super", CqlType::boolean()},
        {ks, "roles", "login", CqlType::boolean()},
        {ks, "roles", "options", CqlType::map(CqlType::text(), CqlType::text(), true)}};
  }
  for (const auth::Role& role : roles) {
    if (users && !role.can_login) continue;
    std::vector<std::optional<Bytes>> row{values::from_text(role.name),
                                          values::from_boolean(role.is_superuser)};
    if (!users) {
      row.push_back(values::from_boolean(role.can_login));
      row.push_back(values::from_map({}));  // Cairn keeps no custom role options
    }
    r.rows.rows.push_back(std::move(row));
  }
  return r;
}

Outcome run(const ListRolesStatement& s, ExecutionContext& ctx) {
  if (auto e = roles_available(ctx, s.users ? "LIST USERS" : "LIST ROLES")) return *e;
  auth::RoleManager& roles = ctx.auth->roles();
  if (s.of) {
    auto exists = role_exists(ctx, *s.of);
    if (!exists.is_ok()) return server_error(exists.status());
    if (!exists.value()) return invalid(*s.of + " doesn't exist");
  }
  auto describe =
      ctx.auth->has_permission(user_of(ctx), Permission::kDescribe, Resource::all_roles());
  if (!describe.is_ok()) return server_error(describe.status());
  // Everyone with DESCRIBE on all roles; the others, their own roles and the roles
  // granted to them.
  std::string grantee;
  if (describe.value()) {
    if (s.of) grantee = *s.of;
  } else if (!s.of) {
    grantee = user_of(ctx);
  } else {
    auto mine = is_my_role(ctx, *s.of);
    if (!mine.is_ok()) return server_error(mine.status());
    if (!mine.value()) {
      return unauthorized("You are not authorized to view roles granted to " + *s.of + " ");
    }
    grantee = *s.of;
  }
  std::vector<auth::Role> listed;
  if (grantee.empty()) {
    auto all = roles.all();
    if (!all.is_ok()) return server_error(all.status());
    listed = std::move(all).value();
  } else {
    auto names = roles.roles_of(grantee, s.recursive);
    if (!names.is_ok()) return server_error(names.status());
    for (const std::string& name : names.value()) {
      auto one = roles.get(name);
      if (!one.is_ok()) return server_error(one.status());
      if (one.value()) listed.push_back(*one.value());
    }
    std::sort(listed.begin(), listed.end(),
              [](const auth::Role& a, const auth::Role& b) { return a.name < b.name; });
  }
  return list_roles_result(listed, s.users);
}

// --- GRANT / REVOKE / LIST PERMISSIONS ---

// The permissions a statement names (all of the resource's for ALL), keeping only those
// the resource takes, as Cassandra's grammar does.
Result<PermissionSet> requested_permissions(const std::vector<std::string>& names,
                                            const Resource& r) {
  if (names.empty()) return r.applicable();
  PermissionSet asked;
  for (const auto& n : names) {
    if (auto p = auth::permission_from_name(n)) asked.add(*p);
  }
  PermissionSet kept = asked.intersect(r.applicable());
  if (kept.empty()) {
    return Status::invalid_argument(std::string("Resource type ") +
                                    (r.is_data() ? "DataResource" : "RoleResource") +
                                    " does not support any of the requested permissions");
  }
  return kept;
}

Outcome run(const GrantStatement& s, ExecutionContext& ctx) {
  if (auto e = permissions_available(ctx, s.revoke ? "REVOKE" : "GRANT")) return *e;
  auto resource = resolve(s.resource, ctx);
  if (!resource.is_ok()) return invalid(resource.status().message());
  auto permissions = requested_permissions(s.permissions, resource.value());
  if (!permissions.is_ok())
    return CqlError::of(ErrorCode::kSyntaxError, permissions.status().message());
  auto grantee = role_exists(ctx, s.role);
  if (!grantee.is_ok()) return server_error(grantee.status());
  if (!grantee.value()) return invalid("Role " + s.role + " doesn't exist");
  auto exists = resource_exists(ctx, resource.value());
  if (!exists.is_ok()) return server_error(exists.status());
  if (!exists.value()) return invalid("Resource " + resource->to_string() + " doesn't exist");
  if (auto e = ensure(ctx, Permission::kAuthorize, resource.value())) return *e;
  for (Permission p : permissions->list()) {
    if (auto e = ensure(ctx, p, resource.value())) return *e;
  }
  auth::Authorizer& authorizer = ctx.auth->authorizer();
  Status st = s.revoke ? authorizer.revoke(s.role, permissions.value(), resource.value())
                       : authorizer.grant(s.role, permissions.value(), resource.value());
  if (!st.is_ok()) return server_error(st);
  return void_result();
}

Outcome run(const ListPermissionsStatement& s, ExecutionContext& ctx) {
  if (auto e = permissions_available(ctx, "LIST PERMISSIONS")) return *e;
  std::optional<Resource> resource;
  if (s.resource) {
    auto r = resolve(*s.resource, ctx);
    if (!r.is_ok()) return invalid(r.status().message());
    auto exists = resource_exists(ctx, r.value());
    if (!exists.is_ok()) return server_error(exists.status());
    if (!exists.value()) return invalid(r->to_string() + " doesn't exist");
    resource = std::move(r).value();
  }
  if (s.of) {
    auto exists = role_exists(ctx, *s.of);
    if (!exists.is_ok()) return server_error(exists.status());
    if (!exists.value()) return invalid("<role " + *s.of + "> doesn't exist");
  }
  auto super = is_super(ctx);
  if (!super.is_ok()) return server_error(super.status());
  if (!super.value()) {
    bool mine = false;
    if (s.of) {
      auto m = is_my_role(ctx, *s.of);
      if (!m.is_ok()) return server_error(m.status());
      mine = m.value();
    }
    if (!mine) {
      return unauthorized("You are not authorized to view " +
                          (s.of ? *s.of : std::string("everyone")) + "'s permissions");
    }
  }
  PermissionSet wanted;
  if (s.permissions.empty()) {
    for (int i = 0; i < auth::kPermissionCount; ++i) wanted.add(static_cast<Permission>(i));
  } else {
    for (const auto& n : s.permissions) {
      if (auto p = auth::permission_from_name(n)) wanted.add(*p);
    }
  }
  auto details = ctx.auth->authorizer().list(s.of);
  if (!details.is_ok()) return server_error(details.status());
  ResultMessage r;
  r.kind = ResultMessage::Kind::kRows;
  const std::string ks(auth::kAuthKeyspace);
  for (const char* name : {"role", "username", "resource", "permission"}) {
    r.rows.columns.push_back({ks, "permissions", name, CqlType::text()});
  }
  for (const auth::PermissionDetails& d : details.value()) {
    if (!wanted.contains(d.permission)) continue;
    if (resource) {
      const std::vector<Resource> chain =
          s.recursive ? resource->chain() : std::vector<Resource>{*resource};
      if (std::find(chain.begin(), chain.end(), d.resource) == chain.end()) continue;
    }
    r.rows.rows.push_back({values::from_text(d.role), values::from_text(d.role),
                           values::from_text(d.resource.to_string()),
                           values::from_text(auth::permission_name(d.permission))});
  }
  if (r.rows.rows.empty()) return void_result();
  return r;
}

// --- GRANT role TO role / REVOKE role FROM role ---

Outcome run(const GrantRoleStatement& s, ExecutionContext& ctx) {
  if (auto e = roles_available(ctx, s.revoke ? "REVOKE" : "GRANT")) return *e;
  for (const std::string* r : {&s.role, &s.grantee}) {
    auto exists = role_exists(ctx, *r);
    if (!exists.is_ok()) return server_error(exists.status());
    if (!exists.value()) return invalid(*r + " doesn't exist");
  }
  if (auto e = ensure(ctx, Permission::kAuthorize, Resource::role_of(s.role))) return *e;
  auth::RoleManager& roles = ctx.auth->roles();
  Status st = s.revoke ? roles.revoke(s.role, s.grantee) : roles.grant(s.role, s.grantee);
  if (st.code() == Status::Code::kInvalidArgument || st.code() == Status::Code::kNotFound) {
    return invalid(st.message());
  }
  if (!st.is_ok()) return server_error(st);
  return void_result();
}

}  // namespace

std::optional<CqlError> authorize_statement(const Statement& s, const ExecutionContext& ctx) {
  if (ctx.auth == nullptr) return std::nullopt;
  if (ctx.auth->requires_authentication() && user_of(ctx).empty()) {
    return unauthorized("You have not logged in");
  }
  if (!ctx.auth->requires_authorization()) return std::nullopt;
  return std::visit(
      [&](const auto& x) -> std::optional<CqlError> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, CreateKeyspaceStatement>) {
          return ensure(ctx, Permission::kCreate, Resource::all_keyspaces());
        } else if constexpr (std::is_same_v<T, AlterKeyspaceStatement>) {
          return ensure(ctx, Permission::kAlter, Resource::keyspace_of(x.keyspace));
        } else if constexpr (std::is_same_v<T, DropKeyspaceStatement>) {
          return ensure(ctx, Permission::kDrop, Resource::keyspace_of(x.keyspace));
        } else if constexpr (std::is_same_v<T, CreateTableStatement>) {
          const std::string ks = keyspace_of(x.table, ctx);
          if (ks.empty()) return std::nullopt;
          return ensure(ctx, Permission::kCreate, Resource::keyspace_of(ks));
        } else if constexpr (std::is_same_v<T, AlterTableStatement>) {
          return ensure_on_table(ctx, Permission::kAlter, x.table);
        } else if constexpr (std::is_same_v<T, DropTableStatement>) {
          return ensure_on_table(ctx, Permission::kDrop, x.table);
        } else if constexpr (std::is_same_v<T, TruncateStatement>) {
          return ensure_on_table(ctx, Permission::kModify, x.table);
        } else if constexpr (std::is_same_v<T, SelectStatement>) {
          // The tables drivers read at connect stay readable (Cassandra's
          // READABLE_SYSTEM_RESOURCES): here, every generated system table.
          if (ctx.system->find(keyspace_of(x.table, ctx), x.table.name)) return std::nullopt;
          return ensure_on_table(ctx, Permission::kSelect, x.table);
        } else if constexpr (std::is_same_v<T, InsertStatement> ||
                             std::is_same_v<T, UpdateStatement> ||
                             std::is_same_v<T, DeleteStatement>) {
          return check_modification(ctx, x);
        } else if constexpr (std::is_same_v<T, BatchStatement>) {
          for (const auto& m : x.statements) {
            auto e = std::visit([&](const auto& y) { return check_modification(ctx, y); }, m);
            if (e) return e;
          }
          return std::nullopt;
        } else {
          // USE needs no permission; role and permission statements check their own.
          return std::nullopt;
        }
      },
      s);
}

Outcome execute_auth_statement(const AuthStatement& s, ExecutionContext& ctx) {
  return std::visit([&](const auto& x) -> Outcome { return run(x, ctx); }, s.kind);
}

void after_schema_statement(const Outcome& out, ExecutionContext& ctx) {
  if (ctx.auth == nullptr || !ctx.auth->requires_authorization()) return;
  const auto* r = std::get_if<ResultMessage>(&out);
  if (r == nullptr || r->kind != ResultMessage::Kind::kSchemaChange) return;
  const SchemaChange& c = r->schema_change;
  const Resource resource = c.target == SchemaChange::Target::kKeyspace
                                ? Resource::keyspace_of(c.keyspace)
                                : Resource::table_of(c.keyspace, c.table);
  Status st;
  if (c.change == SchemaChange::Change::kCreated && !user_of(ctx).empty()) {
    st = ctx.auth->authorizer().grant(user_of(ctx), resource.applicable(), resource);
  } else if (c.change == SchemaChange::Change::kDropped) {
    st = ctx.auth->authorizer().revoke_all_on(resource);
  }
  if (!st.is_ok() && ctx.auth->logger() != nullptr) {
    ctx.auth->logger()->warn("permissions on {} after a schema change: {}", resource.to_string(),
                             st.to_string());
  }
}

}  // namespace cairn::cql
