// Resource figures and output of the db_bench-style workloads (see db_bench_report.h).
#include "bench/db_bench_report.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace cairn::bench {
namespace {

double seconds_of(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

uint64_t proc_write_bytes() {
  std::ifstream in("/proc/self/io");
  std::string name;
  uint64_t value = 0;
  while (in >> name >> value) {
    if (name == "write_bytes:") return value;
  }
  return 0;
}

double micros(uint64_t nanos) { return static_cast<double>(nanos) / 1000.0; }
double mebibytes(uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

double ops_per_s(const WorkloadResult& r) {
  return r.seconds > 0 ? static_cast<double>(r.ops) / r.seconds : 0.0;
}
double mb_per_s(const WorkloadResult& r) {
  return r.seconds > 0 ? mebibytes(r.bytes) / r.seconds : 0.0;
}

}  // namespace

ResourceSnapshot ResourceSnapshot::take() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return {seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime), proc_write_bytes()};
}

uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

uint64_t space_used_bytes(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  uint64_t total = 0;
  // Files may vanish under the walk (a compaction deleting its inputs): skip them.
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<uint64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}

std::string to_json(const WorkloadResult& r) {
  const LatencyHistogram& h = r.latency;
  std::string out = fmt::format(
      "{{\"workload\":\"{}\",\"engine\":\"{}\",\"sync\":\"{}\",\"threads\":{},\"ops\":{},"
      "\"seconds\":{:.3f},\"ops_per_s\":{:.1f},\"mb_per_s\":{:.2f},\"p50_us\":{:.1f},"
      "\"p95_us\":{:.1f},\"p99_us\":{:.1f},\"p999_us\":{:.1f},\"max_us\":{:.1f},"
      "\"cpu_s\":{:.3f},\"peak_rss_bytes\":{},\"disk_write_bytes\":{},\"space_bytes\":{}",
      r.workload, r.engine, r.sync, r.threads, r.ops, r.seconds, ops_per_s(r), mb_per_s(r),
      micros(h.value_at_percentile(50)), micros(h.value_at_percentile(95)),
      micros(h.value_at_percentile(99)), micros(h.value_at_percentile(99.9)), micros(h.max()),
      r.cpu_s, r.peak_rss_bytes, r.disk_write_bytes, r.space_bytes);
  if (r.hits_asked) out += fmt::format(",\"hits_asked\":{}", *r.hits_asked);
  if (r.found) out += fmt::format(",\"found\":{}", *r.found);
  if (r.rows) out += fmt::format(",\"rows\":{}", *r.rows);
  out += "}";
  return out;
}

std::string to_text(const WorkloadResult& r) {
  const LatencyHistogram& h = r.latency;
  std::string out =
      fmt::format("{:<13}{:<7}{:>11.0f} ops/s {:>8.1f} MB/s  {} ops in {:.3f} s, {} threads",
                  r.workload, r.engine, ops_per_s(r), mb_per_s(r), r.ops, r.seconds, r.threads);
  if (r.found) out += fmt::format(", found {} of {} present", *r.found, *r.hits_asked);
  if (r.rows) out += fmt::format(", {} rows", *r.rows);
  out += fmt::format(
      "\n{:<20}latency us: p50 {:.1f}  p95 {:.1f}  p99 {:.1f}  p99.9 {:.1f}  max {:.1f}  |  "
      "cpu {:.2f} s  peak rss {:.0f} MiB  disk written {:.1f} MiB  space {:.1f} MiB\n",
      "", micros(h.value_at_percentile(50)), micros(h.value_at_percentile(95)),
      micros(h.value_at_percentile(99)), micros(h.value_at_percentile(99.9)), micros(h.max()),
      r.cpu_s, mebibytes(r.peak_rss_bytes), mebibytes(r.disk_write_bytes),
      mebibytes(r.space_bytes));
  return out;
}

}  // namespace cairn::bench
