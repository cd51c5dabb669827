// The read-path caches of sstable version "cb": the LRU cache itself, the cache of
// decompressed Data chunks in ChunkedReader, and a reader's point reads and slices
// through both. Reads through the caches return exactly what the data holds, from
// many threads at once; the caches stay within their bounds; and damage is reported
// by the first read that touches it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <thread>

#include "common/coding.h"
#include "model/mutation.h"
#include "model/mutation_builder.h"
#include "model/types.h"
#include "sstable/cb_reader.h"
#include "sstable/chunked_data.h"
#include "sstable/lru_cache.h"
#include "sstable/sstable.h"
#include "tests/lib/test_env.h"

namespace cairn::testing {
namespace {

TEST(LruCacheTest, EvictsTheLeastRecentlyUsedAndStaysWithinItsCapacity) {
  LruCache<int> cache(100);
  for (uint64_t k = 0; k < 4; ++k) cache.insert(k, std::make_shared<int>(static_cast<int>(k)), 25);
  EXPECT_EQ(cache.charged_bytes(), 100u);
  ASSERT_NE(cache.lookup(0), nullptr);  // 0 is now the most recently used
  cache.insert(4, std::make_shared<int>(4), 25);
  EXPECT_EQ(cache.lookup(1), nullptr) << "1 was the least recently used";
  EXPECT_EQ(*cache.lookup(0), 0);
  EXPECT_EQ(*cache.lookup(4), 4);
  EXPECT_EQ(cache.charged_bytes(), 100u);
  cache.insert(5, std::make_shared<int>(5), 60);
  EXPECT_LE(cache.charged_bytes(), 100u);
  EXPECT_EQ(*cache.lookup(5), 5);
  cache.insert(6, std::make_shared<int>(6), 101);
  EXPECT_EQ(cache.lookup(6), nullptr) << "larger than the whole cache";
  cache.insert(5, std::make_shared<int>(50), 60);
  EXPECT_EQ(*cache.lookup(5), 5) << "the first value cached under a key is kept";

  LruCache<int> off(0);
  off.insert(1, std::make_shared<int>(1), 0);
  off.insert(2, std::make_shared<int>(2), 1);
  EXPECT_EQ(off.lookup(2), nullptr);
  EXPECT_EQ(off.charged_bytes(), 0u);
}

// A Data stream of `length` bytes that compresses somewhat, written as chunks.
class ChunkedCacheTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kChunk = 1024;
  static constexpr uint64_t kLength = 64 * kChunk + 300;  // the last chunk is partial

  void SetUp() override {
    std::mt19937_64 rng(env_.seed());
    for (uint64_t i = 0; i < kLength; ++i) stream_.push_back(static_cast<char>('a' + rng() % 6));
    CompressionParams params;
    params.chunk_length = kChunk;
    Bytes file(16, 'h');  // stands for the component header
    cb::ChunkedWriter writer(params, file.size(), [&](BytesView b) {
      file.append(b);
      return Status::ok();
    });
    ASSERT_TRUE(writer.append(stream_).is_ok());
    ASSERT_TRUE(writer.finish().is_ok());
    info_ = writer.info();
    ASSERT_TRUE(env_.fs().create_dirs("/c").is_ok());
    ASSERT_TRUE(write_file_atomically(env_.fs(), kPath, file).is_ok());
    file_ = std::move(env_.fs().new_random_access_file(kPath).value());
  }

