// CommitLog: records round-trip through replay, torn tails and damage are told apart,
// sync modes keep their promises, group commit shares fsyncs, and segments go only
// when every table has flushed past them.
#include "commitlog/commitlog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "commitlog/segment_format.h"
#include "commitlog/segment_reader.h"
#include "common/coding.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

constexpr uint64_t kSegmentSize = 64 * 1024;
const std::string kDir = "/cl";

Uuid table_id(uint8_t n) {
  std::array<uint8_t, 16> bytes{};
  bytes[15] = n;
  return Uuid(bytes);
}

std::string payload(int i, size_t size = 100) {
  std::string p = "record-" + std::to_string(i) + ":";
  p.resize(size, static_cast<char>('a' + i % 26));
  return p;
}

class CommitLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<CommitLog> open(CommitLogSync sync,
                                  CommitFailurePolicy policy = CommitFailurePolicy::kStop) {
    CommitLogOptions options;
    options.directory = kDir;
    options.segment_size_bytes = kSegmentSize;
    options.sync = sync;
    options.sync_period = std::chrono::milliseconds(100);
    options.failure_policy = policy;
    const uint64_t syncs = env_.fs().sync_count();
    auto log = CommitLog::open(env_.env(), options, &logger_);
    EXPECT_TRUE(log.is_ok()) << log.status().to_string();
    // Group and batch mode prepare the next segment on a thread of their own: wait for
    // its header's sync too, so that a test's injected faults and counts meet records.
    if (log.is_ok() && sync != CommitLogSync::kPeriodic) {
      while (env_.fs().sync_count() < syncs + 2) std::this_thread::yield();
    }
    return log.is_ok() ? std::move(log).value() : nullptr;
  }

  // Replays the log in kDir, returning the payloads (or the failure).
  Result<std::vector<std::string>> replay_all(
      CommitFailurePolicy policy = CommitFailurePolicy::kStop, ReplayStats* stats_out = nullptr) {
    auto log = open(CommitLogSync::kGroup, policy);
    if (!log) return Status::io_error("open failed");
    std::vector<std::string> seen;
    ReplayStats stats;
    Status s = log->replay(
        [&](ReplayPosition, BytesView p) {
          seen.emplace_back(p);
          return Status::ok();
        },
        &stats);
    if (stats_out != nullptr) *stats_out = stats;
    CAIRN_RETURN_IF_ERROR(s);
    return seen;
  }

  std::vector<std::string> segments() {
    auto names = env_.fs().list_dir(kDir);
    return names.is_ok() ? names.value() : std::vector<std::string>{};
  }

  // Zeroes the second half of the record of `size` payload bytes at `at` in `data`, as
  // a crash before all of its pages reached the disk leaves it (zeros follow it in a
  // preallocated segment).
  static void tear_record(Bytes* data, ReplayPosition at, size_t size) {
    const size_t end = at.offset + size + commitlog_format::kRecordOverhead;
    ASSERT_LE(end, data->size());
    std::fill(data->begin() + static_cast<std::ptrdiff_t>(end - 60),
              data->begin() + static_cast<std::ptrdiff_t>(end), '\0');
  }

  // Replays the directory as written by ten payloads of which the last was torn.
  void expect_nine_records_and_a_torn_tail() {
    ReplayStats stats;
    auto replayed = replay_all(CommitFailurePolicy::kStop, &stats);
    ASSERT_TRUE(replayed.is_ok()) << replayed.status().to_string();
    ASSERT_EQ(replayed->size(), 9u);
    EXPECT_EQ(replayed->back(), payload(8));
    EXPECT_EQ(stats.torn_tails, 1u);
  }

  TestEnv env_{42};
  Logger logger_{LogLevel::kWarn, nullptr};
};

TEST_F(CommitLogTest, RecordsReplayInOrderAcrossSegments) {
  auto log = open(CommitLogSync::kGroup);
  std::vector<std::string> written;
  ReplayPosition last;
  for (int i = 0; i < 2000; ++i) {
    written.push_back(payload(i, 50 + i % 200));
    auto pos = log->add(written.back(), {table_id(1)});
    ASSERT_TRUE(pos.is_ok()) << pos.status().to_string();
    if (i > 0) {
      EXPECT_TRUE(last < pos.value());
    }
    last = pos.value();
  }
  EXPECT_GT(log->segment_count(), 3u);
  ASSERT_TRUE(log->close().is_ok());
  auto replayed = replay_all();
  ASSERT_TRUE(replayed.is_ok()) << replayed.status().to_string();
  EXPECT_EQ(replayed.value(), written);
}

