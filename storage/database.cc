#include "storage/database.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <tuple>

#include "common/coding.h"
#include "storage/column_family_store.h"
#include "storage/snapshot.h"
#include "storage/system_keyspace.h"
#include "storage/compaction/compaction_strategy.h"
#include "storage/write_barrier.h"

namespace cairn {
namespace {

std::string table_directory(const std::string& data_dir, const TableSchema& t) {
  std::string id = t.id().to_string();
  std::erase(id, '-');
  return join_path(join_path(data_dir, t.keyspace()), t.name() + "-" + id);
}

std::string size_text(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fKiB", static_cast<double>(bytes) / 1024.0);
  return buf;
}

class DatabaseImpl final : public Database {
 public:
  DatabaseImpl(const Env& env, DatabaseOptions options, std::unique_ptr<DefaultEnv> owned_env)
      : owned_env_(std::move(owned_env)), env_(env), options_(std::move(options)) {
    if (options_.commitlog_directory.empty()) {
      options_.commitlog_directory = join_path(options_.data_directory, "commitlog");
    }
    if (options_.logger == nullptr) {
      owned_logger_ = std::make_unique<Logger>();
      options_.logger = owned_logger_.get();
    }
    logger_ = options_.logger;
  }

  ~DatabaseImpl() override {
    Status s = close();
    if (!s.is_ok()) logger_->error("closing the database: {}", s.to_string());
  }

  Status open();

  Status create_keyspace(const KeyspaceSchema& keyspace, bool if_not_exists) override;
  Status drop_keyspace(const std::string& name, bool if_exists) override;
  Result<TableSchemaRef> create_table(TableSchemaRef table, bool if_not_exists) override;
  Status drop_table(const std::string& keyspace, const std::string& table,
                    bool if_exists) override;
  Status alter_keyspace(const KeyspaceSchema& keyspace) override;
  Result<TableSchemaRef> alter_table(TableSchemaRef altered) override;
  KeyspaceSchemaRef find_keyspace(const std::string& name) const override;
  TableSchemaRef find_table(const std::string& keyspace, const std::string& table) const override;
  std::vector<KeyspaceSchema> keyspaces() const override;
  std::vector<TableSchemaRef> tables(const std::string& keyspace) const override;

  Result<WriteResult> apply(const Mutation& mutation) override {
    return write({&mutation}, false);
  }
  Result<WriteResult> apply_batch(const std::vector<Mutation>& mutations) override {
    std::vector<const Mutation*> ms;
    for (const auto& m : mutations) ms.push_back(&m);
    return write(ms, true);
  }
  void apply_async(std::vector<Mutation> mutations, bool as_batch,
                   std::function<void(Result<WriteResult>)> done) override;

  Result<std::optional<ReadPartition>> read(const TableSchema& table,
                                            const PartitionRead& read) override {
    CAIRN_ASSIGN_OR_RETURN(auto store, store_for(table));
    return store->read(read, env_.clock->now_seconds());
  }
  Result<RangePage> scan(const TableSchema& table, const PartitionRange& range, size_t page_size,
                         const std::vector<ClusteringSlice>& slices) override {
    CAIRN_ASSIGN_OR_RETURN(auto store, store_for(table));
    return store->scan(range, page_size, slices, env_.clock->now_seconds());
  }

  Status flush() override;
  Status flush_table(const std::string& keyspace, const std::string& table) override;
  Status compact(const std::string& keyspace, const std::string& table) override;
  Result<size_t> upgrade_sstables(const std::string& keyspace,
                                  const std::vector<std::string>& tables, bool include_current,
                                  std::function<void(const UpgradeProgress&)> progress) override;
  size_t sstable_count(const std::string& keyspace, const std::string& table) const override;
  std::vector<TableStats> table_stats() const override;
  NodeStats node_stats() const override;
  Status close() override;
  int64_t now_micros() const override { return env_.clock->now_micros(); }

  Status snapshot(const std::string& name, const std::vector<std::string>& keyspaces) override;
  Result<std::vector<SnapshotInfo>> list_snapshots() override;
  Status clear_snapshot(const std::string& name,
                        const std::vector<std::string>& keyspaces) override;
  Status truncate(const std::string& keyspace, const std::string& table) override;
  Result<size_t> import_sstables(const std::string& keyspace, const std::string& table,
                                 const std::string& source_dir) override;

 private:
  // Raises the floor of schema timestamps to those of a loaded schema row. (A drop
  // leaves no live row, so a clock set back before a drop can still lose to it.)
  void note_schema_timestamp(const Row& row) {
    last_schema_timestamp_ = std::max(last_schema_timestamp_, row.liveness.timestamp);
    for (const auto& [id, column] : row.columns) {
      for (const auto& [path, cell] : column.cells) {
        last_schema_timestamp_ = std::max(last_schema_timestamp_, cell.timestamp);
      }
    }
  }
  // The timestamp of the next schema change: the clock, but always after the previous
  // change, so a table dropped and created again within one clock tick is not shadowed
  // by its own drop. REQUIRES: schema_change_mu_ held.
  int64_t next_schema_timestamp() {
    last_schema_timestamp_ = std::max(now_micros(), last_schema_timestamp_ + 1);
    return last_schema_timestamp_;
  }

 private:
  using StoreRef = std::shared_ptr<ColumnFamilyStore>;

