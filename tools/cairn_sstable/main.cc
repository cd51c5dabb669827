// cairn-sstable: offline inspection of a data directory's sstables, like Cassandra's
// sstabledump, sstablemetadata and sstableverify.
//
//   cairn-sstable dump     <Data.db path> | --data-dir D [keyspace [table...]]
//   cairn-sstable metadata <Data.db path> | --data-dir D [keyspace [table...]]
//   cairn-sstable verify   <Data.db path> | --data-dir D [keyspace [table...]]
//   cairn-sstable upgrade  [-a] --data-dir D [keyspace [table...]]
//
// dump, metadata and verify only read: they take no lock and write nothing, so they may
// run beside a live node. upgrade rewrites sstables and so takes the data directory's
// lock like a node (upgrade.cc). This file parses the command line and dispatches to kCommands (commands.h).
// Exit status: 0 success, 1 a damaged sstable, 2 bad input (one line on stderr).
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cairn_sstable/commands.h"

namespace cairn::tools {
namespace {

constexpr std::string_view kUsage =
    "usage: cairn-sstable <command> <path of an sstable's ...-Data.db file>\n"
    "       cairn-sstable <command> --data-dir DIR [keyspace [table...]]\n"
    "\n"
    "commands:\n";

constexpr std::string_view kDetails =
    "\n"
    "The second form covers every table of DIR (system tables included), of one keyspace,\n"
    "or the named tables of one keyspace. The schema is read from DIR's system keyspace\n"
    "(for a single path, DIR is two levels above the sstable's directory).\n"
    "\n"
    "The tool reads sstables only, takes no lock and writes nothing, so it can run beside\n"
    "a live node. Data still only in the commitlog (written but not yet flushed, including\n"
    "schema changes) is not visible to it.\n"
    "\n"
    "exit status: 0 success, 1 a damaged sstable (verify: any sstable failed), 2 bad input\n";

void print_usage(std::FILE* out) {
  fmt::print(out, "{}", kUsage);
  for (const Command& c : kCommands) fmt::print(out, "  {:<9} {}\n", c.name, c.summary);
  fmt::print(out, "  {:<9} {}\n", "upgrade",
             "[-a] --data-dir only: rewrite older-version sstables (all with -a) as the current "
             "version; takes the data directory's lock, so the node must be stopped");
  fmt::print(out, "{}", kDetails);
}

int run(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "cairn-sstable: no command given (cairn-sstable --help for the usage)\n");
    return kExitBadInput;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return kExitOk;
  }
  if (name == "upgrade") {
    std::vector<std::string> rest(argv + 2, argv + argc);
    const bool all = !rest.empty() && rest[0] == "-a";
    if (all) rest.erase(rest.begin());
    auto args = parse_target_args(rest);
    if (!args.is_ok()) return report_error(name, args.status());
    if (args->help) {
      print_usage(stdout);
      return kExitOk;
    }
    return upgrade_command(*args, all);
  }
  const Command* command = nullptr;
  for (const Command& c : kCommands) {
    if (c.name == name) command = &c;
  }
  if (command == nullptr) {
    fmt::print(stderr,
               "cairn-sstable: unknown command '{}' (commands: dump, metadata, verify, upgrade)\n",
               name);
    return kExitBadInput;
  }
  auto args = parse_target_args(std::vector<std::string>(argv + 2, argv + argc));
  if (!args.is_ok()) return report_error(name, args.status());
  if (args->help) {
    print_usage(stdout);
    return kExitOk;
  }
  DefaultEnv env(/*threads=*/1);
  auto tables = resolve_targets(env.env(), *args);
  if (!tables.is_ok()) return report_error(name, tables.status());
  return command->run(env.env(), *tables);
}

}  // namespace

int exit_status_for(const Status& s) {
  if (s.is_ok()) return kExitOk;
  if (s.is_invalid_argument() || s.is_not_found()) return kExitBadInput;
  return kExitDamaged;
}

int report_error(std::string_view command, const Status& s) {
  std::string message = s.to_string();
  for (char& c : message) {
    if (c == '\n') c = ' ';  // one line, whatever the message holds
  }
  fmt::print(stderr, "cairn-sstable {}: {}\n", command, message);
  return exit_status_for(s);
}

}  // namespace cairn::tools

int main(int argc, char** argv) { return cairn::tools::run(argc, argv); }
