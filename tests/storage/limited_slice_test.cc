// A read of one clustering slice with a row limit (ColumnFamilyStore::read's limited
// path: Memtable::read_first, SSTableReader::read_first, merged_first) returns exactly
// what the whole slice, cut to the limit, returns: forwards and reversed, inclusive and
// exclusive bounds, across memtable and several sstables with row-index blocks, with
// row, range and partition tombstones, expired rows and overwrites in between.
#include <string>

#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

using Kind = ClusteringBound::Kind;
using RowList = std::vector<std::pair<int, std::string>>;

class LimitedSliceTest : public DatabaseTest {
 protected:
  // The first `limit` rows of `read` with the limit taken off: the unlimited path
  // (merged() over every source), which the limited one must agree with.
  RowList unlimited_prefix(const TableSchemaRef& t, PartitionRead read, size_t limit) {
    read.row_limit = SIZE_MAX;
    RowList all = rows(t, read);
    if (all.size() > limit) all.resize(limit);
    return all;
  }

  // Every slice shape below, each limit, both directions: the limited read equals the
  // unlimited one cut to the limit.
  void expect_limited_reads_agree(const TableSchemaRef& t, const std::string& session, int max) {
    const std::vector<ClusteringSlice> slices = {
        ClusteringSlice::all(),
        {bound(0, Kind::kInclusiveStart), ClusteringBound::top()},
        {bound(250, Kind::kInclusiveStart), ClusteringBound::top()},
        {bound(299, Kind::kExclusiveStart), bound(650, Kind::kInclusiveEnd)},
        {bound(301, Kind::kInclusiveStart), bound(599, Kind::kExclusiveEnd)},
        {ClusteringBound::bottom(), bound(420, Kind::kExclusiveEnd)},
        {bound(max - 3, Kind::kInclusiveStart), ClusteringBound::top()},
        {bound(max + 10, Kind::kInclusiveStart), ClusteringBound::top()},      // past the end
        {bound(500, Kind::kInclusiveStart), bound(400, Kind::kInclusiveEnd)},  // empty
    };
    for (size_t s = 0; s < slices.size(); ++s) {
      for (size_t limit : {size_t{1}, size_t{7}, size_t{100}, size_t{5000}}) {
        for (bool reversed : {false, true}) {
          PartitionRead read{key(t, session), {slices[s]}};
          read.reversed = reversed;
          read.row_limit = limit;
          EXPECT_EQ(rows(t, read), unlimited_prefix(t, read, limit))
              << "slice " << s << " limit " << limit << (reversed ? " reversed" : "");
        }
      }
    }
  }

  // ~300-byte bodies: 1,000 rows make ~18 row-index blocks of 16 KiB per sstable.
  static std::string body(int seq, const std::string& tag) {
    return tag + std::to_string(seq) + std::string(300, 'x');
  }
};

TEST_F(LimitedSliceTest, MatchesTheWholeSliceAcrossMemtableSSTablesAndTombstones) {
  open();
  auto t = create_messages_table();
  constexpr int kRows = 1000;
  // sstable 1: every even row.
  for (int seq = 0; seq < kRows; seq += 2)
    ASSERT_TRUE(put(t, "w", seq, body(seq, "a"), 1000).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  // sstable 2: every odd row, then tombstones over both: row deletions of every row in
  // 100..199 that is a multiple of 3, a range deletion of 300..600, and rows with a
  // 10-second TTL at 700..749.
  for (int seq = 1; seq < kRows; seq += 2)
    ASSERT_TRUE(put(t, "w", seq, body(seq, "b"), 1500).is_ok());
  {
    auto b = builder(t, "w", 2000);
    for (int seq = 102; seq < 200; seq += 3) b.delete_row({values::from_int(seq)});
    b.delete_range({bound(300, Kind::kInclusiveStart), bound(600, Kind::kInclusiveEnd)});
    ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
    auto e = builder(t, "w", 2000);
    e.ttl(10);
    for (int seq = 700; seq < 750; ++seq) {
      e.row({values::from_int(seq)}).marker().set("body", values::from_text(body(seq, "t")));
    }
    ASSERT_TRUE(db_->apply(e.build().value()).is_ok());
  }
  ASSERT_TRUE(db_->flush().is_ok());
  // Memtable: rows inside the deleted range written after it (visible again), and
  // overwrites of the first rows.
  for (int seq = 400; seq < 410; ++seq) ASSERT_TRUE(put(t, "w", seq, "back", 3000).is_ok());
  for (int seq = 0; seq < 5; ++seq) ASSERT_TRUE(put(t, "w", seq, "new", 3000).is_ok());

  // A few results spelled out, so the check does not rest on the unlimited path alone.
  PartitionRead read{key(t, "w"), {{bound(299, Kind::kInclusiveStart), ClusteringBound::top()}}};
  read.row_limit = 3;
  EXPECT_EQ(rows(t, read), (RowList{{299, body(299, "b")}, {400, "back"}, {401, "back"}}));
  read.slices = {{ClusteringBound::bottom(), bound(300, Kind::kInclusiveEnd)}};
  read.reversed = true;
  EXPECT_EQ(rows(t, read),
            (RowList{{299, body(299, "b")}, {298, body(298, "a")}, {297, body(297, "b")}}));
  read.slices = {ClusteringSlice::all()};
  read.reversed = false;
  read.row_limit = 6;
  EXPECT_EQ(
      rows(t, read),
      (RowList{{0, "new"}, {1, "new"}, {2, "new"}, {3, "new"}, {4, "new"}, {5, body(5, "b")}}));

  expect_limited_reads_agree(t, "w", kRows - 1);
  env_.clock().advance(std::chrono::seconds(10));  // rows 700..749 expire
  expect_limited_reads_agree(t, "w", kRows - 1);
  read.slices = {{bound(698, Kind::kInclusiveStart), ClusteringBound::top()}};
  read.row_limit = 3;
  EXPECT_EQ(rows(t, read),
            (RowList{{698, body(698, "a")}, {699, body(699, "b")}, {750, body(750, "a")}}));

  // Everything in one sstable, then the partition deleted in the memtable.
  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());
  expect_limited_reads_agree(t, "w", kRows - 1);
  auto d = builder(t, "w", 4000);
  d.delete_partition();
  ASSERT_TRUE(db_->apply(d.build().value()).is_ok());
  ASSERT_TRUE(put(t, "w", 800, "after", 5000).is_ok());
  read.slices = {ClusteringSlice::all()};
  read.row_limit = 2;
  EXPECT_EQ(rows(t, read), (RowList{{800, "after"}}));
  expect_limited_reads_agree(t, "w", kRows - 1);
}

TEST_F(LimitedSliceTest, OnlyStaticRowOrAbsentPartition) {
  open();
  auto t = create_messages_table();
  auto b = builder(t, "s");
  b.set("title", values::from_text("hello"));  // static: no clustering rows at all
  ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
  for (bool flushed : {false, true}) {
    if (flushed) {
      ASSERT_TRUE(db_->flush().is_ok());
    }
    PartitionRead read{key(t, "s"), {{bound(3, Kind::kInclusiveStart), ClusteringBound::top()}}};
    read.row_limit = 5;
    auto r = db_->read(*t, read);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    ASSERT_TRUE(r->has_value());
    EXPECT_TRUE((*r)->rows.empty());
    EXPECT_FALSE((*r)->static_row.empty());
    read.key = key(t, "absent");
    r = db_->read(*t, read);
    ASSERT_TRUE(r.is_ok());
    EXPECT_FALSE(r->has_value());
  }
}

}  // namespace
}  // namespace cairn::testing