  Status check_open() const {
    return closed_.load() ? Status::aborted("the database is closed") : Status::ok();
  }
  Result<StoreRef> store_for(const TableSchema& table) const;
  StoreRef store_by_id(const Uuid& id) const;
  Result<StoreRef> add_store(TableSchemaRef schema);
  Status replay(bool system);
  Status load_schema();
  // Applies every system.truncations row to its table (before the second replay).
  Status load_truncations();
  // Calls `fn` with every live row of a system table.
  Status for_each_system_row(const TableSchemaRef& table,
                             const std::function<Status(const ReadPartition&, const Row&)>& fn);
  // The store of a user table: NotFound naming it when there is none, InvalidArgument
  // for a system table (`what` names the refused operation).
  Result<StoreRef> user_store(const std::string& keyspace, const std::string& table,
                              const char* what) const;
  // Flushes `stores` and snapshots each as `name` (a validated name). On failure the
  // snapshots taken so far by this call are removed.
  Status snapshot_stores(const std::string& name, const std::vector<StoreRef>& stores);
  // The automatic snapshot <prefix>-<millis>-<table> before a truncate or drop, when
  // auto_snapshot is on.
  Status auto_snapshot(const std::string& prefix, const StoreRef& store);
  // A write checked and ready to go: its stores, the client's warnings.
  struct CheckedWrite {
    std::vector<std::pair<StoreRef, const Mutation*>> writes;
    bool durable = false;  // some keyspace written has durable_writes
    WriteResult result;
  };
  // Finds the stores, applies the batch size thresholds (when `is_batch`) and waits for
  // the flush backlog.
  Result<CheckedWrite> check_write(const std::vector<const Mutation*>& mutations, bool is_batch);
  Result<WriteResult> write(const std::vector<const Mutation*>& mutations, bool is_batch);
  // Writes through the commitlog and memtables; REQUIRES: every store is known.
  Status write_to_stores(const std::vector<std::pair<StoreRef, const Mutation*>>& writes,
                         bool durable);
  // One commitlog record holding every mutation of `writes`.
  static Bytes commitlog_payload(const std::vector<std::pair<StoreRef, const Mutation*>>& writes,
                                 std::vector<Uuid>* table_ids);
  // Writes a schema mutation and syncs the commitlog whatever the sync mode.
  Status write_schema(Result<Mutation> mutation);
  Status flush_stores(const std::vector<StoreRef>& stores);
  // Posts a background size-tiered compaction check of `store` (if auto_compaction).
  void schedule_compaction(const StoreRef& store);
  void maybe_flush(const StoreRef& store);
  bool durable(const std::string& keyspace) const;

  std::unique_ptr<DefaultEnv> owned_env_;  // first member: destroyed last
  const Env env_;
  DatabaseOptions options_;
  std::unique_ptr<Logger> owned_logger_;
  Logger* logger_ = nullptr;
  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<CommitLog> commitlog_;
  WriteBarrier barrier_;

  std::mutex schema_change_mu_;         // one schema change at a time
  int64_t last_schema_timestamp_ = 0;   // guarded by schema_change_mu_
  mutable std::shared_mutex schema_mu_;  // guards the maps below
  std::map<std::string, KeyspaceSchemaRef> keyspaces_;
  std::map<Uuid, StoreRef> stores_;
  std::map<std::pair<std::string, std::string>, Uuid> table_ids_;

  std::atomic<bool> closed_{true};
  bool opened_ = false;  // open() finished; a failed open is closed without a flush
};

Status DatabaseImpl::open() {
  CAIRN_RETURN_IF_ERROR(env_.fs->create_dirs(options_.data_directory));
  CAIRN_ASSIGN_OR_RETURN(lock_, env_.fs->lock_file(join_path(options_.data_directory, "LOCK")));
  CommitLogOptions cl;
  cl.directory = options_.commitlog_directory;
  cl.segment_size_bytes = options_.commitlog_segment_size_bytes;
  cl.sync = options_.commitlog_sync;
  cl.sync_period = options_.commitlog_sync_period;
  cl.failure_policy = options_.commit_failure_policy;
  CAIRN_ASSIGN_OR_RETURN(commitlog_, CommitLog::open(env_, cl, logger_));
  closed_.store(false);

  for (const auto& t : system_tables()) CAIRN_RETURN_IF_ERROR(add_store(t).status());
  // The schema is itself in the commitlog: replay the system tables first, read the
  // schema, then replay every other table.
  CAIRN_RETURN_IF_ERROR(replay(true));
  CAIRN_RETURN_IF_ERROR(load_schema());
  CAIRN_RETURN_IF_ERROR(load_truncations());
  CAIRN_RETURN_IF_ERROR(replay(false));
  // What was replayed is flushed before the replayed segments go.
  CAIRN_RETURN_IF_ERROR(flush());
  CAIRN_RETURN_IF_ERROR(commitlog_->discard_replayed());
  opened_ = true;
  // Sstables left from the last run may already deserve a compaction.
  {
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, store] : stores_) schedule_compaction(store);
  }
  return Status::ok();
}

Status DatabaseImpl::replay(bool system) {
  ReplayStats stats;
  std::vector<Mutation> decoded;
  ReplayPosition record_position;
  uint64_t skipped = 0;
  // Mutations of unknown (dropped) tables, of the other half of this two-pass replay,
  // and of tables whose sstables already hold this record are skipped.
  auto lookup = [&](const Uuid& id) -> ClusteringComparatorRef {
    StoreRef store = store_by_id(id);
    if (!store || is_system_keyspace(store->schema()->keyspace()) != system) return nullptr;
    if (record_position < store->replay_floor()) {
      ++skipped;
      return nullptr;
    }
    return store->schema()->clustering_comparator();
  };
  Status s = commitlog_->replay(
      [&](ReplayPosition position, BytesView payload) {
        record_position = position;
        decoded.clear();
        Status d = decode_mutations(payload, lookup, &decoded);
        if (!d.is_ok()) {
          return d.with_context("commitlog record at segment " +
                                std::to_string(position.segment_id) + " offset " +
                                std::to_string(position.offset));
        }
        for (const auto& m : decoded) store_by_id(m.table_id)->apply(m.partition);
        return Status::ok();
      },
      &stats);
  if (!system) {
    logger_->info(
        "commitlog replay: {} segments, {} records, {} torn tails, {} skipped segments, "
        "{} mutations already in sstables",
        stats.segments, stats.records, stats.torn_tails, stats.skipped_segments, skipped);
  }
  return s;
}

