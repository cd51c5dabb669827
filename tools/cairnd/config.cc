// cairn.yaml parsing; the rules are in config.h. The facts borrowed from Cassandra 4.1
// (unit spellings, each setting's smallest unit and bound, old key names, which keys
// exist) come from its DataStorageSpec, DurationSpec, DataRateSpec, Config and
// YamlConfigurationLoader. The keys of Cassandra's that Cairn does not read, and the
// default cairn.yaml text, are data in cassandra_keys.cc.
#include "tools/cairnd/config.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>

#include "common/env/posix_file_system.h"
#include "tools/cairnd/cassandra_keys.h"
#include "tools/cairnd/client_encryption.h"

namespace cairn::tools {
namespace {

constexpr uint64_t kMaxConfigFileBytes = 16ull << 20;
// Cassandra's Int*Bound types: a value in the setting's smallest unit is below this.
constexpr uint64_t kIntBound = 2147483647;

// ---------------------------------------------------------------------------------
// Quantities with units.

struct Unit {
  std::string_view symbol;
  uint64_t scale;  // in the base unit: bytes, nanoseconds or bytes per second
};

// Finest first. Cassandra matches symbols exactly: "5kib" and "5 KiB" are refused.
constexpr std::array<Unit, 4> kSizeUnits{
    {{"B", 1}, {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}}};
constexpr Unit kKiB = kSizeUnits[1];
constexpr Unit kMiB = kSizeUnits[2];
constexpr std::array<Unit, 8> kDurationUnits{{{"ns", 1},
                                              {"us", 1'000},
                                              {"µs", 1'000},
                                              {"ms", 1'000'000},
                                              {"s", 1'000'000'000},
                                              {"m", 60'000'000'000},
                                              {"h", 3'600'000'000'000},
                                              {"d", 86'400'000'000'000}}};
constexpr Unit kMillis = kDurationUnits[3];
constexpr std::array<Unit, 3> kRateUnits{
    {{"B/s", 1}, {"KiB/s", 1ull << 10}, {"MiB/s", 1ull << 20}}};
constexpr Unit kMiBPerSec = kRateUnits[2];

struct Quantity {
  enum Kind { kOk, kMalformed, kNegative, kTooLarge } kind = kMalformed;
  uint64_t count = 0;
  const Unit* unit = nullptr;  // null: a bare number
};

// "<digits><symbol>" or "<digits>", as Cassandra's patterns ^(\d+)(units)?$.
Quantity parse_quantity(std::string_view text, std::span<const Unit> units) {
  if (text.starts_with('-')) {
    Quantity rest = parse_quantity(text.substr(1), units);
    return {rest.kind == Quantity::kMalformed ? Quantity::kMalformed : Quantity::kNegative};
  }
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return {};
  Quantity q;
  if (digits < text.size()) {
    auto it = std::find_if(units.begin(), units.end(),
                           [&](const Unit& u) { return u.symbol == text.substr(digits); });
    if (it == units.end()) return {};
    q.unit = &*it;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + digits, q.count);
  q.kind = ec == std::errc() ? Quantity::kOk : Quantity::kTooLarge;
  return q;
}

// `base` in the coarsest unit that holds it exactly, not finer than `finest`:
// 51200 bytes -> "50KiB".
std::string format_quantity(uint64_t base, std::span<const Unit> units, const Unit& finest) {
  for (auto it = units.rbegin(); it != units.rend(); ++it) {
    if (it->scale < finest.scale || it->symbol == "µs") continue;
    if (base % it->scale == 0 && (base != 0 || it->scale == finest.scale))
      return fmt::format("{}{}", base / it->scale, it->symbol);
  }
  return fmt::format("{}{}", base / finest.scale, finest.symbol);
}

std::string format_size(uint64_t bytes) {
  return format_quantity(bytes, kSizeUnits, kSizeUnits[0]);
}
std::string format_millis(std::chrono::milliseconds d) {
  return format_quantity(static_cast<uint64_t>(d.count()) * kMillis.scale, kDurationUnits, kMillis);
}
std::string format_rate(uint64_t bytes_per_sec) {
  return format_quantity(bytes_per_sec, kRateUnits, kRateUnits[0]);
}

std::string_view leading_digits(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  return text.substr(0, n);
}

// The booleans SnakeYAML (and so Cassandra) reads.
std::optional<bool> parse_bool(std::string_view text) {
  for (std::string_view t : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
    if (text == t) return true;
  for (std::string_view f : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
    if (text == f) return false;
  return std::nullopt;
}

// "org.apache.cassandra.auth.PasswordAuthenticator" -> "PasswordAuthenticator"; Cassandra
// reads a name without a dot as one in its own package.
std::string_view short_class_name(std::string_view name, std::string_view package) {
  if (name.starts_with(package) && name.size() > package.size() && name[package.size()] == '.')
    return name.substr(package.size() + 1);
  return name;
}

// ---------------------------------------------------------------------------------
// Settings.

class Parser;
struct Entry;
using ApplyFn = Status (*)(const Parser& p, const Entry& e, NodeConfig* config);

struct Setting {
  std::string_view key;      // Cassandra 4.1's name
  std::string_view old_key;  // the pre-4.1 name with the unit in it, or empty
  bool nullable;             // `key:` keeps the default (Cassandra's default is null)
  ApplyFn apply;
};

// One top-level key of the file that Cairn reads.
struct Entry {
  const Setting* setting;
  std::string_view key;  // as written: setting->key or setting->old_key
  YAML::Node value;

  bool old_style() const { return key != setting->key; }
};

class Parser {
 public:
  Parser(std::string_view source, std::vector<std::string>* warnings)
      : source_(source), warnings_(warnings) {}

  Status error(std::string_view key, std::string_view problem) const {
    return Status::invalid_argument(fmt::format("{}: {}: {}", source_, key, problem));
  }
  void warn(std::string_view message) const {
    if (warnings_ != nullptr) warnings_->push_back(fmt::format("{}: {}", source_, message));
  }

  // The value as text; lists and maps are refused.
  Result<std::string> scalar(std::string_view key, const YAML::Node& value) const {
    if (value.IsScalar()) return value.Scalar();
    if (value.IsNull()) return error(key, "has no value");
    return error(key, value.IsSequence() ? "expected a single value, got a list"
                                         : "expected a single value, got a map");
  }

  Status string(const Entry& e, std::string* out, bool allow_empty = false) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(e.key, e.value));
    if (text.empty() && !allow_empty) return error(e.key, "is empty");
    *out = std::move(text);
    return Status::ok();
  }

  Status boolean(const Entry& e, bool* out) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(e.key, e.value));
    std::optional<bool> b = parse_bool(text);
    if (!b) return error(e.key, fmt::format("expected true or false, got '{}'", text));
    *out = *b;
    return Status::ok();
  }

  Status integer(const Entry& e, int64_t min, int64_t max, int* out) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(e.key, e.value));
    std::string_view digits = text;
    if (digits.starts_with('+')) digits.remove_prefix(1);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || end != digits.data() + digits.size()) {
      if (ec == std::errc::result_out_of_range)
        return error(e.key, fmt::format("{} is out of range ({} to {})", text, min, max));
      return error(e.key, fmt::format("expected a whole number, got '{}'", text));
    }
    if (ec != std::errc() || v < min || v > max)
      return error(e.key, fmt::format("{} is out of range ({} to {})", text, min, max));
    *out = static_cast<int>(v);
    return Status::ok();
  }

