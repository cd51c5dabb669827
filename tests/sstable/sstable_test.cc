// SSTable version "ca": what flush writes reads back exactly; every component is
// checked and damage is reported naming the file; incomplete sstables are recognized.
#include "sstable/sstable.h"

#include <gtest/gtest.h>

#include <map>

#include "model/mutation.h"
#include "model/mutation_builder.h"
#include "model/types.h"
#include "common/coding.h"
#include "sstable/bloom_filter.h"
#include "sstable/format_cb.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

const std::string kDir = "/data/ks/t-0001";

class SSTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.fs().create_dirs(kDir).is_ok());
    table_ = TableSchema::Builder("ks", "t")
                 .partition_key("id", CqlType::text())
                 .clustering("seq", CqlType::int_(), ClusteringOrder::kDesc)
                 .regular("body", CqlType::text())
                 .regular("tags", CqlType::set(CqlType::text(), false))
                 .static_column("title", CqlType::text())
                 .build()
                 .value();
  }

  // A partition with rows, a static cell, a TTL'd cell, a collection and every kind
  // of tombstone.
  Partition partition(const std::string& id, int rows = 3) {
    MutationBuilder b(*table_, {values::from_text(id)}, 1000 + rows, 1700000000);
    b.set("title", values::from_text("title of " + id));
    for (int i = 0; i < rows; ++i) {
      b.row({values::from_int(i)}).marker().set("body", values::from_text(id + "/" + std::to_string(i)));
    }
    b.row({values::from_int(0)}).add_to_set("tags", values::from_text("urgent"));
    b.ttl(3600).row({values::from_int(1)}).set("body", values::from_text("expires"));
    b.ttl(0).row({values::from_int(2)}).erase("body");
    b.delete_row({values::from_int(100)});
    b.delete_range(ClusteringSlice{ClusteringBound{{values::from_int(50)}, ClusteringBound::Kind::kInclusiveStart},
                                   ClusteringBound{{values::from_int(60)}, ClusteringBound::Kind::kExclusiveEnd}});
    auto m = b.build();
    EXPECT_TRUE(m.is_ok()) << m.status().to_string();
    return std::move(m.value().partition);
  }

  SSTableDescriptor descriptor(uint64_t generation = 1) {
    return SSTableDescriptor{kDir, kCurrentSSTableVersion, generation};
  }

  // Writes `partitions` (sorted here) as generation `generation`.
  Result<SSTableStats> write(std::vector<Partition> partitions, uint64_t generation = 1) {
    std::sort(partitions.begin(), partitions.end(),
              [](const Partition& a, const Partition& b) { return a.key() < b.key(); });
    SSTableWriterOptions options;
    options.expected_partitions = partitions.size();
    options.commitlog_upper_bound = ReplayPosition{7, 4096};
    CAIRN_ASSIGN_OR_RETURN(auto writer, SSTableWriter::create(env_.env(), descriptor(generation),
                                                              table_->clustering_comparator(), options));
    for (const Partition& p : partitions) CAIRN_RETURN_IF_ERROR(writer->add(p));
    return writer->finish();
  }

  std::shared_ptr<SSTableReader> open(uint64_t generation = 1) {
    auto r = SSTableReader::open(env_.env(), descriptor(generation), table_->clustering_comparator());
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? r.value() : nullptr;
  }

  static Bytes encoded(const Partition& p) {
    Bytes out;
    encode_partition_body(p, &out);
    return out;
  }

  TestEnv env_{7};
  TableSchemaRef table_;
};

