// ALTER KEYSPACE and ALTER TABLE through the Database: the new schema is used at once,
// survives a restart and a power cut (commitlog replay), dropped columns' data never
// shows again (memtable, sstables, compaction, restart), and what ALTER may not do is
// refused with the reason.
#include <atomic>
#include <thread>

#include "sstable/sstable.h"
#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

class AlterTest : public DatabaseTest {
 protected:
  TableSchemaRef table() { return db_->find_table("chat", "messages"); }

  Result<TableSchemaRef> add(const std::string& name, TypeRef type,
                             ColumnKind kind = ColumnKind::kRegular) {
    auto altered = table()->with_added_columns({{name, std::move(type), kind}});
    if (!altered.is_ok()) return altered.status();
    return db_->alter_table(*altered);
  }
  Result<TableSchemaRef> drop(const std::string& name) {
    auto altered = table()->with_dropped_columns({name}, db_->now_micros());
    if (!altered.is_ok()) return altered.status();
    return db_->alter_table(*altered);
  }

  // UPDATE chat.messages SET <column> = <value> WHERE session = .. AND seq = ..: no
  // row marker, so the row lives only through the cell.
  Status update(const TableSchemaRef& t, const std::string& session, int seq,
                const std::string& column, Bytes value) {
    auto b = builder(t, session);
    b.row({values::from_int(seq)}).set(column, value);
    env_.clock().advance(std::chrono::microseconds(1));
    auto m = b.build();
    if (!m.is_ok()) return m.status();
    return db_->apply(*m).status();
  }

  // The read of one row, or nullopt.
  std::optional<Row> row(const TableSchemaRef& t, const std::string& session, int seq) {
    PartitionRead read{key(t, session)};
    read.slices = {ClusteringSlice::prefix({values::from_int(seq)})};
    auto r = db_->read(*t, read);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    if (!r.is_ok() || !r->has_value() || (*r)->rows.empty()) return std::nullopt;
    return (*r)->rows[0];
  }

  // Every column id any sstable of the table holds a cell or collection deletion for.
  std::set<ColumnId> ids_on_disk(const TableSchemaRef& t) {
    std::string table_id = t->id().to_string();
    std::erase(table_id, '-');
    std::set<ColumnId> ids;
    for (const auto& d :
         list_sstables(env_.fs(), "/db/chat/messages-" + table_id, nullptr).value()) {
      auto reader = SSTableReader::open(env_.env(), d, t->clustering_comparator()).value();
      auto scanner = reader->scanner();
      for (;;) {
        auto p = scanner->next();
        EXPECT_TRUE(p.is_ok()) << p.status().to_string();
        if (!p.is_ok() || !p->has_value()) break;
        for (const auto& [id, data] : (*p)->static_row().columns) ids.insert(id);
        for (const auto& [c, r] : (*p)->rows()) {
          for (const auto& [id, data] : r.columns) ids.insert(id);
        }
      }
    }
    return ids;
  }
};

TEST_F(AlterTest, AlterKeyspaceReplacesReplicationAndDurableWritesDurably) {
  open();
  ASSERT_TRUE(db_->create_keyspace({"chat"}).is_ok());
  KeyspaceSchema altered{"chat", {{"class", "NetworkTopologyStrategy"}, {"dc1", "3"}}, false};
  ASSERT_TRUE(db_->alter_keyspace(altered).is_ok());
  EXPECT_EQ(*db_->find_keyspace("chat"), altered);
  reopen();
  EXPECT_EQ(*db_->find_keyspace("chat"), altered);
  // Schema changes are synced whatever the sync mode: a power cut keeps the change.
  altered.replication = {{"class", "SimpleStrategy"}, {"replication_factor", "2"}};
  altered.durable_writes = true;
  ASSERT_TRUE(db_->alter_keyspace(altered).is_ok());
  power_cut_and_reopen();
  EXPECT_EQ(*db_->find_keyspace("chat"), altered);

  EXPECT_EQ(db_->alter_keyspace({"nope"}).code(), Status::Code::kNotFound);
  EXPECT_TRUE(db_->alter_keyspace({"system"}).is_invalid_argument());
  EXPECT_TRUE(db_->alter_keyspace({"bad name"}).is_invalid_argument());
}

