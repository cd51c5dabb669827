#include "model/schema.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>

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

// ---- ALTER TABLE: dropped columns, the version 2 encoding, the with_* copies ----

// ks.t (k int PRIMARY KEY, v text): k gets id 0, v id 1.
TableSchemaRef kv_table() {
  return TableSchema::Builder("ks", "t")
      .id(Uuid::parse("00000000-0000-0000-0000-000000000001").value())
      .partition_key("k", CqlType::int_())
      .regular("v", CqlType::text())
      .build()
      .value();
}

void expect_invalid(const Result<TableSchemaRef>& r, const std::string& fragment) {
  ASSERT_FALSE(r.is_ok()) << "expected a refusal mentioning '" << fragment << "'";
  EXPECT_TRUE(r.status().is_invalid_argument()) << r.status().to_string();
  EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
}

TEST(SchemaAlterTest, NextColumnIdIsAboveEveryIdEverUsed) {
  auto t = chat_table();
  EXPECT_EQ(t->next_column_id(), 6u);
  EXPECT_TRUE(t->dropped_columns().empty());
  auto dropped = t->with_dropped_columns({"reactions"}, 1000).value();  // id 4
  EXPECT_EQ(dropped->next_column_id(), 6u);
  EXPECT_EQ(dropped->find_column("reactions"), nullptr);
  EXPECT_EQ(dropped->column_by_id(4), nullptr);
  ASSERT_NE(dropped->find_dropped_column(4), nullptr);
  EXPECT_EQ(dropped->find_dropped_column(4)->name, "reactions");
  EXPECT_EQ(dropped->find_dropped_column(3), nullptr);  // live
  // Dropping the column with the highest id does not hand that id out again.
  auto no_agent = t->with_dropped_columns({"agent"}, 1000).value();  // id 5
  EXPECT_EQ(no_agent->next_column_id(), 6u);
  auto added = no_agent->with_added_columns({{"agent", CqlType::int_(), ColumnKind::kStatic}});
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  EXPECT_EQ((*added)->find_column("agent")->id, 6u);
  EXPECT_EQ((*added)->next_column_id(), 7u);
}

TEST(SchemaAlterTest, AddedColumnsGetFreshIdsInOrder) {
  auto t = chat_table();
  auto added = t->with_added_columns({{"score", CqlType::int_(), ColumnKind::kRegular, 99},
                                      {"owner", CqlType::text(), ColumnKind::kStatic}});
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  const TableSchema& a = **added;
  EXPECT_EQ(a.find_column("score")->id, 6u);  // the given id is ignored
  EXPECT_EQ(a.find_column("owner")->id, 7u);
  EXPECT_EQ(a.find_column("owner")->kind, ColumnKind::kStatic);
  EXPECT_EQ(a.find_column("body")->id, 3u);
  EXPECT_EQ(a.id(), t->id());
  EXPECT_EQ(a.options(), t->options());
  EXPECT_TRUE(check_table_alteration(*t, a).is_ok());
  // A MutationBuilder on the new schema writes the new column at once.
  MutationBuilder b(a, {values::from_text("acme"), Bytes(16, '\x01')}, 1, 1);
  const Bytes message_id = Uuid::parse("d2177dd0-eaa2-11de-a572-001b779c76e3")->to_bytes();
  b.row({message_id}).set("score", values::from_int(7)).set("owner", values::from_text("x"));
  auto m = b.build();
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(m->partition.rows().begin()->second.columns.count(6), 1u);
  EXPECT_EQ(m->partition.static_row().columns.count(7), 1u);
}

TEST(SchemaAlterTest, AddingColumnsRefusesWithTheReason) {
  auto t = chat_table();
  expect_invalid(t->with_added_columns({{"body", CqlType::int_()}}), "column body already exists");
  expect_invalid(t->with_added_columns({{"x", CqlType::int_()}, {"x", CqlType::text()}}),
                 "column x already exists");
  expect_invalid(t->with_added_columns({{"k2", CqlType::int_(), ColumnKind::kClustering}}),
                 "cannot add column k2: primary key columns cannot be added");
  expect_invalid(t->with_added_columns({{"bad name", CqlType::int_()}}), "only letters");
  expect_invalid(t->with_added_columns({{"x", nullptr}}), "cannot add column x: it has no type");
  expect_invalid(kv_table()->with_added_columns({{"s", CqlType::int_(), ColumnKind::kStatic}}),
                 "cannot add column s: static columns need clustering columns");
}

