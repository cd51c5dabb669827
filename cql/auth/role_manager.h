// Roles, as Cassandra's CassandraRoleManager keeps them: one row per role in
// system_auth.roles (role, is_superuser, can_login, salted_hash, member_of), and the
// reverse of member_of in system_auth.role_members (role, member), read and written
// through internal CQL (internal_query.h). Passwords are stored only as scrypt hashes
// (password_hash.h).
//
// Roles form a hierarchy: GRANT r TO g makes r one of g's roles (g.member_of holds r);
// a role has the permissions and the superuser status of all its roles, transitively.
// Cycles are refused. LOGIN is never inherited.
//
// Thread safety: every method may be called from any thread. Changes (create, alter,
// drop, grant, revoke) are serialized among themselves, so two CREATE ROLE of one name
// on this node never both succeed and no two grants close a cycle.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "cql/auth/internal_query.h"
#include "cql/auth/password_hash.h"

namespace cairn::cql::auth {

struct Role {
  std::string name;
  bool is_superuser = false;
  bool can_login = false;
  std::optional<std::string> salted_hash;  // nullopt: the role has no password
  std::vector<std::string> member_of;      // the roles granted to it directly
};

// WITH PASSWORD = ... AND LOGIN = ... AND SUPERUSER = ...: what a statement sets.
struct RoleOptions {
  std::optional<std::string> password;
  std::optional<bool> login;
  std::optional<bool> superuser;
};

class RoleManager {
 public:
  // `queries` must outlive the manager.
  RoleManager(InternalQueries& queries, ScryptParams hash_params)
      : queries_(queries), hash_params_(hash_params) {}

  Result<std::optional<Role>> get(const std::string& name);
  // Every role, by name.
  Result<std::vector<Role>> all();
  Result<bool> any_exists();

  // AlreadyExists ("r already exists") when the role exists.
  Status create(const std::string& name, const RoleOptions& options);
  // NotFound ("r doesn't exist") when it does not.
  Status alter(const std::string& name, const RoleOptions& options);
  // Also takes the role out of every role it was granted to.
  Status drop(const std::string& name);

  // `role` itself, then the roles granted to it (transitively when `recursive`), each
  // once, by name after the first.
  Result<std::vector<std::string>> roles_of(const std::string& role, bool recursive);
  // The rows of `role` and of every role granted to it, transitively (one read per
  // role); empty when `role` does not exist.
  Result<std::vector<Role>> with_granted(const std::string& role);
  // GRANT role TO grantee. NotFound for a missing role; InvalidArgument with Cassandra's
  // text when it would make a cycle ("g is a member of r") or is there already.
  Status grant(const std::string& role, const std::string& grantee);
  // REVOKE role FROM revokee; InvalidArgument "x is not a member of r" when not granted.
  Status revoke(const std::string& role, const std::string& revokee);

 private:
  Status write(const std::string& name, const RoleOptions& options);
  Result<std::vector<std::string>> member_of(const std::string& role);
  Result<std::vector<std::string>> roles_of_locked(const std::string& role, bool recursive);
  Status set_membership(const std::string& member, const std::string& role, char op);

  InternalQueries& queries_;
  const ScryptParams hash_params_;
  std::mutex mu_;
};

}  // namespace cairn::cql::auth
