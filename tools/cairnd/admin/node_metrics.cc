#include "tools/cairnd/admin/node_metrics.h"

namespace cairn::tools {

void register_node_metrics(MetricsRegistry& registry, Database& db,
                           std::function<size_t()> connected_clients) {
  registry.add_collector([&db, clients = std::move(connected_clients)](MetricsWriter& w) {
    w.gauge("cairn_cql_connected_clients", "Open CQL native-protocol connections.", {},
            static_cast<double>(clients()));
    uint64_t live = 0, total = 0, pending = 0, completed = 0;
    for (const TableStats& t : db.table_stats()) {
      const MetricLabels labels = {{"keyspace", t.keyspace}, {"table", t.table}};
      live += t.live_disk_bytes;
      total += t.total_disk_bytes;
      pending += t.pending_compactions;
      completed += t.completed_compactions;
      w.gauge("cairn_table_memtable_bytes", "Accounted memory of a table's unflushed memtables.",
              labels, static_cast<double>(t.memtable_bytes));
      w.gauge("cairn_table_memtable_partitions", "Partitions in a table's unflushed memtables.",
              labels, static_cast<double>(t.memtable_partitions));
      w.gauge("cairn_table_sstables", "Live sstables of a table.", labels,
              static_cast<double>(t.sstable_count));
      w.gauge("cairn_table_live_disk_bytes", "Bytes of a table's live sstable files.", labels,
              static_cast<double>(t.live_disk_bytes));
      w.gauge("cairn_table_total_disk_bytes",
              "Bytes of every file in a table's directory, snapshots excluded.", labels,
              static_cast<double>(t.total_disk_bytes));
      w.gauge("cairn_table_pending_compactions", "Compactions of a table queued or running.",
              labels, static_cast<double>(t.pending_compactions));
      w.counter("cairn_table_completed_compactions_total",
                "Compactions of a table committed since the node started (upgrades included).",
                labels, static_cast<double>(t.completed_compactions));
    }
    w.gauge("cairn_live_disk_bytes", "Bytes of every live sstable file of the node (its load).", {},
            static_cast<double>(live));
    w.gauge("cairn_total_disk_bytes", "Bytes of every table directory, snapshots excluded.", {},
            static_cast<double>(total));
    w.gauge("cairn_pending_compactions", "Compactions queued or running, every table.", {},
            static_cast<double>(pending));
    w.counter("cairn_completed_compactions_total",
              "Compactions committed since the node started, every table.", {},
              static_cast<double>(completed));
    const NodeStats node = db.node_stats();
    w.gauge("cairn_commitlog_bytes", "Bytes in the live commitlog segments.", {},
            static_cast<double>(node.commitlog_bytes));
    w.gauge("cairn_commitlog_segments", "Commitlog segment files.", {},
            static_cast<double>(node.commitlog_segments));
    w.histogram("cairn_commitlog_sync_latency_seconds", "Duration of each commitlog fsync pass.",
                {}, node.commitlog_sync_latency);
  });
}

}  // namespace cairn::tools
