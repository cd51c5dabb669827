// cairn-bench WORKLOAD[,WORKLOAD...] [flags]: db_bench-style workloads over the Engine
// interface (bench/engines/engine.h), in the order given, against one data directory.
//
//   cairn-bench fillrandom,readrandom --num 1000000 --dir /tmp/d
//   cairn-bench fillsync --num 20000 --threads 16 --sync group --dir /tmp/d --json
//
// Keys are the zero-padded decimal of an index, --key-size characters wide; values are
// slices of a pseudo-random (incompressible) buffer. Which index an operation uses is
// a function of (--seed, the workload, the operation's number) alone, so a run is the
// same whatever --threads is:
//   fillseq       put 0..num-1 in order
//   fillrandom    put 0..num-1, each once, in a pseudo-random order (a permutation)
//   overwrite     put num indices drawn uniformly from [0, num)
//   fillsync      as fillrandom, each put durable before it returns (--sync group|batch)
//   readrandom    --reads gets; even-numbered ones ask for an index in [0, num) (a key
//                 a fill wrote), odd ones for an index in [num, 2 num) (never written)
//   readhot       --reads gets of the first 1% of [0, num) (at least one key)
//   seekrandom    --reads seeks to a random index in [0, num), each reading --seek-nexts
//                 keys on; first loads 0..num-1 into the engine's scan layout
//                 (put_sorted; neither timed nor in the resource figures) unless the
//                 directory already holds index 0 there
//   readwhilewriting  as db_bench: --threads minus one reader threads share --reads
//                 gets drawn as readrandom's, while one more thread puts indices drawn
//                 uniformly from [0, num) until the readers are done; ops, latency and
//                 hits are the reads', the puts are counted apart ("writes")
//   deleterandom  erase 0..num-1 in a pseudo-random order
//   compact       one major compaction of everything
//   replay        restart after a crash: a child process (forked before the engine is
//                 opened) opens the engine, puts 0..num-1 as fillrandom does and exits
//                 without closing, as a killed process would; the timed operation is the
//                 open that recovers those puts from the commitlog (the peers: their
//                 WAL), including whatever the engine does before open returns (Cairn
//                 flushes what it replayed). ops/s is num / open time. Must come first
//                 in the list, with --memtable-mb large enough that the fill never
//                 flushes (else some puts are in sstables, not replayed)
// Each engine's data lives in <dir>/<engine>, created if missing and reused if not.
// With --engines naming several, each engine runs the whole list in turn (opened with
// comparable settings, printed per engine) and the text output ends with a table of
// Cairn's ops/s divided by each peer's. While a workload runs and stderr is a terminal
// (and --json is off), a progress line on stderr is rewritten in place every second.
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>

#include "bench/commands.h"
#include "bench/db_bench_report.h"
#include "bench/engines/engine.h"
#include "bench/flags.h"
#include "sstable/cb_reader.h"
#include "storage/options.h"

namespace cairn::bench {
namespace {

constexpr std::string_view kWorkloads[] = {
    "fillseq", "fillrandom", "overwrite",        "fillsync",     "readrandom",
    "readhot", "seekrandom", "readwhilewriting", "deleterandom", "compact", "replay"};
constexpr size_t kValueBufferBytes = 1 << 20;

struct RunFlags {
  std::string engines = "cairn";
  std::string dir;
  uint64_t num = 1'000'000;
  int64_t reads = -1;
  uint64_t threads = 1;
  uint64_t value_size = 100;
  uint64_t key_size = 16;
  uint64_t seed = 301;
  uint64_t seek_nexts = 100;
  uint64_t memtable_mb = 0;
  std::string sync = "periodic";
  std::string log_level = "warn";
  bool json = false;
  bool progress = false;  // stderr is a terminal and --json is off

