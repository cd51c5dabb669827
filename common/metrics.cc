// Metrics: recording and the Prometheus text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/, version 0.0.4).
#include "common/metrics.h"

#include <fmt/format.h>

#include <cassert>
#include <cmath>

namespace cairn {
namespace {

// Used by assertions only (compiled out with NDEBUG).
[[maybe_unused]] bool is_valid_label_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

// A sample value: integers without a fraction (counts stay exact and readable),
// everything else in the shortest form that reads back the same.
std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) {
    return fmt::format("{}", static_cast<int64_t>(v));
  }
  return fmt::format("{}", v);
}

std::string render_labels(const MetricLabels& labels, std::string_view extra_name = {},
                          std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  auto add = [&](std::string_view name, std::string_view value) {
    assert(is_valid_label_name(name));
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    out += escape_label_value(value);
    out += '"';
  };
  for (const auto& [name, value] : labels) add(name, value);
  if (!extra_name.empty()) add(extra_name, extra_value);
  out += '}';
  return out;
}

std::string seconds_text(uint64_t micros) {
  return format_value(static_cast<double>(micros) / 1e6);
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

bool is_valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

void LatencyHistogram::observe_micros(uint64_t micros) {
  size_t i = 0;
  while (i < kBoundsMicros.size() && micros > kBoundsMicros[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(micros, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

HistogramSnapshot LatencyHistogram::snapshot() const {
  HistogramSnapshot s;
  s.bounds_micros.assign(kBoundsMicros.begin(), kBoundsMicros.end());
  s.counts.reserve(buckets_.size());
  for (const auto& b : buckets_) s.counts.push_back(b.load(std::memory_order_relaxed));
  s.sum_micros = sum_micros_.load(std::memory_order_relaxed);
  // The count is the buckets' total, so +Inf's cumulative count always equals _count.
  for (uint64_t c : s.counts) s.count += c;
  return s;
}

MetricsWriter::Family& MetricsWriter::family(std::string_view name, std::string_view type,
                                             std::string_view help) {
  assert(is_valid_metric_name(name));
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{std::string(type), std::string(help), {}})
             .first;
  }
  // One name, one type: a mismatch is a bug in whoever registered the metrics.
  assert(it->second.type == type);
  return it->second;
}

void MetricsWriter::counter(std::string_view name, std::string_view help,
                            const MetricLabels& labels, double value) {
  family(name, "counter", help)
      .lines.push_back(fmt::format("{}{} {}", name, render_labels(labels), format_value(value)));
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, const MetricLabels& labels,
                          double value) {
  family(name, "gauge", help)
      .lines.push_back(fmt::format("{}{} {}", name, render_labels(labels), format_value(value)));
}

void MetricsWriter::histogram(std::string_view name, std::string_view help,
                              const MetricLabels& labels, const HistogramSnapshot& s) {
  Family& f = family(name, "histogram", help);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < s.counts.size(); ++i) {
    cumulative += s.counts[i];
    const std::string le = i < s.bounds_micros.size() ? seconds_text(s.bounds_micros[i]) : "+Inf";
    f.lines.push_back(
        fmt::format("{}_bucket{} {}", name, render_labels(labels, "le", le), cumulative));
  }
  f.lines.push_back(
      fmt::format("{}_sum{} {}", name, render_labels(labels), seconds_text(s.sum_micros)));
  f.lines.push_back(fmt::format("{}_count{} {}", name, render_labels(labels), cumulative));
}

std::string MetricsWriter::text() const {
  std::string out;
  for (const auto& [name, f] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(f.help), name, f.type);
    for (const auto& line : f.lines) {
      out += line;
      out += '\n';
    }
  }
  return out;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                  MetricLabels labels) {
  assert(is_valid_metric_name(name));
  std::lock_guard<std::mutex> lock(mu_);
  counters_.push_back({name, help, std::move(labels), std::make_unique<Counter>()});
  return *counters_.back().metric;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                              MetricLabels labels) {
  assert(is_valid_metric_name(name));
  std::lock_guard<std::mutex> lock(mu_);
  gauges_.push_back({name, help, std::move(labels), std::make_unique<Gauge>()});
  return *gauges_.back().metric;
}

LatencyHistogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                             MetricLabels labels) {
  assert(is_valid_metric_name(name));
  std::lock_guard<std::mutex> lock(mu_);
  histograms_.push_back({name, help, std::move(labels), std::make_unique<LatencyHistogram>()});
  return *histograms_.back().metric;
}

void MetricsRegistry::add_collector(std::function<void(MetricsWriter&)> collector) {
  std::lock_guard<std::mutex> lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
  MetricsWriter writer;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& e : counters_) {
    writer.counter(e.name, e.help, e.labels, static_cast<double>(e.metric->value()));
  }
  for (const auto& e : gauges_) {
    writer.gauge(e.name, e.help, e.labels, static_cast<double>(e.metric->value()));
  }
  for (const auto& e : histograms_)
    writer.histogram(e.name, e.help, e.labels, e.metric->snapshot());
  for (const auto& c : collectors_) c(writer);
  return writer.text();
}

}  // namespace cairn
