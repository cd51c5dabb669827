// LatencyHistogram: a log-linear histogram of durations in nanoseconds, in the manner of
// HdrHistogram, for the latency percentiles cairn-bench reports.
//
// Values below 2^kSubBucketBits are counted exactly. Above, each power-of-two range
// [2^e, 2^(e+1)) is cut into 2^(kSubBucketBits-1) equal buckets, so a bucket is never
// wider than 1/128 of its lower bound: a percentile is reported within 0.8% of the
// true value (as the bucket's upper bound, as HdrHistogram's highestEquivalentValue,
// and never above the largest value recorded). min, max, count and sum are exact.
// Values at or above 2^kMaxBits ns (about 18 minutes) land in the last bucket.
//
// Recording is a few instructions and never allocates: each I/O thread records into
// its own histogram, and the run merges them at the end.
//
// Thread safety: none; one thread records into one histogram.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cairn::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 8;
  static constexpr int kMaxBits = 40;

  LatencyHistogram();

  void record(uint64_t nanos);
  // Adds every value `other` recorded.
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }
  // The smallest recorded value v such that at least `percentile`% of the values are
  // <= v, to the bucket's precision. 0 when nothing was recorded. REQUIRES: 0 <=
  // percentile <= 100.
  uint64_t value_at_percentile(double percentile) const;

 private:
  static size_t index_of(uint64_t value);
  // The largest value that falls in bucket `index`.
  static uint64_t highest_in_bucket(size_t index);

  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  uint64_t sum_ = 0;
};

}  // namespace cairn::bench
