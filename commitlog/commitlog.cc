// CommitLog's implementation: segment management, the three sync modes, replay and
// segment retirement (commitlog/commitlog.h).
#include "commitlog/commitlog.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "commitlog/segment_format.h"
#include "commitlog/segment_reader.h"

namespace cairn {

Result<CommitLogSync> parse_commitlog_sync(std::string_view text) {
  if (text == "periodic") return CommitLogSync::kPeriodic;
  if (text == "group") return CommitLogSync::kGroup;
  if (text == "batch") return CommitLogSync::kBatch;
  return Status::invalid_argument("commitlog_sync must be periodic, group or batch, not '" +
                                  std::string(text) + "'");
}

Result<CommitFailurePolicy> parse_commit_failure_policy(std::string_view text) {
  if (text == "stop" || text == "stop_commit" || text == "die") return CommitFailurePolicy::kStop;
  if (text == "ignore") return CommitFailurePolicy::kIgnore;
  return Status::invalid_argument("commit_failure_policy must be stop or ignore, not '" +
                                  std::string(text) + "'");
}

namespace {

using namespace commitlog_format;

// Periodic mode gives back a mapped segment's filled pages each time this much more of
// it is written (one madvise per chunk, not per record).
constexpr uint64_t kReleaseChunkBytes = 4ull << 20;

// A segment is mapped, preallocated to its full size. In periodic mode a record is
// memcpy'd into it (in the page cache at once, no system call) and a sync pass msyncs
// what is new. In group and batch mode its blocks are also written (with zeros) before
// it is used, so that each of those frequent syncs writes only the new records and no
// file system metadata (the preparer thread makes the next segment so, ahead of time);
// group mode keeps a pass's records in `unwritten` and puts them in with one
// MappedFile::write, batch mode writes each record.
struct Segment {
  uint64_t id = 0;
  std::string path;
  std::unique_ptr<MappedFile> mapped;
  uint64_t size = 0;         // bytes appended
  uint64_t synced_size = 0;  // bytes known durable
  // Group mode: records appended since the last sync pass and not yet written to the
  // file, which end at `size`. The sync pass writes them with one write and syncs;
  // nothing here has been acknowledged, so a killed process loses nothing it promised.
  Bytes unwritten;
  // Tables with records here, and the offset of their last record in this segment.
  std::map<Uuid, uint32_t> dirty;

  // Makes bytes [0, end) durable.
  Status sync(uint64_t end) { return mapped->sync(end); }
  Status close() { return mapped->close(); }
};

class CommitLogImpl;

// What the periodic sync task holds: it outlives the log if the scheduler keeps the
// task queued after close(), and then does nothing.
struct PeriodicHandle {
  std::mutex mu;
  CommitLogImpl* log = nullptr;  // null once the log is closed
};

class CommitLogImpl final : public CommitLog {
 public:
  CommitLogImpl(const Env& env, CommitLogOptions options, Logger* logger)
      : env_(env), options_(std::move(options)), logger_(logger) {}
  ~CommitLogImpl() override { (void)close(); }

  Status start();

  Status replay(const std::function<Status(ReplayPosition, BytesView)>& apply,
                ReplayStats* stats) override;
  Status discard_replayed() override;
  Result<ReplayPosition> add(BytesView payload, const std::vector<Uuid>& tables) override;
  Result<ReplayPosition> append(BytesView payload, const std::vector<Uuid>& tables,
                                uint64_t* sync_target) override;
  void when_synced(uint64_t sync_target, std::function<void(Status)> done) override;
  ReplayPosition current_position() override;
  Status discard_completed(const Uuid& table, ReplayPosition upto) override;
  Status sync() override { return sync_all(); }
  Status close() override;
  size_t segment_count() override;
  uint64_t bytes_on_disk() override;
  HistogramSnapshot sync_latency() const override { return sync_latency_.snapshot(); }

  void periodic_sync() {
    Status s = sync_all();
    if (!s.is_ok()) logger_->error("periodic commitlog sync failed: {}", s.to_string());
  }
  void schedule_periodic() {
    std::weak_ptr<PeriodicHandle> weak = periodic_;
    env_.scheduler->post_after(options_.sync_period, [weak] {
      auto handle = weak.lock();
      if (!handle) return;
      std::lock_guard<std::mutex> lock(handle->mu);
      if (handle->log == nullptr) return;
      handle->log->periodic_sync();
      handle->log->schedule_periodic();
    });
  }

