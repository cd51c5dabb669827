// The CQL parser's role and permission statements (parser_internal.h describes the
// parser), after Cassandra 4's Parser.g: CREATE/ALTER/DROP ROLE and USER, LIST ROLES
// and USERS, GRANT and REVOKE of permissions, LIST PERMISSIONS. Granting roles to
// roles, function and MBean resources, and role OPTIONS are refused by name.
#include <string>
#include <utility>

#include "cql/language/parser_internal.h"

namespace cairn::cql::parser_internal {
namespace {

constexpr std::string_view kPermissionWords[] = {
    "create", "alter", "drop", "select", "modify", "authorize", "describe", "execute",
};

bool is_permission_word(const Token& t) {
  if (t.type != TokenType::kIdentifier) return false;
  for (std::string_view w : kPermissionWords) {
    if (t.text == w) return true;
  }
  return false;
}

std::string upper_word(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

template <typename T>
void set_auth(Statement* out, T statement) {
  *out = AuthStatement{AuthStatementKind(std::move(statement))};
}

}  // namespace

// userOrRoleName: a name (unquoted: lower-cased) or a 'string' (kept as written).
Status Parser::parse_role_name(std::string* out) {
  if (peek().type == TokenType::kString) {
    *out = advance().text;
    return Status::ok();
  }
  return parse_name(out);
}

Status Parser::parse_boolean(bool* out) {
  if (peek().type != TokenType::kBoolean) return mismatched("BOOLEAN");
  *out = advance().text == "true";
  return Status::ok();
}

// PASSWORD = 'x' AND LOGIN = true AND SUPERUSER = false, after WITH.
Status Parser::parse_role_options(RoleOptionsClause* out) {
  do {
    if (accept_word("password")) {
      CAIRN_RETURN_IF_ERROR(expect_punct("="));
      if (peek().type != TokenType::kString) return mismatched("STRING_LITERAL");
      if (out->password) return request_error("Multiple definition for property PASSWORD");
      out->password = advance().text;
    } else if (accept_word("login")) {
      CAIRN_RETURN_IF_ERROR(expect_punct("="));
      if (out->login) return request_error("Multiple definition for property LOGIN");
      out->login.emplace();
      CAIRN_RETURN_IF_ERROR(parse_boolean(&*out->login));
    } else if (accept_word("superuser")) {
      CAIRN_RETURN_IF_ERROR(expect_punct("="));
      if (out->superuser) return request_error("Multiple definition for property SUPERUSER");
      out->superuser.emplace();
      CAIRN_RETURN_IF_ERROR(parse_boolean(&*out->superuser));
    } else if (at_word("options")) {
      return unsupported("custom role options (OPTIONS)");
    } else if (at_word("access") || at_word("hashed")) {
      return unsupported(at_word("access") ? "datacenter restrictions (ACCESS TO DATACENTERS)"
                                           : "pre-hashed passwords (HASHED PASSWORD)");
    } else {
      return no_viable();
    }
  } while (accept_word("and"));
  return Status::ok();
}

// [WITH PASSWORD 'x'] [SUPERUSER | NOSUPERUSER] of CREATE/ALTER USER.
Status Parser::parse_user_options(RoleOptionsClause* out) {
  if (accept_word("with")) {
    if (at_word("hashed")) return unsupported("pre-hashed passwords (HASHED PASSWORD)");
    CAIRN_RETURN_IF_ERROR(expect_word("password"));
    if (peek().type != TokenType::kString) return mismatched("STRING_LITERAL");
    out->password = advance().text;
  }
  if (accept_word("superuser")) {
    out->superuser = true;
  } else if (accept_word("nosuperuser")) {
    out->superuser = false;
  }
  return Status::ok();
}

// CREATE/ALTER/DROP ROLE|USER, at CREATE, ALTER or DROP.
Status Parser::parse_role_statement(Statement* out) {
  const std::string verb = advance().text;
  const bool is_user = advance().text == "user";  // the caller saw ROLE or USER
  if (verb == "create") {
    CreateRoleStatement s;
    s.is_user = is_user;
    CAIRN_RETURN_IF_ERROR(parse_if_exists(&s.if_not_exists, true));
    CAIRN_RETURN_IF_ERROR(parse_role_name(&s.role));
    if (is_user) {
      CAIRN_RETURN_IF_ERROR(parse_user_options(&s.options));
    } else if (accept_word("with")) {
      CAIRN_RETURN_IF_ERROR(parse_role_options(&s.options));
    }
    set_auth(out, std::move(s));
    return Status::ok();
  }
  if (verb == "alter") {
    AlterRoleStatement s;
    s.is_user = is_user;
    CAIRN_RETURN_IF_ERROR(parse_role_name(&s.role));
    if (is_user) {
      CAIRN_RETURN_IF_ERROR(parse_user_options(&s.options));
    } else {
      CAIRN_RETURN_IF_ERROR(expect_word("with"));
      CAIRN_RETURN_IF_ERROR(parse_role_options(&s.options));
    }
    set_auth(out, std::move(s));
    return Status::ok();
  }
  DropRoleStatement s;
  s.is_user = is_user;
  CAIRN_RETURN_IF_ERROR(parse_if_exists(&s.if_exists, false));
  CAIRN_RETURN_IF_ERROR(parse_role_name(&s.role));
  set_auth(out, std::move(s));
  return Status::ok();
}

// ALL [PERMISSIONS] | permission [PERMISSION]; empty `out` for ALL.
Status Parser::parse_permissions(std::vector<std::string>* out) {
  if (accept_word("all")) {
    accept_word("permissions");
    return Status::ok();
  }
  if (!is_permission_word(peek())) return no_viable();
  out->push_back(upper_word(advance().text));
  accept_word("permission");
  return Status::ok();
}

// ALL KEYSPACES | KEYSPACE k | [TABLE] [k.]t | ALL ROLES | ROLE r.
Status Parser::parse_resource(AuthResourceName* out) {
  using Kind = AuthResourceName::Kind;
  if (at_word("all") && (at_word("keyspaces", 1) || at_word("roles", 1))) {
    advance();
    out->kind = advance().text == "keyspaces" ? Kind::kAllKeyspaces : Kind::kAllRoles;
    return Status::ok();
  }
  if (at_word("all") && (at_word("functions", 1) || at_word("mbeans", 1))) {
    return unsupported(at_word("functions", 1) ? "function resources" : "MBean resources");
  }
  if (at_word("function") || at_word("mbean")) {
    return unsupported(at_word("function") ? "function resources" : "MBean resources");
  }
  if (accept_word("keyspace")) {
    out->kind = Kind::kKeyspace;
    return parse_name(&out->table.keyspace);
  }
  if (accept_word("role")) {
    out->kind = Kind::kRole;
    return parse_role_name(&out->role);
  }
  if (!accept_word("table")) accept_word("columnfamily");
  out->kind = Kind::kTable;
  return parse_table_name(&out->table);
}

// GRANT perms ON resource TO role / REVOKE perms ON resource FROM role, or
// GRANT role TO role / REVOKE role FROM role.
Status Parser::parse_grant(Statement* out) {
  GrantStatement s;
  s.revoke = advance().text == "revoke";
  const bool permissions =
      (at_word("all") && (at_word("permissions", 1) || at_word("on", 1))) ||
      (is_permission_word(peek()) && (at_word("on", 1) || at_word("permission", 1)));
  if (!permissions) {
    GrantRoleStatement g;
    g.revoke = s.revoke;
    CAIRN_RETURN_IF_ERROR(parse_role_name(&g.role));
    CAIRN_RETURN_IF_ERROR(expect_word(g.revoke ? "from" : "to"));
    CAIRN_RETURN_IF_ERROR(parse_role_name(&g.grantee));
    set_auth(out, std::move(g));
    return Status::ok();
  }
  CAIRN_RETURN_IF_ERROR(parse_permissions(&s.permissions));
  CAIRN_RETURN_IF_ERROR(expect_word("on"));
  CAIRN_RETURN_IF_ERROR(parse_resource(&s.resource));
  CAIRN_RETURN_IF_ERROR(expect_word(s.revoke ? "from" : "to"));
  CAIRN_RETURN_IF_ERROR(parse_role_name(&s.role));
  set_auth(out, std::move(s));
  return Status::ok();
}

// LIST ROLES [OF r] [NORECURSIVE] | LIST USERS | LIST perms [ON res] [OF r] [NORECURSIVE].
Status Parser::parse_list(Statement* out) {
  advance();  // LIST
  if (accept_word("users")) {
    ListRolesStatement s;
    s.users = true;
    set_auth(out, std::move(s));
    return Status::ok();
  }
  if (accept_word("roles")) {
    ListRolesStatement s;
    if (accept_word("of")) {
      s.of.emplace();
      CAIRN_RETURN_IF_ERROR(parse_role_name(&*s.of));
    }
    s.recursive = !accept_word("norecursive");
    set_auth(out, std::move(s));
    return Status::ok();
  }
  ListPermissionsStatement s;
  CAIRN_RETURN_IF_ERROR(parse_permissions(&s.permissions));
  if (accept_word("on")) {
    s.resource.emplace();
    CAIRN_RETURN_IF_ERROR(parse_resource(&*s.resource));
  }
  if (accept_word("of")) {
    s.of.emplace();
    CAIRN_RETURN_IF_ERROR(parse_role_name(&*s.of));
  }
  s.recursive = !accept_word("norecursive");
  set_auth(out, std::move(s));
  return Status::ok();
}

}  // namespace cairn::cql::parser_internal
