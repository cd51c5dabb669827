// The subcommands of cairn-sstable and what they share.
//
// main() (main.cc) parses the target arguments (targets.h), resolves them to tables and
// sstables, and hands them to one of the commands below. A command prints its result
// on stdout and returns the process exit status:
//   0  success (for verify: every sstable is intact)
//   1  damage: an sstable failed to open, read or verify
//   2  bad input: a usage error, a missing file, not an sstable name, an unknown
//      keyspace or table, no schema found
// Errors go to stderr as one line.
#pragma once

#include <string_view>
#include <vector>

#include "common/env/env.h"
#include "common/status.h"
#include "tools/cairn_sstable/targets.h"

namespace cairn::tools {

constexpr int kExitOk = 0;
constexpr int kExitDamaged = 1;
constexpr int kExitBadInput = 2;

// The exit status for a failed Status: kExitBadInput for InvalidArgument and NotFound
// (the user named something wrong), kExitDamaged otherwise (the bytes are bad).
int exit_status_for(const Status& s);
// Prints "cairn-sstable <command>: <status>" on stderr and returns exit_status_for(s).
int report_error(std::string_view command, const Status& s);

// Prints every partition of every sstable as JSON (dump.cc).
int dump_command(const Env& env, const std::vector<TableSSTables>& tables);
// Prints each sstable's statistics and the size of its components (metadata.cc).
int metadata_command(const Env& env, const std::vector<TableSSTables>& tables);
// Checks every checksum of every sstable, one line per sstable (verify.cc).
int verify_command(const Env& env, const std::vector<TableSSTables>& tables);
// Not a read-only command: it opens the data directory as a node would (upgrade.cc).
int upgrade_command(const TargetArgs& args, bool include_current);

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for the usage
  int (*run)(const Env& env, const std::vector<TableSSTables>& tables);
};

inline constexpr Command kCommands[] = {
    {"dump", "print the partitions of sstables as JSON (deterministic: same data, same bytes)",
     dump_command},
    {"metadata", "print the statistics of sstables and the sizes of their components",
     metadata_command},
    {"verify", "check every checksum of sstables; exit 1 if any sstable is damaged",
     verify_command},
};

}  // namespace cairn::tools