TEST_F(CommitLogTest, SegmentsAreNamedAndHeadedWithTheirVersion) {
  auto log = open(CommitLogSync::kBatch);
  auto written = log->add(payload(0), {table_id(1)});
  ASSERT_TRUE(written.is_ok());
  // The segment written to, and in batch mode the next one, prepared ahead.
  ASSERT_EQ(segments().size(), 2u);
  EXPECT_EQ(segments()[0], commitlog_format::segment_file_name(written->segment_id));
  for (const std::string& name : segments()) {
    EXPECT_EQ(name.rfind("CommitLog-1-", 0), 0u) << name;
    Bytes data = read_file(env_.fs(), join_path(kDir, name)).value();
    ASSERT_GE(data.size(), commitlog_format::kHeaderSize);
    EXPECT_EQ(data.substr(0, 7), "CAIRNCL");
    EXPECT_EQ(load_u32(data.data() + 8), commitlog_format::kVersion);
  }
}

TEST_F(CommitLogTest, ATornTailIsIgnoredAndEverythingBeforeItReplays) {
  auto log = open(CommitLogSync::kBatch);
  ReplayPosition last;
  for (int i = 0; i < 10; ++i) last = log->add(payload(i), {table_id(1)}).value();
  const std::string path = join_path(kDir, commitlog_format::segment_file_name(last.segment_id));
  ASSERT_TRUE(log->close().is_ok());
  log.reset();
  Bytes data = read_file(env_.fs(), path).value();
  tear_record(&data, last, payload(9).size());
  ASSERT_TRUE(env_.fs().overwrite(path, data).is_ok());
  expect_nine_records_and_a_torn_tail();
}

// A crash in group mode leaves the segment being written followed by the one prepared
// ahead (its header only): a torn tail in the written one is still a torn tail.
TEST_F(CommitLogTest, ATornTailBeforeASegmentPreparedAheadIsIgnored) {
  auto log = open(CommitLogSync::kGroup);
  ReplayPosition last;
  for (int i = 0; i < 10; ++i) last = log->add(payload(i), {table_id(1)}).value();
  const std::vector<std::string> names = segments();
  ASSERT_EQ(names.size(), 2u);  // the written segment, then the one prepared ahead
  const std::string written = join_path(kDir, commitlog_format::segment_file_name(last.segment_id));
  ASSERT_EQ(join_path(kDir, names[0]), written);
  const std::string prepared = join_path(kDir, names[1]);
  Bytes data = read_file(env_.fs(), written).value();
  const Bytes prepared_data = read_file(env_.fs(), prepared).value();
  log.reset();  // a clean close deletes the prepared segment: put the crash's state back
  tear_record(&data, last, payload(9).size());
  ASSERT_TRUE(env_.fs().overwrite(written, data).is_ok());
  ASSERT_TRUE(write_file_atomically(env_.fs(), prepared, prepared_data).is_ok());
  expect_nine_records_and_a_torn_tail();
}

TEST_F(CommitLogTest, DamageInTheMiddleNamesFileAndOffsetOrIsSkippedWhenAskedTo) {
  auto log = open(CommitLogSync::kGroup);
  for (int i = 0; i < 1500; ++i) ASSERT_TRUE(log->add(payload(i), {table_id(1)}).is_ok());
  ASSERT_GE(segments().size(), 2u);
  ASSERT_TRUE(log->close().is_ok());
  log.reset();
  const std::string first = join_path(kDir, segments()[0]);
  ASSERT_TRUE(env_.fs().flip_byte(first, 5000).is_ok());

  auto stopped = replay_all(CommitFailurePolicy::kStop);
  ASSERT_FALSE(stopped.is_ok());
  EXPECT_TRUE(stopped.status().is_corruption());
  EXPECT_NE(stopped.status().message().find(first), std::string::npos)
      << stopped.status().message();
  EXPECT_NE(stopped.status().message().find("offset"), std::string::npos);

  ReplayStats stats;
  auto skipped = replay_all(CommitFailurePolicy::kIgnore, &stats);
  ASSERT_TRUE(skipped.is_ok()) << skipped.status().to_string();
  EXPECT_EQ(stats.skipped_segments, 1u);
  // Records before the damage and every later segment are kept.
  EXPECT_EQ(skipped->front(), payload(0));
  EXPECT_EQ(skipped->back(), payload(1499));
  EXPECT_LT(skipped->size(), 1500u);
  EXPECT_GT(logger_.warnings(), 0);
}