TEST_F(AlterTest, DurableWritesTurnedOnAreInTheCommitlog) {
  options_.commitlog_sync = CommitLogSync::kBatch;
  open();
  ASSERT_TRUE(db_->create_keyspace({"chat", {{"class", "SimpleStrategy"}}, false}).is_ok());
  auto t = create_messages_table();
  ASSERT_TRUE(put(t, "s", 1, "lost").is_ok());  // not in the commitlog
  ASSERT_TRUE(db_->alter_keyspace({"chat"}).is_ok());
  ASSERT_TRUE(put(t, "s", 2, "kept").is_ok());
  power_cut_and_reopen();
  EXPECT_EQ(rows(table(), "s"), (std::vector<std::pair<int, std::string>>{{2, "kept"}}));
  // And off again: a flush still releases the segments that hold the table's records.
  ASSERT_TRUE(db_->alter_keyspace({"chat", {{"class", "SimpleStrategy"}}, false}).is_ok());
  ASSERT_TRUE(put(table(), "s", 3, "x").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  reopen();
  EXPECT_EQ(rows(table(), "s").size(), 2u);
}

TEST_F(AlterTest, AnAddedColumnIsWrittenAndReadAtOnceAndAfterRestarts) {
  open();
  auto before = create_messages_table();
  ASSERT_TRUE(put(before, "s", 1, "old row").is_ok());
  auto added = add("score", CqlType::int_());
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  const TableSchemaRef t = *added;
  EXPECT_EQ(t->find_column("score")->id, 5u);
  EXPECT_EQ(table(), t);  // find_table returns the stored schema
  ASSERT_TRUE(update(t, "s", 1, "score", values::from_int(10)).is_ok());
  ASSERT_TRUE(update(t, "s", 2, "score", values::from_int(20)).is_ok());
  auto check = [&](const TableSchemaRef& schema) {
    auto r1 = row(schema, "s", 1);
    ASSERT_TRUE(r1.has_value());
    EXPECT_EQ(column_value(*schema, *r1, "score"), values::from_int(10));
    EXPECT_EQ(column_value(*schema, *r1, "body"), values::from_text("old row"));
    auto r2 = row(schema, "s", 2);
    ASSERT_TRUE(r2.has_value());
    EXPECT_EQ(column_value(*schema, *r2, "score"), values::from_int(20));
  };
  check(t);
  // Reads with the schema from before the ALTER still work (they simply do not know
  // the new column's name).
  EXPECT_EQ(rows(before, "s").size(), 2u);
  power_cut_and_reopen();  // the schema and the writes come back from the commitlog
  ASSERT_NE(table()->find_column("score"), nullptr);
  EXPECT_EQ(table()->find_column("score")->id, 5u);
  check(table());
  ASSERT_TRUE(db_->flush().is_ok());
  reopen();  // now from the system sstables
  check(table());
  // A static column, and a collection.
  ASSERT_TRUE(add("topic", CqlType::text(), ColumnKind::kStatic).is_ok());
  ASSERT_TRUE(add("likes", CqlType::set(CqlType::text(), false)).is_ok());
  auto b = builder(table(), "s");
  b.row({values::from_int(1)}).set("topic", values::from_text("billing"));
  b.add_to_set("likes", values::from_text("ann"));
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  auto r = db_->read(*table(), PartitionRead{key(table(), "s")});
  ASSERT_TRUE(r.is_ok() && r->has_value());
  EXPECT_EQ(column_value(*table(), (*r)->static_row, "topic"), values::from_text("billing"));
  EXPECT_TRUE(column_value(*table(), (*r)->rows[0], "likes").has_value());
}

TEST_F(AlterTest, ADroppedColumnsDataNeverShowsAgain) {
  options_.auto_compaction = false;
  open();
  auto t = create_messages_table();
  const ColumnId old_body = t->find_column("body")->id;
  ASSERT_TRUE(put(t, "s", 1, "flushed").is_ok());  // marker + body
  ASSERT_TRUE(update(t, "s", 2, "body", values::from_text("flushed, no marker")).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "s", 3, "in memtable").is_ok());
  ASSERT_TRUE(update(t, "s", 4, "body", values::from_text("memtable, no marker")).is_ok());

  auto dropped = drop("body");
  ASSERT_TRUE(dropped.is_ok()) << dropped.status().to_string();
  ASSERT_EQ((*dropped)->dropped_columns().size(), 1u);
  EXPECT_EQ((*dropped)->dropped_columns()[0].id, old_body);
  // A write with a builder from before the drop (and a clock behind it) still lands,
  // and stays hidden too.
  ASSERT_TRUE(put(t, "s", 5, "late writer", (*dropped)->dropped_columns()[0].dropped_at_micros - 1)
                  .is_ok());

  // Rows with a marker stay (with no body); rows that lived only through body go.
  auto expect_hidden = [&](const std::string& when) {
    SCOPED_TRACE(when);
    for (const TableSchemaRef& schema : {t, table()}) {
      auto r = db_->read(*schema, PartitionRead{key(schema, "s")});
      ASSERT_TRUE(r.is_ok()) << r.status().to_string();
      ASSERT_TRUE(r->has_value());
      std::vector<int> seqs;
      for (const auto& row : (*r)->rows) {
        seqs.push_back(*values::to_int(row.clustering[0]));
        EXPECT_EQ(row.columns.count(old_body), 0u);
        EXPECT_FALSE(column_value(*schema, row, "body").has_value());
      }
      EXPECT_EQ(seqs, (std::vector<int>{1, 3, 5}));
      auto page = db_->scan(*schema, PartitionRange::all(), 10);
      ASSERT_TRUE(page.is_ok());
      ASSERT_EQ(page->partitions.size(), 1u);
      EXPECT_EQ(page->partitions[0].rows.size(), 3u);
    }
  };
  expect_hidden("after the drop");

  // Adding the name again gives a new column: the old values do not come back.
  auto again = add("body", CqlType::text());
  ASSERT_TRUE(again.is_ok()) << again.status().to_string();
  EXPECT_NE((*again)->find_column("body")->id, old_body);
  expect_hidden("after adding body again");
  ASSERT_TRUE(put(*again, "s", 6, "new body").is_ok());
  EXPECT_EQ(column_value(**again, *row(*again, "s", 6), "body"), values::from_text("new body"));
  auto without_new = [&] {
    std::vector<std::pair<int, std::string>> out;
    for (const auto& r : rows(table(), "s")) {
      if (r.first != 6) out.push_back(r);
    }
    return out;
  };
  const std::vector<std::pair<int, std::string>> nulls{{1, "<null>"}, {3, "<null>"}, {5, "<null>"}};
  EXPECT_EQ(without_new(), nulls);

  ASSERT_TRUE(db_->flush().is_ok());
  EXPECT_EQ(without_new(), nulls) << "after a flush";
  EXPECT_EQ(ids_on_disk(table()).count(old_body), 1u);  // still on disk
  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());
  EXPECT_EQ(without_new(), nulls) << "after a compaction";
  // Compaction removed the dropped column's cells (all written before the drop).
  EXPECT_EQ(ids_on_disk(table()).count(old_body), 0u);
  reopen();
  EXPECT_EQ(without_new(), nulls) << "after a restart";
  EXPECT_EQ(column_value(*table(), *row(table(), "s", 6), "body"), values::from_text("new body"));
  ASSERT_EQ(table()->dropped_columns().size(), 1u);
  EXPECT_EQ(table()->dropped_columns()[0].name, "body");
  EXPECT_EQ(table()->next_column_id(), (*again)->next_column_id());
}