  // A data size whose smallest unit is `finest` (KiB for batch_size_*, MiB for
  // commitlog_segment_size, ...), bounded like Cassandra's Int*Bound.
  Status size(const Entry& e, const Unit& finest, uint64_t* out_bytes) const {
    auto count = quantity(e, kSizeUnits, finest, /*bare_zero=*/true, "a data size",
                          "B, KiB, MiB or GiB", format_size(*out_bytes), finest);
    if (!count.is_ok()) return count.status();
    *out_bytes = *count * finest.scale;
    if (e.old_style()) deprecated(e, format_size(*out_bytes));
    return Status::ok();
  }

  // A duration in milliseconds at the finest, as every Cairn duration setting is.
  // `old_decimal`: the old key takes a fraction (commitlog_sync_group_window_in_ms).
  Status millis(const Entry& e, bool old_decimal, std::chrono::milliseconds* out) const {
    Result<uint64_t> count = uint64_t{0};
    if (e.old_style() && old_decimal) {
      count = decimal_millis(e);
    } else {
      count = quantity(e, kDurationUnits, kMillis, /*bare_zero=*/false, "a duration",
                       "ms, s, m, h or d", format_millis(*out), kMillis);
    }
    if (!count.is_ok()) return count.status();
    *out = std::chrono::milliseconds(static_cast<int64_t>(*count));
    if (e.old_style()) deprecated(e, format_millis(*out));
    return Status::ok();
  }

