// cairn.yaml: every key in both unit styles, the errors (each naming the file and the
// key), Cassandra-only keys, unknown keys, YAML syntax errors, the default file.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/env/mem_file_system.h"
#include "tests/lib/test_certificates.h"
#include "tests/lib/test_env.h"
#include "tools/cairnd/config.h"

namespace cairn::tools {
namespace {

using std::chrono::milliseconds;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;

Result<NodeConfig> parse(const std::string& yaml, std::vector<std::string>* warnings = nullptr) {
  return parse_config(yaml, "cairn.yaml", warnings);
}

NodeConfig parse_ok(const std::string& yaml, std::vector<std::string>* warnings = nullptr) {
  Result<NodeConfig> r = parse(yaml, warnings);
  EXPECT_TRUE(r.is_ok()) << yaml << "\n-> " << r.status().to_string();
  return r.is_ok() ? std::move(r).value() : NodeConfig{};
}

// The message of the InvalidArgument `yaml` must fail with.
std::string parse_error(const std::string& yaml) {
  Result<NodeConfig> r = parse(yaml);
  EXPECT_FALSE(r.is_ok()) << yaml << "\n-> parsed";
  if (r.is_ok()) return "";
  EXPECT_TRUE(r.status().is_invalid_argument()) << r.status().to_string();
  return r.status().message();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool has_warning(const std::vector<std::string>& warnings, const std::string& part) {
  for (const std::string& w : warnings)
    if (contains(w, part)) return true;
  return false;
}

// ---------------------------------------------------------------------------------
// Defaults.

TEST(CairndConfigTest, DefaultsAreCassandra41sWhereCairnHasTheSetting) {
  NodeConfig c = default_config();
  EXPECT_EQ(c.cluster_name, "Test Cluster");
  EXPECT_EQ(c.num_tokens, 16);
  EXPECT_EQ(c.listen_address, "127.0.0.1");
  EXPECT_EQ(c.rpc_address, "127.0.0.1");
  EXPECT_EQ(c.native_transport_port, 9042);
  EXPECT_EQ(c.native_transport_max_frame_size_bytes, 16 * kMiB);
  EXPECT_EQ(c.native_transport_max_threads, 128);
  EXPECT_EQ(c.seed_provider.class_name, "org.apache.cassandra.locator.SimpleSeedProvider");
  EXPECT_EQ(c.seed_provider.seeds, "127.0.0.1:7000");
  EXPECT_EQ(c.endpoint_snitch, "SimpleSnitch");
  EXPECT_EQ(c.authenticator, "AllowAllAuthenticator");
  EXPECT_EQ(c.authorizer, "AllowAllAuthorizer");
  EXPECT_EQ(c.data_file_directories, std::vector<std::string>{"./data"});
  EXPECT_EQ(c.commitlog_directory, "./data/commitlog");
  EXPECT_EQ(c.commitlog_sync, CommitLogSync::kPeriodic);
  EXPECT_EQ(c.commitlog_sync_period, milliseconds(10000));
  EXPECT_EQ(c.commitlog_sync_group_window, milliseconds(0));
  EXPECT_EQ(c.commitlog_segment_size_bytes, 32 * kMiB);
  EXPECT_EQ(c.commit_failure_policy, CommitFailurePolicy::kStop);
  EXPECT_EQ(c.memtable_heap_space_bytes, 64 * kMiB);
  EXPECT_EQ(c.batch_size_warn_threshold_bytes, 5 * kKiB);
  EXPECT_EQ(c.batch_size_fail_threshold_bytes, 50 * kKiB);
  EXPECT_TRUE(c.auto_snapshot);
  EXPECT_EQ(c.compaction_throughput_bytes_per_sec, 64 * kMiB);
  EXPECT_EQ(c.compaction_large_partition_warning_threshold_bytes, 100 * kMiB);
  EXPECT_EQ(c.log_file, "");
  EXPECT_EQ(c.log_level, LogLevel::kInfo);
}

TEST(CairndConfigTest, DefaultYamlParsesToTheDefaultsWithoutWarnings) {
  std::vector<std::string> warnings;
  NodeConfig c = parse_ok(default_config_yaml(), &warnings);
  EXPECT_EQ(c, default_config());
  EXPECT_TRUE(warnings.empty()) << warnings.front();
}

TEST(CairndConfigTest, SampleConfFileIsTheDefaultYaml) {
  std::ifstream in(std::string(CAIRN_SOURCE_DIR) + "/conf/cairn.yaml", std::ios::binary);
  ASSERT_TRUE(in) << "conf/cairn.yaml is missing";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), default_config_yaml())
      << "conf/cairn.yaml and default_config_yaml() (tools/cairnd/config.cc) must hold the "
         "same text";
}

TEST(CairndConfigTest, EmptyOrCommentOnlyFileGivesTheDefaults) {
  std::vector<std::string> warnings;
  EXPECT_EQ(parse_ok("", &warnings), default_config());
  EXPECT_EQ(parse_ok("# nothing set\n\n", &warnings), default_config());
  EXPECT_TRUE(warnings.empty());
}

// ---------------------------------------------------------------------------------
// Every key, both spellings.

TEST(CairndConfigTest, EveryKeyWithCassandra41Units) {
  std::vector<std::string> warnings;
  NodeConfig c = parse_ok(R"(
cluster_name: 'Prod Cluster'
num_tokens: 8
listen_address: 10.0.0.5
rpc_address: 0.0.0.0
native_transport_port: 19042
native_transport_max_frame_size: 32MiB
native_transport_max_threads: 64
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "10.0.0.1:7000,10.0.0.2:7000"
endpoint_snitch: GossipingPropertyFileSnitch
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
authenticator: org.apache.cassandra.auth.AllowAllAuthenticator
authorizer: AllowAllAuthorizer
client_encryption_options:
  enabled: false
  optional: false
  keystore: conf/.keystore
  keystore_password: cassandra
data_file_directories:
  - /var/lib/cairn/data
commitlog_directory: /var/lib/cairn/commitlog
commitlog_sync: periodic
commitlog_sync_period: 2s
commitlog_sync_group_window: 15ms
commitlog_segment_size: 64MiB
commit_failure_policy: ignore
memtable_heap_space: 1GiB
batch_size_warn_threshold: 10KiB
batch_size_fail_threshold: 1MiB
auto_snapshot: false
compaction_throughput: 16MiB/s
compaction_large_partition_warning_threshold: 1GiB
log_file: /var/log/cairn/cairn.log
log_level: DEBUG
)",
                          &warnings);
  EXPECT_EQ(c.cluster_name, "Prod Cluster");
  EXPECT_EQ(c.num_tokens, 8);
  EXPECT_EQ(c.listen_address, "10.0.0.5");
  EXPECT_EQ(c.rpc_address, "0.0.0.0");
  EXPECT_EQ(c.native_transport_port, 19042);
  EXPECT_EQ(c.native_transport_max_frame_size_bytes, 32 * kMiB);
  EXPECT_EQ(c.native_transport_max_threads, 64);
  EXPECT_EQ(c.seed_provider.class_name, "org.apache.cassandra.locator.SimpleSeedProvider");
  EXPECT_EQ(c.seed_provider.seeds, "10.0.0.1:7000,10.0.0.2:7000");
  EXPECT_EQ(c.endpoint_snitch, "GossipingPropertyFileSnitch");
  EXPECT_EQ(c.authenticator, "AllowAllAuthenticator");
  EXPECT_EQ(c.authorizer, "AllowAllAuthorizer");
  EXPECT_EQ(c.data_file_directories, std::vector<std::string>{"/var/lib/cairn/data"});
  EXPECT_EQ(c.commitlog_directory, "/var/lib/cairn/commitlog");
  EXPECT_EQ(c.commitlog_sync, CommitLogSync::kPeriodic);
  EXPECT_EQ(c.commitlog_sync_period, milliseconds(2000));
  EXPECT_EQ(c.commitlog_sync_group_window, milliseconds(15));
  EXPECT_EQ(c.commitlog_segment_size_bytes, 64 * kMiB);
  EXPECT_EQ(c.commit_failure_policy, CommitFailurePolicy::kIgnore);
  EXPECT_EQ(c.memtable_heap_space_bytes, kGiB);
  EXPECT_EQ(c.batch_size_warn_threshold_bytes, 10 * kKiB);
  EXPECT_EQ(c.batch_size_fail_threshold_bytes, kMiB);
  EXPECT_FALSE(c.auto_snapshot);
  EXPECT_EQ(c.compaction_throughput_bytes_per_sec, 16 * kMiB);
  EXPECT_EQ(c.compaction_large_partition_warning_threshold_bytes, kGiB);
  EXPECT_EQ(c.log_file, "/var/log/cairn/cairn.log");
  EXPECT_EQ(c.log_level, LogLevel::kDebug);
  // The one warning: a group window Cairn parses but has no use for.
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "cairn.yaml: commitlog_sync_group_window is not used: Cairn's group mode starts the "
            "next fsync as soon as the previous one ends; ignored");
}