TEST(SchemaAlterTest, DroppingColumnsRecordsThemAndRefusesKeyColumns) {
  auto t = chat_table();
  auto dropped = t->with_dropped_columns({"agent", "body"}, 1234);
  ASSERT_TRUE(dropped.is_ok()) << dropped.status().to_string();
  const auto& d = (*dropped)->dropped_columns();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].name, "agent");
  EXPECT_EQ(d[0].kind, ColumnKind::kStatic);
  EXPECT_EQ(d[0].id, 5u);
  EXPECT_EQ(d[1].name, "body");
  EXPECT_EQ(d[1].id, 3u);
  EXPECT_TRUE(d[1].type->equals(*CqlType::text()));
  EXPECT_EQ(d[1].dropped_at_micros, 1234);
  EXPECT_FALSE((*dropped)->has_static_columns());
  EXPECT_EQ((*dropped)->columns().size(), 4u);
  EXPECT_TRUE(check_table_alteration(*t, **dropped).is_ok());

  expect_invalid(t->with_dropped_columns({"tenant"}, 1), "cannot drop primary key column tenant");
  expect_invalid(t->with_dropped_columns({"message_id"}, 1),
                 "cannot drop primary key column message_id");
  expect_invalid(t->with_dropped_columns({"nope"}, 1), "has no such column");
  expect_invalid(t->with_dropped_columns({"body", "body"}, 1), "cannot drop column body twice");
  // A dropped name can come back, under a new id, and be dropped again: both records stay.
  auto again = (*dropped)->with_added_columns({{"body", CqlType::int_()}}).value();
  EXPECT_EQ(again->find_column("body")->id, 6u);
  auto twice = again->with_dropped_columns({"body"}, 2000).value();
  ASSERT_EQ(twice->dropped_columns().size(), 3u);
  EXPECT_EQ(twice->dropped_columns()[2].id, 6u);
  EXPECT_EQ(twice->next_column_id(), 7u);
}

TEST(SchemaAlterTest, OnlyPrimaryKeyColumnsCanBeRenamed) {
  auto t = chat_table();
  auto renamed = t->with_renamed_column("message_id", "msg");
  ASSERT_TRUE(renamed.is_ok()) << renamed.status().to_string();
  const ColumnDefinition* c = (*renamed)->find_column("msg");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->id, 2u);
  EXPECT_EQ(c->kind, ColumnKind::kClustering);
  EXPECT_EQ(c->order, ClusteringOrder::kDesc);
  EXPECT_EQ((*renamed)->find_column("message_id"), nullptr);
  EXPECT_EQ((*renamed)->clustering_key()[0]->name, "msg");
  EXPECT_TRUE(check_table_alteration(*t, **renamed).is_ok());
  auto tenant = t->with_renamed_column("tenant", "org").value();
  EXPECT_EQ(tenant->partition_key()[0]->name, "org");
  EXPECT_EQ(tenant->partition_key()[0]->position, 0);

  expect_invalid(t->with_renamed_column("body", "text"),
                 "cannot rename column body to text: only primary key columns can be renamed");
  expect_invalid(t->with_renamed_column("tenant", "body"), "a column named body already exists");
  expect_invalid(t->with_renamed_column("nope", "x"), "has no column nope");
  expect_invalid(t->with_renamed_column("tenant", "bad name"), "only letters");
}

