// Metrics: counters, gauges and histograms record what they are given, and the registry
// renders the Prometheus text format exactly (HELP/TYPE once per family, escaped labels
// and help, cumulative buckets, +Inf, _sum in seconds, _count).
#include "common/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace cairn {
namespace {

TEST(MetricsTest, CounterAndGaugeRecord) {
  Counter c;
  c.inc();
  c.inc(41);
  EXPECT_EQ(c.value(), 42u);
  Gauge g;
  g.set(10);
  g.add(-15);
  EXPECT_EQ(g.value(), -5);
}

TEST(MetricsTest, HistogramPutsEachObservationInTheFirstBucketAtOrAboveIt) {
  LatencyHistogram h;
  h.observe_micros(0);           // <= 50us
  h.observe_micros(50);          // <= 50us (le is inclusive)
  h.observe_micros(51);          // <= 100us
  h.observe_micros(1'000);       // <= 1ms
  h.observe_micros(60'000'000);  // past 10s: +Inf
  const HistogramSnapshot s = h.snapshot();
  ASSERT_EQ(s.counts.size(), LatencyHistogram::kBoundsMicros.size() + 1);
  EXPECT_EQ(s.counts[0], 2u);
  EXPECT_EQ(s.counts[1], 1u);
  EXPECT_EQ(s.counts[4], 1u);
  EXPECT_EQ(s.counts.back(), 1u);
  EXPECT_EQ(s.count, 5u);
  EXPECT_EQ(s.sum_micros, 0u + 50 + 51 + 1'000 + 60'000'000);
}

TEST(MetricsTest, ConcurrentRecordingLosesNothing) {
  Counter c;
  LatencyHistogram h;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10'000; ++i) {
        c.inc();
        h.observe_micros(static_cast<uint64_t>(i % 300));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40'000u);
  EXPECT_EQ(h.snapshot().count, 40'000u);
}

TEST(MetricsTest, RendersCountersAndGaugesWithHelpAndType) {
  MetricsRegistry r;
  r.counter("cairn_things_total", "Things done.", {{"kind", "read"}}).inc(3);
  r.counter("cairn_things_total", "Things done.", {{"kind", "write"}}).inc(7);
  r.gauge("cairn_level", "A level.").set(-2);
  EXPECT_EQ(r.render(),
            "# HELP cairn_level A level.\n"
            "# TYPE cairn_level gauge\n"
            "cairn_level -2\n"
            "# HELP cairn_things_total Things done.\n"
            "# TYPE cairn_things_total counter\n"
            "cairn_things_total{kind=\"read\"} 3\n"
            "cairn_things_total{kind=\"write\"} 7\n");
}

TEST(MetricsTest, RendersAHistogramCumulativelyInSeconds) {
  MetricsRegistry r;
  LatencyHistogram& h = r.histogram("cairn_lat_seconds", "Latency.", {{"op", "x"}});
  h.observe_micros(40);
  h.observe_micros(200);
  h.observe_micros(20'000'000);
  const std::string text = r.render();
  EXPECT_NE(text.find("# TYPE cairn_lat_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_bucket{op=\"x\",le=\"5e-05\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_bucket{op=\"x\",le=\"0.0001\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_bucket{op=\"x\",le=\"0.00025\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_bucket{op=\"x\",le=\"10\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_bucket{op=\"x\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_sum{op=\"x\"} 20.00024\n"), std::string::npos);
  EXPECT_NE(text.find("cairn_lat_seconds_count{op=\"x\"} 3\n"), std::string::npos);
  // One bucket line per bound plus +Inf, then _sum and _count.
  size_t buckets = 0;
  for (size_t p = text.find("_bucket{"); p != std::string::npos; p = text.find("_bucket{", p + 1)) {
    ++buckets;
  }
  EXPECT_EQ(buckets, LatencyHistogram::kBoundsMicros.size() + 1);
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_help("line\\one\nline \"two\""), "line\\\\one\\nline \"two\"");
  MetricsRegistry r;
  r.gauge("cairn_g", "Help with \\ and\nnewline.", {{"table", "we\"ird\n"}}).set(1);
  EXPECT_EQ(r.render(),
            "# HELP cairn_g Help with \\\\ and\\nnewline.\n"
            "# TYPE cairn_g gauge\n"
            "cairn_g{table=\"we\\\"ird\\n\"} 1\n");
}

TEST(MetricsTest, CollectorSamplesAreGroupedByFamily) {
  MetricsRegistry r;
  int calls = 0;
  r.add_collector([&](MetricsWriter& w) {
    ++calls;
    w.gauge("cairn_b", "B.", {{"t", "1"}}, 1);
    w.gauge("cairn_a", "A.", {}, 2.5);
    w.gauge("cairn_b", "B.", {{"t", "2"}}, 3);
  });
  EXPECT_EQ(r.render(),
            "# HELP cairn_a A.\n# TYPE cairn_a gauge\ncairn_a 2.5\n"
            "# HELP cairn_b B.\n# TYPE cairn_b gauge\ncairn_b{t=\"1\"} 1\ncairn_b{t=\"2\"} 3\n");
  (void)r.render();
  EXPECT_EQ(calls, 2);  // every render asks again
}

TEST(MetricsTest, MetricNames) {
  EXPECT_TRUE(is_valid_metric_name("cairn_requests_total"));
  EXPECT_TRUE(is_valid_metric_name("a:b_c9"));
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("9lives"));
  EXPECT_FALSE(is_valid_metric_name("has-dash"));
  EXPECT_FALSE(is_valid_metric_name("has space"));
}

}  // namespace
}  // namespace cairn