TEST(CairndConfigTest, EveryOldKeyTakesAPlainNumberAndIsDeprecated) {
  std::vector<std::string> warnings;
  NodeConfig c = parse_ok(R"(
native_transport_max_frame_size_in_mb: 32
commitlog_sync_period_in_ms: 2500
commitlog_sync_group_window_in_ms: 1.5
commitlog_segment_size_in_mb: 64
memtable_heap_space_in_mb: 128
batch_size_warn_threshold_in_kb: 10
batch_size_fail_threshold_in_kb: 100
compaction_throughput_mb_per_sec: 16
compaction_large_partition_warning_threshold_mb: 200
)",
                          &warnings);
  EXPECT_EQ(c.native_transport_max_frame_size_bytes, 32 * kMiB);
  EXPECT_EQ(c.commitlog_sync_period, milliseconds(2500));
  EXPECT_EQ(c.commitlog_sync_group_window, milliseconds(2));  // rounded, as Cassandra
  EXPECT_EQ(c.commitlog_segment_size_bytes, 64 * kMiB);
  EXPECT_EQ(c.memtable_heap_space_bytes, 128 * kMiB);
  EXPECT_EQ(c.batch_size_warn_threshold_bytes, 10 * kKiB);
  EXPECT_EQ(c.batch_size_fail_threshold_bytes, 100 * kKiB);
  EXPECT_EQ(c.compaction_throughput_bytes_per_sec, 16 * kMiB);
  EXPECT_EQ(c.compaction_large_partition_warning_threshold_bytes, 200 * kMiB);

  for (const char* expected : {
           "cairn.yaml: native_transport_max_frame_size_in_mb is deprecated; write "
           "native_transport_max_frame_size: 32MiB",
           "cairn.yaml: commitlog_sync_period_in_ms is deprecated; write "
           "commitlog_sync_period: 2500ms",
           "cairn.yaml: commitlog_sync_group_window_in_ms is deprecated; write "
           "commitlog_sync_group_window: 2ms",
           "cairn.yaml: commitlog_segment_size_in_mb is deprecated; write "
           "commitlog_segment_size: 64MiB",
           "cairn.yaml: memtable_heap_space_in_mb is deprecated; write memtable_heap_space: 128MiB",
           "cairn.yaml: batch_size_warn_threshold_in_kb is deprecated; write "
           "batch_size_warn_threshold: 10KiB",
           "cairn.yaml: batch_size_fail_threshold_in_kb is deprecated; write "
           "batch_size_fail_threshold: 100KiB",
           "cairn.yaml: compaction_throughput_mb_per_sec is deprecated; write "
           "compaction_throughput: 16MiB/s",
           "cairn.yaml: compaction_large_partition_warning_threshold_mb is deprecated; write "
           "compaction_large_partition_warning_threshold: 200MiB",
       }) {
    EXPECT_TRUE(has_warning(warnings, expected)) << expected;
  }
}

TEST(CairndConfigTest, OldAndNewSpellingOfOneSettingIsAnErrorNamingBoth) {
  struct Pair {
    const char* old_line;
    const char* new_line;
  };
  for (const Pair& p : std::vector<Pair>{
           {"native_transport_max_frame_size_in_mb: 16", "native_transport_max_frame_size: 16MiB"},
           {"commitlog_sync_period_in_ms: 10000", "commitlog_sync_period: 10s"},
           {"commitlog_sync_group_window_in_ms: 10", "commitlog_sync_group_window: 10ms"},
           {"commitlog_segment_size_in_mb: 32", "commitlog_segment_size: 32MiB"},
           {"memtable_heap_space_in_mb: 64", "memtable_heap_space: 64MiB"},
           {"batch_size_warn_threshold_in_kb: 5", "batch_size_warn_threshold: 5KiB"},
           {"batch_size_fail_threshold_in_kb: 50", "batch_size_fail_threshold: 50KiB"},
           {"compaction_throughput_mb_per_sec: 64", "compaction_throughput: 64MiB/s"},
           {"compaction_large_partition_warning_threshold_mb: 100",
            "compaction_large_partition_warning_threshold: 100MiB"},
       }) {
    std::string old_key(p.old_line, std::string_view(p.old_line).find(':'));
    std::string new_key(p.new_line, std::string_view(p.new_line).find(':'));
    std::string expected =
        "cairn.yaml: both " + old_key + " and " + new_key + " are set; keep only " + new_key;
    // In either order.
    EXPECT_EQ(parse_error(std::string(p.old_line) + "\n" + p.new_line + "\n"), expected);
    EXPECT_EQ(parse_error(std::string(p.new_line) + "\n" + p.old_line + "\n"), expected);
  }
}

// ---------------------------------------------------------------------------------
// Units.

TEST(CairndConfigTest, DataSizesTakeCassandrasUnitsAndCaseMatters) {
  auto warn_threshold = [](const std::string& value) {
    return parse_ok("batch_size_fail_threshold: 1GiB\nbatch_size_warn_threshold: " + value + "\n")
        .batch_size_warn_threshold_bytes;
  };
  EXPECT_EQ(warn_threshold("7KiB"), 7 * kKiB);
  EXPECT_EQ(warn_threshold("2MiB"), 2 * kMiB);
  EXPECT_EQ(warn_threshold("1GiB"), kGiB);
  EXPECT_EQ(warn_threshold("0"), 0u);  // a bare 0 is allowed, as in Cassandra
  EXPECT_EQ(warn_threshold("\"7KiB\""), 7 * kKiB);

  EXPECT_EQ(parse_error("batch_size_warn_threshold: 5 KB\n"),
            "cairn.yaml: batch_size_warn_threshold: '5 KB' is not a data size (use B, KiB, MiB "
            "or GiB, e.g. 5KiB)");
  for (const char* bad : {"5kib", "5KB", "5kb", "5 KiB", "5.5KiB", "KiB", "five"}) {
    EXPECT_TRUE(contains(parse_error(std::string("batch_size_warn_threshold: ") + bad + "\n"),
                         "is not a data size (use B, KiB, MiB or GiB"))
        << bad;
  }
  // Finer than the setting's smallest unit, as Cassandra's IntKibibytesBound.
  EXPECT_EQ(parse_error("batch_size_warn_threshold: 5120B\n"),
            "cairn.yaml: batch_size_warn_threshold: '5120B' is finer than KiB, the smallest unit "
            "batch_size_warn_threshold takes");
  EXPECT_EQ(parse_error("commitlog_segment_size: 32768KiB\n"),
            "cairn.yaml: commitlog_segment_size: '32768KiB' is finer than MiB, the smallest unit "
            "commitlog_segment_size takes");
  EXPECT_EQ(parse_error("batch_size_warn_threshold: 5\n"),
            "cairn.yaml: batch_size_warn_threshold: '5' has no unit (write 5KiB); a plain number "
            "belongs to the old key batch_size_warn_threshold_in_kb");
  EXPECT_EQ(parse_error("batch_size_warn_threshold: -5KiB\n"),
            "cairn.yaml: batch_size_warn_threshold: '-5KiB' is negative");
  // Below 2^31 of the smallest unit, as Cassandra's Int*Bound.
  EXPECT_EQ(parse_ok("batch_size_fail_threshold: 2147483646KiB\n").batch_size_fail_threshold_bytes,
            2147483646 * kKiB);
  EXPECT_EQ(parse_error("batch_size_fail_threshold: 2147483647KiB\n"),
            "cairn.yaml: batch_size_fail_threshold: '2147483647KiB' is too large (at most "
            "2147483646KiB)");
  EXPECT_TRUE(contains(parse_error("batch_size_fail_threshold: 2097152GiB\n"), "is too large"));
  EXPECT_TRUE(contains(parse_error("batch_size_fail_threshold: 99999999999999999999999KiB\n"),
                       "is too large"));
}

