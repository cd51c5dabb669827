// Authentication and authorization (cql/auth/, cql/query/auth_statement.cc): password
// hashes, SASL PLAIN, resources, the login rate limiter, the role and permission
// statements' grammar, and the statements run through a QueryProcessor with an
// AuthService over a Database on the in-memory Env — who may do what, Cassandra's
// messages, and that roles survive reopening the store.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cql/auth/auth_service.h"
#include "cql/language/parser.h"
#include "cql/query/query_processor.h"
#include "cql/system/system_tables.h"
#include "storage/database.h"
#include "tests/lib/test_env.h"

namespace cairn::cql {
namespace {

using auth::Permission;
using auth::Resource;

// Cheap parameters: the tests check behaviour, not cost.
constexpr auth::ScryptParams kFastHash{10, 8, 1};

// --- Password hashes ---

TEST(PasswordHashTest, RoundTripAndWrongPassword) {
  auto hash = auth::hash_password("s3cret", kFastHash);
  ASSERT_TRUE(hash.is_ok()) << hash.status().to_string();
  EXPECT_TRUE(hash->starts_with("$scrypt$ln=10,r=8,p=1$")) << *hash;
  EXPECT_EQ(hash->find("s3cret"), std::string::npos);
  EXPECT_TRUE(auth::verify_password("s3cret", *hash).value());
  EXPECT_FALSE(auth::verify_password("s3cret ", *hash).value());
  EXPECT_FALSE(auth::verify_password("", *hash).value());
}

TEST(PasswordHashTest, DefaultParametersRoundTrip) {
  auto hash = auth::hash_password("cassandra");
  ASSERT_TRUE(hash.is_ok()) << hash.status().to_string();
  EXPECT_TRUE(hash->starts_with("$scrypt$ln=15,r=8,p=1$")) << *hash;
  EXPECT_TRUE(auth::verify_password("cassandra", *hash).value());
  EXPECT_FALSE(auth::verify_password("Cassandra", *hash).value());
}

TEST(PasswordHashTest, EverySaltIsNew) {
  auto a = auth::hash_password("same", kFastHash);
  auto b = auth::hash_password("same", kFastHash);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(auth::verify_password("same", *b).value());
}

TEST(PasswordHashTest, DamagedHashesAreCorruptionNotAWrongPassword) {
  const std::string good = auth::hash_password("pw", kFastHash).value();
  for (const std::string& bad :
       {std::string("plain"), std::string("$scrypt$ln=10,r=8$00$00"),
        std::string("$scrypt$ln=40,r=8,p=1$00$") + std::string(64, '0'),
        good.substr(0, good.size() - 2), good.substr(0, good.rfind('$')) + "$zz"}) {
    auto r = auth::verify_password("pw", bad);
    ASSERT_FALSE(r.is_ok()) << bad;
    EXPECT_EQ(r.status().code(), Status::Code::kCorruption) << bad;
  }
  EXPECT_FALSE(auth::hash_password("pw", {21, 8, 1}).is_ok());
  EXPECT_FALSE(auth::hash_password("pw", {20, 32, 1}).is_ok());  // 4 GiB
}

// --- SASL PLAIN ---

TEST(SaslPlainTest, UserAndPasswordAfterTheAuthorizationId) {
  auto c = auth::decode_sasl_plain(std::string("\0alice\0pw", 9));
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(c->user, "alice");
  EXPECT_EQ(c->password, "pw");
  c = auth::decode_sasl_plain(std::string("admin\0bob\0x", 11));
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(c->user, "bob");
  EXPECT_EQ(c->password, "x");
}

TEST(SaslPlainTest, MissingPartsAreRefusedWithCassandrasText) {
  EXPECT_EQ(auth::decode_sasl_plain("").status().message(), "Authentication ID must not be null");
  EXPECT_EQ(auth::decode_sasl_plain(std::string("\0\0pw", 4)).status().message(),
            "Authentication ID must not be null");
  EXPECT_EQ(auth::decode_sasl_plain(std::string("\0alice\0", 7)).status().message(),
            "Password must not be null");
}

// --- Resources and permissions ---

TEST(ResourceTest, NamesDisplayAndChains) {
  const Resource t = Resource::table_of("ks", "t");
  EXPECT_EQ(t.name(), "data/ks/t");
  EXPECT_EQ(t.to_string(), "<table ks.t>");
  ASSERT_EQ(t.chain().size(), 3u);
  EXPECT_EQ(t.chain()[1], Resource::keyspace_of("ks"));
  EXPECT_EQ(t.chain()[2], Resource::all_keyspaces());
  EXPECT_EQ(Resource::role_of("r").chain().back(), Resource::all_roles());
  for (const Resource& r : {t, Resource::keyspace_of("ks"), Resource::all_keyspaces(),
                            Resource::all_roles(), Resource::role_of("a/b")}) {
    EXPECT_EQ(Resource::from_name(r.name()), r) << r.name();
  }
  EXPECT_FALSE(Resource::from_name("functions/ks").has_value());
  EXPECT_FALSE(Resource::from_name("data/ks/t/x").has_value());
  EXPECT_FALSE(Resource::from_name("data//t").has_value());
  EXPECT_FALSE(t.applicable().contains(Permission::kCreate));
  EXPECT_TRUE(Resource::keyspace_of("ks").applicable().contains(Permission::kCreate));
  EXPECT_EQ(auth::permission_from_name("modify"), Permission::kModify);
  EXPECT_FALSE(auth::permission_from_name("MODIFYX").has_value());
}

// --- Login rate limit ---

TEST(LoginRateLimiterTest, FailuresBeyondTheBurstWaitForTheRefill) {
  ManualClock clock;
  auth::LoginRateLimiter limiter(&clock, {3, std::chrono::milliseconds(1000), 100});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.try_acquire("10.0.0.1")) << i;
  EXPECT_FALSE(limiter.try_acquire("10.0.0.1"));
  EXPECT_TRUE(limiter.try_acquire("10.0.0.2"));  // per address
  clock.advance(std::chrono::milliseconds(999));
  EXPECT_FALSE(limiter.try_acquire("10.0.0.1"));
  clock.advance(std::chrono::milliseconds(1));
  EXPECT_TRUE(limiter.try_acquire("10.0.0.1"));
  EXPECT_FALSE(limiter.try_acquire("10.0.0.1"));
  limiter.release("10.0.0.1");  // a success gives its token back
  EXPECT_TRUE(limiter.try_acquire("10.0.0.1"));
}

// --- Grammar ---

const AuthStatementKind& auth_kind(const std::string& cql) {
  static thread_local ParsedStatement parsed;
  auto r = parse_statement(cql);
  EXPECT_TRUE(r.is_ok()) << cql << ": " << r.status().to_string();
  if (r.is_ok()) parsed = std::move(r).value();
  static const AuthStatementKind empty;
  const auto* a = std::get_if<AuthStatement>(&parsed.statement);
  EXPECT_NE(a, nullptr) << cql;
  return a ? a->kind : empty;
}

TEST(AuthParserTest, RoleStatements) {
  auto c =
      std::get<CreateRoleStatement>(auth_kind("CREATE ROLE IF NOT EXISTS \"Ops\" WITH PASSWORD = "
                                              "'p''w' AND LOGIN = true AND SUPERUSER = false"));
  EXPECT_EQ(c.role, "Ops");
  EXPECT_TRUE(c.if_not_exists);
  EXPECT_FALSE(c.is_user);
  EXPECT_EQ(c.options, (RoleOptionsClause{"p'w", true, false}));
  auto u =
      std::get<CreateRoleStatement>(auth_kind("create user 'Bob' with password 'x' superuser"));
  EXPECT_EQ(u.role, "Bob");
  EXPECT_TRUE(u.is_user);
  EXPECT_EQ(u.options, (RoleOptionsClause{"x", std::nullopt, true}));
  auto a = std::get<AlterRoleStatement>(auth_kind("ALTER USER Bob NOSUPERUSER"));
  EXPECT_EQ(a.role, "bob");
  EXPECT_EQ(a.options.superuser, false);
  auto d = std::get<DropRoleStatement>(auth_kind("DROP ROLE IF EXISTS r"));
  EXPECT_TRUE(d.if_exists);
  auto l = std::get<ListRolesStatement>(auth_kind("LIST ROLES OF r NORECURSIVE"));
  EXPECT_EQ(l.of, "r");
  EXPECT_FALSE(l.recursive);
  EXPECT_TRUE(std::get<ListRolesStatement>(auth_kind("LIST USERS")).users);
}

TEST(AuthParserTest, PermissionStatements) {
  auto g = std::get<GrantStatement>(auth_kind("GRANT MODIFY ON TABLE ks.t TO writer"));
  EXPECT_FALSE(g.revoke);
  EXPECT_EQ(g.permissions, std::vector<std::string>{"MODIFY"});
  EXPECT_EQ(g.resource.kind, AuthResourceName::Kind::kTable);
  EXPECT_EQ(g.resource.table, (TableName{"ks", "t"}));
  EXPECT_EQ(g.role, "writer");
  auto r = std::get<GrantStatement>(auth_kind("REVOKE ALL PERMISSIONS ON ALL KEYSPACES FROM w"));
  EXPECT_TRUE(r.revoke);
  EXPECT_TRUE(r.permissions.empty());
  EXPECT_EQ(r.resource.kind, AuthResourceName::Kind::kAllKeyspaces);
  auto k = std::get<GrantStatement>(auth_kind("GRANT select PERMISSION ON KEYSPACE ks TO w"));
  EXPECT_EQ(k.resource.table.keyspace, "ks");
  EXPECT_EQ(std::get<GrantStatement>(auth_kind("GRANT ALTER ON ROLE r TO w")).resource.kind,
            AuthResourceName::Kind::kRole);
  auto l = std::get<ListPermissionsStatement>(auth_kind("LIST ALL ON t OF w NORECURSIVE"));
  EXPECT_TRUE(l.permissions.empty());
  ASSERT_TRUE(l.resource.has_value());
  EXPECT_EQ(l.resource->table, (TableName{"", "t"}));
  EXPECT_EQ(l.of, "w");
  EXPECT_FALSE(l.recursive);
  auto all = std::get<ListPermissionsStatement>(auth_kind("LIST ALL PERMISSIONS"));
  EXPECT_FALSE(all.resource.has_value());
  EXPECT_FALSE(all.of.has_value());
  auto gr = std::get<GrantRoleStatement>(auth_kind("GRANT admins TO \"Alice\""));
  EXPECT_FALSE(gr.revoke);
  EXPECT_EQ(gr.role, "admins");
  EXPECT_EQ(gr.grantee, "Alice");
  auto rr = std::get<GrantRoleStatement>(auth_kind("REVOKE 'Admins' FROM alice"));
  EXPECT_TRUE(rr.revoke);
  EXPECT_EQ(rr.role, "Admins");
  // A quoted permission word is a role name (unquoted, DESCRIBE is reserved).
  EXPECT_EQ(std::get<GrantRoleStatement>(auth_kind("GRANT \"describe\" TO alice")).role,
            "describe");
  EXPECT_FALSE(parse_statement("GRANT describe TO alice").is_ok());
}

TEST(AuthParserTest, WhatIsNotSupportedSaysSo) {
  auto error = [](const std::string& cql) {
    auto r = parse_statement(cql);
    EXPECT_FALSE(r.is_ok()) << cql;
    return r.is_ok() ? std::string() : r.status().message();
  };
  EXPECT_NE(error("GRANT EXECUTE ON ALL FUNCTIONS TO r").find("function resources"),
            std::string::npos);
  EXPECT_NE(error("CREATE ROLE r WITH OPTIONS = {'a': 'b'}").find("OPTIONS"), std::string::npos);
  EXPECT_NE(error("CREATE ROLE r WITH LOGIN = yes").find("BOOLEAN"), std::string::npos);
  EXPECT_NE(error("CREATE ROLE r WITH LOGIN = true AND LOGIN = false").find("Multiple definition"),
            std::string::npos);
  EXPECT_NE(error("GRANT SELECT ON ks.t").find("K_TO"), std::string::npos);
}

// --- Statements through a QueryProcessor with an AuthService ---

class AuthStatementTest : public ::testing::Test {
 protected:
  AuthStatementTest() : logger_(LogLevel::kError, nullptr) {
    options_.data_directory = "/db";
    options_.logger = &logger_;
    auth_options_.password_authenticator = true;
    auth_options_.cassandra_authorizer = true;
    auth_options_.hash_params = kFastHash;
    auth_options_.login_limits = {3, std::chrono::milliseconds(1000), 100};
    open();
  }
  ~AuthStatementTest() override { close(); }

