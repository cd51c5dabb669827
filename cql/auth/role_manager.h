// Roles, as Cassandra's CassandraRoleManager keeps them: one row per role in
// system_auth.roles (role, is_superuser, can_login, salted_hash, member_of), read and
// written through internal CQL (internal_query.h). Passwords are stored only as
// scrypt hashes (password_hash.h).
//
// Cairn has no role hierarchy yet (GRANT role TO role): member_of stays empty and a
// role's roles are the role itself.
//
// Thread safety: every method may be called from any thread. create(), alter() and
// drop() are serialized among themselves, so two CREATE ROLE of one name on this node
// never both succeed.
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
  Status drop(const std::string& name);

 private:
  Status write(const std::string& name, const RoleOptions& options);

  InternalQueries& queries_;
  const ScryptParams hash_params_;
  std::mutex mu_;
};

}  // namespace cairn::cql::auth
