#include "storage/column_family_store.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "sstable/transaction_log.h"
#include "storage/compaction/compaction_task.h"
#include "storage/compaction/compaction_strategy.h"
#include "storage/read_result.h"
#include "storage/snapshot.h"

namespace cairn {

ColumnFamilyStore::ColumnFamilyStore(const Env& env, TableSchemaRef schema, std::string directory,
                                     CommitLog* commitlog, const DatabaseOptions& options,
                                     Logger* logger, ReplayPosition initial_position)
    : env_(env),
      schema_(std::move(schema)),
      comparator_(schema_->clustering_comparator()),
      directory_(std::move(directory)),
      commitlog_(commitlog),
      options_(options),
      logger_(logger) {
  view_.active = std::make_shared<Memtable>(comparator_, initial_position);
}

TableSchemaRef ColumnFamilyStore::schema() const {
  std::lock_guard<std::mutex> lock(schema_mu_);
  return schema_;
}

void ColumnFamilyStore::set_schema(TableSchemaRef schema) {
  std::lock_guard<std::mutex> lock(schema_mu_);
  schema_ = std::move(schema);
}

Status ColumnFamilyStore::load() {
  const TableSchemaRef schema = this->schema();
  CAIRN_RETURN_IF_ERROR(env_.fs->create_dirs(directory_));
  // A compaction cut short by a crash is completed or rolled back before anything
  // else looks at the sstables.
  CAIRN_RETURN_IF_ERROR(TransactionLog::recover(*env_.fs, directory_, logger_));
  std::vector<SSTableDescriptor> incomplete;
  CAIRN_ASSIGN_OR_RETURN(auto descriptors, list_sstables(*env_.fs, directory_, &incomplete));
  uint64_t max_generation = 0;
  for (const auto& d : incomplete) {
    // A flush that crashed before its TOC: the memtable's data is still in the commitlog.
    logger_->warn("removing incomplete sstable {} generation {} left by a crash", directory_,
                  d.generation);
    CAIRN_RETURN_IF_ERROR(delete_sstable(*env_.fs, d));
    max_generation = std::max(max_generation, d.generation);
  }
  std::vector<std::shared_ptr<SSTableReader>> readers;
  for (const auto& d : descriptors) {
    max_generation = std::max(max_generation, d.generation);
    auto reader = SSTableReader::open(env_, d, comparator_);
    if (!reader.is_ok()) {
      return reader.status().with_context("opening table " + schema->keyspace() + "." +
                                          schema->name());
    }
    replay_floor_ = std::max(replay_floor_, reader.value()->stats().commitlog_upper_bound,
                             [](const ReplayPosition& a, const ReplayPosition& b) { return a < b; });
    readers.push_back(std::move(reader).value());
  }
  // New sstables never reuse a name a snapshot holds: list_snapshots tells the space
  // a snapshot alone holds by its file names, and an import from a snapshot must not
  // meet its own names.
  const std::string snapshots = join_path(directory_, kSnapshotsDirectory);
  if (env_.fs->is_directory(snapshots)) {
    CAIRN_ASSIGN_OR_RETURN(auto names, env_.fs->list_dir(snapshots));
    for (const auto& name : names) {
      const std::string dir = join_path(snapshots, name);
      if (!env_.fs->is_directory(dir)) continue;
      CAIRN_ASSIGN_OR_RETURN(auto files, env_.fs->list_dir(dir));
      for (const auto& f : files) {
        auto parsed = SSTableDescriptor::parse(f);
        if (parsed.is_ok()) max_generation = std::max(max_generation, parsed->first.generation);
      }
    }
  }
  std::unique_lock<std::shared_mutex> lock(view_mu_);
  view_.sstables = std::move(readers);
  next_generation_.store(max_generation + 1);
  return Status::ok();
}

void ColumnFamilyStore::apply(const Partition& update) {
  std::shared_ptr<Memtable> active;
  {
    std::shared_lock<std::shared_mutex> lock(view_mu_);
    active = view_.active;
  }
  active->apply(update);
}

bool ColumnFamilyStore::over_flush_threshold() const {
  std::shared_lock<std::shared_mutex> lock(view_mu_);
  return view_.active->memory_bytes() >= options_.memtable_flush_threshold_bytes;
}

bool ColumnFamilyStore::switch_memtable(ReplayPosition position) {
  std::unique_lock<std::shared_mutex> lock(view_mu_);
  if (view_.active->empty()) return false;
  view_.active->set_upper_bound(position);
  view_.flushing.push_back(view_.active);
  view_.active = std::make_shared<Memtable>(comparator_, position);
  return true;
}

ColumnFamilyStore::View ColumnFamilyStore::view() const {
  std::shared_lock<std::shared_mutex> lock(view_mu_);
  return view_;
}

Status ColumnFamilyStore::flush_pending(bool wait) {
  std::unique_lock<std::mutex> flush_lock(flush_mu_, std::defer_lock);
  if (wait) {
    flush_lock.lock();
  } else if (!flush_lock.try_lock()) {
    return Status::ok();
  }
  for (;;) {
    if (shut_down_.load()) return Status::ok();
    std::shared_ptr<Memtable> next;
    {
      std::shared_lock<std::shared_mutex> lock(view_mu_);
      if (view_.flushing.empty()) return Status::ok();
      next = view_.flushing.front();
    }
    CAIRN_RETURN_IF_ERROR(flush_one(next));
    if (flush_listener_) flush_listener_();
  }
}

Status ColumnFamilyStore::flush_one(const std::shared_ptr<Memtable>& memtable) {
  std::shared_ptr<SSTableReader> reader;
  const TableSchemaRef schema = this->schema();
  if (!memtable->empty()) {
    SSTableDescriptor descriptor{directory_, kCurrentSSTableVersion, next_generation_.fetch_add(1)};
    SSTableWriterOptions writer_options;
    writer_options.bloom_filter_fp_chance = schema->options().bloom_filter_fp_chance;
    writer_options.expected_partitions = memtable->partitions().size();
    writer_options.commitlog_upper_bound = memtable->upper_bound();
    // Checked when the table was created; a schema loaded from disk was checked then.
    if (auto compression = CompressionParams::parse(schema->options().compression);
        compression.is_ok()) {
      writer_options.compression = compression.value();
    }
    CAIRN_ASSIGN_OR_RETURN(auto writer,
                           SSTableWriter::create(env_, descriptor, comparator_, writer_options));
    Status s;
    for (const auto& [key, partition] : memtable->partitions()) {
      s = writer->add(partition);
      if (!s.is_ok()) break;
    }
    if (s.is_ok()) s = writer->finish().status();
    if (!s.is_ok()) {
      writer->abandon();
      logger_->error("flush of {}.{} failed: {}", schema->keyspace(), schema->name(),
                     s.to_string());
      return s;
    }
    CAIRN_ASSIGN_OR_RETURN(reader, SSTableReader::open(env_, descriptor, comparator_));
  }
  {
    std::unique_lock<std::shared_mutex> lock(view_mu_);
    if (reader) view_.sstables.push_back(reader);
    auto& f = view_.flushing;
    f.erase(std::find(f.begin(), f.end(), memtable));
  }

  // Flushes run in switch order, so everything before this memtable's upper bound is
  // now in sstables.
  if (commitlog_ != nullptr) {
    CAIRN_RETURN_IF_ERROR(commitlog_->discard_completed(schema->id(), memtable->upper_bound()));
  }
  return Status::ok();
}

Result<std::optional<Partition>> ColumnFamilyStore::merged(
    const View& v, const DecoratedKey& key, const std::vector<ClusteringSlice>& slices) {
  std::optional<Partition> result;
  auto merge = [&](Partition p) {
    if (!result) {
      result.emplace(std::move(p));
    } else {
      result->apply(p);
    }
  };
  if (auto p = v.active->read(key, slices)) merge(std::move(*p));
  for (const auto& m : v.flushing) {
    if (auto p = m->read(key, slices)) merge(std::move(*p));
  }
  for (const auto& sst : v.sstables) {
    if (!sst->may_contain(key)) continue;
    // Only the slices' rows: an sstable with a row index reads only those blocks.
    CAIRN_ASSIGN_OR_RETURN(auto p, sst->read(key, slices));
    if (p) merge(std::move(*p));
  }
  return result;
}

const SSTableReader* ColumnFamilyStore::only_source(const View& v, const DecoratedKey& key) {
  if (!v.active->empty()) return nullptr;
  for (const auto& m : v.flushing) {
    if (!m->empty()) return nullptr;
  }
  const SSTableReader* only = nullptr;
  for (const auto& sst : v.sstables) {
    if (!sst->may_contain(key)) continue;
    if (only != nullptr) return nullptr;
    only = sst.get();
  }
  return only;
}

Result<std::optional<Partition>> ColumnFamilyStore::merged_first(
    const View& v, const DecoratedKey& key, const ClusteringSlice& slice, size_t rows_wanted,
    bool reversed, bool* complete) {
  std::optional<Partition> result;
  // The row nearest the slice's start (end, reversed) at which a source stopped giving
  // rows: beyond it, rows of that source may be missing from the merge.
  std::optional<Clustering> cut;
  auto merge = [&](Partition p) {
    if (p.row_count() >= rows_wanted && p.row_count() > 0) {
      const ClusteringComparator& cmp = *p.comparator();
      const Clustering& edge = reversed ? p.rows().begin()->first : p.rows().rbegin()->first;
      if (!cut || (reversed ? cmp.compare(edge, *cut) > 0 : cmp.compare(edge, *cut) < 0)) {
        cut = edge;
      }
    }
    if (!result) {
      result.emplace(std::move(p));
    } else {
      result->apply(p);
    }
  };
  if (auto p = v.active->read_first(key, slice, rows_wanted, reversed)) merge(std::move(*p));
  for (const auto& m : v.flushing) {
    if (auto p = m->read_first(key, slice, rows_wanted, reversed)) merge(std::move(*p));
  }
  for (const auto& sst : v.sstables) {
    if (!sst->may_contain(key)) continue;
    CAIRN_ASSIGN_OR_RETURN(auto p, sst->read_first(key, slice, rows_wanted, reversed));
    if (p) merge(std::move(*p));
  }
  *complete = !cut.has_value();
  if (!result || !cut) return result;
  // Nothing lies past the cut when it is the merge's own last row (first, reversed):
  // always so when one source holds the partition.
  const Clustering& edge =
      reversed ? result->rows().begin()->first : result->rows().rbegin()->first;
  if (edge == *cut) return result;
  // Keep the rows up to the cut, which every source has given in full.
  ClusteringSlice kept = slice;
  if (reversed) {
    kept.start = ClusteringBound{std::move(*cut), ClusteringBound::Kind::kInclusiveStart};
  } else {
    kept.end = ClusteringBound{std::move(*cut), ClusteringBound::Kind::kInclusiveEnd};
  }
  return std::optional<Partition>(result->slice({kept}));
}

Result<std::optional<ReadPartition>> ColumnFamilyStore::read(const PartitionRead& read,
                                                             int32_t now_seconds) {
  const TableSchemaRef schema = this->schema();
  View v = view();
  if (read.slices.size() == 1) {
    // One source (the memtables are empty, one sstable may hold the key): its rows go
    // straight into the result as they are decoded, up to the limit.
    if (const SSTableReader* only = only_source(v, read.key)) {
      return read_one_sstable(*schema, *only, read.key, read.slices.front(), read.reversed,
                              read.row_limit, now_seconds);
    }
  }
  if (read.slices.size() == 1 && read.row_limit != SIZE_MAX) {
    // A LIMIT-ed slice asks each source for only as many rows as it returns, and for
    // four times more while deleted, expired or hidden rows leave it short.
    for (size_t wanted = std::max<size_t>(read.row_limit, 1);;
         wanted = wanted > SIZE_MAX / 4 ? SIZE_MAX : wanted * 4) {
      bool complete = false;
      CAIRN_ASSIGN_OR_RETURN(auto partition, merged_first(v, read.key, read.slices.front(),
                                                          wanted, read.reversed, &complete));
      if (!partition) return std::optional<ReadPartition>();
      std::optional<ReadPartition> out =
          live_read(*schema, *partition, read.reversed, read.row_limit, now_seconds);
      if (complete || (out && out->rows.size() >= read.row_limit)) return out;
    }
  }
  CAIRN_ASSIGN_OR_RETURN(auto partition, merged(v, read.key, read.slices));
  if (!partition) return std::optional<ReadPartition>();
  return live_read(*schema, *partition, read.reversed, read.row_limit, now_seconds);
}

Result<RangePage> ColumnFamilyStore::scan(const PartitionRange& range, size_t page_size,
                                          const std::vector<ClusteringSlice>& slices,
                                          int32_t now_seconds) {
  RangePage page;
  if (page_size == 0) return Status::invalid_argument("page size must be positive");
  const TableSchemaRef schema = this->schema();
  View v = view();
  PartitionRange cursor = range;
  for (;;) {
    // Each source offers its next keys; a source that returned a full batch may hold
    // more keys beyond its last one, so only keys up to the smallest such last key are
    // certainly in order.
    std::vector<DecoratedKey> keys;
    std::optional<DecoratedKey> cutoff;
    auto collect = [&](auto&& source) {
      std::vector<DecoratedKey> batch;
      source(&batch);
      if (batch.size() == page_size && (!cutoff || compare(batch.back(), *cutoff) < 0)) {
        cutoff = batch.back();
      }
      keys.insert(keys.end(), batch.begin(), batch.end());
    };
    collect([&](auto* out) { v.active->collect_keys(cursor, page_size, out); });
    for (const auto& m : v.flushing) {
      collect([&](auto* out) { m->collect_keys(cursor, page_size, out); });
    }
    for (const auto& sst : v.sstables) {
      collect([&](auto* out) { sst->collect_keys(cursor, page_size, out); });
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (cutoff) {
      keys.erase(std::upper_bound(keys.begin(), keys.end(), *cutoff), keys.end());
    }
    if (keys.empty()) return page;
    for (const auto& key : keys) {
      CAIRN_ASSIGN_OR_RETURN(auto partition, merged(v, key, slices));
      if (!partition) continue;
      Partition live = partition->live_view(now_seconds);
      if (live.rows().empty() && live.static_row().empty()) continue;
      ReadPartition out = to_read_partition(*schema, live, false, SIZE_MAX);
      if (out.rows.empty() && out.static_row.empty()) continue;
      page.partitions.push_back(std::move(out));
      if (page.partitions.size() == page_size) {
        page.resume_after = key;
        return page;
      }
    }
    if (!cutoff) return page;  // every source was exhausted
    cursor.resume_after = keys.back();
  }
}

size_t ColumnFamilyStore::sstable_count() const {
  std::shared_lock<std::shared_mutex> lock(view_mu_);
  return view_.sstables.size();
}

TableStats ColumnFamilyStore::stats() const {
  const View v = view();
  const TableSchemaRef schema = this->schema();
  TableStats out;
  out.keyspace = schema->keyspace();
  out.table = schema->name();
  out.memtable_bytes = v.active->memory_bytes();
  out.memtable_partitions = v.active->partition_count();
  for (const auto& m : v.flushing) {
    out.memtable_bytes += m->memory_bytes();
    out.memtable_partitions += m->partition_count();
  }
  out.sstable_count = v.sstables.size();
  for (const auto& sst : v.sstables) out.live_disk_bytes += sst->on_disk_bytes();
  if (auto names = env_.fs->list_dir(directory_); names.is_ok()) {
    for (const auto& name : names.value()) {
      const std::string path = join_path(directory_, name);
      if (env_.fs->is_directory(path)) continue;  // snapshots/, backups/
      if (auto size = env_.fs->file_size(path); size.is_ok()) out.total_disk_bytes += size.value();
    }
  }
  out.pending_compactions =
      static_cast<uint64_t>(std::max<int64_t>(0, pending_compactions_.load()));
  out.completed_compactions = completed_compactions_.load();
  return out;
}

Status ColumnFamilyStore::wait_for_flush_backlog(size_t max_pending) {
  if (max_pending == 0) return Status::ok();
  const TableSchemaRef schema = this->schema();
  auto backlog = [&] {
    std::shared_lock<std::shared_mutex> lock(view_mu_);
    return view_.flushing.size();
  };
  while (!shut_down_.load() && backlog() >= max_pending) {
    Status s = flush_pending(/*wait=*/true);
    if (!s.is_ok()) {
      return s.with_context("writes to " + schema->keyspace() + "." + schema->name() +
                            " wait for flushes that fail");
    }
  }
  return Status::ok();
}

std::vector<std::shared_ptr<SSTableReader>> ColumnFamilyStore::sstables() const {
  std::shared_lock<std::shared_mutex> lock(view_mu_);
  return view_.sstables;
}

void ColumnFamilyStore::shut_down() {
  shut_down_.store(true);

  std::lock_guard<std::mutex> flush_lock(flush_mu_);            // waits for a running flush
  std::lock_guard<std::mutex> compaction_lock(compaction_mu_);  // and compaction (it stops early)
}

// ---- compaction ----

Status ColumnFamilyStore::compact_if_needed(int32_t now_seconds) {
  std::unique_lock<std::mutex> lock(compaction_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return Status::ok();  // the running one will look again
  const TableSchemaRef schema = this->schema();
  const auto& options = schema->options().compaction;
  const int64_t gc_before = static_cast<int64_t>(now_seconds) - schema->options().gc_grace_seconds;
  while (!shut_down_.load()) {
    View v = view();
    std::vector<CompactionCandidate> candidates;
    for (const auto& sst : v.sstables) {
      const SSTableStats& st = sst->stats();
      candidates.push_back({st.data_size_bytes, st.min_timestamp, st.max_timestamp,
                            st.max_local_deletion_time, st.min_token, st.max_token, st.level});
    }
    int64_t memtable_min = v.active->min_timestamp();
    for (const auto& m : v.flushing) memtable_min = std::min(memtable_min, m->min_timestamp());

    // Sstables whose every cell expired past gc_grace go without being read.
    std::vector<std::shared_ptr<SSTableReader>> inputs;
    for (size_t i : fully_expired(candidates, static_cast<int32_t>(std::max<int64_t>(gc_before, INT32_MIN)),
                                  memtable_min)) {
      inputs.push_back(v.sstables[i]);
    }
    if (!inputs.empty()) {
      CAIRN_RETURN_IF_ERROR(drop_sstables(inputs));
      continue;
    }
    const CompactionPick pick = pick_compaction(options, candidates, env_.clock->now_micros());
    for (size_t i : pick.inputs) inputs.push_back(v.sstables[i]);
    if (inputs.empty()) {
      // Nothing for the strategy: a single sstable whose purgeable tombstones pass
      // tombstone_threshold is compacted alone, once.
      std::vector<double> droppable;
      for (const auto& sst : v.sstables) {
        const bool tried = tombstone_compacted_.count(sst->descriptor().generation) > 0;
        droppable.push_back(tried ? 0.0
                                  : sst->stats().estimated_droppable_tombstones(
                                        static_cast<int32_t>(std::max<int64_t>(gc_before, INT32_MIN))));
      }
      const size_t single = pick_tombstone_compaction(options, candidates, droppable);
      if (single == SIZE_MAX) return Status::ok();
      inputs.push_back(v.sstables[single]);
      tombstone_compacted_.insert(v.sstables[single]->descriptor().generation);
      // Its output must not be picked again for the tombstones it could not purge.
      uint64_t output = 0;
      CompactionTarget target;
      target.output_level = inputs[0]->stats().level;
      target.output_generation = &output;
      CAIRN_RETURN_IF_ERROR(compact(inputs, now_seconds, target));
      tombstone_compacted_.insert(output);
      continue;
    }
    CompactionTarget target;
    target.output_level = pick.output_level;
    target.max_output_bytes = pick.max_output_bytes;
    CAIRN_RETURN_IF_ERROR(compact(inputs, now_seconds, target));
  }
  return Status::ok();
}

Status ColumnFamilyStore::drop_sstables(const std::vector<std::shared_ptr<SSTableReader>>& expired) {
  const TableSchemaRef schema = this->schema();
  std::vector<SSTableDescriptor> descriptors;
  uint64_t bytes = 0;
  for (const auto& sst : expired) {
    descriptors.push_back(sst->descriptor());
    bytes += sst->stats().data_size_bytes;
  }
  CAIRN_ASSIGN_OR_RETURN(auto txn, TransactionLog::begin(
                                       *env_.fs, directory_,
                                       "expired-" + std::to_string(descriptors[0].generation),
                                       descriptors));
  {
    std::unique_lock<std::shared_mutex> lock(view_mu_);
    auto& live = view_.sstables;
    live.erase(std::remove_if(live.begin(), live.end(),
                              [&](const auto& sst) {
                                return std::find(expired.begin(), expired.end(), sst) != expired.end();
                              }),
               live.end());
  }
  CAIRN_RETURN_IF_ERROR(txn->commit());
  completed_compactions_.fetch_add(1);
  logger_->info("dropped {} fully expired sstables of {}.{} ({} bytes) without compacting them",
                expired.size(), schema->keyspace(), schema->name(), bytes);
  return Status::ok();
}

Result<size_t> ColumnFamilyStore::rewrite_sstables(
    bool include_current, int32_t now_seconds,
    const std::function<void(const std::string& done, size_t index, size_t total)>& progress) {
  std::lock_guard<std::mutex> lock(compaction_mu_);
  const TableSchemaRef schema = this->schema();
  std::vector<std::shared_ptr<SSTableReader>> todo;
  for (const auto& sst : sstables()) {
    if (include_current || sst->descriptor().version != kCurrentSSTableVersion) todo.push_back(sst);
  }
  for (size_t i = 0; i < todo.size(); ++i) {
    if (shut_down_.load()) return Status::aborted("table " + schema->name() + " is shutting down");
    CompactionTarget target;
    target.rewrite_only = true;
    target.output_level = todo[i]->stats().level;
    CAIRN_RETURN_IF_ERROR(compact({todo[i]}, now_seconds, target));
    if (progress) progress(todo[i]->descriptor().path(Component::kData), i + 1, todo.size());
  }
  return todo.size();
}

Status ColumnFamilyStore::compact_all(int32_t now_seconds) {
  std::lock_guard<std::mutex> lock(compaction_mu_);
  const TableSchemaRef schema = this->schema();
  auto inputs = sstables();
  if (inputs.empty() || shut_down_.load()) return Status::ok();
  const CompactionPick major = major_compaction_target(schema->options().compaction);
  CompactionTarget target;
  target.output_level = major.output_level;
  target.max_output_bytes = major.max_output_bytes;
  return compact(inputs, now_seconds, target);
}

bool ColumnFamilyStore::can_purge(const std::vector<std::shared_ptr<SSTableReader>>& inputs,
                                  const DecoratedKey& key, int64_t timestamp) const {
  View v = view();
  if (v.active->min_timestamp() <= timestamp) return false;
  for (const auto& m : v.flushing) {
    if (m->min_timestamp() <= timestamp) return false;
  }
  for (const auto& sst : v.sstables) {
    if (std::find(inputs.begin(), inputs.end(), sst) != inputs.end()) continue;
    if (sst->stats().min_timestamp <= timestamp && sst->may_contain(key)) return false;
  }
  return true;
}

Status ColumnFamilyStore::compact(const std::vector<std::shared_ptr<SSTableReader>>& inputs,
                                  int32_t now_seconds, const CompactionTarget& target) {
  const TableSchemaRef schema = this->schema();
  std::vector<SSTableDescriptor> input_descriptors;
  for (const auto& in : inputs) input_descriptors.push_back(in->descriptor());
  // The transaction is named after the first output's generation, reserved here.
  uint64_t generation = next_generation_.fetch_add(1);
  if (target.output_generation != nullptr) *target.output_generation = generation;
  const std::string name =
      (target.rewrite_only ? "upgrade-" : "compaction-") + std::to_string(generation);
  CAIRN_ASSIGN_OR_RETURN(auto txn,
                         TransactionLog::begin(*env_.fs, directory_, name, input_descriptors));
  std::vector<uint64_t> outputs;
  auto next_output = [&]() -> Result<SSTableDescriptor> {
    if (!outputs.empty()) generation = next_generation_.fetch_add(1);
    SSTableDescriptor d{directory_, kCurrentSSTableVersion, generation};
    CAIRN_RETURN_IF_ERROR(txn->record_new(d));
    outputs.push_back(generation);
    return d;
  };

  CompactionParams params;
  const int64_t gc_before =
      static_cast<int64_t>(now_seconds) - schema->options().gc_grace_seconds;
  params.gc_before = static_cast<int32_t>(std::max<int64_t>(gc_before, INT32_MIN));
  params.can_purge = [&](const DecoratedKey& key, int64_t timestamp) {
    return can_purge(inputs, key, timestamp);
  };
  // An upgrade rewrites exactly what is there, tombstones and shadowed data included.
  params.exact = target.rewrite_only;
  params.output_level = target.output_level;
  params.max_output_bytes = target.max_output_bytes;
  params.throughput_bytes_per_sec = options_.compaction_throughput_bytes_per_sec;
  params.large_partition_warning_bytes = options_.compaction_large_partition_warning_threshold_bytes;
  params.stop = &shut_down_;
  params.failpoints = env_.failpoints;
  CompactionStats stats;
  auto result = run_compaction(env_, *schema, inputs, next_output, params, logger_, &stats);
  Status s = result.status();
  if (s.is_ok() && env_.failpoints != nullptr) s = env_.failpoints->check("compaction.before_commit");
  if (!s.is_ok()) {
    Status aborted = txn->abort();
    if (!aborted.is_ok()) logger_->error("rolling back a compaction: {}", aborted.to_string());
    return s;
  }
  std::vector<std::shared_ptr<SSTableReader>> readers = std::move(result).value();
  {
    std::unique_lock<std::shared_mutex> lock(view_mu_);
    auto& live = view_.sstables;
    live.erase(std::remove_if(live.begin(), live.end(),
                              [&](const auto& sst) {
                                return std::find(inputs.begin(), inputs.end(), sst) != inputs.end();
                              }),
               live.end());
    live.insert(live.end(), readers.begin(), readers.end());
  }
  CAIRN_RETURN_IF_ERROR(txn->commit());
  completed_compactions_.fetch_add(1);
  logger_->info("compacted {}.{}: {} sstables, {} bytes, {} partitions -> {} sstables at level {}, "
                "{} bytes, {} partitions",
                schema->keyspace(), schema->name(), inputs.size(), stats.bytes_in,
                stats.partitions_in, readers.size(), target.output_level, stats.bytes_out,
                stats.partitions_out);
  return Status::ok();
}

Status ColumnFamilyStore::destroy() {
  View v = view();
  {
    std::unique_lock<std::shared_mutex> lock(view_mu_);
    view_.sstables.clear();
  }
  for (const auto& sst : v.sstables) CAIRN_RETURN_IF_ERROR(delete_sstable(*env_.fs, sst->descriptor()));
  auto names = env_.fs->list_dir(directory_);
  if (names.is_ok() && names->empty()) return env_.fs->remove_dir(directory_);
  return Status::ok();
}

// ---- truncate and import ----

ColumnFamilyStore::ExclusiveGuard ColumnFamilyStore::exclusive() {
  // The order of shut_down(): flush, then compaction.
  ExclusiveGuard guard{std::unique_lock<std::mutex>(flush_mu_),
                       std::unique_lock<std::mutex>(compaction_mu_)};
  return guard;
}

Status ColumnFamilyStore::discard_before(ReplayPosition position, uint64_t first_generation) {
  std::vector<std::shared_ptr<SSTableReader>> removed;
  {
    std::unique_lock<std::shared_mutex> lock(view_mu_);
    auto& f = view_.flushing;
    f.erase(std::remove_if(f.begin(), f.end(),
                           [&](const auto& m) { return m->upper_bound() <= position; }),
            f.end());
    auto& live = view_.sstables;
    auto kept = std::stable_partition(live.begin(), live.end(), [&](const auto& sst) {
      return sst->descriptor().generation >= first_generation;
    });
    removed.assign(kept, live.end());
    live.erase(kept, live.end());
  }
  // Out of the view first, then deleted: a snapshot linking these files meanwhile
  // sees NotFound and starts again from the new view (see take_snapshot).
  for (const auto& sst : removed) {
    CAIRN_RETURN_IF_ERROR(delete_sstable(*env_.fs, sst->descriptor()));
  }
  return Status::ok();
}

Status ColumnFamilyStore::apply_truncation(ReplayPosition position, uint64_t first_generation) {
  ExclusiveGuard guard = exclusive();
  const TableSchemaRef schema = this->schema();
  if (replay_floor_ < position) replay_floor_ = position;
  if (next_generation_.load() < first_generation) next_generation_.store(first_generation);
  size_t stale = 0;
  for (const auto& sst : sstables()) stale += sst->descriptor().generation < first_generation;
  if (stale > 0) {
    logger_->warn("{}.{}: deleting {} sstables a crash left behind after a truncate",
                  schema->keyspace(), schema->name(), stale);
  }
  return discard_before(position, first_generation);
}

Result<size_t> ColumnFamilyStore::import_sstables(const std::string& source_dir,
                                                  ReplayPosition max_upper_bound) {
  const TableSchemaRef schema = this->schema();
  const std::string table = schema->keyspace() + "." + schema->name();
  auto context = "importing sstables from " + source_dir + " into " + table;
  if (!env_.fs->is_directory(source_dir)) {
    return Status::not_found(context + ": no such directory");
  }
  auto trimmed = [](std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
  };
  if (trimmed(source_dir) == trimmed(directory_)) {
    return Status::invalid_argument(context + ": that is the table's own directory");
  }
  std::vector<SSTableDescriptor> incomplete;
  CAIRN_ASSIGN_OR_RETURN(auto found, list_sstables(*env_.fs, source_dir, &incomplete));
  for (const auto& d : incomplete) {
    logger_->warn("{}: skipping incomplete sstable generation {} (no TOC)", context, d.generation);
  }
  // Everything is checked before anything is copied, so bad input imports nothing.
  std::vector<std::shared_ptr<SSTableReader>> sources;
  for (const auto& d : found) {
    auto reader = SSTableReader::open(env_, d, comparator_);
    Status s = reader.status();
    if (s.is_ok()) s = reader.value()->verify();
    if (!s.is_ok()) return s.with_context(context + " (nothing was imported)");
    const ReplayPosition bound = reader.value()->stats().commitlog_upper_bound;
    if (max_upper_bound < bound) {
      return Status::invalid_argument(
          context + ": " + d.path(Component::kTOC) + " covers commitlog position (" +
          std::to_string(bound.segment_id) + ", " + std::to_string(bound.offset) +
          "), past this node's (" + std::to_string(max_upper_bound.segment_id) + ", " +
          std::to_string(max_upper_bound.offset) +
          "): it comes from another node's commitlog and would make replay skip this "
          "table's writes (nothing was imported)");
    }
    sources.push_back(std::move(reader).value());
  }
  // Held while generations are taken and the copies join the view, so a truncate
  // (which holds it too) sees either none or all of them below its first generation.
  std::lock_guard<std::mutex> lock(compaction_mu_);
  if (shut_down_.load()) return Status::aborted(context + ": the table is shut down");
  std::vector<SSTableDescriptor> copied;
  std::vector<std::shared_ptr<SSTableReader>> readers;
  auto undo = [&](const Status& s) {
    for (const auto& d : copied) {
      Status deleted = delete_sstable(*env_.fs, d);
      if (!deleted.is_ok()) logger_->error("{}: cleaning up: {}", context, deleted.to_string());
    }
    return s.with_context(context + " (nothing was imported)");
  };
  for (const auto& source : sources) {
    SSTableDescriptor target{directory_, source->descriptor().version,
                             next_generation_.fetch_add(1)};
    Status s = copy_sstable(*env_.fs, *source, target);
    if (!s.is_ok()) return undo(s);
    copied.push_back(target);
    auto reader = SSTableReader::open(env_, target, comparator_);
    if (!reader.is_ok()) return undo(reader.status());
    readers.push_back(std::move(reader).value());
  }
  {
    std::unique_lock<std::shared_mutex> view_lock(view_mu_);
    view_.sstables.insert(view_.sstables.end(), readers.begin(), readers.end());
  }
  logger_->info("{}: imported {} sstables", context, readers.size());
  return readers.size();
}

}  // namespace cairn
