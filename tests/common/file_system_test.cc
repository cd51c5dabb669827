#include <gtest/gtest.h>

#include <cstring>

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

// A mapped file: created zero-filled at its full size, stores through data() are in
// the file for any reader at once (no write call), and released pages keep their bytes.
void check_mapped_contract(FileSystem& fs, const std::string& root) {
  ASSERT_TRUE(fs.create_dirs(root).is_ok());
  const std::string path = join_path(root, "mapped");
  constexpr uint64_t kSize = 3 * 4096 + 100;
  auto file = fs.new_mapped_file(path, kSize);
  ASSERT_TRUE(file.is_ok()) << file.status().to_string();
  MappedFile& m = *file.value();
  EXPECT_EQ(m.size(), kSize);
  EXPECT_EQ(*read_file(fs, path), Bytes(kSize, '\0'));
  std::memcpy(m.data(), "header", 6);
  ASSERT_TRUE(m.sync(6).is_ok());
  std::memcpy(m.data() + 4096 + 10, "record", 6);
  // Visible to a reader before any sync: it is in the page cache.
  Bytes seen = *read_file(fs, path);
  ASSERT_EQ(seen.size(), kSize);
  EXPECT_EQ(seen.substr(0, 6), "header");
  EXPECT_EQ(seen.substr(4096 + 10, 6), "record");
  m.release(2 * 4096);  // the pages go back; the bytes stay
  ASSERT_TRUE(m.sync(4096 + 16).is_ok());
  std::memcpy(m.data() + kSize - 4, "tail", 4);
  ASSERT_TRUE(m.sync(kSize).is_ok());
  ASSERT_TRUE(m.close().is_ok());
  seen = *read_file(fs, path);
  EXPECT_EQ(seen.substr(4096 + 10, 6), "record");
  EXPECT_EQ(seen.substr(kSize - 4), "tail");
  EXPECT_EQ(seen.substr(6, 4096), Bytes(4096, '\0'));
  EXPECT_TRUE(fs.new_mapped_file(path, 0).status().is_invalid_argument());
}

TEST(FileSystemTest, PosixHonorsTheContract) {
  testing::TempDir dir;
  PosixFileSystem fs;
  check_basic_contract(fs, dir.path());
  check_mapped_contract(fs, join_path(dir.path(), "m"));
}

TEST(FileSystemTest, MemHonorsTheContract) {
  MemFileSystem fs;
  check_basic_contract(fs, "/root");
  check_mapped_contract(fs, "/root/m");
}

TEST(MemFileSystemTest, PowerCutKeepsAMappedFilesSizeAndSyncedBytesOnly) {
  MemFileSystem fs;
  ASSERT_TRUE(fs.create_dirs("/d").is_ok());
  auto m = fs.new_mapped_file("/d/seg", 64).value();
  std::memcpy(m->data(), "synced", 6);
  ASSERT_TRUE(m->sync(6).is_ok());
  ASSERT_TRUE(fs.sync_dir("/d").is_ok());
  std::memcpy(m->data() + 6, " lost", 5);
  EXPECT_EQ(read_file(fs, "/d/seg")->substr(0, 11), "synced lost");

  fs.power_cut();
  // The dying process still stores into its mapping: that never reaches the file.
  std::memcpy(m->data() + 20, "late", 4);
  fs.restore_power();
  Bytes expected(64, '\0');
  expected.replace(0, 6, "synced");
  EXPECT_EQ(*read_file(fs, "/d/seg"), expected);
  EXPECT_TRUE(m->sync(64).is_io_error());  // the handle died with the power

  // A mapped file whose name was never made durable is gone.
  auto fresh = fs.new_mapped_file("/d/fresh", 64).value();
  ASSERT_TRUE(fresh->sync(64).is_ok());
  fs.power_cut();
  fs.restore_power();
  EXPECT_FALSE(fs.exists("/d/fresh"));
}

TEST(MemFileSystemTest, MappedFilesReserveTheirSpaceAndTakeInjectedFaults) {
  MemFileSystem fs;
  ASSERT_TRUE(fs.create_dirs("/d").is_ok());
  fs.set_capacity_bytes(100);
  Status full = fs.new_mapped_file("/d/big", 101).status();
  EXPECT_TRUE(full.is_io_error());
  EXPECT_NE(full.message().find("no space"), std::string::npos);
  fs.set_capacity_bytes(0);
  fs.fail_appends("seg", 1);
  EXPECT_TRUE(fs.new_mapped_file("/d/seg", 64).status().is_io_error());
  auto m = fs.new_mapped_file("/d/seg", 64).value();
  fs.fail_syncs("seg", 1);
  const uint64_t before = fs.sync_count();
  EXPECT_TRUE(m->sync(10).is_io_error());
  EXPECT_TRUE(m->sync(10).is_ok());
  EXPECT_EQ(fs.sync_count(), before + 1);
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
