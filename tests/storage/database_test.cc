// The embedded Database end to end: writes, the read path, restart, schema persistence.
#include <thread>

#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

using Kind = ClusteringBound::Kind;
using RowList = std::vector<std::pair<int, std::string>>;

TEST_F(DatabaseTest, WritesAreReadBackInClusteringOrder) {
  open();
  auto t = create_messages_table();
  for (int seq : {5, 1, 3}) ASSERT_TRUE(put(t, "s1", seq, "m" + std::to_string(seq)).is_ok());
  ASSERT_TRUE(put(t, "s2", 1, "other").is_ok());
  EXPECT_EQ(rows(t, "s1"), (RowList{{1, "m1"}, {3, "m3"}, {5, "m5"}}));
  EXPECT_EQ(rows(t, "s2"), (RowList{{1, "other"}}));
  EXPECT_TRUE(rows(t, "absent").empty());
}

TEST_F(DatabaseTest, ClusteringSlicesWithInclusiveAndExclusiveBoundsBothWays) {
  open();
  auto t = create_messages_table();
  for (int seq = 0; seq < 10; ++seq) ASSERT_TRUE(put(t, "s", seq, std::to_string(seq)).is_ok());
  for (bool flushed : {false, true}) {
    if (flushed) { ASSERT_TRUE(db_->flush().is_ok()); }
    PartitionRead read{key(t, "s")};
    read.slices = {{bound(3, Kind::kExclusiveStart), bound(7, Kind::kInclusiveEnd)}};
    EXPECT_EQ(rows(t, read), (RowList{{4, "4"}, {5, "5"}, {6, "6"}, {7, "7"}}));
    read.slices = {{bound(3, Kind::kInclusiveStart), bound(7, Kind::kExclusiveEnd)}};
    EXPECT_EQ(rows(t, read), (RowList{{3, "3"}, {4, "4"}, {5, "5"}, {6, "6"}}));
    read.reversed = true;
    EXPECT_EQ(rows(t, read), (RowList{{6, "6"}, {5, "5"}, {4, "4"}, {3, "3"}}));
    read.row_limit = 2;
    EXPECT_EQ(rows(t, read), (RowList{{6, "6"}, {5, "5"}}));
    // A single row, and two disjoint slices.
    PartitionRead one{key(t, "s")};
    one.slices = {ClusteringSlice::prefix({values::from_int(8)})};
    EXPECT_EQ(rows(t, one), (RowList{{8, "8"}}));
    one.slices.push_back(ClusteringSlice::prefix({values::from_int(1)}));
    EXPECT_EQ(rows(t, one), (RowList{{1, "1"}, {8, "8"}}));
  }
}

TEST_F(DatabaseTest, DescendingClusteringOrderIsTheStorageOrder) {
  open();
  auto t = create_messages_table(ClusteringOrder::kDesc);
  for (int seq : {-2, 7, 0}) ASSERT_TRUE(put(t, "s", seq, "x").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "s", 3, "x").is_ok());
  EXPECT_EQ(rows(t, "s"), (RowList{{7, "x"}, {3, "x"}, {0, "x"}, {-2, "x"}}));
  // In a DESC table, "seq > 0" is still a numeric bound.
  PartitionRead read{key(t, "s")};
  read.slices = {{ClusteringBound::bottom(), bound(0, Kind::kExclusiveEnd)}};
  EXPECT_EQ(rows(t, read), (RowList{{7, "x"}, {3, "x"}}));
}

TEST_F(DatabaseTest, LastWriteWinsAcrossMemtablesAndSSTables) {
  open();
  auto t = create_messages_table();
  ASSERT_TRUE(put(t, "s", 1, "newer", 2000).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "s", 1, "older", 1000).is_ok());  // arrives late, loses
  EXPECT_EQ(rows(t, "s"), (RowList{{1, "newer"}}));
  // Equal timestamps: the greater value wins, wherever each version lives.
  ASSERT_TRUE(put(t, "s", 2, "aaa", 3000).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "s", 2, "bbb", 3000).is_ok());
  ASSERT_TRUE(put(t, "s", 3, "bbb", 3000).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "s", 3, "aaa", 3000).is_ok());
  EXPECT_EQ(rows(t, "s"), (RowList{{1, "newer"}, {2, "bbb"}, {3, "bbb"}}));
}