TEST(CairndConfigTest, DurationsTakeCassandrasUnits) {
  auto period = [](const std::string& value) {
    return parse_ok("commitlog_sync_period: " + value + "\n").commitlog_sync_period;
  };
  EXPECT_EQ(period("250ms"), milliseconds(250));
  EXPECT_EQ(period("10s"), milliseconds(10000));
  EXPECT_EQ(period("2m"), milliseconds(120000));
  EXPECT_EQ(period("1h"), milliseconds(3600000));
  EXPECT_EQ(period("1d"), milliseconds(86400000));

  EXPECT_EQ(parse_error("commitlog_sync_period: 10 seconds\n"),
            "cairn.yaml: commitlog_sync_period: '10 seconds' is not a duration (use ms, s, m, h "
            "or d, e.g. 10ms)");
  EXPECT_TRUE(contains(parse_error("commitlog_sync_period: 10S\n"), "is not a duration"));
  EXPECT_TRUE(contains(parse_error("commitlog_sync_period: 10sec\n"), "is not a duration"));
  // Cassandra's DurationSpec reads us, µs and ns, but every duration here is in ms.
  for (const char* fine : {"10000us", "10000µs", "5000000ns"}) {
    EXPECT_EQ(parse_error(std::string("commitlog_sync_period: ") + fine + "\n"),
              std::string("cairn.yaml: commitlog_sync_period: '") + fine +
                  "' is finer than ms, the smallest unit commitlog_sync_period takes");
  }
  // A duration always has a unit, even 0.
  EXPECT_EQ(parse_error("commitlog_sync_period: 10000\n"),
            "cairn.yaml: commitlog_sync_period: '10000' has no unit (write 10000ms); a plain "
            "number belongs to the old key commitlog_sync_period_in_ms");
  EXPECT_TRUE(contains(parse_error("commitlog_sync_period: 0\n"), "'0' has no unit"));
  EXPECT_EQ(parse_error("commitlog_sync_period: 25d\n"),
            "cairn.yaml: commitlog_sync_period: '25d' is too large (at most 2147483646ms)");
  EXPECT_EQ(parse_error("commitlog_sync_period: -1s\n"),
            "cairn.yaml: commitlog_sync_period: '-1s' is negative");
}

TEST(CairndConfigTest, RatesTakeCassandrasUnits) {
  auto throughput = [](const std::string& value) {
    return parse_ok("compaction_throughput: " + value + "\n").compaction_throughput_bytes_per_sec;
  };
  EXPECT_EQ(throughput("64MiB/s"), 64 * kMiB);
  EXPECT_EQ(throughput("512KiB/s"), 512 * kKiB);
  EXPECT_EQ(throughput("1000B/s"), 1000u);
  EXPECT_EQ(throughput("0"), 0u);  // unthrottled
  EXPECT_EQ(throughput("0MiB/s"), 0u);

  EXPECT_EQ(parse_error("compaction_throughput: 64MiB\n"),
            "cairn.yaml: compaction_throughput: '64MiB' is not a data rate (use B/s, KiB/s or "
            "MiB/s, e.g. 64MiB/s)");
  EXPECT_TRUE(contains(parse_error("compaction_throughput: 64mib/s\n"), "is not a data rate"));
  EXPECT_EQ(parse_error("compaction_throughput: 64\n"),
            "cairn.yaml: compaction_throughput: '64' has no unit (write 64MiB/s); a plain number "
            "belongs to the old key compaction_throughput_mb_per_sec");
  EXPECT_EQ(parse_error("compaction_throughput: 2147483647MiB/s\n"),
            "cairn.yaml: compaction_throughput: '2147483647MiB/s' is too large (at most "
            "2147483646MiB/s)");
}

TEST(CairndConfigTest, OldKeysRefuseUnitsNegativesAndFractions) {
  EXPECT_EQ(parse_error("batch_size_warn_threshold_in_kb: 5KiB\n"),
            "cairn.yaml: batch_size_warn_threshold_in_kb: expected a plain number of KiB, got "
            "'5KiB' (values with units go in batch_size_warn_threshold)");
  EXPECT_EQ(parse_error("commitlog_segment_size_in_mb: -1\n"),
            "cairn.yaml: commitlog_segment_size_in_mb: '-1' is negative");
  EXPECT_TRUE(contains(parse_error("commitlog_sync_period_in_ms: 1.5\n"),
                       "commitlog_sync_period_in_ms: expected a plain number of ms"));
  EXPECT_EQ(parse_error("commitlog_sync_period_in_ms: 2147483647\n"),
            "cairn.yaml: commitlog_sync_period_in_ms: '2147483647' is too large (at most "
            "2147483646ms)");
  EXPECT_EQ(parse_error("compaction_throughput_mb_per_sec: lots\n"),
            "cairn.yaml: compaction_throughput_mb_per_sec: expected a plain number of MiB/s, got "
            "'lots' (values with units go in compaction_throughput)");
  EXPECT_EQ(parse_error("commitlog_sync_group_window_in_ms: -0.5\n"),
            "cairn.yaml: commitlog_sync_group_window_in_ms: '-0.5' is negative");
  EXPECT_TRUE(contains(parse_error("commitlog_sync_group_window_in_ms: soon\n"),
                       "expected a number of milliseconds, got 'soon'"));
}

// ---------------------------------------------------------------------------------
// Errors name the file and the key.

TEST(CairndConfigTest, EveryBadValueNamesTheFileAndTheKey) {
  struct Case {
    const char* yaml;
    const char* key;  // the message starts with "cairn.yaml: <key>: "
  };
  for (const Case& c : std::vector<Case>{
           {"cluster_name: ''", "cluster_name"},
           {"cluster_name:", "cluster_name"},
           {"cluster_name: [a, b]", "cluster_name"},
           {"num_tokens: 0", "num_tokens"},
           {"num_tokens: 1537", "num_tokens"},
           {"num_tokens: many", "num_tokens"},
           {"num_tokens: 99999999999999999999", "num_tokens"},
           {"listen_address: 0.0.0.0", "listen_address"},
           {"listen_address: '::'", "listen_address"},
           {"rpc_address: {a: 1}", "rpc_address"},
           {"native_transport_port: 65536", "native_transport_port"},
           {"native_transport_port: -1", "native_transport_port"},
           {"native_transport_max_frame_size: 2048MiB", "native_transport_max_frame_size"},
           {"native_transport_max_frame_size: 0", "native_transport_max_frame_size"},
           {"native_transport_max_frame_size_in_mb: 4096", "native_transport_max_frame_size_in_mb"},
           {"native_transport_max_threads: 0", "native_transport_max_threads"},
           {"seed_provider: 127.0.0.1", "seed_provider"},
           {"seed_provider:\n  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
            "seed_provider"},
           {"seed_provider:\n  - class_name: com.example.K8SeedProvider\n    parameters:\n"
            "      - seeds: a",
            "seed_provider.class_name"},
           {"seed_provider:\n  - parameters:\n      - seeds: a", "seed_provider"},
           {"seed_provider:\n  - class_name: SimpleSeedProvider\n    seeds: a",
            "seed_provider.seeds"},
           {"endpoint_snitch: Ec2Snitch", "endpoint_snitch"},
           {"endpoint_snitch:", "endpoint_snitch"},
           {"partitioner: org.apache.cassandra.dht.RandomPartitioner", "partitioner"},
           {"authenticator: KerberosAuthenticator", "authenticator"},
           {"authenticator:\n  class_name: LdapAuthenticator", "authenticator"},
           {"authorizer: CassandraAuthorizer", "authorizer"},  // without PasswordAuthenticator
           {"authorizer: com.example.AclAuthorizer", "authorizer"},
           {"client_encryption_options:\n  enabled: true", "client_encryption_options.keystore"},
           {"client_encryption_options:\n  optional: true", "client_encryption_options.keystore"},
           {"client_encryption_options:\n  enabled: maybe", "client_encryption_options.enabled"},
           {"client_encryption_options:\n  colour: blue", "client_encryption_options.colour"},
           {"client_encryption_options: true", "client_encryption_options"},
           {"data_file_directories:\n  - /a\n  - /b", "data_file_directories"},
           {"data_file_directories: []", "data_file_directories"},
           {"data_file_directories: /a", "data_file_directories"},
           {"commitlog_directory: ./data", "commitlog_directory"},
           {"commitlog_sync: sometimes", "commitlog_sync"},
           {"commitlog_sync: Periodic", "commitlog_sync"},
           {"commitlog_sync_period: 0ms", "commitlog_sync_period"},
           {"commitlog_sync_period: 10", "commitlog_sync_period"},
           {"commitlog_sync_group_window: 1 ms", "commitlog_sync_group_window"},
           {"commitlog_segment_size: 2GiB", "commitlog_segment_size"},
           {"commitlog_segment_size: 0", "commitlog_segment_size"},
           {"commit_failure_policy: maybe", "commit_failure_policy"},
           {"memtable_heap_space: 0", "memtable_heap_space"},
           {"memtable_heap_space: 64KiB", "memtable_heap_space"},
           {"batch_size_warn_threshold: 5 KB", "batch_size_warn_threshold"},
           {"batch_size_fail_threshold: 1KiB", "batch_size_warn_threshold"},  // warn > fail
           {"auto_snapshot: maybe", "auto_snapshot"},
           {"compaction_throughput: fast", "compaction_throughput"},
           {"compaction_large_partition_warning_threshold: 100",
            "compaction_large_partition_warning_threshold"},
           {"compaction_large_partition_warning_threshold_mb: 1e3",
            "compaction_large_partition_warning_threshold_mb"},
           {"log_file: [a]", "log_file"},
           {"log_level: TRACE", "log_level"},
       }) {
    std::string message = parse_error(std::string(c.yaml) + "\n");
    EXPECT_TRUE(message.starts_with(std::string("cairn.yaml: ") + c.key + ": "))
        << c.yaml << "\n-> " << message;
  }
}

