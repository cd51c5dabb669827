// cairn-bench cql: measures a running node over the CQL native protocol v4.
//
//   cairn-bench cql --host 127.0.0.1 --port 9042 --connections 50 --inflight 1
//                   --workload insert|select|mixed --requests N | --seconds S
//                   --value-size 100 --json
//
// It opens --connections connections (STARTUP, optionally LZ4), creates keyspace
// `bench` (SimpleStrategy, RF 1) and table bench.kv (k blob PRIMARY KEY, v blob) unless
// they exist, prepares on every connection
//   INSERT INTO bench.kv (k, v) VALUES (?, ?)     and     SELECT v FROM bench.kv WHERE k = ?
// and runs the load of kv_load.h. `select` and `mixed` read keys 0..K-1; when key 0 or
// key K-1 is missing, they first insert all K keys (not measured, said on stderr), so
// a select run on an empty node measures reads, not misses. (The embedded workloads'
// bench.kv names its columns key and value: on a data directory they created, PREPARE
// fails with the node's error.)
//
// Output: a summary per operation on stdout, or with --json one JSON object per line
// (workload, op, engine "cairn-cql", ops, ops_per_s, p50_us ... max_us, errors, ...).
// Exit status: 0 when every request got the answer it should; 1 when the node could
// not be reached, the setup failed, or any request failed, found no row or read a
// wrong value (the report is still printed, with the first error on stderr); 2 for a
// usage error.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "bench/commands.h"
#include "bench/cql/client_pool.h"
#include "bench/cql/kv_load.h"
#include "bench/flags.h"

