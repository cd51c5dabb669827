// ColumnFamilyStore: one table on one node — its memtables, its sstables, its flushes
// and its read path.
//
// Writes land in the active memtable. A flush switches the active memtable out (under
// the database's WriteBarrier, see switch_memtable) and writes it to a new sstable;
// flushes of one table run one at a time and in switch order, so when a memtable's
// sstable is installed every older memtable is flushed too and the commitlog can drop
// what lies before its upper bound. Reads take a snapshot of the view (memtables and
// sstables), merge what each holds for the key, then apply tombstones and TTLs.
//
// The schema can be replaced while the table serves (ALTER TABLE, set_schema); each
// operation works with the schema it found when it started. The clustering comparator
// never changes. Reads hide the cells of the schema's dropped columns.
//
// Thread safety: every public method may be called concurrently.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "commitlog/commitlog.h"
#include "common/env/env.h"
#include "common/logging.h"
#include "model/schema.h"
#include "sstable/sstable.h"
#include "storage/database.h"
#include "storage/memtable.h"

namespace cairn {

class ColumnFamilyStore {
 public:
  // `commitlog` may be null (a test); it must outlive this object's flushes. A flush
  // tells it the table's records are done with, so a keyspace without durable_writes
  // (which writes none) may still pass it: durable_writes can change by ALTER.
  ColumnFamilyStore(const Env& env, TableSchemaRef schema, std::string directory,
                    CommitLog* commitlog, const DatabaseOptions& options, Logger* logger,
                    ReplayPosition initial_position);

  // Creates the directory, removes incomplete sstables left by a crash, opens the rest.
  Status load();

  // The current schema. A copy: ALTER may replace it meanwhile, and the copy keeps
  // the one returned alive.
  TableSchemaRef schema() const;
  // ALTER TABLE: the new definition, for every operation that starts from now on.
  // REQUIRES: the same table (id) with the same clustering comparator.
  void set_schema(TableSchemaRef schema);
  // Commitlog records before this position are in this table's sstables (the highest
  // commitlog_upper_bound found at load): replay skips them.
  ReplayPosition replay_floor() const { return replay_floor_; }
  const std::string& directory() const { return directory_; }

  // REQUIRES: the caller holds the database's WriteBarrier as a writer.
  void apply(const Partition& update);
  bool over_flush_threshold() const;

  // Replaces the active memtable by an empty one and queues the old one for flush.
  // Returns false when the active memtable was empty (nothing queued).
  // REQUIRES: the caller holds the database's WriteBarrier as a switcher, and
  // `position` is the commitlog's current position.
  bool switch_memtable(ReplayPosition position);
  // Flushes every queued memtable, oldest first. Safe to call from several threads:
  // one flushes; the others wait for it, or with wait=false (background flushes)
  // return at once, since the running flush drains the queue.
  Status flush_pending(bool wait = true);
  // Backpressure: while `max_pending` or more switched memtables wait for their flush,
  // the calling writer flushes them itself (waiting for a running flush first), so
  // writers slow to the flush rate instead of filling memory. A failing flush fails
  // the write instead of letting memtables pile up. 0: never waits.
  Status wait_for_flush_backlog(size_t max_pending);
  // Called (on the flushing thread) after each flush installs its sstable; the
  // database uses it to schedule compaction without waiting for the queue to drain.
  void set_flush_listener(std::function<void()> listener) { flush_listener_ = std::move(listener); }

  Result<std::optional<ReadPartition>> read(const PartitionRead& read, int32_t now_seconds);
  Result<RangePage> scan(const PartitionRange& range, size_t page_size,
                         const std::vector<ClusteringSlice>& slices, int32_t now_seconds);

  // Drops fully expired sstables, then runs the table's compaction strategy while it
  // finds work (never two at once for one table; returns at once if one is running).
  Status compact_if_needed(int32_t now_seconds);
  // upgradesstables: rewrites, one by one, every sstable of an older version (every
  // sstable with include_current) as the current version, crash-safely, while reads
  // and writes go on. Calls `progress` after each; returns how many were rewritten.
  Result<size_t> rewrite_sstables(
      bool include_current, int32_t now_seconds,
      const std::function<void(const std::string& done, size_t index, size_t total)>& progress);
  // Major compaction: merges every sstable into one, purging what gc_grace_seconds allows.
  Status compact_all(int32_t now_seconds);

  size_t sstable_count() const;
  // The table's numbers now (TableStats); lists the table directory.
  TableStats stats() const;
  // Compactions queued or running (TableStats::pending_compactions): whoever queues a
  // compaction of this table adds 1, and takes it back when the compaction ends.
  void add_pending_compactions(int64_t delta) { pending_compactions_.fetch_add(delta); }
  // The sstables currently serving reads (for tests, metrics, snapshots).
  std::vector<std::shared_ptr<SSTableReader>> sstables() const;
  // Stops background work from touching the table; waits for a running flush.
  void shut_down();
  // Deletes every sstable, and the directory unless it holds snapshots (kept after a
  // drop, as Cassandra does). REQUIRES: shut_down() was called.
  Status destroy();

