// Unit tests of DESCRIBE's CQL generation (cql/client/describe.h). That the CQL
// recreates the same schema on a node is checked end to end by cairn_cql_test.py.
#include <gtest/gtest.h>

#include "cql/client/describe.h"

namespace cairn::cql::client {
namespace {

TableMeta events_table() {
  TableMeta t;
  t.keyspace = "app";
  t.name = "events";
  // Deliberately out of order: the generator orders them.
  t.columns = {{"payload", "regular", -1, "none", "map<text, frozen<list<int>>>"},
               {"seq", "clustering", 1, "desc", "int"},
               {"day", "partition_key", 1, "none", "date"},
               {"owner", "static", -1, "none", "text"},
               {"tenant", "partition_key", 0, "none", "uuid"},
               {"at", "clustering", 0, "asc", "timestamp"},
               {"Select", "regular", -1, "none", "frozen<tuple<int, text>>"}};
  t.options = {{"bloom_filter_fp_chance", "0.01"},
               {"comment", "'it''s'"},
               {"compaction", "{'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy'}"},
               {"gc_grace_seconds", "3600"}};
  return t;
}

TEST(DescribeTest, CompoundKeyClusteringOrderStaticAndOptions) {
  auto cql = create_table_cql(events_table());
  ASSERT_TRUE(cql.is_ok()) << cql.status().to_string();
  EXPECT_EQ(*cql,
            "CREATE TABLE app.events (\n"
            "    tenant uuid,\n"
            "    day date,\n"
            "    at timestamp,\n"
            "    seq int,\n"
            "    \"Select\" frozen<tuple<int, text>>,\n"
            "    owner text static,\n"
            "    payload map<text, frozen<list<int>>>,\n"
            "    PRIMARY KEY ((tenant, day), at, seq)\n"
            ") WITH CLUSTERING ORDER BY (at ASC, seq DESC)\n"
            "    AND bloom_filter_fp_chance = 0.01\n"
            "    AND comment = 'it''s'\n"
            "    AND compaction = {'class': "
            "'org.apache.cassandra.db.compaction.LeveledCompactionStrategy'}\n"
            "    AND gc_grace_seconds = 3600;");
}

TEST(DescribeTest, SingleColumnKeyIsInline) {
  TableMeta t;
  t.keyspace = "app";
  t.name = "users";
  t.columns = {{"name", "regular", -1, "none", "text"}, {"id", "partition_key", 0, "none", "int"}};
  auto cql = create_table_cql(t);
  ASSERT_TRUE(cql.is_ok());
  EXPECT_EQ(*cql, "CREATE TABLE app.users (\n    id int PRIMARY KEY,\n    name text\n);");
  // One partition key column with clustering: PRIMARY KEY (k, c).
  t.columns.push_back({"c", "clustering", 0, "asc", "int"});
  cql = create_table_cql(t);
  ASSERT_TRUE(cql.is_ok());
  EXPECT_NE(cql->find("    PRIMARY KEY (id, c)\n) WITH CLUSTERING ORDER BY (c ASC);"),
            std::string::npos)
      << *cql;
  // No partition key: refused, naming the table.
  t.columns = {{"v", "regular", -1, "none", "int"}};
  auto bad = create_table_cql(t);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("app.users"), std::string::npos);
}

TEST(DescribeTest, KeyspacesAndSchema) {
  SchemaMeta schema;
  schema.keyspaces = {
      {"app", true, {{"class", "org.apache.cassandra.locator.SimpleStrategy"}, {"replication_factor", "1"}}},
      {"Quiet", false, {{"class", "org.apache.cassandra.locator.NetworkTopologyStrategy"}, {"dc1", "3"}}},
      {"system", true, {{"class", "org.apache.cassandra.locator.LocalStrategy"}}}};
  schema.tables = {events_table()};
  EXPECT_EQ(create_keyspace_cql(schema.keyspaces[1]),
            "CREATE KEYSPACE \"Quiet\" WITH replication = {'class': "
            "'org.apache.cassandra.locator.NetworkTopologyStrategy', 'dc1': '3'}  AND "
            "durable_writes = false;");
  auto ks = describe_keyspace(schema, "app");
  ASSERT_TRUE(ks.is_ok());
  EXPECT_EQ(ks->rfind(create_keyspace_cql(schema.keyspaces[0]) + "\n\nCREATE TABLE app.events (", 0), 0u)
      << *ks;
  auto all = describe_schema(schema);
  ASSERT_TRUE(all.is_ok());
  EXPECT_NE(all->find("CREATE KEYSPACE app "), std::string::npos);
  EXPECT_NE(all->find("CREATE KEYSPACE \"Quiet\" "), std::string::npos);
  EXPECT_EQ(all->find("CREATE KEYSPACE system "), std::string::npos);  // system keyspaces left out
  auto missing = describe_keyspace(schema, "nope");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_NE(missing.status().message().find("'nope'"), std::string::npos);
}

TEST(DescribeTest, QuoteIdentifier) {
  EXPECT_EQ(quote_identifier("plain_name1"), "plain_name1");
  EXPECT_EQ(quote_identifier("MixedCase"), "\"MixedCase\"");
  EXPECT_EQ(quote_identifier("select"), "\"select\"");
  EXPECT_EQ(quote_identifier("1st"), "\"1st\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  // Reserved by Cassandra though Cairn's parser takes them: quoted, for Cassandra's sake.
  EXPECT_EQ(quote_identifier("token"), "\"token\"");
  EXPECT_EQ(quote_identifier("set"), "\"set\"");
  // Unreserved keywords name things bare, as in Cassandra.
  EXPECT_EQ(quote_identifier("key"), "key");
  EXPECT_EQ(quote_identifier("ttl"), "ttl");
}

}  // namespace
}  // namespace cairn::cql::client