Status DatabaseImpl::for_each_system_row(
    const TableSchemaRef& table,
    const std::function<Status(const ReadPartition&, const Row&)>& fn) {
  const int32_t now = env_.clock->now_seconds();
  StoreRef store = store_by_id(table->id());
  PartitionRange range = PartitionRange::all();
  for (;;) {
    CAIRN_ASSIGN_OR_RETURN(auto page, store->scan(range, 1000, {ClusteringSlice::all()}, now));
    for (const auto& p : page.partitions) {
      for (const auto& row : p.rows) CAIRN_RETURN_IF_ERROR(fn(p, row));
    }
    if (!page.resume_after) return Status::ok();
    range.resume_after = page.resume_after;
  }
}

Status DatabaseImpl::load_schema() {
  CAIRN_RETURN_IF_ERROR(for_each_system_row(
      system_keyspaces_table(), [&](const ReadPartition&, const Row& row) -> Status {
        note_schema_timestamp(row);
        auto def = column_value(*system_keyspaces_table(), row, "definition");
        if (!def) return Status::ok();
        CAIRN_ASSIGN_OR_RETURN(auto ks, KeyspaceSchema::decode(*def));
        const std::string name = ks.name;
        keyspaces_[name] = std::make_shared<const KeyspaceSchema>(std::move(ks));
        return Status::ok();
      }));
  return for_each_system_row(
      system_tables_table(), [&](const ReadPartition&, const Row& row) -> Status {
        note_schema_timestamp(row);
        auto def = column_value(*system_tables_table(), row, "definition");
        if (!def) return Status::ok();
        CAIRN_ASSIGN_OR_RETURN(auto table, TableSchema::decode(*def));
        return add_store(table).status();
      });
}

Status DatabaseImpl::load_truncations() {
  return for_each_system_row(
      system_truncations_table(), [&](const ReadPartition& p, const Row& row) -> Status {
        note_schema_timestamp(row);
        CAIRN_ASSIGN_OR_RETURN(auto truncation, decode_truncation(p.key, row));
        StoreRef store = store_by_id(truncation.first);
        if (!store) return Status::ok();  // a dropped table
        return store->apply_truncation(truncation.second.position,
                                       truncation.second.first_generation);
      });
}

Result<DatabaseImpl::StoreRef> DatabaseImpl::add_store(TableSchemaRef schema) {
  // Every store gets the commitlog, a keyspace without durable_writes too: it only
  // hears of flushes from it, and ALTER KEYSPACE can turn durable_writes on (or off,
  // with records of the table still in the log).
  auto store = std::make_shared<ColumnFamilyStore>(
      env_, schema, table_directory(options_.data_directory, *schema), commitlog_.get(), options_,
      logger_, commitlog_->current_position());
  // The listener runs inside a flush, which close() waits for (shut_down), so `this`
  // outlives every call.
  std::weak_ptr<ColumnFamilyStore> weak = store;
  store->set_flush_listener([this, weak] {
    if (auto s = weak.lock()) schedule_compaction(s);
  });
  CAIRN_RETURN_IF_ERROR(store->load());
  std::unique_lock<std::shared_mutex> lock(schema_mu_);
  stores_[schema->id()] = store;
  table_ids_[{schema->keyspace(), schema->name()}] = schema->id();
  return store;
}

bool DatabaseImpl::durable(const std::string& keyspace) const {
  std::shared_lock<std::shared_mutex> lock(schema_mu_);
  auto it = keyspaces_.find(keyspace);
  return it == keyspaces_.end() || it->second->durable_writes;
}

DatabaseImpl::StoreRef DatabaseImpl::store_by_id(const Uuid& id) const {
  std::shared_lock<std::shared_mutex> lock(schema_mu_);
  auto it = stores_.find(id);
  return it == stores_.end() ? nullptr : it->second;
}

Result<DatabaseImpl::StoreRef> DatabaseImpl::store_for(const TableSchema& table) const {
  CAIRN_RETURN_IF_ERROR(check_open());
  StoreRef store = store_by_id(table.id());
  if (!store) {
    return Status::invalid_argument("unknown table " + table.keyspace() + "." + table.name() +
                                    " (id " + table.id().to_string() + ")");
  }
  return store;
}

// ---- writes ----

Result<DatabaseImpl::CheckedWrite> DatabaseImpl::check_write(
    const std::vector<const Mutation*>& mutations, bool is_batch) {
  CAIRN_RETURN_IF_ERROR(check_open());
  CheckedWrite checked;
  auto& writes = checked.writes;
  std::set<std::string> table_names;
  bool& any_durable = checked.durable;
  for (const Mutation* m : mutations) {
    StoreRef store = store_by_id(m->table_id);
    if (!store) {
      return Status::invalid_argument("mutation for unknown table id " + m->table_id.to_string());
    }
    if (is_batch) table_names.insert(store->schema()->keyspace() + "." + store->schema()->name());
    any_durable |= durable(store->schema()->keyspace());
    writes.emplace_back(std::move(store), m);
  }
  WriteResult& result = checked.result;
  // Like Cassandra, only a batch spanning more than one partition (of one keyspace) is
  // held to the size thresholds: a single-partition batch is one mutation anyway.
  std::set<std::pair<std::string, Bytes>> partitions;
  for (const auto& [store, m] : writes) {
    if (!is_batch) break;  // only batches have thresholds
    partitions.emplace(store->schema()->keyspace(), m->partition.key().key);
  }
  if (is_batch && partitions.size() > 1) {
    uint64_t size = 0;
    for (const Mutation* m : mutations) size += encoded_size(*m);
    std::string tables;
    for (const auto& t : table_names) tables += (tables.empty() ? "" : ", ") + t;
    const uint64_t warn = options_.batch_size_warn_threshold_bytes;
    const uint64_t fail = options_.batch_size_fail_threshold_bytes;
    if (size > fail) {
      return Status::invalid_argument(
          "Batch too large: batch for [" + tables + "] is of size " + size_text(size) +
          ", exceeding specified failure threshold of " + size_text(fail) + " by " +
          size_text(size - fail) + "; nothing was applied");
    }
    if (size > warn) {
      logger_->warn("Batch for [{}] is of size {}, exceeding specified threshold of {} by {}.",
                    tables, size_text(size), size_text(warn), size_text(size - warn));
      // The client's warning carries bytes, as Cassandra's does.
      result.warnings.push_back("Batch for [" + tables + "] is of size " + std::to_string(size) +
                                ", exceeding specified threshold of " + std::to_string(warn) +
                                " by " + std::to_string(size - warn) + ".");
    }
  }
  for (const auto& [store, m] : writes) {
    CAIRN_RETURN_IF_ERROR(store->wait_for_flush_backlog(options_.max_pending_flushes));
  }
  return checked;
}

