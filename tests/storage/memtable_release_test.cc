// A flushed memtable is freed on a scheduler thread, not by the thread that flushed it.
#include <gtest/gtest.h>

#include "model/mutation_builder.h"
#include "storage/options.h"
#include "storage/column_family_store.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

TEST(MemtableReleaseTest, AFlushedMemtableIsFreedOnTheSchedulerNotByTheFlush) {
  TestEnv env(11);
  Logger logger(LogLevel::kWarn, nullptr);
  auto schema = TableSchema::Builder("ks", "t")
                    .partition_key("k", CqlType::blob())
                    .regular("v", CqlType::blob())
                    .build()
                    .value();
  ColumnFamilyStore store(env.env(), schema, "/data/ks/t", nullptr, DatabaseOptions{}, &logger,
                          ReplayPosition{});
  ASSERT_TRUE(store.load().is_ok());
  for (int i = 0; i < 100; ++i) {
    MutationBuilder m(*schema, {"key" + std::to_string(i)}, 1000 + i, 1);
    m.row({}).marker().set("v", std::string(50, 'v'));
    store.apply(m.build().value().partition);
  }
  // Every partition of the memtable holds a reference to the table's clustering
  // comparator: the count says whether the flushed memtable is still alive.
  ASSERT_TRUE(store.switch_memtable(ReplayPosition{1, 100}));
  ASSERT_TRUE(store.flush_pending(/*wait=*/true).is_ok());
  const long alive = schema->clustering_comparator().use_count();
  env.scheduler().run_until_idle();
  const long freed = schema->clustering_comparator().use_count();
  EXPECT_GE(alive - freed, 100) << "the flushing thread freed the memtable itself";
}

}  // namespace
}  // namespace cairn::testing
