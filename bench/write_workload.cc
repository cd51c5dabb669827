// cairn-bench write: fills bench.kv with keys 0..N-1 in order and reports each
// acknowledged write on stdout as "acked <i>".
//
// The ack lines are the record a crash test checks against: it SIGKILLs the writer at
// a random moment, collects the indices it saw acknowledged, and runs `verify` on
// them. So a line may only be printed once Database::apply() has returned OK, and it
// must leave the process at once -- a line sitting in a stdio buffer when the kill
// lands would hide an acknowledged write from the check.
#include <errno.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/bench_db.h"
#include "bench/commands.h"
#include "bench/kv_table.h"

namespace cairn::bench {
namespace {

struct WriteFlags {
  DbFlags db;
  uint64_t keys = 0;
  uint64_t seed = 0;
  uint64_t value_size = 100;
  uint64_t threads = 1;
};

// One write(2) per line rather than stdio: the line is in the kernel (pipe or file)
// before the next write starts, and a line is never split, so lines from several
// threads never interleave.
void print_ack(uint64_t index) {
  char line[32];
  auto formatted = fmt::format_to_n(line, sizeof line, "acked {}\n", index);
  const char* p = line;
  size_t left = formatted.size;
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // stdout is gone; nobody is left to read the record
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// The writer threads and what they share: the first error stops them all.
class KvWriter {
 public:
  KvWriter(Database& db, const TableSchema& table, const WriteFlags& flags)
      : db_(db), table_(table), flags_(flags) {}

  // Thread `t` of T writes the keys i with i % T == t, in increasing order, so each
  // thread's acknowledged keys are a prefix of its share.
  void run_thread(uint64_t t) {
    for (uint64_t i = t; i < flags_.keys && !stop_.load(); i += flags_.threads) {
      Status s = write_key(i);
      if (!s.is_ok()) {
        fail(s.with_context(fmt::format("writing key {}", i)));
        return;
      }
      print_ack(i);
      written_.fetch_add(1);
    }
  }

  uint64_t written() const { return written_.load(); }
  Status first_error() {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

 private:
  Status write_key(uint64_t i) {
    auto m = kv_mutation(table_, kv_key(i), kv_value(flags_.seed, i, flags_.value_size),
                         db_.now_micros());
    if (!m.is_ok()) return m.status();
    return db_.apply(*m).status();
  }

  void fail(Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.is_ok()) error_ = std::move(s);
    stop_.store(true);
  }

  Database& db_;
  const TableSchema& table_;
  const WriteFlags& flags_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> written_{0};
  std::mutex mu_;
  Status error_;
};

}  // namespace

int write_command(const CommandArgs& args) {
  WriteFlags flags;
  FlagSet fs("write");
  add_db_flags(fs, &flags.db, /*write_options=*/true);
  fs.add_uint("keys", &flags.keys, "number of keys to write (0..N-1)", 0, 1'000'000'000'000ULL,
              true);
  fs.add_uint("seed", &flags.seed, "seed of the values (verify needs the same)", 0, UINT64_MAX,
              true);
  fs.add_uint("value-size", &flags.value_size, "bytes per value", 0, 1 << 20);
  fs.add_uint("threads", &flags.threads, "writer threads; thread t writes keys i = t mod T", 1,
              256);
  if (auto exit_code = parse_command_line(fs, args)) return *exit_code;

  auto bench = BenchDatabase::open(flags.db);
  if (!bench.is_ok()) {
    fmt::print(stderr, "cairn-bench write: {}\n", bench.status().to_string());
    return 1;
  }
  auto table = create_kv_table((*bench)->db());
  if (!table.is_ok()) {
    fmt::print(stderr, "cairn-bench write: creating bench.kv: {}\n", table.status().to_string());
    return 1;
  }

  KvWriter writer((*bench)->db(), **table, flags);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (uint64_t t = 0; t < flags.threads; ++t) {
    threads.emplace_back([&writer, t] { writer.run_thread(t); });
  }
  for (auto& th : threads) th.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  uint64_t n = writer.written();
  fmt::print(stderr, "wrote {} keys in {:.3f} s ({:.0f} ops/s)\n", n, seconds,
             seconds > 0 ? static_cast<double>(n) / seconds : 0.0);
  int exit_code = 0;
  if (Status s = writer.first_error(); !s.is_ok()) {
    fmt::print(stderr, "cairn-bench write: {}\n", s.to_string());
    exit_code = 1;
  }
  if (Status s = (*bench)->close(); !s.is_ok()) {
    fmt::print(stderr, "cairn-bench write: closing the database: {}\n", s.to_string());
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace cairn::bench