TEST(CairndConfigTest, AuthenticatorAndAuthorizerTakeShortOrQualifiedNames) {
  NodeConfig c = parse_ok(
      "authenticator: org.apache.cassandra.auth.PasswordAuthenticator\n"
      "authorizer: CassandraAuthorizer\n");
  EXPECT_EQ(c.authenticator, "PasswordAuthenticator");
  EXPECT_EQ(c.authorizer, "CassandraAuthorizer");
  c = parse_ok("authenticator:\n  class_name: PasswordAuthenticator\n");
  EXPECT_EQ(c.authenticator, "PasswordAuthenticator");
  EXPECT_EQ(c.authorizer, "AllowAllAuthorizer");
}

TEST(CairndConfigTest, MessagesSayWhatIsWrong) {
  EXPECT_EQ(parse_error("commitlog_sync: sometimes\n"),
            "cairn.yaml: commitlog_sync: expected one of periodic, group, batch, got 'sometimes'");
  EXPECT_EQ(parse_error("data_file_directories:\n  - /a\n  - /b\n"),
            "cairn.yaml: data_file_directories: only one data directory is supported, got 2");
  EXPECT_EQ(parse_error("authenticator: KerberosAuthenticator\n"),
            "cairn.yaml: authenticator: KerberosAuthenticator is not supported yet (use "
            "AllowAllAuthenticator or PasswordAuthenticator)");
  EXPECT_EQ(parse_error("authorizer: org.apache.cassandra.auth.CassandraAuthorizer\n"),
            "cairn.yaml: authorizer: CassandraAuthorizer needs authenticator: "
            "PasswordAuthenticator (with AllowAllAuthenticator every client is anonymous)");
  EXPECT_EQ(parse_error("endpoint_snitch: PropertyFileSnitch\n"),
            "cairn.yaml: endpoint_snitch: PropertyFileSnitch is not supported yet (use "
            "SimpleSnitch or GossipingPropertyFileSnitch)");
  EXPECT_EQ(parse_error("client_encryption_options:\n  enabled: true\n"),
            "cairn.yaml: client_encryption_options.keystore: no keystore: name the PEM file "
            "holding the node's private key and certificate");
  EXPECT_EQ(parse_error("num_tokens: 2000\n"),
            "cairn.yaml: num_tokens: 2000 is out of range (1 to 1536)");
  EXPECT_EQ(parse_error("auto_snapshot: maybe\n"),
            "cairn.yaml: auto_snapshot: expected true or false, got 'maybe'");
  EXPECT_EQ(parse_error("cluster_name:\n"), "cairn.yaml: cluster_name: has no value");
  EXPECT_EQ(parse_error("cluster_name: [a]\n"),
            "cairn.yaml: cluster_name: expected a single value, got a list");
  EXPECT_EQ(parse_error("listen_address: 0.0.0.0\n"),
            "cairn.yaml: listen_address: cannot be a wildcard address (0.0.0.0)");
  EXPECT_EQ(parse_error("commitlog_segment_size: 2GiB\n"),
            "cairn.yaml: commitlog_segment_size: must be below 2048MiB, got 2GiB");
  EXPECT_EQ(parse_error("log_level: TRACE\n"),
            "cairn.yaml: log_level: expected one of DEBUG, INFO, WARN, ERROR, got 'TRACE'");
}

TEST(CairndConfigTest, WarnThresholdAboveFailThresholdIsAnError) {
  EXPECT_EQ(parse_error("batch_size_warn_threshold: 60KiB\n"),
            "cairn.yaml: batch_size_warn_threshold: 60KiB is above batch_size_fail_threshold "
            "(50KiB)");
  // Named as written.
  EXPECT_TRUE(contains(parse_error("batch_size_warn_threshold_in_kb: 20\n"
                                   "batch_size_fail_threshold_in_kb: 10\n"),
                       "cairn.yaml: batch_size_warn_threshold_in_kb: 20KiB is above "
                       "batch_size_fail_threshold_in_kb (10KiB)"));
  // Equal is fine.
  EXPECT_EQ(parse_ok("batch_size_warn_threshold: 50KiB\n").batch_size_warn_threshold_bytes,
            50 * kKiB);
}

// ---------------------------------------------------------------------------------
// Keys Cairn does not read.

TEST(CairndConfigTest, UnknownKeyIsAnErrorAsInCassandra) {
  EXPECT_EQ(parse_error("cluster_name: x\nnot_a_setting: 1\n"),
            "cairn.yaml: not_a_setting: unknown key (line 2): neither a Cassandra nor a Cairn "
            "setting");
  // Keys Cassandra 4 removed are unknown to it too.
  EXPECT_TRUE(contains(parse_error("start_rpc: false\n"), "start_rpc: unknown key"));
  // Case matters.
  EXPECT_TRUE(contains(parse_error("Cluster_Name: x\n"), "Cluster_Name: unknown key"));
}

TEST(CairndConfigTest, CassandraSettingCairnDoesNotUseIsAWarning) {
  std::vector<std::string> warnings;
  NodeConfig c = parse_ok(R"(
concurrent_reads: 32
hints_directory: /var/lib/cassandra/hints
key_cache_size_in_mb: 100
key_cache_size:
server_encryption_options:
  internode_encryption: none
disk_failure_policy: stop
)",
                          &warnings);
  EXPECT_EQ(c, default_config());
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "cairn.yaml: concurrent_reads is a Cassandra setting Cairn does not use; "
                          "ignored",
                          "cairn.yaml: hints_directory is a Cassandra setting Cairn does not use; "
                          "ignored",
                          "cairn.yaml: key_cache_size_in_mb is a Cassandra setting Cairn does not "
                          "use; ignored",
                          "cairn.yaml: key_cache_size is a Cassandra setting Cairn does not use; "
                          "ignored",
                          "cairn.yaml: server_encryption_options is a Cassandra setting Cairn "
                          "does not use; ignored",
                          "cairn.yaml: disk_failure_policy is a Cassandra setting Cairn does not "
                          "use; ignored",
                      }));
}