TEST(SchemaAlterTest, CheckTableAlterationRefusesWhatAlterCannotDo) {
  auto t = chat_table();
  auto refused = [&](const TableSchemaRef& altered, const std::string& fragment) {
    Status s = check_table_alteration(*t, *altered);
    EXPECT_TRUE(s.is_invalid_argument()) << "accepted; expected '" << fragment << "'";
    EXPECT_NE(s.message().find(fragment), std::string::npos) << s.message();
  };
  // A rebuilt copy of chat_table with `edit` applied to its column list.
  auto rebuilt = [&](const std::function<void(std::vector<ColumnDefinition>*)>& edit,
                     const std::vector<DroppedColumn>& dropped = {},
                     std::string name = "transcripts", Uuid id = Uuid()) {
    std::vector<ColumnDefinition> columns = t->columns();
    edit(&columns);
    TableSchema::Builder b("chat", name);
    b.id(id == Uuid() ? t->id() : id).options(t->options());
    for (const auto& c : columns) b.column_with_id(c);
    for (const auto& d : dropped) b.dropped_column(d);
    auto r = b.build();
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return *r;
  };
  auto unchanged = [](std::vector<ColumnDefinition>*) {};
  EXPECT_TRUE(check_table_alteration(*t, *rebuilt(unchanged)).is_ok());
  EXPECT_TRUE(check_table_alteration(*t, *t->with_options(TableOptions())).is_ok());

  refused(rebuilt(unchanged, {}, "other"), "is of table chat.other");
  refused(rebuilt(unchanged, {}, "transcripts",
                  Uuid::parse("5a1c0000-0000-4000-8000-000000000002").value()),
          "the table id may not change");
  // The primary key.
  refused(rebuilt([](auto* c) { (*c)[1].type = CqlType::timeuuid(); }),
          "the type of primary key column session_id may not change");
  refused(rebuilt([](auto* c) { (*c)[2].order = ClusteringOrder::kAsc; }),
          "the clustering order of message_id may not change");
  refused(rebuilt([](auto* c) { std::swap((*c)[0].id, (*c)[1].id); }), "may not move");
  refused(rebuilt(
              [](auto* c) {
                c->erase(c->begin() + 2);
                c->pop_back();
              },
              {{"agent", CqlType::text(), ColumnKind::kStatic, 5, 1}}),
          "cannot drop primary key column message_id");
  // Regular and static columns.
  refused(rebuilt([](auto* c) { (*c)[3].name = "text"; }),
          "cannot rename column body to text: only primary key columns can be renamed");
  refused(rebuilt([](auto* c) { (*c)[3].type = CqlType::int_(); }),
          "the type of column body may not change");
  refused(rebuilt([](auto* c) { (*c)[3].kind = ColumnKind::kStatic; }),
          "may not change from regular to static");
  refused(rebuilt([](auto* c) { c->erase(c->begin() + 3); }),
          "column body is missing but not recorded as dropped");
  refused(rebuilt([](auto* c) { c->erase(c->begin() + 3); },
                  {{"body", CqlType::int_(), ColumnKind::kRegular, 3, 1}}),
          "recorded with another name, kind or type");
  refused(rebuilt([](auto* c) { (*c)[3].id = 6; }), "column body already exists");
  refused(rebuilt(
              [](auto* c) {
                c->push_back({"x", CqlType::int_(), ColumnKind::kRegular, 9});
              },
              {{"y", CqlType::int_(), ColumnKind::kRegular, 8, 1}}),
          "dropped column y (id 8) was never a column of the table");
  // Dropped columns stay recorded, and their ids stay used.
  auto dropped = t->with_dropped_columns({"body"}, 1000).value();
  auto without_record = [&](std::optional<ColumnDefinition> extra) {
    TableSchema::Builder b("chat", "transcripts");
    b.id(t->id()).options(t->options());
    for (const auto& c : dropped->columns()) b.column_with_id(c);
    if (extra) b.column_with_id(*extra);
    return b.build().value();
  };
  Status forgot = check_table_alteration(*dropped, *without_record(std::nullopt));
  EXPECT_NE(forgot.message().find("dropped column body (id 3) must stay recorded"),
            std::string::npos)
      << forgot.message();
  Status reused = check_table_alteration(
      *dropped,
      *without_record(ColumnDefinition{"score", CqlType::int_(), ColumnKind::kRegular, 3}));
  EXPECT_NE(reused.message().find("new column score has id 3, which the table has used before"),
            std::string::npos)
      << reused.message();
  // Dropping a column and adding one of the same name in one step is fine.
  EXPECT_TRUE(
      check_table_alteration(*t, *dropped->with_added_columns({{"body", CqlType::int_()}}).value())
          .is_ok());
}

TEST(SchemaAlterTest, BuilderRefusesBadDroppedColumns) {
  auto base = [] {
    TableSchema::Builder b("ks", "t");
    b.partition_key("k", CqlType::int_())
        .column_with_id({"v", CqlType::int_(), ColumnKind::kRegular, 1});
    return b;
  };
  auto reused = base().dropped_column({"old", CqlType::int_(), ColumnKind::kRegular, 1, 5}).build();
  expect_invalid(reused, "column id 1 is reused");
  auto key = base().dropped_column({"old", CqlType::int_(), ColumnKind::kClustering, 2, 5}).build();
  expect_invalid(key, "must have been a regular or static column");
  auto untyped = base().dropped_column({"old", nullptr, ColumnKind::kRegular, 2, 5}).build();
  expect_invalid(untyped, "has no type");
  auto fine = base().dropped_column({"old", CqlType::int_(), ColumnKind::kRegular, 7, 5}).build();
  ASSERT_TRUE(fine.is_ok()) << fine.status().to_string();
  EXPECT_EQ((*fine)->find_column("k")->id, 0u);  // with a dropped column, ids are as given
  EXPECT_EQ((*fine)->next_column_id(), 8u);
}

