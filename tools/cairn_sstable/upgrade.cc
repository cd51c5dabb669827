// cairn-sstable upgrade: upgradesstables with the node stopped.
//
//   cairn-sstable upgrade [-a] --data-dir D [keyspace [table...]]
//
// Opens the data directory as the node would — taking its LOCK, so it refuses to run
// while a node (or anything else) holds it, and replaying the commitlog — then
// rewrites every sstable older than the current version (every sstable with -a) in
// crash-safe transactions, showing progress on a terminal, and prints each rewrite.
// CAIRN_FAILPOINTS arms failpoints (crash tests kill it mid-rewrite this way).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "storage/database.h"
#include "tools/cairn_sstable/commands.h"

namespace cairn::tools {

int upgrade_command(const TargetArgs& args, bool include_current) {
  if (args.sstable_path || args.data_dir.empty()) {
    return report_error("upgrade", Status::invalid_argument(
                                       "upgrade takes --data-dir D [keyspace [table...]], not "
                                       "a single sstable"));
  }
  DefaultEnv env(/*threads=*/1);
  if (const char* spec = std::getenv("CAIRN_FAILPOINTS"); spec != nullptr && *spec != '\0') {
    Status s = env.env().failpoints->arm_from_spec(spec);
    if (!s.is_ok()) return report_error("upgrade", s.with_context("CAIRN_FAILPOINTS"));
  }
  Logger logger(LogLevel::kWarn, stderr);
  DatabaseOptions options;
  options.data_directory = args.data_dir;
  options.auto_compaction = false;  // rewrite, nothing else
  options.logger = &logger;
  if (!env.env().fs->is_directory(args.data_dir)) {
    return report_error("upgrade", Status::not_found(args.data_dir + " is not a directory"));
  }
  auto db = Database::open(env.env(), options);
  if (!db.is_ok()) {
    return report_error("upgrade", db.status().with_context("opening " + args.data_dir));
  }
  const std::string keyspace = args.names.empty() ? "" : args.names[0];
  const std::vector<std::string> tables(args.names.size() > 1 ? args.names.begin() + 1
                                                                : args.names.end(),
                                        args.names.end());
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  auto rewritten = db.value()->upgrade_sstables(
      keyspace, tables, include_current, [&](const Database::UpgradeProgress& p) {
        if (terminal) {
          const int width = 30;
          const int filled = static_cast<int>(width * p.done / std::max<size_t>(p.total, 1));
          fmt::print(stderr, "\r{}.{} [{}{}] {}/{}", p.keyspace, p.table, std::string(filled, '#'),
                     std::string(width - filled, ' '), p.done, p.total);
          if (p.done == p.total) fmt::print(stderr, "\n");
        }
        fmt::print("rewrote {}.{} {} ({}/{})\n", p.keyspace, p.table, p.rewritten, p.done, p.total);
        std::fflush(stdout);
      });
  Status closed = db.value()->close();
  if (!rewritten.is_ok()) return report_error("upgrade", rewritten.status());
  if (!closed.is_ok()) return report_error("upgrade", closed);
  fmt::print("upgraded {} sstables to version {}\n", rewritten.value(), kCurrentSSTableVersion);
  return kExitOk;
}

}  // namespace cairn::tools