  // A data rate; the old key is in MiB/s.
  Status rate(const Entry& e, uint64_t* out_bytes_per_sec) const {
    Result<uint64_t> bytes = uint64_t{0};
    if (e.old_style()) {
      CAIRN_ASSIGN_OR_RETURN(uint64_t mib, plain_number(e, kMiBPerSec.symbol));
      bytes = mib * kMiBPerSec.scale;
    } else {
      // Cassandra 4.1 keeps compaction_throughput in whole MiB/s below 2^31.
      bytes = quantity(e, kRateUnits, kRateUnits[0], /*bare_zero=*/true, "a data rate",
                       "B/s, KiB/s or MiB/s", format_rate(*out_bytes_per_sec), kMiBPerSec,
                       (kIntBound - 1) * kMiBPerSec.scale + 1);
    }
    if (!bytes.is_ok()) return bytes.status();
    *out_bytes_per_sec = *bytes;
    if (e.old_style()) deprecated(e, format_rate(*out_bytes_per_sec));
    return Status::ok();
  }

 private:
  // The value counted in `finest` units, below `bound` (of `finest`).
  // `example_unit` completes a bare number in messages ("write 64MiB/s").
  Result<uint64_t> quantity(const Entry& e, std::span<const Unit> units, const Unit& finest,
                            bool bare_zero, std::string_view what, std::string_view unit_list,
                            const std::string& default_text, const Unit& example_unit,
                            uint64_t bound = kIntBound) const {
    if (e.old_style()) return plain_number(e, finest.symbol, bound);
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(e.key, e.value));
    Quantity q = parse_quantity(text, units);
    std::string_view digits = leading_digits(text);
    std::string example =
        digits.empty() ? default_text : fmt::format("{}{}", digits, example_unit.symbol);
    std::string max = format_quantity((bound - 1) * finest.scale, units, finest);
    switch (q.kind) {
      case Quantity::kOk: break;
      case Quantity::kNegative: return error(e.key, fmt::format("'{}' is negative", text));
      case Quantity::kTooLarge: return too_large(e, text, max);
      case Quantity::kMalformed:
        return error(
            e.key, fmt::format("'{}' is not {} (use {}, e.g. {})", text, what, unit_list, example));
    }
    if (q.unit == nullptr) {
      if (q.count == 0 && bare_zero) return uint64_t{0};
      std::string problem = fmt::format("'{}' has no unit (write {})", text, example);
      if (!e.setting->old_key.empty())
        problem += fmt::format("; a plain number belongs to the old key {}", e.setting->old_key);
      return error(e.key, problem);
    }
    if (q.unit->scale < finest.scale) {
      return error(e.key, fmt::format("'{}' is finer than {}, the smallest unit {} takes", text,
                                      finest.symbol, e.key));
    }
    uint64_t ratio = q.unit->scale / finest.scale;
    if (q.count > (bound - 1) / ratio) return too_large(e, text, max);
    return q.count * ratio;
  }

  // An old key's plain whole number, below `bound`.
  Result<uint64_t> plain_number(const Entry& e, std::string_view unit,
                                uint64_t bound = kIntBound) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(e.key, e.value));
    Quantity q = parse_quantity(text, {});
    switch (q.kind) {
      case Quantity::kOk: break;
      case Quantity::kNegative: return error(e.key, fmt::format("'{}' is negative", text));
      case Quantity::kTooLarge: return too_large(e, text, fmt::format("{}{}", bound - 1, unit));
      case Quantity::kMalformed:
        return error(e.key, fmt::format("expected a plain number of {}, got '{}' (values with "
                                        "units go in {})",
                                        unit, text, e.setting->key));
    }
    if (q.count >= bound) return too_large(e, text, fmt::format("{}{}", bound - 1, unit));
    return q.count;
  }

  // commitlog_sync_group_window_in_ms was a double in Cassandra; rounded as it does.
  Result<uint64_t> decimal_millis(const Entry& e) const {
    CAIRN_ASSIGN_OR_RETURN(std::string text, scalar(e.key, e.value));
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
      return error(e.key, fmt::format("expected a number of milliseconds, got '{}'", text));
    if (v < 0) return error(e.key, fmt::format("'{}' is negative", text));
    if (v >= static_cast<double>(kIntBound - 1) + 0.5)
      return too_large(e, text, fmt::format("{}ms", kIntBound - 1));
    return static_cast<uint64_t>(std::llround(v));
  }

  Status too_large(const Entry& e, std::string_view text, std::string_view max) const {
    return error(e.key, fmt::format("'{}' is too large (at most {})", text, max));
  }

  void deprecated(const Entry& e, const std::string& value) const {
    warn(fmt::format("{} is deprecated; write {}: {}", e.key, e.setting->key, value));
  }

  std::string_view source_;
  std::vector<std::string>* warnings_;
};

