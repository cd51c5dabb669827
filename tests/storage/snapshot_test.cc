// Snapshots, truncate and restore through the Database, as an operator uses them with
// nodetool snapshot / listsnapshots / clearsnapshot / truncate / import.
#include "storage/snapshot.h"

#include <algorithm>
#include <numeric>

#include "sstable/sstable.h"
#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

using RowList = std::vector<std::pair<int, std::string>>;

class SnapshotTest : public DatabaseTest {
 protected:
  static std::string table_dir(const TableSchemaRef& t) {
    std::string id = t->id().to_string();
    std::erase(id, '-');
    return "/db/" + t->keyspace() + "/" + t->name() + "-" + id;
  }
  static std::string snapshot_dir(const TableSchemaRef& t, const std::string& name) {
    return table_dir(t) + "/snapshots/" + name;
  }

  std::vector<std::string> files(const std::string& dir) {
    auto names = env_.fs().list_dir(dir);
    EXPECT_TRUE(names.is_ok()) << names.status().to_string();
    return names.is_ok() ? names.value() : std::vector<std::string>{};
  }
  // The names of the sstable component files in `dir`.
  std::vector<std::string> sstable_files(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& f : files(dir)) {
      if (SSTableDescriptor::parse(f).is_ok()) out.push_back(f);
    }
    return out;
  }
  // The number of complete sstables in `dir`.
  size_t sstables_in(const std::string& dir) {
    auto found = list_sstables(env_.fs(), dir, nullptr);
    EXPECT_TRUE(found.is_ok()) << found.status().to_string();
    return found.is_ok() ? found->size() : 0;
  }
  uint64_t bytes_of(const std::string& dir, const std::vector<std::string>& names) {
    uint64_t total = 0;
    for (const auto& n : names) total += env_.fs().file_size(dir + "/" + n).value();
    return total;
  }
  std::string contents(const std::string& path) {
    auto data = read_file(env_.fs(), path);
    EXPECT_TRUE(data.is_ok()) << data.status().to_string();
    return data.is_ok() ? data.value() : "";
  }
  std::vector<SnapshotInfo> snapshots() {
    auto list = db_->list_snapshots();
    EXPECT_TRUE(list.is_ok()) << list.status().to_string();
    return list.is_ok() ? list.value() : std::vector<SnapshotInfo>{};
  }

  // s1 seq 1-3 flushed to an sstable, s2 seq 1-2 only in the memtable.
  void write_rows(const TableSchemaRef& t) {
    for (int seq = 1; seq <= 3; ++seq) {
      ASSERT_TRUE(put(t, "s1", seq, "a" + std::to_string(seq)).is_ok());
    }
    ASSERT_TRUE(db_->flush_table("chat", "messages").is_ok());
    for (int seq = 1; seq <= 2; ++seq) {
      ASSERT_TRUE(put(t, "s2", seq, "b" + std::to_string(seq)).is_ok());
    }
  }
  void expect_rows(const TableSchemaRef& t) {
    EXPECT_EQ(rows(t, "s1"), (RowList{{1, "a1"}, {2, "a2"}, {3, "a3"}}));
    EXPECT_EQ(rows(t, "s2"), (RowList{{1, "b1"}, {2, "b2"}}));
  }
  void expect_no_rows(const TableSchemaRef& t) {
    EXPECT_TRUE(rows(t, "s1").empty());
    EXPECT_TRUE(rows(t, "s2").empty());
    auto page = db_->scan(*t, PartitionRange::all(), 100);
    ASSERT_TRUE(page.is_ok()) << page.status().to_string();
    EXPECT_TRUE(page->partitions.empty());
  }
};

