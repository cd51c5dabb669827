// Compaction through the Database: size-tiered in the background, major on request,
// purging only what gc_grace_seconds and the other sstables allow, and leaving the
// table readable and complete when it fails.
#include <gtest/gtest.h>

#include "model/mutation_builder.h"
#include "storage/compaction/compaction_strategy.h"
#include "storage/compaction/leveled.h"
#include "storage/compaction/time_window.h"
#include "sstable/sstable.h"
#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

class CompactionTest : public DatabaseTest {
 protected:
  // ks.events (id text, seq int, body text, PRIMARY KEY (id, seq)) with the given
  // gc_grace_seconds, default TTL and size-tiered options.
  TableSchemaRef create_table(int32_t gc_grace, int32_t ttl = 0,
                              std::map<std::string, std::string> compaction = {}) {
    EXPECT_TRUE(db_->create_keyspace({"ks"}, true).is_ok());
    TableOptions options;
    options.gc_grace_seconds = gc_grace;
    options.default_time_to_live = ttl;
    if (!compaction.count("class")) compaction["class"] = "SizeTieredCompactionStrategy";
    options.compaction = compaction;
    auto table = db_->create_table(TableSchema::Builder("ks", "events")
                                       .partition_key("id", CqlType::text())
                                       .clustering("seq", CqlType::int_())
                                       .regular("body", CqlType::text())
                                       .options(options)
                                       .build()
                                       .value());
    EXPECT_TRUE(table.is_ok()) << table.status().to_string();
    return table.value();
  }

  Status write(const TableSchemaRef& t, const std::string& id, int seq, const std::string& body) {
    MutationBuilder b(*t, {values::from_text(id)}, env_.clock().now_micros(),
                      env_.clock().now_seconds());
    b.row({values::from_int(seq)}).marker().set("body", values::from_text(body));
    env_.clock().advance(std::chrono::microseconds(1));
    return db_->apply(b.build().value()).status();
  }

  Status delete_partition(const TableSchemaRef& t, const std::string& id) {
    MutationBuilder b(*t, {values::from_text(id)}, env_.clock().now_micros(),
                      env_.clock().now_seconds());
    b.delete_partition();
    env_.clock().advance(std::chrono::microseconds(1));
    return db_->apply(b.build().value()).status();
  }

