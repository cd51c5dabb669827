// Database: the embedded storage engine, one node's worth of keyspaces and tables.
//
// A service links cairn_storage and uses this class and the model types only:
//
//   auto db = Database::open(options);            // replays the commitlog
//   db->create_keyspace({"chat"});
//   auto table = db->create_table(TableSchema::Builder("chat", "messages")...);
//   MutationBuilder m(*table, {session_id}, timestamp, now_seconds);
//   m.row({message_id}).set("body", values::from_text("hi"));
//   db->apply(m.build());
//   auto p = db->read(*table, PartitionRead{key});
//
// Writes are appended to the commitlog (durable per commitlog_sync) and applied to
// the table's memtable before apply() returns. Reads merge memtables and sstables,
// apply tombstones and TTLs, and return only live data. Schema is stored in the
// store itself (the `system` keyspace), so reopening finds every keyspace and table.
// A data directory is locked while open: a second open fails with Busy.
//
// Thread safety: every method may be called concurrently from many threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/env/env.h"
#include "common/metrics.h"
#include "model/mutation.h"
#include "model/mutation_builder.h"
#include "model/partition_range.h"
#include "model/schema.h"
#include "storage/options.h"

namespace cairn {

// What a read of one partition asks for.
struct PartitionRead {
  DecoratedKey key;
  // Rows inside any of these slices (default: all rows), in clustering order.
  std::vector<ClusteringSlice> slices{ClusteringSlice::all()};
  bool reversed = false;  // return rows in reverse clustering order
  size_t row_limit = SIZE_MAX;
};

// The live contents of one partition as a read returns them.
struct ReadPartition {
  DecoratedKey key;
  Row static_row;         // empty when there is no live static cell
  std::vector<Row> rows;  // in the requested order, live cells only
};

// One page of a token-range scan.
struct RangePage {
  std::vector<ReadPartition> partitions;
  // Set when more partitions may follow: pass it as PartitionRange::resume_after.
  std::optional<DecoratedKey> resume_after;
};

// One table's snapshot, as list_snapshots() (nodetool listsnapshots) reports it.
struct SnapshotInfo {
  std::string name;
  std::string keyspace;
  std::string table;  // the table may have been dropped since
  std::string created_at;  // ISO 8601 UTC, from the snapshot's manifest.json
  // Every file in the snapshot directory (sstable components, schema.cql, manifest.json).
  uint64_t total_bytes = 0;
  // The snapshot's sstable component files that are not also live in the table
  // directory: the space deleting the snapshot would free.
  uint64_t true_bytes = 0;
};

// One table's numbers at one moment (nodetool tablestats, /metrics).
struct TableStats {
  std::string keyspace, table;
  uint64_t memtable_bytes = 0;       // accounted memory of the memtables not yet flushed
  uint64_t memtable_partitions = 0;  // partitions in them
  size_t sstable_count = 0;
  uint64_t live_disk_bytes = 0;   // component files of the live sstables
  uint64_t total_disk_bytes = 0;  // every file of the table directory, snapshots excluded
  uint64_t pending_compactions = 0;    // compactions queued or running (any kind)
  uint64_t completed_compactions = 0;  // compactions committed since open (upgrades included)
};

// Node-wide numbers at one moment (nodetool info, /metrics).
struct NodeStats {
  uint64_t commitlog_bytes = 0;  // in live commitlog segments
  size_t commitlog_segments = 0;
  HistogramSnapshot commitlog_sync_latency;  // every fsync pass of the commitlog
};

struct WriteResult {
  // Warnings for the client, e.g. a batch over batch_size_warn_threshold.
  std::vector<std::string> warnings;
};

class Database {
 public:
  // Opens (creating if needed) the database in options.data_directory with `env`, which
  // must outlive the Database. Replays the commitlog, flushes what it replayed and
  // deletes the replayed segments.
  static Result<std::unique_ptr<Database>> open(const Env& env, DatabaseOptions options);
  // The same with a production Env owned by the Database.
  static Result<std::unique_ptr<Database>> open(DatabaseOptions options);

  virtual ~Database() = default;