Result<WriteResult> DatabaseImpl::write(const std::vector<const Mutation*>& mutations,
                                        bool is_batch) {
  CAIRN_ASSIGN_OR_RETURN(CheckedWrite checked, check_write(mutations, is_batch));
  CAIRN_RETURN_IF_ERROR(write_to_stores(checked.writes, checked.durable));
  for (const auto& [store, m] : checked.writes) maybe_flush(store);
  return std::move(checked.result);
}

void DatabaseImpl::apply_async(std::vector<Mutation> mutations, bool as_batch,
                               std::function<void(Result<WriteResult>)> done) {
  // Owns the mutations until the commitlog sync covering them calls back.
  struct AsyncWrite {
    std::vector<Mutation> mutations;
    CheckedWrite checked;
  };
  auto write = std::make_shared<AsyncWrite>();
  write->mutations = std::move(mutations);
  std::vector<const Mutation*> ms;
  ms.reserve(write->mutations.size());
  for (const auto& m : write->mutations) ms.push_back(&m);
  auto checked = check_write(ms, as_batch);
  if (!checked.is_ok()) return done(checked.status());
  write->checked = std::move(checked).value();
  // The flush threshold is checked before this write enters the barrier, not after it
  // leaves as write() does: it leaves on the commitlog's sync thread, which must never
  // wait for a memtable switch (the switch waits for the writes only that thread
  // completes).
  for (const auto& [store, m] : write->checked.writes) maybe_flush(store);
  std::vector<Uuid> ids;
  const Bytes payload =
      write->checked.durable ? commitlog_payload(write->checked.writes, &ids) : Bytes();
  // Held from the append until the memtables have the write, as WriteGuard does in
  // write_to_stores(), but across the wait for the sync.
  barrier_.enter_write();
  uint64_t sync_target = 0;
  if (write->checked.durable) {
    auto appended = commitlog_->append(payload, ids, &sync_target);
    if (!appended.is_ok()) {
      barrier_.exit_write();
      return done(appended.status());
    }
  }
  // The memtables take the write only once it is durable, as in write(): a read never
  // sees what a power cut could still take away.
  commitlog_->when_synced(sync_target, [this, write, done = std::move(done)](Status synced) {
    if (synced.is_ok()) {
      for (const auto& [store, m] : write->checked.writes) store->apply(m->partition);
    }
    barrier_.exit_write();
    if (!synced.is_ok()) return done(synced);
    done(std::move(write->checked.result));
  });
}

Bytes DatabaseImpl::commitlog_payload(
    const std::vector<std::pair<StoreRef, const Mutation*>>& writes, std::vector<Uuid>* table_ids) {
  std::vector<const Mutation*> ms;
  ms.reserve(writes.size());
  for (const auto& [store, m] : writes) {
    ms.push_back(m);
    table_ids->push_back(m->table_id);
  }
  return encode_mutations(ms);
}

Status DatabaseImpl::write_to_stores(
    const std::vector<std::pair<StoreRef, const Mutation*>>& writes, bool durable) {
  std::vector<Uuid> ids;
  const Bytes payload = durable ? commitlog_payload(writes, &ids) : Bytes();
  WriteGuard guard(barrier_);
  if (durable) CAIRN_RETURN_IF_ERROR(commitlog_->add(payload, ids).status());
  for (const auto& [store, m] : writes) store->apply(m->partition);
  return Status::ok();
}

void DatabaseImpl::maybe_flush(const StoreRef& store) {
  if (!store->over_flush_threshold()) return;
  {
    SwitchGuard guard(barrier_);
    if (!store->over_flush_threshold()) return;  // another writer switched it
    if (!store->switch_memtable(commitlog_->current_position())) return;
  }
  // Compaction is scheduled by the store's flush listener after each flush.
  env_.scheduler->post([store, logger = logger_] {
    Status s = store->flush_pending(/*wait=*/false);
    if (!s.is_ok()) logger->error("background flush: {}", s.to_string());
  });
}

// ---- schema ----

Status DatabaseImpl::write_schema(Result<Mutation> mutation) {
  if (!mutation.is_ok()) return mutation.status();
  StoreRef store = store_by_id(mutation->table_id);
  CAIRN_RETURN_IF_ERROR(write_to_stores({{store, &mutation.value()}}, true));
  return commitlog_->sync();
}

Status DatabaseImpl::create_keyspace(const KeyspaceSchema& keyspace, bool if_not_exists) {
  CAIRN_RETURN_IF_ERROR(check_open());
  CAIRN_RETURN_IF_ERROR(validate_identifier("keyspace", keyspace.name));
  if (is_system_keyspace(keyspace.name)) {
    return Status::invalid_argument("keyspace " + keyspace.name + " is reserved for the system");
  }
  std::lock_guard<std::mutex> change(schema_change_mu_);
  if (find_keyspace(keyspace.name)) {
    if (if_not_exists) return Status::ok();
    return Status::already_exists("keyspace " + keyspace.name + " already exists");
  }
  CAIRN_RETURN_IF_ERROR(
      write_schema(keyspace_created(keyspace, next_schema_timestamp(), env_.clock->now_seconds())));
  std::unique_lock<std::shared_mutex> lock(schema_mu_);
  keyspaces_[keyspace.name] = std::make_shared<const KeyspaceSchema>(keyspace);
  return Status::ok();
}

