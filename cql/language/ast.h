// The syntax tree of the CQL statements Cairn understands, as the parser
// (cql/language/parser.h) produces them and the statements (cql/query/) execute them.
//
// The tree is plain data and knows no schema: a column is a name, a value is a Term
// whose meaning (an int, a set, a bind marker) is decided against the column it is
// given to. Names are already normalized the way CQL does it: unquoted identifiers are
// lower-cased, "quoted" ones keep their case. Keyspace names are empty when the
// statement did not give one (the session's current keyspace applies).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/types.h"

namespace cairn::cql {

// A value in a statement: a constant, a bind marker, a collection or tuple literal, or
// a function call such as now() or toTimestamp(now()).
struct Term {
  enum class Kind {
    kConstant,    // constant_kind and text
    kNull,        // NULL
    kBindMarker,  // ? or :name
    kList,        // [a, b]            elements
    kSet,         // {a, b}            elements
    kMap,         // {k: v, ...}       elements: key, value, key, value...; {} is an empty kMap
    kTuple,       // (a, b)            elements
    kFunction,    // name(args)        function_name and elements as the arguments
  };
  enum class ConstantKind {
    kString,    // 'text' or $$text$$; text is unescaped ('' -> ')
    kInteger,   // -?[0-9]+
    kFloat,     // 1.5, -2e3, NaN, Infinity, -Infinity
    kBoolean,   // true / false (text is lower case)
    kUuid,      // 8-4-4-4-12 hex digits
    kHex,       // 0x... (text keeps the 0x prefix)
    kDuration,  // 1h30m, P1DT2H, ...
  };

  Kind kind = Kind::kNull;
  ConstantKind constant_kind = ConstantKind::kString;
  std::string text;
  // kBindMarker: the position of this marker among all markers of the statement,
  // counted from 0 in the order they appear; bind_name is set for :name markers.
  int bind_index = -1;
  std::string bind_name;
  std::vector<Term> elements;
  std::string function_name;  // lower-cased