TEST_F(AlterTest, DroppedColumnsStayHiddenAfterCommitlogReplay) {
  open();
  auto t = create_messages_table();
  ASSERT_TRUE(update(t, "s", 1, "body", values::from_text("only body")).is_ok());
  ASSERT_TRUE(put(t, "s", 2, "with marker").is_ok());
  ASSERT_TRUE(update(t, "only", 1, "body", values::from_text("only body")).is_ok());
  auto b = builder(t, "s");
  b.row({values::from_int(2)}).set("title", values::from_text("static"));
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  ASSERT_TRUE(drop("body").is_ok());
  ASSERT_TRUE(drop("title").is_ok());
  ASSERT_TRUE(add("body", CqlType::int_()).is_ok());
  power_cut_and_reopen();
  EXPECT_EQ(table()->dropped_columns().size(), 2u);
  EXPECT_EQ(table()->find_column("body")->type->cql_name(), "int");
  auto r = db_->read(*table(), PartitionRead{key(table(), "s")});
  ASSERT_TRUE(r.is_ok() && r->has_value());
  ASSERT_EQ((*r)->rows.size(), 1u);
  EXPECT_EQ(*values::to_int((*r)->rows[0].clustering[0]), 2);
  EXPECT_TRUE((*r)->rows[0].columns.empty());
  EXPECT_TRUE((*r)->static_row.empty());
  // A partition that held nothing but dropped data is gone, from reads and scans.
  auto only = db_->read(*table(), PartitionRead{key(table(), "only")});
  ASSERT_TRUE(only.is_ok());
  EXPECT_FALSE(only->has_value());
  auto page = db_->scan(*table(), PartitionRange::all(), 10);
  ASSERT_TRUE(page.is_ok());
  EXPECT_EQ(page->partitions.size(), 1u);
}