// A Cassandra 4.1 style file, as an operator would bring it: Cairn reads what it knows,
// warns about the rest and refuses nothing.
TEST(CairndConfigTest, ACassandra41FileLoadsWithWarnings) {
  std::vector<std::string> warnings;
  NodeConfig c = parse_ok(R"(
cluster_name: 'Orders'
num_tokens: 16
allocate_tokens_for_local_replication_factor: 3
hinted_handoff_enabled: true
max_hint_window: 3h
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
role_manager: CassandraRoleManager
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
data_file_directories:
    - /var/lib/cassandra/data
commitlog_directory: /var/lib/cassandra/commitlog
commit_failure_policy: stop
prepared_statements_cache_size:
row_cache_size: 0MiB
saved_caches_directory: /var/lib/cassandra/saved_caches
commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 32MiB
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "10.1.0.1:7000"
concurrent_writes: 32
memtable_allocation_type: heap_buffers
storage_port: 7000
listen_address: 10.1.0.7
start_native_transport: true
native_transport_port: 9042
rpc_address: 10.1.0.7
auto_snapshot: true
column_index_size: 64KiB
compaction_throughput: 64MiB/s
read_request_timeout: 5000ms
endpoint_snitch: GossipingPropertyFileSnitch
client_encryption_options:
  enabled: false
  keystore: conf/.keystore
  keystore_password: cassandra
  require_client_auth: false
batch_size_warn_threshold: 5KiB
batch_size_fail_threshold: 50KiB
compaction_large_partition_warning_threshold: 100MiB
audit_logging_options:
  enabled: false
)",
                          &warnings);
  EXPECT_EQ(c.cluster_name, "Orders");
  EXPECT_EQ(c.data_file_directories, std::vector<std::string>{"/var/lib/cassandra/data"});
  EXPECT_EQ(c.commitlog_directory, "/var/lib/cassandra/commitlog");
  EXPECT_EQ(c.listen_address, "10.1.0.7");
  EXPECT_EQ(c.seed_provider.seeds, "10.1.0.1:7000");
  EXPECT_EQ(c.endpoint_snitch, "GossipingPropertyFileSnitch");
  EXPECT_EQ(warnings.size(), 14u);
  EXPECT_TRUE(has_warning(warnings, "role_manager is a Cassandra setting Cairn does not use"));
  EXPECT_TRUE(has_warning(warnings, "prepared_statements_cache_size is a Cassandra setting"));
}

// ---------------------------------------------------------------------------------
// The YAML itself.

TEST(CairndConfigTest, YamlSyntaxErrorNamesTheLine) {
  std::string message = parse_error("cluster_name: x\nnum_tokens: [16\nauto_snapshot: true\n");
  EXPECT_TRUE(message.starts_with("cairn.yaml: line ")) << message;
  EXPECT_TRUE(contains(message, "YAML syntax error")) << message;

  EXPECT_EQ(parse_error("cluster_name: x\n  num_tokens: 16\n"),
            "cairn.yaml: line 2, column 13: YAML syntax error: illegal map value");
  EXPECT_TRUE(parse_error("cluster_name: x\n\tnum_tokens: 16\n").starts_with("cairn.yaml: line 2"));
}

// Odd YAML either parses or fails with InvalidArgument; nothing throws or crashes.
TEST(CairndConfigTest, OddYamlIsRefusedCleanly) {
  for (const char* text : {
           "{",
           "}",
           "[",
           "- - -",
           "? [a, b]\n: c\n",
           "cluster_name: *undefined\n",
           "a: &x 1\nb: *x\n",
           "cluster_name: !!binary aGVsbG8=\n",
           "\xff\xfe\x00\x01",
           "seed_provider: [[], []]\n",
           "seed_provider:\n  - class_name: [a]\n",
           "seed_provider:\n  - class_name: SimpleSeedProvider\n    parameters: [[a]]\n",
           "seed_provider:\n  - {? [a] : b}\n",
           "client_encryption_options: {? [a] : b}\n",
           "data_file_directories: [[a]]\n",
           "data_file_directories: [{a: b}]\n",
           "authenticator: {parameters: {a: b}}\n",
           "authenticator: {class_name: [x]}\n",
           "cluster_name: |\n  two\n  lines\n",
           "num_tokens: 0x10\n",
           "num_tokens: 1_6\n",
           "native_transport_port: 9042.0\n",
           "batch_size_warn_threshold: 0x5KiB\n",
           "commitlog_sync_group_window_in_ms: nan\n",
           "commitlog_sync_group_window_in_ms: inf\n",
           "commitlog_sync_group_window_in_ms: 1e300\n",
           "---\ncluster_name: a\n---\nb: c\n",
       }) {
    Result<NodeConfig> r = parse(text);
    if (!r.is_ok()) {
      EXPECT_TRUE(r.status().is_invalid_argument()) << text << " -> " << r.status().to_string();
      EXPECT_TRUE(r.status().message().starts_with("cairn.yaml: ")) << r.status().to_string();
    }
  }
}

TEST(CairndConfigTest, OneDocumentOnly) {
  EXPECT_EQ(parse_ok("---\ncluster_name: a\n").cluster_name, "a");
  EXPECT_EQ(parse_error("cluster_name: a\n---\ncluster_name: b\n"),
            "cairn.yaml: line 3: a second YAML document (after '---'); a config file holds one");
}

TEST(CairndConfigTest, KeyGivenTwiceIsAnError) {
  EXPECT_EQ(parse_error("cluster_name: a\nnum_tokens: 4\ncluster_name: b\n"),
            "cairn.yaml: cluster_name: given twice (lines 1 and 3)");
}

TEST(CairndConfigTest, TopLevelMustBeKeysAndValues) {
  EXPECT_EQ(parse_error("- cluster_name\n"),
            "cairn.yaml: expected `key: value` settings, found a list");
  EXPECT_EQ(parse_error("just words\n"),
            "cairn.yaml: expected `key: value` settings, found a single value");
}

TEST(CairndConfigTest, BooleansAsSnakeYamlReadsThem) {
  for (const char* yes : {"true", "True", "TRUE", "yes", "on"})
    EXPECT_TRUE(parse_ok(std::string("auto_snapshot: ") + yes + "\n").auto_snapshot) << yes;
  for (const char* no : {"false", "False", "no", "NO", "off"})
    EXPECT_FALSE(parse_ok(std::string("auto_snapshot: ") + no + "\n").auto_snapshot) << no;
  EXPECT_TRUE(contains(parse_error("auto_snapshot: 1\n"), "expected true or false, got '1'"));
}

TEST(CairndConfigTest, EmptyValueKeepsTheDefaultWhereCassandrasDefaultIsNull) {
  std::vector<std::string> warnings;
  NodeConfig c = parse_ok(
      "listen_address:\nrpc_address:\ncommitlog_directory:\nmemtable_heap_space:\n"
      "authenticator:\nauthorizer:\npartitioner:\nlog_file:\n",
      &warnings);
  EXPECT_EQ(c, default_config());
  EXPECT_TRUE(warnings.empty());
  for (const char* key :
       {"cluster_name", "num_tokens", "native_transport_port", "commitlog_sync",
        "commitlog_sync_period", "batch_size_warn_threshold", "auto_snapshot",
        "data_file_directories", "seed_provider", "client_encryption_options", "log_level"}) {
    EXPECT_EQ(parse_error(std::string(key) + ":\n"),
              std::string("cairn.yaml: ") + key + ": has no value");
  }
}

// ---------------------------------------------------------------------------------
// Settings with rules of their own.

TEST(CairndConfigTest, CommitlogDirectoryDefaultsToOneInsideTheDataDirectory) {
  EXPECT_EQ(parse_ok("data_file_directories:\n  - /srv/cairn/\n").commitlog_directory,
            "/srv/cairn/commitlog");
  EXPECT_EQ(parse_ok("data_file_directories: [/srv/cairn]\ncommitlog_directory: /fast/cl\n")
                .commitlog_directory,
            "/fast/cl");
  EXPECT_EQ(parse_error("data_file_directories: [/srv/cairn]\ncommitlog_directory: /srv/cairn/\n"),
            "cairn.yaml: commitlog_directory: must not be the data directory (/srv/cairn/)");
}