TEST_F(DatabaseTest, TombstonesOfEveryKindShadowOlderDataInOtherSSTables) {
  open();
  auto t = create_messages_table();
  for (int seq = 0; seq < 10; ++seq) ASSERT_TRUE(put(t, "s", seq, "v", 1000).is_ok());
  ASSERT_TRUE(put(t, "gone", 0, "v", 1000).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());

  auto b = builder(t, "s", 2000);
  b.delete_row({values::from_int(1)});
  b.delete_range({bound(5, Kind::kInclusiveStart), bound(7, Kind::kInclusiveEnd)});
  b.row({values::from_int(9)}).erase("body");  // the row marker keeps row 9 alive
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  auto p = builder(t, "gone", 2000);
  p.delete_partition();
  ASSERT_TRUE(db_->apply(p.build().value()).is_ok());

  RowList expected{{0, "v"}, {2, "v"}, {3, "v"}, {4, "v"}, {8, "v"}, {9, "<null>"}};
  EXPECT_EQ(rows(t, "s"), expected);
  EXPECT_TRUE(rows(t, "gone").empty());
  ASSERT_TRUE(db_->flush().is_ok());  // tombstones in their own sstable
  EXPECT_EQ(rows(t, "s"), expected);
  EXPECT_TRUE(rows(t, "gone").empty());
  // Data newer than a tombstone is visible again.
  ASSERT_TRUE(put(t, "gone", 4, "back", 3000).is_ok());
  EXPECT_EQ(rows(t, "gone"), (RowList{{4, "back"}}));
  ASSERT_TRUE(put(t, "s", 6, "back", 3000).is_ok());
  EXPECT_EQ(rows(t, "s").size(), expected.size() + 1);
}

TEST_F(DatabaseTest, TtlCellsAndRowsExpire) {
  open();
  auto t = create_messages_table();
  auto b = builder(t, "s");
  b.ttl(10).row({values::from_int(1)}).marker().set("body", values::from_text("short"));
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  ASSERT_TRUE(put(t, "s", 2, "forever").is_ok());
  env_.clock().advance(std::chrono::seconds(9));
  EXPECT_EQ(rows(t, "s").size(), 2u);
  ASSERT_TRUE(db_->flush().is_ok());
  env_.clock().advance(std::chrono::seconds(1));
  EXPECT_EQ(rows(t, "s"), (RowList{{2, "forever"}}));
}

TEST_F(DatabaseTest, TableDefaultTtlApplies) {
  open();
  auto t = create_messages_table(ClusteringOrder::kAsc, /*default_ttl=*/60);
  ASSERT_TRUE(put(t, "s", 1, "x").is_ok());
  env_.clock().advance(std::chrono::seconds(59));
  EXPECT_EQ(rows(t, "s").size(), 1u);
  env_.clock().advance(std::chrono::seconds(1));
  EXPECT_TRUE(rows(t, "s").empty());
}

TEST_F(DatabaseTest, StaticColumnsAndCollections) {
  open();
  auto t = create_messages_table();
  auto b = builder(t, "s");
  b.row({values::from_int(1)}).marker().set("title", values::from_text("support call"));
  b.add_to_set("tags", values::from_text("vip")).add_to_set("tags", values::from_text("billing"));
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  auto later = builder(t, "s");
  later.row({values::from_int(1)}).remove_from_set("tags", values::from_text("vip"));
  later.add_to_set("tags", values::from_text("urgent"));
  ASSERT_TRUE(db_->apply(later.build().value()).is_ok());

  auto r = db_->read(*t, PartitionRead{key(t, "s")});
  ASSERT_TRUE(r.is_ok() && r->has_value());
  EXPECT_EQ(column_value(*t, (*r)->static_row, "title"), values::from_text("support call"));
  ASSERT_EQ((*r)->rows.size(), 1u);
  auto tags = column_value(*t, (*r)->rows[0], "tags");
  ASSERT_TRUE(tags.has_value());
  EXPECT_EQ(*tags, values::from_list({values::from_text("billing"), values::from_text("urgent")}));
}