TEST_F(CommitLogTest, OversizedRecordsAreRejectedAndNothingIsWritten) {
  auto log = open(CommitLogSync::kGroup);
  auto r = log->add(std::string(kSegmentSize, 'x'), {table_id(1)});
  ASSERT_FALSE(r.is_ok());
  EXPECT_TRUE(r.status().is_invalid_argument());
  EXPECT_NE(r.status().message().find("commitlog_segment_size"), std::string::npos);
  ASSERT_TRUE(log->add(payload(1), {table_id(1)}).is_ok());  // the log still works
  ASSERT_TRUE(log->close().is_ok());
  EXPECT_EQ(replay_all().value(), std::vector<std::string>{payload(1)});
}

TEST_F(CommitLogTest, BatchSyncsEveryRecordBeforeReturning) {
  auto log = open(CommitLogSync::kBatch);
  for (int i = 0; i < 5; ++i) {
    const uint64_t before = env_.fs().sync_count();
    ASSERT_TRUE(log->add(payload(i), {table_id(1)}).is_ok());
    EXPECT_GT(env_.fs().sync_count(), before);
  }
  env_.fs().power_cut();
  log.reset();
  env_.fs().restore_power();
  EXPECT_EQ(replay_all()->size(), 5u);
}

TEST_F(CommitLogTest, PeriodicReturnsBeforeSyncingAndSyncsOncePerPeriod) {
  auto log = open(CommitLogSync::kPeriodic);
  const uint64_t before = env_.fs().sync_count();
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(log->add(payload(i), {table_id(1)}).is_ok());
  EXPECT_EQ(env_.fs().sync_count(), before) << "periodic mode must not sync per write";
  env_.clock().advance(std::chrono::milliseconds(100));
  env_.scheduler().run_until_idle();
  EXPECT_GT(env_.fs().sync_count(), before);
  for (int i = 50; i < 60; ++i) ASSERT_TRUE(log->add(payload(i), {table_id(1)}).is_ok());
  // The power goes before the next period: only the synced 50 survive.
  env_.fs().power_cut();
  log.reset();
  env_.fs().restore_power();
  EXPECT_EQ(replay_all()->size(), 50u);
}

TEST_F(CommitLogTest, PeriodicRecordsAreInThePreallocatedSegmentsBeforeAnySyncOrClose) {
  auto log = open(CommitLogSync::kPeriodic);
  const uint64_t syncs = env_.fs().sync_count();
  std::vector<std::string> written;
  for (int i = 0; i < 1500; ++i) {
    written.push_back(payload(i, 50 + i % 120));
    ASSERT_TRUE(log->add(written.back(), {table_id(1)}).is_ok());
  }
  // Only the new segments' headers were synced: no sync per record.
  EXPECT_LE(env_.fs().sync_count() - syncs, log->segment_count());
  // What a killed process leaves behind: the files as they are now, with the log still
  // open and nothing synced. Every segment has its full size, zeros after its records.
  const std::vector<std::string> names = segments();
  ASSERT_GE(names.size(), 3u);
  std::vector<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string path = join_path(kDir, names[i]);
    EXPECT_EQ(env_.fs().file_size(path).value(), kSegmentSize);
    Bytes data = read_file(env_.fs(), path).value();
    SegmentReadResult result;
    ASSERT_TRUE(read_segment(path, data, commitlog_format::parse_segment_file_name(names[i]).value(),
                             i + 1 == names.size(),
                             [&](ReplayPosition, BytesView p) {
                               seen.emplace_back(p);
                               return Status::ok();
                             },
                             &result)
                    .is_ok());
    EXPECT_TRUE(result.damage.is_ok()) << result.damage.to_string();
    EXPECT_FALSE(result.torn_tail);
  }
  EXPECT_EQ(seen, written);
  ASSERT_TRUE(log->close().is_ok());
  EXPECT_EQ(replay_all().value(), written);
}

