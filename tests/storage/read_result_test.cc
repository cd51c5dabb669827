// live_read() (storage/read_result.h), the read path's one-pass reduction of a merged
// partition, gives exactly what the general path gives — Partition::live_view() then
// to_read_partition() — on seeded random partitions holding every kind of tombstone
// (partition, range, row, cell), expiring and expired cells and row markers, a static
// row, and cells of a dropped column; at several read times, row limits and in both
// directions. And point reads through the Database (several sources — memtable and
// sstables — then one after compaction; overwrites, an older write that loses, TTL,
// row and partition deletions) return the rows spelled out here.
#include "storage/read_result.h"

#include <algorithm>
#include <random>
#include <string>

#include "sstable/sstable.h"
#include "tests/lib/test_env.h"
#include "tests/storage/storage_test_util.h"

namespace cairn::testing {
namespace {

constexpr int32_t kNow = 1'000'000;

// The general path, as ColumnFamilyStore::read took it before live_read().
std::optional<ReadPartition> reference(const TableSchema& schema, const Partition& merged,
                                       bool reversed, size_t row_limit, int32_t now) {
  Partition live = merged.live_view(now);
  if (live.rows().empty() && live.static_row().empty()) return std::nullopt;
  ReadPartition out = to_read_partition(schema, live, reversed, row_limit);
  if (out.rows.empty() && out.static_row.empty()) return std::nullopt;
  return out;
}

void expect_same(const std::optional<ReadPartition>& got, const std::optional<ReadPartition>& want,
                 const std::string& where) {
  ASSERT_EQ(got.has_value(), want.has_value()) << where;
  if (!got) return;
  EXPECT_EQ(got->key.key, want->key.key) << where;
  EXPECT_EQ(got->static_row, want->static_row) << where;
  EXPECT_EQ(got->rows, want->rows) << where;
}

// A table with a static column, two regular columns and one dropped column (id 9).
TableSchemaRef schema_with_dropped_column(bool with_dropped) {
  // With a dropped column every id is explicit, as ALTER TABLE leaves them.
  TableSchema::Builder b("ks", "t");
  auto column = [&](const char* name, TypeRef type, ColumnKind kind, ColumnId id) {
    ColumnDefinition c{name, std::move(type), kind};
    c.id = id;
    b.column_with_id(std::move(c));
  };
  column("p", CqlType::text(), ColumnKind::kPartitionKey, 0);
  column("c", CqlType::int_(), ColumnKind::kClustering, 1);
  column("s", CqlType::text(), ColumnKind::kStatic, 2);
  column("a", CqlType::text(), ColumnKind::kRegular, 3);
  column("b", CqlType::text(), ColumnKind::kRegular, 4);
  if (with_dropped) {
    DroppedColumn d;
    d.name = "gone";
    d.type = CqlType::text();
    d.id = 9;
    d.dropped_at_micros = 500;
    b.dropped_column(d);
  }
  auto built = b.build();
  EXPECT_TRUE(built.is_ok()) << built.status().to_string();
  return built.value();
}

class RandomPartitions {
 public:
  RandomPartitions(const TableSchema& schema, uint32_t seed) : schema_(schema), rng_(seed) {}

  Partition next() {
    Partition p(schema_.clustering_comparator(), DecoratedKey::of("key" + std::to_string(n_++)));
    if (chance(4)) p.delete_partition(DeletionTime{ts(), kNow - 10});
    for (int i = 0, n = pick(3); i < n; ++i) {
      const int lo = pick(40);
      p.add_range_tombstone(RangeTombstone{
          {ClusteringBound{{values::from_int(lo)}, ClusteringBound::Kind::kInclusiveStart},
           ClusteringBound{{values::from_int(lo + pick(10))},
                           ClusteringBound::Kind::kInclusiveEnd}},
          DeletionTime{ts(), kNow - 5}});
    }
    if (chance(2)) {
      Row s;
      add_cell(&s, column("s"));
      if (chance(3)) add_cell(&s, 9);
      p.apply_static(s);
    }
    for (int i = 0, n = pick(30); i < n; ++i) {
      Row r;
      r.clustering = {values::from_int(pick(50))};
      switch (pick(4)) {
        case 0: break;  // no marker
        case 1: r.liveness = LivenessInfo{ts(), kNoTtl, kNoDeletionTime}; break;
        case 2: r.liveness = LivenessInfo{ts(), 100, kNow + pick(20) - 10}; break;  // may expire
        default: r.liveness = LivenessInfo{ts(), kNoTtl, kNoDeletionTime}; break;
      }
      if (chance(6)) r.deletion = DeletionTime{ts(), kNow - 1};
      if (chance(2)) add_cell(&r, column("a"));
      if (chance(2)) add_cell(&r, column("b"));
      if (chance(4)) add_cell(&r, 9);
      p.apply_row(std::move(r));
    }
    return p;
  }

