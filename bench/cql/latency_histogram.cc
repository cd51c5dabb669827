// LatencyHistogram: bucket arithmetic and percentiles (see latency_histogram.h).
//
// With S = kSubBucketBits and H = 2^(S-1): a value v < 2^S is its own index. Above,
// with m the index of v's highest set bit (m >= S), shift = m - (S-1) >= 1 and
// sub = v >> shift lies in [H, 2H); the index is shift * H + sub. Consecutive shifts
// therefore tile the indexes without gaps: 2^S maps to H + H = 2^S.
#include "bench/cql/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>

namespace cairn::bench {
namespace {

constexpr uint64_t kHalf = uint64_t{1} << (LatencyHistogram::kSubBucketBits - 1);
constexpr uint64_t kLargest = (uint64_t{1} << LatencyHistogram::kMaxBits) - 1;
constexpr size_t kBuckets =
    (LatencyHistogram::kMaxBits - LatencyHistogram::kSubBucketBits + 2) * kHalf;

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

size_t LatencyHistogram::index_of(uint64_t value) {
  value = std::min(value, kLargest);
  if (value < 2 * kHalf) return static_cast<size_t>(value);
  const int highest_bit = 63 - std::countl_zero(value);
  const int shift = highest_bit - (kSubBucketBits - 1);
  const uint64_t sub = value >> shift;
  return static_cast<size_t>(static_cast<uint64_t>(shift) * kHalf + sub);
}

uint64_t LatencyHistogram::highest_in_bucket(size_t index) {
  if (index < 2 * kHalf) return index;
  const uint64_t shift = index / kHalf - 1;
  const uint64_t sub = index - shift * kHalf;
  return (sub << shift) + ((uint64_t{1} << shift) - 1);
}

void LatencyHistogram::record(uint64_t nanos) {
  const size_t index = index_of(nanos);
  assert(index < counts_.size());
  ++counts_[index];
  ++count_;
  sum_ += nanos;
  min_ = std::min(min_, nanos);
  max_ = std::max(max_, nanos);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

uint64_t LatencyHistogram::value_at_percentile(double percentile) const {
  assert(percentile >= 0.0 && percentile <= 100.0);
  if (count_ == 0) return 0;
  const double wanted = std::ceil(percentile / 100.0 * static_cast<double>(count_));
  const uint64_t needed = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= needed) return std::clamp(highest_in_bucket(i), min_, max_);
  }
  return max_;
}

}  // namespace cairn::bench
