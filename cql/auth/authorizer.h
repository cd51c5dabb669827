// Permissions, as Cassandra's CassandraAuthorizer keeps them: one row per (role,
// resource) in system_auth.role_permissions with the granted permissions as a
// set<text>, read and written through internal CQL (internal_query.h).
//
// Reads go to the store every time (no permissions cache yet): a grant or revoke holds
// from the next statement on.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "cql/auth/internal_query.h"
#include "cql/auth/resources.h"

namespace cairn::cql::auth {

// One row of LIST PERMISSIONS.
struct PermissionDetails {
  std::string role;
  Resource resource;
  Permission permission;
};

class Authorizer {
 public:
  // `queries` must outlive the authorizer.
  explicit Authorizer(InternalQueries& queries) : queries_(queries) {}

  // Everything granted to `role`, by stored resource name (one read).
  Result<std::map<std::string, PermissionSet>> granted_all(const std::string& role);
  Status grant(const std::string& role, PermissionSet permissions, const Resource& resource);
  Status revoke(const std::string& role, PermissionSet permissions, const Resource& resource);
  // Every grant of `role` (of every role when nullopt), sorted as Cassandra sorts them:
  // by role, resource name, then permission.
  Result<std::vector<PermissionDetails>> list(const std::optional<std::string>& role);
  // DROP ROLE: everything granted to `role`.
  Status revoke_all_from(const std::string& role);
  // DROP KEYSPACE / TABLE / ROLE: every grant on `resource` and on what lies under it.
  Status revoke_all_on(const Resource& resource);

 private:
  Status change(const std::string& role, PermissionSet permissions, const Resource& resource,
                char op);

  InternalQueries& queries_;
};

}  // namespace cairn::cql::auth
