// CQL statements end to end through the embedded Session: parse, bind, execute against
// a Database on the in-memory Env, and the rows that come back, rendered as CQL literals.
#include "cql/session.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "tests/lib/test_env.h"

namespace cairn::cql {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : logger_(LogLevel::kError, nullptr) {
    options_.data_directory = "/db";
    options_.commitlog_sync = CommitLogSync::kGroup;
    options_.max_pending_flushes = 0;
    options_.logger = &logger_;
    open();
  }

  void open() {
    session_.reset();
    db_.reset();
    auto db = Database::open(env_.env(), options_);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    db_ = std::move(db).value();
    session_ = std::make_unique<Session>(*db_);
  }

  ResultSet ok(std::string_view cql, std::vector<Value> values = {}, ExecuteOptions options = {}) {
    auto r = session_->execute(cql, std::move(values), options);
    EXPECT_TRUE(r.is_ok()) << cql << "\n  -> " << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : ResultSet{};
  }

  std::string error(std::string_view cql, std::vector<Value> values = {}) {
    auto r = session_->execute(cql, std::move(values));
    EXPECT_FALSE(r.is_ok()) << cql << " should have failed";
    return r.is_ok() ? "" : r.status().message();
  }

  // Rows as "v1|v2|..." with CQL literals (null for nulls).
  static std::vector<std::string> text(const ResultSet& r) {
    std::vector<std::string> out;
    for (const auto& row : r.rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) line += "|";
        line += row[i] ? r.columns[i].type->to_cql_literal(*row[i]) : "null";
      }
      out.push_back(line);
    }
    return out;
  }
  std::vector<std::string> rows(std::string_view cql, std::vector<Value> values = {}) {
    return text(ok(cql, std::move(values)));
  }

  void chat_schema() {
    ok("CREATE KEYSPACE chat WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    ok("USE chat");
    ok("CREATE TABLE messages (session text, seq int, body text, tags set<text>, "
       "attrs map<text, int>, log list<text>, title text static, PRIMARY KEY (session, seq))");
  }

  testing::TestEnv env_;
  Logger logger_;
  DatabaseOptions options_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

using V = std::vector<std::string>;

TEST_F(SessionTest, CreateInsertSelect) {
  chat_schema();
  ok("INSERT INTO messages (session, seq, body) VALUES ('s1', 1, 'hello')");
  ok("INSERT INTO messages (session, seq, body) VALUES ('s1', 2, 'world')");
  ok("INSERT INTO messages (session, seq, body) VALUES ('s2', 1, 'other')");
  EXPECT_EQ(rows("SELECT seq, body FROM messages WHERE session = 's1'"), (V{"1|'hello'", "2|'world'"}));
  EXPECT_EQ(rows("SELECT body FROM chat.messages WHERE session = 's1' AND seq = 2"), (V{"'world'"}));
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE session = 's1' ORDER BY seq DESC"), (V{"2", "1"}));
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE session = 's1' AND seq > 1"), (V{"2"}));
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE session = 's1' AND seq >= 1 AND seq < 2"), (V{"1"}));
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE session = 's1' AND seq IN (2, 1, 7)"), (V{"1", "2"}));
  EXPECT_EQ(rows("SELECT session, seq FROM messages WHERE session IN ('s2', 's1') LIMIT 2"),
            (V{"'s1'|1", "'s1'|2"}));
  EXPECT_EQ(rows("SELECT COUNT(*) FROM messages"), (V{"3"}));
  EXPECT_EQ(rows("SELECT DISTINCT session FROM messages").size(), 2u);
  EXPECT_EQ(rows("SELECT seq FROM messages PER PARTITION LIMIT 1").size(), 2u);
  auto star = ok("SELECT * FROM messages WHERE session = 's2'");
  std::vector<std::string> names;
  for (const auto& c : star.columns) names.push_back(c.name);
  // Cassandra's order: partition key, clustering, statics, then the rest by name.
  EXPECT_EQ(names, (V{"session", "seq", "title", "attrs", "body", "log", "tags"}));
}

TEST_F(SessionTest, UpdateDeleteAndCollections) {
  chat_schema();
  ok("UPDATE messages SET body = 'a', tags = {'x'}, attrs = {'k': 1}, log = ['one'] WHERE session = 's' AND seq = 1");
  ok("UPDATE messages SET tags = tags + {'y', 'z'}, attrs['j'] = 2, log = log + ['two'] WHERE session = 's' AND seq = 1");
  ok("UPDATE messages SET log = ['zero'] + log, tags = tags - {'z'} WHERE session = 's' AND seq = 1");
  EXPECT_EQ(rows("SELECT tags, attrs, log FROM messages WHERE session = 's'"),
            (V{"{'x', 'y'}|{'j': 2, 'k': 1}|['zero', 'one', 'two']"}));
  ok("UPDATE messages SET log[1] = 'ONE' WHERE session = 's' AND seq = 1");
  ok("DELETE attrs['k'], log[0] FROM messages WHERE session = 's' AND seq = 1");
  EXPECT_EQ(rows("SELECT attrs, log FROM messages WHERE session = 's'"), (V{"{'j': 2}|['ONE', 'two']"}));
  auto element = ok("SELECT attrs['j'], attrs['nope'], tags['x'] FROM messages WHERE session = 's'");
  EXPECT_EQ(text(element), (V{"2|null|'x'"}));
  EXPECT_EQ(element.columns[0].name, "attrs['j']");
  ok("UPDATE messages SET log = log - ['two'] WHERE session = 's' AND seq = 1");
  EXPECT_EQ(rows("SELECT log FROM messages WHERE session = 's'"), (V{"['ONE']"}));
  ok("DELETE body FROM messages WHERE session = 's' AND seq = 1");
  EXPECT_EQ(rows("SELECT body FROM messages WHERE session = 's'"), (V{"null"}));
  for (int i = 2; i <= 6; ++i) {
    ok("INSERT INTO messages (session, seq) VALUES ('s', " + std::to_string(i) + ")");
  }
  ok("DELETE FROM messages WHERE session = 's' AND seq > 2 AND seq <= 4");
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE session = 's'"), (V{"1", "2", "5", "6"}));
  ok("DELETE FROM messages WHERE session = 's' AND seq = 5");
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE session = 's'"), (V{"1", "2", "6"}));
  ok("DELETE FROM messages WHERE session = 's'");
  EXPECT_TRUE(rows("SELECT * FROM messages WHERE session = 's'").empty());
}

TEST_F(SessionTest, StaticColumnsShowWithEveryRowAndAlone) {
  chat_schema();
  ok("INSERT INTO messages (session, title) VALUES ('s', 'the title')");
  EXPECT_EQ(rows("SELECT session, seq, title FROM messages"), (V{"'s'|null|'the title'"}));
  ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'b')");
  EXPECT_EQ(rows("SELECT seq, title FROM messages WHERE session = 's'"), (V{"1|'the title'"}));
}