Status DatabaseImpl::drop_keyspace(const std::string& name, bool if_exists) {
  CAIRN_RETURN_IF_ERROR(check_open());
  if (is_system_keyspace(name)) return Status::invalid_argument("cannot drop keyspace " + name);
  if (!find_keyspace(name)) {
    if (if_exists) return Status::ok();
    return Status::not_found("keyspace " + name + " does not exist");
  }
  for (const auto& t : tables(name)) CAIRN_RETURN_IF_ERROR(drop_table(name, t->name(), true));
  std::lock_guard<std::mutex> change(schema_change_mu_);
  CAIRN_RETURN_IF_ERROR(write_schema(keyspace_dropped(name, next_schema_timestamp(), env_.clock->now_seconds())));
  {
    std::unique_lock<std::shared_mutex> lock(schema_mu_);
    keyspaces_.erase(name);
  }
  std::string dir = join_path(options_.data_directory, name);
  auto names = env_.fs->list_dir(dir);
  if (names.is_ok() && names->empty()) CAIRN_RETURN_IF_ERROR(env_.fs->remove_dir(dir));
  return Status::ok();
}

// The options create_table and alter_table check beyond what TableSchema::Builder does.
Status validate_table_options(const TableSchema& table) {
  const std::string name = table.keyspace() + "." + table.name();
  if (auto s = parse_compaction_strategy(table.options().compaction).status(); !s.is_ok()) {
    return s.with_context("table " + name);
  }
  if (auto s = CompressionParams::parse(table.options().compression).status(); !s.is_ok()) {
    return s.with_context("table " + name);
  }
  return Status::ok();
}

Result<TableSchemaRef> DatabaseImpl::create_table(TableSchemaRef table, bool if_not_exists) {
  CAIRN_RETURN_IF_ERROR(check_open());
  CAIRN_RETURN_IF_ERROR(validate_table_options(*table));
  std::lock_guard<std::mutex> change(schema_change_mu_);
  if (!find_keyspace(table->keyspace())) {
    return Status::invalid_argument("keyspace " + table->keyspace() + " does not exist");
  }
  if (TableSchemaRef existing = find_table(table->keyspace(), table->name())) {
    if (if_not_exists) return existing;
    return Status::already_exists("table " + table->keyspace() + "." + table->name() +
                                  " already exists");
  }
  if (table->id() == Uuid()) table = table->with_id(Uuid::random(*env_.random));
  if (store_by_id(table->id())) {
    return Status::already_exists("a table with id " + table->id().to_string() + " exists");
  }
  CAIRN_RETURN_IF_ERROR(write_schema(table_created(*table, next_schema_timestamp(), env_.clock->now_seconds())));
  CAIRN_RETURN_IF_ERROR(add_store(table).status());
  return table;
}

Status DatabaseImpl::drop_table(const std::string& keyspace, const std::string& name,
                                bool if_exists) {
  CAIRN_RETURN_IF_ERROR(check_open());
  if (is_system_keyspace(keyspace)) return Status::invalid_argument("cannot drop system tables");
  std::lock_guard<std::mutex> change(schema_change_mu_);
  TableSchemaRef table = find_table(keyspace, name);
  if (!table) {
    if (if_exists) return Status::ok();
    return Status::not_found("table " + keyspace + "." + name + " does not exist");
  }
  StoreRef store = store_by_id(table->id());
  // Cassandra's auto_snapshot: the data stays restorable after the drop (destroy()
  // keeps the table directory's snapshots/).
  CAIRN_RETURN_IF_ERROR(auto_snapshot("dropped", store));
  CAIRN_RETURN_IF_ERROR(write_schema(table_dropped(*table, next_schema_timestamp(), env_.clock->now_seconds())));
  {
    std::unique_lock<std::shared_mutex> lock(schema_mu_);
    stores_.erase(table->id());
    table_ids_.erase({keyspace, name});
  }
  store->shut_down();
  // The dropped table will never flush: release the segments that held its data.
  CAIRN_RETURN_IF_ERROR(commitlog_->discard_completed(table->id(), commitlog_->current_position()));
  CAIRN_RETURN_IF_ERROR(store->destroy());
  // Its truncation record (if any) is of no use any more.
  StoreRef truncations = store_by_id(system_truncations_table()->id());
  const int32_t now = env_.clock->now_seconds();
  auto key = make_partition_key(*system_truncations_table(),
                                {values::from_uuid(table->id().to_bytes())});
  if (!key.is_ok()) return key.status();
  CAIRN_ASSIGN_OR_RETURN(auto recorded, truncations->read(PartitionRead{*key}, now));
  if (!recorded) return Status::ok();
  return write_schema(truncation_removed(table->id(), next_schema_timestamp(), now));
}

Status DatabaseImpl::alter_keyspace(const KeyspaceSchema& keyspace) {
  CAIRN_RETURN_IF_ERROR(check_open());
  if (is_system_keyspace(keyspace.name)) {
    return Status::invalid_argument("cannot alter system keyspace " + keyspace.name);
  }
  CAIRN_RETURN_IF_ERROR(validate_identifier("keyspace", keyspace.name));
  std::lock_guard<std::mutex> change(schema_change_mu_);
  if (!find_keyspace(keyspace.name)) {
    return Status::not_found("keyspace " + keyspace.name + " does not exist");
  }
  // The same row as create_keyspace, written again at a later timestamp.
  CAIRN_RETURN_IF_ERROR(
      write_schema(keyspace_created(keyspace, next_schema_timestamp(), env_.clock->now_seconds())));
  std::unique_lock<std::shared_mutex> lock(schema_mu_);
  keyspaces_[keyspace.name] = std::make_shared<const KeyspaceSchema>(keyspace);
  return Status::ok();
}

