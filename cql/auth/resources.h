// What permissions are granted on, as Cassandra names them: data resources (all
// keyspaces, a keyspace, a table) and role resources (all roles, a role), and the
// permissions themselves.
//
// A resource has a stored name (system_auth.role_permissions.resource: "data",
// "data/ks", "data/ks/t", "roles", "roles/r") and a display form for messages and LIST
// PERMISSIONS ("<all keyspaces>", "<keyspace ks>", "<table ks.t>", "<all roles>",
// "<role r>"). A permission granted on a resource also holds on everything under it.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::cql::auth {

// In Cassandra's order (Permission.java), which LIST PERMISSIONS sorts by.
enum class Permission : uint8_t {
  kCreate,
  kAlter,
  kDrop,
  kSelect,
  kModify,
  kAuthorize,
  kDescribe,
  kExecute,
};
inline constexpr int kPermissionCount = 8;

// "CREATE", "ALTER", ...
std::string_view permission_name(Permission p);
// A permission by its name in any case; nullopt for anything else.
std::optional<Permission> permission_from_name(std::string_view name);

// A set of permissions.
class PermissionSet {
 public:
  PermissionSet() = default;
  PermissionSet(std::initializer_list<Permission> ps) {
    for (Permission p : ps) add(p);
  }
  void add(Permission p) { bits_ |= bit(p); }
  void remove(Permission p) { bits_ &= static_cast<uint8_t>(~bit(p)); }
  bool contains(Permission p) const { return (bits_ & bit(p)) != 0; }
  bool empty() const { return bits_ == 0; }
  PermissionSet intersect(PermissionSet o) const { return from_bits(bits_ & o.bits_); }
  PermissionSet unite(PermissionSet o) const { return from_bits(bits_ | o.bits_); }
  PermissionSet minus(PermissionSet o) const { return from_bits(bits_ & ~o.bits_); }
  // In Permission order.
  std::vector<Permission> list() const;
  friend bool operator==(PermissionSet, PermissionSet) = default;

 private:
  static uint8_t bit(Permission p) { return static_cast<uint8_t>(1u << static_cast<int>(p)); }
  static PermissionSet from_bits(unsigned bits) {
    PermissionSet s;
    s.bits_ = static_cast<uint8_t>(bits);
    return s;
  }
  uint8_t bits_ = 0;
};

struct Resource {
  enum class Kind { kAllKeyspaces, kKeyspace, kTable, kAllRoles, kRole };
  Kind kind = Kind::kAllKeyspaces;
  std::string keyspace;  // kKeyspace, kTable
  std::string table;     // kTable
  std::string role;      // kRole

  static Resource all_keyspaces() { return {Kind::kAllKeyspaces, "", "", ""}; }
  static Resource keyspace_of(std::string ks) { return {Kind::kKeyspace, std::move(ks), "", ""}; }
  static Resource table_of(std::string ks, std::string t) {
    return {Kind::kTable, std::move(ks), std::move(t), ""};
  }
  static Resource all_roles() { return {Kind::kAllRoles, "", "", ""}; }
  static Resource role_of(std::string r) { return {Kind::kRole, "", "", std::move(r)}; }

  bool is_data() const {
    return kind == Kind::kAllKeyspaces || kind == Kind::kKeyspace || kind == Kind::kTable;
  }
  // "data/ks/t"
  std::string name() const;
  // "<table ks.t>"
  std::string to_string() const;
  // The resource a stored name names; nullopt when it is not one of ours.
  static std::optional<Resource> from_name(std::string_view name);
  // This resource, then its parents up to the root ("<table ks.t>", "<keyspace ks>",
  // "<all keyspaces>").
  std::vector<Resource> chain() const;
  // What may be granted on it (Cassandra's applicablePermissions).
  PermissionSet applicable() const;

  friend bool operator==(const Resource&, const Resource&) = default;
};

}  // namespace cairn::cql::auth
