#include "cql/auth/role_manager.h"

#include <algorithm>
#include <set>

#include "model/types.h"

namespace cairn::cql::auth {
namespace {

Value text_value(std::string_view s) { return Value::of(values::from_text(s)); }

Role role_from_row(const std::vector<std::optional<Bytes>>& row) {
  Role r;
  r.name = text_column(row, 0);
  r.is_superuser = bool_column(row, 1);
  r.can_login = bool_column(row, 2);
  if (row.size() > 3 && row[3]) r.salted_hash = std::string(*row[3]);
  if (row.size() > 4 && row[4]) {
    auto elements = values::collection_elements(*row[4]);
    if (elements.is_ok()) r.member_of = std::move(elements).value();
  }
  return r;
}

constexpr std::string_view kSelectColumns =
    "SELECT role, is_superuser, can_login, salted_hash, member_of FROM system_auth.roles";

}  // namespace

Result<std::optional<Role>> RoleManager::get(const std::string& name) {
  CAIRN_ASSIGN_OR_RETURN(
      ResultRows rows,
      queries_.run(std::string(kSelectColumns) + " WHERE role = ?", {text_value(name)}));
  if (rows.rows.empty()) return std::optional<Role>();
  return std::optional<Role>(role_from_row(rows.rows.front()));
}

Result<std::vector<Role>> RoleManager::all() {
  CAIRN_ASSIGN_OR_RETURN(ResultRows rows, queries_.run(kSelectColumns));
  std::vector<Role> out;
  for (const auto& row : rows.rows) out.push_back(role_from_row(row));
  std::sort(out.begin(), out.end(), [](const Role& a, const Role& b) { return a.name < b.name; });
  return out;
}

Result<bool> RoleManager::any_exists() {
  CAIRN_ASSIGN_OR_RETURN(ResultRows rows,
                         queries_.run("SELECT role FROM system_auth.roles LIMIT 1"));
  return !rows.rows.empty();
}

// Writes the options given (a password as its hash); the others stay as they are.
Status RoleManager::write(const std::string& name, const RoleOptions& options) {
  std::string assignments;
  std::vector<Value> values;
  auto add = [&](std::string_view column, Value v) {
    assignments += std::string(assignments.empty() ? "" : ", ") + std::string(column) + " = ?";
    values.push_back(std::move(v));
  };
  if (options.superuser) add("is_superuser", Value::of(values::from_boolean(*options.superuser)));
  if (options.login) add("can_login", Value::of(values::from_boolean(*options.login)));
  if (options.password) {
    CAIRN_ASSIGN_OR_RETURN(std::string hash, hash_password(*options.password, hash_params_));
    add("salted_hash", text_value(hash));
  }
  if (assignments.empty()) return Status::ok();
  values.push_back(text_value(name));
  return queries_
      .run("UPDATE system_auth.roles SET " + assignments + " WHERE role = ?", std::move(values))
      .status();
}

Status RoleManager::create(const std::string& name, const RoleOptions& options) {
  std::lock_guard lock(mu_);
  CAIRN_ASSIGN_OR_RETURN(std::optional<Role> existing, get(name));
  if (existing) return Status::already_exists(name + " already exists");
  // Cassandra's defaults: neither superuser nor login unless asked.
  RoleOptions full = options;
  if (!full.superuser) full.superuser = false;
  if (!full.login) full.login = false;
  return write(name, full);
}

Status RoleManager::alter(const std::string& name, const RoleOptions& options) {
  std::lock_guard lock(mu_);
  CAIRN_ASSIGN_OR_RETURN(std::optional<Role> existing, get(name));
  if (!existing) return Status::not_found(name + " doesn't exist");
  return write(name, options);
}

Status RoleManager::drop(const std::string& name) {
  std::lock_guard lock(mu_);
  CAIRN_ASSIGN_OR_RETURN(std::optional<Role> existing, get(name));
  if (!existing) return Status::not_found(name + " doesn't exist");
  // The roles `name` was granted to lose it; the roles granted to it forget it.
  CAIRN_ASSIGN_OR_RETURN(ResultRows members,
                         queries_.run("SELECT member FROM system_auth.role_members WHERE role = ?",
                                      {text_value(name)}));
  for (const auto& row : members.rows) {
    CAIRN_RETURN_IF_ERROR(set_membership(text_column(row, 0), name, '-'));
  }
  CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> granted, member_of(name));
  for (const std::string& r : granted) {
    CAIRN_RETURN_IF_ERROR(
        queries_
            .run("DELETE FROM system_auth.role_members WHERE role = ? AND member = ?",
                 {text_value(r), text_value(name)})
            .status());
  }
  CAIRN_RETURN_IF_ERROR(
      queries_.run("DELETE FROM system_auth.role_members WHERE role = ?", {text_value(name)})
          .status());
  return queries_.run("DELETE FROM system_auth.roles WHERE role = ?", {text_value(name)}).status();
}

