// Roles and permissions in the statements: CREATE/ALTER/DROP ROLE and USER, LIST ROLES
// and USERS, GRANT/REVOKE, LIST PERMISSIONS (cql/language/ast.h's AuthStatement), and
// the permission check every other statement passes before it runs when the node's
// authorizer is CassandraAuthorizer. Who may do what, and the messages, are Cassandra
// 4.0's. Internal to cql/query/.
#pragma once

#include <optional>

#include "cql/language/ast.h"
#include "cql/query/statements.h"

namespace cairn::cql {

// nullopt when the client may run `s`; otherwise the error it gets (Unauthorized
// "User u has no MODIFY permission on <table ks.t> or any of its parents", or
// "You have not logged in"). Always nullopt without an AuthService (embedded Session)
// for data and schema statements. Generated system tables (system.local, peers,
// system_schema.*) are readable by every logged-in role, as in Cassandra.
std::optional<CqlError> authorize_statement(const Statement& s, const ExecutionContext& ctx);

Outcome execute_auth_statement(const AuthStatement& s, ExecutionContext& ctx);

// What Cassandra does after a schema change: the role that created a keyspace or table
// gets every permission on it; dropping one revokes every grant on it. `out` is a
// schema statement's outcome (nothing happens unless it created or dropped something).
void after_schema_statement(const Outcome& out, ExecutionContext& ctx);

}  // namespace cairn::cql