TEST_F(SSTableTest, WhatIsWrittenReadsBackExactly) {
  std::vector<Partition> written;
  for (int i = 0; i < 50; ++i) written.push_back(partition("key-" + std::to_string(i), 1 + i % 5));
  auto stats = write(written);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  auto reader = open();
  ASSERT_TRUE(reader);
  for (const Partition& p : written) {
    auto read = reader->read(p.key());
    ASSERT_TRUE(read.is_ok()) << read.status().to_string();
    ASSERT_TRUE(read->has_value());
    EXPECT_EQ(encoded(**read), encoded(p));
  }
  auto missing = reader->read(DecoratedKey::of(Bytes("not there")));
  ASSERT_TRUE(missing.is_ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_TRUE(reader->verify().is_ok());
}

TEST_F(SSTableTest, StatisticsDescribeTheContents) {
  std::vector<Partition> written = {partition("a", 2), partition("b", 4)};
  auto stats = write(written).value();
  auto reader = open();
  const SSTableStats& s = reader->stats();
  EXPECT_EQ(s.version, kCurrentSSTableVersion);
  EXPECT_EQ(s.partition_count, 2u);
  EXPECT_EQ(s.row_count, stats.row_count);
  EXPECT_EQ(s.min_timestamp, 1002);
  EXPECT_EQ(s.max_timestamp, 1004);
  EXPECT_EQ(s.min_local_deletion_time, 1700000000);   // the erase and deletions
  EXPECT_EQ(s.max_local_deletion_time, kNoDeletionTime);  // live cells never expire
  EXPECT_EQ(s.min_token, std::min(written[0].key().token, written[1].key().token));
  EXPECT_EQ(s.max_token, std::max(written[0].key().token, written[1].key().token));
  // Per partition: a cell tombstone, a row tombstone and a range tombstone.
  EXPECT_EQ(s.tombstone_count, 6u);
  EXPECT_EQ(s.commitlog_upper_bound, (ReplayPosition{7, 4096}));
  EXPECT_EQ(s.data_size_bytes, env_.fs().file_size(descriptor().path(Component::kData)).value());
}

TEST_F(SSTableTest, PartitionsMustArriveInKeyOrder) {
  Partition a = partition("a"), b = partition("b");
  if (b.key() < a.key()) std::swap(a, b);
  auto writer = SSTableWriter::create(env_.env(), descriptor(), table_->clustering_comparator(), {}).value();
  ASSERT_TRUE(writer->add(b).is_ok());
  Status s = writer->add(a);
  EXPECT_TRUE(s.is_invalid_argument()) << s.to_string();
  writer->abandon();
  EXPECT_TRUE(env_.fs().list_dir(kDir).value().empty()) << "abandon leaves nothing behind";
}

TEST_F(SSTableTest, KeysAreCollectedByTokenRangeAndResumePoint) {
  std::vector<Partition> written;
  // 400 partitions: several index pages of 128, so ranges and resumes cross pages.
  for (int i = 0; i < 400; ++i) written.push_back(partition("k" + std::to_string(i), 1));
  ASSERT_TRUE(write(written).is_ok());
  std::sort(written.begin(), written.end(),
            [](const Partition& a, const Partition& b) { return a.key() < b.key(); });
  auto reader = open();

  std::vector<DecoratedKey> all;
  reader->collect_keys(PartitionRange::all(), 1000, &all);
  ASSERT_EQ(all.size(), 400u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], written[i].key());

  // (token of #99, token of #300]: keys #100..#300, across three index pages.
  PartitionRange range{written[99].key().token, written[300].key().token, std::nullopt};
  std::vector<DecoratedKey> some;
  reader->collect_keys(range, 1000, &some);
  ASSERT_EQ(some.size(), 201u);
  EXPECT_EQ(some.front(), written[100].key());
  EXPECT_EQ(some.back(), written[300].key());

  // Pages of 7 resumed after each other's last key walk every key once, in order.
  std::vector<DecoratedKey> paged;
  PartitionRange resume = PartitionRange::all();
  for (;;) {
    std::vector<DecoratedKey> page;
    reader->collect_keys(resume, 7, &page);
    if (page.empty()) break;
    paged.insert(paged.end(), page.begin(), page.end());
    resume.resume_after = page.back();
  }
  EXPECT_EQ(paged, all);
}

TEST_F(SSTableTest, TheBloomFilterRulesOutMostAbsentKeys) {
  std::vector<Partition> written;
  for (int i = 0; i < 500; ++i) written.push_back(partition("present-" + std::to_string(i), 1));
  ASSERT_TRUE(write(written).is_ok());
  auto reader = open();
  for (const Partition& p : written) EXPECT_TRUE(reader->may_contain(p.key()));
  int false_positives = 0;
  for (int i = 0; i < 10000; ++i) {
    false_positives += reader->may_contain(DecoratedKey::of(Bytes("absent-" + std::to_string(i))));
  }
  EXPECT_LT(false_positives, 300) << "target is 1% (100 of 10000)";
}

