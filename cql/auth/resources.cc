#include "cql/auth/resources.h"

#include <cctype>

namespace cairn::cql::auth {
namespace {

constexpr std::string_view kNames[kPermissionCount] = {
    "CREATE", "ALTER", "DROP", "SELECT", "MODIFY", "AUTHORIZE", "DESCRIBE", "EXECUTE",
};

constexpr std::string_view kData = "data";
constexpr std::string_view kRoles = "roles";

}  // namespace

std::string_view permission_name(Permission p) { return kNames[static_cast<int>(p)]; }

std::optional<Permission> permission_from_name(std::string_view name) {
  for (int i = 0; i < kPermissionCount; ++i) {
    const std::string_view n = kNames[i];
    if (n.size() != name.size()) continue;
    bool same = true;
    for (size_t k = 0; k < n.size() && same; ++k) {
      same = std::toupper(static_cast<unsigned char>(name[k])) == n[k];
    }
    if (same) return static_cast<Permission>(i);
  }
  return std::nullopt;
}

std::vector<Permission> PermissionSet::list() const {
  std::vector<Permission> out;
  for (int i = 0; i < kPermissionCount; ++i) {
    if (contains(static_cast<Permission>(i))) out.push_back(static_cast<Permission>(i));
  }
  return out;
}

std::string Resource::name() const {
  switch (kind) {
    case Kind::kAllKeyspaces: return std::string(kData);
    case Kind::kKeyspace: return std::string(kData) + "/" + keyspace;
    case Kind::kTable: return std::string(kData) + "/" + keyspace + "/" + table;
    case Kind::kAllRoles: return std::string(kRoles);
    case Kind::kRole: return std::string(kRoles) + "/" + role;
  }
  return "";
}

std::string Resource::to_string() const {
  switch (kind) {
    case Kind::kAllKeyspaces: return "<all keyspaces>";
    case Kind::kKeyspace: return "<keyspace " + keyspace + ">";
    case Kind::kTable: return "<table " + keyspace + "." + table + ">";
    case Kind::kAllRoles: return "<all roles>";
    case Kind::kRole: return "<role " + role + ">";
  }
  return "";
}

std::optional<Resource> Resource::from_name(std::string_view name) {
  auto split = [](std::string_view s, std::vector<std::string_view>* parts) {
    size_t from = 0;
    while (true) {
      const size_t slash = s.find('/', from);
      parts->push_back(s.substr(from, slash == std::string_view::npos ? s.npos : slash - from));
      if (slash == std::string_view::npos) return;
      from = slash + 1;
    }
  };
  if (name.starts_with(kRoles)) {
    if (name == kRoles) return all_roles();
    if (name.size() > kRoles.size() + 1 && name[kRoles.size()] == '/') {
      return role_of(std::string(name.substr(kRoles.size() + 1)));  // role names may hold '/'
    }
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  split(name, &parts);
  if (parts.empty() || parts[0] != kData || parts.size() > 3) return std::nullopt;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty()) return std::nullopt;
  }
  if (parts.size() == 1) return all_keyspaces();
  if (parts.size() == 2) return keyspace_of(std::string(parts[1]));
  return table_of(std::string(parts[1]), std::string(parts[2]));
}

std::vector<Resource> Resource::chain() const {
  std::vector<Resource> out{*this};
  switch (kind) {
    case Kind::kTable:
      out.push_back(keyspace_of(keyspace));
      out.push_back(all_keyspaces());
      break;
    case Kind::kKeyspace: out.push_back(all_keyspaces()); break;
    case Kind::kRole: out.push_back(all_roles()); break;
    case Kind::kAllKeyspaces:
    case Kind::kAllRoles: break;
  }
  return out;
}

PermissionSet Resource::applicable() const {
  using P = Permission;
  switch (kind) {
    case Kind::kAllKeyspaces:
    case Kind::kKeyspace:
      return {P::kCreate, P::kAlter, P::kDrop, P::kSelect, P::kModify, P::kAuthorize};
    case Kind::kTable: return {P::kAlter, P::kDrop, P::kSelect, P::kModify, P::kAuthorize};
    case Kind::kAllRoles: return {P::kCreate, P::kAlter, P::kDrop, P::kAuthorize, P::kDescribe};
    case Kind::kRole: return {P::kAlter, P::kDrop, P::kAuthorize};
  }
  return {};
}

}  // namespace cairn::cql::auth
