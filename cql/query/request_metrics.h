// RequestMetrics: what /metrics reports about CQL requests — counts and latency
// histograms by kind (read, write, batch, other) and consistency level, and errors by
// kind and CQL error code.
//
// Every series is a fixed array slot chosen by (kind, level) or (kind, code), so
// recording a request is a clock read and a few relaxed atomic increments: no lock, no
// allocation. Series that never saw a request are left out of the exposition (a node
// would otherwise print 48 empty histograms).
//
//   RequestMetrics metrics(*env.clock);
//   registry.add_collector([&](MetricsWriter& w) { metrics.collect(w); });
//   RequestMetrics::Scope scope(&metrics, consistency);   // at a request's start
//   scope.set_kind(RequestKind::kRead);                    // once the statement is known
//   return scope.finish(outcome);                          // records and passes it on
//
// Thread safety: record() and collect() may be called concurrently from any thread.
#pragma once

#include <array>
#include <cstdint>

#include "common/env/clock.h"
#include "common/metrics.h"
#include "cql/language/ast.h"
#include "cql/query/query_handler.h"

namespace cairn::cql {

enum class RequestKind { kRead = 0, kWrite, kBatch, kOther };

// read for SELECT, write for INSERT/UPDATE/DELETE (conditional ones too), batch for
// BATCH, other for everything else (DDL, USE, TRUNCATE).
RequestKind request_kind(const Statement& statement);

class RequestMetrics {
 public:
  // `clock` (monotonic_nanos) times requests; it must outlive this object.
  explicit RequestMetrics(Clock& clock) : clock_(clock) {}

  // Records one request that started at `start_nanos` (clock.monotonic_nanos()) and
  // ended with `outcome` now.
  void record(RequestKind kind, uint16_t consistency, const Outcome& outcome, int64_t start_nanos);

  // Writes cairn_cql_requests_total, cairn_cql_request_latency_seconds and
  // cairn_cql_request_errors_total.
  void collect(MetricsWriter& writer) const;

  // Times one request; inert when `metrics` is null.
  class Scope {
   public:
    Scope(RequestMetrics* metrics, uint16_t consistency)
        : metrics_(metrics),
          consistency_(consistency),
          start_nanos_(metrics != nullptr ? metrics->clock_.monotonic_nanos() : 0) {}
    void set_kind(RequestKind kind) { kind_ = kind; }
    void set_kind(const Statement& statement) { kind_ = request_kind(statement); }
    Outcome finish(Outcome outcome) {
      if (metrics_ != nullptr) metrics_->record(kind_, consistency_, outcome, start_nanos_);
      return outcome;
    }

   private:
    RequestMetrics* metrics_;
    uint16_t consistency_;
    int64_t start_nanos_;
    RequestKind kind_ = RequestKind::kOther;
  };

  // Exposed for tests: the slots' label values.
  static const char* kind_name(RequestKind kind);

 private:
  static constexpr size_t kKinds = 4;
  // ANY (0) .. LOCAL_ONE (10), then one slot for any other value a client sends.
  static constexpr size_t kLevels = 12;
  // The 18 error codes of protocol v4, then one slot for an unknown code.
  static constexpr size_t kCodes = 19;

  Clock& clock_;
  std::array<Counter, kKinds * kLevels> requests_;
  std::array<LatencyHistogram, kKinds * kLevels> latency_;
  std::array<Counter, kKinds * kCodes> errors_;
};

}  // namespace cairn::cql