TEST_F(SessionTest, TtlAndWritetime) {
  chat_schema();
  ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'b') USING TTL 100 AND TIMESTAMP 1234");
  EXPECT_EQ(rows("SELECT TTL(body), WRITETIME(body) FROM messages WHERE session = 's'"), (V{"100|1234"}));
  // A write with an older timestamp loses.
  ok("UPDATE messages USING TIMESTAMP 1000 SET body = 'old' WHERE session = 's' AND seq = 1");
  EXPECT_EQ(rows("SELECT body FROM messages WHERE session = 's'"), (V{"'b'"}));
  env_.clock().advance(std::chrono::seconds(101));
  EXPECT_TRUE(rows("SELECT body FROM messages WHERE session = 's'").empty());
  EXPECT_NE(error("SELECT WRITETIME(seq) FROM messages"), "");
}

TEST_F(SessionTest, PagingVisitsEveryRowOnce) {
  chat_schema();
  for (int p = 0; p < 7; ++p) {
    for (int i = 0; i < 13; ++i) {
      ok("INSERT INTO messages (session, seq) VALUES ('p" + std::to_string(p) + "', " + std::to_string(i) + ")");
    }
  }
  for (const char* query : {"SELECT session, seq FROM messages", "SELECT session, seq FROM messages WHERE session = 'p3'",
                            "SELECT session, seq FROM messages WHERE session IN ('p1', 'p2')",
                            "SELECT session, seq FROM messages WHERE session = 'p1' ORDER BY seq DESC"}) {
    const auto all = rows(query);
    std::vector<std::string> paged;
    ExecuteOptions o;
    o.page_size = 5;
    int pages = 0;
    while (true) {
      auto r = ok(query, {}, o);
      for (auto& line : text(r)) paged.push_back(line);
      ++pages;
      if (!r.paging_state) break;
      o.paging_state = r.paging_state;
      ASSERT_LT(pages, 100);
    }
    EXPECT_EQ(paged, all) << query;
    EXPECT_GT(pages, 1) << query;
  }
  // A paging state is client input: a damaged one is refused, never trusted.
  ExecuteOptions first;
  first.page_size = 5;
  auto page = ok("SELECT seq FROM messages WHERE session = 'p3'", {}, first);
  ASSERT_TRUE(page.paging_state.has_value());
  const Bytes state = *page.paging_state;
  for (size_t cut = 0; cut < state.size(); ++cut) {
    ExecuteOptions bad = first;
    bad.paging_state = state.substr(0, cut);
    EXPECT_FALSE(session_->execute("SELECT seq FROM messages WHERE session = 'p3'", {}, bad).is_ok()) << cut;
  }
  Bytes short_int = state;  // the clustering int cut to 3 bytes, lengths adjusted to match
  const size_t at = short_int.size() - 8 - 4;  // [u16 len=4][4 bytes] before the two u32 counts
  short_int[at - 1] = 3;
  short_int.erase(at, 1);
  ExecuteOptions bad = first;
  bad.paging_state = short_int;
  EXPECT_FALSE(session_->execute("SELECT seq FROM messages WHERE session = 'p3'", {}, bad).is_ok());

  // ORDER BY across an IN of partitions orders all their rows, and cannot be paged.
  EXPECT_EQ(rows("SELECT session, seq FROM messages WHERE session IN ('p1', 'p2') ORDER BY seq DESC LIMIT 4"),
            (V{"'p1'|12", "'p2'|12", "'p1'|11", "'p2'|11"}));
  ExecuteOptions o;
  o.page_size = 5;
  auto refused = session_->execute("SELECT seq FROM messages WHERE session IN ('p1', 'p2') ORDER BY seq DESC", {}, o);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().message().find("Cannot page queries with both ORDER BY and a IN restriction"),
            std::string::npos);
}