TEST_F(CommitLogTest, PeriodicSegmentsGoOnceFlushedAndSynced) {
  auto log = open(CommitLogSync::kPeriodic);
  while (log->segment_count() < 3) ASSERT_TRUE(log->add(payload(1), {table_id(1)}).is_ok());
  ASSERT_TRUE(log->add(payload(2), {table_id(2)}).is_ok());
  ASSERT_TRUE(log->discard_completed(table_id(1), log->current_position()).is_ok());
  EXPECT_EQ(log->segment_count(), 3u) << "unsynced segments wait for the periodic sync";
  env_.clock().advance(std::chrono::milliseconds(100));
  env_.scheduler().run_until_idle();
  EXPECT_EQ(log->segment_count(), 1u);
  EXPECT_EQ(segments().size(), 1u);
  // The power goes now: the active segment, synced, survives whole (its first records
  // are table 1's, then table 2's).
  const size_t per_segment = kSegmentSize / (payload(1).size() + commitlog_format::kRecordOverhead);
  env_.fs().power_cut();
  log.reset();
  env_.fs().restore_power();
  auto replayed = replay_all().value();
  ASSERT_FALSE(replayed.empty());
  EXPECT_LT(replayed.size(), per_segment);
  EXPECT_EQ(replayed.back(), payload(2));
  replayed.pop_back();
  EXPECT_EQ(replayed, std::vector<std::string>(replayed.size(), payload(1)));
}

TEST_F(CommitLogTest, PeriodicSegmentThatCannotBeCreatedFailsTheLog) {
  auto log = open(CommitLogSync::kPeriodic);
  env_.fs().fail_appends("CommitLog", 1);  // reserving the next segment's blocks fails
  Status failed;
  for (int i = 0; i < 2000 && failed.is_ok(); ++i) {
    failed = log->add(payload(i), {table_id(1)}).status();
  }
  ASSERT_FALSE(failed.is_ok());
  EXPECT_TRUE(failed.is_io_error()) << failed.to_string();
  EXPECT_FALSE(log->add(payload(0), {table_id(1)}).is_ok()) << "later writes must fail too";
}

// A file system that holds the first fsync until `release` is set, so writers pile up
// behind it; every fsync is counted.
class GateFileSystem : public MemFileSystem {
 public:
  class File : public WritableFile {
   public:
    File(GateFileSystem* fs, std::unique_ptr<WritableFile> inner) : fs_(fs), inner_(std::move(inner)) {}
    Status append(BytesView data) override {
      fs_->count_append();
      return inner_->append(data);
    }
    Status sync() override {
      fs_->before_sync();
      return inner_->sync();
    }
    Status close() override { return inner_->close(); }
    uint64_t size() const override { return inner_->size(); }
    const std::string& path() const override { return inner_->path(); }

   private:
    GateFileSystem* fs_;
    std::unique_ptr<WritableFile> inner_;
  };

  class Mapped : public MappedFile {
   public:
    Mapped(GateFileSystem* fs, std::unique_ptr<MappedFile> inner) : fs_(fs), inner_(std::move(inner)) {}
    char* data() override { return inner_->data(); }
    uint64_t size() const override { return inner_->size(); }
    Status write(uint64_t offset, BytesView bytes) override {
      fs_->count_append();
      return inner_->write(offset, bytes);
    }
    Status sync(uint64_t end) override {
      fs_->before_sync();
      return inner_->sync(end);
    }
    void release(uint64_t end) override { inner_->release(end); }
    Status close() override { return inner_->close(); }
    const std::string& path() const override { return inner_->path(); }

   private:
    GateFileSystem* fs_;
    std::unique_ptr<MappedFile> inner_;
  };