 private:
  ColumnId column(const char* name) const { return schema_.find_column(name)->id; }
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int one_in) { return pick(one_in) == 0; }
  int64_t ts() { return 1000 + pick(1000); }
  void add_cell(Row* row, ColumnId id) {
    Cell cell;
    switch (pick(4)) {
      case 0: cell = Cell::tombstone(ts(), kNow - 3); break;
      case 1: cell = Cell{ts(), 100, kNow + pick(20) - 10, "e" + std::to_string(pick(100))}; break;
      default: cell = Cell::live(ts(), "v" + std::to_string(pick(100))); break;
    }
    row->columns[id].apply(Bytes(), std::move(cell));
  }

  const TableSchema& schema_;
  std::mt19937 rng_;
  int n_ = 0;
};

TEST(ReadResultTest, LiveReadMatchesLiveViewThenToReadPartition) {
  size_t compared = 0, empty = 0, with_rows = 0;
  for (bool with_dropped : {false, true}) {
    auto schema = schema_with_dropped_column(with_dropped);
    RandomPartitions random(*schema, with_dropped ? 7 : 11);
    for (int i = 0; i < 400; ++i) {
      const Partition p = random.next();
      for (int32_t now : {kNow - 20, kNow, kNow + 20}) {
        for (size_t limit : {size_t{0}, size_t{1}, size_t{3}, SIZE_MAX}) {
          for (bool reversed : {false, true}) {
            const auto want = reference(*schema, p, reversed, limit, now);
            expect_same(live_read(*schema, p, reversed, limit, now), want,
                        "partition " + std::to_string(i) + " now " + std::to_string(now) +
                            " limit " + std::to_string(limit) + (reversed ? " reversed" : "") +
                            (with_dropped ? " dropped" : ""));
            ++compared;
            if (!want) ++empty;
            if (want && !want->rows.empty()) ++with_rows;
          }
        }
      }
    }
  }
  // The random partitions reach both outcomes often, so the comparison means something.
  EXPECT_GT(empty, compared / 20);
  EXPECT_GT(with_rows, compared / 4);
}

// A reader with only the required methods (as the `ca` reader, which has no row
// index): visit_slice, read(key, slices) and read_first are SSTableReader's defaults,
// built on read(key), which it takes from a real reader.
class WholePartitionReader final : public SSTableReader {
 public:
  explicit WholePartitionReader(std::shared_ptr<SSTableReader> inner)
      : SSTableReader(nullptr, inner->descriptor(), inner->stats()), inner_(std::move(inner)) {}
  bool may_contain(const DecoratedKey& key) const override { return inner_->may_contain(key); }
  Result<std::optional<Partition>> read(const DecoratedKey& key) const override {
    return inner_->read(key);
  }
  std::unique_ptr<SSTableScanner> scanner() const override { return inner_->scanner(); }
  void collect_keys(const PartitionRange& range, size_t limit,
                    std::vector<DecoratedKey>* out) const override {
    inner_->collect_keys(range, limit, out);
  }
  Status verify() const override { return inner_->verify(); }
  std::vector<std::string> component_paths() const override { return {}; }