// --- Settings with a shape of their own.

Status apply_data_file_directories(const Parser& p, const Entry& e, NodeConfig* c) {
  if (!e.value.IsSequence()) {
    if (e.value.IsNull()) return p.error(e.key, "has no value");
    return p.error(e.key, "expected a list holding one directory (\"- ./data\" on the next line)");
  }
  if (e.value.size() == 0) return p.error(e.key, "needs a directory");
  if (e.value.size() > 1) {
    return p.error(e.key,
                   fmt::format("only one data directory is supported, got {}", e.value.size()));
  }
  CAIRN_ASSIGN_OR_RETURN(std::string dir, p.scalar(e.key, e.value[0]));
  if (dir.empty()) return p.error(e.key, "the directory is empty");
  c->data_file_directories = {std::move(dir)};
  return Status::ok();
}

Status apply_commitlog_sync(const Parser& p, const Entry& e, NodeConfig* c) {
  CAIRN_ASSIGN_OR_RETURN(std::string text, p.scalar(e.key, e.value));
  // Case matters, as for Cassandra's enum.
  if (text == "periodic") {
    c->commitlog_sync = CommitLogSync::kPeriodic;
  } else if (text == "group") {
    c->commitlog_sync = CommitLogSync::kGroup;
  } else if (text == "batch") {
    c->commitlog_sync = CommitLogSync::kBatch;
  } else {
    return p.error(e.key, fmt::format("expected one of periodic, group, batch, got '{}'", text));
  }
  return Status::ok();
}

Status apply_commit_failure_policy(const Parser& p, const Entry& e, NodeConfig* c) {
  CAIRN_ASSIGN_OR_RETURN(std::string text, p.scalar(e.key, e.value));
  if (text == "stop") {
    c->commit_failure_policy = CommitFailurePolicy::kStop;
  } else if (text == "ignore") {
    c->commit_failure_policy = CommitFailurePolicy::kIgnore;
  } else if (text == "die" || text == "stop_commit") {
    c->commit_failure_policy = CommitFailurePolicy::kStop;
    p.warn(fmt::format("{}: '{}' acts as 'stop' in Cairn", e.key, text));
  } else {
    return p.error(e.key,
                   fmt::format("expected one of stop, stop_commit, die, ignore, got '{}'", text));
  }
  return Status::ok();
}

Status apply_listen_address(const Parser& p, const Entry& e, NodeConfig* c) {
  CAIRN_RETURN_IF_ERROR(p.string(e, &c->listen_address));
  const std::string& a = c->listen_address;
  if (a == "0.0.0.0" || a == "::" || a == "0:0:0:0:0:0:0:0")
    return p.error(e.key, fmt::format("cannot be a wildcard address ({})", a));
  return Status::ok();
}

// api_address (ScyllaDB's key): an IPv4 or IPv6 address the admin API binds to.
Status apply_api_address(const Parser& p, const Entry& e, NodeConfig* c) {
  CAIRN_RETURN_IF_ERROR(p.string(e, &c->api_address));
  unsigned char buf[sizeof(in6_addr)];
  if (inet_pton(AF_INET, c->api_address.c_str(), buf) != 1 &&
      inet_pton(AF_INET6, c->api_address.c_str(), buf) != 1) {
    return p.error(e.key, fmt::format("must be an IP address, got '{}'", c->api_address));
  }
  return Status::ok();
}

// A class name written plainly or, as Cassandra 5 allows, as `class_name:` in a map.
Result<std::string> class_name_of(const Parser& p, const Entry& e) {
  if (!e.value.IsMap()) return p.scalar(e.key, e.value);
  std::string name;
  for (const auto& kv : e.value) {
    std::string sub = kv.first.Scalar();
    if (sub == "class_name") {
      CAIRN_ASSIGN_OR_RETURN(name, p.scalar(fmt::format("{}.class_name", e.key), kv.second));
    } else if (sub != "parameters") {
      return p.error(fmt::format("{}.{}", e.key, sub), "unknown key (expected class_name)");
    }
  }
  if (name.empty()) return p.error(e.key, "needs a class_name");
  return name;
}