TEST_F(DatabaseTest, RangeScanPagesThroughEveryPartitionInTokenOrder) {
  open();
  auto t = create_messages_table();
  std::set<std::string> written;
  for (int i = 0; i < 60; ++i) {
    std::string s = "session-" + std::to_string(i);
    ASSERT_TRUE(put(t, s, 1, "x").is_ok());
    written.insert(s);
    if (i == 20 || i == 40) { ASSERT_TRUE(db_->flush().is_ok()); }  // spread over sources
  }
  // Delete a few: a scan must skip them and still fill its pages.
  for (int i : {3, 4, 5, 33}) {
    auto b = builder(t, "session-" + std::to_string(i));
    b.delete_partition();
    ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
    written.erase("session-" + std::to_string(i));
  }
  std::vector<DecoratedKey> seen;
  PartitionRange range = PartitionRange::all();
  int pages = 0;
  for (;;) {
    auto page = db_->scan(*t, range, 7);
    ASSERT_TRUE(page.is_ok()) << page.status().to_string();
    ++pages;
    for (const auto& p : page->partitions) seen.push_back(p.key);
    if (!page->resume_after) break;
    EXPECT_EQ(page->partitions.size(), 7u);
    range.resume_after = page->resume_after;
  }
  EXPECT_EQ(seen.size(), written.size());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
  EXPECT_GE(pages, 8);
  // A token sub-range returns exactly the keys whose token is inside it.
  PartitionRange sub;
  sub.start_token = seen[10].token;
  sub.end_token = seen[20].token;
  auto page = db_->scan(*t, sub, 100);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->partitions.size(), 10u);
  EXPECT_EQ(page->partitions.front().key, seen[11]);
  EXPECT_EQ(page->partitions.back().key, seen[20]);
}

TEST_F(DatabaseTest, DataAndSchemaSurviveARestart) {
  open();
  auto t = create_messages_table(ClusteringOrder::kDesc, 3600);
  ASSERT_TRUE(db_->create_keyspace({"other", {{"class", "SimpleStrategy"}, {"replication_factor", "3"}}, false}).is_ok());
  ASSERT_TRUE(put(t, "flushed", 1, "a").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "memtable", 2, "b").is_ok());  // only in the commitlog
  reopen();
  auto keyspaces = db_->keyspaces();
  ASSERT_EQ(keyspaces.size(), 2u);
  EXPECT_EQ(keyspaces[1].name, "other");
  EXPECT_FALSE(keyspaces[1].durable_writes);
  EXPECT_EQ(keyspaces[1].replication.at("replication_factor"), "3");
  TableSchemaRef again = db_->find_table("chat", "messages");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id(), t->id());
  EXPECT_EQ(again->to_cql(), t->to_cql());
  EXPECT_EQ(rows(again, "flushed"), (RowList{{1, "a"}}));
  EXPECT_EQ(rows(again, "memtable"), (RowList{{2, "b"}}));
}