 private:
  std::shared_ptr<SSTableReader> inner_;
};

// read_one_sstable(), the read path when one sstable is the only source, against
// live_read() of what SSTableReader::read(key, {slice}) gives (the general path): the
// random partitions written to one sstable with tiny row-index blocks (so most have a
// row index and a slice walks several blocks), every slice shape, limits, both
// directions, read times on both sides of the expiries, with and without a dropped
// column; and keys the sstable does not hold. Both through the cb reader's own
// visit_slice and SSTableReader's default one (what the ca reader uses).
TEST(ReadResultTest, ReadOneSSTableMatchesTheGeneralPath) {
  size_t compared = 0, with_rows = 0;
  for (bool with_dropped : {false, true}) {
    TestEnv env(3);
    const std::string dir = with_dropped ? "/data/ks/t-2" : "/data/ks/t-1";
    ASSERT_TRUE(env.fs().create_dirs(dir).is_ok());
    auto schema = schema_with_dropped_column(with_dropped);
    RandomPartitions random(*schema, with_dropped ? 5 : 13);
    std::vector<Partition> partitions;
    for (int i = 0; i < 80; ++i) {
      Partition p = random.next();
      if (!p.empty()) partitions.push_back(std::move(p));
    }
    std::sort(partitions.begin(), partitions.end(),
              [](const Partition& a, const Partition& b) { return a.key() < b.key(); });
    SSTableWriterOptions options;
    options.row_index_block_bytes = 64;
    const SSTableDescriptor descriptor{dir, kCurrentSSTableVersion, 1};
    auto writer =
        SSTableWriter::create(env.env(), descriptor, schema->clustering_comparator(), options)
            .value();
    for (const Partition& p : partitions) ASSERT_TRUE(writer->add(p).is_ok());
    ASSERT_TRUE(writer->finish().is_ok());
    std::shared_ptr<SSTableReader> cb =
        SSTableReader::open(env.env(), descriptor, schema->clustering_comparator()).value();
    WholePartitionReader whole(cb);

    using Kind = ClusteringBound::Kind;
    auto at = [](int v, Kind kind) { return ClusteringBound{{values::from_int(v)}, kind}; };
    const std::vector<ClusteringSlice> slices = {
        ClusteringSlice::all(),
        {at(10, Kind::kInclusiveStart), ClusteringBound::top()},
        {at(10, Kind::kExclusiveStart), at(30, Kind::kInclusiveEnd)},
        {ClusteringBound::bottom(), at(25, Kind::kExclusiveEnd)},
        {at(20, Kind::kInclusiveStart), at(20, Kind::kInclusiveEnd)},
        {at(60, Kind::kInclusiveStart), ClusteringBound::top()},       // past the end
        {at(30, Kind::kInclusiveStart), at(20, Kind::kInclusiveEnd)},  // empty
    };
    std::vector<DecoratedKey> keys;
    for (const Partition& p : partitions) keys.push_back(p.key());
    keys.push_back(DecoratedKey::of("not there"));
    const SSTableReader* readers[] = {cb.get(), &whole};
    for (const SSTableReader* reader : readers) {
      for (const DecoratedKey& key : keys) {
        for (size_t s = 0; s < slices.size(); ++s) {
          auto general = reader->read(key, {slices[s]});
          ASSERT_TRUE(general.is_ok()) << general.status().to_string();
          for (int32_t now : {kNow - 20, kNow + 20}) {
            for (size_t limit : {size_t{0}, size_t{1}, size_t{4}, SIZE_MAX}) {
              for (bool reversed : {false, true}) {
                const std::optional<ReadPartition> want =
                    *general ? live_read(*schema, **general, reversed, limit, now) : std::nullopt;
                auto got = read_one_sstable(*schema, *reader, key, slices[s], reversed, limit, now);
                ASSERT_TRUE(got.is_ok()) << got.status().to_string();
                expect_same(*got, want,
                            key.key + " slice " + std::to_string(s) + " now " +
                                std::to_string(now) + " limit " + std::to_string(limit) +
                                (reversed ? " reversed" : "") + (with_dropped ? " dropped" : "") +
                                (reader == cb.get() ? "" : " default visit_slice"));
                ++compared;
                if (want && want->rows.size() > 1) ++with_rows;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(with_rows, compared / 10);
}

// A read of a key the sstable does not hold stops before the Data component: the
// bloom filter answers most misses, and its false positives end at the Index page.
// (data_bytes_read counts every byte read from Data.) Hits do read Data, so the
// counter is live.
TEST(ReadResultTest, MissesReadNoDataBytes) {
  TestEnv env(4);
  const std::string dir = "/data/ks/t-3";
  ASSERT_TRUE(env.fs().create_dirs(dir).is_ok());
  auto schema = schema_with_dropped_column(false);
  std::vector<Partition> partitions;
  for (int i = 0; i < 2000; ++i) {
    Partition p(schema->clustering_comparator(), DecoratedKey::of("k" + std::to_string(i)));
    Row r;
    r.clustering = {values::from_int(1)};
    r.liveness = LivenessInfo{100, kNoTtl, kNoDeletionTime};
    r.columns[schema->find_column("a")->id].apply(Bytes(), Cell::live(100, "v"));
    p.apply_row(std::move(r));
    partitions.push_back(std::move(p));
  }
  std::sort(partitions.begin(), partitions.end(),
            [](const Partition& a, const Partition& b) { return a.key() < b.key(); });
  const SSTableDescriptor descriptor{dir, kCurrentSSTableVersion, 1};
  SSTableWriterOptions options;
  options.expected_partitions = partitions.size();  // sizes the bloom filter
  auto writer =
      SSTableWriter::create(env.env(), descriptor, schema->clustering_comparator(), options)
          .value();
  for (const Partition& p : partitions) ASSERT_TRUE(writer->add(p).is_ok());
  ASSERT_TRUE(writer->finish().is_ok());
  auto reader = SSTableReader::open(env.env(), descriptor, schema->clustering_comparator()).value();

  size_t passed_bloom = 0;
  for (int i = 0; i < 5000; ++i) {
    const DecoratedKey absent = DecoratedKey::of("absent" + std::to_string(i));
    if (reader->may_contain(absent)) ++passed_bloom;
    auto r =
        read_one_sstable(*schema, *reader, absent, ClusteringSlice::all(), false, SIZE_MAX, kNow);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_FALSE(r->has_value());
  }
  EXPECT_EQ(reader->data_bytes_read(), 0u);
  EXPECT_LT(passed_bloom, 5000u / 20);  // fp_chance 0.01: about 50 of them
  EXPECT_GT(passed_bloom, 0u);          // so some misses did reach the Index
  auto hit = read_one_sstable(*schema, *reader, partitions[7].key(), ClusteringSlice::all(), false,
                              SIZE_MAX, kNow);
  ASSERT_TRUE(hit.is_ok() && hit->has_value());
  EXPECT_GT(reader->data_bytes_read(), 0u);
}

// Through the Database: a point read merges memtable and sstables and reduces the merge
// with live_read(); it must equal the general path applied to the same merge.
class PointReadTest : public DatabaseTest {};

TEST_F(PointReadTest, PointReadsAgreeWithTheGeneralPathAcrossSources) {
  open();
  auto t = create_messages_table();
  // sstable 1: sessions 0..9, rows 0..4.
  for (int s = 0; s < 10; ++s)
    for (int seq = 0; seq < 5; ++seq)
      ASSERT_TRUE(put(t, "s" + std::to_string(s), seq, "one", 1000).is_ok());
  ASSERT_TRUE(db_->flush().is_ok());
  // sstable 2: overwrites of rows 0..1, a row deletion, TTL'd rows, a deleted session.
  for (int s = 0; s < 10; ++s) {
    const std::string session = "s" + std::to_string(s);
    for (int seq = 0; seq < 2; ++seq) ASSERT_TRUE(put(t, session, seq, "two", 2000).is_ok());
    auto b = builder(t, session, 2100);
    b.delete_row({values::from_int(3)});
    ASSERT_TRUE(db_->apply(b.build().value()).is_ok());
    auto e = builder(t, session, 2200);
    e.ttl(10);
    e.row({values::from_int(7)}).marker().set("body", values::from_text("ttl"));
    ASSERT_TRUE(db_->apply(e.build().value()).is_ok());
  }
  {
    auto d = builder(t, "s9", 2500);
    d.delete_partition();
    ASSERT_TRUE(db_->apply(d.build().value()).is_ok());
  }
  ASSERT_TRUE(db_->flush().is_ok());
  // Memtable: a later overwrite and an older write that loses.
  ASSERT_TRUE(put(t, "s0", 4, "three", 3000).is_ok());
  ASSERT_TRUE(put(t, "s1", 4, "stale", 500).is_ok());

  using RowList = std::vector<std::pair<int, std::string>>;
  auto check = [&](const std::string& session, const RowList& want) {
    EXPECT_EQ(rows(t, session), want) << session;
  };
  check("s0", {{0, "two"}, {1, "two"}, {2, "one"}, {4, "three"}, {7, "ttl"}});
  check("s1", {{0, "two"}, {1, "two"}, {2, "one"}, {4, "one"}, {7, "ttl"}});
  check("s9", {});
  check("nobody", {});
  env_.clock().advance(std::chrono::seconds(10));  // row 7 expires
  check("s0", {{0, "two"}, {1, "two"}, {2, "one"}, {4, "three"}});
  ASSERT_TRUE(db_->compact("chat", "messages").is_ok());  // one source now
  check("s0", {{0, "two"}, {1, "two"}, {2, "one"}, {4, "three"}});
  check("s2", {{0, "two"}, {1, "two"}, {2, "one"}, {4, "one"}});
  check("s9", {});
}

}  // namespace
}  // namespace cairn::testing