TEST_F(SnapshotTest, SnapshotHardLinksEveryLiveSSTableWithSchemaAndManifest) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->snapshot("snap1").is_ok());

  // The flush before the snapshot wrote the memtable rows too: two live sstables.
  EXPECT_EQ(db_->sstable_count("chat", "messages"), 2u);
  const std::string dir = snapshot_dir(t, "snap1");
  ASSERT_TRUE(env_.fs().is_directory(dir));
  const auto live = sstable_files(table_dir(t));
  EXPECT_FALSE(live.empty());
  EXPECT_EQ(sstable_files(dir), live);
  for (const auto& f : live) {
    EXPECT_EQ(contents(dir + "/" + f), contents(table_dir(t) + "/" + f)) << f;
  }
  EXPECT_EQ(contents(dir + "/schema.cql"), db_->find_keyspace("chat")->to_cql() + t->to_cql());
  const std::string manifest = contents(dir + "/manifest.json");
  for (const auto& f : live) EXPECT_NE(manifest.find("\"" + f + "\""), std::string::npos) << f;
  EXPECT_NE(manifest.find("\"files\": ["), std::string::npos) << manifest;
  // The TestEnv clock starts at 1'700'000'000 s.
  EXPECT_NE(manifest.find("\"created_at\": \"2023-11-14T22:13:20.000Z\""), std::string::npos)
      << manifest;

  auto list = snapshots();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "snap1");
  EXPECT_EQ(list[0].keyspace, "chat");
  EXPECT_EQ(list[0].table, "messages");
  EXPECT_EQ(list[0].created_at, "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(list[0].total_bytes, bytes_of(dir, files(dir)));
  EXPECT_GT(list[0].total_bytes, bytes_of(dir, live));
  EXPECT_EQ(list[0].true_bytes, 0u);  // every file is still live

  // Compaction replaces the live sstables: the snapshot alone holds the old ones now.
  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());
  EXPECT_EQ(db_->sstable_count("chat", "messages"), 1u);
  list = snapshots();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].true_bytes, bytes_of(dir, live));
  expect_rows(t);

  ASSERT_TRUE(db_->clear_snapshot("snap1").is_ok());
  EXPECT_FALSE(env_.fs().exists(dir));
  EXPECT_FALSE(env_.fs().exists(table_dir(t) + "/snapshots"));
  EXPECT_TRUE(snapshots().empty());
  expect_rows(t);
}

TEST_F(SnapshotTest, SnapshotCoversTheKeyspacesAskedForAndSurvivesAPowerCut) {
  open();
  auto t = create_messages_table();
  ASSERT_TRUE(db_->create_keyspace({"other"}).is_ok());
  auto o = db_->create_table(TableSchema::Builder("other", "kv")
                                 .partition_key("k", CqlType::text())
                                 .regular("v", CqlType::text())
                                 .build()
                                 .value());
  ASSERT_TRUE(o.is_ok());
  write_rows(t);
  ASSERT_TRUE(db_->snapshot("only-chat", {"chat"}).is_ok());
  ASSERT_TRUE(db_->snapshot("everything").is_ok());
  power_cut_and_reopen();
  std::vector<std::string> seen;
  for (const auto& s : snapshots()) seen.push_back(s.keyspace + "." + s.table + "/" + s.name);
  EXPECT_EQ(seen, (std::vector<std::string>{"chat.messages/everything", "chat.messages/only-chat",
                                            "other.kv/everything"}));
  EXPECT_EQ(sstable_files(snapshot_dir(t, "everything")), sstable_files(table_dir(t)));

  // Clearing by keyspace, then everything.
  ASSERT_TRUE(db_->clear_snapshot("everything", {"other"}).is_ok());
  EXPECT_EQ(snapshots().size(), 2u);
  ASSERT_TRUE(db_->clear_snapshot().is_ok());
  EXPECT_TRUE(snapshots().empty());
  ASSERT_TRUE(db_->clear_snapshot("never-taken").is_ok());
}

TEST_F(SnapshotTest, ASnapshotTakenTheTableTruncatedTheSnapshotRestoredEveryRowIsBack) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  expect_rows(t);
  ASSERT_TRUE(db_->snapshot("before").is_ok());

  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  expect_no_rows(t);
  EXPECT_EQ(db_->sstable_count("chat", "messages"), 0u);
  // The rows are still in the commitlog: neither a clean restart nor a power cut may
  // replay them.
  reopen();
  expect_no_rows(t);
  power_cut_and_reopen();
  expect_no_rows(t);

  // Writes after the truncate are kept, across a power cut too.
  ASSERT_TRUE(put(t, "s3", 1, "after").is_ok());
  power_cut_and_reopen();
  EXPECT_EQ(rows(t, "s3"), (RowList{{1, "after"}}));
  EXPECT_TRUE(rows(t, "s1").empty());

  auto imported = db_->import_sstables("chat", "messages", snapshot_dir(t, "before"));
  ASSERT_TRUE(imported.is_ok()) << imported.status().to_string();
  EXPECT_EQ(imported.value(), 2u);
  expect_rows(t);
  EXPECT_EQ(rows(t, "s3"), (RowList{{1, "after"}}));
  // The snapshot is copied, not moved.
  EXPECT_EQ(sstables_in(snapshot_dir(t, "before")), 2u);

  reopen();
  expect_rows(t);
  power_cut_and_reopen();
  expect_rows(t);
  EXPECT_EQ(rows(t, "s3"), (RowList{{1, "after"}}));
}