 private:
  // Makes the active segment one that can take `record_size` more bytes: the prepared
  // segment (waiting for the preparer if it is not ready), or in periodic mode a new
  // one. REQUIRES: `lock` holds mu_ (it is released while waiting).
  Status open_segment_locked(std::unique_lock<std::mutex>& lock, uint64_t record_size);
  // Creates segment `id` with its header, durable. Slow in group and batch mode (the
  // whole segment is written); needs no lock.
  Result<std::shared_ptr<Segment>> make_segment(uint64_t id);
  // Group and batch mode: keeps one segment prepared ahead (see Segment).
  void run_preparer();
  void stop_preparer();
  // REQUIRES: mu_ held.
  void delete_clean_segments_locked();
  Status fail_locked(Status s);
  // Makes everything appended before this call durable; concurrent callers share one
  // pass (group commit).
  Status sync_all();
  Status sync_upto(uint64_t target);
  // Appends the record; in batch mode also syncs it. Sets *end to appended_ after it.
  Result<ReplayPosition> append_record(BytesView payload, const std::vector<Uuid>& tables,
                                       uint64_t* end);
  // The group-mode sync thread: syncs for the waiters of when_synced() and calls them.
  void run_sync_thread();
  void stop_sync_thread();

  const Env env_;
  const CommitLogOptions options_;
  Logger* logger_;

  std::mutex mu_;  // guards everything below except the sync state
  std::vector<std::shared_ptr<Segment>> segments_;  // live segments, oldest first; last is active
  std::vector<std::pair<uint64_t, std::string>> replay_segments_;  // found at open
  uint64_t next_id_ = 0;
  // The next segment, made by the preparer thread with the next id (so ids keep the
  // order segments are used in), or the error that stopped its making.
  std::optional<Result<std::shared_ptr<Segment>>> prepared_;
  std::condition_variable prepared_cv_;  // with mu_: prepared_ taken or filled, or stop
  bool preparer_stopping_ = false;
  bool prepares_ahead_ = false;  // group and batch mode; set before any writer comes
  std::thread preparer_;
  uint64_t appended_ = 0;  // bytes appended since open, over all segments
  Status failed_;
  bool closed_ = false;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  bool sync_running_ = false;
  LatencyHistogram sync_latency_;  // each sync pass, timed on the Env's monotonic clock
  uint64_t synced_ = 0;  // appended_ covered by the last completed sync
  // when_synced() callers still waiting, and the thread that syncs for them (group mode).
  struct Waiter {
    uint64_t target;
    std::function<void(Status)> done;
  };
  std::vector<Waiter> waiters_;          // guarded by sync_mu_
  std::condition_variable waiters_cv_;   // a waiter arrived, or stop
  bool sync_thread_stopping_ = false;    // guarded by sync_mu_
  std::thread sync_thread_;