Result<TableSchemaRef> DatabaseImpl::alter_table(TableSchemaRef altered) {
  CAIRN_RETURN_IF_ERROR(check_open());
  if (!altered) return Status::invalid_argument("alter_table needs a table schema");
  if (is_system_keyspace(altered->keyspace())) {
    return Status::invalid_argument("cannot alter system table " + altered->keyspace() + "." +
                                    altered->name());
  }
  CAIRN_RETURN_IF_ERROR(validate_table_options(*altered));
  std::lock_guard<std::mutex> change(schema_change_mu_);
  TableSchemaRef stored = find_table(altered->keyspace(), altered->name());
  StoreRef store = stored ? store_by_id(stored->id()) : nullptr;
  if (!store) {
    return Status::not_found("table " + altered->keyspace() + "." + altered->name() +
                             " does not exist");
  }
  CAIRN_RETURN_IF_ERROR(check_table_alteration(*stored, *altered));
  // Durable first (the same row as create_table, at a later timestamp), then in use:
  // a write acknowledged under the new schema is never replayed under the old one.
  CAIRN_RETURN_IF_ERROR(
      write_schema(table_created(*altered, next_schema_timestamp(), env_.clock->now_seconds())));
  store->set_schema(altered);
  logger_->info("altered table {}.{}", altered->keyspace(), altered->name());
  // A new compaction strategy (or its options) may find work at once.
  if (altered->options().compaction != stored->options().compaction) schedule_compaction(store);
  return altered;
}

KeyspaceSchemaRef DatabaseImpl::find_keyspace(const std::string& name) const {
  std::shared_lock<std::shared_mutex> lock(schema_mu_);
  auto it = keyspaces_.find(name);
  if (it == keyspaces_.end()) return nullptr;
  return it->second;
}

TableSchemaRef DatabaseImpl::find_table(const std::string& keyspace,
                                        const std::string& table) const {
  std::shared_lock<std::shared_mutex> lock(schema_mu_);
  auto it = table_ids_.find({keyspace, table});
  if (it == table_ids_.end()) return nullptr;
  return stores_.at(it->second)->schema();
}

std::vector<KeyspaceSchema> DatabaseImpl::keyspaces() const {
  std::shared_lock<std::shared_mutex> lock(schema_mu_);
  std::vector<KeyspaceSchema> out;
  for (const auto& [name, ks] : keyspaces_) out.push_back(*ks);
  return out;
}

std::vector<TableSchemaRef> DatabaseImpl::tables(const std::string& keyspace) const {
  std::shared_lock<std::shared_mutex> lock(schema_mu_);
  std::vector<TableSchemaRef> out;
  for (const auto& [key, id] : table_ids_) {
    if (key.first == keyspace) out.push_back(stores_.at(id)->schema());
  }
  return out;
}

// ---- maintenance ----

Status DatabaseImpl::flush_stores(const std::vector<StoreRef>& stores) {
  {
    SwitchGuard guard(barrier_);
    ReplayPosition position = commitlog_->current_position();
    for (const auto& s : stores) s->switch_memtable(position);
  }
  for (const auto& s : stores) CAIRN_RETURN_IF_ERROR(s->flush_pending());
  return Status::ok();
}

void DatabaseImpl::schedule_compaction(const StoreRef& store) {
  if (!options_.auto_compaction) return;
  // A weak reference: a queued task must not keep a dropped table's store alive.
  std::weak_ptr<ColumnFamilyStore> weak = store;
  store->add_pending_compactions(1);
  env_.scheduler->post([weak, logger = logger_, clock = env_.clock] {
    auto store = weak.lock();
    if (!store) return;
    Status s = store->compact_if_needed(clock->now_seconds());
    store->add_pending_compactions(-1);
    // Aborted: the table is shutting down (close, drop); the compaction rolled back.
    if (!s.is_ok() && s.code() != Status::Code::kAborted) {
      logger->error("background compaction: {}", s.to_string());
    }
  });
}

Result<size_t> DatabaseImpl::upgrade_sstables(const std::string& keyspace,
                                              const std::vector<std::string>& tables,
                                              bool include_current,
                                              std::function<void(const UpgradeProgress&)> progress) {
  CAIRN_RETURN_IF_ERROR(check_open());
  std::vector<TableSchemaRef> targets;
  if (keyspace.empty() || keyspace == kSystemKeyspace) {
    if (keyspace.empty() && !tables.empty()) {
      return Status::invalid_argument("tables given without a keyspace");
    }
    // Every table, the system keyspace's included (they are sstables like any other).
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, store] : stores_) {
      TableSchemaRef t = store->schema();
      if (keyspace.empty() || (t->keyspace() == keyspace &&
                               (tables.empty() || std::find(tables.begin(), tables.end(),
                                                            t->name()) != tables.end()))) {
        targets.push_back(t);
      }
    }
  } else {
    if (!find_keyspace(keyspace)) return Status::not_found("keyspace " + keyspace + " does not exist");
    if (tables.empty()) targets = this->tables(keyspace);
    for (const auto& name : tables) {
      TableSchemaRef t = find_table(keyspace, name);
      if (!t) return Status::not_found("table " + keyspace + "." + name + " does not exist");
      targets.push_back(t);
    }
  }
  size_t rewritten = 0;
  for (const auto& t : targets) {
    StoreRef store = store_by_id(t->id());
    if (!store) continue;  // dropped meanwhile
    store->add_pending_compactions(1);
    auto n = store->rewrite_sstables(
        include_current, env_.clock->now_seconds(),
        [&](const std::string& done, size_t index, size_t total) {
          if (progress) progress({t->keyspace(), t->name(), done, index, total});
        });
    store->add_pending_compactions(-1);
    if (!n.is_ok()) return n.status();
    rewritten += n.value();
  }
  return rewritten;
}

Status DatabaseImpl::compact(const std::string& keyspace, const std::string& table) {
  CAIRN_RETURN_IF_ERROR(check_open());
  TableSchemaRef schema = find_table(keyspace, table);
  if (!schema) return Status::not_found("table " + keyspace + "." + table + " does not exist");
  StoreRef store = store_by_id(schema->id());
  CAIRN_RETURN_IF_ERROR(flush_stores({store}));
  store->add_pending_compactions(1);
  Status s = store->compact_all(env_.clock->now_seconds());
  store->add_pending_compactions(-1);
  return s;
}