TEST_F(SessionTest, BindMarkersByPositionAndName) {
  chat_schema();
  auto prepared = session_->prepare("INSERT INTO messages (session, seq, body) VALUES (?, ?, :text)");
  ASSERT_TRUE(prepared.is_ok()) << prepared.status().to_string();
  ASSERT_EQ(prepared->bind_columns.size(), 3u);
  EXPECT_EQ(prepared->bind_columns[0].name, "session");
  EXPECT_EQ(prepared->bind_columns[2].name, "text");
  auto r = session_->execute(*prepared, {Value::of(values::from_text("s")), Value::of(values::from_int(1)),
                                         Value::of(values::from_text("hi"))});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  // UNSET leaves the column as it was.
  r = session_->execute(*prepared, {Value::of(values::from_text("s")), Value::of(values::from_int(1)), Value::unset()});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(rows("SELECT body FROM messages WHERE session = ? AND seq IN ?",
                 {Value::of(values::from_text("s")), Value::of(values::from_list({values::from_int(1)}))}),
            (V{"'hi'"}));
  EXPECT_NE(error("INSERT INTO messages (session, seq) VALUES (?, ?)", {Value::of(values::from_text("s"))}), "");
}

// A prepared SELECT keeps its plan between executions (SelectPlanCache): the plan must
// follow the table through ALTER, and a plan that depends on bound values (a map key
// chosen by a marker) must not be reused for other values.
TEST_F(SessionTest, PreparedSelectFollowsAlterAndBoundSelectorValues) {
  ok("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  ok("USE ks");
  ok("CREATE TABLE t (k int PRIMARY KEY, v text, m map<text, int>)");
  ok("INSERT INTO t (k, v, m) VALUES (1, 'a', {'x': 10, 'y': 20})");
  auto star = session_->prepare("SELECT * FROM t WHERE k = ?");
  ASSERT_TRUE(star.is_ok()) << star.status().to_string();
  const std::vector<Value> one = {Value::of(values::from_int(1))};
  auto column_names = [](const ResultSet& r) {
    std::vector<std::string> names;
    for (const auto& c : r.columns) names.push_back(c.name);
    return names;
  };
  auto r = session_->execute(*star, one);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(column_names(*r), (V{"k", "m", "v"}));
  EXPECT_EQ(text(*r), (V{"1|{'x': 10, 'y': 20}|'a'"}));

  ok("ALTER TABLE t ADD w int");
  ok("UPDATE t SET w = 5 WHERE k = 1");
  r = session_->execute(*star, one);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(column_names(*r), (V{"k", "m", "v", "w"}));
  EXPECT_EQ(text(*r), (V{"1|{'x': 10, 'y': 20}|'a'|5"}));
  ok("ALTER TABLE t DROP v");
  r = session_->execute(*star, one);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(column_names(*r), (V{"k", "m", "w"}));

  auto element = session_->prepare("SELECT m[?] FROM t WHERE k = ?");
  ASSERT_TRUE(element.is_ok()) << element.status().to_string();
  for (const auto& [key, expected] : {std::pair{"x", "10"}, std::pair{"y", "20"}, std::pair{"x", "10"}}) {
    r = session_->execute(*element, {Value::of(values::from_text(key)), Value::of(values::from_int(1))});
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(text(*r), (V{expected})) << "m['" << key << "']";
  }
}

TEST_F(SessionTest, BatchesApplyWholeWarnOrFail) {
  chat_schema();
  ok("CREATE TABLE other (k int PRIMARY KEY, v text)");
  ok("BEGIN BATCH INSERT INTO messages (session, seq, body) VALUES ('b', 1, 'x'); "
     "INSERT INTO other (k, v) VALUES (1, 'y'); APPLY BATCH");
  EXPECT_EQ(rows("SELECT v FROM other WHERE k = 1"), (V{"'y'"}));
  const std::string big(6000, 'a');
  auto warned = ok("BEGIN UNLOGGED BATCH INSERT INTO other (k, v) VALUES (2, '" + big +
                   "'); INSERT INTO other (k, v) VALUES (4, 'z'); APPLY BATCH");
  ASSERT_EQ(warned.warnings.size(), 1u);
  EXPECT_NE(warned.warnings[0].find("exceeding specified threshold"), std::string::npos);
  const std::string huge(60000, 'a');
  EXPECT_NE(error("BEGIN BATCH INSERT INTO other (k, v) VALUES (3, '" + huge + "'); "
                  "INSERT INTO messages (session, seq) VALUES ('c', 1); APPLY BATCH")
                .find("Batch too large"),
            std::string::npos);
  EXPECT_TRUE(rows("SELECT * FROM other WHERE k = 3").empty());
  EXPECT_TRUE(rows("SELECT * FROM messages WHERE session = 'c'").empty());
  // One partition is one mutation: no threshold applies, as in Cassandra.
  EXPECT_TRUE(ok("BEGIN BATCH INSERT INTO other (k, v) VALUES (5, '" + huge + "'); APPLY BATCH").warnings.empty());
}

TEST_F(SessionTest, ErrorsNameTheProblem) {
  EXPECT_EQ(error("SELEKT * FROM t").rfind("SyntaxError", 0), 0u);
  EXPECT_NE(error("SELECT * FROM t").find("No keyspace has been specified"), std::string::npos);
  chat_schema();
  EXPECT_NE(error("SELECT * FROM nope").find("unconfigured table nope"), std::string::npos);
  EXPECT_NE(error("SELECT nope FROM messages").find("Undefined column name nope"), std::string::npos);
  EXPECT_NE(error("SELECT * FROM messages WHERE body = 'x'").find("ALLOW FILTERING"), std::string::npos);
  EXPECT_NE(error("INSERT INTO messages (session, body) VALUES ('s', 'b')").find("Some clustering keys are missing"),
            std::string::npos);
  EXPECT_NE(error("INSERT INTO messages (session, seq) VALUES ('s', 'not an int')").find("seq"), std::string::npos);
  EXPECT_EQ(error("CREATE KEYSPACE chat WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .rfind("AlreadyExists", 0),
            0u);
  EXPECT_EQ(error("CREATE KEYSPACE x WITH replication = {'class': 'Bogus'}").rfind("ConfigError", 0), 0u);
  ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'b')");
  EXPECT_EQ(rows("SELECT seq FROM messages WHERE body = 'b' ALLOW FILTERING"), (V{"1"}));
}

TEST_F(SessionTest, AlterTableAddAndDropColumns) {
  chat_schema();
  ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'b')");
  ok("ALTER TABLE messages ADD extra int");
  ok("UPDATE messages SET extra = 5 WHERE session = 's' AND seq = 1");
  EXPECT_EQ(rows("SELECT extra FROM messages WHERE session = 's'"), (V{"5"}));
  ok("ALTER TABLE messages DROP extra");
  EXPECT_NE(error("SELECT extra FROM messages"), "");
  EXPECT_EQ(rows("SELECT column_name, kind, type FROM system_schema.dropped_columns WHERE keyspace_name = 'chat'"),
            (V{"'extra'|'regular'|'int'"}));
  ok("ALTER TABLE messages ADD extra int");
  EXPECT_EQ(rows("SELECT extra FROM messages WHERE session = 's'"), (V{"null"}));
  ok("ALTER TABLE messages WITH default_time_to_live = 50 AND comment = 'c'");
  EXPECT_EQ(db_->find_table("chat", "messages")->options().default_time_to_live, 50);
}