  std::shared_ptr<PeriodicHandle> periodic_;
};

Status CommitLogImpl::start() {
  CAIRN_RETURN_IF_ERROR(env_.fs->create_dirs(options_.directory));
  CAIRN_ASSIGN_OR_RETURN(auto names, env_.fs->list_dir(options_.directory));
  uint64_t max_id = 0;
  for (const auto& name : names) {
    auto id = parse_segment_file_name(name);
    if (!id) continue;
    replay_segments_.emplace_back(*id, join_path(options_.directory, name));
    max_id = std::max(max_id, *id);
  }
  std::sort(replay_segments_.begin(), replay_segments_.end());
  next_id_ = std::max<uint64_t>(max_id, static_cast<uint64_t>(env_.clock->now_micros())) + 1;
  CAIRN_ASSIGN_OR_RETURN(auto first, make_segment(next_id_++));
  {
    std::lock_guard<std::mutex> lock(mu_);
    segments_.push_back(std::move(first));
  }
  if (options_.sync != CommitLogSync::kPeriodic) {
    prepares_ahead_ = true;
    preparer_ = std::thread([this] { run_preparer(); });
  }
  if (options_.sync == CommitLogSync::kPeriodic) {
    periodic_ = std::make_shared<PeriodicHandle>();
    periodic_->log = this;
    schedule_periodic();
  }
  if (options_.sync == CommitLogSync::kGroup) {
    sync_thread_ = std::thread([this] { run_sync_thread(); });
  }
  return Status::ok();
}

Result<std::shared_ptr<Segment>> CommitLogImpl::make_segment(uint64_t id) {
  auto segment = std::make_shared<Segment>();
  segment->id = id;
  segment->path = join_path(options_.directory, segment_file_name(id));
  const bool write_blocks = options_.sync != CommitLogSync::kPeriodic;
  CAIRN_ASSIGN_OR_RETURN(segment->mapped, env_.fs->new_mapped_file(
                                              segment->path, options_.segment_size_bytes,
                                              /*write_zeros=*/write_blocks));
  const Bytes header = encode_header(id);
  std::memcpy(segment->mapped->data(), header.data(), header.size());
  // The header and the file's name are made durable now, so replay never meets a
  // segment whose name survived a power cut without its header.
  Status s = segment->sync(header.size());
  if (s.is_ok()) s = env_.fs->sync_dir(options_.directory);
  if (!s.is_ok()) {
    (void)segment->close();
    (void)env_.fs->remove_file(segment->path);
    return s;
  }
  segment->size = segment->synced_size = header.size();
  return segment;
}

void CommitLogImpl::run_preparer() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    prepared_cv_.wait(lock, [&] { return preparer_stopping_ || !prepared_.has_value(); });
    if (preparer_stopping_) return;
    const uint64_t id = next_id_++;
    lock.unlock();
    auto made = make_segment(id);
    lock.lock();
    prepared_ = std::move(made);
    prepared_cv_.notify_all();
  }
}

void CommitLogImpl::stop_preparer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    preparer_stopping_ = true;
    prepared_cv_.notify_all();
  }
  if (preparer_.joinable()) preparer_.join();
  // A segment prepared and never used holds nothing: it goes. (After a crash it is
  // replayed as the empty segment it is.)
  std::lock_guard<std::mutex> lock(mu_);
  if (prepared_ && prepared_->is_ok()) {
    const auto& unused = prepared_->value();
    (void)unused->close();
    (void)env_.fs->remove_file(unused->path);
  }
  prepared_.reset();
}

Status CommitLogImpl::open_segment_locked(std::unique_lock<std::mutex>& lock,
                                          uint64_t record_size) {
  std::shared_ptr<Segment> next;
  if (prepares_ahead_) {  // (not preparer_.joinable(): close() may be joining it)
    prepared_cv_.wait(lock, [&] { return preparer_stopping_ || prepared_.has_value(); });
    // Another writer may have switched while this one waited.
    if (segments_.back()->size + record_size <= options_.segment_size_bytes) return Status::ok();
    if (!prepared_) return Status::aborted("the commitlog is closing");
    auto made = std::move(*prepared_);
    prepared_.reset();
    prepared_cv_.notify_all();  // the preparer makes the one after
    if (!made.is_ok()) return made.status();
    next = std::move(made).value();
  } else {
    CAIRN_ASSIGN_OR_RETURN(next, make_segment(next_id_++));
  }
  // The segment being left is full: its pages go back to the system.
  segments_.back()->mapped->release(segments_.back()->size);
  segments_.push_back(std::move(next));
  return Status::ok();
}

Status CommitLogImpl::fail_locked(Status s) {
  if (failed_.is_ok()) {
    failed_ = Status::io_error("commitlog is failed after: " + s.to_string());
    logger_->error("{}", failed_.message());
  }
  return s;
}

