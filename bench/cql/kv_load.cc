// The bench.kv load over a ClientPool (see kv_load.h).
//
// Each I/O group runs a GroupLoad: it is the Listener of the group's connections and
// keeps, per connection, one slot per stream id: the request in flight on that stream
// (its kind, key and start time). An answer frees its slot, which at once takes the
// next request number, if any is left. A connection whose slots all stay free is done;
// when the group's last connection is done, the group stops its io_context.
#include "bench/cql/kv_load.h"

#include <fmt/format.h>

#include <asio/post.hpp>
#include <atomic>
#include <cassert>
#include <optional>

#include "bench/kv_table.h"

namespace cairn::bench::cqlclient {
namespace {

using Clock = std::chrono::steady_clock;

// How often a group looks for requests past their timeout.
constexpr auto kTimeoutCheckInterval = std::chrono::milliseconds(200);

enum class OpKind { kInsert, kSelect };

const char* op_name(OpKind kind) { return kind == OpKind::kInsert ? "INSERT" : "SELECT"; }

uint64_t mix64(uint64_t x) {  // splitmix64's finalizer
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

OpKind kind_of(KvMix mix, uint64_t request) {
  switch (mix) {
    case KvMix::kInsert: return OpKind::kInsert;
    case KvMix::kSelect: return OpKind::kSelect;
    case KvMix::kMixed: return (mix64(request) & 1) != 0 ? OpKind::kSelect : OpKind::kInsert;
  }
  return OpKind::kInsert;
}

// What every group shares: the request numbers.
struct SharedLoad {
  const KvLoadSpec& spec;
  Clock::time_point deadline;
  std::atomic<uint64_t> next_request{0};

  std::optional<uint64_t> take(Clock::time_point now) {
    if (spec.requests > 0) {
      const uint64_t i = next_request.fetch_add(1, std::memory_order_relaxed);
      if (i >= spec.requests) return std::nullopt;
      return i;
    }
    if (now >= deadline) return std::nullopt;
    return next_request.fetch_add(1, std::memory_order_relaxed);
  }
};

class GroupLoad : public CqlConnection::Listener {
 public:
  // `group_count`: the pool's number of groups, which places connection i at position
  // i / group_count of its group (ClientPool::open).
  GroupLoad(IoGroup& group, size_t group_count, SharedLoad& shared,
            const std::vector<KvStatements>& statements)
      : group_(group),
        group_count_(group_count),
        shared_(shared),
        spec_(shared.spec),
        statements_(statements) {
    states_.resize(group.connections.size());
    for (auto& state : states_) state.slots.resize(spec_.inflight);
  }

  // Runs the load on this thread until every connection of the group is done.
  void run() {
    for (auto& c : group_.connections) {
      if (c->failed()) continue;
      c->set_listener(this);
      ++active_;
    }
    if (active_ == 0) return;
    asio::post(group_.io, [this] { start(); });
    group_.io.restart();
    while (active_ > 0) {
      group_.io.run_for(kTimeoutCheckInterval);
      if (active_ > 0) {
        if (group_.io.stopped()) group_.io.restart();
        expire_requests(Clock::now());
      }
    }
    for (auto& c : group_.connections) c->set_listener(nullptr);
  }

  void on_response(CqlConnection& connection, int16_t stream, Response response) override {
    const auto now = Clock::now();
    ConnectionState& state = state_of(connection);
    if (stream < 0 || static_cast<size_t>(stream) >= state.slots.size() ||
        !state.slots[static_cast<size_t>(stream)].busy) {
      connection.fail(Status::invalid_argument(fmt::format(
          "{} answered on stream {}, which has no request in flight", connection.peer(), stream)));
      return;
    }
    Slot& slot = state.slots[static_cast<size_t>(stream)];
    OpStats& stats = stats_of(slot.kind);
    if (std::optional<std::string> error = judge(slot, response, &stats)) {
      ++stats.errors;
      note_error(fmt::format("{} of {}: {}", op_name(slot.kind), kv_key(slot.key), *error));
    } else {
      ++stats.ok;
      stats.latency.record(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - slot.start).count()));
    }
    slot.busy = false;
    --state.busy;
    issue(connection, state, static_cast<size_t>(stream), now);
    if (state.busy == 0) connection_done();
  }

  void on_failure(CqlConnection& connection, const Status& status) override {
    ConnectionState& state = state_of(connection);
    if (state.busy == 0) return;  // already done; nothing was lost
    for (Slot& slot : state.slots) {
      if (!slot.busy) continue;
      ++stats_of(slot.kind).errors;
      slot.busy = false;
    }
    note_error(fmt::format("{} ({} requests in flight on it are counted as errors)",
                           status.to_string(), state.busy));
    state.busy = 0;
    ++failed_connections_;
    connection_done();
  }

  OpStats insert_stats;
  OpStats select_stats;
  const std::string& first_error() const { return first_error_; }
  uint64_t failed_connections() const { return failed_connections_; }
  uint64_t issued() const { return issued_; }

 private:
  struct Slot {
    bool busy = false;
    OpKind kind = OpKind::kInsert;
    uint64_t key = 0;
    Clock::time_point start;
  };
  struct ConnectionState {
    std::vector<Slot> slots;  // one per stream id
    size_t busy = 0;
  };

  ConnectionState& state_of(const CqlConnection& c) {
    const size_t position = c.index() / group_count_;
    assert(position < states_.size() && group_.connections[position].get() == &c);
    return states_[position];
  }
  OpStats& stats_of(OpKind kind) { return kind == OpKind::kInsert ? insert_stats : select_stats; }