TEST(CairndConfigTest, CommitlogSyncPeriodBelongsToPeriodicOnly) {
  EXPECT_EQ(parse_ok("commitlog_sync: batch\n").commitlog_sync, CommitLogSync::kBatch);
  EXPECT_EQ(parse_ok("commitlog_sync: group\n").commitlog_sync, CommitLogSync::kGroup);
  // As Cassandra: "Batch sync specified, but commitlog_sync_period found".
  EXPECT_EQ(parse_error("commitlog_sync: batch\ncommitlog_sync_period: 10s\n"),
            "cairn.yaml: commitlog_sync_period: only commitlog_sync: periodic uses it, and "
            "commitlog_sync is batch; remove it");
  EXPECT_TRUE(contains(parse_error("commitlog_sync_period_in_ms: 100\ncommitlog_sync: group\n"),
                       "cairn.yaml: commitlog_sync_period_in_ms: only commitlog_sync: periodic "
                       "uses it, and commitlog_sync is group"));
  EXPECT_EQ(parse_error("commitlog_sync_period: 0ms\n"),
            "cairn.yaml: commitlog_sync_period: must be more than 0ms with commitlog_sync: "
            "periodic");

  std::vector<std::string> warnings;
  NodeConfig group =
      parse_ok("commitlog_sync: group\ncommitlog_sync_group_window: 2ms\n", &warnings);
  EXPECT_EQ(group.commitlog_sync_group_window, milliseconds(2));
  EXPECT_TRUE(has_warning(warnings, "commitlog_sync_group_window is not used"));
  warnings.clear();
  parse_ok("commitlog_sync: group\ncommitlog_sync_group_window: 0ms\n", &warnings);
  EXPECT_TRUE(warnings.empty());
}

TEST(CairndConfigTest, CommitFailurePolicyMapsToThePoliciesCairnHas) {
  std::vector<std::string> warnings;
  EXPECT_EQ(parse_ok("commit_failure_policy: stop\n", &warnings).commit_failure_policy,
            CommitFailurePolicy::kStop);
  EXPECT_EQ(parse_ok("commit_failure_policy: ignore\n", &warnings).commit_failure_policy,
            CommitFailurePolicy::kIgnore);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(parse_ok("commit_failure_policy: die\n", &warnings).commit_failure_policy,
            CommitFailurePolicy::kStop);
  EXPECT_EQ(parse_ok("commit_failure_policy: stop_commit\n", &warnings).commit_failure_policy,
            CommitFailurePolicy::kStop);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "cairn.yaml: commit_failure_policy: 'die' acts as 'stop' in Cairn",
                          "cairn.yaml: commit_failure_policy: 'stop_commit' acts as 'stop' in "
                          "Cairn"}));
}

TEST(CairndConfigTest, ClassNamesShortOrQualified) {
  EXPECT_EQ(parse_ok("endpoint_snitch: org.apache.cassandra.locator.GossipingPropertyFileSnitch\n")
                .endpoint_snitch,
            "GossipingPropertyFileSnitch");
  EXPECT_EQ(parse_ok("endpoint_snitch: SimpleSnitch\n").endpoint_snitch, "SimpleSnitch");
  EXPECT_EQ(
      parse_ok("authenticator: org.apache.cassandra.auth.AllowAllAuthenticator\n").authenticator,
      "AllowAllAuthenticator");
  // Cassandra 5's map form.
  EXPECT_EQ(parse_ok("authenticator:\n  class_name: AllowAllAuthenticator\n").authenticator,
            "AllowAllAuthenticator");
  EXPECT_EQ(parse_ok("authorizer: org.apache.cassandra.auth.AllowAllAuthorizer\n").authorizer,
            "AllowAllAuthorizer");
  parse_ok("partitioner: Murmur3Partitioner\n");
  // Another package's class of the same short name is not Cassandra's.
  EXPECT_TRUE(
      contains(parse_error("endpoint_snitch: com.example.SimpleSnitch\n"), "is not supported yet"));
}

TEST(CairndConfigTest, SeedProviderInCassandrasShapes) {
  // The list-of-maps shape of cassandra.yaml, and the maps unwrapped.
  EXPECT_EQ(parse_ok("seed_provider:\n"
                     "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n"
                     "    parameters:\n"
                     "      - seeds: \"a:7000, b:7000\"\n")
                .seed_provider.seeds,
            "a:7000, b:7000");
  EXPECT_EQ(parse_ok("seed_provider:\n"
                     "  class_name: SimpleSeedProvider\n"
                     "  parameters:\n"
                     "    seeds: 10.0.0.1\n")
                .seed_provider,
            (SeedProviderConfig{"org.apache.cassandra.locator.SimpleSeedProvider", "10.0.0.1"}));
  std::vector<std::string> warnings;
  parse_ok(
      "seed_provider:\n"
      "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n"
      "    parameters:\n"
      "      - seeds: a\n"
      "        resolve: true\n",
      &warnings);
  EXPECT_EQ(warnings,
            std::vector<std::string>{"cairn.yaml: seed_provider.parameters.resolve is not used by "
                                     "SimpleSeedProvider; ignored"});
  EXPECT_EQ(parse_error("seed_provider:\n  - class_name: SimpleSeedProvider\n"),
            "cairn.yaml: seed_provider: needs parameters: - seeds: \"<host>,<host>\"");
}

TEST(CairndConfigTest, ClientEncryptionOptionsDisabledIsAccepted) {
  std::vector<std::string> warnings;
  EXPECT_EQ(parse_ok("client_encryption_options:\n"
                     "  enabled: false\n"
                     "  optional: false\n"
                     "  keystore: conf/.keystore\n"
                     "  keystore_password: cassandra\n"
                     "  require_client_auth: false\n"
                     "  cipher_suites: [TLS_AES_256_GCM_SHA384]\n",
                     &warnings),
            default_config());
  EXPECT_TRUE(warnings.empty());
}

TEST(CairndConfigTest, LogSettings) {
  NodeConfig c = parse_ok("log_file: /tmp/cairn.log\nlog_level: warn\n");
  EXPECT_EQ(c.log_file, "/tmp/cairn.log");
  EXPECT_EQ(c.log_level, LogLevel::kWarn);
  EXPECT_EQ(parse_ok("log_level: ERROR\n").log_level, LogLevel::kError);
  EXPECT_EQ(parse_ok("log_file: ''\n").log_file, "");
}

TEST(CairndConfigTest, PortZeroLetsTheOsPick) {
  EXPECT_EQ(parse_ok("native_transport_port: 0\n").native_transport_port, 0);
  EXPECT_EQ(parse_ok("native_transport_port: 65535\n").native_transport_port, 65535);
}

// ---------------------------------------------------------------------------------
// Into the Database.

TEST(CairndConfigTest, ToDatabaseOptionsCarriesEveryStorageSetting) {
  NodeConfig c = parse_ok(R"(
data_file_directories: [/srv/data]
commitlog_directory: /srv/commitlog
commitlog_sync: batch
commitlog_segment_size: 8MiB
commit_failure_policy: ignore
memtable_heap_space: 16MiB
batch_size_warn_threshold: 1KiB
batch_size_fail_threshold: 2KiB
auto_snapshot: false
compaction_throughput: 1MiB/s
compaction_large_partition_warning_threshold: 10MiB
)");
  DatabaseOptions o = c.to_database_options();
  EXPECT_EQ(o.data_directory, "/srv/data");
  EXPECT_EQ(o.commitlog_directory, "/srv/commitlog");
  EXPECT_EQ(o.commitlog_sync, CommitLogSync::kBatch);
  EXPECT_EQ(o.commitlog_sync_period, milliseconds(10000));
  EXPECT_EQ(o.commitlog_segment_size_bytes, 8 * kMiB);
  EXPECT_EQ(o.commit_failure_policy, CommitFailurePolicy::kIgnore);
  EXPECT_EQ(o.memtable_flush_threshold_bytes, 16 * kMiB);
  EXPECT_EQ(o.batch_size_warn_threshold_bytes, kKiB);
  EXPECT_EQ(o.batch_size_fail_threshold_bytes, 2 * kKiB);
  EXPECT_FALSE(o.auto_snapshot);
  EXPECT_EQ(o.compaction_throughput_bytes_per_sec, kMiB);
  EXPECT_EQ(o.compaction_large_partition_warning_threshold_bytes, 10 * kMiB);
  EXPECT_EQ(o.logger, nullptr);
  // The node's writers are its I/O threads: more memtables may queue before they wait
  // than the embedded default lets.
  EXPECT_EQ(o.max_pending_flushes, 4u);
  EXPECT_GT(o.max_pending_flushes, DatabaseOptions{}.max_pending_flushes);

  // The defaults agree with DatabaseOptions' own, but for the commitlog directory,
  // which the config resolves.
  DatabaseOptions from_defaults = default_config().to_database_options();
  DatabaseOptions plain;
  EXPECT_EQ(from_defaults.data_directory, plain.data_directory);
  EXPECT_EQ(from_defaults.commitlog_directory, "./data/commitlog");
  EXPECT_EQ(from_defaults.commitlog_sync, plain.commitlog_sync);
  EXPECT_EQ(from_defaults.commitlog_sync_period, plain.commitlog_sync_period);
  EXPECT_EQ(from_defaults.commitlog_segment_size_bytes, plain.commitlog_segment_size_bytes);
  EXPECT_EQ(from_defaults.memtable_flush_threshold_bytes, plain.memtable_flush_threshold_bytes);
  EXPECT_EQ(from_defaults.batch_size_warn_threshold_bytes, plain.batch_size_warn_threshold_bytes);
  EXPECT_EQ(from_defaults.batch_size_fail_threshold_bytes, plain.batch_size_fail_threshold_bytes);
  EXPECT_EQ(from_defaults.compaction_throughput_bytes_per_sec,
            plain.compaction_throughput_bytes_per_sec);
  EXPECT_EQ(from_defaults.compaction_large_partition_warning_threshold_bytes,
            plain.compaction_large_partition_warning_threshold_bytes);
  EXPECT_EQ(from_defaults.auto_snapshot, plain.auto_snapshot);
}