Result<ReplayPosition> CommitLogImpl::append_record(BytesView payload,
                                                   const std::vector<Uuid>& tables,
                                                   uint64_t* end) {
  const uint64_t record_size = payload.size() + kRecordOverhead;
  if (record_size > options_.segment_size_bytes / 2) {
    return Status::invalid_argument(
        "mutation of " + std::to_string(payload.size()) + " bytes is too large for the commitlog: "
        "the maximum is half of commitlog_segment_size (" +
        std::to_string(options_.segment_size_bytes / 2 - kRecordOverhead) + " bytes)");
  }
  // Framed and checksummed before taking the lock, into a buffer each thread reuses.
  thread_local Bytes record;
  if (record.capacity() > (1u << 20)) Bytes().swap(record);  // a rare huge batch
  record.clear();
  encode_record(payload, &record);

  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return Status::aborted("the commitlog is closed");
  if (!failed_.is_ok()) return failed_;
  if (segments_.back()->size + record_size > options_.segment_size_bytes) {
    Status s = open_segment_locked(lock, record_size);
    if (!s.is_ok()) return fail_locked(s);
    if (closed_) return Status::aborted("the commitlog is closed");
    if (!failed_.is_ok()) return failed_;
  }
  Segment& segment = *segments_.back();
  ReplayPosition position{segment.id, static_cast<uint32_t>(segment.size)};
  Status s;
  if (options_.sync == CommitLogSync::kGroup) {
    segment.unwritten += record;  // written by the next sync pass
  } else if (options_.sync == CommitLogSync::kBatch) {
    s = segment.mapped->write(segment.size, record);  // synced below
  } else {
    // In the page cache once copied: a killed process keeps it. The copy is made under
    // mu_, so records land whole and in position order, and a record is acknowledged
    // only after every record before it is complete.
    //
    // The 8 length bytes go first, and the compiler may not move the body's stores
    // before them: a process killed mid-copy (stopped at an instruction boundary, every
    // earlier store kept) then leaves a record whose checks fail followed by zeros, the
    // torn tail replay expects. memcpy alone stores in no promised order (glibc copies
    // the end of a large block first), which left a zero header before body bytes, read
    // as damage.
    char* dst = segment.mapped->data() + segment.size;
    std::memcpy(dst, record.data(), 8);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::memcpy(dst + 8, record.data() + 8, record.size() - 8);
    // Pages already filled are given back every few MiB, so a mapped segment does not
    // hold its whole size in the resident set until it is deleted.
    const uint64_t end = segment.size + record.size();
    if (end / kReleaseChunkBytes != segment.size / kReleaseChunkBytes) {
      segment.mapped->release(end / kReleaseChunkBytes * kReleaseChunkBytes);
    }
  }
  if (s.is_ok()) s = env_.failpoints->check("commitlog.after_append");
  if (!s.is_ok()) return fail_locked(s);
  segment.size += record.size();
  appended_ += record.size();
  for (const auto& t : tables) segment.dirty[t] = position.offset;
  *end = appended_;
  if (options_.sync == CommitLogSync::kBatch) {
    // The writer syncs its own record, holding the log: no sharing, no waiting.
    Status synced = env_.failpoints->check("commitlog.before_sync");
    const int64_t sync_start = env_.clock->monotonic_nanos();
    if (synced.is_ok()) synced = segment.sync(segment.size);
    sync_latency_.observe_micros(
        static_cast<uint64_t>(env_.clock->monotonic_nanos() - sync_start) / 1000);
    if (!synced.is_ok()) return fail_locked(synced);
    segment.synced_size = segment.size;
  }
  return position;
}

Result<ReplayPosition> CommitLogImpl::add(BytesView payload, const std::vector<Uuid>& tables) {
  uint64_t end = 0;
  CAIRN_ASSIGN_OR_RETURN(ReplayPosition position, append_record(payload, tables, &end));
  if (options_.sync == CommitLogSync::kGroup) CAIRN_RETURN_IF_ERROR(sync_upto(end));
  return position;
}

Result<ReplayPosition> CommitLogImpl::append(BytesView payload, const std::vector<Uuid>& tables,
                                             uint64_t* sync_target) {
  uint64_t end = 0;
  CAIRN_ASSIGN_OR_RETURN(ReplayPosition position, append_record(payload, tables, &end));
  *sync_target = options_.sync == CommitLogSync::kGroup ? end : 0;
  return position;
}

void CommitLogImpl::when_synced(uint64_t sync_target, std::function<void(Status)> done) {
  bool durable = false;
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    if (synced_ >= sync_target) {
      durable = true;  // a target of 0 always is; a later failure does not undo it
    } else if (sync_thread_.joinable() && !sync_thread_stopping_) {
      waiters_.push_back(Waiter{sync_target, std::move(done)});
      waiters_cv_.notify_one();
      return;
    }
  }
  // Durable already, or there is no sync thread to wait for (the log is closing).
  done(durable ? Status::ok() : sync_upto(sync_target));
}