  void open() {
    auto db = Database::open(env_.env(), options_);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    db_ = std::move(db).value();
    system_ = std::make_unique<SystemTables>(*db_, NodeInfo{});
    auto service = auth::AuthService::open(*db_, *system_, &env_.clock(), auth_options_, &logger_);
    ASSERT_TRUE(service.is_ok()) << service.status().to_string();
    auth_ = std::move(service).value();
    processor_ = std::make_unique<QueryProcessor>(*db_, *system_);
    processor_->set_auth(auth_.get());
  }
  void close() {
    processor_.reset();
    auth_.reset();
    system_.reset();
    if (db_) {
      EXPECT_TRUE(db_->close().is_ok());
    }
    db_.reset();
  }

  Outcome run(const std::string& user, const std::string& cql) {
    ClientState state;
    state.user = user;
    QueryRequest request;
    request.query = cql;
    return processor_->query(state, request);
  }
  ResultRows ok(const std::string& user, const std::string& cql) {
    Outcome out = run(user, cql);
    if (const auto* e = std::get_if<CqlError>(&out)) {
      ADD_FAILURE() << cql << " as " << user << " -> " << e->message;
      return {};
    }
    return std::get<ResultMessage>(out).rows;
  }
  CqlError error(const std::string& user, const std::string& cql) {
    Outcome out = run(user, cql);
    const auto* e = std::get_if<CqlError>(&out);
    EXPECT_NE(e, nullptr) << cql << " as " << user << " should have failed";
    return e ? *e : CqlError{};
  }
  // Column 0 of every row, as text.
  std::vector<std::string> first_column(const ResultRows& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows.rows) out.push_back(row[0] ? std::string(*row[0]) : "null");
    return out;
  }
  Result<std::string> login(const std::string& user, const std::string& password,
                            const std::string& address = "10.1.1.1") {
    return auth_->authenticate(address, std::string(1, '\0') + user + '\0' + password);
  }
  void setup_table() {
    ok("cassandra",
       "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
       "1}");
    ok("cassandra", "CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
    ok("cassandra", "CREATE ROLE app WITH PASSWORD = 'app-pw' AND LOGIN = true");
  }

  testing::TestEnv env_;
  Logger logger_;
  DatabaseOptions options_;
  auth::AuthOptions auth_options_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SystemTables> system_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<QueryProcessor> processor_;
};

TEST_F(AuthStatementTest, DefaultSuperuserLogsInAndWrongCredentialsDoNot) {
  EXPECT_EQ(login("cassandra", "cassandra").value(), "cassandra");
  EXPECT_EQ(login("cassandra", "nope").status().message(),
            "Provided username cassandra and/or password are incorrect");
  EXPECT_EQ(login("ghost", "cassandra").status().message(),
            "Provided username ghost and/or password are incorrect");
  ok("cassandra", "CREATE ROLE group_role WITH PASSWORD = 'g'");  // LOGIN defaults to false
  EXPECT_EQ(login("group_role", "g", "10.1.1.2").status().message(),
            "group_role is not permitted to log in");
}

TEST_F(AuthStatementTest, FailedLoginsAreRateLimitedPerAddress) {
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(login("cassandra", "bad", "10.9.9.9").is_ok());
  // The bucket is empty: even the right password is refused, unchecked.
  EXPECT_EQ(login("cassandra", "cassandra", "10.9.9.9").status().message(),
            "Too many failed login attempts from 10.9.9.9; try again later");
  EXPECT_TRUE(login("cassandra", "cassandra", "10.9.9.8").is_ok());
  env_.clock().advance(std::chrono::seconds(1));
  EXPECT_TRUE(login("cassandra", "cassandra", "10.9.9.9").is_ok());
}

TEST_F(AuthStatementTest, PasswordChecksRunAtMostTheLimitAtOnce) {
  close();
  auth_options_.max_concurrent_password_checks = 2;
  auth_options_.login_limits.burst = 1000;
  open();
  std::vector<std::thread> threads;
  std::atomic<int> succeeded{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 4; ++i) {
        if (login("cassandra", "cassandra").is_ok()) succeeded.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(succeeded.load(), 32);
  EXPECT_GE(auth_->peak_concurrent_password_checks(), 1);
  EXPECT_LE(auth_->peak_concurrent_password_checks(), 2);
}

TEST_F(AuthStatementTest, WriteWithoutModifyIsUnauthorizedAndWritesNothing) {
  setup_table();
  ok("cassandra", "GRANT SELECT ON ks.t TO app");
  CqlError e = error("app", "INSERT INTO ks.t (k, v) VALUES (1, 'x')");
  EXPECT_EQ(e.code, ErrorCode::kUnauthorized);
  EXPECT_EQ(e.message, "User app has no MODIFY permission on <table ks.t> or any of its parents");
  e = error("app", "BEGIN BATCH INSERT INTO ks.t (k, v) VALUES (2, 'y') APPLY BATCH");
  EXPECT_EQ(e.code, ErrorCode::kUnauthorized);
  EXPECT_EQ(error("app", "TRUNCATE ks.t").code, ErrorCode::kUnauthorized);
  EXPECT_TRUE(ok("app", "SELECT k FROM ks.t").rows.empty());

  ok("cassandra", "GRANT MODIFY ON KEYSPACE ks TO app");
  ok("app", "INSERT INTO ks.t (k, v) VALUES (1, 'x')");
  EXPECT_EQ(first_column(ok("app", "SELECT v FROM ks.t WHERE k = 1")),
            std::vector<std::string>{"x"});
  // A conditional write reads, so it also needs SELECT — which app has.
  ok("app", "INSERT INTO ks.t (k, v) VALUES (3, 'z') IF NOT EXISTS");
  ok("cassandra", "REVOKE SELECT ON ks.t FROM app");
  EXPECT_EQ(error("app", "SELECT v FROM ks.t").message,
            "User app has no SELECT permission on <table ks.t> or any of its parents");
}

TEST_F(AuthStatementTest, SchemaStatementsNeedTheirPermissionAndCreatorsGetAll) {
  setup_table();
  const std::string create_ks =
      "CREATE KEYSPACE own WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
  EXPECT_EQ(error("app", create_ks).message,
            "User app has no CREATE permission on <all keyspaces> or any of its parents");
  EXPECT_EQ(db_->find_keyspace("own"), nullptr);
  EXPECT_EQ(error("app", "DROP TABLE ks.t").code, ErrorCode::kUnauthorized);
  EXPECT_NE(db_->find_table("ks", "t"), nullptr);
  ok("cassandra", "GRANT CREATE ON ALL KEYSPACES TO app");
  ok("app", create_ks);
  ok("app", "CREATE TABLE own.t (k int PRIMARY KEY)");
  ok("app", "INSERT INTO own.t (k) VALUES (1)");
  ok("app", "ALTER TABLE own.t ADD v text");
  auto listed = ok("cassandra", "LIST ALL PERMISSIONS ON KEYSPACE own OF app NORECURSIVE");
  EXPECT_EQ(listed.rows.size(), 6u);  // CREATE ALTER DROP SELECT MODIFY AUTHORIZE
  ok("app", "DROP KEYSPACE own");
  for (const auto& row : ok("cassandra", "LIST ALL PERMISSIONS OF app").rows) {
    EXPECT_EQ(std::string(*row[2]).find("own"), std::string::npos) << std::string(*row[2]);
  }
}

TEST_F(AuthStatementTest, SystemTablesDriversReadStayReadable) {
  setup_table();
  EXPECT_EQ(ok("app", "SELECT release_version FROM system.local").rows.size(), 1u);
  EXPECT_FALSE(ok("app", "SELECT keyspace_name FROM system_schema.keyspaces").rows.empty());
  EXPECT_EQ(error("app", "SELECT role FROM system_auth.roles").code, ErrorCode::kUnauthorized);
  EXPECT_EQ(error("", "SELECT release_version FROM system.local").message,
            "You have not logged in");
}

TEST_F(AuthStatementTest, RoleManagementFollowsCassandrasRules) {
  setup_table();
  EXPECT_EQ(error("app", "CREATE ROLE boss WITH SUPERUSER = true").message,
            "Only superusers can create a role with superuser status");
  EXPECT_EQ(error("app", "CREATE ROLE other").message,
            "User app has no CREATE permission on <all roles> or any of its parents");
  EXPECT_EQ(error("cassandra", "CREATE ROLE app").message, "app already exists");
  ok("cassandra", "CREATE ROLE IF NOT EXISTS app");
  EXPECT_EQ(error("cassandra", "CREATE ROLE ''").message, "Role name can't be an empty string");
  EXPECT_EQ(error("cassandra", "DROP ROLE cassandra").message,
            "Cannot DROP primary role for current login");
  EXPECT_EQ(error("cassandra", "DROP ROLE ghost").message, "ghost doesn't exist");
  EXPECT_EQ(error("cassandra", "ALTER ROLE ghost WITH LOGIN = true").message,
            "ghost doesn't exist");
  EXPECT_EQ(
      error("app", "ALTER ROLE app WITH SUPERUSER = true").message,
      "You aren't allowed to alter your own superuser status or that of a role granted to you");
  EXPECT_EQ(error("app", "ALTER ROLE app WITH LOGIN = false").message,
            "You aren't allowed to alter LOGIN");
  ok("app", "ALTER ROLE app WITH PASSWORD = 'new-pw'");
  EXPECT_FALSE(login("app", "app-pw").is_ok());
  EXPECT_TRUE(login("app", "new-pw").is_ok());
  EXPECT_EQ(error("app", "DROP ROLE cassandra").code, ErrorCode::kUnauthorized);
  // A creator holds ALL on the role it created: with CREATE on all roles app makes
  // one, then may alter and drop it.
  ok("cassandra", "GRANT CREATE ON ALL ROLES TO app");
  ok("app", "CREATE USER helper WITH PASSWORD 'h'");
  ok("app", "ALTER USER helper WITH PASSWORD 'h2'");
  EXPECT_TRUE(login("helper", "h2").is_ok());
  ok("app", "DROP USER helper");
  EXPECT_FALSE(auth_->roles().get("helper").value().has_value());
}

TEST_F(AuthStatementTest, ListRolesUsersAndPermissionsWithCassandrasColumns) {
  setup_table();
  ResultRows roles = ok("cassandra", "LIST ROLES");
  ASSERT_EQ(roles.columns.size(), 4u);
  EXPECT_EQ(roles.columns[0].name, "role");
  EXPECT_EQ(roles.columns[1].name, "super");
  EXPECT_EQ(roles.columns[2].name, "login");
  EXPECT_EQ(roles.columns[3].name, "options");
  EXPECT_EQ(first_column(roles), (std::vector<std::string>{"app", "cassandra"}));
  EXPECT_EQ(first_column(ok("app", "LIST ROLES")), std::vector<std::string>{"app"});
  EXPECT_EQ(error("app", "LIST ROLES OF cassandra").message,
            "You are not authorized to view roles granted to cassandra ");
  ok("cassandra", "CREATE ROLE nologin");
  ResultRows users = ok("cassandra", "LIST USERS");
  EXPECT_EQ(users.columns[0].name, "name");
  EXPECT_EQ(first_column(users), (std::vector<std::string>{"app", "cassandra"}));

  ok("cassandra", "GRANT SELECT ON KEYSPACE ks TO app");
  ok("cassandra", "GRANT ALL ON TABLE ks.t TO app");
  ResultRows perms = ok("cassandra", "LIST SELECT OF app");
  ASSERT_EQ(perms.columns.size(), 4u);
  EXPECT_EQ(perms.columns[1].name, "username");
  ASSERT_EQ(perms.rows.size(), 2u);
  EXPECT_EQ(std::string(*perms.rows[0][2]), "<keyspace ks>");
  EXPECT_EQ(std::string(*perms.rows[1][2]), "<table ks.t>");
  EXPECT_EQ(std::string(*perms.rows[1][3]), "SELECT");
  EXPECT_EQ(ok("app", "LIST ALL PERMISSIONS ON ks.t OF app").rows.size(), 6u);  // 5 + keyspace's
  EXPECT_EQ(error("app", "LIST ALL PERMISSIONS").message,
            "You are not authorized to view everyone's permissions");
  EXPECT_EQ(error("app", "LIST ALL PERMISSIONS OF cassandra").message,
            "You are not authorized to view cassandra's permissions");
  // Nothing granted: no rows, as Cassandra (a void result).
  Outcome none = run("cassandra", "LIST ALL PERMISSIONS OF nologin");
  ASSERT_TRUE(std::holds_alternative<ResultMessage>(none));
  EXPECT_EQ(std::get<ResultMessage>(none).kind, ResultMessage::Kind::kVoid);
}

TEST_F(AuthStatementTest, GrantChecksTheResourceTheRoleAndTheGranter) {
  setup_table();
  EXPECT_EQ(error("cassandra", "GRANT SELECT ON ks.nope TO app").message,
            "Resource <table ks.nope> doesn't exist");
  EXPECT_EQ(error("cassandra", "GRANT SELECT ON ks.t TO ghost").message,
            "Role ghost doesn't exist");
  CqlError e = error("cassandra", "GRANT CREATE ON ks.t TO app");
  EXPECT_EQ(e.code, ErrorCode::kSyntaxError);
  EXPECT_EQ(e.message,
            "Resource type DataResource does not support any of the requested permissions");
  ok("cassandra", "CREATE ROLE other WITH LOGIN = true AND PASSWORD = 'o'");
  EXPECT_EQ(error("app", "GRANT SELECT ON ks.t TO other").message,
            "User app has no AUTHORIZE permission on <table ks.t> or any of its parents");
  ok("cassandra", "GRANT AUTHORIZE ON KEYSPACE ks TO app");
  // AUTHORIZE alone is not enough: app must hold what it grants.
  EXPECT_EQ(error("app", "GRANT SELECT ON ks.t TO other").message,
            "User app has no SELECT permission on <table ks.t> or any of its parents");
  ok("cassandra", "GRANT SELECT ON ks.t TO app");
  ok("app", "GRANT SELECT ON ks.t TO other");
  EXPECT_TRUE(
      auth_->has_permission("other", Permission::kSelect, Resource::table_of("ks", "t")).value());
  ok("cassandra", "DROP ROLE app");
  EXPECT_TRUE(ok("cassandra", "LIST ALL PERMISSIONS OF other").rows.size() == 1u);
}

TEST_F(AuthStatementTest, GrantedRolesLendTheirPermissionsAndSuperuserStatus) {
  setup_table();
  ok("cassandra", "CREATE ROLE readers");
  ok("cassandra", "CREATE ROLE staff");
  ok("cassandra", "GRANT SELECT ON KEYSPACE ks TO readers");
  EXPECT_EQ(error("app", "SELECT * FROM ks.t").code, ErrorCode::kUnauthorized);
  ok("cassandra", "GRANT readers TO staff");
  ok("cassandra", "GRANT staff TO app");
  ok("app", "SELECT * FROM ks.t");  // through staff, then readers
  EXPECT_EQ(error("cassandra", "GRANT staff TO app").message, "app is a member of staff");
  EXPECT_EQ(error("cassandra", "GRANT app TO readers").message, "app is a member of readers");
  EXPECT_EQ(error("cassandra", "GRANT ghost TO app").message, "ghost doesn't exist");
  EXPECT_EQ(first_column(ok("cassandra", "LIST ROLES OF app")),
            (std::vector<std::string>{"app", "readers", "staff"}));
  EXPECT_EQ(first_column(ok("cassandra", "LIST ROLES OF app NORECURSIVE")),
            (std::vector<std::string>{"app", "staff"}));
  EXPECT_EQ(first_column(ok("app", "LIST ROLES")),
            (std::vector<std::string>{"app", "readers", "staff"}));
  EXPECT_EQ(ok("app", "LIST ALL PERMISSIONS OF readers").rows.size(), 1u);  // one of app's roles
  EXPECT_EQ(error("app", "GRANT readers TO app").code, ErrorCode::kUnauthorized);

  ok("cassandra", "CREATE ROLE admins WITH SUPERUSER = true");
  ok("cassandra", "GRANT admins TO staff");
  EXPECT_TRUE(auth_->is_superuser("app").value());
  ok("app", "DROP TABLE ks.t");
  EXPECT_EQ(
      error("app", "ALTER ROLE staff WITH SUPERUSER = false").message,
      "You aren't allowed to alter your own superuser status or that of a role granted to you");
  ok("cassandra", "REVOKE admins FROM staff");
  EXPECT_FALSE(auth_->is_superuser("app").value());
  EXPECT_EQ(error("cassandra", "REVOKE admins FROM staff").message,
            "staff is not a member of admins");
  ok("cassandra", "DROP ROLE staff");  // app loses it, and readers with it
  EXPECT_EQ(first_column(ok("cassandra", "LIST ROLES OF app")), std::vector<std::string>{"app"});
  EXPECT_TRUE(
      ok("cassandra", "SELECT * FROM system_auth.role_members WHERE role = 'staff'").rows.empty());
}

TEST_F(AuthStatementTest, RolesAndPermissionsSurviveReopening) {
  setup_table();
  ok("cassandra", "GRANT MODIFY ON ks.t TO app");
  ok("cassandra", "ALTER ROLE cassandra WITH PASSWORD = 'changed'");
  ok("cassandra", "CREATE ROLE group_role");
  ok("cassandra", "GRANT group_role TO app");
  close();
  open();
  EXPECT_EQ(first_column(ok("cassandra", "LIST ROLES OF app")),
            (std::vector<std::string>{"app", "group_role"}));
  EXPECT_FALSE(login("cassandra", "cassandra").is_ok());  // no second default superuser
  EXPECT_TRUE(login("cassandra", "changed").is_ok());
  EXPECT_TRUE(login("app", "app-pw").is_ok());
  ok("app", "INSERT INTO ks.t (k, v) VALUES (5, 'after reopen')");
}

TEST(AuthWithoutAuthorizerTest, StatementsSayWhatTheNodeLacks) {
  testing::TestEnv env;
  Logger logger(LogLevel::kError, nullptr);
  DatabaseOptions options;
  options.data_directory = "/db";
  options.logger = &logger;
  auto db = Database::open(env.env(), options).value();
  SystemTables system(*db, NodeInfo{});
  QueryProcessor plain(*db, system);
  ClientState state;
  QueryRequest q;
  q.query = "CREATE ROLE r";
  Outcome out = plain.query(state, q);
  ASSERT_TRUE(std::holds_alternative<CqlError>(out));
  EXPECT_EQ(std::get<CqlError>(out).message,
            "CREATE ROLE needs authenticator: PasswordAuthenticator (this node runs "
            "AllowAllAuthenticator, which keeps no roles)");

  auth::AuthOptions password_only;
  password_only.password_authenticator = true;
  password_only.hash_params = kFastHash;
  auto service = auth::AuthService::open(*db, system, &env.clock(), password_only, &logger).value();
  QueryProcessor processor(*db, system);
  processor.set_auth(service.get());
  state.user = "cassandra";
  q.query = "GRANT SELECT ON ALL KEYSPACES TO cassandra";
  out = processor.query(state, q);
  ASSERT_TRUE(std::holds_alternative<CqlError>(out));
  EXPECT_EQ(std::get<CqlError>(out).message,
            "GRANT operation is not supported by AllowAllAuthorizer");
  // Without an authorizer every logged-in role may do everything.
  q.query =
      "CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
  EXPECT_TRUE(std::holds_alternative<ResultMessage>(processor.query(state, q)));

  password_only.cassandra_authorizer = true;
  password_only.password_authenticator = false;
  EXPECT_FALSE(auth::AuthService::open(*db, system, &env.clock(), password_only, &logger).is_ok());
  EXPECT_TRUE(db->close().is_ok());
}

}  // namespace
}  // namespace cairn::cql
