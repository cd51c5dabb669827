// FlagSet: parsing and usage text for cairn-bench's flags (see flags.h).
#include "bench/flags.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <optional>

namespace cairn::bench {
namespace {

// Parses the whole of `text` as a base-10 integer; from_chars alone would accept
// "12abc" as 12, which would make a typo silently run a different workload.
template <typename T>
bool parse_integer(std::string_view text, T* out) {
  if (text.empty() || text.front() == '+') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += separator;
    out += words[i];
  }
  return out;
}

}  // namespace

FlagSet::Flag& FlagSet::add(std::string name, std::string help, std::string value_hint,
                            bool required) {
  // Two flags with one name would make the second unreachable: a bug in the caller.
  assert(find(name) == nullptr);
  Flag& f = flags_.emplace_back();
  f.name = std::move(name);
  f.help = std::move(help);
  f.value_hint = std::move(value_hint);
  f.required = required;
  return f;
}

void FlagSet::add_string(std::string name, std::string* target, std::string value_hint,
                         std::string help, bool required) {
  Flag& f = add(std::move(name), std::move(help), std::move(value_hint), required);
  if (!required && !target->empty()) f.default_text = *target;
  f.set = [target](std::string_view v) {
    *target = std::string(v);
    return Status::ok();
  };
}

void FlagSet::add_int(std::string name, int64_t* target, std::string help, int64_t min,
                      int64_t max, bool required) {
  Flag& f = add(std::move(name), std::move(help), "N", required);
  if (!required) f.default_text = std::to_string(*target);
  std::string flag = "--" + f.name;
  f.set = [target, min, max, flag](std::string_view v) {
    int64_t n = 0;
    if (!parse_integer(v, &n)) {
      return Status::invalid_argument(fmt::format("{} expects an integer, got '{}'", flag, v));
    }
    if (n < min || n > max) {
      return Status::invalid_argument(
          fmt::format("{} must be between {} and {}, got {}", flag, min, max, n));
    }
    *target = n;
    return Status::ok();
  };
}

void FlagSet::add_uint(std::string name, uint64_t* target, std::string help, uint64_t min,
                       uint64_t max, bool required) {
  Flag& f = add(std::move(name), std::move(help), "N", required);
  if (!required) f.default_text = std::to_string(*target);
  std::string flag = "--" + f.name;
  f.set = [target, min, max, flag](std::string_view v) {
    uint64_t n = 0;
    if (!parse_integer(v, &n)) {
      return Status::invalid_argument(
          fmt::format("{} expects a non-negative integer, got '{}'", flag, v));
    }
    if (n < min || n > max) {
      return Status::invalid_argument(
          fmt::format("{} must be between {} and {}, got {}", flag, min, max, n));
    }
    *target = n;
    return Status::ok();
  };
}

void FlagSet::add_choice(std::string name, std::string* target, std::vector<std::string> choices,
                         std::string help, bool required) {
  Flag& f = add(std::move(name), std::move(help), join(choices, "|"), required);
  if (!required && !target->empty()) f.default_text = *target;
  std::string flag = "--" + f.name;
  f.set = [target, choices, flag](std::string_view v) {
    if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
      return Status::invalid_argument(
          fmt::format("{} must be one of {}, got '{}'", flag, join(choices, ", "), v));
    }
    *target = std::string(v);
    return Status::ok();
  };
}

void FlagSet::add_bool(std::string name, bool* target, std::string help) {
  Flag& f = add(std::move(name), std::move(help), "", false);
  f.is_bool = true;
  std::string flag = "--" + f.name;
  f.set = [target, flag](std::string_view v) {
    if (v == "true" || v == "1") {
      *target = true;
    } else if (v == "false" || v == "0") {
      *target = false;
    } else {
      return Status::invalid_argument(fmt::format("{} expects true or false, got '{}'", flag, v));
    }
    return Status::ok();
  };
}

FlagSet::Flag* FlagSet::find(std::string_view name) {
  for (Flag& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FlagSet::Flag* FlagSet::find(std::string_view name) const {
  for (const Flag& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool FlagSet::was_set(std::string_view name) const {
  const Flag* f = find(name);
  return f != nullptr && f->seen;
}

Status FlagSet::parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      return Status::ok();
    }
    if (!arg.starts_with("--") || arg.size() == 2) {
      return Status::invalid_argument(
          fmt::format("unexpected argument '{}' for '{}' (flags start with --)", arg, command_));
    }
    std::string_view body = arg.substr(2);
    std::string_view name = body;
    std::optional<std::string_view> value;
    if (size_t eq = body.find('='); eq != std::string_view::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
    }
    Flag* f = find(name);
    if (f == nullptr) {
      return Status::invalid_argument(
          fmt::format("unknown flag --{} for '{}'", name, command_));
    }
    if (f->seen) {
      return Status::invalid_argument(fmt::format("--{} is given twice", name));
    }
    if (!value) {
      if (f->is_bool) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Status::invalid_argument(
            fmt::format("--{} needs a value ({})", name, f->value_hint));
      }
    }
    f->seen = true;
    CAIRN_RETURN_IF_ERROR(f->set(*value));
  }
  for (const Flag& f : flags_) {
    if (f.required && !f.seen) {
      return Status::invalid_argument(
          fmt::format("'{}' needs --{} {}", command_, f.name, f.value_hint));
    }
  }
  return Status::ok();
}

std::string FlagSet::usage() const {
  std::string out = fmt::format("usage: cairn-bench {} [flags]\n", command_);
  for (const Flag& f : flags_) {
    std::string spelling = "--" + f.name;
    if (!f.is_bool) spelling += " " + f.value_hint;
    std::string note;
    if (f.required) {
      note = " (required)";
    } else if (!f.default_text.empty()) {
      note = " (default " + f.default_text + ")";
    }
    out += fmt::format("  {:<34} {}{}\n", spelling, f.help, note);
  }
  return out;
}

std::optional<int> parse_command_line(FlagSet& flags, const std::vector<std::string>& args) {
  Status s = flags.parse(args);
  if (!s.is_ok()) {
    fmt::print(stderr, "cairn-bench: {}\n{}", s.message(), flags.usage());
    return kExitUsage;
  }
  if (flags.help_requested()) {
    fmt::print(stdout, "{}", flags.usage());
    return 0;
  }
  return std::nullopt;
}

}  // namespace cairn::bench