TEST_F(SessionTest, TokenFunctionAndRanges) {
  chat_schema();
  for (int p = 0; p < 20; ++p) ok("INSERT INTO messages (session, seq) VALUES ('k" + std::to_string(p) + "', 1)");
  auto all = ok("SELECT token(session), session FROM messages");
  ASSERT_EQ(all.rows.size(), 20u);
  EXPECT_EQ(all.columns[0].name, "system.token(session)");
  // token() returns Cassandra's Murmur3 token, in ring order.
  int64_t previous = INT64_MIN;
  for (const auto& row : all.rows) {
    const int64_t t = values::to_bigint(*row[0]).value();
    EXPECT_EQ(t, murmur3_token(*row[1]));
    EXPECT_GT(t, previous);
    previous = t;
  }
  const int64_t middle = values::to_bigint(*all.rows[9][0]).value();
  EXPECT_EQ(ok("SELECT session FROM messages WHERE token(session) > ?", {Value::of(values::from_bigint(middle))}).rows.size(), 10u);
  EXPECT_EQ(ok("SELECT session FROM messages WHERE token(session) <= ?", {Value::of(values::from_bigint(middle))}).rows.size(), 10u);
}

TEST_F(SessionTest, SystemTablesAnswerDriverQueries) {
  chat_schema();
  auto local = ok("SELECT cluster_name, partitioner, release_version FROM system.local WHERE key = 'local'");
  ASSERT_EQ(local.rows.size(), 1u);
  EXPECT_EQ(text(local)[0], "'Test Cluster'|'org.apache.cassandra.dht.Murmur3Partitioner'|'4.0.11'");
  EXPECT_EQ(rows("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'chat'"), (V{"'messages'"}));
  EXPECT_EQ(rows("SELECT * FROM system.peers").size(), 0u);
  EXPECT_NE(error("INSERT INTO system.local (key) VALUES ('x')"), "");
}