  Result<std::unique_ptr<WritableFile>> new_writable_file(const std::string& path) override {
    CAIRN_ASSIGN_OR_RETURN(auto inner, MemFileSystem::new_writable_file(path));
    return std::unique_ptr<WritableFile>(std::make_unique<File>(this, std::move(inner)));
  }
  Result<std::unique_ptr<MappedFile>> new_mapped_file(const std::string& path, uint64_t size,
                                                      bool write_zeros) override {
    CAIRN_ASSIGN_OR_RETURN(auto inner, MemFileSystem::new_mapped_file(path, size, write_zeros));
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (write_zeros) ++zero_written_;
    }
    return std::unique_ptr<MappedFile>(std::make_unique<Mapped>(this, std::move(inner)));
  }

  void before_sync() {
    std::unique_lock<std::mutex> lock(mu_);
    ++syncs_;
    if (gated_) cv_.wait(lock, [&] { return !gated_; });
  }
  void close_gate() {
    std::lock_guard<std::mutex> lock(mu_);
    gated_ = true;
  }
  void open_gate() {
    std::lock_guard<std::mutex> lock(mu_);
    gated_ = false;
    cv_.notify_all();
  }
  int syncs() {
    std::lock_guard<std::mutex> lock(mu_);
    return syncs_;
  }
  void count_append() {
    std::lock_guard<std::mutex> lock(mu_);
    ++appends_;
  }
  int appends() {
    std::lock_guard<std::mutex> lock(mu_);
    return appends_;
  }
  int zero_written() {
    std::lock_guard<std::mutex> lock(mu_);
    return zero_written_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool gated_ = false;
  int syncs_ = 0;
  int appends_ = 0;
  int zero_written_ = 0;  // mapped files created with their blocks written
};

// A group-commit log over a GateFileSystem, with what it needs around it.
struct GatedGroupLog {
  GatedGroupLog() {
    CommitLogOptions options;
    options.directory = kDir;
    options.segment_size_bytes = kSegmentSize;
    options.sync = CommitLogSync::kGroup;
    log = CommitLog::open(env, options, &logger).value();
    // The first segment's header is synced by open(), the next segment's by the
    // preparer thread: wait for both, so the tests count only the syncs of records.
    while (fs.syncs() < 2) std::this_thread::yield();
  }
  GateFileSystem fs;
  ManualClock clock;
  RandomSource random{1};
  ManualScheduler scheduler{&clock};
  FailPoints failpoints;
  Env env{&fs, &clock, &random, &scheduler, &failpoints};
  Logger logger{LogLevel::kError, nullptr};
  std::unique_ptr<CommitLog> log;
};

TEST(GroupCommitTest, ConcurrentWritersShareOneFsync) {
  GatedGroupLog gated;
  GateFileSystem& fs = gated.fs;
  auto& log = gated.log;

  // The first writer's fsync is held; the other writers append meanwhile and wait.
  fs.close_gate();
  const int syncs_before = fs.syncs();
  constexpr int kWriters = 8;
  std::atomic<int> acked{0};
  std::vector<std::thread> writers;
  writers.emplace_back([&] {
    ASSERT_TRUE(log->add(payload(0), {table_id(1)}).is_ok());
    ++acked;
  });
  while (fs.syncs() == syncs_before) std::this_thread::yield();  // the leader is syncing
  for (int i = 1; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      ASSERT_TRUE(log->add(payload(i), {table_id(1)}).is_ok());
      ++acked;
    });
  }
  // Wait until every follower's record is appended (they block on the sync after).
  while (log->current_position().offset <
         commitlog_format::kHeaderSize + kWriters * (payload(0).size() + commitlog_format::kRecordOverhead)) {
    std::this_thread::yield();
  }
  EXPECT_EQ(acked.load(), 0) << "a group-commit writer returned before its fsync";
  fs.open_gate();
  for (auto& t : writers) t.join();
  EXPECT_EQ(acked.load(), kWriters);
  // One fsync for the leader's record, one shared by all seven followers.
  EXPECT_EQ(fs.syncs() - syncs_before, 2);
  ASSERT_TRUE(log->close().is_ok());
}

