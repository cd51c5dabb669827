// The subcommands of cairn-bench. Each takes the words after its name, declares and
// parses its own flags, runs, and returns the process exit status: 0 success, 1 a
// failed run (an error from the database, a verification that found bad data),
// kExitUsage (2) a usage error. main() in cairn_bench.cc dispatches through kCommands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn::bench {

using CommandArgs = std::vector<std::string>;

// Writes keys 0..N-1 of bench.kv, printing "acked <i>" for each acknowledged write.
int write_command(const CommandArgs& args);
// Reads keys back and checks them against what `write` would have written.
int verify_command(const CommandArgs& args);
// Writes one wide partition and reports the bytes a clustering slice of it reads.
int wide_command(const CommandArgs& args);
// Measures a running node over the CQL native protocol (bench/cql/cql_workload.cc).
int cql_command(const CommandArgs& args);

// db_bench-style workloads (bench/db_bench_workloads.cc), called as
// `cairn-bench WORKLOAD[,WORKLOAD...] [flags]`: args[0] is the list, the rest flags.
int db_bench_command(const CommandArgs& args);
// Whether `list` is one or more workload names joined by commas, e.g. "fillrandom,readrandom".
bool is_workload_list(std::string_view list);
// Every workload name, comma-separated, for the usage.
std::string workload_names();

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for the top-level usage
  int (*run)(const CommandArgs& args);
};

// Every subcommand, in the order the usage lists them. A new workload is a new row.
inline constexpr Command kCommands[] = {
    {"write", "write keys 0..N-1 of bench.kv in order, printing 'acked <i>' per write",
     write_command},
    {"verify", "check that keys written by 'write' are present with the exact value",
     verify_command},
    {"wide", "write one wide partition, report the Data bytes a 100-row slice reads",
     wide_command},
    {"cql", "measure a running cairnd over CQL: prepared inserts/selects, latency percentiles",
     cql_command},
};

}  // namespace cairn::bench
