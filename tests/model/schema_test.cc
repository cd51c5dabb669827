#include "model/schema.h"

#include <gtest/gtest.h>

#include "model/mutation_builder.h"

namespace cairn {
namespace {

TableSchemaRef chat_table() {
  TableOptions options;
  options.default_time_to_live = 2592000;
  options.comment = "it's a transcript";
  options.compaction = {{"class", "TimeWindowCompactionStrategy"},
                        {"compaction_window_unit", "DAYS"}};
  auto t = TableSchema::Builder("chat", "transcripts")
               .id(Uuid::parse("5a1c0000-0000-4000-8000-000000000001").value())
               .partition_key("tenant", CqlType::text())
               .partition_key("session_id", CqlType::uuid())
               .clustering("message_id", CqlType::timeuuid(), ClusteringOrder::kDesc)
               .regular("body", CqlType::text())
               .regular("reactions", CqlType::map(CqlType::text(), CqlType::int_(), false))
               .static_column("agent", CqlType::text())
               .options(options)
               .build();
  EXPECT_TRUE(t.is_ok()) << t.status().to_string();
  return *t;
}

TEST(SchemaTest, BuilderIndexesKeysAndAssignsIds) {
  auto t = chat_table();
  ASSERT_EQ(t->partition_key().size(), 2u);
  EXPECT_EQ(t->partition_key()[1]->name, "session_id");
  EXPECT_EQ(t->partition_key()[1]->position, 1);
  ASSERT_EQ(t->clustering_key().size(), 1u);
  EXPECT_EQ(t->clustering_key()[0]->order, ClusteringOrder::kDesc);
  EXPECT_TRUE(t->has_static_columns());
  EXPECT_EQ(t->find_column("body")->id, 3u);
  EXPECT_EQ(t->column_by_id(3)->name, "body");
  EXPECT_EQ(t->find_column("nope"), nullptr);
}

TEST(SchemaTest, EncodingRoundTrips) {
  auto t = chat_table();
  auto back = TableSchema::decode(t->encode());
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ((*back)->to_cql(), t->to_cql());
  EXPECT_EQ((*back)->id(), t->id());
  EXPECT_EQ((*back)->options(), t->options());
  for (const auto& c : t->columns()) {
    const ColumnDefinition* d = (*back)->find_column(c.name);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->id, c.id);
    EXPECT_EQ(d->kind, c.kind);
    EXPECT_TRUE(d->type->equals(*c.type));
  }
  KeyspaceSchema ks{"chat", {{"class", "NetworkTopologyStrategy"}, {"dc1", "3"}}, false};
  auto ks_back = KeyspaceSchema::decode(ks.encode());
  ASSERT_TRUE(ks_back.is_ok());
  EXPECT_EQ(*ks_back, ks);
}

TEST(SchemaTest, DamagedEncodingsAreCorruptionNotCrashes) {
  Bytes encoded = chat_table()->encode();
  for (size_t n = 0; n < encoded.size(); ++n) {
    EXPECT_FALSE(TableSchema::decode(BytesView(encoded).substr(0, n)).is_ok()) << n;
  }
  Bytes wrong_version = encoded;
  wrong_version[0] = 9;
  EXPECT_TRUE(TableSchema::decode(wrong_version).status().is_corruption());
}

TEST(SchemaTest, CqlShowsKeysOrderAndOptions) {
  std::string cql = chat_table()->to_cql();
  EXPECT_NE(cql.find("PRIMARY KEY ((tenant, session_id), message_id)"), std::string::npos) << cql;
  EXPECT_NE(cql.find("CLUSTERING ORDER BY (message_id DESC)"), std::string::npos);
  EXPECT_NE(cql.find("agent text static"), std::string::npos);
  EXPECT_NE(cql.find("reactions map<text, int>"), std::string::npos);
  EXPECT_NE(cql.find("comment = 'it''s a transcript'"), std::string::npos);
  EXPECT_NE(cql.find("default_time_to_live = 2592000"), std::string::npos);
}

TEST(SchemaTest, InvalidTablesAreRejectedWithTheReason) {
  auto expect_error = [](TableSchema::Builder b, const std::string& fragment) {
    auto r = b.build();
    ASSERT_FALSE(r.is_ok());
    EXPECT_TRUE(r.status().is_invalid_argument());
    EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
  };
  expect_error(TableSchema::Builder("ks", "t").regular("v", CqlType::int_()),
               "needs a partition key");
  expect_error(TableSchema::Builder("ks", "t")
                   .partition_key("k", CqlType::int_())
                   .regular("k", CqlType::int_()),
               "declared twice");
  expect_error(TableSchema::Builder("ks", "t").partition_key("k",
                                                            CqlType::list(CqlType::int_(), false)),
               "non-frozen collection");
  expect_error(TableSchema::Builder("ks", "t")
                   .partition_key("k", CqlType::int_())
                   .static_column("s", CqlType::int_()),
               "static columns need");
  expect_error(TableSchema::Builder("ks", "bad name").partition_key("k", CqlType::int_()),
               "only letters");
  TableOptions bad;
  bad.bloom_filter_fp_chance = 0;
  expect_error(TableSchema::Builder("ks", "t").partition_key("k", CqlType::int_()).options(bad),
               "bloom_filter_fp_chance");
}

TEST(SchemaTest, CompositePartitionKeysSerializeAsCassandraDoes) {
  auto t = chat_table();
  Bytes session(16, '\x01');
  auto key = make_partition_key(*t, {values::from_text("acme"), session});
  ASSERT_TRUE(key.is_ok());
  // Per component: 2-byte length, the bytes, a 0 byte.
  Bytes expected = std::string("\x00\x04", 2) + "acme" + std::string(1, '\0') +
                   std::string("\x00\x10", 2) + session + std::string(1, '\0');
  EXPECT_EQ(key->key, expected);
  EXPECT_EQ(key->token, murmur3_token(expected));
  EXPECT_FALSE(make_partition_key(*t, {values::from_text("acme")}).is_ok());
  EXPECT_FALSE(make_partition_key(*t, {values::from_text("acme"), "short"}).is_ok());
}

}  // namespace
}  // namespace cairn