// CompressionInfo is sealed, so damage is caught by its checksum; a crafted one with a
// valid checksum must still not make the reader allocate what it claims.
TEST(CompressionInfoTest, CraftedCountsAndChunkLengthsAreRefusedBeforeAllocating) {
  auto body = [](uint32_t chunk_length, uint64_t data_length, uint64_t count) {
    Bytes b;
    put_u8(&b, 1);
    put_u32(&b, chunk_length);
    put_u64(&b, data_length);
    put_varint(&b, count);
    put_u64(&b, 11);
    return b;
  };
  const std::string path = "x-CompressionInfo.db";
  // A count that matches a huge data length, in 8 bytes of offsets.
  auto huge = cb::decode_compression_info(body(16384, uint64_t{1} << 60, (uint64_t{1} << 60) / 16384),
                                          1 << 20, path);
  ASSERT_FALSE(huge.is_ok());
  EXPECT_TRUE(huge.status().is_corruption());
  // A chunk length that would make one chunk decompress into gigabytes.
  EXPECT_FALSE(cb::decode_compression_info(body(1u << 31, 1u << 31, 1), 1 << 20, path).is_ok());
  EXPECT_FALSE(cb::decode_compression_info(body(3000, 3000, 1), 1 << 20, path).is_ok());
  EXPECT_TRUE(cb::decode_compression_info(body(16384, 100, 1), 1 << 20, path).is_ok());
}

TEST(BloomFilterTest, SerializesAndRejectsDamagedHeaders) {
  BloomFilter f(100, 0.01);
  for (int i = 0; i < 100; ++i) f.add(Bytes("k" + std::to_string(i)));
  Bytes out;
  f.encode(&out);
  auto back = BloomFilter::decode(out);
  ASSERT_TRUE(back.is_ok());
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(back->may_contain(Bytes("k" + std::to_string(i))));
  Bytes truncated = out.substr(0, out.size() - 3);
  EXPECT_TRUE(BloomFilter::decode(truncated).status().is_corruption());
  Bytes huge = out;
  huge[4] = '\x7f';  // word count far beyond the bytes present
  EXPECT_TRUE(BloomFilter::decode(huge).status().is_corruption());
  // fp chance 1.0 means no filter: everything may be present.
  BloomFilter none(100, 1.0);
  EXPECT_TRUE(none.may_contain(Bytes("anything")));
}

// Damaging any byte of any component is caught: at open (index, filter, statistics,
// TOC), at read (the partition's record), and always by verify().
TEST_F(SSTableTest, AFlippedByteInAnyComponentIsReportedNamingTheFile) {
  std::vector<Partition> written;
  for (int i = 0; i < 20; ++i) written.push_back(partition("key-" + std::to_string(i)));
  ASSERT_TRUE(write(written).is_ok());
  for (Component c : {Component::kData, Component::kIndex, Component::kFilter,
                      Component::kStatistics, Component::kDigest, Component::kTOC,
                      Component::kSummary, Component::kCompressionInfo}) {
    const std::string path = descriptor().path(c);
    const Bytes original = read_file(env_.fs(), path).value();
    for (uint64_t offset : {uint64_t{0}, original.size() / 2, original.size() - 1}) {
      ASSERT_TRUE(env_.fs().flip_byte(path, offset, 0x10).is_ok());
      auto reader = SSTableReader::open(env_.env(), descriptor(), table_->clustering_comparator());
      Status found = reader.status();
      if (reader.is_ok()) {
        found = reader.value()->verify();
        for (const Partition& p : written) {
          auto r = reader.value()->read(p.key());
          if (!r.is_ok()) {
            EXPECT_TRUE(r.status().is_corruption()) << r.status().to_string();
            EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
          }
        }
      }
      ASSERT_FALSE(found.is_ok()) << component_name(c) << " damage at " << offset << " went unnoticed";
      EXPECT_TRUE(found.is_corruption()) << found.to_string();
      EXPECT_NE(found.message().find(path), std::string::npos)
          << component_name(c) << ": " << found.message();
      ASSERT_TRUE(env_.fs().overwrite(path, original).is_ok());
    }
  }
  EXPECT_TRUE(open()->verify().is_ok());
}

class CompressionTest : public SSTableTest,
                        public ::testing::WithParamInterface<const char*> {};

