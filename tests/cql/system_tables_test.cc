// The generated system tables drivers read (cql/system/): every row checked column by
// column against what Cassandra 4.0 holds in the same tables.
#include "cql/system/system_tables.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cql/system/cassandra_format.h"
#include "cql/system/name_uuid.h"
#include "tests/storage/storage_test_util.h"

namespace cairn::cql {
namespace {

using testing::DatabaseTest;

// One row as CQL literals by column name ("null" for a null), key columns included.
using RowText = std::map<std::string, std::string>;

std::string literal(const CqlType& type, const std::optional<Bytes>& value) {
  return value ? type.to_cql_literal(*value) : "null";
}

std::vector<RowText> render(const TableSchema& table,
                            const std::vector<ReadPartition>& partitions) {
  std::vector<RowText> out;
  for (const ReadPartition& p : partitions) {
    auto key = split_partition_key(p.key.key, table.partition_key().size());
    EXPECT_TRUE(key.is_ok()) << key.status().to_string();
    if (!key.is_ok()) return out;
    for (const Row& row : p.rows) {
      RowText r;
      for (size_t i = 0; i < table.partition_key().size(); ++i) {
        r[table.partition_key()[i]->name] =
            table.partition_key()[i]->type->to_cql_literal((*key)[i]);
      }
      for (size_t i = 0; i < table.clustering_key().size(); ++i) {
        r[table.clustering_key()[i]->name] =
            table.clustering_key()[i]->type->to_cql_literal(row.clustering[i]);
      }
      for (const ColumnDefinition& c : table.columns()) {
        if (c.kind == ColumnKind::kRegular)
          r[c.name] = literal(*c.type, column_value(table, row, c.name));
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

// The rows matching every (column, literal) of `where`.
std::vector<RowText> filter(const std::vector<RowText>& rows, const RowText& where) {
  std::vector<RowText> out;
  for (const RowText& r : rows) {
    bool match = std::all_of(where.begin(), where.end(), [&](const auto& w) {
      auto it = r.find(w.first);
      return it != r.end() && it->second == w.second;
    });
    if (match) out.push_back(r);
  }
  return out;
}

// The names and CQL types of a table's columns, by kind, in schema order.
std::vector<std::string> describe_columns(const TableSchema& table) {
  std::vector<std::string> out;
  for (const ColumnDefinition& c : table.columns()) {
    out.push_back(std::string(column_kind_name(c.kind)) + " " + c.name + " " +
                  cassandra_type_name(*c.type));
  }
  return out;
}

class SystemTablesTest : public DatabaseTest {
 protected:
  void SetUp() override {
    open();
    node_.cluster_name = "Cairn Cluster";
    node_.listen_address = "10.0.0.7";
    node_.rpc_address = "::1";
    node_.native_port = 9142;
    node_.storage_port = 7001;
    node_.data_center = "dc-east";
    node_.rack = "r2";
    node_.host_id = Uuid::parse("8f3b2c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b").value();
    node_.tokens = {kMinToken + 1, -42, 0, 7, 3074457345618258602, kMaxToken};
    node_.gossip_generation = 1700000000;
  }

  SystemTables system() { return SystemTables(*db_, node_); }

  std::vector<ReadPartition> read(const SystemTables& s, std::string_view ks, std::string_view t) {
    TableSchemaRef table = s.find(ks, t);
    EXPECT_TRUE(table) << ks << "." << t;
    if (!table) return {};
    auto partitions = s.read_all(*table, now_micros_);
    EXPECT_TRUE(partitions.is_ok()) << partitions.status().to_string();
    return partitions.is_ok() ? *partitions : std::vector<ReadPartition>{};
  }

  std::vector<RowText> select_all(std::string_view ks, std::string_view t) {
    SystemTables s = system();
    auto partitions = read(s, ks, t);
    TableSchemaRef table = s.find(ks, t);
    return table ? render(*table, partitions) : std::vector<RowText>{};
  }

  // The one row matching `where`, or an empty row (and a failure).
  RowText select_one(std::string_view ks, std::string_view t, const RowText& where) {
    std::vector<RowText> rows = filter(select_all(ks, t), where);
    EXPECT_EQ(rows.size(), 1u) << ks << "." << t;
    return rows.size() == 1 ? rows[0] : RowText{};
  }

  TableSchemaRef create(TableSchema::Builder builder) {
    auto built = builder.build();
    EXPECT_TRUE(built.is_ok()) << built.status().to_string();
    auto table = db_->create_table(*built);
    EXPECT_TRUE(table.is_ok()) << table.status().to_string();
    return table.is_ok() ? *table : nullptr;
  }

  // A table of every kind of column: composite partition key, DESC and ASC clustering,
  // static, frozen and non-frozen collections, a tuple, nested collections.
  TableSchemaRef create_events_table() {
    EXPECT_TRUE(db_->create_keyspace({"shop"}).is_ok());
    TableOptions options;
    options.comment = "what happened, by day";
    options.default_time_to_live = 86400;
    options.gc_grace_seconds = 3600;
    options.bloom_filter_fp_chance = 0.1;
    options.compaction = {{"class", "LeveledCompactionStrategy"}, {"sstable_size_in_mb", "64"}};
    options.compression = {{"class", "SnappyCompressor"}, {"chunk_length_in_kb", "64"}};
    return create(TableSchema::Builder("shop", "events")
                      .partition_key("day", CqlType::date())
                      .partition_key("region", CqlType::text())
                      .clustering("at", CqlType::timeuuid(), ClusteringOrder::kDesc)
                      .clustering("seq", CqlType::int_())
                      .static_column("region_name", CqlType::text())
                      .regular("tags", CqlType::set(CqlType::text(), false))
                      .regular("counts", CqlType::map(CqlType::text(), CqlType::int_(), false))
                      .regular("path", CqlType::list(CqlType::int_(), true))
                      .regular("point", CqlType::tuple({CqlType::double_(), CqlType::double_()}))
                      .regular("groups", CqlType::list(CqlType::set(CqlType::int_(), true), false))
                      .regular("Body", CqlType::text())
                      .options(options));
  }

  NodeInfo node_;
  int64_t now_micros_ = 1'700'000'000'000'000;
};

// --- formats ---

std::string hex(const std::array<uint8_t, 16>& digest) {
  return to_hex(BytesView(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

TEST(SystemTablesFormatTest, Md5MatchesTheRfc1321TestSuite) {
  EXPECT_EQ(hex(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hex(md5("a")), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(hex(md5("abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hex(md5("message digest")), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(hex(md5("abcdefghijklmnopqrstuvwxyz")), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(hex(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(hex(md5("1234567890123456789012345678901234567890123456789012345678901234567890"
                    "1234567890")),
            "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(SystemTablesFormatTest, TableIdsAreCassandrasForSystemTableIds) {
  // The ids in the names of Cassandra 4.0's data directories (local-7ad54392...).
  EXPECT_EQ(system_table_id("system", "local").to_string(), "7ad54392-bcdd-35a6-8417-4e047860b377");
  EXPECT_EQ(system_table_id("system", "peers").to_string(), "37f71aca-7dc2-383b-a706-72528af04d4f");
  EXPECT_EQ(system_table_id("system", "peers_v2").to_string(),
            "c4325fbb-8e5e-3baf-bd07-0f9250ed818e");
  EXPECT_EQ(system_table_id("system_schema", "keyspaces").to_string(),
            "abac5682-dea6-31c5-b535-b3d6cffd0fb6");
  EXPECT_EQ(system_table_id("system_schema", "tables").to_string(),
            "afddfb9d-bc1e-3068-8056-eed6c302ba09");
  EXPECT_EQ(system_table_id("system_schema", "columns").to_string(),
            "24101c25-a2ae-3af7-87c1-b40ee1aca33f");
}

TEST(SystemTablesFormatTest, TypeNamesAreSpelledAsCassandraWritesThem) {
  auto name = [](std::string_view cql) {
    auto type = parse_cql_type(cql);
    EXPECT_TRUE(type.is_ok()) << cql;
    return type.is_ok() ? cassandra_type_name(**type) : "";
  };
  EXPECT_EQ(name("varchar"), "text");
  EXPECT_EQ(name("timeuuid"), "timeuuid");
  EXPECT_EQ(name("map<text, int>"), "map<text, int>");
  EXPECT_EQ(name("frozen<list<int>>"), "frozen<list<int>>");
  EXPECT_EQ(name("set<frozen<list<int>>>"), "set<frozen<list<int>>>");
  EXPECT_EQ(name("tuple<int, text>"), "frozen<tuple<int, text>>");
  EXPECT_EQ(name("frozen<map<text, frozen<list<int>>>>"), "frozen<map<text, frozen<list<int>>>>");
  EXPECT_EQ(name("list<frozen<tuple<int, frozen<set<text>>>>>"),
            "list<frozen<tuple<int, frozen<set<text>>>>>");
  // A collection inside a frozen one is frozen too, however it was built.
  EXPECT_EQ(cassandra_type_name(*CqlType::list(CqlType::set(CqlType::int_(), false), true)),
            "frozen<list<frozen<set<int>>>>");
}

TEST(SystemTablesFormatTest, OptionMapsCarryCassandrasClassNames) {
  EXPECT_EQ(cassandra_replication({{"class", "SimpleStrategy"}, {"replication_factor", "3"}}),
            (OptionMap{{"class", "org.apache.cassandra.locator.SimpleStrategy"},
                       {"replication_factor", "3"}}));
  EXPECT_EQ(
      cassandra_replication({{"class", "NetworkTopologyStrategy"}, {"dc1", "3"}}),
      (OptionMap{{"class", "org.apache.cassandra.locator.NetworkTopologyStrategy"}, {"dc1", "3"}}));
  EXPECT_EQ(cassandra_replication({{"class", "com.example.MyStrategy"}}),
            (OptionMap{{"class", "com.example.MyStrategy"}}));

  EXPECT_EQ(cassandra_compaction({{"class", "SizeTieredCompactionStrategy"}}),
            (OptionMap{{"class", "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy"},
                       {"max_threshold", "32"},
                       {"min_threshold", "4"}}));
  EXPECT_EQ(cassandra_compaction({}),
            (OptionMap{{"class", "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy"},
                       {"max_threshold", "32"},
                       {"min_threshold", "4"}}));
  EXPECT_EQ(cassandra_compaction({{"class", "TimeWindowCompactionStrategy"},
                                  {"compaction_window_unit", "HOURS"},
                                  {"min_threshold", "6"}}),
            (OptionMap{{"class", "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy"},
                       {"compaction_window_unit", "HOURS"},
                       {"max_threshold", "32"},
                       {"min_threshold", "6"}}));

  EXPECT_EQ(cassandra_compression({{"class", "LZ4Compressor"}, {"chunk_length_in_kb", "16"}}),
            (OptionMap{{"chunk_length_in_kb", "16"},
                       {"class", "org.apache.cassandra.io.compress.LZ4Compressor"}}));
  EXPECT_EQ(cassandra_compression({{"class", "org.apache.cassandra.io.compress.SnappyCompressor"}}),
            (OptionMap{{"chunk_length_in_kb", "16"},
                       {"class", "org.apache.cassandra.io.compress.SnappyCompressor"}}));
  EXPECT_EQ(cassandra_compression({{"enabled", "false"}}), (OptionMap{{"enabled", "false"}}));
  EXPECT_EQ(cassandra_compression({{"class", ""}}), (OptionMap{{"enabled", "false"}}));
}

// --- system.local, system.peers, system.peers_v2 ---

TEST_F(SystemTablesTest, LocalDescribesTheNodeAsCassandraDoes) {
  SystemTables s = system();
  TableSchemaRef local = s.find("system", "local");
  ASSERT_TRUE(local);
  EXPECT_EQ(describe_columns(*local),
            (std::vector<std::string>{
                "partition_key key text",         "regular bootstrapped text",
                "regular broadcast_address inet", "regular broadcast_port int",
                "regular cluster_name text",      "regular cql_version text",
                "regular data_center text",       "regular gossip_generation int",
                "regular host_id uuid",           "regular listen_address inet",
                "regular listen_port int",        "regular native_protocol_version text",
                "regular partitioner text",       "regular rack text",
                "regular release_version text",   "regular rpc_address inet",
                "regular rpc_port int",           "regular schema_version uuid",
                "regular tokens set<text>",       "regular truncated_at map<uuid, blob>"}));

  std::vector<RowText> rows = select_all("system", "local");
  ASSERT_EQ(rows.size(), 1u);
  const RowText& r = rows[0];
  EXPECT_EQ(r.at("key"), "'local'");
  EXPECT_EQ(r.at("bootstrapped"), "'COMPLETED'");
  EXPECT_EQ(r.at("broadcast_address"), "'10.0.0.7'");
  EXPECT_EQ(r.at("broadcast_port"), "7001");
  EXPECT_EQ(r.at("cluster_name"), "'Cairn Cluster'");
  EXPECT_EQ(r.at("cql_version"), "'3.4.5'");
  EXPECT_EQ(r.at("data_center"), "'dc-east'");
  EXPECT_EQ(r.at("gossip_generation"), "1700000000");
  EXPECT_EQ(r.at("host_id"), "8f3b2c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b");
  EXPECT_EQ(r.at("listen_address"), "'10.0.0.7'");
  EXPECT_EQ(r.at("listen_port"), "7001");
  EXPECT_EQ(r.at("native_protocol_version"), "'4'");
  EXPECT_EQ(r.at("partitioner"), "'org.apache.cassandra.dht.Murmur3Partitioner'");
  EXPECT_EQ(r.at("rack"), "'r2'");
  EXPECT_EQ(r.at("release_version"), "'4.0.11'");
  EXPECT_EQ(r.at("rpc_address"), "'0:0:0:0:0:0:0:1'");
  EXPECT_EQ(r.at("rpc_port"), "9142");
  EXPECT_EQ(r.at("schema_version"), s.schema_version().to_string());
  EXPECT_EQ(r.at("truncated_at"), "null");
  // A set<text> sorts as text, not as numbers.
  EXPECT_EQ(r.at("tokens"),
            "{'-42', '-9223372036854775807', '0', '3074457345618258602', '7', "
            "'9223372036854775807'}");
}

TEST_F(SystemTablesTest, LocalTokensDecodeToTheNodesTokens) {
  SystemTables s = system();
  auto partitions = read(s, "system", "local");
  ASSERT_EQ(partitions.size(), 1u);
  ASSERT_EQ(partitions[0].rows.size(), 1u);
  // The one partition's key is 'local', decorated with its Murmur3 token.
  EXPECT_EQ(partitions[0].key,
            make_partition_key(*s.find("system", "local"), {values::from_text("local")}).value());
  auto tokens = column_value(*s.find("system", "local"), partitions[0].rows[0], "tokens");
  ASSERT_TRUE(tokens);
  auto elements = values::collection_elements(*tokens);
  ASSERT_TRUE(elements.is_ok());
  std::set<Token> decoded;
  for (const Bytes& e : *elements) decoded.insert(std::stoll(e));
  EXPECT_EQ(decoded, std::set<Token>(node_.tokens.begin(), node_.tokens.end()));
}

TEST_F(SystemTablesTest, LocalLeavesAnUnsetGossipGenerationNull) {
  node_.gossip_generation = 0;
  RowText r = select_one("system", "local", {});
  EXPECT_EQ(r.at("gossip_generation"), "null");
}

TEST_F(SystemTablesTest, AnAddressThatIsNoIpAddressIsInvalidArgument) {
  node_.listen_address = "node-1.example.com";
  SystemTables s = system();
  auto partitions = s.read_all(*s.find("system", "local"), now_micros_);
  ASSERT_FALSE(partitions.is_ok());
  EXPECT_TRUE(partitions.status().is_invalid_argument());
  EXPECT_NE(partitions.status().message().find("listen_address 'node-1.example.com'"),
            std::string::npos)
      << partitions.status().to_string();
}

TEST_F(SystemTablesTest, ValidateRefusesHostNamesAndAcceptsIpAddresses) {
  EXPECT_TRUE(SystemTables::validate(node_).is_ok());
  EXPECT_TRUE(SystemTables::validate(NodeInfo{}).is_ok());
  NodeInfo named = node_;
  named.rpc_address = "localhost";
  Status s = SystemTables::validate(named);
  EXPECT_TRUE(s.is_invalid_argument());
  EXPECT_NE(s.message().find("rpc_address 'localhost'"), std::string::npos) << s.to_string();
  named = node_;
  named.listen_address = "10.0.0.256";
  EXPECT_TRUE(SystemTables::validate(named).is_invalid_argument());
}

TEST_F(SystemTablesTest, PeersTablesHaveCassandrasColumnsAndNoRows) {
  SystemTables s = system();
  TableSchemaRef peers = s.find("system", "peers");
  TableSchemaRef peers_v2 = s.find("system", "peers_v2");
  ASSERT_TRUE(peers && peers_v2);
  EXPECT_EQ(
      describe_columns(*peers),
      (std::vector<std::string>{
          "partition_key peer inet", "regular data_center text", "regular host_id uuid",
          "regular preferred_ip inet", "regular rack text", "regular release_version text",
          "regular rpc_address inet", "regular schema_version uuid", "regular tokens set<text>"}));
  EXPECT_EQ(describe_columns(*peers_v2),
            (std::vector<std::string>{"partition_key peer inet", "clustering peer_port int",
                                      "regular data_center text", "regular host_id uuid",
                                      "regular native_address inet", "regular native_port int",
                                      "regular preferred_ip inet", "regular preferred_port int",
                                      "regular rack text", "regular release_version text",
                                      "regular schema_version uuid", "regular tokens set<text>"}));
  EXPECT_TRUE(read(s, "system", "peers").empty());
  EXPECT_TRUE(read(s, "system", "peers_v2").empty());
}

// --- system_schema ---

TEST_F(SystemTablesTest, KeyspacesListsCassandrasSystemKeyspacesAndTheUsers) {
  ASSERT_TRUE(db_->create_keyspace({"chat"}).is_ok());
  KeyspaceSchema geo{"geo", {{"class", "NetworkTopologyStrategy"}, {"dc-east", "3"}}, false};
  ASSERT_TRUE(db_->create_keyspace(geo).is_ok());

  std::vector<RowText> rows = select_all("system_schema", "keyspaces");
  std::map<std::string, RowText> by_name;
  for (const RowText& r : rows) by_name[r.at("keyspace_name")] = r;
  ASSERT_EQ(by_name.size(), 7u);
  auto expect = [&](const std::string& name, const std::string& durable,
                    const std::string& replication) {
    const RowText& r = by_name["'" + name + "'"];
    EXPECT_EQ(r.at("durable_writes"), durable) << name;
    EXPECT_EQ(r.at("replication"), replication) << name;
  };
  expect("system", "true", "{'class': 'org.apache.cassandra.locator.LocalStrategy'}");
  expect("system_schema", "true", "{'class': 'org.apache.cassandra.locator.LocalStrategy'}");
  expect("system_auth", "true",
         "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}");
  expect("system_distributed", "true",
         "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '3'}");
  expect("system_traces", "true",
         "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '2'}");
  expect("chat", "true",
         "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}");
  expect("geo", "false",
         "{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'dc-east': '3'}");
}

TEST_F(SystemTablesTest, TablesRowCarriesTheTablesOptionsAndCassandrasDefaults) {
  TableSchemaRef events = create_events_table();
  ASSERT_TRUE(events);
  RowText r = select_one("system_schema", "tables",
                         {{"keyspace_name", "'shop'"}, {"table_name", "'events'"}});
  EXPECT_EQ(r.size(), 22u);
  EXPECT_EQ(r.at("additional_write_policy"), "'99p'");
  EXPECT_EQ(r.at("bloom_filter_fp_chance"), "0.1");
  EXPECT_EQ(r.at("caching"), "{'keys': 'ALL', 'rows_per_partition': 'NONE'}");
  EXPECT_EQ(r.at("cdc"), "null");
  EXPECT_EQ(r.at("comment"), "'what happened, by day'");
  EXPECT_EQ(r.at("compaction"),
            "{'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', "
            "'max_threshold': '32', 'min_threshold': '4', 'sstable_size_in_mb': '64'}");
  EXPECT_EQ(
      r.at("compression"),
      "{'chunk_length_in_kb': '64', 'class': 'org.apache.cassandra.io.compress.SnappyCompressor'}");
  EXPECT_EQ(r.at("crc_check_chance"), "1");
  EXPECT_EQ(r.at("dclocal_read_repair_chance"), "0");
  EXPECT_EQ(r.at("default_time_to_live"), "86400");
  EXPECT_EQ(r.at("extensions"), "{}");
  EXPECT_EQ(r.at("flags"), "{'compound'}");
  EXPECT_EQ(r.at("gc_grace_seconds"), "3600");
  EXPECT_EQ(r.at("id"), events->id().to_string());
  EXPECT_EQ(r.at("max_index_interval"), "2048");
  EXPECT_EQ(r.at("memtable_flush_period_in_ms"), "0");
  EXPECT_EQ(r.at("min_index_interval"), "128");
  EXPECT_EQ(r.at("read_repair"), "'BLOCKING'");
  EXPECT_EQ(r.at("read_repair_chance"), "0");
  EXPECT_EQ(r.at("speculative_retry"), "'99p'");
}

TEST_F(SystemTablesTest, TablesRowOfADefaultTableIsCassandrasDefaultTable) {
  ASSERT_TRUE(db_->create_keyspace({"chat"}).is_ok());
  ASSERT_TRUE(create(TableSchema::Builder("chat", "users").partition_key("id", CqlType::uuid())));
  RowText r = select_one("system_schema", "tables",
                         {{"keyspace_name", "'chat'"}, {"table_name", "'users'"}});
  EXPECT_EQ(r.at("bloom_filter_fp_chance"), "0.01");
  EXPECT_EQ(r.at("comment"), "''");
  EXPECT_EQ(r.at("compaction"),
            "{'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', "
            "'max_threshold': '32', 'min_threshold': '4'}");
  EXPECT_EQ(
      r.at("compression"),
      "{'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}");
  EXPECT_EQ(r.at("default_time_to_live"), "0");
  EXPECT_EQ(r.at("gc_grace_seconds"), "864000");
  // A table without clustering columns is 'compound' too in Cassandra 4.0.
  EXPECT_EQ(r.at("flags"), "{'compound'}");

  TableOptions off;
  off.compression = {{"enabled", "false"}};
  ASSERT_TRUE(create(
      TableSchema::Builder("chat", "raw").partition_key("id", CqlType::uuid()).options(off)));
  EXPECT_EQ(
      select_one("system_schema", "tables", {{"keyspace_name", "'chat'"}, {"table_name", "'raw'"}})
          .at("compression"),
      "{'enabled': 'false'}");
}

TEST_F(SystemTablesTest, ColumnsDescribeEveryKindOfColumn) {
  ASSERT_TRUE(create_events_table());
  std::vector<RowText> rows = filter(select_all("system_schema", "columns"),
                                     {{"keyspace_name", "'shop'"}, {"table_name", "'events'"}});
  // Rows in clustering order: by column name, as text (upper case first).
  std::vector<std::string> got;
  for (const RowText& r : rows) {
    got.push_back(r.at("column_name") + " " + r.at("kind") + " " + r.at("position") + " " +
                  r.at("clustering_order") + " " + r.at("type") + " " + r.at("column_name_bytes"));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "'Body' 'regular' -1 'none' 'text' 0x426f6479",
                     "'at' 'clustering' 0 'desc' 'timeuuid' 0x6174",
                     "'counts' 'regular' -1 'none' 'map<text, int>' 0x636f756e7473",
                     "'day' 'partition_key' 0 'none' 'date' 0x646179",
                     "'groups' 'regular' -1 'none' 'list<frozen<set<int>>>' 0x67726f757073",
                     "'path' 'regular' -1 'none' 'frozen<list<int>>' 0x70617468",
                     "'point' 'regular' -1 'none' 'frozen<tuple<double, double>>' 0x706f696e74",
                     "'region' 'partition_key' 1 'none' 'text' 0x726567696f6e",
                     "'region_name' 'static' -1 'none' 'text' 0x726567696f6e5f6e616d65",
                     "'seq' 'clustering' 1 'asc' 'int' 0x736571",
                     "'tags' 'regular' -1 'none' 'set<text>' 0x74616773",
                 }));
}

TEST_F(SystemTablesTest, SystemKeyspacesDescribeTheirOwnTables) {
  std::vector<RowText> tables = select_all("system_schema", "tables");
  RowText local = filter(tables, {{"keyspace_name", "'system'"}, {"table_name", "'local'"}}).at(0);
  EXPECT_EQ(local.at("id"), "7ad54392-bcdd-35a6-8417-4e047860b377");
  EXPECT_EQ(local.at("comment"), "'information about the local node'");
  EXPECT_EQ(local.at("gc_grace_seconds"), "0");
  EXPECT_EQ(local.at("memtable_flush_period_in_ms"), "3600000");
  RowText columns =
      filter(tables, {{"keyspace_name", "'system_schema'"}, {"table_name", "'columns'"}}).at(0);
  EXPECT_EQ(columns.at("comment"), "'column definitions'");
  EXPECT_EQ(columns.at("gc_grace_seconds"), "604800");
  EXPECT_EQ(columns.at("memtable_flush_period_in_ms"), "3600000");

  std::set<std::string> listed;
  for (const RowText& r : tables) listed.insert(r.at("keyspace_name") + "." + r.at("table_name"));
  // Every generated table of system and system_schema, and Cairn's stored ones.
  for (const char* name :
       {"'system'.'local'", "'system'.'peers'", "'system'.'peers_v2'",
        "'system'.'schema_keyspaces'", "'system'.'schema_tables'", "'system'.'truncations'",
        "'system_schema'.'keyspaces'", "'system_schema'.'tables'", "'system_schema'.'columns'",
        "'system_schema'.'dropped_columns'", "'system_schema'.'triggers'",
        "'system_schema'.'views'", "'system_schema'.'types'", "'system_schema'.'functions'",
        "'system_schema'.'aggregates'", "'system_schema'.'indexes'"}) {
    EXPECT_TRUE(listed.count(name)) << name;
  }
  EXPECT_EQ(listed.size(), 16u);  // virtual keyspaces are listed elsewhere

  // So a driver has the metadata of SELECT * FROM system.local.
  std::vector<RowText> local_columns =
      filter(select_all("system_schema", "columns"),
             {{"keyspace_name", "'system'"}, {"table_name", "'local'"}});
  EXPECT_EQ(local_columns.size(), 20u);
  EXPECT_EQ(filter(local_columns, {{"column_name", "'tokens'"}}).at(0).at("type"), "'set<text>'");
  EXPECT_EQ(filter(local_columns, {{"column_name", "'key'"}}).at(0).at("kind"), "'partition_key'");
}

TEST_F(SystemTablesTest, SchemaTablesCairnHasNothingForHaveCassandrasColumnsAndNoRows) {
  SystemTables s = system();
  EXPECT_EQ(describe_columns(*s.find("system_schema", "keyspaces")),
            (std::vector<std::string>{"partition_key keyspace_name text",
                                      "regular durable_writes boolean",
                                      "regular replication frozen<map<text, text>>"}));
  EXPECT_EQ(
      describe_columns(*s.find("system_schema", "columns")),
      (std::vector<std::string>{"partition_key keyspace_name text", "clustering table_name text",
                                "clustering column_name text", "regular clustering_order text",
                                "regular column_name_bytes blob", "regular kind text",
                                "regular position int", "regular type text"}));
  EXPECT_EQ(
      describe_columns(*s.find("system_schema", "types")),
      (std::vector<std::string>{"partition_key keyspace_name text", "clustering type_name text",
                                "regular field_names frozen<list<text>>",
                                "regular field_types frozen<list<text>>"}));
  EXPECT_EQ(
      describe_columns(*s.find("system_schema", "functions")),
      (std::vector<std::string>{"partition_key keyspace_name text", "clustering function_name text",
                                "clustering argument_types frozen<list<text>>",
                                "regular argument_names frozen<list<text>>", "regular body text",
                                "regular called_on_null_input boolean", "regular language text",
                                "regular return_type text"}));
  EXPECT_EQ(describe_columns(*s.find("system_schema", "aggregates")),
            (std::vector<std::string>{
                "partition_key keyspace_name text", "clustering aggregate_name text",
                "clustering argument_types frozen<list<text>>", "regular final_func text",
                "regular initcond text", "regular return_type text", "regular state_func text",
                "regular state_type text"}));
  EXPECT_EQ(
      describe_columns(*s.find("system_schema", "indexes")),
      (std::vector<std::string>{"partition_key keyspace_name text", "clustering table_name text",
                                "clustering index_name text", "regular kind text",
                                "regular options frozen<map<text, text>>"}));
  EXPECT_EQ(describe_columns(*s.find("system_schema", "triggers")),
            (std::vector<std::string>{"partition_key keyspace_name text",
                                      "clustering table_name text", "clustering trigger_name text",
                                      "regular options frozen<map<text, text>>"}));
  EXPECT_EQ(
      describe_columns(*s.find("system_schema", "dropped_columns")),
      (std::vector<std::string>{"partition_key keyspace_name text", "clustering table_name text",
                                "clustering column_name text", "regular dropped_time timestamp",
                                "regular kind text", "regular type text"}));
  EXPECT_EQ(s.find("system_schema", "tables")->columns().size(), 22u);
  EXPECT_EQ(s.find("system_schema", "views")->columns().size(), 25u);

  ASSERT_TRUE(create_events_table());
  for (const char* t :
       {"dropped_columns", "triggers", "views", "types", "functions", "aggregates", "indexes"}) {
    EXPECT_TRUE(read(s, "system_schema", t).empty()) << t;
  }
}

TEST_F(SystemTablesTest, VirtualSchemaDescribesItself) {
  std::vector<RowText> keyspaces = select_all("system_virtual_schema", "keyspaces");
  ASSERT_EQ(keyspaces.size(), 1u);
  EXPECT_EQ(keyspaces[0].at("keyspace_name"), "'system_virtual_schema'");

  std::vector<RowText> tables = select_all("system_virtual_schema", "tables");
  std::vector<std::string> got;
  for (const RowText& r : tables) got.push_back(r.at("table_name") + " " + r.at("comment"));
  EXPECT_EQ(got, (std::vector<std::string>{"'columns' 'virtual column definitions'",
                                           "'keyspaces' 'virtual keyspace definitions'",
                                           "'tables' 'virtual table definitions'"}));

  std::vector<RowText> columns = select_all("system_virtual_schema", "columns");
  EXPECT_EQ(columns.size(), 8u + 1u + 3u);
  RowText comment =
      filter(columns, {{"table_name", "'tables'"}, {"column_name", "'comment'"}}).at(0);
  EXPECT_EQ(comment.at("kind"), "'regular'");
  EXPECT_EQ(comment.at("position"), "-1");
  EXPECT_EQ(comment.at("type"), "'text'");
  // Virtual keyspaces are not in system_schema.
  EXPECT_TRUE(filter(select_all("system_schema", "keyspaces"),
                     {{"keyspace_name", "'system_virtual_schema'"}})
                  .empty());
}

TEST_F(SystemTablesTest, PartitionsComeInTokenOrderAndRowsInClusteringOrder) {
  ASSERT_TRUE(create_events_table());
  ASSERT_TRUE(db_->create_keyspace({"chat"}).is_ok());
  ASSERT_TRUE(create(TableSchema::Builder("chat", "b").partition_key("id", CqlType::int_())));
  ASSERT_TRUE(create(TableSchema::Builder("chat", "a").partition_key("id", CqlType::int_())));
  SystemTables s = system();
  for (const char* t : {"keyspaces", "tables", "columns"}) {
    auto partitions = read(s, "system_schema", t);
    // keyspaces: 7 keyspaces; tables and columns: the 4 that have tables.
    ASSERT_GE(partitions.size(), 4u) << t;
    const auto& comparator = *s.find("system_schema", t)->clustering_comparator();
    for (size_t i = 0; i < partitions.size(); ++i) {
      if (i > 0) {
        EXPECT_TRUE(partitions[i - 1].key < partitions[i].key) << t;
      }
      EXPECT_EQ(partitions[i].key.token, murmur3_token(partitions[i].key.key)) << t;
      for (size_t j = 1; j < partitions[i].rows.size(); ++j) {
        EXPECT_LT(comparator.compare(partitions[i].rows[j - 1].clustering,
                                     partitions[i].rows[j].clustering),
                  0)
            << t;
      }
    }
  }
}

TEST_F(SystemTablesTest, SchemaVersionChangesWithTheSchemaAndOnlyWithIt) {
  SystemTables s = system();
  const Uuid empty = s.schema_version();
  EXPECT_EQ(empty.version(), 3);
  EXPECT_EQ(s.schema_version(), empty);
  // Reading the generated tables changes nothing.
  (void)select_all("system_schema", "tables");
  EXPECT_EQ(s.schema_version(), empty);

  ASSERT_TRUE(db_->create_keyspace({"chat"}).is_ok());
  const Uuid with_keyspace = s.schema_version();
  EXPECT_NE(with_keyspace, empty);
  EXPECT_EQ(s.schema_version(), with_keyspace);

  TableSchemaRef users =
      create(TableSchema::Builder("chat", "users").partition_key("id", CqlType::uuid()));
  ASSERT_TRUE(users);
  const Uuid with_table = s.schema_version();
  EXPECT_NE(with_table, with_keyspace);
  EXPECT_EQ(select_one("system", "local", {}).at("schema_version"), with_table.to_string());

  // Data is not schema.
  MutationBuilder b(*users, {values::from_uuid(Uuid().to_bytes())}, db_->now_micros(), 0);
  b.row({}).marker();
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  EXPECT_EQ(s.schema_version(), with_table);

  // The same schema digests alike: dropping the table gives back the previous version...
  ASSERT_TRUE(db_->drop_table("chat", "users").is_ok());
  EXPECT_EQ(s.schema_version(), with_keyspace);
  // ...but a table re-created under a new id is another table.
  ASSERT_TRUE(create(TableSchema::Builder("chat", "users").partition_key("id", CqlType::uuid())));
  const Uuid recreated = s.schema_version();
  EXPECT_NE(recreated, with_table);
  EXPECT_NE(recreated, with_keyspace);

  // The schema survives a restart, and so does its version.
  reopen();
  EXPECT_EQ(SystemTables(*db_, node_).schema_version(), recreated);

  ASSERT_TRUE(db_->drop_keyspace("chat").is_ok());
  EXPECT_EQ(SystemTables(*db_, node_).schema_version(), empty);
}

TEST_F(SystemTablesTest, OnlyGeneratedTablesAreFoundOrRead) {
  SystemTables s = system();
  EXPECT_EQ(s.tables().size(), 16u);
  for (const TableSchemaRef& t : s.tables()) {
    EXPECT_EQ(s.find(t->keyspace(), t->name()), t);
    EXPECT_EQ(t->id(), system_table_id(t->keyspace(), t->name()));
  }
  EXPECT_FALSE(s.find("system", "schema_tables"));  // stored, served by the Database
  EXPECT_FALSE(s.find("system", "nope"));
  EXPECT_FALSE(s.find("chat", "local"));

  ASSERT_TRUE(db_->create_keyspace({"chat"}).is_ok());
  TableSchemaRef users =
      create(TableSchema::Builder("chat", "users").partition_key("id", CqlType::uuid()));
  ASSERT_TRUE(users);
  auto r = s.read_all(*users, now_micros_);
  ASSERT_FALSE(r.is_ok());
  EXPECT_TRUE(r.status().is_invalid_argument());

  for (const char* name : {"system", "system_schema", "system_auth", "system_distributed",
                           "system_traces", "system_virtual_schema"}) {
    EXPECT_TRUE(SystemTables::is_system_keyspace(name)) << name;
  }
  EXPECT_FALSE(SystemTables::is_system_keyspace("chat"));
  EXPECT_FALSE(SystemTables::is_system_keyspace("system_views"));
}

TEST_F(SystemTablesTest, AUserKeyspaceNamedLikeASystemOneIsNotListedTwice) {
  // The Database reserves only `system`; the CQL layer is to refuse the others.
  ASSERT_TRUE(db_->create_keyspace({"system_traces"}).is_ok());
  std::vector<RowText> traces =
      filter(select_all("system_schema", "keyspaces"), {{"keyspace_name", "'system_traces'"}});
  ASSERT_EQ(traces.size(), 1u);
  EXPECT_EQ(traces[0].at("replication"),
            "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '2'}");
}

}  // namespace
}  // namespace cairn::cql
