#include "cql/query/request_metrics.h"

#include <string>

#include "cql/query/consistency.h"

namespace cairn::cql {
namespace {

constexpr ErrorCode kCodes[] = {
    ErrorCode::kServerError,   ErrorCode::kProtocolError,   ErrorCode::kBadCredentials,
    ErrorCode::kUnavailable,   ErrorCode::kOverloaded,      ErrorCode::kIsBootstrapping,
    ErrorCode::kTruncateError, ErrorCode::kWriteTimeout,    ErrorCode::kReadTimeout,
    ErrorCode::kReadFailure,   ErrorCode::kFunctionFailure, ErrorCode::kWriteFailure,
    ErrorCode::kSyntaxError,   ErrorCode::kUnauthorized,    ErrorCode::kInvalid,
    ErrorCode::kConfigError,   ErrorCode::kAlreadyExists,   ErrorCode::kUnprepared,
};

// The names of the protocol specification (native_protocol_v4.spec, section 9).
const char* code_name(size_t index) {
  static constexpr const char* kNames[] = {
      "server_error",     "protocol_error", "bad_credentials", "unavailable",  "overloaded",
      "is_bootstrapping", "truncate_error", "write_timeout",   "read_timeout", "read_failure",
      "function_failure", "write_failure",  "syntax_error",    "unauthorized", "invalid",
      "config_error",     "already_exists", "unprepared",      "unknown"};
  return kNames[index];
}

size_t code_index(ErrorCode code) {
  for (size_t i = 0; i < std::size(kCodes); ++i) {
    if (kCodes[i] == code) return i;
  }
  return std::size(kCodes);
}

std::string level_name(size_t index) {
  return index < 11 ? consistency_name(static_cast<uint16_t>(index)) : "UNKNOWN";
}

}  // namespace

RequestKind request_kind(const Statement& s) {
  if (std::holds_alternative<SelectStatement>(s)) return RequestKind::kRead;
  if (std::holds_alternative<InsertStatement>(s) || std::holds_alternative<UpdateStatement>(s) ||
      std::holds_alternative<DeleteStatement>(s)) {
    return RequestKind::kWrite;
  }
  if (std::holds_alternative<BatchStatement>(s)) return RequestKind::kBatch;
  return RequestKind::kOther;
}

const char* RequestMetrics::kind_name(RequestKind kind) {
  switch (kind) {
    case RequestKind::kRead: return "read";
    case RequestKind::kWrite: return "write";
    case RequestKind::kBatch: return "batch";
    case RequestKind::kOther: return "other";
  }
  return "other";
}

void RequestMetrics::record(RequestKind kind, uint16_t consistency, const Outcome& outcome,
                            int64_t start_nanos) {
  const size_t k = static_cast<size_t>(kind);
  const size_t level = consistency < kLevels - 1 ? consistency : kLevels - 1;
  const int64_t elapsed = clock_.monotonic_nanos() - start_nanos;
  requests_[k * kLevels + level].inc();
  latency_[k * kLevels + level].observe_micros(elapsed > 0 ? static_cast<uint64_t>(elapsed) / 1000
                                                           : 0);
  if (const auto* error = std::get_if<CqlError>(&outcome)) {
    errors_[k * kCodes + code_index(error->code)].inc();
  }
}

void RequestMetrics::collect(MetricsWriter& w) const {
  for (size_t k = 0; k < kKinds; ++k) {
    const char* kind = kind_name(static_cast<RequestKind>(k));
    for (size_t level = 0; level < kLevels; ++level) {
      const size_t slot = k * kLevels + level;
      if (requests_[slot].value() == 0) continue;
      const MetricLabels labels = {{"kind", kind}, {"consistency", level_name(level)}};
      w.counter("cairn_cql_requests_total",
                "CQL requests (QUERY, EXECUTE, BATCH, PREPARE) by kind and consistency level.",
                labels, static_cast<double>(requests_[slot].value()));
      w.histogram(
          "cairn_cql_request_latency_seconds",
          "Time from a CQL request's decoding to its result, by kind and consistency level.",
          labels, latency_[slot].snapshot());
    }
    for (size_t c = 0; c < kCodes; ++c) {
      const uint64_t n = errors_[k * kCodes + c].value();
      if (n == 0) continue;
      w.counter("cairn_cql_request_errors_total",
                "CQL requests that ended in an ERROR, by kind and code.",
                {{"kind", kind}, {"code", code_name(c)}}, static_cast<double>(n));
    }
  }
}

}  // namespace cairn::cql