void CommitLogImpl::run_sync_thread() {
  std::unique_lock<std::mutex> lock(sync_mu_);
  while (true) {
    waiters_cv_.wait(lock, [&] { return sync_thread_stopping_ || !waiters_.empty(); });
    if (waiters_.empty()) return;  // stopping, and nobody waits
    uint64_t target = 0;
    for (const auto& w : waiters_) target = std::max(target, w.target);
    lock.unlock();
    // Shares the pass with blocking writers (add()) through sync_upto's group commit.
    const Status s = sync_upto(target);
    lock.lock();
    std::vector<Waiter> ready;
    for (size_t i = 0; i < waiters_.size();) {
      if (!s.is_ok() || waiters_[i].target <= synced_) {
        ready.push_back(std::move(waiters_[i]));
        waiters_[i] = std::move(waiters_.back());
        waiters_.pop_back();
      } else {
        ++i;
      }
    }
    lock.unlock();
    for (auto& w : ready) w.done(s);
    lock.lock();
  }
}

void CommitLogImpl::stop_sync_thread() {
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    sync_thread_stopping_ = true;
    waiters_cv_.notify_all();
  }
  // The thread syncs for the waiters still queued before it stops.
  if (sync_thread_.joinable()) sync_thread_.join();
}

Status CommitLogImpl::sync_all() {
  uint64_t target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = appended_;
  }
  return sync_upto(target);
}

Status CommitLogImpl::sync_upto(uint64_t target) {
  std::unique_lock<std::mutex> sync_lock(sync_mu_);
  while (synced_ < target) {
    if (sync_running_) {
      sync_cv_.wait(sync_lock);
      continue;
    }
    // This writer leads: it syncs everything appended so far, for itself and for every
    // writer that appended before it looked.
    sync_running_ = true;
    sync_lock.unlock();
    struct Todo {
      std::shared_ptr<Segment> segment;
      uint64_t size;    // the bytes of it appended when this pass began
      Bytes unwritten;  // group mode: its records not yet written, which end at `size`
    };
    std::vector<Todo> todo;
    uint64_t covered;
    Status s;
    {
      std::lock_guard<std::mutex> lock(mu_);
      s = failed_;
      covered = appended_;
      for (const auto& seg : segments_) {
        if (seg->synced_size < seg->size) {
          todo.push_back(Todo{seg, seg->size, std::move(seg->unwritten)});
          seg->unwritten.clear();
        }
      }
    }
    if (s.is_ok()) s = env_.failpoints->check("commitlog.before_sync");
    // Only one leader runs at a time, and each took its bytes under mu_ in append order,
    // so the files receive the records in order.
    const int64_t sync_start = env_.clock->monotonic_nanos();
    for (const Todo& t : todo) {
      if (!s.is_ok()) break;
      if (!t.unwritten.empty()) {
        s = t.segment->mapped->write(t.size - t.unwritten.size(), t.unwritten);
      }
      if (s.is_ok()) s = t.segment->sync(t.size);
    }
    if (!todo.empty()) {
      sync_latency_.observe_micros(
          static_cast<uint64_t>(env_.clock->monotonic_nanos() - sync_start) / 1000);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (s.is_ok()) {
        for (const Todo& t : todo) t.segment->synced_size = std::max(t.segment->synced_size, t.size);
        delete_clean_segments_locked();
      } else {
        (void)fail_locked(s);
      }
    }
    sync_lock.lock();
    sync_running_ = false;
    if (s.is_ok()) synced_ = std::max(synced_, covered);
    sync_cv_.notify_all();
    if (!s.is_ok()) return s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  return failed_;
}

ReplayPosition CommitLogImpl::current_position() {
  std::lock_guard<std::mutex> lock(mu_);
  return ReplayPosition{segments_.back()->id, static_cast<uint32_t>(segments_.back()->size)};
}

Status CommitLogImpl::discard_completed(const Uuid& table, ReplayPosition upto) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& seg : segments_) {
    auto it = seg->dirty.find(table);
    if (it == seg->dirty.end()) continue;
    if (seg->id < upto.segment_id || (seg->id == upto.segment_id && it->second < upto.offset)) {
      seg->dirty.erase(it);
    }
  }
  delete_clean_segments_locked();
  return Status::ok();
}

