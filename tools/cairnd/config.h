// NodeConfig: what `cairnd --config cairn.yaml` reads (DESIGN.md section 6).
//
// The file is YAML whose keys are Cassandra's own, so an operator's cassandra.yaml
// mostly works unchanged. The rules follow Cassandra 4.1's loader:
//  - Values with units, as Cassandra 4.1 writes them, and case matters:
//      data sizes  B, KiB, MiB, GiB           5KiB, 32MiB   (a bare 0 is allowed)
//      durations   d, h, m, s, ms (us, ns)    10s, 500ms    (always with a unit)
//      rates       B/s, KiB/s, MiB/s          64MiB/s       (a bare 0 is allowed)
//    A setting also has a smallest unit, as in Cassandra: batch_size_warn_threshold is
//    in KiB, so 5120B is refused; every duration here is in ms, so us and ns are too.
//  - The pre-4.1 keys that carry the unit in their name (batch_size_warn_threshold_in_kb,
//    commitlog_sync_period_in_ms, compaction_throughput_mb_per_sec, ...) take a plain
//    number and log a deprecation warning. Giving both spellings of one setting is an
//    error naming both (Cassandra: "Config contains both old and new keys").
//  - A key Cassandra has and Cairn does not use is a warning; a key neither knows is an
//    error, as Cassandra refuses unknown keys ("Please remove properties ...").
//  - An empty value (`key:`) keeps the default where Cassandra's default is null
//    (listen_address, commitlog_directory, ...) and is an error elsewhere.
// Unlike Cassandra, a key given twice in the file is an error rather than last-wins.
//
// Every error is InvalidArgument "<file>: <key>: <problem>"; YAML syntax errors name
// the line and column.
//
// Thread safety: everything here is a pure function of its arguments.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commitlog/commitlog.h"
#include "common/env/file_system.h"
#include "common/logging.h"
#include "common/result.h"
#include "cql/transport/tls.h"
#include "storage/options.h"

namespace cairn::tools {

// seed_provider: Cassandra's list-of-maps shape,
//   seed_provider:
//     - class_name: org.apache.cassandra.locator.SimpleSeedProvider
//       parameters:
//         - seeds: "10.0.0.1:7000,10.0.0.2:7000"
// Only SimpleSeedProvider exists. `seeds` is kept as written, for the gossiper to split.
struct SeedProviderConfig {
  std::string class_name = "org.apache.cassandra.locator.SimpleSeedProvider";
  std::string seeds = "127.0.0.1:7000";

  bool operator==(const SeedProviderConfig&) const = default;
};

// Field names are cassandra.yaml keys; byte counts end in _bytes and durations are
// std::chrono whatever unit the file used. Defaults are Cassandra 4.1's where Cairn has
// the setting, so no file at all runs a single node on 127.0.0.1:9042 over ./data.
// Nothing here changes while the node runs.
struct NodeConfig {
  // --- The cluster and the network.
  std::string cluster_name = "Test Cluster";
  int num_tokens = 16;                       // 1..1536, as Cassandra
  std::string listen_address = "127.0.0.1";  // not a wildcard (Cassandra refuses 0.0.0.0)
  std::string rpc_address = "127.0.0.1";     // where CQL clients connect; 0.0.0.0 = all
  int native_transport_port = 9042;          // 0: the OS picks (tests)
  uint64_t native_transport_max_frame_size_bytes = 16ull << 20;  // MiB granularity, < 2GiB
  int native_transport_max_threads = 128;
  SeedProviderConfig seed_provider;
  // SimpleSnitch or GossipingPropertyFileSnitch, held as the short name (the file may
  // also say org.apache.cassandra.locator.SimpleSnitch).
  std::string endpoint_snitch = "SimpleSnitch";
  // AllowAllAuthenticator or PasswordAuthenticator; AllowAllAuthorizer or
  // CassandraAuthorizer (which needs PasswordAuthenticator). Held as the short name (the
  // file may also say org.apache.cassandra.auth.PasswordAuthenticator). See
  // docs/operations/security.md.
  std::string authenticator = "AllowAllAuthenticator";
  std::string authorizer = "AllowAllAuthorizer";
  // TLS for CQL clients (client_encryption.h); its files are checked at parse time.
  cql::TlsOptions client_encryption_options;

  // --- Storage (see DatabaseOptions for what each does).
  // Exactly one entry: Cairn keeps one data directory ("only one data directory is
  // supported" otherwise).
  std::vector<std::string> data_file_directories = {"./data"};
  // Resolved at parse time: when the file does not set it, <data directory>/commitlog.
  std::string commitlog_directory = "./data/commitlog";
  CommitLogSync commitlog_sync = CommitLogSync::kPeriodic;
  std::chrono::milliseconds commitlog_sync_period{10000};  // periodic only
  // Parsed and checked but unused: Cairn's group mode starts the next fsync as soon as
  // the previous one ends instead of waiting out a window (a non-zero value warns).
  std::chrono::milliseconds commitlog_sync_group_window{0};
  uint64_t commitlog_segment_size_bytes = 32ull << 20;  // MiB granularity, < 2GiB
  // stop and ignore as Cassandra; die and stop_commit act as stop (with a warning).
  CommitFailurePolicy commit_failure_policy = CommitFailurePolicy::kStop;
  // Cairn has no shared memtable pool yet: each table flushes its memtable once it holds
  // this much (DatabaseOptions::memtable_flush_threshold_bytes). Cassandra's is the
  // total for all tables, by default a quarter of the heap.
  uint64_t memtable_heap_space_bytes = 64ull << 20;
  uint64_t batch_size_warn_threshold_bytes = 5 * 1024;  // KiB granularity, <= fail
  uint64_t batch_size_fail_threshold_bytes = 50 * 1024;
  bool auto_snapshot = true;
  uint64_t compaction_throughput_bytes_per_sec = 64ull << 20;  // 0: unthrottled
  uint64_t compaction_large_partition_warning_threshold_bytes = 100ull << 20;

  // --- Cairn's own.
  std::string log_file;                  // empty: stderr only; otherwise stderr and this file
  LogLevel log_level = LogLevel::kInfo;  // log_level: DEBUG, INFO, WARN or ERROR
  // The admin HTTP API (ScyllaDB's keys; docs/operations/admin.md). api_address must be
  // an IP address; api_port 0 lets the OS pick (tests), and must differ from
  // native_transport_port.
  std::string api_address = "127.0.0.1";
  int api_port = 10000;

  // The embedded Database's options for this node (logger left null for the caller).
  DatabaseOptions to_database_options() const;

  bool operator==(const NodeConfig&) const = default;
};

// The built-in defaults: what a node runs with when there is no file.
NodeConfig default_config();

// The defaults as a commented cairn.yaml (conf/cairn.yaml holds the same text), a
// starting point for operators. parse_config() of it yields default_config() with no
// warnings.
std::string default_config_yaml();

// Parses `yaml_text`; `source_name` (usually the path) starts every message. Warnings
// (Cassandra settings Cairn ignores, deprecated key names, ...) are appended to
// `warnings` when it is not null, some possibly before an error is found.
Result<NodeConfig> parse_config(std::string_view yaml_text, std::string_view source_name,
                                std::vector<std::string>* warnings);

// Reads and parses the file at `path`, through `fs` or the operating system's files.
// Files over 16 MiB are refused.
Result<NodeConfig> load_config(FileSystem& fs, const std::string& path,
                               std::vector<std::string>* warnings);
Result<NodeConfig> load_config(const std::string& path, std::vector<std::string>* warnings);

}  // namespace cairn::tools
