// Every sstable version Cairn ever wrote stays readable: each directory under
// tests/data/legacy-sstables/ is a frozen data directory written by that version's
// writer (see generate_golden.cc), read here by today's code and compared with the
// renderings frozen beside it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sstable/sstable.h"
#include "tests/legacy/golden.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(CAIRN_SOURCE_DIR) / "tests/data/legacy-sstables";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Copies the golden data directory into the in-memory file system at `to`, so the
// test never writes to the source tree.
void copy_into(MemFileSystem& mem, const fs::path& from, const std::string& to) {
  ASSERT_TRUE(mem.create_dirs(to).is_ok());
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    const std::string target = to + "/" + fs::relative(entry.path(), from).string();
    if (entry.is_directory()) {
      ASSERT_TRUE(mem.create_dirs(target).is_ok());
    } else {
      ASSERT_TRUE(write_file_atomically(mem, target, slurp(entry.path())).is_ok()) << target;
    }
  }
}

std::vector<std::string> versions() {
  std::vector<std::string> out;
  if (!fs::exists(kRoot)) return out;
  for (const auto& entry : fs::directory_iterator(kRoot)) {
    if (entry.is_directory()) out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LegacySSTablesTest, EveryVersionEverWrittenHasGoldenFiles) {
  auto all = versions();
  EXPECT_NE(std::find(all.begin(), all.end(), "ca"), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), kCurrentSSTableVersion), all.end())
      << "the version this build writes needs golden files in the commit that introduces it";
}

class LegacySSTablesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LegacySSTablesTest, TodaysReaderReturnsWhatTheOldWriterStored) {
  const std::string version = GetParam();
  const fs::path dir = kRoot / version;
  TestEnv env(1);
  env.clock().set_micros(kGoldenNowMicros);
  copy_into(env.fs(), dir / "data", "/golden");

  // Every sstable is of this version and verifies.
  int sstables = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "data")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with("-Data.db")) continue;
    EXPECT_EQ(name.substr(0, version.size() + 1), version + "-") << name;
    ++sstables;
  }
  EXPECT_GE(sstables, 4);

  Logger logger(LogLevel::kWarn, nullptr);
  DatabaseOptions options;
  options.data_directory = "/golden";
  options.commitlog_directory = "/commitlog";
  options.auto_compaction = false;
  options.logger = &logger;
  auto db = Database::open(env.env(), options);
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();

  auto raw = render_all_raw(env.env(), *db.value(), "/golden");
  ASSERT_TRUE(raw.is_ok()) << raw.status().to_string();
  EXPECT_EQ(raw.value(), slurp(dir / "expected-raw.txt"));

  std::string live = "# at the golden time\n";
  auto now = render_all_live(*db.value());
  ASSERT_TRUE(now.is_ok()) << now.status().to_string();
  live += now.value();
  env.clock().set_micros(kGoldenNowMicros + kWeekMicros);
  live += "# a week later\n";
  auto later = render_all_live(*db.value());
  ASSERT_TRUE(later.is_ok()) << later.status().to_string();
  live += later.value();
  EXPECT_EQ(live, slurp(dir / "expected-live.txt"));
  EXPECT_EQ(logger.warnings(), 0);
  if (version == "ca") {
    // ca's max local deletion time ignored cells that never expire: its reader must
    // report "never", or a ca sstable with live data could be dropped as expired.
    for (const auto& table : db.value()->tables("golden")) {
      std::string id = table->id().to_string();
      std::erase(id, '-');
      for (const auto& d : list_sstables(env.fs(), "/golden/golden/" + table->name() + "-" + id,
                                         nullptr)
                               .value()) {
        auto reader = SSTableReader::open(env.env(), d, table->clustering_comparator()).value();
        EXPECT_EQ(reader->stats().max_local_deletion_time, kNoDeletionTime) << d.path(Component::kData);
      }
    }
  }
}

// Replaces "== ks.t sstable <version>-<generation>" headers, which an upgrade changes.
std::string without_sstable_names(const std::string& raw) {
  std::string out;
  std::istringstream in(raw);
  for (std::string line; std::getline(in, line);) {
    const size_t mark = line.find(" sstable ");
    out += (line.starts_with("== ") && mark != std::string::npos ? line.substr(0, mark + 8) : line);
    out += "\n";
  }
  return out;
}

std::vector<std::string> data_files(MemFileSystem& mem, const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& name : mem.list_dir(dir).value()) {
    const std::string path = dir + "/" + name;
    if (mem.is_directory(path)) {
      auto inner = data_files(mem, path);
      out.insert(out.end(), inner.begin(), inner.end());
    } else if (name.ends_with("-Data.db")) {
      out.push_back(name);
    }
  }
  return out;
}

// upgradesstables, online: every old sstable is rewritten as the current version and
// the data reads back identically, cell for cell and tombstone for tombstone.
TEST_P(LegacySSTablesTest, UpgradeRewritesOldSSTablesAndEverythingReadsTheSame) {
  const std::string version = GetParam();
  if (version == kCurrentSSTableVersion) GTEST_SKIP() << "the current version needs no upgrade";
  TestEnv env(2);
  env.clock().set_micros(kGoldenNowMicros);
  copy_into(env.fs(), kRoot / version / "data", "/golden");
  Logger logger(LogLevel::kWarn, nullptr);
  DatabaseOptions options;
  options.data_directory = "/golden";
  options.commitlog_directory = "/commitlog";
  options.auto_compaction = false;
  options.logger = &logger;
  auto db = Database::open(env.env(), options).value();
  const std::string raw_before = without_sstable_names(render_all_raw(env.env(), *db, "/golden").value());
  const std::string live_before = render_all_live(*db).value();

  std::vector<Database::UpgradeProgress> seen;
  auto rewritten = db->upgrade_sstables("", {}, false, [&](const auto& p) { seen.push_back(p); });
  ASSERT_TRUE(rewritten.is_ok()) << rewritten.status().to_string();
  const auto files = data_files(env.fs(), "/golden");
  EXPECT_EQ(rewritten.value(), files.size());
  ASSERT_EQ(seen.size(), files.size());
  EXPECT_EQ(seen.back().done, seen.back().total);
  for (const auto& f : files) EXPECT_TRUE(f.starts_with(std::string(kCurrentSSTableVersion) + "-")) << f;

  EXPECT_EQ(without_sstable_names(render_all_raw(env.env(), *db, "/golden").value()), raw_before);
  EXPECT_EQ(render_all_live(*db).value(), live_before);
  // Nothing is left to upgrade; -a rewrites the current ones again, still identical.
  EXPECT_EQ(db->upgrade_sstables().value(), 0u);
  EXPECT_EQ(db->upgrade_sstables("golden", {"events"}, /*include_current=*/true).value(), 2u);
  EXPECT_TRUE(db->upgrade_sstables("golden", {"nope"}).status().is_not_found());
  ASSERT_TRUE(db->close().is_ok());
  db.reset();
  auto again = Database::open(env.env(), options).value();
  EXPECT_EQ(without_sstable_names(render_all_raw(env.env(), *again, "/golden").value()), raw_before);
  EXPECT_EQ(render_all_live(*again).value(), live_before);
}

INSTANTIATE_TEST_SUITE_P(Versions, LegacySSTablesTest, ::testing::ValuesIn(versions()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace cairn::testing