  // (id, seq, body) of every live row, by scanning the table.
  std::vector<std::string> contents(const TableSchemaRef& t) {
    std::vector<std::string> out;
    auto page = db_->scan(*t, PartitionRange::all(), 100000, {ClusteringSlice::all()});
    EXPECT_TRUE(page.is_ok()) << page.status().to_string();
    if (!page.is_ok()) return out;
    for (const auto& p : page->partitions) {
      const std::string id = p.key.key;  // a single text column: the key is its bytes
      for (const auto& row : p.rows) {
        out.push_back(id + "/" + std::to_string(*values::to_int(row.clustering[0])) + "=" +
                      column_value(*t, row, "body").value_or("<null>"));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  static std::string table_dir(const TableSchemaRef& t) {
    std::string id = t->id().to_string();
    std::erase(id, '-');
    return "/db/ks/events-" + id;
  }

  // The statistics of every sstable of ks.events, by generation.
  std::vector<SSTableStats> sstable_stats(const TableSchemaRef& t) {
    std::vector<SSTableStats> out;
    const std::string dir = table_dir(t);
    for (const auto& d : list_sstables(env_.fs(), dir, nullptr).value()) {
      out.push_back(SSTableReader::open(env_.env(), d, t->clustering_comparator()).value()->stats());
    }
    return out;
  }

  bool has_transaction_logs(const TableSchemaRef& t) {
    for (const auto& name : env_.fs().list_dir(table_dir(t)).value()) {
      if (name.starts_with("txn-")) return true;
    }
    return false;
  }
};

TEST_F(CompactionTest, SimilarSizedSSTablesAreMergedInTheBackground) {
  static Logger debug(LogLevel::kDebug, stderr);
  if (getenv("DEBUG_LOG")) options_.logger = &debug;
  open();
  auto t = create_table(864000);
  for (int flush = 0; flush < 4; ++flush) {
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(write(t, "p" + std::to_string(i), flush, "v").is_ok());
    ASSERT_TRUE(db_->flush_table("ks", "events").is_ok());
  }
  const auto before = contents(t);
  ASSERT_EQ(before.size(), 200u);
  EXPECT_EQ(db_->sstable_count("ks", "events"), 4u);
  env_.scheduler().run_until_idle();  // the background compaction
  EXPECT_EQ(db_->sstable_count("ks", "events"), 1u);
  EXPECT_EQ(contents(t), before);
  EXPECT_FALSE(has_transaction_logs(t));
  reopen();
  EXPECT_EQ(db_->sstable_count("ks", "events"), 1u);
  EXPECT_EQ(contents(db_->find_table("ks", "events")), before);
}

TEST_F(CompactionTest, MajorCompactionPurgesTombstonesPastGcGrace) {
  open();
  auto t = create_table(/*gc_grace=*/0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(write(t, "p" + std::to_string(i), 1, "v").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(delete_partition(t, "p" + std::to_string(i)).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  const auto before = contents(t);
  ASSERT_EQ(before.size(), 10u);
  env_.clock().advance(std::chrono::seconds(1));  // now past gc_grace (0 s)
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  auto stats = sstable_stats(t);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].tombstone_count, 0u);
  EXPECT_EQ(stats[0].partition_count, 10u);
  EXPECT_EQ(contents(t), before);
}

TEST_F(CompactionTest, TombstonesInsideGcGraceSurviveCompaction) {
  open();
  auto t = create_table(/*gc_grace=*/3600);
  ASSERT_TRUE(write(t, "a", 1, "v").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(delete_partition(t, "a").is_ok());
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  auto stats = sstable_stats(t);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].tombstone_count, 1u);  // kept for repair until gc_grace passes
  EXPECT_EQ(stats[0].row_count, 0u);        // the data it shadows is gone
  EXPECT_TRUE(contents(t).empty());
}

// A tombstone may only go when no older data it shadows can remain elsewhere: here the
// shadowed row sits in a big sstable that the size-tiered compaction leaves out.
TEST_F(CompactionTest, TombstonesShadowingDataOutsideTheCompactionAreKept) {
  options_.auto_compaction = false;
  open();
  auto t = create_table(/*gc_grace=*/0, 0,
                        {{"min_threshold", "2"}, {"max_threshold", "2"}, {"min_sstable_size", "0"}});
  ASSERT_TRUE(write(t, "k", 1, "old").is_ok());
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(write(t, "filler" + std::to_string(i), 1, "x").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());  // the big sstable, holding k
  ASSERT_TRUE(delete_partition(t, "k").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());  // a tiny one: k's tombstone
  ASSERT_TRUE(delete_partition(t, "j").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());  // a tiny one: j's tombstone, shadowing nothing
  env_.clock().advance(std::chrono::seconds(1));

  // Only the two tiny sstables are similar enough to be merged.
  options_.auto_compaction = true;
  reopen();
  t = db_->find_table("ks", "events");
  env_.scheduler().run_until_idle();  // opening scheduled a compaction check
  auto stats = sstable_stats(t);
  ASSERT_EQ(stats.size(), 2u);
  uint64_t tombstones = 0;
  for (const auto& s : stats) tombstones += s.tombstone_count;
  EXPECT_EQ(tombstones, 1u) << "k's tombstone must stay (its data is elsewhere); j's may go";
  EXPECT_EQ(contents(t).size(), 500u);

  // A major compaction sees everything: the tombstone and the row it shadows both go.
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  stats = sstable_stats(t);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].tombstone_count, 0u);
  EXPECT_EQ(stats[0].partition_count, 500u);
}

TEST_F(CompactionTest, ExpiredDataDisappearsFromDiskAfterGcGrace) {
  open();
  auto t = create_table(/*gc_grace=*/0, /*ttl=*/10);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(write(t, "p" + std::to_string(i), 1, "v").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  EXPECT_EQ(contents(t).size(), 20u);
  env_.clock().advance(std::chrono::seconds(11));
  EXPECT_TRUE(contents(t).empty());
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  EXPECT_EQ(db_->sstable_count("ks", "events"), 0u) << "nothing was left to write";
  EXPECT_TRUE(sstable_stats(t).empty());
}

TEST_F(CompactionTest, AFailedCompactionLeavesTheTableAsItWas) {
  options_.auto_compaction = false;
  open();
  auto t = create_table(864000);
  for (int flush = 0; flush < 3; ++flush) {
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(write(t, "p" + std::to_string(i), flush, "v").is_ok());
    ASSERT_TRUE(db_->flush().is_ok());
  }
  const auto before = contents(t);
  for (const char* point : {"compaction.after_partition", "compaction.before_commit"}) {
    SCOPED_TRACE(point);
    env_.failpoints().arm(point, FailPoints::Action::kError, /*skip=*/point[11] == 'a' ? 5 : 0);
    Status s = db_->compact("ks", "events");
    EXPECT_FALSE(s.is_ok());
    env_.failpoints().disarm_all();
    EXPECT_EQ(db_->sstable_count("ks", "events"), 3u);
    EXPECT_EQ(sstable_stats(t).size(), 3u) << "the half-written output was removed";
    EXPECT_FALSE(has_transaction_logs(t));
    EXPECT_EQ(contents(t), before);
  }
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  EXPECT_EQ(db_->sstable_count("ks", "events"), 1u);
  EXPECT_EQ(contents(t), before);
}

TEST_F(CompactionTest, WritesAndReadsContinueWhileCompactionsRun) {
  open();
  auto t = create_table(864000);
  std::vector<std::string> expected;
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(write(t, "p" + std::to_string(i), round, "r" + std::to_string(round)).is_ok());
      expected.push_back("p" + std::to_string(i) + "/" + std::to_string(round) + "=r" +
                         std::to_string(round));
    }
    ASSERT_TRUE(db_->flush().is_ok());
    if (round % 3 == 2) env_.scheduler().run_until_idle();
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(contents(t), expected);
  EXPECT_LT(db_->sstable_count("ks", "events"), 12u);
}

// One sstable, mostly purgeable tombstones, nothing for size-tiered to merge: it is
// compacted alone, once, and its tombstones go.
TEST_F(CompactionTest, AnSSTableFullOfDroppableTombstonesIsCompactedAlone) {
  open();
  auto t = create_table(/*gc_grace=*/0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(write(t, "p" + std::to_string(i), 1, "v").is_ok());
  for (int i = 0; i < 15; ++i) ASSERT_TRUE(delete_partition(t, "p" + std::to_string(i)).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_EQ(sstable_stats(t).size(), 1u);
  EXPECT_EQ(sstable_stats(t)[0].tombstone_count, 15u);
  env_.clock().advance(std::chrono::seconds(5));
  reopen();  // opening checks every table for compaction work
  t = db_->find_table("ks", "events");
  env_.scheduler().run_until_idle();
  auto stats = sstable_stats(t);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].tombstone_count, 0u);
  EXPECT_EQ(stats[0].partition_count, 5u);
  EXPECT_EQ(contents(t).size(), 5u);
}

// compaction_throughput: a compaction sleeps (on the Env's clock) so that it writes no
// faster than the limit; unthrottled it does not sleep at all.
TEST_F(CompactionTest, CompactionIsThrottledByCompactionThroughput) {
  for (uint64_t rate : {uint64_t{0}, uint64_t{10 * 1024}}) {
    SCOPED_TRACE(rate);
    options_.compaction_throughput_bytes_per_sec = rate;
    options_.auto_compaction = false;
    options_.data_directory = "/db-" + std::to_string(rate);  // a fresh store each time
    open();
    auto t = create_table(864000);
    for (int flush = 0; flush < 3; ++flush) {
      for (int i = 0; i < 60; ++i) {
        ASSERT_TRUE(write(t, "p" + std::to_string(i), flush, std::string(200, 'x')).is_ok());
      }
      ASSERT_TRUE(db_->flush().is_ok());
    }
    const int64_t before = env_.clock().now_micros();
    ASSERT_TRUE(db_->compact("ks", "events").is_ok());
    const int64_t slept = env_.clock().now_micros() - before;
    if (rate == 0) {
      EXPECT_EQ(slept, 0);
    } else {
      // 180 rows of over 200 bytes at 10 KiB/s: well over 2 seconds of writing.
      EXPECT_GE(slept, 2'000'000);
    }
    ASSERT_TRUE(db_->close().is_ok());
    db_.reset();
  }
}

TEST_F(CompactionTest, CompactingALargePartitionWarns) {
  options_.compaction_large_partition_warning_threshold_bytes = 4096;
  options_.auto_compaction = false;
  open();
  auto t = create_table(864000);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(write(t, "wide", i, std::string(200, 'x')).is_ok());
  ASSERT_TRUE(write(t, "narrow", 1, "x").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  const int before = logger_.warnings();
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  EXPECT_EQ(logger_.warnings(), before + 1) << "one warning, for the wide partition only";
}

TEST(LeveledTest, LevelZeroGoesUpWithWhatItOverlapsAndFullLevelsSpill) {
  LeveledOptions o;
  o.sstable_size_bytes = 100;
  // {level, size, min token, max token}
  std::vector<LeveledSSTable> s = {{0, 50, 0, 100},   {0, 50, 50, 150}, {0, 50, 10, 20},
                                   {1, 100, 0, 40},   {1, 100, 41, 90}, {1, 100, 200, 300},
                                   {2, 100, 60, 70}};
  EXPECT_TRUE(pick_leveled(s, o).inputs.empty()) << "3 sstables in level 0 are not enough";
  s.push_back({0, 50, 140, 160});
  LeveledPick p = pick_leveled(s, o);
  std::sort(p.inputs.begin(), p.inputs.end());
  EXPECT_EQ(p.inputs, (std::vector<size_t>{0, 1, 2, 3, 4, 7})) << "L0 and the L1 it overlaps";
  EXPECT_EQ(p.output_level, 1u);
  // Level 1 at 12 x 100 bytes is over its 10 x 100 limit: its first sstable and the L2 it overlaps.
  std::vector<LeveledSSTable> full;
  for (int i = 0; i < 12; ++i) full.push_back({1, 100, i * 10, i * 10 + 9});
  full.push_back({2, 100, 5, 8});
  full.push_back({2, 100, 50, 60});
  p = pick_leveled(full, o);
  EXPECT_EQ(p.inputs, (std::vector<size_t>{0, 12}));
  EXPECT_EQ(p.output_level, 2u);
  // Deep levels with a huge fanout: the limit saturates instead of wrapping to small.
  LeveledOptions huge;
  huge.sstable_size_bytes = 1ull << 40;
  huge.fanout = 1000;
  std::vector<LeveledSSTable> deep = {{9, 1ull << 40, 0, 10}};
  EXPECT_TRUE(pick_leveled(deep, huge).inputs.empty());
}

// Leveled compaction through the database: levels from 1 up hold non-overlapping
// sstables of about sstable_size_in_mb, levels survive a restart, nothing is lost.
TEST_F(CompactionTest, LeveledCompactionKeepsEachLevelNonOverlapping) {
  open();
  auto t = create_table(864000, 0, {{"class", "LeveledCompactionStrategy"},
                                    {"sstable_size_in_mb", "0.002"},  // about 2 KiB
                                    {"fanout_size", "2"}});
  std::vector<std::string> expected;
  for (int flush = 0; flush < 24; ++flush) {
    for (int i = 0; i < 30; ++i) {
      const std::string id = "k" + std::to_string((flush * 37 + i * 11) % 300);
      ASSERT_TRUE(write(t, id, flush, "v" + std::to_string(flush)).is_ok());
      expected.push_back(id + "/" + std::to_string(flush) + "=v" + std::to_string(flush));
    }
    ASSERT_TRUE(db_->flush().is_ok());
    env_.scheduler().run_until_idle();
  }
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  EXPECT_EQ(contents(t), expected);

  auto check_levels = [&](const std::vector<SSTableStats>& stats, uint32_t top_at_least) {
    std::map<uint32_t, std::vector<std::pair<Token, Token>>> levels;
    for (const auto& s : stats) levels[s.level].push_back({s.min_token, s.max_token});
    EXPECT_GE(levels.rbegin()->first, top_at_least);
    for (auto& [level, ranges] : levels) {
      if (level == 0) continue;
      std::sort(ranges.begin(), ranges.end());
      for (size_t i = 1; i < ranges.size(); ++i) {
        EXPECT_LT(ranges[i - 1].second, ranges[i].first) << "overlap in level " << level;
      }
    }
  };
  auto stats = sstable_stats(t);
  check_levels(stats, 2);  // data moved past level 1
  reopen();
  t = db_->find_table("ks", "events");
  auto again = sstable_stats(t);
  ASSERT_EQ(again.size(), stats.size());
  for (size_t i = 0; i < stats.size(); ++i) EXPECT_EQ(again[i].level, stats[i].level);
  EXPECT_EQ(contents(t), expected);
  // A major compaction writes level 1, split at the sstable size.
  ASSERT_TRUE(db_->compact("ks", "events").is_ok());
  auto major = sstable_stats(t);
  EXPECT_GT(major.size(), 1u);
  for (const auto& s : major) EXPECT_EQ(s.level, 1u);
  check_levels(major, 1);
  EXPECT_EQ(contents(t), expected);
}

TEST(TimeWindowTest, OldWindowsMergeWholeAndTheCurrentOneSizeTiered) {
  const int64_t hour = 3'600'000'000;
  TimeWindowOptions o = TimeWindowOptions::parse({{"compaction_window_unit", "HOURS"},
                                                  {"compaction_window_size", "1"}})
                            .value();
  EXPECT_EQ(o.window_micros, hour);
  const int64_t now = 10 * hour + 5;
  // Window 10 (current): 3 sstables, below min_threshold 4. Window 8: one. Window 7: two.
  std::vector<WindowedSSTable> s = {{10 * hour + 1, 100}, {10 * hour + 2, 100}, {10 * hour + 3, 100},
                                    {8 * hour + 7, 500}, {7 * hour + 1, 300}, {7 * hour + 9, 200}};
  EXPECT_EQ(pick_time_window(s, now, o), (std::vector<size_t>{5, 4}));
  s.push_back({10 * hour + 4, 100});  // now the current window has four similar ones
  EXPECT_EQ(pick_time_window(s, now, o).size(), 4u);
  EXPECT_FALSE(TimeWindowOptions::parse({{"compaction_window_unit", "WEEKS"}}).is_ok());
  EXPECT_FALSE(TimeWindowOptions::parse({{"compaction_window_size", "0"}}).is_ok());
  // A size whose window in microseconds would overflow is refused, not wrapped.
  EXPECT_FALSE(TimeWindowOptions::parse({{"compaction_window_size", "999999999999"}}).is_ok());
}

TEST(CompactionStrategyTest, FullyExpiredSSTablesGoOnlyWhenNothingOlderOverlaps) {
  // {size, min ts, max ts, max ldt, min token, max token}
  std::vector<CompactionCandidate> s = {{10, 100, 200, 50, 0, 10},    // expired
                                        {10, 150, 300, 9999, 5, 20},  // live, older data (150 <= 200) overlaps #0
                                        {10, 400, 500, 60, 30, 40}};  // expired, nothing older overlaps
  EXPECT_EQ(fully_expired(s, 1000, INT64_MAX), (std::vector<size_t>{2}));
  EXPECT_TRUE(fully_expired(s, 1000, 450).empty()) << "a memtable holds older data";
  EXPECT_TRUE(fully_expired(s, 55, INT64_MAX).empty()) << "not past gc_before yet";
  EXPECT_EQ(parse_compaction_strategy({{"class", "LeveledCompactionStrategy"}}).value(),
            CompactionStrategyKind::kLeveled);
  EXPECT_TRUE(parse_compaction_strategy({{"class", "LeveledCompactionStrategy"},
                                         {"sstable_size_in_mb", "-1"}})
                  .status()
                  .is_invalid_argument());
  EXPECT_TRUE(parse_compaction_strategy({{"class", "Bogus"}}).status().is_invalid_argument());
  EXPECT_TRUE(parse_compaction_strategy({{"tombstone_threshold", "2"}}).status().is_invalid_argument());
  // Tombstone compaction: above the threshold and not overlapped.
  std::vector<CompactionCandidate> alone = {{10, 1, 2, 0, 0, 10}, {10, 1, 2, 0, 20, 30}};
  EXPECT_EQ(pick_tombstone_compaction({}, alone, {0.1, 0.5}), 1u);
  EXPECT_EQ(pick_tombstone_compaction({{"tombstone_threshold", "0.6"}}, alone, {0.1, 0.5}), SIZE_MAX);
  alone[0].max_token = 25;  // now they overlap: purging could not succeed
  EXPECT_EQ(pick_tombstone_compaction({}, alone, {0.1, 0.5}), SIZE_MAX);
  EXPECT_EQ(parse_compaction_strategy(
                {{"class", "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy"}})
                .value(),
            CompactionStrategyKind::kTimeWindow);
}

TEST_F(CompactionTest, UnsupportedCompactionOrCompressionIsRefusedAtCreateTable) {
  open();
  ASSERT_TRUE(db_->create_keyspace({"ks"}, true).is_ok());
  TableOptions options;
  options.compaction = {{"class", "LeveledCompactionStrategy"}, {"fanout_size", "1"}};
  auto t = db_->create_table(TableSchema::Builder("ks", "t").partition_key("k", CqlType::int_())
                                 .options(options).build().value());
  ASSERT_FALSE(t.is_ok());
  EXPECT_NE(t.status().message().find("ks.t"), std::string::npos) << t.status().message();
  options.compaction = {{"class", "SizeTieredCompactionStrategy"}, {"min_threshold", "x"}};
  EXPECT_TRUE(db_->create_table(TableSchema::Builder("ks", "t").partition_key("k", CqlType::int_())
                                    .options(options).build().value()).status().is_invalid_argument());
  options.compaction = {{"class", "SizeTieredCompactionStrategy"}};
  options.compression = {{"class", "ZstdCompressor"}};
  EXPECT_TRUE(db_->create_table(TableSchema::Builder("ks", "t").partition_key("k", CqlType::int_())
                                    .options(options).build().value()).status().is_invalid_argument());
}

// TTL'd data under time-window compaction: every hour brings a flush of new rows with
// a two-hour TTL; old windows are merged once, then dropped whole when they expire, so
// the space used stays bounded however long the run.
TEST_F(CompactionTest, TimeWindowKeepsTtlDataBoundedByDroppingExpiredWindows) {
  open();
  auto t = create_table(/*gc_grace=*/0, /*ttl=*/2 * 3600,
                        {{"class", "TimeWindowCompactionStrategy"},
                         {"compaction_window_unit", "HOURS"},
                         {"compaction_window_size", "1"}});
  uint64_t max_bytes_late = 0, bytes_after_first_hours = 0;
  for (int hour = 0; hour < 24; ++hour) {
    for (int flush = 0; flush < 3; ++flush) {  // three flushes per hour window
      for (int i = 0; i < 40; ++i) {
        ASSERT_TRUE(write(t, "h" + std::to_string(hour) + "-" + std::to_string(i), flush, "v").is_ok());
      }
      ASSERT_TRUE(db_->flush_table("ks", "events").is_ok());
      env_.clock().advance(std::chrono::minutes(15));
    }
    env_.clock().advance(std::chrono::minutes(15));
    env_.scheduler().run_until_idle();
    uint64_t bytes = 0;
    for (const auto& s : sstable_stats(t)) bytes += s.data_size_bytes;
    if (getenv("CAIRN_PRINT_CURVE")) {
      std::printf("hour %2d: %zu sstables, %llu data bytes\n", hour, sstable_stats(t).size(),
                  static_cast<unsigned long long>(bytes));
    }
    if (hour == 3) bytes_after_first_hours = bytes;
    if (hour >= 3) max_bytes_late = std::max(max_bytes_late, bytes);
    // Only the last two hours of rows are visible.
    EXPECT_LE(contents(t).size(), 3u * 40 * 3) << "hour " << hour;
  }
  EXPECT_GT(bytes_after_first_hours, 0u);
  EXPECT_LE(max_bytes_late, bytes_after_first_hours * 3 / 2)
      << "space grew with the run instead of staying bounded";
  EXPECT_LE(sstable_stats(t).size(), 6u);
}

}  // namespace
}  // namespace cairn::testing