// ---------------------------------------------------------------------------------
// Files.

TEST(CairndConfigTest, LoadConfigReadsTheFileAndNamesItInMessages) {
  MemFileSystem fs;
  ASSERT_TRUE(fs.create_dirs("/etc/cairn").is_ok());
  ASSERT_TRUE(write_file_atomically(fs, "/etc/cairn/cairn.yaml",
                                    "cluster_name: Loaded\nconcurrent_reads: 8\n")
                  .is_ok());
  std::vector<std::string> warnings;
  Result<NodeConfig> c = load_config(fs, "/etc/cairn/cairn.yaml", &warnings);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->cluster_name, "Loaded");
  EXPECT_EQ(warnings, std::vector<std::string>{"/etc/cairn/cairn.yaml: concurrent_reads is a "
                                               "Cassandra setting Cairn does not use; ignored"});

  ASSERT_TRUE(write_file_atomically(fs, "/etc/cairn/bad.yaml", "num_tokens: 0\n").is_ok());
  Result<NodeConfig> bad = load_config(fs, "/etc/cairn/bad.yaml", nullptr);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().message(),
            "/etc/cairn/bad.yaml: num_tokens: 0 is out of range (1 to 1536)");

  Result<NodeConfig> missing = load_config(fs, "/etc/cairn/none.yaml", nullptr);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_TRUE(contains(missing.status().message(), "/etc/cairn/none.yaml"))
      << missing.status().to_string();
}

TEST(CairndConfigTest, LoadConfigRefusesAHugeFile) {
  MemFileSystem fs;
  ASSERT_TRUE(write_file_atomically(fs, "/big.yaml", std::string((16u << 20) + 1, '#')).is_ok());
  Result<NodeConfig> r = load_config(fs, "/big.yaml", nullptr);
  ASSERT_FALSE(r.is_ok());
  EXPECT_TRUE(contains(r.status().message(), "too large for a config file"));
}

TEST(CairndConfigTest, LoadConfigReadsTheSampleFileFromDisk) {
  std::vector<std::string> warnings;
  Result<NodeConfig> c = load_config(std::string(CAIRN_SOURCE_DIR) + "/conf/cairn.yaml", &warnings);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(*c, default_config());
  EXPECT_TRUE(warnings.empty());
}

// ---------------------------------------------------------------------------------
// client_encryption_options with real key material (made by the openssl command).

class ClientEncryptionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new cairn::testing::TempDir;
    Status made = cairn::testing::make_test_certificates(dir_->path(), &certs_);
    ASSERT_TRUE(made.is_ok()) << made.to_string();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // client_encryption_options with TLS enabled, this keystore and these other lines.
  static std::string tls_yaml(const std::string& keystore, const std::string& more = "") {
    return "client_encryption_options:\n  enabled: true\n  keystore: " + keystore + "\n" + more;
  }
  static std::string write_file(const std::string& name, const std::string& text) {
    const std::string path = certs_.path(name);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
  }
  static std::string read_file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static inline cairn::testing::TempDir* dir_ = nullptr;
  static inline cairn::testing::TestCertificates certs_;
};

TEST_F(ClientEncryptionTest, PemKeystoreTruststoreProtocolsAndSuitesAreRead) {
  std::vector<std::string> warnings;
  const std::string yaml = R"(client_encryption_options:
  enabled: true
  optional: false
  ssl_context_factory:
    class_name: org.apache.cassandra.security.PEMBasedSslContextFactory
  keystore: KEYSTORE
  truststore: TRUSTSTORE
  require_client_auth: true
  require_endpoint_verification: false
  store_type: PEM
  protocol: TLS
  accepted_protocols: [TLSv1.2, TLSv1.3]
  cipher_suites:
    - TLS_AES_256_GCM_SHA384
    - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
)";
  std::string text = yaml;
  text.replace(text.find("KEYSTORE"), 8, certs_.keystore);
  text.replace(text.find("TRUSTSTORE"), 10, certs_.ca);
  NodeConfig c = parse_ok(text, &warnings);
  const cql::TlsOptions& tls = c.client_encryption_options;
  EXPECT_TRUE(tls.enabled);
  EXPECT_FALSE(tls.optional);
  EXPECT_EQ(tls.keystore, certs_.keystore);
  EXPECT_EQ(tls.keystore_password, "");
  EXPECT_EQ(tls.truststore, certs_.ca);
  EXPECT_TRUE(tls.require_client_auth);
  EXPECT_EQ(tls.min_protocol, cql::TlsVersion::kTls12);
  EXPECT_EQ(tls.max_protocol, cql::TlsVersion::kTls13);
  EXPECT_EQ(tls.cipher_suites,
            (std::vector<std::string>{"TLS_AES_256_GCM_SHA384",
                                      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}));
  EXPECT_TRUE(warnings.empty()) << warnings.front();
}

TEST_F(ClientEncryptionTest, OptionalServesTlsEvenWhenNotEnabled) {
  NodeConfig c = parse_ok(
      "client_encryption_options:\n  enabled: false\n  optional: true\n"
      "  keystore: " +
      certs_.keystore + "\n");
  EXPECT_TRUE(c.client_encryption_options.enabled);
  EXPECT_TRUE(c.client_encryption_options.optional);
  // Neither: the key material is not even looked at, as in Cassandra.
  EXPECT_EQ(parse_ok("client_encryption_options:\n  enabled: false\n  keystore: /nonexistent\n")
                .client_encryption_options,
            cql::TlsOptions{});
}

TEST_F(ClientEncryptionTest, EncryptedKeystoreNeedsItsPassword) {
  NodeConfig c = parse_ok(tls_yaml(certs_.encrypted_keystore, std::string("  keystore_password: ") +
                                                                  certs_.kKeystorePassword + "\n"));
  EXPECT_EQ(c.client_encryption_options.keystore_password, certs_.kKeystorePassword);
  EXPECT_EQ(parse_error(tls_yaml(certs_.encrypted_keystore)),
            "cairn.yaml: client_encryption_options.keystore: " + certs_.encrypted_keystore +
                ": the private key is encrypted; set keystore_password");
  const std::string wrong =
      parse_error(tls_yaml(certs_.encrypted_keystore, "  keystore_password: wrong\n"));
  EXPECT_TRUE(wrong.starts_with(
      "cairn.yaml: client_encryption_options.keystore_password: " + certs_.encrypted_keystore +
      ": cannot decrypt the private key with keystore_password"))
      << wrong;
}