TEST_F(SnapshotTest, WritesAfterARestartFollowingATruncateSurviveAPowerCut) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  reopen();
  ASSERT_TRUE(put(t, "s1", 9, "new").is_ok());
  power_cut_and_reopen();
  EXPECT_EQ(rows(t, "s1"), (RowList{{9, "new"}}));
  // A second truncate replaces the first record.
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  power_cut_and_reopen();
  expect_no_rows(t);
  EXPECT_TRUE(rows(t, "s1").empty());
}

TEST_F(SnapshotTest, SSTablesLeftBehindByACrashDuringTruncateAreDeletedAtOpen) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->snapshot("copy").is_ok());
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  ASSERT_TRUE(put(t, "s3", 1, "after").is_ok());
  ASSERT_TRUE(db_->close().is_ok());
  db_.reset();
  // As if the process died after recording the truncation but before deleting the
  // sstables: put the truncated files back under their old names.
  for (const auto& f : sstable_files(snapshot_dir(t, "copy"))) {
    ASSERT_TRUE(env_.fs().link(snapshot_dir(t, "copy") + "/" + f, table_dir(t) + "/" + f).is_ok());
  }
  open();
  EXPECT_TRUE(rows(t, "s1").empty());
  EXPECT_TRUE(rows(t, "s2").empty());
  EXPECT_EQ(rows(t, "s3"), (RowList{{1, "after"}}));
  EXPECT_EQ(db_->sstable_count("chat", "messages"), 1u);
}

TEST_F(SnapshotTest, TruncateTakesAnAutomaticSnapshotWhenAutoSnapshotIsOn) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  auto list = snapshots();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "truncated-1700000000000-messages");
  EXPECT_GT(list[0].true_bytes, 0u);  // the live files are gone
  EXPECT_EQ(sstables_in(snapshot_dir(t, list[0].name)), 2u);
  // A second truncate within the same millisecond gets its own name.
  ASSERT_TRUE(put(t, "s1", 1, "again").is_ok());
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  list = snapshots();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].name, "truncated-1700000000001-messages");

  // The automatic snapshot restores what the truncate removed.
  auto imported = db_->import_sstables("chat", "messages", snapshot_dir(t, list[0].name));
  ASSERT_TRUE(imported.is_ok()) << imported.status().to_string();
  expect_rows(t);
}

TEST_F(SnapshotTest, TruncateTakesNoSnapshotWhenAutoSnapshotIsOff) {
  options_.auto_snapshot = false;
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  EXPECT_TRUE(snapshots().empty());
  EXPECT_FALSE(env_.fs().exists(table_dir(t) + "/snapshots"));
  expect_no_rows(t);
  ASSERT_TRUE(db_->drop_table("chat", "messages").is_ok());
  EXPECT_TRUE(snapshots().empty());
  EXPECT_FALSE(env_.fs().exists(table_dir(t)));
}

