// The load of `cairn-bench cql`: prepared INSERTs and SELECTs on bench.kv, kept
// `inflight` deep on every connection of a ClientPool, with latencies recorded per
// request.
//
// Requests are numbered 0, 1, 2, ... across all connections (one shared counter);
// request i touches key i % keys (kv_key(), the same keys as the embedded workloads)
// and an INSERT writes kv_value(seed, key, value_size), so a SELECT can check the bytes
// it reads back. In the mixed load, request i is a SELECT or an INSERT by one bit of a
// hash of i (half each). The run stops after `requests` requests, or when `duration`
// has passed (requests in flight then still finish and count).
//
// A request counts once, when its answer arrives: as `ok` when it is the RESULT the
// statement should give (a SELECT answered with no row, or with another value, is ok
// and also counted as missing or wrong), otherwise as an error (an ERROR frame, an
// unexpected answer). A connection that fails or a request unanswered after
// `request_timeout` fails the connection: its outstanding requests are errors, and
// the other connections carry on. Latency is recorded for ok requests only, from just
// before the request is queued to the moment its answer is decoded.
//
// Thread safety: run_kv_load() runs one thread per I/O group of the pool and returns
// when they are all done; the pool must not be used by anyone else meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/cql/client_pool.h"
#include "bench/cql/latency_histogram.h"
#include "common/bytes.h"

namespace cairn::bench::cqlclient {

enum class KvMix { kInsert, kSelect, kMixed };

// The prepared statement ids of one connection.
struct KvStatements {
  Bytes insert_id;  // INSERT INTO bench.kv (k, v) VALUES (?, ?)
  Bytes select_id;  // SELECT v FROM bench.kv WHERE k = ?
};

struct KvLoadSpec {
  KvMix mix = KvMix::kInsert;
  uint64_t requests = 0;                 // stop after this many; 0: run for `duration`
  std::chrono::nanoseconds duration{0};  // used when requests is 0
  uint64_t keys = 1;                     // request i touches key i % keys; >= 1
  uint64_t value_size = 100;             // bytes per value
  uint64_t seed = 1;                     // of the values, as kv_value()
  uint32_t inflight = 1;                 // requests outstanding per connection (streams 0..n-1)
  std::chrono::milliseconds request_timeout{10'000};
};

struct OpStats {
  LatencyHistogram latency;  // nanoseconds, ok requests only
  uint64_t ok = 0;
  uint64_t errors = 0;
  uint64_t missing = 0;       // SELECTs answered with no row (also in ok)
  uint64_t wrong_values = 0;  // SELECTs answered with another value (also in ok)

  void merge(const OpStats& other);
};

struct KvLoadReport {
  OpStats insert;
  OpStats select;
  double seconds = 0;       // from the first request queued to the last answer
  std::string first_error;  // the first error seen (per I/O thread, the first thread's)
  uint64_t failed_connections = 0;
  uint64_t issued = 0;  // requests sent (fewer than asked when connections failed)
};

// Runs `spec` on every connection of `pool` that has not failed. `statements[i]` are
// connection i's ids. REQUIRES: statements.size() == pool.size(); spec.keys >= 1;
// 1 <= spec.inflight <= 32768.
KvLoadReport run_kv_load(ClientPool& pool, const std::vector<KvStatements>& statements,
                         const KvLoadSpec& spec);

// The two requests, as the load sends them (also used for the blocking probes).
Bytes kv_insert_body(const KvStatements& statements, uint64_t key, const KvLoadSpec& spec);
Bytes kv_select_body(const KvStatements& statements, uint64_t key);

}  // namespace cairn::bench::cqlclient
