// Helpers for storage tests: a Database on a TestEnv, and a chat-like table.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {

class DatabaseTest : public ::testing::Test {
 protected:
  DatabaseTest() : logger_(LogLevel::kWarn, nullptr) {
    options_.data_directory = "/db";
    options_.commitlog_sync = CommitLogSync::kGroup;
    options_.commitlog_segment_size_bytes = 64 * 1024;
    // Background flushes run only when a test runs the scheduler: a writer waiting
    // for them would wait forever.
    options_.max_pending_flushes = 0;
    options_.logger = &logger_;
  }

  void open() {
    auto db = Database::open(env_.env(), options_);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string() << " (seed " << env_.seed() << ")";
    db_ = std::move(db).value();
  }
  void reopen() {
    if (db_) { ASSERT_TRUE(db_->close().is_ok()); }
    db_.reset();
    open();
  }
  // Simulates losing power: nothing is closed or flushed, unsynced bytes vanish.
  void power_cut_and_reopen() {
    env_.fs().power_cut();
    db_.reset();  // the dying process can no longer write anything
    env_.fs().restore_power();
    open();
  }

  // chat.messages (session text, seq int, body text, tags set<text>, title text static,
  //                PRIMARY KEY (session, seq))
  TableSchemaRef create_messages_table(ClusteringOrder order = ClusteringOrder::kAsc,
                                       int32_t default_ttl = 0) {
    EXPECT_TRUE(db_->create_keyspace({"chat"}, true).is_ok());
    TableOptions options;
    options.default_time_to_live = default_ttl;
    auto built = TableSchema::Builder("chat", "messages")
                     .partition_key("session", CqlType::text())
                     .clustering("seq", CqlType::int_(), order)
                     .regular("body", CqlType::text())
                     .regular("tags", CqlType::set(CqlType::text(), false))
                     .static_column("title", CqlType::text())
                     .options(options)
                     .build();
    EXPECT_TRUE(built.is_ok()) << built.status().to_string();
    auto table = db_->create_table(*built);
    EXPECT_TRUE(table.is_ok()) << table.status().to_string();
    return *table;
  }

  MutationBuilder builder(const TableSchemaRef& t, const std::string& session,
                          int64_t timestamp = 0) {
    if (timestamp == 0) timestamp = env_.clock().now_micros();
    return MutationBuilder(*t, {values::from_text(session)}, timestamp,
                           env_.clock().now_seconds());
  }

  Status put(const TableSchemaRef& t, const std::string& session, int seq,
             const std::string& body, int64_t timestamp = 0) {
    auto b = builder(t, session, timestamp);
    b.row({values::from_int(seq)}).marker().set("body", values::from_text(body));
    auto m = b.build();
    if (!m.is_ok()) return m.status();
    return db_->apply(*m).status();
  }

  DecoratedKey key(const TableSchemaRef& t, const std::string& session) {
    return make_partition_key(*t, {values::from_text(session)}).value();
  }

  // The (seq, body) pairs a read returns, in order.
  std::vector<std::pair<int, std::string>> rows(const TableSchemaRef& t, PartitionRead read) {
    auto r = db_->read(*t, read);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    std::vector<std::pair<int, std::string>> out;
    if (!r.is_ok() || !r->has_value()) return out;
    for (const auto& row : (*r)->rows) {
      auto body = column_value(*t, row, "body");
      out.emplace_back(*values::to_int(row.clustering[0]), body ? *body : "<null>");
    }
    return out;
  }
  std::vector<std::pair<int, std::string>> rows(const TableSchemaRef& t,
                                                const std::string& session) {
    return rows(t, PartitionRead{key(t, session)});
  }

  TestEnv env_{42};
  Logger logger_;
  DatabaseOptions options_;
  std::unique_ptr<Database> db_;
};

inline ClusteringBound bound(int v, ClusteringBound::Kind kind) {
  return ClusteringBound{{values::from_int(v)}, kind};
}

}  // namespace cairn::testing