TEST(SchemaAlterTest, Version2RoundTripsDroppedColumns) {
  auto t = chat_table()
               ->with_dropped_columns({"reactions", "agent"}, 1700000000000000)
               .value()
               ->with_added_columns({{"reactions", CqlType::list(CqlType::text(), false)}})
               .value()
               ->with_dropped_columns({"body"}, -5)
               .value();
  Bytes encoded = t->encode();
  EXPECT_EQ(static_cast<uint8_t>(encoded[0]), 2);
  auto back = TableSchema::decode(encoded);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ((*back)->encode(), encoded);
  EXPECT_EQ((*back)->next_column_id(), t->next_column_id());
  EXPECT_EQ((*back)->find_column("reactions")->id, 6u);
  ASSERT_EQ((*back)->dropped_columns().size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const DroppedColumn& a = t->dropped_columns()[i];
    const DroppedColumn& b = (*back)->dropped_columns()[i];
    EXPECT_EQ(b.name, a.name);
    EXPECT_TRUE(b.type->equals(*a.type)) << b.type->cql_name();
    EXPECT_EQ(b.kind, a.kind);
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.dropped_at_micros, a.dropped_at_micros);
  }
  EXPECT_EQ((*back)->dropped_columns()[2].dropped_at_micros, -5);
  EXPECT_EQ((*back)->to_cql(), t->to_cql());
  for (size_t n = 0; n < encoded.size(); ++n) {
    EXPECT_FALSE(TableSchema::decode(BytesView(encoded).substr(0, n)).is_ok()) << n;
  }
  EXPECT_TRUE(TableSchema::decode(encoded + "x").status().is_corruption());
}

// The example at the end of docs/formats/schema-v2.md.
TEST(SchemaAlterTest, Version2TailIsAsDocumented) {
  auto t = kv_table()
               ->with_dropped_columns({"v"}, 1000)
               .value()
               ->with_added_columns({{"v", CqlType::int_()}})
               .value();
  EXPECT_EQ(t->find_column("v")->id, 2u);
  const Bytes tail("\x01\x01v\x04text\x02\x01\xd0\x0f", 12);
  Bytes encoded = t->encode();
  ASSERT_GT(encoded.size(), tail.size());
  EXPECT_EQ(to_hex(encoded.substr(encoded.size() - tail.size())), to_hex(tail));
}

// A version 1 blob as schema-v1.md lays it out, built by hand: still read, as a table
// without dropped columns, and written back as version 2.
TEST(SchemaAlterTest, Version1BlobsStillDecode) {
  using namespace std::string_literals;       // "\x00"s keeps its NUL bytes
  Bytes v1 = "\x01"s;                         // version 1
  v1 += "\x02ks\x01t"s;                       // keyspace "ks", name "t"
  v1 += Bytes(15, '\0') + "\x01";             // id 00000000-0000-0000-0000-000000000001
  v1 += "\x02"s;                              // 2 columns:
  v1 += "\x01k\x03int\x00\x00\x00"s;          //   k int, partition key, id 0, ASC
  v1 += "\x01v\x04text\x02\x01\x00"s;         //   v text, regular, id 1, ASC
  v1 += "\x00"s;                              // default_time_to_live 0
  v1 += "\x80\xbc\x69"s;                      // gc_grace_seconds 864000 (zigzag)
  v1 += "\x3f\x84\x7a\xe1\x47\xae\x14\x7b"s;  // bloom_filter_fp_chance 0.01
  v1 += "\x00"s;                              // comment ''
  v1 += "\x01\x05"s + "class" + "\x1c" + "SizeTieredCompactionStrategy";
  v1 += "\x02\x12"s + "chunk_length_in_kb" + "\x02" + "16";
  v1 += "\x05"s + "class" + "\x0d" + "LZ4Compressor";
  auto t = TableSchema::decode(v1);
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  EXPECT_EQ((*t)->keyspace(), "ks");
  EXPECT_EQ((*t)->name(), "t");
  EXPECT_EQ((*t)->id(), kv_table()->id());
  EXPECT_EQ((*t)->find_column("v")->id, 1u);
  EXPECT_TRUE((*t)->dropped_columns().empty());
  EXPECT_EQ((*t)->next_column_id(), 2u);
  EXPECT_EQ((*t)->options(), TableOptions());
  // Version 2 is version 1 with another version byte and an empty dropped list.
  Bytes v2 = v1;
  v2[0] = 2;
  v2 += std::string(1, '\0');
  EXPECT_EQ(to_hex((*t)->encode()), to_hex(v2));
  EXPECT_EQ(to_hex(kv_table()->encode()), to_hex(v2));
  // A version 1 blob ends after compression.
  EXPECT_TRUE(TableSchema::decode(v1 + std::string(1, '\0')).status().is_corruption());
  // Keyspaces are still version 1.
  EXPECT_EQ(static_cast<uint8_t>(KeyspaceSchema{"ks"}.encode()[0]), 1);
}

}  // namespace
}  // namespace cairn