TEST_F(SessionTest, ConditionalStatementsApplyOnlyWhenTheirConditionHolds) {
  chat_schema();
  auto first = ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'a') IF NOT EXISTS");
  EXPECT_EQ(first.columns[0].name, "[applied]");
  EXPECT_EQ(text(first), (V{"true"}));
  auto second = ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'b') IF NOT EXISTS");
  ASSERT_FALSE(text(second).empty());
  EXPECT_EQ(text(second)[0].substr(0, 15), "false|'s'|1|nul");  // [applied], then the row as stored
  EXPECT_EQ(rows("SELECT body FROM messages WHERE session = 's' AND seq = 1"), (V{"'a'"}));
  EXPECT_EQ(text(ok("UPDATE messages SET body = 'c' WHERE session = 's' AND seq = 1 IF body = 'x'")),
            (V{"false|'a'"}));
  EXPECT_EQ(text(ok("UPDATE messages SET body = 'c' WHERE session = 's' AND seq = 1 IF body = 'a'")),
            (V{"true"}));
  EXPECT_EQ(text(ok("UPDATE messages SET body = 'd' WHERE session = 's' AND seq = 2 IF EXISTS")), (V{"false"}));
  EXPECT_TRUE(rows("SELECT * FROM messages WHERE session = 's' AND seq = 2").empty());
  EXPECT_EQ(text(ok("DELETE FROM messages WHERE session = 's' AND seq = 1 IF EXISTS")), (V{"true"}));
  EXPECT_TRUE(rows("SELECT * FROM messages WHERE session = 's'").empty());
  EXPECT_NE(error("INSERT INTO messages (session, seq) VALUES ('s', 3) IF NOT EXISTS USING TIMESTAMP 5"), "");
  EXPECT_NE(error("BEGIN BATCH INSERT INTO messages (session, seq) VALUES ('s', 3) IF NOT EXISTS; APPLY BATCH"), "");
}