Result<std::vector<std::string>> RoleManager::member_of(const std::string& role) {
  CAIRN_ASSIGN_OR_RETURN(
      ResultRows rows,
      queries_.run("SELECT member_of FROM system_auth.roles WHERE role = ?", {text_value(role)}));
  std::vector<std::string> out;
  if (rows.rows.empty() || rows.rows[0].empty() || !rows.rows[0][0]) return out;
  CAIRN_ASSIGN_OR_RETURN(std::vector<Bytes> elements,
                         values::collection_elements(*rows.rows[0][0]));
  for (Bytes& e : elements) out.push_back(std::move(e));
  return out;
}

Result<std::vector<std::string>> RoleManager::roles_of_locked(const std::string& role,
                                                              bool recursive) {
  std::vector<std::string> out{role};
  std::set<std::string> seen{role};
  // Breadth first; `seen` stops at a cycle written by hand into system_auth.
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0 && !recursive) break;
    CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> direct, member_of(out[i]));
    for (std::string& r : direct) {
      if (seen.insert(r).second) out.push_back(std::move(r));
    }
  }
  std::sort(out.begin() + 1, out.end());
  return out;
}

Result<std::vector<Role>> RoleManager::with_granted(const std::string& role) {
  std::vector<Role> out;
  std::set<std::string> seen{role};
  std::vector<std::string> next{role};
  for (size_t i = 0; i < next.size(); ++i) {
    CAIRN_ASSIGN_OR_RETURN(std::optional<Role> r, get(next[i]));
    if (!r) continue;  // granted, then dropped by hand: nothing to inherit
    for (const std::string& g : r->member_of) {
      if (seen.insert(g).second) next.push_back(g);
    }
    out.push_back(std::move(*r));
  }
  return out;
}

Result<std::vector<std::string>> RoleManager::roles_of(const std::string& role, bool recursive) {
  return roles_of_locked(role, recursive);  // reads only: no need to wait for changes
}

// member.member_of gains (op '+') or loses ('-') role, and role_members follows.
Status RoleManager::set_membership(const std::string& member, const std::string& role, char op) {
  CAIRN_RETURN_IF_ERROR(
      queries_
          .run("UPDATE system_auth.roles SET member_of = member_of " + std::string(1, op) +
                   " ? WHERE role = ?",
               {Value::of(values::from_list({values::from_text(role)})), text_value(member)})
          .status());
  if (op == '+') {
    return queries_
        .run("INSERT INTO system_auth.role_members (role, member) VALUES (?, ?)",
             {text_value(role), text_value(member)})
        .status();
  }
  return queries_
      .run("DELETE FROM system_auth.role_members WHERE role = ? AND member = ?",
           {text_value(role), text_value(member)})
      .status();
}

Status RoleManager::grant(const std::string& role, const std::string& grantee) {
  std::lock_guard lock(mu_);
  for (const std::string* r : {&role, &grantee}) {
    CAIRN_ASSIGN_OR_RETURN(std::optional<Role> existing, get(*r));
    if (!existing) return Status::not_found(*r + " doesn't exist");
  }
  CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> of_grantee, roles_of_locked(grantee, true));
  if (std::find(of_grantee.begin(), of_grantee.end(), role) != of_grantee.end()) {
    return Status::invalid_argument(grantee + " is a member of " + role);
  }
  CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> of_role, roles_of_locked(role, true));
  if (std::find(of_role.begin(), of_role.end(), grantee) != of_role.end()) {
    return Status::invalid_argument(role + " is a member of " + grantee);
  }
  return set_membership(grantee, role, '+');
}

Status RoleManager::revoke(const std::string& role, const std::string& revokee) {
  std::lock_guard lock(mu_);
  for (const std::string* r : {&role, &revokee}) {
    CAIRN_ASSIGN_OR_RETURN(std::optional<Role> existing, get(*r));
    if (!existing) return Status::not_found(*r + " doesn't exist");
  }
  CAIRN_ASSIGN_OR_RETURN(std::vector<std::string> direct, member_of(revokee));
  if (std::find(direct.begin(), direct.end(), role) == direct.end()) {
    return Status::invalid_argument(revokee + " is not a member of " + role);
  }
  return set_membership(revokee, role, '-');
}

}  // namespace cairn::cql::auth