// append() + when_synced(): the caller is not blocked, and is called back only after
// an fsync covering its record — one fsync shared by every record appended meanwhile.
TEST(GroupCommitTest, AppendedRecordsAreAcknowledgedOnlyOnceTheSyncThreadHasSyncedThem) {
  GatedGroupLog gated;
  GateFileSystem& fs = gated.fs;
  auto& log = gated.log;

  fs.close_gate();
  const int syncs_before = fs.syncs();
  constexpr int kRecords = 8;
  std::mutex mu;
  std::vector<Status> acks;
  auto ack = [&](Status s) {
    std::lock_guard<std::mutex> lock(mu);
    acks.push_back(s);
  };
  auto acked = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return acks.size();
  };
  // The first record's sync is held at the gate; the rest are appended while it waits.
  uint64_t target = 0;
  ASSERT_TRUE(log->append(payload(0), {table_id(1)}, &target).is_ok());
  EXPECT_GT(target, 0u);
  log->when_synced(target, ack);
  while (fs.syncs() == syncs_before) std::this_thread::yield();  // the sync thread is syncing
  const int appends_before = fs.appends();
  for (int i = 1; i < kRecords; ++i) {
    ASSERT_TRUE(log->append(payload(i), {table_id(1)}, &target).is_ok());
    log->when_synced(target, ack);
  }
  EXPECT_EQ(fs.appends(), appends_before) << "group mode wrote a record before its sync pass";
  EXPECT_EQ(acked(), 0u) << "a record was acknowledged before its fsync";
  fs.open_gate();
  while (acked() < kRecords) std::this_thread::yield();
  for (const Status& s : acks) EXPECT_TRUE(s.is_ok()) << s.to_string();
  // One fsync for the first record, one for the seven appended while it ran, which
  // that pass wrote with a single write.
  EXPECT_EQ(fs.syncs() - syncs_before, 2);
  EXPECT_EQ(fs.appends() - appends_before, 1);
  // Both segments (the active one and the one prepared ahead) had their blocks written
  // before use, so each of those syncs writes only records.
  EXPECT_EQ(fs.zero_written(), 2);
  // A target that is already durable is answered before when_synced returns.
  bool at_once = false;
  log->when_synced(target, [&](Status s) { at_once = s.is_ok(); });
  EXPECT_TRUE(at_once);
  ASSERT_TRUE(log->close().is_ok());
}

TEST_F(CommitLogTest, AppendInPeriodicAndBatchModeNeedsNoWait) {
  for (CommitLogSync mode : {CommitLogSync::kPeriodic, CommitLogSync::kBatch}) {
    auto log = open(mode);
    const uint64_t syncs = env_.fs().sync_count();
    uint64_t target = 99;
    ASSERT_TRUE(log->append(payload(0), {table_id(1)}, &target).is_ok());
    EXPECT_EQ(target, 0u);
    bool called = false;
    log->when_synced(target, [&](Status s) { called = s.is_ok(); });
    EXPECT_TRUE(called) << "target 0 is answered at once";
    if (mode == CommitLogSync::kBatch) {
      EXPECT_GT(env_.fs().sync_count(), syncs);
    }
    ASSERT_TRUE(log->close().is_ok());
  }
}

TEST_F(CommitLogTest, CloseAnswersEveryWaiterAfterSyncingTheirRecords) {
  auto log = open(CommitLogSync::kGroup);
  std::atomic<int> ok{0};
  for (int i = 0; i < 20; ++i) {
    uint64_t target = 0;
    ASSERT_TRUE(log->append(payload(i), {table_id(1)}, &target).is_ok());
    log->when_synced(target, [&](Status s) { ok += s.is_ok() ? 1 : 0; });
  }
  ASSERT_TRUE(log->close().is_ok());
  EXPECT_EQ(ok.load(), 20);
  env_.fs().power_cut();
  log.reset();
  env_.fs().restore_power();
  EXPECT_EQ(replay_all()->size(), 20u);
}

TEST_F(CommitLogTest, AFailedSyncFailsTheWaitersAndLaterAppends) {
  auto log = open(CommitLogSync::kGroup);
  env_.fs().fail_syncs("CommitLog", 1);
  uint64_t target = 0;
  ASSERT_TRUE(log->append(payload(0), {table_id(1)}, &target).is_ok());
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Status> got;
  log->when_synced(target, [&](Status s) {
    std::lock_guard<std::mutex> lock(mu);
    got = s;
    cv.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return got.has_value(); });
  }
  EXPECT_FALSE(got->is_ok()) << "a waiter was told its record is durable after a failed fsync";
  EXPECT_FALSE(log->append(payload(1), {table_id(1)}, &target).is_ok());
}