// One node is one replica: levels needing more than one replica of the keyspace are
// Unavailable, as on a one-node Cassandra cluster.
TEST_F(SessionTest, ConsistencyLevelsAreCheckedAgainstTheReplicasOneNodeHas) {
  ok("CREATE KEYSPACE rf1 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  ok("CREATE KEYSPACE rf3 WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
  ok("CREATE TABLE rf1.t (k int PRIMARY KEY, v int)");
  ok("CREATE TABLE rf3.t (k int PRIMARY KEY, v int)");
  auto at = [&](const char* cql, uint16_t level) {
    ExecuteOptions o;
    o.consistency = level;
    return session_->execute(cql, {}, o);
  };
  EXPECT_TRUE(at("INSERT INTO rf1.t (k, v) VALUES (1, 1)", 0x0005).is_ok());   // ALL of 1
  EXPECT_TRUE(at("SELECT * FROM rf1.t", 0x0004).is_ok());                       // QUORUM of 1
  EXPECT_TRUE(at("INSERT INTO rf3.t (k, v) VALUES (1, 1)", 0x000A).is_ok());   // LOCAL_ONE
  auto quorum = at("INSERT INTO rf3.t (k, v) VALUES (1, 1)", 0x0004);           // 2 of 3
  ASSERT_FALSE(quorum.is_ok());
  EXPECT_EQ(quorum.status().message(), "Unavailable: Cannot achieve consistency level QUORUM");
  EXPECT_FALSE(at("SELECT * FROM rf3.t", 0x0006).is_ok());                      // LOCAL_QUORUM
  EXPECT_FALSE(at("SELECT * FROM rf1.t", 0x0000).is_ok());                      // ANY for a read
  EXPECT_TRUE(at("SELECT * FROM system.local", 0x0005).is_ok());                // local tables
}

TEST_F(SessionTest, DataAndSchemaSurviveAReopen) {
  chat_schema();
  ok("INSERT INTO messages (session, seq, body) VALUES ('s', 1, 'kept')");
  open();
  ok("USE chat");
  EXPECT_EQ(rows("SELECT body FROM messages WHERE session = 's'"), (V{"'kept'"}));
}

TEST_F(SessionTest, MultiColumnAndCompositeKeys) {
  ok("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 1}");
  ok("CREATE TABLE ks.t (a int, b text, c int, d int, v text, PRIMARY KEY ((a, b), c, d)) "
     "WITH CLUSTERING ORDER BY (c DESC, d DESC)");
  for (int c = 0; c < 3; ++c) {
    for (int d = 0; d < 3; ++d) {
      ok("INSERT INTO ks.t (a, b, c, d, v) VALUES (1, 'x', " + std::to_string(c) + ", " + std::to_string(d) + ", 'v')");
    }
  }
  EXPECT_EQ(rows("SELECT c, d FROM ks.t WHERE a = 1 AND b = 'x' AND (c, d) > (1, 1)"),
            (V{"2|2", "2|1", "2|0", "1|2"}));
  EXPECT_EQ(rows("SELECT c, d FROM ks.t WHERE a = 1 AND b = 'x' AND (c, d) IN ((0, 1), (2, 2))"),
            (V{"2|2", "0|1"}));
  EXPECT_EQ(rows("SELECT c, d FROM ks.t WHERE a = 1 AND b = 'x' AND c = 1 AND d < 2 ORDER BY c ASC, d ASC"),
            (V{"1|0", "1|1"}));
  EXPECT_NE(error("SELECT * FROM ks.t WHERE a = 1").find("ALLOW FILTERING"), std::string::npos);
}

}  // namespace
}  // namespace cairn::cql
