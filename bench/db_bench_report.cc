// Resource figures and output of the db_bench-style workloads (see db_bench_report.h).
#include "bench/db_bench_report.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
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
      "{{\"workload\":\"{}\",\"engine\":\"{}\",\"sync\":\"{}\",\"settings\":\"{}\","
      "\"library_assertions\":{},\"threads\":{},\"ops\":{},"
      "\"seconds\":{:.3f},\"ops_per_s\":{:.1f},\"mb_per_s\":{:.2f},\"p50_us\":{:.1f},"
      "\"p95_us\":{:.1f},\"p99_us\":{:.1f},\"p999_us\":{:.1f},\"max_us\":{:.1f},"
      "\"cpu_s\":{:.3f},\"peak_rss_bytes\":{},\"disk_write_bytes\":{},\"space_bytes\":{}",
      r.workload, r.engine, r.sync, json_escape(r.settings), r.library_assertions, r.threads, r.ops,
      r.seconds, ops_per_s(r), mb_per_s(r), micros(h.value_at_percentile(50)),
      micros(h.value_at_percentile(95)), micros(h.value_at_percentile(99)),
      micros(h.value_at_percentile(99.9)), micros(h.max()), r.cpu_s, r.peak_rss_bytes,
      r.disk_write_bytes, r.space_bytes);
  if (r.hits_asked) out += fmt::format(",\"hits_asked\":{}", *r.hits_asked);
  if (r.found) out += fmt::format(",\"found\":{}", *r.found);
  if (r.rows) out += fmt::format(",\"rows\":{}", *r.rows);
  if (r.writes) out += fmt::format(",\"writes\":{}", *r.writes);
  out += "}";
  return out;
}

std::string to_text(const WorkloadResult& r) {
  const LatencyHistogram& h = r.latency;
  std::string out =
      fmt::format("{:<17}{:<8}{:>10.0f} ops/s {:>8.1f} MB/s  {} ops in {:.3f} s, {} threads",
                  r.workload, r.engine, ops_per_s(r), mb_per_s(r), r.ops, r.seconds, r.threads);
  if (r.found) out += fmt::format(", found {} of {} present", *r.found, *r.hits_asked);
  if (r.rows) out += fmt::format(", {} rows", *r.rows);
  if (r.writes) out += fmt::format(", {} writes beside", *r.writes);
  out += fmt::format(
      "\n{:<20}latency us: p50 {:.1f}  p95 {:.1f}  p99 {:.1f}  p99.9 {:.1f}  max {:.1f}  |  "
      "cpu {:.2f} s  peak rss {:.0f} MiB  disk written {:.1f} MiB  space {:.1f} MiB\n",
      "", micros(h.value_at_percentile(50)), micros(h.value_at_percentile(95)),
      micros(h.value_at_percentile(99)), micros(h.value_at_percentile(99.9)), micros(h.max()),
      r.cpu_s, mebibytes(r.peak_rss_bytes), mebibytes(r.disk_write_bytes),
      mebibytes(r.space_bytes));
  return out;
}

std::string ratio_table(const std::vector<WorkloadResult>& results) {
  std::vector<std::string> engines;
  std::vector<std::string> workloads;
  for (const WorkloadResult& r : results) {
    if (std::find(engines.begin(), engines.end(), r.engine) == engines.end())
      engines.push_back(r.engine);
    if (std::find(workloads.begin(), workloads.end(), r.workload) == workloads.end())
      workloads.push_back(r.workload);
  }
  if (engines.size() < 2) return "";
  // The n-th run of a workload by one engine pairs with the n-th run by another, so a
  // list that repeats a workload (seekrandom,compact,seekrandom) compares like with like.
  auto find = [&](std::string_view engine, std::string_view workload, size_t nth) {
    for (const WorkloadResult& r : results) {
      if (r.engine == engine && r.workload == workload && nth-- == 0) return &r;
    }
    return static_cast<const WorkloadResult*>(nullptr);
  };
  const bool has_cairn = std::find(engines.begin(), engines.end(), "cairn") != engines.end();
  std::string out = fmt::format("\n{:<17}", "ops/s");
  for (const std::string& e : engines) out += fmt::format("{:>12}", e);
  if (has_cairn) {
    for (const std::string& e : engines) {
      if (e != "cairn") out += fmt::format("{:>16}", "cairn/" + e);
    }
  }
  out += "\n";
  for (const std::string& w : workloads) {
    for (size_t nth = 0;; ++nth) {
      bool any = false;
      std::string line = fmt::format("{:<17}", nth == 0 ? w : fmt::format("{} #{}", w, nth + 1));
      for (const std::string& e : engines) {
        const WorkloadResult* r = find(e, w, nth);
        any = any || r != nullptr;
        line += r ? fmt::format("{:>12.0f}", ops_per_s(*r)) : fmt::format("{:>12}", "-");
      }
      if (!any) break;
      const WorkloadResult* cairn = has_cairn ? find("cairn", w, nth) : nullptr;
      for (const std::string& e : has_cairn ? engines : std::vector<std::string>{}) {
        if (e == "cairn") continue;
        const WorkloadResult* peer = find(e, w, nth);
        if (cairn && peer && ops_per_s(*peer) > 0) {
          const double ratio = ops_per_s(*cairn) / ops_per_s(*peer);
          // Two decimals, or four when that would print 0.00.
          line +=
              ratio >= 0.01 ? fmt::format("{:>15.2f}x", ratio) : fmt::format("{:>15.4f}x", ratio);
        } else {
          line += fmt::format("{:>16}", "-");
        }
      }
      out += line + "\n";
    }
  }
  return out;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace cairn::bench