  // --- schema ---
  virtual Status create_keyspace(const KeyspaceSchema& keyspace, bool if_not_exists = false) = 0;
  // Drops the keyspace, its tables and their data.
  virtual Status drop_keyspace(const std::string& name, bool if_exists = false) = 0;
  // Creates a table; a nil table id gets a fresh random one. Returns the stored schema.
  virtual Result<TableSchemaRef> create_table(TableSchemaRef table, bool if_not_exists = false) = 0;
  virtual Status drop_table(const std::string& keyspace, const std::string& table,
                            bool if_exists = false) = 0;
  // ALTER KEYSPACE: replaces the keyspace's replication and durable_writes. NotFound when it does
  // not exist; InvalidArgument for system keyspaces.
  virtual Status alter_keyspace(const KeyspaceSchema& keyspace) = 0;
  // ALTER TABLE: replaces the table's definition with `altered`, which must have the same keyspace,
  // name and id as the stored table and the same partition key and clustering columns (names,
  // types, order, ids). Allowed changes: regular/static columns added (with fresh ids — see
  // TableSchema::next_column_id()), regular/static columns dropped (they are recorded in the
  // schema's dropped columns, so their data is never shown again and their id is never reused, also
  // after a restart), options changed (validated like create_table: compaction strategy,
  // compression). InvalidArgument naming the problem otherwise (e.g. "cannot drop primary key
  // column k", "column v already exists", "cannot add column s: static columns need clustering
  // columns"). NotFound for an unknown table. Returns the stored schema. Durable: a restart (and
  // commitlog replay) finds the altered schema.
  //
  // Also allowed: renaming primary key columns (TableSchema::with_renamed_column; the
  // ids, types and order stay), the one rename Cassandra permits. The full rule is
  // check_table_alteration (model/schema.h); TableSchema's with_added_columns,
  // with_dropped_columns, with_renamed_column and with_options build valid `altered`
  // schemas. Writes and reads see the new schema as soon as this returns; a
  // MutationBuilder built from the old schema still writes (a dropped column's cells
  // then stay hidden). Data written to a dropped column stays on disk until
  // compaction removes it.
  virtual Result<TableSchemaRef> alter_table(TableSchemaRef altered) = 0;
  // The keyspace as stored now, shared (a later ALTER stores a new one), or null.
  virtual KeyspaceSchemaRef find_keyspace(const std::string& name) const = 0;
  virtual TableSchemaRef find_table(const std::string& keyspace,
                                    const std::string& table) const = 0;
  virtual std::vector<KeyspaceSchema> keyspaces() const = 0;
  virtual std::vector<TableSchemaRef> tables(const std::string& keyspace) const = 0;

  // --- writes ---
  // Applies one mutation: durable (per commitlog_sync) and visible when this returns.
  virtual Result<WriteResult> apply(const Mutation& mutation) = 0;
  // Applies a batch as one commitlog record, so it is replayed whole or not at all.
  // Over batch_size_fail_threshold nothing is applied and InvalidArgument names the
  // size, the threshold and the tables; over the warn threshold the result carries a
  // warning.
  virtual Result<WriteResult> apply_batch(const std::vector<Mutation>& mutations) = 0;
  // apply() and apply_batch() for a caller that must not wait for the commitlog sync
  // (the CQL server's I/O thread). Applies `mutations` as one commitlog record — held
  // to the batch size thresholds when `as_batch` — and calls `done` with what apply()
  // would return once they are as durable as commitlog_sync promises and visible to
  // reads. Under group commit `done` runs later, on the commitlog's sync thread, so it
  // must be short (hand the answer to another thread); otherwise before this returns.
  // The call may still wait as apply() does for a memtable switch or a flush backlog.
  virtual void apply_async(std::vector<Mutation> mutations, bool as_batch,
                           std::function<void(Result<WriteResult>)> done) = 0;

  // --- reads ---
  virtual Result<std::optional<ReadPartition>> read(const TableSchema& table,
                                                    const PartitionRead& read) = 0;
  // Up to `page_size` live partitions of `range` in token order, each restricted to
  // `slices`.
  virtual Result<RangePage> scan(const TableSchema& table, const PartitionRange& range,
                                 size_t page_size,
                                 const std::vector<ClusteringSlice>& slices = {
                                     ClusteringSlice::all()}) = 0;