  const std::string kPath = "/c/Data.db";
  TestEnv env_{11};
  Bytes stream_;
  cb::CompressionInfo info_;
  std::unique_ptr<RandomAccessFile> file_;
};

TEST_F(ChunkedCacheTest, RandomReadsThroughTheCacheMatchTheStreamAndItsBound) {
  constexpr size_t kCapacity = 5 * kChunk;
  cb::ChunkedReader::SharedCache shared(kCapacity);
  cb::ChunkedReader cached(file_.get(), info_, &shared);
  cb::ChunkedReader uncached(file_.get(), info_);
  std::mt19937_64 rng(env_.seed());
  Bytes got, expected;
  for (int i = 0; i < 5000; ++i) {
    const uint64_t position = rng() % kLength;
    const uint64_t length = std::min<uint64_t>(kLength - position, rng() % (3 * kChunk));
    ASSERT_TRUE(cached.read(position, length, &got).is_ok());
    ASSERT_TRUE(uncached.read(position, length, &expected).is_ok());
    ASSERT_EQ(got, stream_.substr(position, length)) << position << " +" << length;
    ASSERT_EQ(got, expected);
    ASSERT_LE(cached.cached_bytes(), kCapacity);
  }
  EXPECT_GT(cached.cached_bytes(), 0u);
  EXPECT_LT(cached.bytes_read(), uncached.bytes_read()) << "some reads were served by the cache";
  EXPECT_EQ(uncached.cached_bytes(), 0u);
}

TEST_F(ChunkedCacheTest, ConcurrentReadersOfOneStreamSeeItsBytes) {
  constexpr size_t kCapacity = 8 * kChunk;
  cb::ChunkedReader::SharedCache shared(kCapacity);
  cb::ChunkedReader reader(file_.get(), info_, &shared);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (uint64_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(env_.seed() + t);
      Bytes got;
      for (int i = 0; i < 3000; ++i) {
        const uint64_t position = rng() % kLength;
        const uint64_t length = std::min<uint64_t>(kLength - position, 1 + rng() % 200);
        if (!reader.read(position, length, &got).is_ok() || got != stream_.substr(position, length)) {
          ++wrong;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(reader.cached_bytes(), kCapacity);
}

// A damaged chunk is reported by its first read, with other chunks already cached,
// and by every read after it; the chunks around it still read.
TEST_F(ChunkedCacheTest, ADamagedChunkIsReportedEveryTimeNeverCached) {
  Bytes got;
  ASSERT_TRUE(env_.fs().flip_byte(kPath, info_.chunk_offsets[7] + 3, 0x10).is_ok());
  file_ = std::move(env_.fs().new_random_access_file(kPath).value());
  cb::ChunkedReader::SharedCache shared(1 << 20);
  cb::ChunkedReader damaged(file_.get(), info_, &shared);
  for (uint64_t c = 0; c < 64; c += 2) ASSERT_TRUE(damaged.read(c * kChunk + 10, 20, &got).is_ok());
  for (int attempt = 0; attempt < 3; ++attempt) {
    Status s = damaged.read(7 * kChunk + 10, 20, &got);
    ASSERT_TRUE(s.is_corruption()) << s.to_string();
    EXPECT_NE(s.message().find(kPath), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("chunk 7"), std::string::npos) << s.message();
  }
  ASSERT_TRUE(damaged.read(6 * kChunk + 10, 20, &got).is_ok());
  EXPECT_EQ(got, stream_.substr(6 * kChunk + 10, 20));
}

const std::string kDir = "/data/ks/t-0001";

// Many small partitions and a few wide ones (with a row index) in one cb sstable.
class ReaderCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.fs().create_dirs(kDir).is_ok());
    table_ = TableSchema::Builder("ks", "t")
                 .partition_key("id", CqlType::text())
                 .clustering("seq", CqlType::int_())
                 .regular("body", CqlType::text())
                 .static_column("title", CqlType::text())
                 .build()
                 .value();
    for (int i = 0; i < 3000; ++i) {
      written_.push_back(partition("key-" + std::to_string(i), i % 100 == 0 ? 300 : 1 + i % 4));
    }
    std::sort(written_.begin(), written_.end(),
              [](const Partition& a, const Partition& b) { return a.key() < b.key(); });
    SSTableWriterOptions options;
    options.expected_partitions = written_.size();
    options.row_index_block_bytes = 512;
    options.compression.chunk_length = 4096;
    SSTableDescriptor d{kDir, kCurrentSSTableVersion, 1};
    auto writer = SSTableWriter::create(env_.env(), d, table_->clustering_comparator(), options);
    ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
    for (const Partition& p : written_) ASSERT_TRUE(writer.value()->add(p).is_ok());
    ASSERT_TRUE(writer.value()->finish().is_ok());
    auto reader = SSTableReader::open(env_.env(), d, table_->clustering_comparator());
    ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
    reader_ = reader.value();
  }

  Partition partition(const std::string& id, int rows) {
    MutationBuilder b(*table_, {values::from_text(id)}, 1000 + rows, 1700000000);
    b.set("title", values::from_text("title of " + id));
    for (int i = 0; i < rows; ++i) {
      b.row({values::from_int(i)}).marker().set("body", values::from_text(id + "/" + std::to_string(i)));
    }
    return std::move(b.build().value().partition);
  }

  static Bytes encoded(const Partition& p) {
    Bytes out;
    encode_partition_body(p, &out);
    return out;
  }

  static std::vector<ClusteringSlice> slice(int first, int last) {
    using Kind = ClusteringBound::Kind;
    return {{ClusteringBound{{values::from_int(first)}, Kind::kInclusiveStart},
             ClusteringBound{{values::from_int(last)}, Kind::kInclusiveEnd}}};
  }

  // Empty when `reader_` returns exactly `expected` for a random point read or slice.
  std::string check_one(std::mt19937_64& rng) {
    const Partition& expected = written_[rng() % written_.size()];
    if (rng() % 2 == 0) {
      auto r = reader_->read(expected.key());
      if (!r.is_ok() || !r->has_value()) return "read failed: " + r.status().to_string();
      if (encoded(**r) != encoded(expected)) return "read differs";
      return "";
    }
    const int first = static_cast<int>(rng() % 300);
    const auto s = slice(first, first + static_cast<int>(rng() % 40));
    auto r = reader_->read(expected.key(), s);
    if (!r.is_ok() || !r->has_value()) return "slice failed: " + r.status().to_string();
    if (encoded(**r) != encoded(expected.slice(s))) return "slice differs";
    return "";
  }

  TestEnv env_{13};
  TableSchemaRef table_;
  std::vector<Partition> written_;
  std::shared_ptr<SSTableReader> reader_;
};

TEST_F(ReaderCacheTest, RandomPointReadsAndSlicesReturnWhatWasWritten) {
  std::mt19937_64 rng(env_.seed());
  for (int i = 0; i < 6000; ++i) {
    const std::string wrong = check_one(rng);
    ASSERT_EQ(wrong, "") << "read " << i;
  }
  // Missing keys stay missing.
  for (int i = 0; i < 100; ++i) {
    auto r = reader_->read(partition("absent-" + std::to_string(i), 1).key());
    ASSERT_TRUE(r.is_ok());
    EXPECT_FALSE(r->has_value());
  }
  EXPECT_GT(cb_reader_cached_bytes(), 0u);
  EXPECT_LE(cb_reader_cached_bytes(), kCbReaderCacheBytes);
  EXPECT_TRUE(reader_->verify().is_ok());
}

TEST_F(ReaderCacheTest, ConcurrentReadersOfOneSSTableSeeCorrectData) {
  std::vector<std::thread> threads;
  std::vector<std::string> wrong(4);
  for (uint64_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(env_.seed() + t);
      for (int i = 0; i < 1500 && wrong[t].empty(); ++i) wrong[t] = check_one(rng);
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& w : wrong) EXPECT_EQ(w, "");
  EXPECT_LE(cb_reader_cached_bytes(), kCbReaderCacheBytes);
}

// A flipped byte in the Data chunk of a partition is reported by its first read even
// when the rest of the sstable's chunks and index pages are cached, and again after.
TEST_F(ReaderCacheTest, AFlippedDataByteIsReportedWithEverythingElseCached) {
  const std::string path = reader_->descriptor().path(Component::kData);
  const Bytes original = read_file(env_.fs(), path).value();
  ASSERT_TRUE(env_.fs().flip_byte(path, original.size() / 2, 0x10).is_ok());
  auto reader = SSTableReader::open(env_.env(), reader_->descriptor(), table_->clustering_comparator());
  ASSERT_TRUE(reader.is_ok());
  size_t damaged = 0;
  for (int pass = 0; pass < 2; ++pass) {
    size_t failed = 0;
    for (const Partition& p : written_) {
      auto r = reader.value()->read(p.key());
      if (r.is_ok()) {
        ASSERT_TRUE(r->has_value());
        ASSERT_EQ(encoded(**r), encoded(p));
        continue;
      }
      ++failed;
      EXPECT_TRUE(r.status().is_corruption()) << r.status().to_string();
      EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
    }
    if (pass == 0) damaged = failed;
    EXPECT_EQ(failed, damaged) << "pass " << pass;
  }
  EXPECT_GT(damaged, 0u);
  EXPECT_TRUE(reader.value()->verify().is_corruption());
}

}  // namespace
}  // namespace cairn::testing