TEST_F(AlterTest, AlteredOptionsTakeEffect) {
  open();
  auto t = create_messages_table();
  // default_time_to_live: writes built from the new schema expire.
  TableOptions options = t->options();
  options.default_time_to_live = 10;
  auto ttl = db_->alter_table(t->with_options(options));
  ASSERT_TRUE(ttl.is_ok()) << ttl.status().to_string();
  EXPECT_EQ(table()->options().default_time_to_live, 10);
  ASSERT_TRUE(put(table(), "s", 1, "expires").is_ok());
  env_.clock().advance(std::chrono::seconds(10));
  EXPECT_TRUE(rows(table(), "s").empty());

  // The compaction strategy: size-tiered with min_threshold 2 merges two sstables in
  // the background (the default, 4, would not).
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(put(table(), "p" + std::to_string(i), i, "v").is_ok());
    ASSERT_TRUE(db_->flush().is_ok());
  }
  env_.scheduler().run_until_idle();
  ASSERT_EQ(db_->sstable_count("chat", "messages"), 2u);
  options = table()->options();
  options.default_time_to_live = 0;
  options.compaction = {
      {"class", "SizeTieredCompactionStrategy"}, {"min_threshold", "2"}, {"min_sstable_size", "0"}};
  ASSERT_TRUE(db_->alter_table(table()->with_options(options)).is_ok());
  env_.scheduler().run_until_idle();
  EXPECT_EQ(db_->sstable_count("chat", "messages"), 1u);
  // Leveled: a major compaction now writes level 1.
  options.compaction = {{"class", "LeveledCompactionStrategy"}};
  ASSERT_TRUE(db_->alter_table(table()->with_options(options)).is_ok());
  ASSERT_TRUE(put(table(), "p9", 9, "v").is_ok());
  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());
  std::string id = table()->id().to_string();
  std::erase(id, '-');
  for (const auto& d : list_sstables(env_.fs(), "/db/chat/messages-" + id, nullptr).value()) {
    auto reader = SSTableReader::open(env_.env(), d, table()->clustering_comparator()).value();
    EXPECT_EQ(reader->stats().level, 1u);
  }
  reopen();
  EXPECT_EQ(table()->options().compaction.at("class"), "LeveledCompactionStrategy");

  // Options are checked as create_table checks them.
  options.compaction = {{"class", "NoSuchStrategy"}};
  EXPECT_TRUE(db_->alter_table(table()->with_options(options)).status().is_invalid_argument());
  options.compaction = {{"class", "SizeTieredCompactionStrategy"}};
  options.compression = {{"class", "NoSuchCompressor"}};
  EXPECT_TRUE(db_->alter_table(table()->with_options(options)).status().is_invalid_argument());
  EXPECT_EQ(table()->options().compaction.at("class"), "LeveledCompactionStrategy");
}