TEST_F(ClientEncryptionTest, BadKeyMaterialIsAnErrorNamingTheKeyAndTheFile) {
  const std::string missing = certs_.path("missing.pem");
  EXPECT_EQ(parse_error(tls_yaml(missing)),
            "cairn.yaml: client_encryption_options.keystore: " + missing +
                ": cannot open: No such file or directory");
  EXPECT_EQ(parse_error(tls_yaml(certs_.dir)), "cairn.yaml: client_encryption_options.keystore: " +
                                                   certs_.dir + ": cannot read: Is a directory");
  // A certificate alone, a key alone, a key that is not the certificate's.
  EXPECT_EQ(parse_error(tls_yaml(certs_.server_cert)),
            "cairn.yaml: client_encryption_options.keystore: " + certs_.server_cert +
                ": no PEM private key in it (a keystore holds the private key, then the "
                "certificate chain)");
  EXPECT_EQ(parse_error(tls_yaml(certs_.server_key)),
            "cairn.yaml: client_encryption_options.keystore: " + certs_.server_key +
                ": no PEM certificate in it (a keystore holds the private key, then the "
                "certificate chain)");
  const std::string mismatched = write_file(
      "mismatched.pem", read_file_text(certs_.client_key) + read_file_text(certs_.server_cert));
  const std::string message = parse_error(tls_yaml(mismatched));
  EXPECT_TRUE(message.starts_with("cairn.yaml: client_encryption_options.keystore: " + mismatched +
                                  ": the private key does not match"))
      << message;
  // A certificate whose base64 is damaged.
  std::string damaged_text = read_file_text(certs_.keystore);
  const size_t body = damaged_text.find("-----BEGIN CERTIFICATE-----\n") + 40;
  damaged_text.replace(body, 8, "!!!!!!!!");
  const std::string damaged = write_file("damaged.pem", damaged_text);
  const std::string damaged_message = parse_error(tls_yaml(damaged));
  EXPECT_TRUE(damaged_message.starts_with("cairn.yaml: client_encryption_options.keystore: " +
                                          damaged + ": certificate 1 is not valid PEM: "))
      << damaged_message;

  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  truststore: " + certs_.server_key + "\n")),
            "cairn.yaml: client_encryption_options.truststore: " + certs_.server_key +
                ": no PEM certificate in it");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  truststore: " + missing + "\n")),
            "cairn.yaml: client_encryption_options.truststore: " + missing +
                ": cannot open: No such file or directory");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  require_client_auth: true\n")),
            "cairn.yaml: client_encryption_options.truststore: require_client_auth needs a "
            "truststore: the PEM file of the CA certificates client certificates are verified "
            "against");
}

TEST_F(ClientEncryptionTest, ProtocolVersions) {
  auto versions = [&](const std::string& more, std::vector<std::string>* warnings = nullptr) {
    const cql::TlsOptions tls =
        parse_ok(tls_yaml(certs_.keystore, more), warnings).client_encryption_options;
    return std::make_pair(std::string(cql::tls_version_name(tls.min_protocol)),
                          std::string(cql::tls_version_name(tls.max_protocol)));
  };
  using V = std::pair<std::string, std::string>;
  EXPECT_EQ(versions(""), V("TLSv1.2", "TLSv1.3"));
  EXPECT_EQ(versions("  protocol: TLS\n"), V("TLSv1.2", "TLSv1.3"));
  EXPECT_EQ(versions("  protocol: TLSv1.3\n"), V("TLSv1.3", "TLSv1.3"));
  EXPECT_EQ(versions("  accepted_protocols: [TLSv1.3]\n"), V("TLSv1.3", "TLSv1.3"));
  EXPECT_EQ(versions("  protocol: TLSv1.2\n  accepted_protocols: [TLSv1.2, TLSv1.3]\n"),
            V("TLSv1.2", "TLSv1.3"));
  std::vector<std::string> warnings;
  EXPECT_EQ(versions("  accepted_protocols: [TLSv1.1, TLSv1.2]\n", &warnings),
            V("TLSv1.2", "TLSv1.2"));
  EXPECT_EQ(warnings, std::vector<std::string>{
                          "cairn.yaml: client_encryption_options.accepted_protocols: TLSv1.1 is "
                          "not accepted: Cairn speaks TLSv1.2 and TLSv1.3 only"});

  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  accepted_protocols: [TLSv1, TLSv1.1]\n")),
            "cairn.yaml: client_encryption_options.accepted_protocols: accepts neither TLSv1.2 "
            "nor TLSv1.3");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  accepted_protocols: [TLSv9]\n")),
            "cairn.yaml: client_encryption_options.accepted_protocols: unknown protocol 'TLSv9' "
            "(expected TLSv1.2 or TLSv1.3)");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  accepted_protocols: TLSv1.2\n")),
            "cairn.yaml: client_encryption_options.accepted_protocols: expected a list, e.g. "
            "[TLSv1.2, TLSv1.3]");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore,
                                 "  protocol: TLSv1.2\n  accepted_protocols: [TLSv1.3]\n")),
            "cairn.yaml: client_encryption_options.protocol: TLSv1.2 is not among "
            "accepted_protocols");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  protocol: TLSv1.1\n")),
            "cairn.yaml: client_encryption_options.protocol: 'TLSv1.1' is not supported "
            "(expected TLS, TLSv1.2 or TLSv1.3; Cairn speaks TLS 1.2 and newer only)");
}

TEST_F(ClientEncryptionTest, CipherSuites) {
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  cipher_suites: [NOT_A_SUITE]\n")),
            "cairn.yaml: client_encryption_options.cipher_suites: 'NOT_A_SUITE' is not a cipher "
            "suite this OpenSSL knows");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore,
                                 "  cipher_suites: [TLS_AES_128_GCM_SHA256]\n"
                                 "  accepted_protocols: [TLSv1.2]\n")),
            "cairn.yaml: client_encryption_options.cipher_suites: has no suite for TLSv1.2, the "
            "only protocol accepted");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore,
                                 "  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n"
                                 "  protocol: TLSv1.3\n")),
            "cairn.yaml: client_encryption_options.cipher_suites: has no suite for TLSv1.3, the "
            "only protocol accepted");
  // Java's and OpenSSL's names of one suite, and Java's signalling value, are accepted.
  EXPECT_EQ(
      parse_ok(tls_yaml(certs_.keystore,
                        "  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "
                        "ECDHE-ECDSA-AES256-GCM-SHA384, TLS_EMPTY_RENEGOTIATION_INFO_SCSV]\n"))
          .client_encryption_options.cipher_suites.size(),
      3u);
}

TEST_F(ClientEncryptionTest, JavaOnlySettings) {
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  store_type: JKS\n")),
            "cairn.yaml: client_encryption_options.store_type: JKS is not supported: Cairn reads "
            "PEM files only (convert the store with openssl, see docs/operations/tls.md)");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore,
                                 "  ssl_context_factory:\n"
                                 "    class_name: DefaultSslContextFactory\n")),
            "cairn.yaml: client_encryption_options.ssl_context_factory: DefaultSslContextFactory "
            "is not supported: Cairn reads PEM files only "
            "(org.apache.cassandra.security.PEMBasedSslContextFactory)");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore,
                                 "  ssl_context_factory:\n"
                                 "    class_name: PEMBasedSslContextFactory\n"
                                 "    parameters:\n"
                                 "      private_key: abc\n")),
            "cairn.yaml: client_encryption_options.ssl_context_factory.parameters: inline PEM "
            "(private_key, trusted_certificates) is not supported yet: put the PEM in the files "
            "named by keystore and truststore");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  keystore_password_file: /etc/pw\n")),
            "cairn.yaml: client_encryption_options.keystore_password_file: is not supported yet "
            "(write keystore_password)");
  EXPECT_EQ(parse_error(tls_yaml(certs_.keystore, "  require_client_auth: optional\n")),
            "cairn.yaml: client_encryption_options.require_client_auth: expected true or false, "
            "got 'optional'");
  std::vector<std::string> warnings;
  parse_ok(tls_yaml(certs_.keystore, "  algorithm: SunX509\n  truststore_password: cassandra\n"),
           &warnings);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "cairn.yaml: client_encryption_options.algorithm: a Java key manager "
                          "setting; ignored",
                          "cairn.yaml: client_encryption_options.truststore_password: a PEM "
                          "truststore has no password; ignored"}));
}

}  // namespace
TEST(CairndConfigTest, AdminApiAddressAndPort) {
  EXPECT_EQ(default_config().api_address, "127.0.0.1");
  EXPECT_EQ(default_config().api_port, 10000);
  NodeConfig c = parse_ok("api_address: ::1\napi_port: 10001\n");
  EXPECT_EQ(c.api_address, "::1");
  EXPECT_EQ(c.api_port, 10001);
  EXPECT_EQ(parse_ok("api_address: 10.1.2.3\napi_port: 0\n").api_port, 0);
  EXPECT_EQ(parse_error("api_address: localhost\n"),
            "cairn.yaml: api_address: must be an IP address, got 'localhost'");
  EXPECT_EQ(parse_error("api_port: 70000\n").find("cairn.yaml: api_port: "), 0u);
  EXPECT_EQ(parse_error("api_port: 9042\n"),
            "cairn.yaml: api_port: 9042 is also native_transport_port");
}

}  // namespace cairn::tools
