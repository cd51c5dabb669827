// cairn.yaml parsing; the rules are in config.h. The facts borrowed from Cassandra 4.1
// (unit spellings, each setting's smallest unit and bound, old key names, which keys
// exist) come from its DataStorageSpec, DurationSpec, DataRateSpec, Config and
// YamlConfigurationLoader.
#include "tools/cairnd/config.h"

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
  return one_class(p, e, "org.apache.cassandra.auth", {"AllowAllAuthenticator"}, &c->authenticator);
}
Status apply_authorizer(const Parser& p, const Entry& e, NodeConfig* c) {
  return one_class(p, e, "org.apache.cassandra.auth", {"AllowAllAuthorizer"}, &c->authorizer);
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

// client_encryption_options: only `enabled: false` (and `optional: false`) for now; the
// keystore settings are accepted and unused.
Status apply_client_encryption_options(const Parser& p, const Entry& e, NodeConfig*) {
  // clang-format off
  static constexpr std::string_view kIgnored[] = {
      "accepted_protocols", "algorithm", "cipher_suites", "keystore", "keystore_password",
      "keystore_password_file", "protocol", "require_client_auth",
      "require_endpoint_verification", "ssl_context_factory", "store_type", "truststore",
      "truststore_password", "truststore_password_file"};
  // clang-format on
  if (!e.value.IsMap()) {
    if (e.value.IsNull()) return p.error(e.key, "has no value");
    return p.error(e.key, "expected a map such as `enabled: false`");
  }
  for (const auto& kv : e.value) {
    std::string sub = kv.first.Scalar();
    std::string path = fmt::format("{}.{}", e.key, sub);
    if (sub == "enabled" || sub == "optional") {
      CAIRN_ASSIGN_OR_RETURN(std::string text, p.scalar(path, kv.second));
      std::optional<bool> on = parse_bool(text);
      if (!on) return p.error(path, fmt::format("expected true or false, got '{}'", text));
      if (*on) return p.error(path, "TLS for CQL clients is not supported yet");
    } else if (std::find(std::begin(kIgnored), std::end(kIgnored), sub) == std::end(kIgnored)) {
      return p.error(path, "unknown key");
    }
  }
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
};

const Setting* find_setting(std::string_view key) {
  for (const Setting& s : kSettings)
    if (key == s.key || (!s.old_key.empty() && key == s.old_key)) return &s;
  return nullptr;
}

// Cassandra's cassandra.yaml keys that Cairn does not read, old spellings included
// (Cassandra 4.1's Config and a few 5.0 additions). Sorted, for binary search.
// clang-format off
constexpr std::string_view kCassandraOnlyKeys[] = {
    "allocate_tokens_for_keyspace", "allocate_tokens_for_local_replication_factor",
    "allow_extra_insecure_udfs", "allow_filtering_enabled", "allow_insecure_udfs",
    "alter_table_enabled", "audit_logging_options", "auth_cache_warming_enabled",
    "auth_read_consistency_level", "auth_write_consistency_level", "auto_bootstrap",
    "auto_hints_cleanup_enabled", "auto_optimise_full_repair_streams",
    "auto_optimise_inc_repair_streams", "auto_optimise_preview_repair_streams",
    "auto_snapshot_ttl", "autocompaction_on_startup_enabled", "automatic_sstable_upgrade",
    "available_processors", "back_pressure_enabled", "back_pressure_strategy",
    "batchlog_endpoint_strategy", "batchlog_replay_throttle", "batchlog_replay_throttle_in_kb",
    "block_for_peers_in_remote_dcs", "block_for_peers_timeout_in_secs", "broadcast_address",
    "broadcast_rpc_address", "buffer_pool_use_heap_if_exhausted", "bulk_load_enabled",
    "cache_load_timeout", "cache_load_timeout_seconds", "cas_contention_timeout",
    "cas_contention_timeout_in_ms", "cdc_block_writes", "cdc_enabled",
    "cdc_free_space_check_interval", "cdc_free_space_check_interval_ms", "cdc_on_repair_enabled",
    "cdc_raw_directory", "cdc_total_space", "cdc_total_space_in_mb",
    "check_for_duplicate_rows_during_compaction", "check_for_duplicate_rows_during_reads",
    "cidr_authorizer", "client_error_reporting_exclusions", "client_request_size_metrics_enabled",
    "collection_size_fail_threshold", "collection_size_warn_threshold", "column_index_cache_size",
    "column_index_cache_size_in_kb", "column_index_size", "column_index_size_in_kb",
    "column_value_size_fail_threshold", "column_value_size_warn_threshold",
    "columns_per_table_fail_threshold", "columns_per_table_warn_threshold",
    "commitlog_compression", "commitlog_disk_access_mode",
    "commitlog_max_compression_buffers_in_pool", "commitlog_sync_batch_window_in_ms",
    "commitlog_total_space", "commitlog_total_space_in_mb", "compact_tables_enabled",
    "compaction_tombstone_warning_threshold", "concurrent_compactors", "concurrent_counter_writes",
    "concurrent_index_builders", "concurrent_materialized_view_builders",
    "concurrent_materialized_view_writes", "concurrent_merkle_tree_requests", "concurrent_reads",
    "concurrent_validations", "concurrent_writes", "consecutive_message_errors_threshold",
    "coordinator_read_size_fail_threshold", "coordinator_read_size_warn_threshold",
    "corrupted_tombstone_strategy", "counter_cache_keys_to_save", "counter_cache_save_period",
    "counter_cache_size", "counter_cache_size_in_mb", "counter_write_request_timeout",
    "counter_write_request_timeout_in_ms", "credentials_cache_active_update",
    "credentials_cache_max_entries", "credentials_update_interval",
    "credentials_update_interval_in_ms", "credentials_validity", "credentials_validity_in_ms",
    "cross_node_timeout", "crypto_provider", "data_disk_usage_max_disk_size",
    "data_disk_usage_percentage_fail_threshold", "data_disk_usage_percentage_warn_threshold",
    "default_compaction", "default_keyspace_rf", "default_secondary_index",
    "default_secondary_index_enabled", "denylist_consistency_level", "denylist_initial_load_retry",
    "denylist_max_keys_per_table", "denylist_max_keys_total", "denylist_range_reads_enabled",
    "denylist_reads_enabled", "denylist_refresh", "denylist_writes_enabled",
    "diagnostic_events_enabled", "disk_access_mode", "disk_failure_policy",
    "disk_optimization_estimate_percentile", "disk_optimization_page_cross_chance",
    "disk_optimization_strategy", "drop_compact_storage_enabled", "drop_keyspace_enabled",
    "drop_truncate_table_enabled", "dump_heap_on_uncaught_exception",
    "dynamic_data_masking_enabled", "dynamic_snitch", "dynamic_snitch_badness_threshold",
    "dynamic_snitch_reset_interval", "dynamic_snitch_reset_interval_in_ms",
    "dynamic_snitch_update_interval", "dynamic_snitch_update_interval_in_ms",
    "enable_drop_compact_storage", "enable_materialized_views", "enable_sasi_indexes",
    "enable_scripted_user_defined_functions", "enable_transient_replication",
    "enable_user_defined_functions", "enable_user_defined_functions_threads",
    "entire_sstable_inter_dc_stream_throughput_outbound",
    "entire_sstable_stream_throughput_outbound", "failure_detector",
    "fields_per_udt_fail_threshold", "fields_per_udt_warn_threshold", "file_cache_enabled",
    "file_cache_round_up", "file_cache_size", "file_cache_size_in_mb", "flush_compression",
    "force_new_prepared_statement_behaviour", "full_query_logging_options", "gc_log_threshold",
    "gc_log_threshold_in_ms", "gc_warn_threshold", "gc_warn_threshold_in_ms", "group_by_enabled",
    "heap_dump_path", "hint_window_persistent_enabled", "hinted_handoff_disabled_datacenters",
    "hinted_handoff_enabled", "hinted_handoff_throttle", "hinted_handoff_throttle_in_kb",
    "hints_compression", "hints_directory", "hints_flush_period", "hints_flush_period_in_ms",
    "ideal_consistency_level", "in_select_cartesian_product_fail_threshold",
    "in_select_cartesian_product_warn_threshold", "incremental_backups",
    "incremental_repair_disk_headroom_reject_ratio", "index_summary_capacity",
    "index_summary_capacity_in_mb", "index_summary_resize_interval",
    "index_summary_resize_interval_in_minutes", "initial_range_tombstone_list_allocation_size",
    "initial_token", "inter_dc_stream_throughput_outbound",
    "inter_dc_stream_throughput_outbound_megabits_per_sec", "inter_dc_tcp_nodelay",
    "internode_application_receive_queue_capacity",
    "internode_application_receive_queue_capacity_in_bytes",
    "internode_application_receive_queue_reserve_endpoint_capacity",
    "internode_application_receive_queue_reserve_endpoint_capacity_in_bytes",
    "internode_application_receive_queue_reserve_global_capacity",
    "internode_application_receive_queue_reserve_global_capacity_in_bytes",
    "internode_application_send_queue_capacity",
    "internode_application_send_queue_capacity_in_bytes",
    "internode_application_send_queue_reserve_endpoint_capacity",
    "internode_application_send_queue_reserve_endpoint_capacity_in_bytes",
    "internode_application_send_queue_reserve_global_capacity",
    "internode_application_send_queue_reserve_global_capacity_in_bytes", "internode_authenticator",
    "internode_compression", "internode_error_reporting_exclusions", "internode_max_message_size",
    "internode_max_message_size_in_bytes", "internode_recv_buff_size_in_bytes",
    "internode_send_buff_size_in_bytes", "internode_socket_receive_buffer_size",
    "internode_socket_receive_buffer_size_in_bytes", "internode_socket_send_buffer_size",
    "internode_socket_send_buffer_size_in_bytes", "internode_streaming_tcp_user_timeout",
    "internode_streaming_tcp_user_timeout_in_ms", "internode_tcp_connect_timeout",
    "internode_tcp_connect_timeout_in_ms", "internode_tcp_user_timeout",
    "internode_tcp_user_timeout_in_ms", "internode_timeout",
    "invalid_legacy_protocol_magic_no_spam_enabled", "items_per_collection_fail_threshold",
    "items_per_collection_warn_threshold", "key_cache_invalidate_after_sstable_deletion",
    "key_cache_keys_to_save", "key_cache_migrate_during_compaction", "key_cache_save_period",
    "key_cache_size", "key_cache_size_in_mb", "keyspace_count_warn_threshold",
    "keyspaces_fail_threshold", "keyspaces_warn_threshold", "listen_interface",
    "listen_interface_prefer_ipv6", "listen_on_broadcast_address",
    "local_read_size_fail_threshold", "local_read_size_warn_threshold",
    "local_system_data_file_directory", "materialized_views_enabled",
    "materialized_views_on_repair_enabled", "materialized_views_per_table_fail_threshold",
    "materialized_views_per_table_warn_threshold", "max_concurrent_automatic_sstable_upgrades",
    "max_hint_window", "max_hint_window_in_ms", "max_hints_delivery_threads",
    "max_hints_file_size", "max_hints_file_size_in_mb", "max_hints_size_per_host",
    "max_mutation_size", "max_mutation_size_in_kb",
    "max_space_usable_for_compactions_in_percentage", "max_streaming_retries",
    "max_top_size_partition_count", "max_top_tombstone_partition_count", "max_value_size",
    "max_value_size_in_mb", "maximum_replication_factor_fail_threshold",
    "maximum_replication_factor_warn_threshold", "memtable", "memtable_allocation_type",
    "memtable_cleanup_threshold", "memtable_flush_writers", "memtable_offheap_space",
    "memtable_offheap_space_in_mb", "min_free_space_per_drive", "min_free_space_per_drive_in_mb",
    "min_tracked_partition_size", "min_tracked_partition_tombstone_count",
    "minimum_replication_factor_fail_threshold", "minimum_replication_factor_warn_threshold",
    "native_transport_allow_older_protocols", "native_transport_flush_in_batches_legacy",
    "native_transport_idle_timeout", "native_transport_idle_timeout_in_ms",
    "native_transport_max_auth_threads", "native_transport_max_concurrent_connections",
    "native_transport_max_concurrent_connections_per_ip",
    "native_transport_max_concurrent_requests_in_bytes",
    "native_transport_max_concurrent_requests_in_bytes_per_ip",
    "native_transport_max_negotiable_protocol_version",
    "native_transport_max_request_data_in_flight",
    "native_transport_max_request_data_in_flight_per_ip",
    "native_transport_max_requests_per_second", "native_transport_port_ssl",
    "native_transport_rate_limiting_enabled", "native_transport_receive_queue_capacity",
    "native_transport_receive_queue_capacity_in_bytes", "network_authorizer",
    "networking_cache_size", "networking_cache_size_in_mb", "otc_backlog_expiration_interval_ms",
    "otc_coalescing_enough_coalesced_messages", "otc_coalescing_strategy",
    "otc_coalescing_window_us", "page_size_fail_threshold", "page_size_warn_threshold",
    "partition_denylist_enabled", "partition_keys_in_select_fail_threshold",
    "partition_keys_in_select_warn_threshold", "partition_size_fail_threshold",
    "partition_size_warn_threshold", "partition_tombstones_fail_threshold",
    "partition_tombstones_warn_threshold", "paxos_cache_size", "paxos_contention_max_wait",
    "paxos_contention_min_delta", "paxos_contention_min_wait", "paxos_contention_wait_randomizer",
    "paxos_on_linearizability_violations", "paxos_purge_grace_period", "paxos_repair_enabled",
    "paxos_repair_parallelism", "paxos_state_purging", "paxos_topology_repair_no_dc_checks",
    "paxos_topology_repair_strict_each_quorum", "paxos_variant",
    "periodic_commitlog_sync_lag_block", "periodic_commitlog_sync_lag_block_in_ms",
    "permissions_cache_active_update", "permissions_cache_max_entries",
    "permissions_update_interval", "permissions_update_interval_in_ms", "permissions_validity",
    "permissions_validity_in_ms", "phi_convict_threshold", "prepared_statements_cache_size",
    "prepared_statements_cache_size_mb", "range_request_timeout", "range_request_timeout_in_ms",
    "range_tombstone_list_growth_factor", "read_before_write_list_operations_enabled",
    "read_consistency_levels_disallowed", "read_consistency_levels_warned", "read_request_timeout",
    "read_request_timeout_in_ms", "read_thresholds_enabled", "reject_repair_compaction_threshold",
    "repair_command_pool_full_strategy", "repair_command_pool_size",
    "repair_disk_headroom_reject_ratio", "repair_session_max_tree_depth", "repair_session_space",
    "repair_session_space_in_mb", "repair_state_expires", "repair_state_size",
    "repaired_data_tracking_for_partition_reads_enabled",
    "repaired_data_tracking_for_range_reads_enabled", "replica_filtering_protection",
    "report_unconfirmed_repaired_data_mismatches", "request_timeout", "request_timeout_in_ms",
    "role_manager", "roles_cache_active_update", "roles_cache_max_entries",
    "roles_update_interval", "roles_update_interval_in_ms", "roles_validity",
    "roles_validity_in_ms", "row_cache_class_name", "row_cache_keys_to_save",
    "row_cache_save_period", "row_cache_size", "row_cache_size_in_mb",
    "row_index_read_size_fail_threshold", "row_index_read_size_warn_threshold",
    "row_index_size_fail_threshold", "row_index_size_warn_threshold", "rpc_interface",
    "rpc_interface_prefer_ipv6", "rpc_keepalive", "sai_options", "sasi_indexes_enabled",
    "saved_caches_directory", "scripted_user_defined_functions_enabled",
    "secondary_indexes_enabled", "secondary_indexes_per_table_fail_threshold",
    "secondary_indexes_per_table_warn_threshold", "server_encryption_options",
    "severity_during_decommission", "simplestrategy_enabled",
    "skip_paxos_repair_on_topology_change", "skip_paxos_repair_on_topology_change_keyspaces",
    "skip_stream_disk_space_check", "slow_query_log_timeout", "slow_query_log_timeout_in_ms",
    "snapshot_before_compaction", "snapshot_links_per_second",
    "snapshot_on_duplicate_row_detection", "snapshot_on_repaired_data_mismatch",
    "ssl_storage_port", "sstable", "sstable_preemptive_open_interval",
    "sstable_preemptive_open_interval_in_mb", "sstable_read_rate_persistence_enabled",
    "start_native_transport", "startup_checks", "storage_compatibility_mode", "storage_port",
    "stream_entire_sstables", "stream_throughput_outbound",
    "stream_throughput_outbound_megabits_per_sec", "streaming_connections_per_host",
    "streaming_keep_alive_period", "streaming_keep_alive_period_in_secs",
    "streaming_slow_events_log_timeout", "streaming_state_expires", "streaming_state_size",
    "streaming_stats_enabled", "table_count_warn_threshold", "table_properties_disallowed",
    "table_properties_ignored", "table_properties_warned", "tables_fail_threshold",
    "tables_warn_threshold", "tombstone_failure_threshold", "tombstone_warn_threshold",
    "top_partitions_enabled", "trace_type_query_ttl", "trace_type_repair_ttl",
    "tracetype_query_ttl", "tracetype_repair_ttl", "transfer_hints_on_decommission",
    "transient_replication_enabled", "transparent_data_encryption_options",
    "traverse_auth_from_root", "trickle_fsync", "trickle_fsync_interval",
    "trickle_fsync_interval_in_kb", "truncate_request_timeout", "truncate_request_timeout_in_ms",
    "uncompressed_tables_enabled", "unlogged_batch_across_partitions_warn_threshold",
    "use_creation_time_for_hint_ttl", "use_deterministic_table_id", "use_offheap_merkle_trees",
    "use_statements_enabled", "user_defined_function_fail_timeout",
    "user_defined_function_warn_timeout", "user_defined_functions_enabled",
    "user_defined_functions_fail_timeout", "user_defined_functions_threads_enabled",
    "user_defined_functions_warn_timeout", "user_function_timeout_policy",
    "user_timestamps_enabled", "uuid_sstable_identifiers_enabled",
    "validation_preview_purge_head_start", "validation_preview_purge_head_start_in_sec",
    "windows_timer_interval", "write_consistency_levels_disallowed",
    "write_consistency_levels_warned",
};
// clang-format on
static_assert(std::ranges::adjacent_find(kCassandraOnlyKeys, std::greater_equal<>()) ==
                  std::end(kCassandraOnlyKeys),
              "kCassandraOnlyKeys must be sorted and unique");

bool is_cassandra_only_key(std::string_view key) {
  return std::binary_search(std::begin(kCassandraOnlyKeys), std::end(kCassandraOnlyKeys), key);
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

constexpr std::string_view kDefaultYaml =
    R"(# cairn.yaml: the configuration of one Cairn node (cairnd --config cairn.yaml).
#
# The keys are Cassandra's own, from the cassandra.yaml of Cassandra 4.1, so an
# existing Cassandra file mostly carries over: a Cassandra setting Cairn does not use
# is logged as a warning and ignored; a key that neither knows is an error.
#
# Values with units are written as in Cassandra 4.1, and case matters:
#   data sizes  B, KiB, MiB, GiB        e.g. 5KiB, 32MiB
#   durations   ms, s, m, h, d          e.g. 500ms, 10s
#   rates       B/s, KiB/s, MiB/s       e.g. 64MiB/s
# The older keys with the unit in their name (batch_size_warn_threshold_in_kb: 5,
# commitlog_sync_period_in_ms: 10000, ...) take a plain number and log a deprecation
# warning; giving both spellings of one setting is an error.
#
# The values below are the built-in defaults: deleting a line changes nothing.

# The name of the cluster; nodes of different clusters refuse to talk to each other.
cluster_name: 'Test Cluster'

# How many tokens (virtual nodes) this node owns on the ring, 1 to 1536.
num_tokens: 16

# The nodes a starting node contacts first to learn the ring: a comma-separated list
# of host or host:port (the storage port, 7000 by default).
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:7000"

# The address other nodes reach this one at; not a wildcard such as 0.0.0.0.
listen_address: 127.0.0.1

# Where CQL clients connect. rpc_address 0.0.0.0 listens on every interface.
rpc_address: 127.0.0.1
native_transport_port: 9042
# The largest CQL frame a client may send, in MiB or GiB, below 2048MiB.
native_transport_max_frame_size: 16MiB
# The most threads serving CQL requests.
native_transport_max_threads: 128

# How the node learns its datacenter and rack: SimpleSnitch (one datacenter, one
# rack) or GossipingPropertyFileSnitch.
endpoint_snitch: SimpleSnitch

# How partitions are spread over the ring; Murmur3Partitioner is the only one.
partitioner: org.apache.cassandra.dht.Murmur3Partitioner

# No logins or permissions yet: PasswordAuthenticator and CassandraAuthorizer are
# refused as not supported.
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer

# TLS for CQL clients is not supported yet: enabled must stay false.
client_encryption_options:
  enabled: false

# Where the tables live. Cairn keeps exactly one data directory.
data_file_directories:
  - ./data

# Where the commitlog lives: by default the commitlog directory inside the data
# directory. A disk of its own lowers write latency.
# commitlog_directory: ./data/commitlog

# When a write is acknowledged:
#   periodic  once it is written to the OS; an fsync runs every commitlog_sync_period,
#             so a power cut loses at most that much (a killed process loses nothing)
#   group     once an fsync covering it has finished; concurrent writes share fsyncs
#   batch     once its own fsync has finished
# Only periodic takes commitlog_sync_period: remove that line for group or batch.
commitlog_sync: periodic
commitlog_sync_period: 10s

# The size of each commitlog file, in MiB or GiB, below 2048MiB. One mutation or batch
# may be at most half of it.
commitlog_segment_size: 32MiB

# A damaged commitlog record found at startup: stop refuses to start, naming the file
# and offset; ignore skips the rest of that file and goes on. die and stop_commit act
# as stop.
commit_failure_policy: stop

# A table's memtable is flushed to an sstable once it holds this much, in MiB or GiB.
# Cassandra counts this over all tables together; Cairn, per table for now.
memtable_heap_space: 64MiB

# A batch above the warn threshold succeeds with a warning naming its size and tables;
# one above the fail threshold is rejected whole. In KiB or larger units.
batch_size_warn_threshold: 5KiB
batch_size_fail_threshold: 50KiB

# Snapshot a table before TRUNCATE or DROP TABLE removes its data.
auto_snapshot: true

# How fast compaction may write; 0 does not throttle.
compaction_throughput: 64MiB/s

# Compacting a partition larger than this logs a warning naming it, in MiB or GiB.
compaction_large_partition_warning_threshold: 100MiB

# Cairn's own: a log file besides stderr (none by default), and the least severe level
# logged, one of DEBUG, INFO, WARN, ERROR.
# log_file: /var/log/cairn/cairn.log
log_level: INFO
)";

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
  options.batch_size_warn_threshold_bytes = batch_size_warn_threshold_bytes;
  options.batch_size_fail_threshold_bytes = batch_size_fail_threshold_bytes;
  options.compaction_throughput_bytes_per_sec = compaction_throughput_bytes_per_sec;
  options.compaction_large_partition_warning_threshold_bytes =
      compaction_large_partition_warning_threshold_bytes;
  options.auto_snapshot = auto_snapshot;
  return options;
}

NodeConfig default_config() { return NodeConfig{}; }

std::string default_config_yaml() { return std::string(kDefaultYaml); }

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