namespace cairn::bench {
namespace {

using namespace cqlclient;

constexpr const char* kCreateKeyspace =
    "CREATE KEYSPACE IF NOT EXISTS bench WITH replication = "
    "{'class': 'SimpleStrategy', 'replication_factor': 1}";
constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS bench.kv (k blob PRIMARY KEY, v blob)";
constexpr const char* kInsert = "INSERT INTO bench.kv (k, v) VALUES (?, ?)";
constexpr const char* kSelect = "SELECT v FROM bench.kv WHERE k = ?";

constexpr uint64_t kDefaultRequests = 100'000;
constexpr uint64_t kDefaultKeysForSeconds = 100'000;

struct CqlFlags {
  std::string host = "127.0.0.1";
  uint64_t port = 9042;
  uint64_t connections = 50;
  uint64_t inflight = 1;
  uint64_t io_threads = 1;
  std::string workload = "insert";
  uint64_t requests = kDefaultRequests;
  uint64_t seconds = 0;
  uint64_t value_size = 100;
  uint64_t keys = 0;
  uint64_t seed = 1;
  std::string compression = "none";
  uint64_t request_timeout_ms = 10'000;
  bool json = false;
};

int fail(const std::string& message) {
  fmt::print(stderr, "cairn-bench cql: {}\n", message);
  return 1;
}

// The answer to a schema statement: any RESULT; an ERROR is the failure.
Status expect_result(const Result<Response>& r, std::string_view what) {
  if (!r.is_ok()) return r.status().with_context(what);
  if (r->opcode == cql::Opcode::kError) {
    auto e = decode_error(r->message);
    return Status::invalid_argument(
        fmt::format("{}: {}", what, e.is_ok() ? e->to_string() : e.status().to_string()));
  }
  if (r->opcode != cql::Opcode::kResult) {
    return Status::invalid_argument(
        fmt::format("{}: answered with opcode 0x{:02x}", what, static_cast<int>(r->opcode)));
  }
  return Status::ok();
}

Result<Bytes> prepare(ClientPool& pool, size_t i, const char* cql, int32_t binds) {
  auto r = pool.call(i, cql::Opcode::kPrepare, prepare_body(cql));
  const std::string what = fmt::format("PREPARE {}", cql);
  CAIRN_RETURN_IF_ERROR(expect_result(r, what));
  auto prepared = decode_prepared(r->message);
  if (!prepared.is_ok()) return prepared.status().with_context(what);
  if (prepared->bind_count != binds) {
    return Status::invalid_argument(fmt::format("{}: the node reports {} bind variables, not {}",
                                                what, prepared->bind_count, binds));
  }
  return std::move(prepared->id);
}

// Creates the schema and prepares both statements on every connection.
Result<std::vector<KvStatements>> set_up(ClientPool& pool) {
  CAIRN_RETURN_IF_ERROR(expect_result(
      pool.call(0, cql::Opcode::kQuery, query_body(kCreateKeyspace)), "CREATE KEYSPACE bench"));
  CAIRN_RETURN_IF_ERROR(expect_result(pool.call(0, cql::Opcode::kQuery, query_body(kCreateTable)),
                                      "CREATE TABLE bench.kv"));
  std::vector<KvStatements> statements(pool.size());
  for (size_t i = 0; i < pool.size(); ++i) {
    CAIRN_ASSIGN_OR_RETURN(statements[i].insert_id, prepare(pool, i, kInsert, 2));
    CAIRN_ASSIGN_OR_RETURN(statements[i].select_id, prepare(pool, i, kSelect, 1));
  }
  return statements;
}

// Whether bench.kv holds `key` (a blocking SELECT on connection 0).
Result<bool> has_key(ClientPool& pool, const KvStatements& ids, uint64_t key) {
  auto r = pool.call(0, cql::Opcode::kExecute, kv_select_body(ids, key));
  const std::string what = fmt::format("probing key {}", key);
  CAIRN_RETURN_IF_ERROR(expect_result(r, what));
  auto rows = decode_rows(r->message);
  if (!rows.is_ok()) return rows.status().with_context(what);
  return rows->row_count > 0;
}

// For select and mixed: inserts keys 0..K-1 unless the first and last are there.
Status fill_if_empty(ClientPool& pool, const std::vector<KvStatements>& statements,
                     const KvLoadSpec& spec) {
  CAIRN_ASSIGN_OR_RETURN(bool first, has_key(pool, statements[0], 0));
  CAIRN_ASSIGN_OR_RETURN(bool last, has_key(pool, statements[0], spec.keys - 1));
  if (first && last) return Status::ok();
  fmt::print(stderr,
             "cairn-bench cql: bench.kv lacks key {}; inserting keys 0..{} first "
             "(not measured)\n",
             first ? spec.keys - 1 : 0, spec.keys - 1);
  KvLoadSpec fill = spec;
  fill.mix = KvMix::kInsert;
  fill.requests = spec.keys;
  KvLoadReport report = run_kv_load(pool, statements, fill);
  if (report.insert.errors > 0 || report.insert.ok != spec.keys) {
    return Status::io_error(fmt::format("filling bench.kv: {} of {} inserts failed; first: {}",
                                        report.insert.errors, spec.keys, report.first_error));
  }
  fmt::print(stderr, "cairn-bench cql: inserted {} keys in {:.3f} s\n", spec.keys, report.seconds);
  return Status::ok();
}

double micros(uint64_t nanos) { return static_cast<double>(nanos) / 1000.0; }

void print_stats(const CqlFlags& flags, const KvLoadSpec& spec, std::string_view op,
                 const OpStats& s, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(s.ok) / seconds : 0.0;
  const LatencyHistogram& h = s.latency;
  if (flags.json) {
    fmt::print(
        "{{\"engine\":\"cairn-cql\",\"workload\":\"{}\",\"op\":\"{}\",\"host\":\"{}\","
        "\"port\":{},\"connections\":{},\"inflight\":{},\"io_threads\":{},\"value_size\":{},"
        "\"keys\":{},\"compression\":\"{}\",\"ops\":{},\"seconds\":{:.3f},"
        "\"ops_per_s\":{:.1f},\"mean_us\":{:.1f},\"p50_us\":{:.1f},\"p95_us\":{:.1f},"
        "\"p99_us\":{:.1f},\"p999_us\":{:.1f},\"max_us\":{:.1f},\"errors\":{},"
        "\"missing\":{},\"wrong_values\":{}}}\n",
        flags.workload, op, flags.host, flags.port, flags.connections, flags.inflight,
        flags.io_threads, flags.value_size, spec.keys, flags.compression, s.ok, seconds, rate,
        h.mean() / 1000.0, micros(h.value_at_percentile(50)), micros(h.value_at_percentile(95)),
        micros(h.value_at_percentile(99)), micros(h.value_at_percentile(99.9)), micros(h.max()),
        s.errors, s.missing, s.wrong_values);
    return;
  }
  fmt::print("cql {:<6} {} ops in {:.3f} s: {:.0f} ops/s, {} errors", op, s.ok, seconds, rate,
             s.errors);
  if (s.missing > 0 || s.wrong_values > 0) {
    fmt::print(", {} rows missing, {} wrong values", s.missing, s.wrong_values);
  }
  fmt::print(
      "\n  latency us: p50 {:.0f}  p95 {:.0f}  p99 {:.0f}  p99.9 {:.0f}  max {:.0f}  "
      "mean {:.0f}\n",
      micros(h.value_at_percentile(50)), micros(h.value_at_percentile(95)),
      micros(h.value_at_percentile(99)), micros(h.value_at_percentile(99.9)), micros(h.max()),
      h.mean() / 1000.0);
}

}  // namespace

int cql_command(const CommandArgs& args) {
  CqlFlags flags;
  FlagSet fs("cql");
  fs.add_string("host", &flags.host, "ADDR", "the node's rpc_address");
  fs.add_uint("port", &flags.port, "its native_transport_port", 1, 65535);
  fs.add_uint("connections", &flags.connections, "connections to open", 1, 10'000);
  fs.add_uint("inflight", &flags.inflight, "requests outstanding per connection (stream ids)", 1,
              1024);
  fs.add_uint("io-threads", &flags.io_threads, "client I/O threads sharing the connections", 1, 64);
  fs.add_choice("workload", &flags.workload, {"insert", "select", "mixed"},
                "prepared INSERTs, SELECTs, or half of each");
  fs.add_uint("requests", &flags.requests, "requests to send", 1, 1'000'000'000'000ULL);
  fs.add_uint("seconds", &flags.seconds, "run this many seconds instead of --requests (0: off)", 0,
              86'400);
  fs.add_uint("value-size", &flags.value_size, "bytes per value", 0, 1 << 20);
  fs.add_uint("keys", &flags.keys,
              fmt::format("distinct keys, request i uses key i mod K (0: as many as --requests, "
                          "or {} with --seconds)",
                          kDefaultKeysForSeconds),
              0, 1'000'000'000'000ULL);
  fs.add_uint("seed", &flags.seed, "seed of the values (select checks what insert wrote)", 0,
              UINT64_MAX);
  fs.add_choice("compression", &flags.compression, {"none", "lz4"},
                "frame body compression asked for in STARTUP");
  fs.add_uint("request-timeout-ms", &flags.request_timeout_ms,
              "a request unanswered this long fails its connection", 1, 3'600'000);
  fs.add_bool("json", &flags.json, "print one JSON object per line instead of the summary");
  if (auto exit_code = parse_command_line(fs, args)) return *exit_code;
  if (fs.was_set("requests") && fs.was_set("seconds")) {
    fmt::print(stderr, "cairn-bench: give --requests or --seconds, not both\n{}", fs.usage());
    return kExitUsage;
  }

  KvLoadSpec spec;
  spec.mix = flags.workload == "insert"   ? KvMix::kInsert
             : flags.workload == "select" ? KvMix::kSelect
                                          : KvMix::kMixed;
  if (flags.seconds > 0) {
    spec.duration = std::chrono::seconds(flags.seconds);
  } else {
    spec.requests = flags.requests;
  }
  spec.keys = flags.keys > 0      ? flags.keys
              : spec.requests > 0 ? spec.requests
                                  : kDefaultKeysForSeconds;
  spec.value_size = flags.value_size;
  spec.seed = flags.seed;
  spec.inflight = static_cast<uint32_t>(flags.inflight);
  spec.request_timeout = std::chrono::milliseconds(flags.request_timeout_ms);

  PoolOptions pool_options;
  pool_options.connection.host = flags.host;
  pool_options.connection.port = static_cast<uint16_t>(flags.port);
  pool_options.connection.driver_name = "cairn-bench";
  pool_options.connection.compression =
      flags.compression == "lz4" ? CompressionAlgorithm::kLz4 : CompressionAlgorithm::kNone;
  pool_options.connections = flags.connections;
  pool_options.io_threads = flags.io_threads;
  auto pool = ClientPool::open(pool_options);
  if (!pool.is_ok()) {
    return fail(pool.status().message() + " (is cairnd running there?)");
  }
  auto statements = set_up(**pool);
  if (!statements.is_ok()) return fail(statements.status().message());
  if (spec.mix != KvMix::kInsert) {
    if (Status s = fill_if_empty(**pool, *statements, spec); !s.is_ok()) {
      return fail(s.message());
    }
  }

  KvLoadReport report = run_kv_load(**pool, *statements, spec);
  OpStats total = report.insert;
  total.merge(report.select);
  if (spec.mix == KvMix::kMixed) {
    print_stats(flags, spec, "all", total, report.seconds);
    print_stats(flags, spec, "insert", report.insert, report.seconds);
    print_stats(flags, spec, "select", report.select, report.seconds);
  } else {
    print_stats(flags, spec, flags.workload, total, report.seconds);
  }

  int exit_code = 0;
  if (!report.first_error.empty()) {
    fmt::print(stderr, "cairn-bench cql: {} errors; the first: {}\n", total.errors,
               report.first_error);
    exit_code = 1;
  }
  if (report.failed_connections > 0) {
    fmt::print(stderr, "cairn-bench cql: {} of {} connections failed", report.failed_connections,
               flags.connections);
    if (spec.requests > report.issued) {
      fmt::print(stderr, "; {} of the {} requests were never sent", spec.requests - report.issued,
                 spec.requests);
    }
    fmt::print(stderr, "\n");
    exit_code = 1;
  }
  if (total.missing > 0 || total.wrong_values > 0) {
    fmt::print(stderr,
               "cairn-bench cql: {} SELECTs found no row and {} read another value than "
               "`insert --seed {} --value-size {}` writes\n",
               total.missing, total.wrong_values, flags.seed, flags.value_size);
    exit_code = 1;
  }
  if (total.ok + total.errors != report.issued ||
      (report.failed_connections == 0 && spec.requests > 0 && report.issued != spec.requests)) {
    // Every request sent is answered or counted as an error: a gap is a bug here.
    fmt::print(stderr, "cairn-bench cql: {} requests accounted for, {} sent, {} asked for\n",
               total.ok + total.errors, report.issued, spec.requests);
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace cairn::bench
