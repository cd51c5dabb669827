// Metrics: lock-free counters, gauges and fixed-bucket latency histograms, and a
// registry that renders them in the Prometheus text exposition format (version 0.0.4).
//
// Recording is a few relaxed atomic increments: no lock, no allocation, so it can sit on
// every request. Registering a metric (at startup) and rendering (on a scrape) take the
// registry's mutex and allocate.
//
//   MetricsRegistry registry;
//   Counter& writes = registry.counter("cairn_writes_total", "Writes applied.");
//   writes.inc();
//   LatencyHistogram& lat = registry.histogram("cairn_sync_latency_seconds", "...");
//   lat.observe_micros(1200);
//   registry.add_collector([&](MetricsWriter& w) { w.gauge("cairn_x", "...", {}, 3); });
//   std::string text = registry.render();
//
// Families whose label sets are only known at scrape time (one series per table, say)
// come from collectors: functions called on each render that write samples into a
// MetricsWriter. Samples of one family are grouped under one HELP and TYPE line
// whatever order they were written in. Metric and label names must match
// [a-zA-Z_:][a-zA-Z0-9_:]* (a bad name is a bug in the caller and asserts); label values
// and help text are escaped as the format requires.
//
// Thread safety: every method may be called concurrently. Metrics returned by the
// registry live as long as the registry.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn {

// Label name/value pairs, in the order they are rendered.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count.
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// A histogram's contents at one moment: per-bucket (not cumulative) counts.
struct HistogramSnapshot {
  // Upper bounds of the finite buckets, in microseconds, ascending; counts has one more
  // entry than bounds, the last being the +Inf bucket.
  std::vector<uint64_t> bounds_micros;
  std::vector<uint64_t> counts;
  uint64_t sum_micros = 0;
  uint64_t count = 0;
};

// Latencies in fixed buckets from 50us to 10s (kBoundsMicros), rendered in
// seconds as Prometheus expects.
class LatencyHistogram {
 public:
  static constexpr std::array<uint64_t, 17> kBoundsMicros = {
      50,     100,     250,     500,     1'000,     2'500,     5'000,     10'000,    25'000,
      50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};

  void observe_micros(uint64_t micros);
  // Sum, count and buckets may be a few observations apart when read while others
  // record; each is exact on its own.
  HistogramSnapshot snapshot() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kBoundsMicros.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_micros_{0};
  std::atomic<uint64_t> count_{0};
};

// Where a render collects samples; collectors write into it.
class MetricsWriter {
 public:
  void counter(std::string_view name, std::string_view help, const MetricLabels& labels,
               double value);
  void gauge(std::string_view name, std::string_view help, const MetricLabels& labels,
             double value);
  // Writes <name>_bucket{le=...} (cumulative), <name>_sum (seconds) and <name>_count.
  void histogram(std::string_view name, std::string_view help, const MetricLabels& labels,
                 const HistogramSnapshot& snapshot);

  // The exposition text of everything written so far, families in name order.
  std::string text() const;

 private:
  struct Family {
    std::string type;
    std::string help;
    std::vector<std::string> lines;  // rendered samples
  };
  Family& family(std::string_view name, std::string_view type, std::string_view help);
  std::map<std::string, Family, std::less<>> families_;
};

class MetricsRegistry {
 public:
  Counter& counter(const std::string& name, const std::string& help, MetricLabels labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, MetricLabels labels = {});
  LatencyHistogram& histogram(const std::string& name, const std::string& help,
                              MetricLabels labels = {});
  // `collector` runs on every render, on the rendering thread. It must stay callable as
  // long as the registry renders.
  void add_collector(std::function<void(MetricsWriter&)> collector);

  // Every metric and collector, in the Prometheus text format.
  std::string render() const;

 private:
  template <typename T>
  struct Entry {
    std::string name, help;
    MetricLabels labels;
    std::unique_ptr<T> metric;
  };
  mutable std::mutex mu_;
  std::vector<Entry<Counter>> counters_;
  std::vector<Entry<Gauge>> gauges_;
  std::vector<Entry<LatencyHistogram>> histograms_;
  std::vector<std::function<void(MetricsWriter&)>> collectors_;
};

// Exposed for tests: the format's escaping of a label value (\\, \", \n) and of help
// text (\\, \n), and whether `name` is a valid metric or label name.
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
bool is_valid_metric_name(std::string_view name);

}  // namespace cairn