std::vector<TableStats> DatabaseImpl::table_stats() const {
  std::vector<StoreRef> stores;
  {
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, store] : stores_) stores.push_back(store);
  }
  std::vector<TableStats> out;
  out.reserve(stores.size());
  for (const auto& store : stores) out.push_back(store->stats());
  std::sort(out.begin(), out.end(), [](const TableStats& a, const TableStats& b) {
    return std::tie(a.keyspace, a.table) < std::tie(b.keyspace, b.table);
  });
  return out;
}

NodeStats DatabaseImpl::node_stats() const {
  NodeStats out;
  if (commitlog_) {
    out.commitlog_bytes = commitlog_->bytes_on_disk();
    out.commitlog_segments = commitlog_->segment_count();
    out.commitlog_sync_latency = commitlog_->sync_latency();
  }
  return out;
}

Status DatabaseImpl::flush() {
  CAIRN_RETURN_IF_ERROR(check_open());
  std::vector<StoreRef> stores;
  {
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, s] : stores_) stores.push_back(s);
  }
  return flush_stores(stores);
}

Status DatabaseImpl::flush_table(const std::string& keyspace, const std::string& table) {
  CAIRN_RETURN_IF_ERROR(check_open());
  TableSchemaRef schema = find_table(keyspace, table);
  if (!schema) return Status::not_found("table " + keyspace + "." + table + " does not exist");
  return flush_stores({store_by_id(schema->id())});
}

size_t DatabaseImpl::sstable_count(const std::string& keyspace, const std::string& table) const {
  TableSchemaRef schema = find_table(keyspace, table);
  if (!schema) return 0;
  StoreRef store = store_by_id(schema->id());
  return store ? store->sstable_count() : 0;
}

Status DatabaseImpl::close() {
  if (closed_.load()) {
    return Status::ok();
  }
  // After a failed open nothing is flushed: what was half replayed stays in the
  // commitlog for the next attempt.
  Status s = opened_ ? flush() : Status::ok();
  closed_.store(true);
  {
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, store] : stores_) store->shut_down();
  }
  if (commitlog_) {
    Status c = commitlog_->close();
    if (s.is_ok()) s = c;
  }
  lock_.reset();
  return s;
}

// ---- snapshots, truncate, import ----

Result<DatabaseImpl::StoreRef> DatabaseImpl::user_store(const std::string& keyspace,
                                                        const std::string& table,
                                                        const char* what) const {
  CAIRN_RETURN_IF_ERROR(check_open());
  if (is_system_keyspace(keyspace)) {
    return Status::invalid_argument(std::string("cannot ") + what + " system tables");
  }
  TableSchemaRef schema = find_table(keyspace, table);
  StoreRef store = schema ? store_by_id(schema->id()) : nullptr;
  if (!store) return Status::not_found("table " + keyspace + "." + table + " does not exist");
  return store;
}

Status DatabaseImpl::snapshot(const std::string& given_name,
                              const std::vector<std::string>& keyspaces) {
  CAIRN_RETURN_IF_ERROR(check_open());
  const std::string name =
      given_name.empty() ? std::to_string(env_.clock->now_micros() / 1000) : given_name;
  CAIRN_RETURN_IF_ERROR(validate_snapshot_name(name));
  for (const auto& ks : keyspaces) {
    if (!is_system_keyspace(ks) && !find_keyspace(ks)) {
      return Status::invalid_argument("cannot snapshot keyspace " + ks + ": it does not exist");
    }
  }
  std::vector<StoreRef> stores;
  {
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, store] : stores_) {
      const TableSchemaRef schema = store->schema();
      const std::string& ks = schema->keyspace();
      const bool wanted =
          keyspaces.empty() ? !is_system_keyspace(ks)
                            : std::find(keyspaces.begin(), keyspaces.end(), ks) != keyspaces.end();
      if (wanted) stores.push_back(store);
    }
  }
  return snapshot_stores(name, stores);
}

Status DatabaseImpl::snapshot_stores(const std::string& name, const std::vector<StoreRef>& stores) {
  for (const auto& store : stores) {
    if (env_.fs->exists(snapshot_directory(store->directory(), name))) {
      return Status::already_exists("snapshot '" + name + "' already exists for table " +
                                    store->schema()->keyspace() + "." + store->schema()->name());
    }
  }
  CAIRN_RETURN_IF_ERROR(flush_stores(stores));
  for (size_t i = 0; i < stores.size(); ++i) {
    const TableSchemaRef schema = stores[i]->schema();  // kept: ALTER may replace it
    const TableSchema& table = *schema;
    std::string cql;
    if (auto ks = find_keyspace(table.keyspace())) cql = ks->to_cql();
    cql += table.to_cql();
    StoreRef store = stores[i];
    Status s = take_snapshot(env_, store->directory(), name, [store] { return store->sstables(); },
                             cql);
    if (!s.is_ok()) {
      // All tables or none: the snapshots this call took are removed again.
      for (size_t j = 0; j < i; ++j) {
        Status c = clear_table_snapshots(*env_.fs, stores[j]->directory(), name);
        if (!c.is_ok()) logger_->error("removing a partial snapshot: {}", c.to_string());
      }
      return s;
    }
  }
  logger_->info("snapshot '{}' taken of {} tables", name, stores.size());
  return Status::ok();
}

Status DatabaseImpl::auto_snapshot(const std::string& prefix, const StoreRef& store) {
  if (!options_.auto_snapshot) return Status::ok();
  // Two truncates within one millisecond (a test's clock) get distinct names.
  int64_t millis = env_.clock->now_micros() / 1000;
  std::string name;
  do {
    name = prefix + "-" + std::to_string(millis++) + "-" + store->schema()->name();
  } while (env_.fs->exists(snapshot_directory(store->directory(), name)));
  return snapshot_stores(name, {store});
}