TEST_F(SnapshotTest, DropTableSnapshotsAndKeepsTheSnapshotDirectory) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->drop_table("chat", "messages").is_ok());
  const std::string name = "dropped-1700000000000-messages";
  ASSERT_TRUE(env_.fs().is_directory(snapshot_dir(t, name)));
  EXPECT_EQ(files(table_dir(t)), (std::vector<std::string>{"snapshots"}));
  EXPECT_EQ(sstables_in(snapshot_dir(t, name)), 2u);
  reopen();
  auto list = snapshots();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, name);
  EXPECT_EQ(list[0].keyspace, "chat");
  EXPECT_EQ(list[0].table, "messages");
  EXPECT_EQ(list[0].true_bytes,
            bytes_of(snapshot_dir(t, name), sstable_files(snapshot_dir(t, name))));

  // The table created again (a new id, a new directory) takes the data back.
  auto again = create_messages_table();
  ASSERT_NE(again->id(), t->id());
  auto imported = db_->import_sstables("chat", "messages", snapshot_dir(t, name));
  ASSERT_TRUE(imported.is_ok()) << imported.status().to_string();
  expect_rows(again);

  // Clearing the last snapshot of a dropped table removes its directory.
  ASSERT_TRUE(db_->clear_snapshot(name, {"chat"}).is_ok());
  EXPECT_FALSE(env_.fs().exists(table_dir(t)));
  EXPECT_TRUE(env_.fs().exists(table_dir(again)));
}

TEST_F(SnapshotTest, DropKeyspaceKeepsEachTablesSnapshot) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->drop_keyspace("chat").is_ok());
  auto list = snapshots();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].keyspace, "chat");
  EXPECT_EQ(list[0].name, "dropped-1700000000000-messages");
  ASSERT_TRUE(db_->clear_snapshot("", {"chat"}).is_ok());
  EXPECT_TRUE(snapshots().empty());
  EXPECT_FALSE(env_.fs().exists("/db/chat"));
}

TEST_F(SnapshotTest, BadSnapshotNamesAndDuplicatesAreRefused) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  for (const char* bad : {"a/b", "/", ".", ".."}) {
    Status s = db_->snapshot(bad);
    EXPECT_TRUE(s.is_invalid_argument()) << "'" << bad << "': " << s.to_string();
  }
  Status s = db_->snapshot("x", {"nope"});
  EXPECT_TRUE(s.is_invalid_argument()) << s.to_string();
  EXPECT_NE(s.message().find("nope"), std::string::npos) << s.to_string();
  EXPECT_TRUE(db_->clear_snapshot("a/b").is_invalid_argument());
  EXPECT_TRUE(db_->clear_snapshot("", {"nope"}).is_invalid_argument());

  ASSERT_TRUE(db_->snapshot("daily").is_ok());
  s = db_->snapshot("daily");
  EXPECT_TRUE(s.is_already_exists()) << s.to_string();
  EXPECT_NE(s.message().find("daily"), std::string::npos) << s.to_string();
  EXPECT_NE(s.message().find("chat.messages"), std::string::npos) << s.to_string();
  EXPECT_EQ(snapshots().size(), 1u);

  // No name: the time in milliseconds, as nodetool snapshot without -t.
  ASSERT_TRUE(db_->snapshot("").is_ok());
  auto all = snapshots();
  ASSERT_EQ(all.size(), 2u);
  const std::string expected = std::to_string(env_.clock().now_micros() / 1000);
  EXPECT_TRUE(all[0].name == expected || all[1].name == expected);
}

TEST_F(SnapshotTest, TruncateAndImportOfUnknownOrSystemTablesFail) {
  open();
  auto t = create_messages_table();
  EXPECT_TRUE(db_->truncate("chat", "nope").is_not_found());
  EXPECT_TRUE(db_->truncate("nope", "messages").is_not_found());
  EXPECT_TRUE(db_->truncate("system", "schema_tables").is_invalid_argument());
  EXPECT_TRUE(db_->import_sstables("chat", "nope", "/staging").status().is_not_found());
  EXPECT_TRUE(
      db_->import_sstables("system", "schema_tables", "/staging").status().is_invalid_argument());
  auto missing = db_->import_sstables("chat", "messages", "/staging");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_TRUE(missing.status().is_not_found()) << missing.status().to_string();
  EXPECT_NE(missing.status().message().find("/staging"), std::string::npos);
  auto own = db_->import_sstables("chat", "messages", table_dir(t));
  EXPECT_TRUE(own.status().is_invalid_argument()) << own.status().to_string();
}

