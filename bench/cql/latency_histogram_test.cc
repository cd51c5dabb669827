// Unit tests of cairn-bench's latency histogram (bench/cql/latency_histogram.h).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "bench/cql/latency_histogram.h"

namespace cairn::bench {
namespace {

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.value_at_percentile(50), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.min(), 0u);
}

TEST(LatencyHistogramTest, PercentilesOfAUniformRangeAreWithinPrecision) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 1'000'000; ++v) h.record(v);
  EXPECT_EQ(h.count(), 1'000'000u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 1'000'000u);
  EXPECT_DOUBLE_EQ(h.mean(), 500'000.5);
  for (double p : {1.0, 50.0, 95.0, 99.0, 99.9}) {
    const double want = std::ceil(p / 100 * 1e6);
    const double got = static_cast<double>(h.value_at_percentile(p));
    EXPECT_GE(got, want) << "p" << p;
    EXPECT_LE(got, want * (1 + 1.0 / 128)) << "p" << p;
  }
  EXPECT_EQ(h.value_at_percentile(100), 1'000'000u);
}

TEST(LatencyHistogramTest, EveryValueIsReportedWithinOneBucket) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100'000; ++i) {
    const uint64_t v = (rng() >> (rng() % 64)) & ((uint64_t{1} << 39) - 1);
    LatencyHistogram h;
    h.record(v);
    h.record(uint64_t{1} << 39);
    const uint64_t reported = h.value_at_percentile(50);
    ASSERT_GE(reported, v);
    ASSERT_LE(static_cast<double>(reported - v), static_cast<double>(v) / 128) << v;
  }
}

TEST(LatencyHistogramTest, MergeAddsCounts) {
  LatencyHistogram a, b;
  for (uint64_t v = 1; v <= 100; ++v) a.record(v);
  for (uint64_t v = 101; v <= 200; ++v) b.record(v);
  a.merge(b);
  EXPECT_EQ(a.count(), 200u);
  EXPECT_EQ(a.min(), 1u);
  EXPECT_EQ(a.max(), 200u);
  EXPECT_EQ(a.value_at_percentile(50), 100u);  // exact below 256
}

}  // namespace
}  // namespace cairn::bench