// Accepts one of `supported`, short or qualified by `package`; anything else is "not
// supported yet".
Status one_class(const Parser& p, const Entry& e, std::string_view package,
                 std::initializer_list<std::string_view> supported, std::string* out) {
  CAIRN_ASSIGN_OR_RETURN(std::string name, class_name_of(p, e));
  std::string_view short_name = short_class_name(name, package);
  for (std::string_view s : supported) {
    if (short_name == s) {
      *out = std::string(s);
      return Status::ok();
    }
  }
  std::string list;
  for (std::string_view s : supported) list += fmt::format("{}{}", list.empty() ? "" : " or ", s);
  return p.error(e.key, fmt::format("{} is not supported yet (use {})", name, list));
}

Status apply_endpoint_snitch(const Parser& p, const Entry& e, NodeConfig* c) {
  return one_class(p, e, "org.apache.cassandra.locator",
                   {"SimpleSnitch", "GossipingPropertyFileSnitch"}, &c->endpoint_snitch);
}
Status apply_authenticator(const Parser& p, const Entry& e, NodeConfig* c) {
  return one_class(p, e, "org.apache.cassandra.auth",
                   {"AllowAllAuthenticator", "PasswordAuthenticator"}, &c->authenticator);
}
Status apply_authorizer(const Parser& p, const Entry& e, NodeConfig* c) {
  return one_class(p, e, "org.apache.cassandra.auth", {"AllowAllAuthorizer", "CassandraAuthorizer"},
                   &c->authorizer);
}
Status apply_partitioner(const Parser& p, const Entry& e, NodeConfig*) {
  CAIRN_ASSIGN_OR_RETURN(std::string name, p.scalar(e.key, e.value));
  if (short_class_name(name, "org.apache.cassandra.dht") == "Murmur3Partitioner")
    return Status::ok();
  return p.error(e.key,
                 fmt::format("Cairn places data with Murmur3Partitioner only, got '{}'", name));
}

// seed_provider: a list holding one map (class_name, parameters), parameters a list
// holding one map; Cassandra's ParameterizedClass also takes the maps unwrapped.
Status apply_seed_provider(const Parser& p, const Entry& e, NodeConfig* c) {
  const std::string shape =
      "expected a list holding one map with class_name and parameters (see conf/cairn.yaml)";
  auto unwrap = [](const YAML::Node& n) -> YAML::Node {
    return n.IsSequence() && n.size() == 1 ? n[0] : n;
  };
  if (e.value.IsNull()) return p.error(e.key, "has no value");
  YAML::Node provider = unwrap(e.value);
  if (!provider.IsMap()) return p.error(e.key, shape);
  SeedProviderConfig seed_provider;
  bool have_class = false;
  bool have_seeds = false;
  for (const auto& kv : provider) {
    std::string sub = kv.first.Scalar();
    if (sub == "class_name") {
      CAIRN_ASSIGN_OR_RETURN(std::string name, p.scalar("seed_provider.class_name", kv.second));
      if (short_class_name(name, "org.apache.cassandra.locator") != "SimpleSeedProvider") {
        return p.error("seed_provider.class_name",
                       fmt::format("{} is not supported yet (use "
                                   "org.apache.cassandra.locator.SimpleSeedProvider)",
                                   name));
      }
      have_class = true;
    } else if (sub == "parameters") {
      YAML::Node params = unwrap(kv.second);
      if (!params.IsMap())
        return p.error("seed_provider.parameters",
                       "expected a list holding one map (- seeds: ...)");
      for (const auto& param : params) {
        std::string name = param.first.Scalar();
        if (name != "seeds") {
          p.warn(
              fmt::format("seed_provider.parameters.{} is not used by SimpleSeedProvider; "
                          "ignored",
                          name));
          continue;
        }
        CAIRN_ASSIGN_OR_RETURN(seed_provider.seeds,
                               p.scalar("seed_provider.parameters.seeds", param.second));
        have_seeds = true;
      }
    } else {
      return p.error(fmt::format("seed_provider.{}", sub),
                     "unknown key (expected class_name and parameters)");
    }
  }
  if (!have_class) return p.error(e.key, "needs a class_name");
  if (!have_seeds || seed_provider.seeds.empty())
    return p.error(e.key, "needs parameters: - seeds: \"<host>,<host>\"");
  c->seed_provider = std::move(seed_provider);
  return Status::ok();
}

// client_encryption_options: a map of its own (client_encryption.h).
Status apply_client_encryption_options(const Parser& p, const Entry& e, NodeConfig* c) {
  std::string error_key;
  std::vector<std::string> warnings;
  auto tls = parse_client_encryption_options(e.value, e.key, parse_bool, &error_key, &warnings);
  for (const auto& w : warnings) p.warn(w);
  if (!tls.is_ok()) return p.error(error_key, tls.status().message());
  c->client_encryption_options = std::move(tls).value();
  return Status::ok();
}