TEST_F(AlterTest, WhatAlterCannotDoIsRefused) {
  open();
  auto t = create_messages_table();
  auto expect_refused = [&](Result<TableSchemaRef> r, const std::string& fragment) {
    ASSERT_FALSE(r.is_ok()) << "expected a refusal mentioning '" << fragment << "'";
    EXPECT_TRUE(r.status().is_invalid_argument()) << r.status().to_string();
    EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
  };
  // Unknown and system tables.
  auto other = TableSchema::Builder("chat", "nope").partition_key("k", CqlType::int_()).build();
  EXPECT_EQ(db_->alter_table(*other).status().code(), Status::Code::kNotFound);
  auto system = db_->find_table("system", "schema_keyspaces");
  ASSERT_NE(system, nullptr);
  expect_refused(db_->alter_table(system->with_options(TableOptions())), "system");
  EXPECT_TRUE(db_->alter_table(nullptr).status().is_invalid_argument());

  // The primary key: dropping seq (title must go too: statics need clustering).
  TableSchema::Builder no_seq("chat", "messages");
  no_seq.id(t->id());
  for (const auto& c : t->columns()) {
    if (c.name != "seq" && c.name != "title") no_seq.column_with_id(c);
  }
  no_seq.dropped_column({"title", CqlType::text(), ColumnKind::kStatic, 4, 1});
  expect_refused(db_->alter_table(no_seq.build().value()), "cannot drop primary key column seq");
  // A column added under the name of a live one.
  TableSchema::Builder twice("chat", "messages");
  twice.id(t->id());
  for (const auto& c : t->columns()) {
    ColumnDefinition copy = c;
    if (c.name == "body") copy.id = 9;
    twice.column_with_id(copy);
  }
  expect_refused(db_->alter_table(twice.build().value()), "column body already exists");
  // Another id.
  expect_refused(db_->alter_table(t->with_id(Uuid::random(env_.random()))),
                 "the table id may not change");
  // The executor's helpers refuse first, with Cassandra's reasons.
  expect_refused(t->with_dropped_columns({"session"}, 1), "cannot drop primary key column session");
  expect_refused(t->with_added_columns({{"body", CqlType::text()}}), "column body already exists");
  auto kv = db_->create_table(TableSchema::Builder("chat", "kv")
                                  .partition_key("k", CqlType::int_())
                                  .regular("v", CqlType::int_())
                                  .build()
                                  .value());
  ASSERT_TRUE(kv.is_ok());
  expect_refused((*kv)->with_added_columns({{"s", CqlType::int_(), ColumnKind::kStatic}}),
                 "cannot add column s: static columns need clustering columns");
  // Nothing was changed by the refusals.
  EXPECT_EQ(table()->encode(), t->encode());
}

TEST_F(AlterTest, RenamingAClusteringColumnKeepsItsData) {
  open();
  auto t = create_messages_table();
  ASSERT_TRUE(put(t, "s", 1, "hello").is_ok());
  auto renamed = db_->alter_table(t->with_renamed_column("seq", "position").value());
  ASSERT_TRUE(renamed.is_ok()) << renamed.status().to_string();
  EXPECT_EQ((*renamed)->clustering_key()[0]->name, "position");
  reopen();
  EXPECT_EQ(table()->clustering_key()[0]->name, "position");
  EXPECT_EQ(rows(table(), "s"), (std::vector<std::pair<int, std::string>>{{1, "hello"}}));
}

// ALTERs while other threads write, read, flush and compact: every operation works
// with one schema or the next, never with a freed one.
TEST_F(AlterTest, AltersRaceWithWritesReadsAndFlushes) {
  open();
  create_messages_table();
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      TableSchemaRef t = table();
      auto b = builder(t, "s" + std::to_string(i % 7));
      b.row({values::from_int(i)}).marker().set("body", values::from_text("v"));
      if (!db_->apply(b.build().value()).is_ok()) ++failures;
      if (i % 50 == 0 && !db_->flush().is_ok()) ++failures;
    }
  });
  std::thread reader([&] {
    while (!stop.load()) {
      TableSchemaRef t = table();
      if (!db_->scan(*t, PartitionRange::all(), 3).is_ok()) ++failures;
      if (!db_->compact("chat", "messages").is_ok()) ++failures;
    }
  });
  for (int round = 0; round < 30; ++round) {
    const std::string name = "c" + std::to_string(round);
    ASSERT_TRUE(add(name, CqlType::int_()).is_ok());
    ASSERT_TRUE(drop(name).is_ok());
  }
  stop.store(true);
  writer.join();
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(table()->dropped_columns().size(), 30u);
  reopen();
  EXPECT_EQ(table()->dropped_columns().size(), 30u);
  EXPECT_EQ(table()->next_column_id(), 35u);
}

}  // namespace
}  // namespace cairn::testing
