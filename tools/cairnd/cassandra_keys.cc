// The data behind cassandra_keys.h: the cassandra.yaml keys Cairn does not read, and
// the default cairn.yaml text.
#include "tools/cairnd/cassandra_keys.h"

#include <algorithm>
#include <functional>
#include <iterator>

namespace cairn::tools {
namespace {

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

}  // namespace

bool is_cassandra_only_key(std::string_view key) {
  return std::binary_search(std::begin(kCassandraOnlyKeys), std::end(kCassandraOnlyKeys), key);
}

namespace {

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

# Logins: AllowAllAuthenticator (none) or PasswordAuthenticator (roles in system_auth;
# first start creates superuser cassandra/cassandra: change its password). Permissions:
# AllowAllAuthorizer or CassandraAuthorizer (needs PasswordAuthenticator). See
# docs/operations/security.md.
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer

# TLS for CQL clients, with PEM files as Cassandra's PEMBasedSslContextFactory reads
# them (docs/operations/tls.md). enabled: TLS only; optional: TLS and plain on one port.
client_encryption_options:
  enabled: false
  # optional: false
  # keystore: conf/node-keystore.pem   # the private key, then the certificate chain
  # keystore_password: secret          # only for an encrypted private key
  # truststore: conf/ca.pem            # the CAs client certificates must chain to
  # require_client_auth: false
  # accepted_protocols: [TLSv1.2, TLSv1.3]

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

# The admin HTTP API that cairn-admin talks to (ScyllaDB's keys): an IP address and a
# port. Keep it on a loopback or private address: it has no authentication.
api_address: 127.0.0.1
api_port: 10000
)";

}  // namespace

std::string_view default_config_yaml_text() { return kDefaultYaml; }

}  // namespace cairn::tools
