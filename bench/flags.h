// FlagSet: the command-line flags of one cairn-bench subcommand.
//
// Every subcommand declares its flags (name, target variable, help text, whether it
// is required) and parses its arguments with them. Both `--name value` and
// `--name=value` are accepted. Anything unexpected -- an unknown flag, a missing
// value, a number that does not parse or is out of range, a choice not in its list, a
// required flag left out, a stray positional argument -- is an InvalidArgument naming
// the flag, so the tool can print it with the usage and exit 2.
//
// Thread safety: used by one thread, before the workload starts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cairn::bench {

class FlagSet {
 public:
  explicit FlagSet(std::string command) : command_(std::move(command)) {}

  // Each add_* binds a flag to `target`, whose current value is the default shown in
  // the usage. `required` flags must be given.
  // Any text; `value_hint` names it in the usage, e.g. "DIR" or "FILE".
  void add_string(std::string name, std::string* target, std::string value_hint,
                  std::string help, bool required = false);
  // An integer in [min, max].
  void add_int(std::string name, int64_t* target, std::string help, int64_t min, int64_t max,
               bool required = false);
  // An unsigned integer in [min, max].
  void add_uint(std::string name, uint64_t* target, std::string help, uint64_t min, uint64_t max,
                bool required = false);
  // One of `choices`.
  void add_choice(std::string name, std::string* target, std::vector<std::string> choices,
                  std::string help, bool required = false);
  // `--name` alone sets true; `--name=true|false` is accepted too.
  void add_bool(std::string name, bool* target, std::string help);

  // Parses `args` (the words after the subcommand). `--help`/`-h` stops parsing and
  // sets help_requested().
  Status parse(const std::vector<std::string>& args);
  bool help_requested() const { return help_requested_; }
  // Whether the flag appeared on the command line (to tell a default from a choice).
  bool was_set(std::string_view name) const;

  // "usage: cairn-bench <command> [flags]" and one line per flag.
  std::string usage() const;

 private:
  struct Flag {
    std::string name;
    std::string help;
    std::string default_text;  // empty: no default shown
    std::string value_hint;    // e.g. "N", "periodic|group|batch"; empty for a bool
    bool required = false;
    bool is_bool = false;
    bool seen = false;
    std::function<Status(std::string_view)> set;
  };

  Flag& add(std::string name, std::string help, std::string value_hint, bool required);
  Flag* find(std::string_view name);
  const Flag* find(std::string_view name) const;

  std::string command_;
  std::vector<Flag> flags_;
  bool help_requested_ = false;
};

// Exit status for a usage error (an unknown or malformed flag), as getopt tools use.
constexpr int kExitUsage = 2;

// For a subcommand's entry point: parses `args` into `flags`. Returns the exit status
// to leave with -- 0 after printing the usage for --help, kExitUsage after printing the
// error and the usage to stderr -- or nullopt when the command should run.
std::optional<int> parse_command_line(FlagSet& flags, const std::vector<std::string>& args);

}  // namespace cairn::bench
