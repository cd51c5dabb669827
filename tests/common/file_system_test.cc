#include <gtest/gtest.h>

#include "common/env/mem_file_system.h"
#include "common/env/posix_file_system.h"
#include "tests/lib/test_env.h"

namespace cairn {
namespace {

// The same contract checks run against both implementations.
void check_basic_contract(FileSystem& fs, const std::string& root) {
  ASSERT_TRUE(fs.create_dirs(join_path(root, "a/b")).is_ok());
  EXPECT_TRUE(fs.is_directory(join_path(root, "a/b")));
  auto file = fs.new_writable_file(join_path(root, "a/b/f"));
  ASSERT_TRUE(file.is_ok());
  ASSERT_TRUE((*file)->append("hello ").is_ok());
  ASSERT_TRUE((*file)->append("world").is_ok());
  EXPECT_EQ((*file)->size(), 11u);
  ASSERT_TRUE((*file)->sync().is_ok());
  ASSERT_TRUE((*file)->close().is_ok());
  auto data = read_file(fs, join_path(root, "a/b/f"));
  ASSERT_TRUE(data.is_ok());
  EXPECT_EQ(*data, "hello world");
  auto reader = fs.new_random_access_file(join_path(root, "a/b/f"));
  ASSERT_TRUE(reader.is_ok());
  Bytes part;
  ASSERT_TRUE((*reader)->read(6, 100, &part).is_ok());
  EXPECT_EQ(part, "world");  // short read at the end of the file
  auto names = fs.list_dir(join_path(root, "a"));
  ASSERT_TRUE(names.is_ok());
  EXPECT_EQ(*names, std::vector<std::string>{"b"});
  ASSERT_TRUE(fs.rename(join_path(root, "a/b/f"), join_path(root, "a/b/g")).is_ok());
  EXPECT_FALSE(fs.exists(join_path(root, "a/b/f")));
  ASSERT_TRUE(fs.link(join_path(root, "a/b/g"), join_path(root, "a/b/h")).is_ok());
  EXPECT_EQ(*read_file(fs, join_path(root, "a/b/h")), "hello world");
  ASSERT_TRUE(write_file_atomically(fs, join_path(root, "a/b/g"), "new").is_ok());
  EXPECT_EQ(*read_file(fs, join_path(root, "a/b/g")), "new");
  EXPECT_TRUE(fs.new_random_access_file(join_path(root, "missing")).status().is_not_found());

  auto lock = fs.lock_file(join_path(root, "LOCK"));
  ASSERT_TRUE(lock.is_ok());
  auto second = fs.lock_file(join_path(root, "LOCK"));
  EXPECT_TRUE(second.status().is_busy()) << second.status().to_string();
  lock->reset();
  EXPECT_TRUE(fs.lock_file(join_path(root, "LOCK")).is_ok());
}

TEST(FileSystemTest, PosixHonorsTheContract) {
  testing::TempDir dir;
  PosixFileSystem fs;
  check_basic_contract(fs, dir.path());
}

TEST(FileSystemTest, MemHonorsTheContract) {
  MemFileSystem fs;
  check_basic_contract(fs, "/root");
}

TEST(MemFileSystemTest, PowerCutDropsUnsyncedBytesAndNames) {
  MemFileSystem fs;
  ASSERT_TRUE(fs.create_dirs("/d").is_ok());
  auto durable = fs.new_writable_file("/d/durable").value();
  ASSERT_TRUE(durable->append("synced").is_ok());
  ASSERT_TRUE(durable->sync().is_ok());
  ASSERT_TRUE(fs.sync_dir("/d").is_ok());
  ASSERT_TRUE(durable->append(" and lost").is_ok());
  auto unnamed = fs.new_writable_file("/d/never-dir-synced").value();
  ASSERT_TRUE(unnamed->append("x").is_ok());
  ASSERT_TRUE(unnamed->sync().is_ok());

  fs.power_cut();
  EXPECT_TRUE(fs.new_writable_file("/d/after").status().is_io_error());  // the machine is off
  fs.restore_power();

  EXPECT_EQ(*read_file(fs, "/d/durable"), "synced");
  EXPECT_FALSE(fs.exists("/d/never-dir-synced"));
  // Handles from before the cut are dead.
  EXPECT_FALSE(durable->append("more").is_ok());
}

TEST(MemFileSystemTest, RenameOverDurableFileKeepsOldContentsUntilDirSync) {
  MemFileSystem fs;
  ASSERT_TRUE(fs.create_dirs("/d").is_ok());
  ASSERT_TRUE(write_file_atomically(fs, "/d/f", "old").is_ok());
  auto tmp = fs.new_writable_file("/d/f.new").value();
  ASSERT_TRUE(tmp->append("new").is_ok());
  ASSERT_TRUE(tmp->sync().is_ok());
  ASSERT_TRUE(fs.rename("/d/f.new", "/d/f").is_ok());
  fs.power_cut();
  fs.restore_power();
  EXPECT_EQ(*read_file(fs, "/d/f"), "old");
}

TEST(MemFileSystemTest, InjectedFaults) {
  MemFileSystem fs;
  ASSERT_TRUE(fs.create_dirs("/d").is_ok());
  auto f = fs.new_writable_file("/d/log").value();
  fs.fail_appends("log", 1);
  EXPECT_TRUE(f->append("a").is_io_error());
  EXPECT_TRUE(f->append("b").is_ok());  // only one failure was armed
  fs.fail_syncs("", -1);
  EXPECT_TRUE(f->sync().is_io_error());
  EXPECT_TRUE(f->sync().is_io_error());
  fs.clear_faults();
  EXPECT_TRUE(f->sync().is_ok());

  fs.set_capacity_bytes(4);
  Status full = f->append("cdefgh");
  EXPECT_TRUE(full.is_io_error());
  EXPECT_NE(full.message().find("no space"), std::string::npos);
  EXPECT_EQ(f->size(), 4u);  // a short write: what fitted

  ASSERT_TRUE(fs.flip_byte("/d/log", 0).is_ok());
  EXPECT_EQ((*read_file(fs, "/d/log"))[0], 'b' ^ 1);
}

TEST(FailPointsTest, ArmsFromSpecAndTriggersAfterSkips) {
  FailPoints fp;
  EXPECT_TRUE(fp.check("x").is_ok());
  ASSERT_TRUE(fp.arm_from_spec("x=error@2").is_ok());
  EXPECT_TRUE(fp.check("x").is_ok());
  EXPECT_TRUE(fp.check("x").is_ok());
  EXPECT_FALSE(fp.check("x").is_ok());
  EXPECT_TRUE(fp.check("x").is_ok());  // count 1: disarmed after triggering
  EXPECT_TRUE(fp.arm_from_spec("y=explode").is_invalid_argument());
  EXPECT_TRUE(fp.arm_from_spec("novalue").is_invalid_argument());
  EXPECT_TRUE(fp.arm_from_spec("z=kill@abc").is_invalid_argument());
}

TEST(SchedulerTest, ManualSchedulerRunsTasksWhenDue) {
  ManualClock clock;
  ManualScheduler scheduler(&clock);
  std::vector<int> ran;
  scheduler.post_after(std::chrono::seconds(10), [&] { ran.push_back(10); });
  scheduler.post([&] { ran.push_back(0); });
  EXPECT_EQ(scheduler.run_until_idle(), 1);
  EXPECT_EQ(ran, std::vector<int>{0});
  scheduler.run_for(std::chrono::seconds(9));
  EXPECT_EQ(ran.size(), 1u);
  scheduler.run_for(std::chrono::seconds(1));
  EXPECT_EQ(ran, (std::vector<int>{0, 10}));
}

TEST(SchedulerTest, ThreadSchedulerRunsPostedTasks) {
  SystemClock clock;
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  {
    ThreadScheduler scheduler(&clock, 2);
    for (int i = 0; i < 10; ++i) {
      scheduler.post([&] {
        std::lock_guard<std::mutex> lock(mu);
        ++done;
        cv.notify_all();
      });
    }
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done == 10; });
  }
  EXPECT_EQ(done, 10);
}

TEST(StatusTest, MessagesAndContext) {
  Status s = Status::corruption("bad block").with_context("/data/x-Data.db");
  EXPECT_TRUE(s.is_corruption());
  EXPECT_EQ(s.to_string(), "Corruption: /data/x-Data.db: bad block");
  EXPECT_EQ(Status::ok().with_context("ignored").to_string(), "OK");
  Result<int> r = Status::not_found("nope");
  EXPECT_FALSE(r.is_ok());
  Result<int> v = 5;
  EXPECT_EQ(*v, 5);
}

}  // namespace
}  // namespace cairn
