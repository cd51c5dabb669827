// cairn-bench verify: reopens the database (replaying the commitlog as after a crash)
// and checks that keys written by `write` are there with exactly the value `write`
// gives them for the same seed.
//
// Which keys: 0..I with --upto I (the acked prefix of a single-threaded writer), and/or
// every "acked <i>" line of --acked-file (a multi-threaded writer's acks are not a
// prefix). A key that was written but never acknowledged may or may not be there, so
// verify never looks past what it is asked about.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <vector>

#include "bench/bench_db.h"
#include "bench/commands.h"
#include "bench/kv_table.h"

namespace cairn::bench {
namespace {

constexpr size_t kExamplesShown = 5;  // missing/wrong keys listed on stderr, per kind

struct VerifyFlags {
  DbFlags db;
  uint64_t seed = 0;
  int64_t upto = -1;
  uint64_t value_size = 100;
  std::string acked_file;
};

// The indices of the "acked <i>" lines of `path`. A last line without its newline is
// skipped: the writer was killed while printing it, and its digits may be cut short.
Result<std::vector<uint64_t>> read_acked_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(fmt::format("cannot open --acked-file {}", path));
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<uint64_t> indices;
  size_t line_no = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t end = content.find('\n', pos);
    if (end == std::string::npos) break;
    std::string_view line(content.data() + pos, end - pos);
    ++line_no;
    pos = end + 1;
    constexpr std::string_view kPrefix = "acked ";
    uint64_t index = 0;
    auto digits = line.substr(std::min(line.size(), kPrefix.size()));
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (!line.starts_with(kPrefix) || ec != std::errc() || p != digits.data() + digits.size()) {
      return Status::invalid_argument(
          fmt::format("{}:{}: expected 'acked <index>', got '{}'", path, line_no, line));
    }
    indices.push_back(index);
  }
  return indices;
}

struct Tally {
  uint64_t verified = 0;
  std::vector<uint64_t> missing;
  std::vector<uint64_t> wrong;
};

// Checks one key into `tally`; a failed read (I/O error, corruption) is returned.
Status check_key(Database& db, const TableSchema& table, const VerifyFlags& flags,
                 uint64_t index, Tally* tally) {
  CAIRN_ASSIGN_OR_RETURN(DecoratedKey key, make_partition_key(table, {kv_key(index)}));
  CAIRN_ASSIGN_OR_RETURN(auto partition, db.read(table, PartitionRead{std::move(key)}));
  if (!partition || partition->rows.empty()) {
    tally->missing.push_back(index);
    return Status::ok();
  }
  auto value = column_value(table, partition->rows.front(), "value");
  if (!value) {
    tally->missing.push_back(index);
  } else if (*value != kv_value(flags.seed, index, flags.value_size)) {
    tally->wrong.push_back(index);
  } else {
    ++tally->verified;
  }
  return Status::ok();
}

void print_examples(std::string_view what, const std::vector<uint64_t>& indices) {
  for (size_t i = 0; i < indices.size() && i < kExamplesShown; ++i) {
    fmt::print(stderr, "{}: key {} ({})\n", what, indices[i], kv_key(indices[i]));
  }
  if (indices.size() > kExamplesShown) {
    fmt::print(stderr, "{}: ... and {} more\n", what, indices.size() - kExamplesShown);
  }
}

}  // namespace

int verify_command(const CommandArgs& args) {
  VerifyFlags flags;
  FlagSet fs("verify");
  add_db_flags(fs, &flags.db, /*write_options=*/false);
  fs.add_uint("seed", &flags.seed, "seed the writer used", 0, UINT64_MAX, true);
  fs.add_int("upto", &flags.upto, "check keys 0..I inclusive (-1: none)", -1,
             1'000'000'000'000LL);
  fs.add_string("acked-file", &flags.acked_file, "FILE",
                "also check every key of the file's 'acked <i>' lines (write's stdout)");
  fs.add_uint("value-size", &flags.value_size, "bytes per value the writer used", 0, 1 << 20);
  if (auto exit_code = parse_command_line(fs, args)) return *exit_code;
  if (!fs.was_set("upto") && flags.acked_file.empty()) {
    fmt::print(stderr, "cairn-bench: 'verify' needs --upto I or --acked-file F\n{}", fs.usage());
    return kExitUsage;
  }

  std::vector<uint64_t> indices;
  if (!flags.acked_file.empty()) {
    auto acked = read_acked_file(flags.acked_file);
    if (!acked.is_ok()) {
      fmt::print(stderr, "cairn-bench verify: {}\n", acked.status().to_string());
      return 1;
    }
    indices = std::move(acked).value();
  }
  for (int64_t i = 0; i <= flags.upto; ++i) indices.push_back(static_cast<uint64_t>(i));
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());

  auto bench = BenchDatabase::open(flags.db);
  if (!bench.is_ok()) {
    fmt::print(stderr, "cairn-bench verify: {}\n", bench.status().to_string());
    return 1;
  }
  Database& db = (*bench)->db();
  Tally tally;
  TableSchemaRef table = db.find_table(kKeyspace, kTable);
  if (table == nullptr) {
    if (!indices.empty()) fmt::print(stderr, "table bench.kv does not exist\n");
    tally.missing = indices;
  } else {
    for (uint64_t i : indices) {
      if (Status s = check_key(db, *table, flags, i, &tally); !s.is_ok()) {
        fmt::print(stderr, "cairn-bench verify: reading key {}: {}\n", i, s.to_string());
        return 1;
      }
    }
  }
  fmt::print(stdout, "verified {} missing {} wrong {}\n", tally.verified, tally.missing.size(),
             tally.wrong.size());
  print_examples("missing", tally.missing);
  print_examples("wrong value", tally.wrong);
  if (Status s = (*bench)->close(); !s.is_ok()) {
    fmt::print(stderr, "cairn-bench verify: closing the database: {}\n", s.to_string());
    return 1;
  }
  return tally.missing.empty() && tally.wrong.empty() ? 0 : 1;
}

}  // namespace cairn::bench