TEST_F(CommitLogTest, ASegmentGoesOnlyWhenEveryTableInItHasFlushed) {
  auto log = open(CommitLogSync::kGroup);
  // Tables 1 and 2 both write into the first segment; then fill it to roll over.
  auto first = log->add(payload(0), {table_id(1)});
  ASSERT_TRUE(first.is_ok());
  ASSERT_TRUE(log->add(payload(1), {table_id(2)}).is_ok());
  while (log->segment_count() < 2) ASSERT_TRUE(log->add(payload(2), {table_id(1)}).is_ok());
  const ReplayPosition now = log->current_position();
  ASSERT_TRUE(log->discard_completed(table_id(1), now).is_ok());
  EXPECT_EQ(log->segment_count(), 2u) << "table 2 has not flushed: its segment must stay";
  ASSERT_TRUE(log->discard_completed(table_id(2), now).is_ok());
  EXPECT_EQ(log->segment_count(), 1u) << "the active segment stays, the clean one goes";
  const std::vector<std::string> left = segments();
  EXPECT_EQ(std::count(left.begin(), left.end(),
                       commitlog_format::segment_file_name(first->segment_id)),
            0)
      << "the clean segment's file is still there";
}

TEST_F(CommitLogTest, AFlushBeforeAPositionKeepsTheSegmentHoldingLaterData) {
  auto log = open(CommitLogSync::kGroup);
  ASSERT_TRUE(log->add(payload(0), {table_id(1)}).is_ok());
  const ReplayPosition flushed_upto = log->current_position();
  ASSERT_TRUE(log->add(payload(1), {table_id(1)}).is_ok());  // not flushed
  while (log->segment_count() < 2) ASSERT_TRUE(log->add(payload(2), {table_id(3)}).is_ok());
  ASSERT_TRUE(log->discard_completed(table_id(3), log->current_position()).is_ok());
  ASSERT_TRUE(log->discard_completed(table_id(1), flushed_upto).is_ok());
  EXPECT_EQ(log->segment_count(), 2u) << "table 1 still has unflushed data in segment 1";
}

TEST_F(CommitLogTest, SegmentsFromAPreviousRunAreReplayedThenDiscarded) {
  {
    auto log = open(CommitLogSync::kGroup);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(log->add(payload(i), {table_id(1)}).is_ok());
    ASSERT_TRUE(log->close().is_ok());
  }
  const std::vector<std::string> before = segments();
  auto log = open(CommitLogSync::kGroup);
  ASSERT_TRUE(log->add(payload(9), {table_id(1)}).is_ok());  // goes to a new segment
  std::vector<std::string> seen;
  ReplayStats stats;
  ASSERT_TRUE(log->replay(
                     [&](ReplayPosition, BytesView p) {
                       seen.emplace_back(p);
                       return Status::ok();
                     },
                     &stats)
                  .is_ok());
  EXPECT_EQ(seen, (std::vector<std::string>{payload(0), payload(1), payload(2)}));
  ASSERT_TRUE(log->discard_replayed().is_ok());
  EXPECT_EQ(log->segment_count(), 1u);
  for (const auto& name : segments()) {
    EXPECT_EQ(std::count(before.begin(), before.end(), name), 0) << name << " was replayed and stays";
  }
}

TEST_F(CommitLogTest, AFailedFsyncStopsTheLogInsteadOfLyingAboutDurability) {
  auto log = open(CommitLogSync::kGroup);
  ASSERT_TRUE(log->add(payload(0), {table_id(1)}).is_ok());
  env_.fs().fail_syncs("CommitLog", 1);
  auto failed = log->add(payload(1), {table_id(1)});
  ASSERT_FALSE(failed.is_ok());
  EXPECT_FALSE(log->add(payload(2), {table_id(1)}).is_ok()) << "later writes must fail too";
}

TEST(CommitLogOptionsTest, SyncModesAndPoliciesParseWithCassandrasNames) {
  EXPECT_EQ(parse_commitlog_sync("periodic").value(), CommitLogSync::kPeriodic);
  EXPECT_EQ(parse_commitlog_sync("group").value(), CommitLogSync::kGroup);
  EXPECT_EQ(parse_commitlog_sync("batch").value(), CommitLogSync::kBatch);
  auto bad = parse_commitlog_sync("sometimes");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("sometimes"), std::string::npos);
  EXPECT_EQ(parse_commit_failure_policy("stop").value(), CommitFailurePolicy::kStop);
  EXPECT_EQ(parse_commit_failure_policy("ignore").value(), CommitFailurePolicy::kIgnore);
  EXPECT_FALSE(parse_commit_failure_policy("maybe").is_ok());
}

}  // namespace
}  // namespace cairn::testing
