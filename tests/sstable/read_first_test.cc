// SSTableReader::read_first: a limited slice of a wide partition decodes only the
// row-index blocks holding the rows it returns — from the slice's start, or from its
// end when reversed — where read(key, slices) reads every block up to the slice's end.
#include <gtest/gtest.h>

#include "model/mutation.h"
#include "model/mutation_builder.h"
#include "model/types.h"
#include "sstable/sstable.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

using Kind = ClusteringBound::Kind;
const std::string kDir = "/data/ks/t-0001";

ClusteringBound at(int v, Kind kind) { return ClusteringBound{{values::from_int(v)}, kind}; }

TEST(ReadFirstTest, ALimitedSliceReadsOnlyTheBlocksOfTheRowsItReturns) {
  TestEnv env(7);
  ASSERT_TRUE(env.fs().create_dirs(kDir).is_ok());
  auto table = TableSchema::Builder("ks", "t")
                   .partition_key("id", CqlType::text())
                   .clustering("seq", CqlType::int_())
                   .regular("body", CqlType::text())
                   .static_column("title", CqlType::text())
                   .build()
                   .value();
  constexpr int kRows = 20000;  // about 2.6 MB of rows, ~650 blocks of 4 KiB
  MutationBuilder b(*table, {values::from_text("wide")}, 5, 1700000000);
  for (int i = 0; i < kRows; ++i) {
    b.row({values::from_int(i)})
        .marker()
        .set("body", values::from_text(std::string(100, 'a' + i % 26)));
  }
  b.set("title", values::from_text("a wide one"));
  b.delete_range({at(10005, Kind::kInclusiveStart), at(10007, Kind::kInclusiveEnd)});
  Partition wide = std::move(b.build().value().partition);
  SSTableWriterOptions options;
  options.row_index_block_bytes = 4096;
  options.compression.chunk_length = 16 * 1024;
  const SSTableDescriptor descriptor{kDir, kCurrentSSTableVersion, 1};
  auto writer =
      SSTableWriter::create(env.env(), descriptor, table->clustering_comparator(), options).value();
  ASSERT_TRUE(writer->add(wide).is_ok());
  const SSTableStats stats = writer->finish().value();
  auto reader = SSTableReader::open(env.env(), descriptor, table->clustering_comparator()).value();

  // From the middle to the end: read() decodes half the partition, read_first 100 rows.
  const ClusteringSlice to_end{at(10000, Kind::kInclusiveStart), ClusteringBound::top()};
  uint64_t before = reader->data_bytes_read();
  auto all = reader->read(wide.key(), {to_end});
  ASSERT_TRUE(all.is_ok() && all->has_value()) << all.status().to_string();
  const uint64_t all_bytes = reader->data_bytes_read() - before;
  ASSERT_EQ((*all)->rows().size(), 10000u);

  before = reader->data_bytes_read();
  auto first = reader->read_first(wide.key(), to_end, 100, /*reversed=*/false);
  ASSERT_TRUE(first.is_ok() && first->has_value()) << first.status().to_string();
  const uint64_t first_bytes = reader->data_bytes_read() - before;
  ASSERT_EQ((*first)->rows().size(), 100u);
  EXPECT_EQ(*values::to_int((*first)->rows().begin()->first[0]), 10000);
  EXPECT_EQ(*values::to_int((*first)->rows().rbegin()->first[0]), 10099);
  EXPECT_EQ((*first)->static_row().columns.size(), 1u) << "the header comes with any slice";
  EXPECT_EQ((*first)->range_tombstones().size(), 1u);
  EXPECT_LT(first_bytes, 80u * 1024) << "of " << stats.data_size_bytes;
  EXPECT_GT(all_bytes, 10 * first_bytes);

  // Reversed: the last 100 rows of a slice from the start to the middle.
  const ClusteringSlice from_start{ClusteringBound::bottom(), at(10000, Kind::kExclusiveEnd)};
  before = reader->data_bytes_read();
  auto last = reader->read_first(wide.key(), from_start, 100, /*reversed=*/true);
  ASSERT_TRUE(last.is_ok() && last->has_value()) << last.status().to_string();
  EXPECT_LT(reader->data_bytes_read() - before, 80u * 1024);
  ASSERT_EQ((*last)->rows().size(), 100u);
  EXPECT_EQ(*values::to_int((*last)->rows().begin()->first[0]), 9900);
  EXPECT_EQ(*values::to_int((*last)->rows().rbegin()->first[0]), 9999);

  // Fewer rows in the slice than asked for: all of them.
  const ClusteringSlice tail{at(kRows - 3, Kind::kInclusiveStart), ClusteringBound::top()};
  auto few = reader->read_first(wide.key(), tail, 100, /*reversed=*/false);
  ASSERT_TRUE(few.is_ok() && few->has_value());
  EXPECT_EQ((*few)->rows().size(), 3u);
  // Rows equal to the whole read's.
  Partition expected =
      (*all)->slice({{at(10000, Kind::kInclusiveStart), at(10099, Kind::kInclusiveEnd)}});
  auto row = (*first)->rows().begin();
  for (const auto& [clustering, r] : expected.rows()) {
    ASSERT_NE(row, (*first)->rows().end());
    EXPECT_EQ(row->first, clustering);
    EXPECT_EQ(row->second.columns, r.columns);
    ++row;
  }
}

}  // namespace
}  // namespace cairn::testing