  friend bool operator==(const Term&, const Term&) = default;
};

// WITH name = value AND ... of keyspaces and tables. A value is a constant (kept as its
// text: 'SimpleStrategy', 3, 0.01, true) or a map literal (replication = {...}).
struct Property {
  std::string name;  // lower-cased
  std::optional<std::string> value;
  std::map<std::string, std::string> map_value;  // keys and values as text
  bool is_map = false;
  friend bool operator==(const Property&, const Property&) = default;
};

// A qualified table name: keyspace is empty when not given.
struct TableName {
  std::string keyspace;
  std::string name;
  friend bool operator==(const TableName&, const TableName&) = default;
};

// One restriction of a WHERE clause.
struct Relation {
  enum class Kind {
    kSingle,       // column op term
    kMultiColumn,  // (c1, c2) op (v1, v2) / IN ((..), (..)) / IN ?
    kToken,        // token(c1, c2) op term
  };
  enum class Op { kEq, kLt, kLte, kGt, kGte, kIn, kNeq, kContains, kContainsKey };
  Kind kind = Kind::kSingle;
  Op op = Op::kEq;
  std::vector<std::string> columns;  // one for kSingle
  // The right-hand side: for IN with a list of values, in_values; for IN ? (one marker
  // binding the whole list) or any other op, value.
  std::optional<Term> value;
  std::vector<Term> in_values;
  // c[key] = value (a map element); unset otherwise.
  std::optional<Term> map_key;
  friend bool operator==(const Relation&, const Relation&) = default;
};

// USING TIMESTAMP t AND TTL n.
struct UsingClause {
  std::optional<Term> timestamp;
  std::optional<Term> ttl;
  friend bool operator==(const UsingClause&, const UsingClause&) = default;
};

// IF conditions of lightweight transactions: parsed so the error can say they are
// not supported yet, never executed.
struct Conditions {
  bool if_exists = false;
  bool if_not_exists = false;
  bool has_column_conditions = false;
  // IF c = t AND m['k'] > t AND c IN (...): kSingle relations (map_key set for an
  // element); non-empty exactly when has_column_conditions.
  std::vector<Relation> column_conditions;
  friend bool operator==(const Conditions&, const Conditions&) = default;
};

// --- Schema statements ---

struct UseStatement {
  std::string keyspace;
};

struct CreateKeyspaceStatement {
  std::string keyspace;
  bool if_not_exists = false;
  std::vector<Property> properties;
};

struct AlterKeyspaceStatement {
  std::string keyspace;
  std::vector<Property> properties;
};

struct DropKeyspaceStatement {
  std::string keyspace;
  bool if_exists = false;
};

struct ColumnDeclaration {
  std::string name;
  TypeRef type;
  bool is_static = false;
};

struct CreateTableStatement {
  TableName table;
  bool if_not_exists = false;
  std::vector<ColumnDeclaration> columns;  // in declaration order
  // PRIMARY KEY ((a, b), c, d): partition_key {a, b}, clustering {c, d}. A column
  // declared `x int PRIMARY KEY` gives partition_key {x}.
  std::vector<std::string> partition_key;
  std::vector<std::string> clustering;
  // CLUSTERING ORDER BY (c DESC, d ASC): true for DESC.
  std::vector<std::pair<std::string, bool>> clustering_order;
  bool compact_storage = false;
  std::vector<Property> properties;
};

struct AlterTableStatement {
  enum class Kind { kAdd, kDrop, kRename, kWith, kAlterType };
  TableName table;
  Kind kind = Kind::kWith;
  std::vector<ColumnDeclaration> added;                        // kAdd
  std::vector<std::string> dropped;                            // kDrop
  std::vector<std::pair<std::string, std::string>> renamed;   // kRename: from, to
  std::vector<Property> properties;                            // kWith
  ColumnDeclaration altered;  // kAlterType: the column and its new type (is_static unused)
};

struct DropTableStatement {
  TableName table;
  bool if_exists = false;
};

struct TruncateStatement {
  TableName table;
};

// --- Data statements ---

// What a SELECT returns per row.
struct Selector {
  enum class Kind {
    kColumn,     // name
    kWritetime,  // WRITETIME(name)
    kTtl,        // TTL(name)
    kCountStar,  // COUNT(*) or COUNT(1)
    kFunction,   // function_name(arguments): token(...), count(col), min/max/sum/avg,
                 // toTimestamp(...), ... (arguments are selectors)
    kTerm,       // a constant or bind marker selected as is
    kElement,    // name[term]: one element of a map (its value) or a set
  };
  Kind kind = Kind::kColumn;
  std::string name;           // column name for kColumn/kWritetime/kTtl
  std::string function_name;  // lower-cased, for kFunction
  std::vector<Selector> arguments;
  std::optional<Term> term;   // kTerm; the key for kElement
  std::string alias;          // AS alias, empty when none
  friend bool operator==(const Selector&, const Selector&) = default;
};

struct SelectStatement {
  TableName table;
  bool distinct = false;
  bool json = false;
  bool select_all = false;  // SELECT *
  std::vector<Selector> selectors;  // empty when select_all
  std::vector<Relation> where;
  std::vector<std::pair<std::string, bool>> order_by;  // column, true for DESC
  std::optional<Term> limit;
  std::optional<Term> per_partition_limit;
  bool allow_filtering = false;
};

struct InsertStatement {
  TableName table;
  std::vector<std::string> columns;
  std::vector<Term> values;  // same length as columns
  bool json = false;         // INSERT INTO t JSON '...': values holds the one string
  bool json_default_unset = false;  // JSON ... DEFAULT UNSET (DEFAULT NULL is the default)
  UsingClause using_clause;
  Conditions conditions;
};

struct Assignment {
  enum class Kind {
    kSet,         // c = value
    kSetElement,  // c[key] = value   (map key or list index)
    kAdd,         // c = c + value    (also counters: c = c + 1)
    kPrepend,     // c = value + c    (lists)
    kRemove,      // c = c - value
  };
  Kind kind = Kind::kSet;
  std::string column;
  std::optional<Term> key;  // kSetElement
  Term value;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

struct UpdateStatement {
  TableName table;
  UsingClause using_clause;
  std::vector<Assignment> assignments;
  std::vector<Relation> where;
  Conditions conditions;
};

struct DeleteStatement {
  struct Target {
    std::string column;
    std::optional<Term> key;  // DELETE m['k'] / l[0]
    friend bool operator==(const Target&, const Target&) = default;
  };
  TableName table;
  std::vector<Target> targets;  // empty: delete whole rows / partitions
  UsingClause using_clause;     // only timestamp is allowed
  std::vector<Relation> where;
  Conditions conditions;
};

// --- Roles and permissions (parser_auth.cc; executed by cql/query/auth_statement.cc) ---

// WITH PASSWORD = '...' AND LOGIN = true AND SUPERUSER = false (CREATE/ALTER ROLE), or
// WITH PASSWORD '...' SUPERUSER|NOSUPERUSER (CREATE/ALTER USER): what was given.
struct RoleOptionsClause {
  std::optional<std::string> password;
  std::optional<bool> login;
  std::optional<bool> superuser;
  friend bool operator==(const RoleOptionsClause&, const RoleOptionsClause&) = default;
};

// CREATE ROLE / CREATE USER (is_user: LOGIN defaults to true).
struct CreateRoleStatement {
  std::string role;
  bool if_not_exists = false;
  bool is_user = false;
  RoleOptionsClause options;
};

// ALTER ROLE / ALTER USER.
struct AlterRoleStatement {
  std::string role;
  bool is_user = false;
  RoleOptionsClause options;
};

// DROP ROLE / DROP USER.
struct DropRoleStatement {
  std::string role;
  bool if_exists = false;
  bool is_user = false;
};

// LIST ROLES [OF r] [NORECURSIVE], or LIST USERS (users).
struct ListRolesStatement {
  std::optional<std::string> of;
  bool recursive = true;
  bool users = false;
};

// ALL KEYSPACES, KEYSPACE k, [TABLE] [k.]t, ALL ROLES, ROLE r.
struct AuthResourceName {
  enum class Kind { kAllKeyspaces, kKeyspace, kTable, kAllRoles, kRole };
  Kind kind = Kind::kAllKeyspaces;
  TableName table;   // kKeyspace: table.keyspace; kTable: both (keyspace may be empty)
  std::string role;  // kRole
  friend bool operator==(const AuthResourceName&, const AuthResourceName&) = default;
};

// GRANT perms ON resource TO role / REVOKE perms ON resource FROM role.
struct GrantStatement {
  bool revoke = false;
  std::vector<std::string> permissions;  // upper case; empty for ALL [PERMISSIONS]
  AuthResourceName resource;
  std::string role;
};

// LIST perm|ALL [PERMISSIONS] [ON resource] [OF role] [NORECURSIVE].
struct ListPermissionsStatement {
  std::vector<std::string> permissions;  // upper case; empty for ALL
  std::optional<AuthResourceName> resource;
  std::optional<std::string> of;
  bool recursive = true;
};

// GRANT role TO grantee / REVOKE role FROM grantee: grantee gains (loses) role's
// permissions and superuser status.
struct GrantRoleStatement {
  bool revoke = false;
  std::string role;
  std::string grantee;
};

using AuthStatementKind =
    std::variant<CreateRoleStatement, AlterRoleStatement, DropRoleStatement, ListRolesStatement,
                 GrantStatement, ListPermissionsStatement, GrantRoleStatement>;

// Every role and permission statement, as one kind of Statement.
struct AuthStatement {
  AuthStatementKind kind;
};

struct BatchStatement;

using ModificationStatement = std::variant<InsertStatement, UpdateStatement, DeleteStatement>;

struct BatchStatement {
  enum class Type { kLogged, kUnlogged, kCounter };
  Type type = Type::kLogged;
  UsingClause using_clause;
  std::vector<ModificationStatement> statements;
};

using Statement =
    std::variant<UseStatement, CreateKeyspaceStatement, AlterKeyspaceStatement,
                 DropKeyspaceStatement, CreateTableStatement, AlterTableStatement,
                 DropTableStatement, TruncateStatement, SelectStatement, InsertStatement,
                 UpdateStatement, DeleteStatement, BatchStatement, AuthStatement>;

// A parsed statement and its bind markers.
struct ParsedStatement {
  Statement statement;
  // One entry per bind marker, in order: the marker's name, or empty for `?`.
  std::vector<std::string> bind_names;
};

}  // namespace cairn::cql