TEST_F(SnapshotTest, ImportingADamagedSSTableImportsNothing) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->snapshot("good").is_ok());
  ASSERT_TRUE(db_->truncate("chat", "messages").is_ok());
  const std::string dir = snapshot_dir(t, "good");
  const auto components = sstable_files(dir);
  ASSERT_EQ(sstables_in(dir), 2u);
  uint64_t last_generation = 0;
  for (const auto& f : components) {
    last_generation = std::max(last_generation, SSTableDescriptor::parse(f)->first.generation);
  }

  for (const std::string& damaged : std::vector<std::string>{"Index", "Statistics", "Data"}) {
    SCOPED_TRACE(damaged);
    // Stage a copy of both sstables and damage a component of the second one only.
    const std::string staging = "/staging-" + damaged;
    ASSERT_TRUE(env_.fs().create_dirs(staging).is_ok());
    std::string flipped;
    for (const auto& f : components) {
      ASSERT_TRUE(
          write_file_atomically(env_.fs(), staging + "/" + f, contents(dir + "/" + f)).is_ok());
      auto parsed = SSTableDescriptor::parse(f).value();
      if (component_name(parsed.second) == damaged && parsed.first.generation == last_generation) {
        flipped = staging + "/" + f;
      }
    }
    ASSERT_FALSE(flipped.empty());
    ASSERT_TRUE(env_.fs().flip_byte(flipped, env_.fs().file_size(flipped).value() / 2).is_ok());
    auto imported = db_->import_sstables("chat", "messages", staging);
    ASSERT_FALSE(imported.is_ok());
    EXPECT_TRUE(imported.status().is_corruption()) << imported.status().to_string();
    EXPECT_NE(imported.status().message().find(staging), std::string::npos)
        << imported.status().to_string();
    EXPECT_EQ(db_->sstable_count("chat", "messages"), 0u);
    EXPECT_TRUE(sstable_files(table_dir(t)).empty());
    expect_no_rows(t);
  }

  // An incomplete sstable (no TOC) in the source is skipped, the complete one imported.
  ASSERT_TRUE(env_.fs().create_dirs("/staging").is_ok());
  for (const auto& f : components) {
    auto parsed = SSTableDescriptor::parse(f).value();
    if (parsed.first.generation == last_generation && parsed.second == Component::kTOC) continue;
    ASSERT_TRUE(write_file_atomically(env_.fs(), "/staging/" + f, contents(dir + "/" + f)).is_ok());
  }
  auto imported = db_->import_sstables("chat", "messages", "/staging");
  ASSERT_TRUE(imported.is_ok()) << imported.status().to_string();
  EXPECT_EQ(imported.value(), 1u);
  EXPECT_EQ(rows(t, "s1"), (RowList{{1, "a1"}, {2, "a2"}, {3, "a3"}}));
  EXPECT_TRUE(rows(t, "s2").empty());
}

TEST_F(SnapshotTest, ASnapshotRacingACompactionTakesTheNewViewWhole) {
  open();
  auto t = create_messages_table();
  write_rows(t);
  ASSERT_TRUE(db_->flush().is_ok());
  // Readers of the two sstables, then a compaction deletes their files.
  std::vector<std::shared_ptr<SSTableReader>> old_view;
  for (const auto& d : list_sstables(env_.fs(), table_dir(t), nullptr).value()) {
    old_view.push_back(SSTableReader::open(env_.env(), d, t->clustering_comparator()).value());
  }
  ASSERT_EQ(old_view.size(), 2u);
  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());
  std::vector<std::shared_ptr<SSTableReader>> new_view;
  for (const auto& d : list_sstables(env_.fs(), table_dir(t), nullptr).value()) {
    new_view.push_back(SSTableReader::open(env_.env(), d, t->clustering_comparator()).value());
  }
  ASSERT_EQ(new_view.size(), 1u);
  int calls = 0;
  Status s = take_snapshot(
      env_.env(), table_dir(t), "raced", [&] { return ++calls == 1 ? old_view : new_view; },
      t->to_cql());
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(sstable_files(snapshot_dir(t, "raced")), sstable_files(table_dir(t)));
}

TEST(SnapshotFormatTest, Iso8601TimesAreUtcWithMilliseconds) {
  EXPECT_EQ(format_iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601_utc(1'700'000'000'123'456), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(format_iso8601_utc(951'782'400'000'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_iso8601_utc(-1'000), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace cairn::testing
