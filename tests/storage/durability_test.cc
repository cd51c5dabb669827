// What survives a power cut under each commitlog_sync mode, batch size thresholds,
// and damaged files found at startup.
#include <condition_variable>
#include <mutex>
#include <optional>

#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

using RowList = std::vector<std::pair<int, std::string>>;

class SyncModeTest : public DatabaseTest,
                     public ::testing::WithParamInterface<CommitLogSync> {};

TEST_P(SyncModeTest, AcknowledgedWritesSurviveAPowerCut) {
  options_.commitlog_sync = GetParam();
  options_.memtable_flush_threshold_bytes = 4 * 1024;  // flushes interleave with writes
  open();
  auto t = create_messages_table();
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(put(t, "s" + std::to_string(i % 5), i, "v" + std::to_string(i)).is_ok());
    if (i % 37 == 0) env_.scheduler().run_until_idle();  // some background flushes run
  }
  power_cut_and_reopen();
  auto again = db_->find_table("chat", "messages");
  ASSERT_TRUE(again) << "the schema was lost";
  for (int s = 0; s < 5; ++s) EXPECT_EQ(rows(again, "s" + std::to_string(s)).size(), 60u);
}

// Database::apply_async: the callback comes once the write is durable (then it is
// also readable), and what it acknowledged survives a power cut.
TEST_P(SyncModeTest, AsyncWritesAreAcknowledgedOnlyOnceDurable) {
  options_.commitlog_sync = GetParam();
  open();
  auto t = create_messages_table();
  constexpr int kWrites = 200;
  std::mutex mu;
  std::condition_variable cv;
  int acked = 0;
  int failed = 0;
  for (int i = 0; i < kWrites; ++i) {
    auto b = builder(t, "s" + std::to_string(i % 4));
    b.row({values::from_int(i)}).marker().set("body", values::from_text("v" + std::to_string(i)));
    std::vector<Mutation> ms;
    ms.push_back(b.build().value());
    db_->apply_async(std::move(ms), /*as_batch=*/false, [&, t, i](Result<WriteResult> r) {
      // Visible to reads by the time it is acknowledged.
      const bool visible = r.is_ok() && rows(t, "s" + std::to_string(i % 4)).size() > 0;
      std::lock_guard<std::mutex> lock(mu);
      ++(r.is_ok() && visible ? acked : failed);
      cv.notify_all();
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return acked + failed == kWrites; });
  }
  EXPECT_EQ(failed, 0);
  power_cut_and_reopen();
  auto again = db_->find_table("chat", "messages");
  ASSERT_TRUE(again);
  for (int s = 0; s < 4; ++s) EXPECT_EQ(rows(again, "s" + std::to_string(s)).size(), 50u);
}

INSTANTIATE_TEST_SUITE_P(GroupAndBatch, SyncModeTest,
                         ::testing::Values(CommitLogSync::kGroup, CommitLogSync::kBatch));

TEST_F(DatabaseTest, PeriodicSyncLosesAtMostOnePeriod) {
  options_.commitlog_sync = CommitLogSync::kPeriodic;
  options_.commitlog_sync_period = std::chrono::milliseconds(1000);
  open();
  auto t = create_messages_table();
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(put(t, "s", i, "before").is_ok());
  // One full period passes: the periodic sync covers everything written so far.
  env_.scheduler().run_for(std::chrono::milliseconds(1000));
  for (int i = 50; i < 100; ++i) ASSERT_TRUE(put(t, "s", i, "after").is_ok());
  // The power goes before the next periodic sync.
  power_cut_and_reopen();
  auto got = rows(db_->find_table("chat", "messages"), "s");
  ASSERT_GE(got.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(got[i], (std::pair<int, std::string>{i, "before"}));
  // This in-memory disk drops every unsynced byte, so the second half is gone: the
  // loss is bounded by one period, and no more than that was written in it.
  EXPECT_EQ(got.size(), 50u);
}

TEST_F(DatabaseTest, BatchOverTheWarnThresholdSucceedsWithAWarning) {
  options_.batch_size_warn_threshold_bytes = 1024;
  options_.batch_size_fail_threshold_bytes = 4096;
  open();
  auto t = create_messages_table();
  std::vector<Mutation> batch;
  for (int i = 0; i < 8; ++i) {
    auto b = builder(t, "s" + std::to_string(i));
    b.row({values::from_int(i)}).marker().set("body", values::from_text(std::string(200, 'x')));
    batch.push_back(b.build().value());
  }
  auto r = db_->apply_batch(batch);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("Batch for [chat.messages] is of size"), std::string::npos)
      << r->warnings[0];
  EXPECT_NE(r->warnings[0].find("exceeding specified threshold of 1024 by"), std::string::npos);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(rows(t, "s" + std::to_string(i)).size(), 1u);
}

TEST_F(DatabaseTest, AnAsyncBatchOverTheFailThresholdIsRefusedAndAppliesNothing) {
  options_.batch_size_warn_threshold_bytes = 1024;
  options_.batch_size_fail_threshold_bytes = 2048;
  open();
  auto t = create_messages_table();
  std::vector<Mutation> batch;
  for (int i = 0; i < 8; ++i) {
    auto b = builder(t, "s" + std::to_string(i));
    b.row({values::from_int(i)}).marker().set("body", values::from_text(std::string(400, 'x')));
    batch.push_back(b.build().value());
  }
  std::optional<Status> got;
  db_->apply_async(std::move(batch), /*as_batch=*/true,
                   [&](Result<WriteResult> r) { got = r.status(); });
  ASSERT_TRUE(got.has_value()) << "a refused batch is answered before apply_async returns";
  EXPECT_TRUE(got->is_invalid_argument()) << got->to_string();
  EXPECT_NE(got->message().find("Batch too large"), std::string::npos);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(rows(t, "s" + std::to_string(i)).size(), 0u);
}