Status apply_log_level(const Parser& p, const Entry& e, NodeConfig* c) {
  CAIRN_ASSIGN_OR_RETURN(std::string text, p.scalar(e.key, e.value));
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (upper == log_level_name(level)) {
      c->log_level = level;
      return Status::ok();
    }
  }
  return p.error(e.key, fmt::format("expected one of DEBUG, INFO, WARN, ERROR, got '{}'", text));
}

// native_transport_max_frame_size and commitlog_segment_size: whole MiB, above 0 and
// below 2048MiB, as Cassandra requires (it keeps them in an int of bytes).
Status apply_mib_below_2gib(const Parser& p, const Entry& e, uint64_t* out) {
  CAIRN_RETURN_IF_ERROR(p.size(e, kMiB, out));
  if (*out == 0) return p.error(e.key, "must be more than 0");
  if (*out >= 2048 * kMiB.scale)
    return p.error(e.key, fmt::format("must be below 2048MiB, got {}", format_size(*out)));
  return Status::ok();
}

// Every key Cairn reads. Entries with an old_key take either spelling, never both.
constexpr Setting kSettings[] = {
    {"cluster_name", "", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) { return p.string(e, &c->cluster_name); }},
    {"num_tokens", "", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.integer(e, 1, 1536, &c->num_tokens);
     }},
    {"listen_address", "", true, apply_listen_address},
    {"rpc_address", "", true,
     [](const Parser& p, const Entry& e, NodeConfig* c) { return p.string(e, &c->rpc_address); }},
    {"native_transport_port", "", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.integer(e, 0, 65535, &c->native_transport_port);
     }},
    {"native_transport_max_frame_size", "native_transport_max_frame_size_in_mb", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return apply_mib_below_2gib(p, e, &c->native_transport_max_frame_size_bytes);
     }},
    {"native_transport_max_threads", "", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.integer(e, 1, static_cast<int64_t>(kIntBound) - 1,
                        &c->native_transport_max_threads);
     }},
    {"seed_provider", "", false, apply_seed_provider},
    {"endpoint_snitch", "", false, apply_endpoint_snitch},
    {"partitioner", "", true, apply_partitioner},
    {"authenticator", "", true, apply_authenticator},
    {"authorizer", "", true, apply_authorizer},
    {"client_encryption_options", "", false, apply_client_encryption_options},
    {"data_file_directories", "", false, apply_data_file_directories},
    {"commitlog_directory", "", true,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.string(e, &c->commitlog_directory);
     }},
    {"commitlog_sync", "", false, apply_commitlog_sync},
    {"commitlog_sync_period", "commitlog_sync_period_in_ms", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.millis(e, false, &c->commitlog_sync_period);
     }},
    {"commitlog_sync_group_window", "commitlog_sync_group_window_in_ms", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.millis(e, true, &c->commitlog_sync_group_window);
     }},
    {"commitlog_segment_size", "commitlog_segment_size_in_mb", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return apply_mib_below_2gib(p, e, &c->commitlog_segment_size_bytes);
     }},
    {"commit_failure_policy", "", false, apply_commit_failure_policy},
    {"memtable_heap_space", "memtable_heap_space_in_mb", true,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       CAIRN_RETURN_IF_ERROR(p.size(e, kMiB, &c->memtable_heap_space_bytes));
       if (c->memtable_heap_space_bytes == 0) return p.error(e.key, "must be more than 0");
       return Status::ok();
     }},
    {"batch_size_warn_threshold", "batch_size_warn_threshold_in_kb", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.size(e, kKiB, &c->batch_size_warn_threshold_bytes);
     }},
    {"batch_size_fail_threshold", "batch_size_fail_threshold_in_kb", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.size(e, kKiB, &c->batch_size_fail_threshold_bytes);
     }},
    {"auto_snapshot", "", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.boolean(e, &c->auto_snapshot);
     }},
    {"compaction_throughput", "compaction_throughput_mb_per_sec", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.rate(e, &c->compaction_throughput_bytes_per_sec);
     }},
    {"compaction_large_partition_warning_threshold",
     "compaction_large_partition_warning_threshold_mb", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.size(e, kMiB, &c->compaction_large_partition_warning_threshold_bytes);
     }},
    {"log_file", "", true,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.string(e, &c->log_file, /*allow_empty=*/true);
     }},
    {"log_level", "", false, apply_log_level},
    {"api_address", "", false, apply_api_address},
    {"api_port", "", false,
     [](const Parser& p, const Entry& e, NodeConfig* c) {
       return p.integer(e, 0, 65535, &c->api_port);
     }},
};

