#include "cql/auth/authorizer.h"

#include <algorithm>
#include <tuple>

#include "model/types.h"

namespace cairn::cql::auth {
namespace {

Value text_value(std::string_view s) { return Value::of(values::from_text(s)); }

PermissionSet permissions_of(const std::optional<Bytes>& set) {
  PermissionSet out;
  if (!set) return out;
  auto elements = values::collection_elements(*set);
  if (!elements.is_ok()) return out;
  for (const Bytes& e : elements.value()) {
    if (auto p = permission_from_name(e)) out.add(*p);
  }
  return out;
}

// Under `parent`: the resource itself or one it is a parent of.
bool is_under(const Resource& r, const Resource& parent) {
  for (const Resource& c : r.chain()) {
    if (c == parent) return true;
  }
  return false;
}

}  // namespace

Result<std::map<std::string, PermissionSet>> Authorizer::granted_all(const std::string& role) {
  CAIRN_ASSIGN_OR_RETURN(
      ResultRows rows,
      queries_.run("SELECT resource, permissions FROM system_auth.role_permissions WHERE role = ?",
                   {text_value(role)}));
  std::map<std::string, PermissionSet> out;
  for (const auto& row : rows.rows) {
    if (row.size() >= 2) out[text_column(row, 0)] = permissions_of(row[1]);
  }
  return out;
}

// op '+' grants, '-' revokes. The set literal holds only Permission names.
Status Authorizer::change(const std::string& role, PermissionSet permissions,
                          const Resource& resource, char op) {
  if (permissions.empty()) return Status::ok();
  std::string set;
  for (Permission p : permissions.list()) {
    set += std::string(set.empty() ? "" : ", ") + "'" + std::string(permission_name(p)) + "'";
  }
  return queries_
      .run("UPDATE system_auth.role_permissions SET permissions = permissions " +
               std::string(1, op) + " {" + set + "} WHERE role = ? AND resource = ?",
           {text_value(role), text_value(resource.name())})
      .status();
}

Status Authorizer::grant(const std::string& role, PermissionSet permissions,
                         const Resource& resource) {
  return change(role, permissions, resource, '+');
}

Status Authorizer::revoke(const std::string& role, PermissionSet permissions,
                          const Resource& resource) {
  return change(role, permissions, resource, '-');
}

Result<std::vector<PermissionDetails>> Authorizer::list(const std::optional<std::string>& role) {
  std::string cql = "SELECT role, resource, permissions FROM system_auth.role_permissions";
  std::vector<Value> values;
  if (role) {
    cql += " WHERE role = ?";
    values.push_back(text_value(*role));
  }
  CAIRN_ASSIGN_OR_RETURN(ResultRows rows, queries_.run(cql, std::move(values)));
  std::vector<PermissionDetails> out;
  for (const auto& row : rows.rows) {
    auto resource = Resource::from_name(text_column(row, 1));
    if (!resource || row.size() < 3) continue;  // not a resource Cairn knows: not listed
    for (Permission p : permissions_of(row[2]).list()) {
      out.push_back(PermissionDetails{text_column(row, 0), *resource, p});
    }
  }
  std::sort(out.begin(), out.end(), [](const PermissionDetails& a, const PermissionDetails& b) {
    return std::forward_as_tuple(a.role, a.resource.name(), a.permission) <
           std::forward_as_tuple(b.role, b.resource.name(), b.permission);
  });
  return out;
}

Status Authorizer::revoke_all_from(const std::string& role) {
  return queries_.run("DELETE FROM system_auth.role_permissions WHERE role = ?", {text_value(role)})
      .status();
}

Status Authorizer::revoke_all_on(const Resource& resource) {
  CAIRN_ASSIGN_OR_RETURN(ResultRows rows,
                         queries_.run("SELECT role, resource FROM system_auth.role_permissions"));
  for (const auto& row : rows.rows) {
    const std::string name = text_column(row, 1);
    auto r = Resource::from_name(name);
    if (!r || !is_under(*r, resource)) continue;
    CAIRN_RETURN_IF_ERROR(
        queries_
            .run("DELETE FROM system_auth.role_permissions WHERE role = ? AND resource = ?",
                 {text_value(text_column(row, 0)), text_value(name)})
            .status());
  }
  return Status::ok();
}

}  // namespace cairn::cql::auth