  // --- truncate and import ---
  // While held, no flush, compaction or import of this table runs (truncate holds it
  // from the memtable switch until the truncated files are gone).
  struct ExclusiveGuard {
    std::unique_lock<std::mutex> flush;
    std::unique_lock<std::mutex> compaction;
  };
  [[nodiscard]] ExclusiveGuard exclusive();
  // The generation the next new sstable gets; every later one gets a greater one.
  uint64_t next_generation() const { return next_generation_.load(); }
  // Removes from the view, and deletes, the queued memtables switched out at or before
  // `position` and the sstables of generations below `first_generation`.
  // REQUIRES: the caller holds exclusive().
  Status discard_before(ReplayPosition position, uint64_t first_generation);
  // At open, before replay, applies the table's truncation record: replay skips the
  // records before `position`, new sstables get generations from `first_generation`
  // on, and sstables below it (left by a crash in the middle of a truncate) are deleted.
  Status apply_truncation(ReplayPosition position, uint64_t first_generation);
  // Copies every complete sstable of `source_dir` into the table under new generations
  // and adds them to the view at once; returns how many. Each is opened and verified
  // before anything is copied, so damaged input imports nothing. InvalidArgument
  // when an sstable covers commitlog positions past `max_upper_bound` (its bound would
  // make replay skip this table's unflushed writes).
  Result<size_t> import_sstables(const std::string& source_dir, ReplayPosition max_upper_bound);

 private:
  struct View {
    std::shared_ptr<Memtable> active;
    std::vector<std::shared_ptr<Memtable>> flushing;  // oldest first
    std::vector<std::shared_ptr<SSTableReader>> sstables;
  };
  View view() const;
  Status flush_one(const std::shared_ptr<Memtable>& memtable);
  // Replaces `inputs` by their compaction, crash-safely (a TransactionLog).
  struct CompactionTarget {
    bool rewrite_only = false;  // purge nothing, drop nothing (upgrade rewriting)
    uint32_t output_level = 0;
    uint64_t max_output_bytes = 0;  // split outputs at about this size; 0: one output
    uint64_t* output_generation = nullptr;  // set to the first output's generation
  };
  Status compact(const std::vector<std::shared_ptr<SSTableReader>>& inputs, int32_t now_seconds,
                 const CompactionTarget& target);
  // Deletes sstables whose every cell expired (in a transaction; nothing is read).
  Status drop_sstables(const std::vector<std::shared_ptr<SSTableReader>>& expired);
  // True when no data for `key` older than `timestamp` exists outside `inputs`.
  bool can_purge(const std::vector<std::shared_ptr<SSTableReader>>& inputs,
                 const DecoratedKey& key, int64_t timestamp) const;
  Result<std::optional<Partition>> merged(const View& v, const DecoratedKey& key,
                                          const std::vector<ClusteringSlice>& slices);
  // merged() for one slice of which only the first `rows_wanted` rows (the last when
  // `reversed`) matter: each source gives at most that many, and the merge keeps only
  // the rows every source has given in full. `*complete` tells whether that is the
  // whole slice (otherwise more rows may follow the last one kept).
  // The one sstable that may hold `key` when no memtable of `v` holds anything and
  // no other sstable may hold it; nullptr otherwise.
  static const SSTableReader* only_source(const View& v, const DecoratedKey& key);
  Result<std::optional<Partition>> merged_first(const View& v, const DecoratedKey& key,
                                                const ClusteringSlice& slice, size_t rows_wanted,
                                                bool reversed, bool* complete);

  const Env env_;
  mutable std::mutex schema_mu_;  // guards schema_ (the pointer, not the immutable schema)
  TableSchemaRef schema_;
  const ClusteringComparatorRef comparator_;  // schema_'s, which ALTER never changes
  std::string directory_;
  CommitLog* commitlog_;
  const DatabaseOptions& options_;
  Logger* logger_;

  mutable std::shared_mutex view_mu_;
  View view_;
  std::atomic<uint64_t> next_generation_{1};
  ReplayPosition replay_floor_;  // set by load()

  std::mutex flush_mu_;       // serializes flushes of this table
  std::function<void()> flush_listener_;  // set before the store is shared
  std::mutex compaction_mu_;  // one compaction of this table at a time
  // Generations already compacted alone for their tombstones, or produced that way
  // (guarded by compaction_mu_): never again, so an unpurgeable tombstone cannot make
  // the table rewrite one sstable forever.
  std::set<uint64_t> tombstone_compacted_;
  std::atomic<bool> shut_down_{false};
  std::atomic<int64_t> pending_compactions_{0};
  std::atomic<uint64_t> completed_compactions_{0};  // committed compactions and drops
};

}  // namespace cairn