const Setting* find_setting(std::string_view key) {
  for (const Setting& s : kSettings)
    if (key == s.key || (!s.old_key.empty() && key == s.old_key)) return &s;
  return nullptr;
}

std::string join_path(std::string_view dir, std::string_view name) {
  while (dir.size() > 1 && dir.ends_with('/')) dir.remove_suffix(1);
  return dir == "/" ? fmt::format("/{}", name) : fmt::format("{}/{}", dir, name);
}

std::string_view strip_trailing_slashes(std::string_view dir) {
  while (dir.size() > 1 && dir.ends_with('/')) dir.remove_suffix(1);
  return dir;
}

// Rules between keys, checked once every key is read. `written` maps a setting's key to
// the spelling the file used, so messages name what the operator wrote.
Status check_together(const Parser& p, const std::map<std::string_view, std::string_view>& written,
                      NodeConfig* c) {
  auto name = [&](std::string_view key) {
    auto it = written.find(key);
    return it == written.end() ? key : it->second;
  };
  if (c->api_port != 0 && c->api_port == c->native_transport_port) {
    return p.error("api_port", fmt::format("{} is also native_transport_port", c->api_port));
  }
  if (c->batch_size_warn_threshold_bytes > c->batch_size_fail_threshold_bytes) {
    return p.error(
        name("batch_size_warn_threshold"),
        fmt::format("{} is above {} ({})", format_size(c->batch_size_warn_threshold_bytes),
                    name("batch_size_fail_threshold"),
                    format_size(c->batch_size_fail_threshold_bytes)));
  }
  // As Cassandra: "Batch sync specified, but commitlog_sync_period found".
  if (written.contains("commitlog_sync_period") && c->commitlog_sync != CommitLogSync::kPeriodic) {
    return p.error(name("commitlog_sync_period"),
                   fmt::format("only commitlog_sync: periodic uses it, and commitlog_sync is {}; "
                               "remove it",
                               c->commitlog_sync == CommitLogSync::kGroup ? "group" : "batch"));
  }
  if (c->commitlog_sync == CommitLogSync::kPeriodic && c->commitlog_sync_period.count() == 0) {
    return p.error(name("commitlog_sync_period"),
                   "must be more than 0ms with commitlog_sync: periodic");
  }
  if (c->commitlog_sync_group_window.count() != 0) {
    p.warn(
        fmt::format("{} is not used: Cairn's group mode starts the next fsync as soon as "
                    "the previous one ends; ignored",
                    name("commitlog_sync_group_window")));
  }
  // As Cassandra: "AllowAllAuthenticator can't be used with CassandraAuthorizer".
  if (c->authorizer != "AllowAllAuthorizer" && c->authenticator == "AllowAllAuthenticator") {
    return p.error(name("authorizer"),
                   fmt::format("{} needs authenticator: PasswordAuthenticator (with {} every "
                               "client is anonymous)",
                               c->authorizer, c->authenticator));
  }
  const std::string& data = c->data_file_directories.front();
  if (c->commitlog_directory.empty()) c->commitlog_directory = join_path(data, "commitlog");
  if (strip_trailing_slashes(c->commitlog_directory) == strip_trailing_slashes(data)) {
    return p.error("commitlog_directory",
                   fmt::format("must not be the data directory ({})", c->commitlog_directory));
  }
  return Status::ok();
}

