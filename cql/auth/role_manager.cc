#include "cql/auth/role_manager.h"

#include <algorithm>

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
  return r;
}

constexpr std::string_view kSelectColumns =
    "SELECT role, is_superuser, can_login, salted_hash FROM system_auth.roles";

}  // namespace

Result<std::optional<Role>> RoleManager::get(const std::string& name) {
  CAIRN_ASSIGN_OR_RETURN(ResultRows rows, queries_.run(std::string(kSelectColumns) + " WHERE role = ?",
                                                       {text_value(name)}));
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
  CAIRN_ASSIGN_OR_RETURN(ResultRows rows, queries_.run("SELECT role FROM system_auth.roles LIMIT 1"));
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
  return queries_.run("UPDATE system_auth.roles SET " + assignments + " WHERE role = ?",
                      std::move(values))
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
  return queries_.run("DELETE FROM system_auth.roles WHERE role = ?", {text_value(name)}).status();
}

}  // namespace cairn::cql::auth
