// Last-write-wins reconciliation and the live view of a partition (DESIGN.md §2).
#include <gtest/gtest.h>

#include "model/partition.h"

namespace cairn {
namespace {

constexpr int32_t kNow = 1'700'000'000;

TEST(ReconcileTest, GreaterTimestampWins) {
  Cell older = Cell::live(10, "zzz");
  Cell newer = Cell::live(11, "aaa");
  EXPECT_EQ(reconcile(older, newer), newer);
  EXPECT_EQ(reconcile(newer, older), newer);
  Cell tombstone = Cell::tombstone(9, kNow);
  EXPECT_EQ(reconcile(tombstone, older), older);  // an older tombstone loses
}

TEST(ReconcileTest, OnEqualTimestampsTombstoneThenExpiringThenGreaterValue) {
  Cell live = Cell::live(10, "zzz");
  Cell expiring = Cell::expiring(10, 100, kNow, "aaa");
  Cell tombstone = Cell::tombstone(10, kNow);
  EXPECT_EQ(reconcile(live, tombstone), tombstone);
  EXPECT_EQ(reconcile(tombstone, live), tombstone);
  EXPECT_EQ(reconcile(live, expiring), expiring);
  EXPECT_EQ(reconcile(expiring, tombstone), tombstone);
  // Two expiring cells: the one expiring later.
  Cell later = Cell::expiring(10, 200, kNow, "aaa");
  EXPECT_EQ(reconcile(expiring, later), later);
  // Two live cells: the greater value, compared as unsigned bytes.
  Cell high = Cell::live(10, "\x80");
  Cell low = Cell::live(10, "\x7f");
  EXPECT_EQ(reconcile(low, high), high);
  EXPECT_EQ(reconcile(high, low), high);
}

TEST(ReconcileTest, ReconciliationIsCommutativeAndAssociative) {
  std::vector<Cell> cells = {Cell::live(5, "b"), Cell::live(5, "a"), Cell::tombstone(5, kNow),
                             Cell::expiring(5, 10, kNow, "c"), Cell::live(6, "a"),
                             Cell::tombstone(4, kNow + 5)};
  for (const auto& a : cells) {
    for (const auto& b : cells) {
      EXPECT_EQ(reconcile(a, b), reconcile(b, a));
      for (const auto& c : cells) {
        EXPECT_EQ(reconcile(reconcile(a, b), c), reconcile(a, reconcile(b, c)));
      }
    }
  }
}

TEST(ReconcileTest, ExpiringCellsDieAtTheirDeletionTime) {
  Cell c = Cell::expiring(10, 60, kNow, "v");
  EXPECT_TRUE(c.is_live(kNow + 59));
  EXPECT_FALSE(c.is_live(kNow + 60));
  EXPECT_FALSE(Cell::tombstone(10, kNow).is_live(kNow));
  EXPECT_TRUE(Cell::live(10, "v").is_live(INT32_MAX - 1));
}

TEST(ReconcileTest, DeletionTimeShadowsEqualAndOlderTimestamps) {
  DeletionTime d{100, kNow};
  EXPECT_TRUE(d.deletes(100));
  EXPECT_TRUE(d.deletes(99));
  EXPECT_FALSE(d.deletes(101));
  DeletionTime live;
  EXPECT_FALSE(live.deletes(INT64_MIN + 1));
  live.merge(d);
  EXPECT_EQ(live, d);
}

TEST(ReconcileTest, RowMergeKeepsTheWinnerOfEveryCellAndTheLatestMarker) {
  Row a, b;
  a.liveness = {10, kNoTtl, kNoDeletionTime};
  a.columns[1].apply("", Cell::live(10, "a1"));
  a.columns[2].apply("", Cell::live(30, "a2"));
  b.liveness = {20, kNoTtl, kNoDeletionTime};
  b.columns[1].apply("", Cell::live(20, "b1"));
  b.columns[2].apply("", Cell::tombstone(25, kNow));
  b.columns[3].apply("k", Cell::live(5, "b3"));
  a.merge(b);
  EXPECT_EQ(a.liveness.timestamp, 20);
  EXPECT_EQ(a.columns[1].simple_cell()->value, "b1");
  EXPECT_EQ(a.columns[2].simple_cell()->value, "a2");
  EXPECT_EQ(a.columns[3].cells.size(), 1u);
}

}  // namespace
}  // namespace cairn