TEST_P(CompressionTest, EveryCompressionRoundTrips) {
  std::vector<Partition> written;
  for (int i = 0; i < 300; ++i) written.push_back(partition("key-" + std::to_string(i), 1 + i % 7));
  std::sort(written.begin(), written.end(),
            [](const Partition& a, const Partition& b) { return a.key() < b.key(); });
  SSTableWriterOptions options;
  const std::string name = GetParam();
  std::map<std::string, std::string> table_option = {{"class", name}, {"chunk_length_in_kb", "4"}};
  if (name == "none") table_option = {{"enabled", "false"}};
  options.compression = CompressionParams::parse(table_option).value();
  auto writer = SSTableWriter::create(env_.env(), descriptor(), table_->clustering_comparator(), options).value();
  for (const auto& p : written) ASSERT_TRUE(writer->add(p).is_ok());
  auto stats = writer->finish();
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  auto reader = open();
  EXPECT_EQ(reader->stats().compression, name);
  for (const auto& p : written) {
    auto r = reader->read(p.key());
    ASSERT_TRUE(r.is_ok() && r->has_value()) << r.status().to_string();
    EXPECT_EQ(encoded(**r), encoded(p));
  }
  EXPECT_TRUE(reader->verify().is_ok());
}

INSTANTIATE_TEST_SUITE_P(Algorithms, CompressionTest,
                         ::testing::Values("LZ4Compressor", "SnappyCompressor", "none"));

// The row index: a slice of a wide partition reads only the blocks it touches.
TEST_F(SSTableTest, ASliceOfAWidePartitionReadsOnlyTheBlocksItNeeds) {
  constexpr int kRows = 20000;  // about 2.6 MB of rows
  MutationBuilder b(*table_, {values::from_text("wide")}, 5, 1700000000);
  for (int i = 0; i < kRows; ++i) {
    b.row({values::from_int(i)}).marker().set("body", values::from_text(std::string(100, 'a' + i % 26)));
  }
  b.set("title", values::from_text("a wide one"));
  Partition wide = std::move(b.build().value().partition);
  SSTableWriterOptions options;
  options.row_index_block_bytes = 4096;
  options.compression.chunk_length = 16 * 1024;
  auto writer = SSTableWriter::create(env_.env(), descriptor(), table_->clustering_comparator(), options).value();
  ASSERT_TRUE(writer->add(wide).is_ok());
  auto stats = writer->finish().value();
  auto reader = open();

  // 100 rows from the middle (the table clusters DESC: 10099 down to 10000).
  using Kind = ClusteringBound::Kind;
  std::vector<ClusteringSlice> slice = {
      {ClusteringBound{{values::from_int(10099)}, Kind::kInclusiveStart},
       ClusteringBound{{values::from_int(10000)}, Kind::kInclusiveEnd}}};
  const uint64_t before = reader->data_bytes_read();
  auto r = reader->read(wide.key(), slice);
  ASSERT_TRUE(r.is_ok() && r->has_value()) << r.status().to_string();
  const uint64_t read_bytes = reader->data_bytes_read() - before;
  ASSERT_EQ((*r)->rows().size(), 100u);
  EXPECT_EQ(*values::to_int((*r)->rows().begin()->first[0]), 10099);
  EXPECT_EQ((*r)->static_row().columns.size(), 1u) << "the static row comes with any slice";
  // Two or three row blocks of 4 KiB inside at most a few 16 KiB chunks, out of megabytes.
  EXPECT_LT(read_bytes, 80u * 1024) << "of " << stats.data_size_bytes;
  EXPECT_GT(stats.data_size_bytes, 20 * read_bytes);

  // The same slice from a whole read agrees.
  auto whole = reader->read(wide.key());
  ASSERT_TRUE(whole.is_ok());
  EXPECT_EQ(encoded((*whole)->slice(slice)), encoded(**r));
}

