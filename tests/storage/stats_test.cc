// Database::table_stats() and node_stats(): the read-only numbers nodetool tablestats,
// info and /metrics show follow writes, flushes and compactions.
#include <algorithm>
#include <tuple>

#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

const TableStats* find_stats(const std::vector<TableStats>& all, const std::string& table) {
  for (const auto& t : all) {
    if (t.keyspace == "chat" && t.table == table) return &t;
  }
  return nullptr;
}

TEST_F(DatabaseTest, TableStatsFollowWritesFlushesAndCompactions) {
  open();
  auto t = create_messages_table();
  const TableStats* s = nullptr;
  auto empty = db_->table_stats();
  ASSERT_NE(s = find_stats(empty, "messages"), nullptr);
  EXPECT_EQ(s->sstable_count, 0u);
  EXPECT_EQ(s->memtable_partitions, 0u);
  EXPECT_EQ(s->live_disk_bytes, 0u);
  // Ordered by keyspace and table; the system keyspace's tables are listed too.
  for (size_t i = 1; i < empty.size(); ++i) {
    EXPECT_LT(std::tie(empty[i - 1].keyspace, empty[i - 1].table),
              std::tie(empty[i].keyspace, empty[i].table));
  }
  EXPECT_TRUE(std::any_of(empty.begin(), empty.end(),
                          [](const TableStats& x) { return x.keyspace == "system"; }));

  for (int seq = 0; seq < 10; ++seq) {
    ASSERT_TRUE(put(t, "s" + std::to_string(seq % 3), seq, "x").is_ok());
  }
  auto written = db_->table_stats();
  s = find_stats(written, "messages");
  EXPECT_EQ(s->memtable_partitions, 3u);
  EXPECT_GT(s->memtable_bytes, 0u);
  EXPECT_EQ(s->sstable_count, 0u);

  ASSERT_TRUE(db_->flush().is_ok());
  ASSERT_TRUE(put(t, "s9", 1, "y").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  auto flushed = db_->table_stats();
  s = find_stats(flushed, "messages");
  EXPECT_EQ(s->sstable_count, 2u);
  EXPECT_EQ(s->memtable_partitions, 0u);
  EXPECT_GT(s->live_disk_bytes, 0u);
  EXPECT_GE(s->total_disk_bytes, s->live_disk_bytes);  // TOC, transaction logs, ...
  EXPECT_EQ(s->completed_compactions, 0u);
  // Each flush queued a background compaction check; this Env runs none until told.
  EXPECT_EQ(s->pending_compactions, 2u);
  env_.scheduler().run_until_idle();
  EXPECT_EQ(find_stats(db_->table_stats(), "messages")->pending_compactions, 0u);
  EXPECT_EQ(find_stats(db_->table_stats(), "messages")->sstable_count, 2u);  // too few to merge

  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());
  auto compacted = db_->table_stats();
  s = find_stats(compacted, "messages");
  EXPECT_EQ(s->sstable_count, 1u);
  EXPECT_EQ(s->completed_compactions, 1u);
  EXPECT_EQ(s->pending_compactions, 0u);

  // upgradesstables -a: one more committed rewrite.
  ASSERT_TRUE(db_->upgrade_sstables("chat", {"messages"}, true).is_ok());
  EXPECT_EQ(find_stats(db_->table_stats(), "messages")->completed_compactions, 2u);
}

TEST_F(DatabaseTest, NodeStatsCountCommitlogBytesAndSyncs) {
  open();
  auto t = create_messages_table();
  const NodeStats before = db_->node_stats();
  EXPECT_GE(before.commitlog_segments, 1u);
  ASSERT_TRUE(put(t, "s", 1, std::string(1000, 'x')).is_ok());
  const NodeStats after = db_->node_stats();
  EXPECT_GE(after.commitlog_bytes, before.commitlog_bytes + 1000);
  // Group commit: the write waited for an fsync, which was timed.
  EXPECT_GT(after.commitlog_sync_latency.count, before.commitlog_sync_latency.count);
  EXPECT_EQ(after.commitlog_sync_latency.counts.size(),
            after.commitlog_sync_latency.bounds_micros.size() + 1);
}

}  // namespace
}  // namespace cairn::testing