// Cassandra checks batch sizes only for batches spanning partitions: a batch into one
// partition is a single mutation, whatever its size.
TEST_F(DatabaseTest, ASinglePartitionBatchIsNotHeldToTheSizeThresholds) {
  options_.commitlog_segment_size_bytes = 1 << 20;  // room for a 60 KiB record
  open();
  auto t = create_messages_table();
  std::vector<Mutation> batch;
  for (int i = 0; i < 60; ++i) {
    auto b = builder(t, "one");
    b.row({values::from_int(i)}).marker().set("body", values::from_text(std::string(1000, 'x')));
    batch.push_back(b.build().value());
  }
  auto r = db_->apply_batch(batch);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(r->warnings.empty());
  EXPECT_EQ(rows(t, "one").size(), 60u);
}

TEST_F(DatabaseTest, BatchOverTheFailThresholdLeavesNothingBehindEvenAfterRestart) {
  open();  // Cassandra's defaults: warn 5 KiB, fail 50 KiB
  auto t = create_messages_table();
  std::vector<Mutation> batch;
  for (int i = 0; i < 60; ++i) {
    auto b = builder(t, "big" + std::to_string(i));
    b.row({values::from_int(i)}).marker().set("body", values::from_text(std::string(1000, 'x')));
    batch.push_back(b.build().value());
  }
  auto r = db_->apply_batch(batch);
  ASSERT_FALSE(r.is_ok());
  EXPECT_TRUE(r.status().is_invalid_argument());
  EXPECT_NE(r.status().message().find("exceeding specified failure threshold of 50.0KiB"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("chat.messages"), std::string::npos);
  for (int i = 0; i < 60; ++i) EXPECT_TRUE(rows(t, "big" + std::to_string(i)).empty());
  power_cut_and_reopen();
  auto again = db_->find_table("chat", "messages");
  for (int i = 0; i < 60; ++i) EXPECT_TRUE(rows(again, "big" + std::to_string(i)).empty());
  // A smaller batch (under the threshold) is applied whole.
  batch.erase(batch.begin() + 10, batch.end());
  ASSERT_TRUE(db_->apply_batch(batch).is_ok());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(rows(again, "big" + std::to_string(i)).size(), 1u);
}

TEST_F(DatabaseTest, ABatchIsReplayedWholeAfterAPowerCut) {
  open();
  auto t = create_messages_table();
  std::vector<Mutation> batch;
  for (int i = 0; i < 3; ++i) {
    auto b = builder(t, "b" + std::to_string(i));
    b.row({values::from_int(i)}).marker().set("body", values::from_text("x"));
    batch.push_back(b.build().value());
  }
  ASSERT_TRUE(db_->apply_batch(batch).is_ok());
  power_cut_and_reopen();
  auto again = db_->find_table("chat", "messages");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(rows(again, "b" + std::to_string(i)).size(), 1u);
}

std::string find_file(MemFileSystem& fs, const std::string& dir, const std::string& suffix) {
  const std::vector<std::string> names = fs.list_dir(dir).value();
  for (const auto& name : names) {
    std::string path = join_path(dir, name);
    if (fs.is_directory(path)) {
      std::string found = find_file(fs, path, suffix);
      if (!found.empty()) return found;
    } else if (name.size() >= suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return path;
    }
  }
  return "";
}

TEST_F(DatabaseTest, AFlippedByteInAnSSTableIsReportedWithTheFile) {
  open();
  auto t = create_messages_table();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(put(t, "s", i, "value").is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  std::string data = find_file(env_.fs(), "/db/chat", "-Data.db");
  ASSERT_FALSE(data.empty());
  uint64_t size = env_.fs().file_size(data).value();
  ASSERT_TRUE(env_.fs().flip_byte(data, size / 2).is_ok());
  reopen();
  auto again = db_->find_table("chat", "messages");
  auto r = db_->read(*again, PartitionRead{key(again, "s")});
  ASSERT_FALSE(r.is_ok()) << "damaged data was returned as if it were fine";
  EXPECT_TRUE(r.status().is_corruption());
  EXPECT_NE(r.status().message().find(data), std::string::npos) << r.status().message();
}

TEST_F(DatabaseTest, AFlippedByteInTheCommitlogStopsStartupNamingFileAndOffset) {
  open();
  auto t = create_messages_table();
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(put(t, "s", i, std::string(100, 'v')).is_ok());
  env_.fs().power_cut();
  db_.reset();
  env_.fs().restore_power();
  // Damage a record in the middle of the first segment that holds user data.
  std::string segment = find_file(env_.fs(), "/db/commitlog", ".log");
  ASSERT_FALSE(segment.empty());
  uint64_t size = env_.fs().file_size(segment).value();
  ASSERT_TRUE(env_.fs().flip_byte(segment, size / 2).is_ok());

  auto failed = Database::open(env_.env(), options_);
  ASSERT_FALSE(failed.is_ok());
  EXPECT_TRUE(failed.status().is_corruption()) << failed.status().to_string();
  EXPECT_NE(failed.status().message().find(segment), std::string::npos)
      << failed.status().message();
  EXPECT_NE(failed.status().message().find("offset"), std::string::npos);

  // With the ignore policy the node starts, says so, and keeps what it could read.
  options_.commit_failure_policy = CommitFailurePolicy::kIgnore;
  open();
  EXPECT_GT(logger_.warnings(), 0);
  EXPECT_TRUE(db_->find_table("chat", "messages"));
}

}  // namespace
}  // namespace cairn::testing