  void start() {
    const auto now = Clock::now();
    for (size_t i = 0; i < group_.connections.size(); ++i) {
      CqlConnection& c = *group_.connections[i];
      if (c.failed()) continue;
      for (size_t s = 0; s < states_[i].slots.size(); ++s) issue(c, states_[i], s, now);
      if (states_[i].busy == 0) connection_done();
    }
  }

  // Puts the next request, if any is left, on stream `s` of `c`.
  void issue(CqlConnection& c, ConnectionState& state, size_t s, Clock::time_point now) {
    if (c.failed()) return;
    std::optional<uint64_t> request = shared_.take(now);
    if (!request) return;
    Slot& slot = state.slots[s];
    slot.busy = true;
    slot.kind = kind_of(spec_.mix, *request);
    slot.key = *request % spec_.keys;
    ++state.busy;
    ++issued_;
    const KvStatements& ids = statements_[c.index()];
    Bytes body = slot.kind == OpKind::kInsert ? kv_insert_body(ids, slot.key, spec_)
                                              : kv_select_body(ids, slot.key);
    slot.start = Clock::now();
    c.send(static_cast<int16_t>(s), cql::Opcode::kExecute, std::move(body));
  }

  // nullopt when `response` is what the slot's statement should get; otherwise why not.
  std::optional<std::string> judge(const Slot& slot, const Response& response, OpStats* stats) {
    if (response.opcode == cql::Opcode::kError) {
      auto error = decode_error(response.message);
      return error.is_ok() ? error->to_string() : error.status().to_string();
    }
    if (response.opcode != cql::Opcode::kResult) {
      return fmt::format("answered with opcode 0x{:02x}, not RESULT",
                         static_cast<int>(response.opcode));
    }
    if (slot.kind == OpKind::kInsert) {
      auto kind = decode_result_kind(response.message);
      if (!kind.is_ok()) return kind.status().to_string();
      if (*kind != ResultKind::kVoid) {
        return fmt::format("RESULT of kind {}, not Void", static_cast<int32_t>(*kind));
      }
      return std::nullopt;
    }
    auto rows = decode_rows(response.message);
    if (!rows.is_ok()) return rows.status().to_string();
    if (rows->row_count == 0) {
      ++stats->missing;
    } else if (rows->row_count != 1 || rows->columns != 1 || !rows->values[0] ||
               *rows->values[0] != kv_value(spec_.seed, slot.key, spec_.value_size)) {
      ++stats->wrong_values;
    }
    return std::nullopt;
  }

  void expire_requests(Clock::time_point now) {
    for (size_t i = 0; i < group_.connections.size(); ++i) {
      CqlConnection& c = *group_.connections[i];
      for (size_t s = 0; s < states_[i].slots.size() && !c.failed(); ++s) {
        const Slot& slot = states_[i].slots[s];
        if (slot.busy && now - slot.start > spec_.request_timeout) {
          c.fail(Status::io_error(fmt::format("{}: no answer within {} ms to the {} on stream {}",
                                              c.peer(), spec_.request_timeout.count(),
                                              op_name(slot.kind), s)));
        }
      }
    }
  }

  void connection_done() {
    assert(active_ > 0);
    if (--active_ == 0) group_.io.stop();
  }

  void note_error(std::string message) {
    if (first_error_.empty()) first_error_ = std::move(message);
  }

  IoGroup& group_;
  size_t group_count_;
  SharedLoad& shared_;
  const KvLoadSpec& spec_;
  const std::vector<KvStatements>& statements_;
  std::vector<ConnectionState> states_;  // parallel to group_.connections
  size_t active_ = 0;                    // connections not yet done
  std::string first_error_;
  uint64_t failed_connections_ = 0;
  uint64_t issued_ = 0;
};

}  // namespace

void OpStats::merge(const OpStats& other) {
  latency.merge(other.latency);
  ok += other.ok;
  errors += other.errors;
  missing += other.missing;
  wrong_values += other.wrong_values;
}

Bytes kv_insert_body(const KvStatements& statements, uint64_t key, const KvLoadSpec& spec) {
  return execute_body(
      statements.insert_id,
      {cql::Value::of(kv_key(key)), cql::Value::of(kv_value(spec.seed, key, spec.value_size))},
      /*skip_metadata=*/false);
}

Bytes kv_select_body(const KvStatements& statements, uint64_t key) {
  return execute_body(statements.select_id, {cql::Value::of(kv_key(key))},
                      /*skip_metadata=*/true);
}

KvLoadReport run_kv_load(ClientPool& pool, const std::vector<KvStatements>& statements,
                         const KvLoadSpec& spec) {
  assert(statements.size() == pool.size());
  assert(spec.keys >= 1 && spec.inflight >= 1 && spec.inflight <= 32768);
  const auto start = Clock::now();
  SharedLoad shared{spec, start + spec.duration};
  std::vector<std::unique_ptr<GroupLoad>> loads;
  for (auto& group : pool.groups()) {
    loads.push_back(std::make_unique<GroupLoad>(*group, pool.groups().size(), shared, statements));
  }
  pool.run_groups([&loads](size_t g) { loads[g]->run(); });
  KvLoadReport report;
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& load : loads) {
    report.insert.merge(load->insert_stats);
    report.select.merge(load->select_stats);
    report.failed_connections += load->failed_connections();
    report.issued += load->issued();
    if (report.first_error.empty()) report.first_error = load->first_error();
  }
  return report;
}

}  // namespace cairn::bench::cqlclient