Result<std::vector<SnapshotInfo>> DatabaseImpl::list_snapshots() {
  CAIRN_RETURN_IF_ERROR(check_open());
  CAIRN_ASSIGN_OR_RETURN(auto tables, find_table_directories(*env_.fs, options_.data_directory));
  std::vector<SnapshotInfo> out;
  for (const auto& table : tables) {
    CAIRN_ASSIGN_OR_RETURN(auto snapshots, list_table_snapshots(*env_.fs, table));
    out.insert(out.end(), snapshots.begin(), snapshots.end());
  }
  std::sort(out.begin(), out.end(), [](const SnapshotInfo& a, const SnapshotInfo& b) {
    return std::tie(a.keyspace, a.table, a.name) < std::tie(b.keyspace, b.table, b.name);
  });
  return out;
}

Status DatabaseImpl::clear_snapshot(const std::string& name,
                                    const std::vector<std::string>& keyspaces) {
  CAIRN_RETURN_IF_ERROR(check_open());
  if (!name.empty()) CAIRN_RETURN_IF_ERROR(validate_snapshot_name(name));
  std::vector<TableDirectory> tables;
  if (keyspaces.empty()) {
    CAIRN_ASSIGN_OR_RETURN(tables, find_table_directories(*env_.fs, options_.data_directory));
  }
  for (const auto& ks : keyspaces) {
    // A dropped keyspace whose tables' snapshots were kept has only its directory.
    if (!is_system_keyspace(ks) && !find_keyspace(ks) &&
        !env_.fs->is_directory(join_path(options_.data_directory, ks))) {
      return Status::invalid_argument("cannot clear snapshots of keyspace " + ks +
                                      ": it does not exist");
    }
    CAIRN_ASSIGN_OR_RETURN(auto found,
                           find_table_directories(*env_.fs, options_.data_directory, ks));
    tables.insert(tables.end(), found.begin(), found.end());
  }
  std::set<std::string> live;
  {
    std::shared_lock<std::shared_mutex> lock(schema_mu_);
    for (const auto& [id, store] : stores_) live.insert(store->directory());
  }
  for (const auto& table : tables) {
    CAIRN_RETURN_IF_ERROR(clear_table_snapshots(*env_.fs, table.path, name));
    if (live.count(table.path) != 0) continue;
    // A dropped table's directory was kept for its snapshots; the last one is gone.
    CAIRN_ASSIGN_OR_RETURN(auto left, env_.fs->list_dir(table.path));
    if (!left.empty()) continue;
    CAIRN_RETURN_IF_ERROR(env_.fs->remove_dir(table.path));
    const std::string ks_dir = parent_dir(table.path);
    CAIRN_ASSIGN_OR_RETURN(auto ks_left, env_.fs->list_dir(ks_dir));
    if (ks_left.empty() && !find_keyspace(table.keyspace)) {
      CAIRN_RETURN_IF_ERROR(env_.fs->remove_dir(ks_dir));
    }
  }
  return Status::ok();
}

Status DatabaseImpl::truncate(const std::string& keyspace, const std::string& table) {
  // One schema change or truncate at a time: a drop cannot race this one.
  std::lock_guard<std::mutex> change(schema_change_mu_);
  CAIRN_ASSIGN_OR_RETURN(StoreRef store, user_store(keyspace, table, "truncate"));
  CAIRN_RETURN_IF_ERROR(auto_snapshot("truncated", store));
  // No flush, compaction or import of the table from here until its files are gone,
  // so the view cannot gain an sstable holding truncated data behind our back.
  auto exclusive = store->exclusive();
  ReplayPosition position;
  {
    // No write is in flight: every record before `position` is in the memtable we
    // switch out (or older ones, or sstables), every later one in the new memtable.
    SwitchGuard guard(barrier_);
    position = commitlog_->current_position();
    store->switch_memtable(position);
  }
  // Durable before any data goes: a crash from here on finishes the truncate at the
  // next open (apply_truncation); a crash before it leaves the table untouched.
  const TruncationRecord record{position, store->next_generation()};
  CAIRN_RETURN_IF_ERROR(write_schema(truncation_recorded(
      store->schema()->id(), record, next_schema_timestamp(), env_.clock->now_seconds())));
  CAIRN_RETURN_IF_ERROR(store->discard_before(position, record.first_generation));
  exclusive = {};
  logger_->info("truncated {}.{} at commitlog position ({}, {})", keyspace, table,
                position.segment_id, position.offset);
  // The discarded memtables will never flush: release the segments that held them.
  return commitlog_->discard_completed(store->schema()->id(), position);
}

Result<size_t> DatabaseImpl::import_sstables(const std::string& keyspace, const std::string& table,
                                             const std::string& source_dir) {
  CAIRN_ASSIGN_OR_RETURN(StoreRef store, user_store(keyspace, table, "import into"));
  // Flush first: then every record of this table before `flushed` is in sstables, so
  // an imported sstable whose commitlog bound is at most `flushed` (every sstable this
  // node wrote before now) cannot make replay skip an unflushed write.
  ReplayPosition flushed;
  {
    SwitchGuard guard(barrier_);
    flushed = commitlog_->current_position();
    store->switch_memtable(flushed);
  }
  CAIRN_RETURN_IF_ERROR(store->flush_pending());
  CAIRN_ASSIGN_OR_RETURN(size_t imported, store->import_sstables(source_dir, flushed));
  schedule_compaction(store);
  return imported;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const Env& env, DatabaseOptions options) {
  auto db = std::make_unique<DatabaseImpl>(env, std::move(options), nullptr);
  CAIRN_RETURN_IF_ERROR(db->open());
  return std::unique_ptr<Database>(std::move(db));
}

Result<std::unique_ptr<Database>> Database::open(DatabaseOptions options) {
  auto owned = std::make_unique<DefaultEnv>();
  Env env = owned->env();
  auto db = std::make_unique<DatabaseImpl>(env, std::move(options), std::move(owned));
  CAIRN_RETURN_IF_ERROR(db->open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace cairn