Result<NodeConfig> parse_document(std::string_view yaml_text, std::string_view source,
                                  std::vector<std::string>* warnings) {
  Parser p(source, warnings);
  std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml_text));
  if (documents.size() > 1) {
    // SnakeYAML's loadAs refuses a second document too.
    return Status::invalid_argument(
        fmt::format("{}: line {}: a second YAML document (after "
                    "'---'); a config file holds one",
                    source, documents[1].Mark().line + 1));
  }
  YAML::Node root = documents.empty() ? YAML::Node() : documents[0];
  NodeConfig config = default_config();
  config.commitlog_directory.clear();  // under the data directory unless the file says

  std::vector<Entry> entries;
  if (!root.IsNull()) {
    if (!root.IsMap()) {
      return Status::invalid_argument(fmt::format("{}: expected `key: value` settings, found {}",
                                                  source,
                                                  root.IsSequence() ? "a list" : "a single value"));
    }
    std::map<std::string, int, std::less<>> lines;
    for (const auto& kv : root) {
      int line = kv.first.Mark().line + 1;
      if (!kv.first.IsScalar()) {
        return Status::invalid_argument(
            fmt::format("{}: line {}: a key must be a plain name", source, line));
      }
      const std::string& key = kv.first.Scalar();
      auto [it, inserted] = lines.emplace(key, line);
      if (!inserted)
        return p.error(key, fmt::format("given twice (lines {} and {})", it->second, line));
      if (const Setting* s = find_setting(key)) {
        entries.push_back({s, key == s->key ? s->key : s->old_key, kv.second});
      } else if (is_cassandra_only_key(key)) {
        p.warn(fmt::format("{} is a Cassandra setting Cairn does not use; ignored", key));
      } else {
        return p.error(key, fmt::format("unknown key (line {}): neither a Cassandra nor a "
                                        "Cairn setting",
                                        line));
      }
    }
  }

  // Both spellings of one setting: Cassandra refuses them too ("Config contains both old
  // and new keys for the same configuration parameters").
  std::map<std::string_view, std::string_view> written;
  for (const Entry& e : entries) {
    if (!written.emplace(e.setting->key, e.key).second) {
      return Status::invalid_argument(fmt::format("{}: both {} and {} are set; keep only {}",
                                                  source, e.setting->old_key, e.setting->key,
                                                  e.setting->key));
    }
  }
  for (const Entry& e : entries) {
    if (e.value.IsNull() && e.setting->nullable) continue;
    CAIRN_RETURN_IF_ERROR(e.setting->apply(p, e, &config));
  }
  CAIRN_RETURN_IF_ERROR(check_together(p, written, &config));
  return config;
}

}  // namespace

DatabaseOptions NodeConfig::to_database_options() const {
  assert(data_file_directories.size() == 1 && "parse_config() keeps exactly one");
  DatabaseOptions options;
  options.data_directory = data_file_directories.front();
  options.commitlog_directory = commitlog_directory;
  options.commitlog_sync = commitlog_sync;
  options.commitlog_sync_period = commitlog_sync_period;
  options.commitlog_segment_size_bytes = commitlog_segment_size_bytes;
  options.commit_failure_policy = commit_failure_policy;
  options.memtable_flush_threshold_bytes = memtable_heap_space_bytes;
  // The node's writers are its I/O threads: a write waiting there for a flush to catch
  // up holds every connection of that thread, so cairnd lets more memtables queue
  // (more memory) before writers wait than the embedded default of 1.
  options.max_pending_flushes = 4;
  options.batch_size_warn_threshold_bytes = batch_size_warn_threshold_bytes;
  options.batch_size_fail_threshold_bytes = batch_size_fail_threshold_bytes;
  options.compaction_throughput_bytes_per_sec = compaction_throughput_bytes_per_sec;
  options.compaction_large_partition_warning_threshold_bytes =
      compaction_large_partition_warning_threshold_bytes;
  options.auto_snapshot = auto_snapshot;
  return options;
}

NodeConfig default_config() { return NodeConfig{}; }

std::string default_config_yaml() { return std::string(default_config_yaml_text()); }

Result<NodeConfig> parse_config(std::string_view yaml_text, std::string_view source_name,
                                std::vector<std::string>* warnings) {
  // yaml-cpp reports by exception; it stops here.
  try {
    return parse_document(yaml_text, source_name, warnings);
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null())
      return Status::invalid_argument(fmt::format("{}: YAML error: {}", source_name, e.msg));
    return Status::invalid_argument(fmt::format("{}: line {}, column {}: YAML syntax error: {}",
                                                source_name, e.mark.line + 1, e.mark.column + 1,
                                                e.msg));
  }
}

Result<NodeConfig> load_config(FileSystem& fs, const std::string& path,
                               std::vector<std::string>* warnings) {
  CAIRN_ASSIGN_OR_RETURN(uint64_t size, fs.file_size(path));
  if (size > kMaxConfigFileBytes) {
    return Status::invalid_argument(
        fmt::format("{}: {} bytes is too large for a config file "
                    "(at most {})",
                    path, size, kMaxConfigFileBytes));
  }
  CAIRN_ASSIGN_OR_RETURN(Bytes text, read_file(fs, path));
  return parse_config(text, path, warnings);
}

Result<NodeConfig> load_config(const std::string& path, std::vector<std::string>* warnings) {
  PosixFileSystem fs;
  return load_config(fs, path, warnings);
}

}  // namespace cairn::tools
