// What a db_bench-style workload run measured, and how cairn-bench prints it.
//
// Resource figures come from the kernel, not the engine: CPU seconds from
// getrusage(RUSAGE_SELF) (every thread of the process, the engine's background
// threads included), peak RSS from ru_maxrss (the process's peak so far, so a later
// workload never reports less than an earlier one), bytes written to storage from
// write_bytes of /proc/self/io (what the process caused to be sent to the block
// layer: commitlog, flushes, compaction; 0 where /proc is missing) and the space used
// by summing the allocated blocks of every file under the data directory, as du.
//
// Thread safety: the functions may be called from any thread; a WorkloadResult is
// built by one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/cql/latency_histogram.h"

namespace cairn::bench {

// Counters that a workload's figures are the difference of.
struct ResourceSnapshot {
  double cpu_s = 0;
  uint64_t disk_write_bytes = 0;

  static ResourceSnapshot take();
};

// ru_maxrss in bytes.
uint64_t peak_rss_bytes();
// Bytes allocated to the files under `dir` (0 when it does not exist).
uint64_t space_used_bytes(const std::string& dir);

struct WorkloadResult {
  std::string workload;
  std::string engine;
  std::string sync;
  // The engine's one-line settings mapping (Engine::settings) and whether its code
  // runs with assertions compiled in; both go into the JSON line.
  std::string settings;
  bool library_assertions = false;
  uint64_t threads = 0;
  uint64_t ops = 0;
  // Key and value bytes the operations moved (written, or read back), for MB/s.
  uint64_t bytes = 0;
  double seconds = 0;
  LatencyHistogram latency;  // one value per operation, in nanoseconds
  double cpu_s = 0;
  uint64_t peak_rss_bytes = 0;
  uint64_t disk_write_bytes = 0;
  uint64_t space_bytes = 0;
  // Reads only: how many asked for a key the fill wrote, and how many were found.
  std::optional<uint64_t> hits_asked;
  std::optional<uint64_t> found;
  // seekrandom only: rows the scans returned.
  std::optional<uint64_t> rows;
  // readwhilewriting only: puts the writer thread made while the reads ran (neither in
  // ops nor in the latency, which are the reads').
  std::optional<uint64_t> writes;
};

// One JSON object, no newline.
std::string to_json(const WorkloadResult& r);
// A db_bench-like summary, two lines, ending in a newline.
std::string to_text(const WorkloadResult& r);
// When several engines ran: per workload, each engine's ops/s and Cairn's ops/s divided
// by each peer's. `results` in any order; empty when fewer than two engines ran.
std::string ratio_table(const std::vector<WorkloadResult>& results);
// `text` as the body of a JSON string (quotes, backslashes and control bytes escaped).
std::string json_escape(std::string_view text);

}  // namespace cairn::bench