  uint64_t read_ops() const { return reads < 0 ? num : static_cast<uint64_t>(reads); }
};

std::vector<std::string> split(std::string_view list) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    parts.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

bool is_workload(std::string_view name) {
  return std::find(std::begin(kWorkloads), std::end(kWorkloads), name) != std::end(kWorkloads);
}

uint64_t mix(uint64_t x) {  // splitmix64's finalizer
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

__extension__ typedef unsigned __int128 Uint128;  // __extension__: -Wpedantic

// A pseudo-random permutation of [0, n): i -> (a i + b) mod n with a coprime to n.
class Permutation {
 public:
  Permutation(uint64_t seed, uint64_t n) : n_(std::max<uint64_t>(n, 1)) {
    a_ = mix(seed) % n_ | 1;
    while (std::gcd(a_, n_) != 1) ++a_;
    b_ = mix(seed + 1) % n_;
  }
  uint64_t operator()(uint64_t i) const {
    return static_cast<uint64_t>((static_cast<Uint128>(a_) * i + b_) % n_);
  }

 private:
  uint64_t n_, a_ = 1, b_ = 0;
};

// What one thread needs for its operations: key and value buffers and its histogram.
struct ThreadState {
  explicit ThreadState(const RunFlags& flags, uint64_t thread)
      : key(flags.key_size, '0'),
        values(std::max<size_t>(kValueBufferBytes, 2 * flags.value_size), '\0') {
    for (size_t i = 0; i < values.size(); i += 8) {
      uint64_t word = mix(flags.seed * 1000 + thread * 7919 + i);
      for (size_t b = 0; b < 8 && i + b < values.size(); ++b) {
        values[i + b] = static_cast<char>(word >> (8 * b));
      }
    }
  }

  std::string_view make_key(uint64_t index) {
    for (size_t i = key.size(); i > 0; --i) {
      key[i - 1] = static_cast<char>('0' + index % 10);
      index /= 10;
    }
    return key;
  }
  std::string_view next_value(size_t size) {
    if (value_offset + size > values.size()) value_offset = 0;
    std::string_view v(values.data() + value_offset, size);
    value_offset += size / 2 + 1;  // overlapping slices, never the same one twice in a row
    return v;
  }

  std::string key;
  std::string values;
  size_t value_offset = 0;
  std::string read_value;
  LatencyHistogram latency;
  uint64_t bytes = 0;
  uint64_t found = 0;
  uint64_t hits_asked = 0;
  uint64_t rows = 0;
  // Operations this thread has finished, read by the progress line.
  std::atomic<uint64_t> done{0};
};

// Runs `ops` operations on `threads` threads, operation i on thread i mod T, timing each.
// `op(state, i)` performs operation i. The first error stops every thread.
class Runner {
 public:
  using Op = std::function<Status(ThreadState&, uint64_t)>;

  // `label` names the run on the progress line ("fillrandom rocksdb").
  Runner(const RunFlags& flags, uint64_t threads, std::string label = "")
      : flags_(flags), threads_(threads), label_(std::move(label)) {}

  Status run(uint64_t ops, const Op& op, WorkloadResult* result) {
    std::vector<std::unique_ptr<ThreadState>> states;
    for (uint64_t t = 0; t < threads_; ++t)
      states.push_back(std::make_unique<ThreadState>(flags_, t));
    const auto start = std::chrono::steady_clock::now();
    std::mutex progress_mu;
    std::condition_variable progress_cv;
    bool finished = false;
    std::thread progress;
    if (flags_.progress && !label_.empty()) {
      progress = std::thread([&] {
        std::unique_lock<std::mutex> lock(progress_mu);
        do {
          uint64_t done = 0;
          for (const auto& s : states) done += s->done.load(std::memory_order_relaxed);
          const double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          fmt::print(stderr, "\r\033[K{}: {} of {} ops, {:.0f} ops/s, {:.0f} s", label_, done, ops,
                     seconds > 0 ? static_cast<double>(done) / seconds : 0.0, seconds);
        } while (!progress_cv.wait_for(lock, std::chrono::seconds(1), [&] { return finished; }));
        fmt::print(stderr, "\r\033[K");  // the results line takes its place
      });
    }
    std::vector<std::thread> workers;
    for (uint64_t t = 0; t < threads_; ++t) {
      workers.emplace_back([&, t] {
        ThreadState& state = *states[t];
        for (uint64_t i = t; i < ops && !stop_.load(std::memory_order_relaxed); i += threads_) {
          const auto op_start = std::chrono::steady_clock::now();
          Status s = op(state, i);
          const auto op_end = std::chrono::steady_clock::now();
          if (!s.is_ok()) {
            fail(s.with_context(fmt::format("operation {}", i)));
            return;
          }
          state.latency.record(static_cast<uint64_t>(
              std::chrono::duration_cast<std::chrono::nanoseconds>(op_end - op_start).count()));
          state.done.store(state.latency.count(), std::memory_order_relaxed);
        }
      });
    }
    for (auto& w : workers) w.join();
    if (progress.joinable()) {
      {
        std::lock_guard<std::mutex> lock(progress_mu);
        finished = true;
      }
      progress_cv.notify_one();
      progress.join();
    }
    result->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result->threads = threads_;
    for (const auto& s : states) {
      result->latency.merge(s->latency);
      result->bytes += s->bytes;
      result->ops += s->latency.count();
      if (s->hits_asked > 0 || s->found > 0) {
        result->found = result->found.value_or(0) + s->found;
        result->hits_asked = result->hits_asked.value_or(0) + s->hits_asked;
      }
      if (s->rows > 0) result->rows = result->rows.value_or(0) + s->rows;
    }
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

 private:
  void fail(Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.is_ok()) error_ = std::move(s);
    stop_.store(true);
  }

  const RunFlags& flags_;
  const uint64_t threads_;
  const std::string label_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  Status error_;
};

// A get of index `index`, counting it among the hits asked for when `expect_present`.
Status get_op(Engine& engine, const RunFlags& flags, ThreadState& s, uint64_t index,
              bool expect_present) {
  if (expect_present) ++s.hits_asked;
  CAIRN_ASSIGN_OR_RETURN(bool found, engine.get(s.make_key(index), &s.read_value));
  if (found) {
    ++s.found;
    s.bytes += flags.key_size + s.read_value.size();
  }
  return Status::ok();
}

// readrandom's operation i: a key the fills wrote when i is even, one never written if odd.
Status read_random_op(Engine& engine, const RunFlags& flags, uint64_t seed, ThreadState& s,
                      uint64_t i) {
  const uint64_t r = mix(seed + i) % flags.num;
  return i % 2 == 0 ? get_op(engine, flags, s, r, true)
                    : get_op(engine, flags, s, flags.num + r, false);
}

// readwhilewriting: --threads - 1 readers run readrandom's operations while one writer
// puts until they finish. The readers stop at their first error, the writer at its
// own; the readers' error is returned first, then the writer's.
Status read_while_writing(Engine& engine, const RunFlags& flags, const std::string& label,
                          WorkloadResult* result);

// Salts so that each workload draws its own sequence from --seed.
uint64_t salt(std::string_view workload) { return std::hash<std::string_view>{}(workload); }

Status read_while_writing(Engine& engine, const RunFlags& flags, const std::string& label,
                          WorkloadResult* result) {
  const uint64_t seed = flags.seed ^ salt("readwhilewriting");
  const uint64_t write_seed = seed ^ salt("readwhilewriting writer");
  std::atomic<bool> readers_done{false};
  Status write_error;
  uint64_t writes = 0;
  // The writer's ThreadState is a thread number past the readers', so its values differ.
  ThreadState writer_state(flags, flags.threads);
  std::thread writer([&] {
    // At least one put, so that a run always shows the writer took part.
    for (uint64_t j = 0; j == 0 || !readers_done.load(std::memory_order_relaxed); ++j) {
      Status s = engine.put(writer_state.make_key(mix(write_seed + j) % flags.num),
                            writer_state.next_value(flags.value_size), false);
      if (!s.is_ok()) {
        write_error = s.with_context(fmt::format("writer's put {}", j));
        return;
      }
      ++writes;
    }
  });
  Runner readers(flags, flags.threads - 1, label);
  Status read_status = readers.run(
      flags.read_ops(),
      [&](ThreadState& s, uint64_t i) { return read_random_op(engine, flags, seed, s, i); },
      result);
  readers_done.store(true);
  writer.join();
  result->threads = flags.threads;
  result->writes = writes;
  CAIRN_RETURN_IF_ERROR(read_status);
  return write_error;
}

Status load_scan_layout(Engine& engine, const RunFlags& flags) {
  ThreadState probe(flags, 0);
  size_t present = 0;
  CAIRN_ASSIGN_OR_RETURN(
      present, engine.seek_scan(probe.make_key(0), 1, [](std::string_view, std::string_view) {}));
  if (present > 0) return Status::ok();
  const auto start = std::chrono::steady_clock::now();
  WorkloadResult ignored;
  Runner runner(flags, flags.threads);
  CAIRN_RETURN_IF_ERROR(runner.run(
      flags.num,
      [&](ThreadState& s, uint64_t i) {
        return engine.put_sorted(s.make_key(i), s.next_value(flags.value_size));
      },
      &ignored));
  if (!flags.json) {
    fmt::print(stderr, "seekrandom: loaded {} keys into {}'s scan layout in {:.1f} s (untimed)\n",
               flags.num, engine.name(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return Status::ok();
}

Status run_workload(Engine& engine, const RunFlags& flags, std::string_view workload,
                    WorkloadResult* result) {
  const uint64_t num = flags.num;
  const uint64_t seed = flags.seed ^ salt(workload);
  const uint64_t record_bytes = flags.key_size + flags.value_size;
  const Permutation permutation(seed, num);
  const std::string label = fmt::format("{} {}", workload, engine.name());
  if (workload == "readwhilewriting") return read_while_writing(engine, flags, label, result);
  Runner runner(flags, workload == "compact" ? 1 : flags.threads, label);
  auto put = [&](ThreadState& s, uint64_t index, bool sync) {
    s.bytes += record_bytes;
    return engine.put(s.make_key(index), s.next_value(flags.value_size), sync);
  };
  auto get = [&](ThreadState& s, uint64_t index, bool expect_present) {
    return get_op(engine, flags, s, index, expect_present);
  };

  if (workload == "fillseq") {
    return runner.run(
        num, [&](ThreadState& s, uint64_t i) { return put(s, i, false); }, result);
  }
  if (workload == "fillrandom" || workload == "fillsync") {
    const bool sync = workload == "fillsync";
    return runner.run(
        num, [&](ThreadState& s, uint64_t i) { return put(s, permutation(i), sync); }, result);
  }
  if (workload == "overwrite") {
    return runner.run(
        num, [&](ThreadState& s, uint64_t i) { return put(s, mix(seed + i) % num, false); },
        result);
  }
  if (workload == "readrandom") {
    return runner.run(
        flags.read_ops(),
        [&](ThreadState& s, uint64_t i) { return read_random_op(engine, flags, seed, s, i); },
        result);
  }
  if (workload == "readhot") {
    const uint64_t hot = std::max<uint64_t>(1, num / 100);
    return runner.run(
        flags.read_ops(),
        [&](ThreadState& s, uint64_t i) { return get(s, mix(seed + i) % hot, true); }, result);
  }
  if (workload == "seekrandom") {
    return runner.run(
        flags.read_ops(),
        [&](ThreadState& s, uint64_t i) -> Status {
          CAIRN_ASSIGN_OR_RETURN(size_t n,
                                 engine.seek_scan(s.make_key(mix(seed + i) % num), flags.seek_nexts,
                                                  [&s](std::string_view k, std::string_view v) {
                                                    s.bytes += k.size() + v.size();
                                                  }));
          s.rows += n;
          return Status::ok();
        },
        result);
  }
  if (workload == "deleterandom") {
    return runner.run(
        num,
        [&](ThreadState& s, uint64_t i) {
          s.bytes += flags.key_size;
          return engine.erase(s.make_key(permutation(i)));
        },
        result);
  }
  if (workload == "compact") {
    return runner.run(
        1, [&](ThreadState&, uint64_t) { return engine.compact(); }, result);
  }
  return Status::invalid_argument(fmt::format("unknown workload '{}'", workload));
}

// The replay workload's crash: a child process opens `engine_name` in `dir`, puts
// 0..num-1 in fillrandom's order, and leaves with _Exit — no close, no flush, no sync:
// what the puts left in the page cache is what a killed process leaves. Forked before
// this process opens the engine, so no engine thread or lock is cloned.
Status write_unflushed(std::string_view engine_name, const std::string& dir,
                       const EngineOptions& options, const RunFlags& flags) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) return Status::io_error(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    auto engine = make_engine(engine_name);
    Status s = engine.status();
    if (s.is_ok()) s = (*engine)->open(dir, options);
    if (s.is_ok()) {
      const Permutation permutation(flags.seed ^ salt("fillrandom"), flags.num);
      RunFlags quiet = flags;
      quiet.progress = false;
      Runner runner(quiet, flags.threads);
      WorkloadResult ignored;
      s = runner.run(
          flags.num,
          [&](ThreadState& st, uint64_t i) {
            return (*engine)->put(st.make_key(permutation(i)), st.next_value(flags.value_size),
                                  false);
          },
          &ignored);
    }
    if (!s.is_ok()) fmt::print(stderr, "cairn-bench: replay's writer: {}\n", s.to_string());
    std::fflush(stderr);
    std::_Exit(s.is_ok() ? 0 : 1);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::io_error(fmt::format("waitpid: {}", std::strerror(errno)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::io_error("replay: the writer process failed (its error is above)");
  }
  return Status::ok();
}

// Opens `engine_name` in <dir>/<engine_name> and runs every workload on it, appending
// each result to `results`.
int run_engine(std::string_view engine_name, const std::vector<std::string>& workloads,
               const RunFlags& flags, std::vector<WorkloadResult>* results) {
  auto fail = [&](const Status& s) {
    fmt::print(stderr, "cairn-bench: {}: {}\n", engine_name, s.to_string());
    return 1;
  };
  auto engine = make_engine(engine_name);
  if (!engine.is_ok()) return fail(engine.status());
  const std::string dir = fmt::format("{}/{}", flags.dir, engine_name);
  // LevelDB creates only the last level of its directory: make DIR itself.
  if (::mkdir(flags.dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return fail(Status::io_error(fmt::format("mkdir {}: {}", flags.dir, std::strerror(errno))));
  }
  EngineOptions options;
  options.sync = flags.sync;
  // Every engine gets Cairn's memtable size and, as its block cache, the sum of Cairn's
  // caches, so that the engines run with the same memory budgets.
  options.memtable_bytes = flags.memtable_mb != 0
                               ? flags.memtable_mb << 20
                               : DatabaseOptions{}.memtable_flush_threshold_bytes;
  options.cache_bytes = kCbReaderIndexCacheBytes + kCbReaderChunkCacheBytes;
  options.log_level = flags.log_level;
  // replay (first in the list, checked by the caller) crashes a writer first, then
  // times this open, which recovers what it wrote.
  const bool replay = !workloads.empty() && workloads.front() == "replay";
  if (replay) {
    if (Status s = write_unflushed(engine_name, dir, options, flags); !s.is_ok()) return fail(s);
  }
  const ResourceSnapshot before_open = ResourceSnapshot::take();
  const auto open_start = std::chrono::steady_clock::now();
  if (Status s = (*engine)->open(dir, options); !s.is_ok()) return fail(s);
  const auto open_end = std::chrono::steady_clock::now();
  const ResourceSnapshot after_open = ResourceSnapshot::take();
  if (!flags.json) {
    fmt::print("engine {} in {}: sync {}, {} threads, keys {} B, values {} B, num {}\n",
               engine_name, dir, flags.sync, flags.threads, flags.key_size, flags.value_size,
               flags.num);
    fmt::print("  settings: {}\n", (*engine)->settings());
    if ((*engine)->library_assertions()) {
      fmt::print(
          "  NOTE: {} runs with assertions enabled (NDEBUG not defined); a build "
          "without them would be faster\n",
          engine_name == "cairn" ? "this cairn-bench build"
                                 : "this " + std::string(engine_name) + " library");
    }
  }
  for (const std::string& workload : workloads) {
    WorkloadResult result;
    result.workload = workload;
    result.engine = std::string(engine_name);
    result.sync = flags.sync;
    result.settings = (*engine)->settings();
    result.library_assertions = (*engine)->library_assertions();
    // The resources used between two snapshots around what was measured, then the
    // line (or JSON object) printed and the result kept for the ratio table.
    auto report = [&](const ResourceSnapshot& from, const ResourceSnapshot& to) {
      result.cpu_s = to.cpu_s - from.cpu_s;
      result.disk_write_bytes = to.disk_write_bytes - from.disk_write_bytes;
      result.peak_rss_bytes = peak_rss_bytes();
      result.space_bytes = space_used_bytes(dir);
      fmt::print("{}", flags.json ? to_json(result) + "\n" : to_text(result));
      results->push_back(std::move(result));
    };
    if (workload == "replay") {
      result.threads = 1;
      result.ops = flags.num;
      result.bytes = flags.num * (flags.key_size + flags.value_size);
      result.seconds = std::chrono::duration<double>(open_end - open_start).count();
      result.latency.record(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(open_end - open_start).count()));
      report(before_open, after_open);
      continue;
    }
    // Loading seekrandom's keys is setup: outside the time and the resource figures.
    Status s = workload == "seekrandom" ? load_scan_layout(**engine, flags) : Status::ok();
    const ResourceSnapshot before = ResourceSnapshot::take();
    if (s.is_ok()) s = run_workload(**engine, flags, workload, &result);
    const ResourceSnapshot after = ResourceSnapshot::take();
    if (!s.is_ok()) {
      Status closed = (*engine)->close();
      (void)closed;  // the workload's error is the one to report
      return fail(s.with_context(workload));
    }
    report(before, after);
  }
  if (Status s = (*engine)->close(); !s.is_ok()) return fail(s.with_context("closing"));
  return 0;
}

}  // namespace

bool is_workload_list(std::string_view list) {
  for (const std::string& w : split(list)) {
    if (!is_workload(w)) return false;
  }
  return true;
}

std::string workload_names() {
  std::string names;
  for (std::string_view w : kWorkloads) names += fmt::format("{}{}", names.empty() ? "" : ",", w);
  return names;
}

int db_bench_command(const CommandArgs& args) {
  RunFlags flags;
  FlagSet fs("WORKLOAD[,WORKLOAD...]");
  fs.add_string("dir", &flags.dir, "DIR",
                "data directory; each engine uses DIR/<engine>, fresh or from an earlier run",
                true);
  fs.add_string("engines", &flags.engines, "LIST",
                "engines to run in turn, comma-separated: cairn, rocksdb, leveldb (peers "
                "when this build found their libraries)");
  fs.add_uint("num", &flags.num, "keys: indices 0..num-1", 1, 1'000'000'000'000ULL);
  fs.add_int("reads", &flags.reads, "operations of the read and seek workloads (-1: --num)", -1,
             1'000'000'000'000LL);
  fs.add_uint("threads", &flags.threads,
              "client threads (readwhilewriting: one writer and threads-1 readers)", 1, 1024);
  fs.add_uint("value-size", &flags.value_size, "bytes per value", 0, 64 << 20);
  fs.add_uint("key-size", &flags.key_size, "bytes per key (zero-padded decimal)", 4, 1024);
  fs.add_uint("seed", &flags.seed, "seed of the key order and the values", 0, UINT64_MAX);
  fs.add_uint("seek-nexts", &flags.seek_nexts, "keys read after each seek (seekrandom)", 1,
              1 << 20);
  fs.add_uint("memtable-mb", &flags.memtable_mb, "memtable size in MiB (0: engine default)", 0,
              1 << 20);
  fs.add_choice("sync", &flags.sync, {"periodic", "group", "batch"},
                "when a write is durable (Cairn's commitlog_sync); fillsync needs group or "
                "batch and picks group when --sync is not given");
  fs.add_choice("log-level", &flags.log_level, {"debug", "info", "warn", "error"},
                "engine log level (stderr)");
  fs.add_bool("json", &flags.json, "one JSON object per line per workload and engine");
  const std::vector<std::string> workloads = split(args.empty() ? "" : args.front());
  for (const std::string& w : workloads) {
    if (!is_workload(w)) {
      fmt::print(stderr, "cairn-bench: unknown workload '{}' (workloads: {})\n", w,
                 workload_names());
      return kExitUsage;
    }
  }
  if (auto exit_code =
          parse_command_line(fs, args.empty() ? args : CommandArgs(args.begin() + 1, args.end()))) {
    if (*exit_code == 0) fmt::print("workloads: {}\n", workload_names());
    return *exit_code;
  }

  // The largest index a workload asks for is 2 num - 1 (readrandom's misses).
  if (fmt::formatted_size("{}", 2 * flags.num - 1) > flags.key_size) {
    fmt::print(stderr, "cairn-bench: --key-size {} is too small for --num {}\n", flags.key_size,
               flags.num);
    return kExitUsage;
  }
  if (std::find(workloads.begin(), workloads.end(), "fillsync") != workloads.end() &&
      flags.sync == "periodic") {
    if (fs.was_set("sync")) {
      fmt::print(stderr, "cairn-bench: fillsync needs --sync group or batch\n");
      return kExitUsage;
    }
    flags.sync = "group";
  }
  if (std::find(workloads.begin() + 1, workloads.end(), "replay") != workloads.end()) {
    fmt::print(stderr, "cairn-bench: replay must come first in the workload list\n");
    return kExitUsage;
  }
  if (std::find(workloads.begin(), workloads.end(), "readwhilewriting") != workloads.end() &&
      flags.threads < 2) {
    fmt::print(stderr,
               "cairn-bench: readwhilewriting needs --threads 2 or more (one writer, the "
               "rest readers)\n");
    return kExitUsage;
  }
  std::vector<std::string> engines = split(flags.engines);
  for (size_t i = 0; i < engines.size(); ++i) {
    if (auto made = make_engine(engines[i]); !made.is_ok()) {
      fmt::print(stderr, "cairn-bench: --engines: {}\n", made.status().message());
      return kExitUsage;
    }
    if (std::find(engines.begin(), engines.begin() + static_cast<ptrdiff_t>(i), engines[i]) !=
        engines.begin() + static_cast<ptrdiff_t>(i)) {
      fmt::print(stderr, "cairn-bench: --engines names '{}' twice\n", engines[i]);
      return kExitUsage;
    }
  }
  flags.progress = !flags.json && ::isatty(STDERR_FILENO) == 1;
  std::vector<WorkloadResult> results;
  for (const std::string& e : engines) {
    if (int rc = run_engine(e, workloads, flags, &results); rc != 0) return rc;
  }
  if (!flags.json) fmt::print("{}", ratio_table(results));
  return 0;
}

}  // namespace cairn::bench