TEST_F(SSTableTest, StatisticsCarryHistogramsAndDroppableTombstones) {
  ASSERT_TRUE(write({partition("a", 2), partition("b", 9)}).is_ok());
  auto reader = open();
  const SSTableStats& s = reader->stats();
  uint64_t partitions = 0;
  for (const auto& [bound, count] : s.partition_size_histogram) partitions += count;
  EXPECT_EQ(partitions, 2u);
  EXPECT_EQ(s.cell_count_histogram.size(), 2u);
  EXPECT_GT(s.cell_count, 0u);
  // Every tombstone was written at 1700000000; the TTL'd cells expire an hour later.
  EXPECT_EQ(s.estimated_droppable_tombstones(1700000000 - 10000), 0.0);
  EXPECT_GT(s.estimated_droppable_tombstones(1700000000 + 1), 0.0);
  EXPECT_GT(s.estimated_droppable_tombstones(1700000000 + 7200),
            s.estimated_droppable_tombstones(1700000000 + 1));
}

TEST_F(SSTableTest, ATruncatedDataComponentIsRefusedAtOpen) {
  ASSERT_TRUE(write({partition("a"), partition("b")}).is_ok());
  const std::string path = descriptor().path(Component::kData);
  Bytes data = read_file(env_.fs(), path).value();
  data.resize(data.size() - 10);
  ASSERT_TRUE(env_.fs().overwrite(path, data).is_ok());
  auto r = SSTableReader::open(env_.env(), descriptor(), table_->clustering_comparator());
  ASSERT_FALSE(r.is_ok());
  EXPECT_TRUE(r.status().is_corruption());
  EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
}

TEST_F(SSTableTest, AnSSTableIsCompleteOnlyOnceItsTOCIsWritten) {
  ASSERT_TRUE(write({partition("a")}, 1).is_ok());
  env_.failpoints().arm("sstable.before_toc", FailPoints::Action::kError);
  auto failed = write({partition("b")}, 2);
  ASSERT_FALSE(failed.is_ok());
  std::vector<SSTableDescriptor> incomplete;
  auto complete = list_sstables(env_.fs(), kDir, &incomplete).value();
  ASSERT_EQ(complete.size(), 1u);
  EXPECT_EQ(complete[0].generation, 1u);
  ASSERT_EQ(incomplete.size(), 1u);
  EXPECT_EQ(incomplete[0].generation, 2u);
  ASSERT_TRUE(delete_sstable(env_.fs(), incomplete[0]).is_ok());
  ASSERT_TRUE(delete_sstable(env_.fs(), complete[0]).is_ok());
  EXPECT_TRUE(env_.fs().list_dir(kDir).value().empty());
}

TEST_F(SSTableTest, UnsyncedSSTablesDoNotSurviveAPowerCutHalfWritten) {
  ASSERT_TRUE(write({partition("a")}, 1).is_ok());
  env_.fs().power_cut();
  env_.fs().restore_power();
  auto complete = list_sstables(env_.fs(), kDir, nullptr).value();
  ASSERT_EQ(complete.size(), 1u) << "a finished sstable is durable";
  EXPECT_TRUE(open()->verify().is_ok());
}

TEST(SSTableDescriptorTest, NamesRoundTripAndStrangersAreRejected) {
  SSTableDescriptor d{"/x/y", "ca", 42};
  EXPECT_EQ(d.path(Component::kData), "/x/y/ca-42-cairn-Data.db");
  EXPECT_EQ(d.path(Component::kTOC), "/x/y/ca-42-cairn-TOC.txt");
  auto parsed = SSTableDescriptor::parse("/x/y/ca-42-cairn-Statistics.db");
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->first.generation, 42u);
  EXPECT_EQ(parsed->first.version, "ca");
  EXPECT_EQ(parsed->first.directory, "/x/y");
  EXPECT_EQ(parsed->second, Component::kStatistics);
  for (const char* bad : {"LOCK", "ca-x-cairn-Data.db", "ca-1-cairn-Bogus.db", "CA-1-cairn-Data.db",
                          "ca--cairn-Data.db", "ca-1-other-Data.db"}) {
    EXPECT_TRUE(SSTableDescriptor::parse(bad).status().is_invalid_argument()) << bad;
  }
  EXPECT_TRUE(is_readable_sstable_version("ca"));
  EXPECT_FALSE(is_readable_sstable_version("zz"));
}

TEST_F(SSTableTest, AnUnknownVersionIsRefusedClearly) {
  SSTableDescriptor d{kDir, "zz", 1};
  auto r = SSTableReader::open(env_.env(), d, table_->clustering_comparator());
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("'zz'"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace cairn::testing
