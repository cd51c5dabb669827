// cairn-bench: drives the embedded Database with a workload and reports what happened.
//
//   cairn-bench write  --data-dir D --keys N --seed S --sync group
//   cairn-bench verify --data-dir D --seed S --upto I
//   cairn-bench fillrandom,readrandom --num N --dir D [--json]   (db_bench-style)
//
// Each subcommand is a row of kCommands (commands.h) with its own flags; this file
// only dispatches. Exit status: 0 success, 1 the run failed, 2 a usage error.
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench/commands.h"
#include "bench/flags.h"

namespace cairn::bench {
namespace {

void print_usage(std::FILE* out) {
  fmt::print(out, "usage: cairn-bench <command> [flags]   (cairn-bench <command> --help)\n");
  fmt::print(out, "commands:\n");
  for (const Command& c : kCommands) fmt::print(out, "  {:<10} {}\n", c.name, c.summary);
  fmt::print(out, "or: cairn-bench WORKLOAD[,WORKLOAD...] --dir DIR [flags]   (db_bench-style;\n");
  fmt::print(out, "    cairn-bench fillrandom --help lists the flags)\n");
  fmt::print(out, "workloads: {}\n", workload_names());
}

int run(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  for (const Command& c : kCommands) {
    if (c.name == name) return c.run(CommandArgs(argv + 2, argv + argc));
  }
  // A list ("fillrandom,readrandom") goes to the workloads, which name a misspelt one.
  if (is_workload_list(name) || name.find(',') != std::string_view::npos) {
    return db_bench_command(CommandArgs(argv + 1, argv + argc));
  }
  fmt::print(stderr, "cairn-bench: unknown command '{}'\n", name);
  print_usage(stderr);
  return kExitUsage;
}

}  // namespace
}  // namespace cairn::bench

int main(int argc, char** argv) {
  // Results go to stdout a line at a time, so whoever reads it through a pipe sees each
  // line when it is printed, not when the process exits.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  return cairn::bench::run(argc, argv);
}