  // --- maintenance ---
  // Flushes every memtable (or one table's) to sstables and waits for it.
  virtual Status flush() = 0;
  virtual Status flush_table(const std::string& keyspace, const std::string& table) = 0;
  // Number of live sstables of a table (for tests and tools).
  // Major compaction (nodetool compact): flushes the table, then merges all its
  // sstables into one, purging tombstones and expired cells gc_grace_seconds allows.
  virtual Status compact(const std::string& keyspace, const std::string& table) = 0;
  virtual size_t sstable_count(const std::string& keyspace, const std::string& table) const = 0;
  // Read-only numbers for every table (system keyspace included), ordered by keyspace
  // and table, and for the node. Cheap: no file is read (the directory is listed).
  virtual std::vector<TableStats> table_stats() const = 0;
  virtual NodeStats node_stats() const = 0;

  // nodetool upgradesstables [-a] [keyspace [table...]]: rewrites every sstable older
  // than the current version (every sstable with include_current) of the named tables
  // (an empty keyspace: every keyspace; no tables: every table of it), one at a time,
  // each in its own crash-safe transaction, while reads and writes continue.
  // `progress` is called after each sstable. Returns how many were rewritten.
  struct UpgradeProgress {
    std::string keyspace, table;
    std::string rewritten;  // the Data path of the sstable just rewritten
    size_t done = 0, total = 0;  // within this table
  };
  virtual Result<size_t> upgrade_sstables(
      const std::string& keyspace = "", const std::vector<std::string>& tables = {},
      bool include_current = false,
      std::function<void(const UpgradeProgress&)> progress = nullptr) = 0;

  // --- snapshots, truncate, restore (docs/operations/snapshots.md) ---
  // nodetool snapshot: flushes the tables of `keyspaces` (empty: every non-system
  // keyspace) and hard-links their live sstables into
  // <table directory>/snapshots/<name>/, with schema.cql and manifest.json. An empty
  // name means the current time in milliseconds, as nodetool snapshot without -t.
  // InvalidArgument for a name containing '/' or an unknown keyspace;
  // AlreadyExists when a table already has a snapshot of that name (nothing is taken).
  virtual Status snapshot(const std::string& name,
                          const std::vector<std::string>& keyspaces = {}) = 0;
  // nodetool listsnapshots: every snapshot of every table, dropped tables included,
  // ordered by keyspace, table and name.
  virtual Result<std::vector<SnapshotInfo>> list_snapshots() = 0;
  // nodetool clearsnapshot: deletes the snapshot `name` (empty: every snapshot) of the
  // tables of `keyspaces` (empty: every keyspace). Clearing a name that does not exist
  // is OK.
  virtual Status clear_snapshot(const std::string& name = "",
                                const std::vector<std::string>& keyspaces = {}) = 0;
  // TRUNCATE: removes every row of the table (memtables and sstables), first taking
  // the snapshot truncated-<millis>-<table> when auto_snapshot is on. The truncation
  // is recorded durably in system.truncations before any file is deleted, so after a
  // crash or restart neither the commitlog nor a leftover sstable brings the rows
  // back. Writes after truncate() returns are kept as usual.
  virtual Status truncate(const std::string& keyspace, const std::string& table) = 0;
  // nodetool import / refresh: copies every complete sstable of `source_dir` (e.g. a
  // snapshot directory) into the table under a new generation and makes it live.
  // Every sstable is opened and verified before anything is copied: a damaged one
  // fails the whole call and nothing is imported. Returns the number imported.
  virtual Result<size_t> import_sstables(const std::string& keyspace, const std::string& table,
                                         const std::string& source_dir) = 0;

  // Flushes, syncs and closes the commitlog, releases the directory lock. Called by
  // the destructor if not called before. Calling it again is OK; any other call
  // after it fails.
  virtual Status close() = 0;

  // The current time as the database sees it (the Env's clock), for building mutations.
  virtual int64_t now_micros() const = 0;
};

}  // namespace cairn