void CommitLogImpl::delete_clean_segments_locked() {
  // The active segment stays; a segment with unsynced bytes waits for the next sync so
  // no sync is ever asked of a deleted file.
  for (size_t i = 0; i + 1 < segments_.size();) {
    Segment& seg = *segments_[i];
    if (!seg.dirty.empty() || seg.synced_size < seg.size) {
      ++i;
      continue;
    }
    (void)seg.close();
    Status s = env_.fs->remove_file(seg.path);
    if (!s.is_ok()) logger_->warn("could not delete commitlog segment: {}", s.to_string());
    segments_.erase(segments_.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

// True when the segment at `path` holds no record: nothing but zeros right after its
// header (or not even a whole header) — a segment prepared ahead and never written to.
Result<bool> holds_no_record(FileSystem& fs, const std::string& path) {
  CAIRN_ASSIGN_OR_RETURN(auto file, fs.new_random_access_file(path));
  Bytes first;
  CAIRN_RETURN_IF_ERROR(file->read(kHeaderSize, 8, &first));
  return std::all_of(first.begin(), first.end(), [](char c) { return c == 0; });
}

Status CommitLogImpl::replay(const std::function<Status(ReplayPosition, BytesView)>& apply,
                             ReplayStats* stats) {
  // The segment being written when the process stopped may be followed by segments
  // prepared ahead that hold nothing yet (group and batch mode); a torn tail is allowed
  // in it, and in those.
  size_t newest_written = replay_segments_.empty() ? 0 : replay_segments_.size() - 1;
  while (newest_written > 0) {
    CAIRN_ASSIGN_OR_RETURN(bool empty,
                           holds_no_record(*env_.fs, replay_segments_[newest_written].second));
    if (!empty) break;
    --newest_written;
  }
  for (size_t i = 0; i < replay_segments_.size(); ++i) {
    const auto& [id, path] = replay_segments_[i];
    CAIRN_ASSIGN_OR_RETURN(Bytes data, read_file(*env_.fs, path));
    SegmentReadResult result;
    const bool newest = i >= newest_written;
    CAIRN_RETURN_IF_ERROR(read_segment(path, data, id, newest, apply, &result));
    ++stats->segments;
    stats->records += result.records;
    if (result.torn_tail) ++stats->torn_tails;
    if (!result.damage.is_ok()) {
      if (options_.failure_policy == CommitFailurePolicy::kStop) return result.damage;
      logger_->warn("commit_failure_policy ignore: skipping the rest of a damaged segment: {}",
                    result.damage.message());
      ++stats->skipped_segments;
    }
  }
  return Status::ok();
}

Status CommitLogImpl::discard_replayed() {
  for (const auto& [id, path] : replay_segments_) {
    Status s = env_.fs->remove_file(path);
    if (!s.is_ok() && !s.is_not_found()) return s;
  }
  replay_segments_.clear();
  return env_.fs->sync_dir(options_.directory);
}

size_t CommitLogImpl::segment_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return segments_.size() + replay_segments_.size();
}

uint64_t CommitLogImpl::bytes_on_disk() {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t bytes = 0;
  for (const auto& seg : segments_) bytes += seg->size;
  return bytes;
}

Status CommitLogImpl::close() {
  if (periodic_) {
    std::lock_guard<std::mutex> lock(periodic_->mu);
    periodic_->log = nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::ok();
  }
  stop_sync_thread();
  stop_preparer();
  Status s = sync_all();
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (const auto& seg : segments_) {
    Status c = seg->close();
    if (s.is_ok()) s = c;
  }
  return s;
}

}  // namespace

Result<std::unique_ptr<CommitLog>> CommitLog::open(const Env& env, CommitLogOptions options,
                                                   Logger* logger) {
  if (options.segment_size_bytes < 64 * 1024) {
    return Status::invalid_argument("commitlog_segment_size must be at least 64 KiB");
  }
  auto log = std::make_unique<CommitLogImpl>(env, std::move(options), logger);
  CAIRN_RETURN_IF_ERROR(log->start());
  return std::unique_ptr<CommitLog>(std::move(log));
}

}  // namespace cairn