TEST_F(DatabaseTest, DroppedTablesAndKeyspacesStayDropped) {
  open();
  auto t = create_messages_table();
  ASSERT_TRUE(put(t, "s", 1, "x").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(db_->drop_table("chat", "messages").is_ok());
  EXPECT_FALSE(db_->find_table("chat", "messages"));
  EXPECT_FALSE(db_->read(*t, PartitionRead{key(t, "s")}).is_ok());  // unknown table
  EXPECT_TRUE(db_->drop_table("chat", "messages").is_not_found());
  EXPECT_TRUE(db_->drop_table("chat", "messages", true).is_ok());
  auto recreated = create_messages_table();
  EXPECT_NE(recreated->id(), t->id());
  EXPECT_TRUE(rows(recreated, "s").empty());
  reopen();
  ASSERT_TRUE(db_->find_table("chat", "messages"));
  EXPECT_EQ(db_->find_table("chat", "messages")->id(), recreated->id());
  ASSERT_TRUE(db_->drop_keyspace("chat").is_ok());
  reopen();
  EXPECT_EQ(db_->find_keyspace("chat"), nullptr);
  EXPECT_TRUE(db_->tables("chat").empty());
}

TEST_F(DatabaseTest, SchemaErrorsAreClear) {
  open();
  auto no_ks = TableSchema::Builder("nope", "t").partition_key("k", CqlType::int_()).build();
  ASSERT_TRUE(no_ks.is_ok());
  auto r = db_->create_table(*no_ks);
  EXPECT_TRUE(r.status().is_invalid_argument());
  EXPECT_NE(r.status().message().find("keyspace nope does not exist"), std::string::npos);
  EXPECT_TRUE(db_->create_keyspace({"system"}).is_invalid_argument());
  EXPECT_TRUE(db_->create_keyspace({"bad-name"}).is_invalid_argument());
  ASSERT_TRUE(db_->create_keyspace({"k"}).is_ok());
  EXPECT_TRUE(db_->create_keyspace({"k"}).is_already_exists());
  EXPECT_TRUE(db_->create_keyspace({"k"}, true).is_ok());
  auto t = TableSchema::Builder("k", "t").partition_key("k", CqlType::int_()).build();
  ASSERT_TRUE(db_->create_table(*t).is_ok());
  EXPECT_TRUE(db_->create_table(*t).status().is_already_exists());
  // A mutation with a value of the wrong type never reaches the store.
  auto table = db_->find_table("k", "t");
  MutationBuilder b(*table, {values::from_text("not an int")}, 1, 1);
  EXPECT_TRUE(b.build().status().is_invalid_argument());
}

TEST_F(DatabaseTest, ASecondOpenOfTheSameDirectoryIsRefused) {
  open();
  auto second = Database::open(env_.env(), options_);
  ASSERT_FALSE(second.is_ok());
  EXPECT_TRUE(second.status().is_busy()) << second.status().to_string();
  EXPECT_NE(second.status().message().find("LOCK"), std::string::npos);
}

// Backpressure: background flushes never run here (the manual scheduler is not run),
// so with max_pending_flushes 2 the writers flush the backlog themselves; memtables
// never pile up. And a flush that fails fails the write instead of queueing more.
TEST_F(DatabaseTest, WritersFlushTheBacklogThemselvesWhenFlushesFallBehind) {
  options_.memtable_flush_threshold_bytes = 8 * 1024;
  options_.max_pending_flushes = 2;
  options_.auto_compaction = false;
  open();
  auto t = create_messages_table();
  for (int i = 0; i < 400; ++i) ASSERT_TRUE(put(t, "s" + std::to_string(i), 1, std::string(100, 'x')).is_ok());
  EXPECT_GT(db_->sstable_count("chat", "messages"), 3u) << "writers flushed the backlog";
  for (int i = 0; i < 400; i += 37) EXPECT_EQ(rows(t, "s" + std::to_string(i)).size(), 1u);

  env_.fs().fail_appends("-Data.db");
  Status failed;
  for (int i = 0; i < 400 && failed.is_ok(); ++i) {
    failed = put(t, "f" + std::to_string(i), 1, std::string(100, 'x'));
  }
  ASSERT_FALSE(failed.is_ok()) << "writes kept queueing memtables that cannot flush";
  EXPECT_NE(failed.message().find("chat.messages"), std::string::npos) << failed.to_string();
  env_.fs().clear_faults();
  EXPECT_TRUE(put(t, "after", 1, "x").is_ok()) << "writes resume once flushes work again";
}

TEST_F(DatabaseTest, MemtablesFlushInTheBackgroundAndCommitlogSegmentsAreReleased) {
  options_.memtable_flush_threshold_bytes = 16 * 1024;
  options_.auto_compaction = false;  // count the flushes' sstables (compaction_test.cc merges them)
  open();
  auto t = create_messages_table();
  for (int i = 0; i < 400; ++i) ASSERT_TRUE(put(t, "s" + std::to_string(i % 7), i, std::string(200, 'x')).is_ok());
  EXPECT_EQ(db_->sstable_count("chat", "messages"), 0u);  // flushes are queued, not run
  env_.scheduler().run_until_idle();
  EXPECT_GE(db_->sstable_count("chat", "messages"), 3u);
  // Everything flushed but the active memtable: old segments are gone.
  auto segments = env_.fs().list_dir("/db/commitlog");
  ASSERT_TRUE(segments.is_ok());
  EXPECT_LE(segments->size(), 3u);
  int total = 0;
  for (int s = 0; s < 7; ++s) total += static_cast<int>(rows(t, "s" + std::to_string(s)).size());
  EXPECT_EQ(total, 400);
  power_cut_and_reopen();
  total = 0;
  auto again = db_->find_table("chat", "messages");
  for (int s = 0; s < 7; ++s) total += static_cast<int>(rows(again, "s" + std::to_string(s)).size());
  EXPECT_EQ(total, 400);
}

TEST_F(DatabaseTest, ConcurrentWritersWithFlushesLoseNothing) {
  options_.memtable_flush_threshold_bytes = 8 * 1024;
  open();
  auto t = create_messages_table();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 150; ++i) {
        if (!put(t, "w" + std::to_string(w), i, "v" + std::to_string(i)).is_ok()) ++failures;
        if (i % 50 == 0 && !db_->flush().is_ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  env_.scheduler().run_until_idle();
  EXPECT_EQ(failures.load(), 0);
  for (int w = 0; w < 4; ++w) EXPECT_EQ(rows(t, "w" + std::to_string(w)).size(), 150u);
}

}  // namespace
}  // namespace cairn::testing
