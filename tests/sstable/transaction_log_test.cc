// TransactionLog: a replacement of sstables is completed or rolled back after a crash
// at any step — never both, never neither.
#include "sstable/transaction_log.h"

#include <gtest/gtest.h>

#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

const std::string kDir = "/data/ks/t-01";

class TransactionLogTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(env_.fs().create_dirs(kDir).is_ok()); }

  // Creates a complete-looking sstable (every component, TOC last).
  SSTableDescriptor make(uint64_t generation) {
    SSTableDescriptor d{kDir, kCurrentSSTableVersion, generation};
    for (Component c : {Component::kData, Component::kIndex, Component::kFilter,
                        Component::kStatistics, Component::kDigest, Component::kTOC}) {
      EXPECT_TRUE(write_file_atomically(env_.fs(), d.path(c), "x").is_ok());
    }
    return d;
  }

  std::vector<uint64_t> generations() {
    std::vector<uint64_t> out;
    for (const auto& d : list_sstables(env_.fs(), kDir, nullptr).value()) out.push_back(d.generation);
    return out;
  }

  bool has_logs() {
    for (const auto& name : env_.fs().list_dir(kDir).value()) {
      if (name.starts_with("txn-")) return true;
    }
    return false;
  }

  // The process dies holding `txn`: with the power off its destructor can do nothing,
  // and everything it synced is still there afterwards.
  void crash(std::unique_ptr<TransactionLog> txn) {
    env_.fs().power_cut();
    txn.reset();
    env_.fs().restore_power();
  }

  Status recover() { return TransactionLog::recover(env_.fs(), kDir, &logger_); }

  TestEnv env_{3};
  Logger logger_{LogLevel::kError, nullptr};
};

TEST_F(TransactionLogTest, ACommittedTransactionRemovesItsInputs) {
  auto a = make(1), b = make(2);
  auto txn = TransactionLog::begin(env_.fs(), kDir, "c3", {a, b}).value();
  SSTableDescriptor out{kDir, kCurrentSSTableVersion, 3};
  ASSERT_TRUE(txn->record_new(out).is_ok());
  make(3);
  ASSERT_TRUE(txn->commit().is_ok());
  EXPECT_EQ(generations(), std::vector<uint64_t>{3});
  EXPECT_FALSE(has_logs());
}

TEST_F(TransactionLogTest, AnAbortedTransactionRemovesItsOutputs) {
  auto a = make(1);
  auto txn = TransactionLog::begin(env_.fs(), kDir, "c2", {a}).value();
  ASSERT_TRUE(txn->record_new({kDir, kCurrentSSTableVersion, 2}).is_ok());
  make(2);
  ASSERT_TRUE(txn->abort().is_ok());
  EXPECT_EQ(generations(), std::vector<uint64_t>{1});
  EXPECT_FALSE(has_logs());
}

// A crash at every step of the protocol, simulated by a power cut: afterwards exactly
// one of the two sets of sstables exists.
TEST_F(TransactionLogTest, RecoveryAfterAPowerCutAtEveryStepKeepsExactlyOneSide) {
  for (int step = 0; step <= 4; ++step) {
    SCOPED_TRACE("crash after step " + std::to_string(step));
    TestEnv env(step);  // a fresh file system for each round
    ASSERT_TRUE(env.fs().create_dirs(kDir).is_ok());
    ASSERT_TRUE(env.fs().sync_dir("/data/ks").is_ok());
    auto make_in = [&](uint64_t g) {
      SSTableDescriptor d{kDir, kCurrentSSTableVersion, g};
      for (Component c : {Component::kData, Component::kIndex, Component::kFilter,
                          Component::kStatistics, Component::kDigest, Component::kTOC}) {
        EXPECT_TRUE(write_file_atomically(env.fs(), d.path(c), "x").is_ok());
      }
      return d;
    };
    auto a = make_in(1), b = make_in(2);
    std::unique_ptr<TransactionLog> txn;
    if (step >= 1) txn = TransactionLog::begin(env.fs(), kDir, "c3", {a, b}).value();
    if (step >= 2) {
      ASSERT_TRUE(txn->record_new({kDir, kCurrentSSTableVersion, 3}).is_ok());
    }
    if (step >= 3) make_in(3);
    if (step >= 4) {
      ASSERT_TRUE(txn->commit().is_ok());
    }
    env.fs().power_cut();
    txn.reset();  // the process died: with the power off its destructor can do nothing
    env.fs().restore_power();

    ASSERT_TRUE(TransactionLog::recover(env.fs(), kDir, &logger_).is_ok());
    std::vector<uint64_t> left;
    for (const auto& d : list_sstables(env.fs(), kDir, nullptr).value()) left.push_back(d.generation);
    if (step == 4) {
      EXPECT_EQ(left, std::vector<uint64_t>{3});
    } else {
      EXPECT_EQ(left, (std::vector<uint64_t>{1, 2}));
    }
    for (const auto& name : env.fs().list_dir(kDir).value()) EXPECT_FALSE(name.starts_with("txn-"));
  }
}

TEST_F(TransactionLogTest, ATornLastLineCountsAsUncommitted) {
  auto a = make(1);
  auto txn = TransactionLog::begin(env_.fs(), kDir, "c2", {a}).value();
  ASSERT_TRUE(txn->record_new({kDir, kCurrentSSTableVersion, 2}).is_ok());
  make(2);
  const std::string path = txn->path();
  crash(std::move(txn));
  // The commit line was being written when the process died: half of it arrived.
  Bytes text = read_file(env_.fs(), path).value();
  ASSERT_TRUE(env_.fs().overwrite(path, text + "comm").is_ok());
  ASSERT_TRUE(recover().is_ok());
  EXPECT_EQ(generations(), std::vector<uint64_t>{1});
}

TEST_F(TransactionLogTest, DamageBeforeTheLastLineIsReportedAndNothingIsDeleted) {
  auto a = make(1);
  auto txn = TransactionLog::begin(env_.fs(), kDir, "c2", {a}).value();
  ASSERT_TRUE(txn->record_new({kDir, kCurrentSSTableVersion, 2}).is_ok());
  make(2);
  const std::string path = txn->path();
  crash(std::move(txn));
  ASSERT_TRUE(env_.fs().flip_byte(path, 2).is_ok());
  Status s = recover();
  ASSERT_FALSE(s.is_ok());
  EXPECT_TRUE(s.is_corruption());
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  EXPECT_EQ(generations(), (std::vector<uint64_t>{1, 2}));
}

}  // namespace
}  // namespace cairn::testing
