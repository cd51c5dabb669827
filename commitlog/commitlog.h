// CommitLog: the write-ahead log that makes a write durable before it is acknowledged.
//
// Records are appended to segment files in the commitlog directory
// (CommitLog-<version>-<segment id>.log, default 32 MiB each). A record is one
// mutation or one whole batch, so replay applies a batch entirely or not at all. The
// byte layout is in docs/formats/commitlog-v1.md.
//
// Segments are preallocated and memory-mapped (FileSystem::new_mapped_file): a record
// is memcpy'd into the mapping under the log's lock — no system call per write, and in
// the page cache at once, so a killed process loses nothing copied — and a sync pass
// msyncs (fdatasync over a range) what was added since the last one.
//
// commitlog_sync decides when add() returns:
//  - periodic: once the record is copied; a scheduled task syncs every `sync_period`,
//    so a power cut loses at most one period.
//  - group: once a sync covering the record has completed; writers arriving while a
//    sync runs share the next one (leader/follower). Callers that must not block use
//    append() + when_synced() instead: a sync thread runs those syncs, sharing them
//    with the blocking writers, and calls the waiters back.
//  - batch: the writer syncs its own record before returning.
// In group and batch mode every block of a segment is written (zeros) before the
// segment is used, so that those frequent syncs write only the new records and never
// the file system's metadata (on ext4 on a virtual disk, 1.2-1.8x more fdatasyncs a
// second than appending to a file: docs/benchmarks.md). A preparer thread makes the
// next segment ahead, so a writer waits for it only when the log fills a segment
// faster than the disk writes one.
//
// A segment is deleted once every table with data in it has flushed past it
// (discard_completed), and replayed segments once storage has flushed what they held
// (discard_replayed).
//
// Thread safety: add() may be called from many threads; everything else too.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/env/env.h"
#include "common/logging.h"
#include "common/metrics.h"
#include "common/result.h"
#include "model/replay_position.h"
#include "model/uuid.h"

namespace cairn {

enum class CommitLogSync { kPeriodic, kGroup, kBatch };
// What replay does with a damaged record that is not a torn tail.
enum class CommitFailurePolicy {
  kStop,    // fail the open with Corruption naming the file and offset
  kIgnore,  // log it, skip the rest of that segment, carry on with the next
};

Result<CommitLogSync> parse_commitlog_sync(std::string_view text);
Result<CommitFailurePolicy> parse_commit_failure_policy(std::string_view text);

struct CommitLogOptions {
  std::string directory;                        // created if missing
  uint64_t segment_size_bytes = 32ull << 20;    // commitlog_segment_size; fixed at open
  CommitLogSync sync = CommitLogSync::kPeriodic;  // commitlog_sync; fixed at open
  std::chrono::milliseconds sync_period{10000};   // commitlog_sync_period (periodic only)
  CommitFailurePolicy failure_policy = CommitFailurePolicy::kStop;
};

struct ReplayStats {
  uint64_t segments = 0;
  uint64_t records = 0;
  uint64_t torn_tails = 0;         // a half-written last record, ignored as expected
  uint64_t skipped_segments = 0;   // damaged segments skipped under kIgnore
};

class CommitLog {
 public:
  // Opens the log in options.directory. Segments already there are kept for replay();
  // new records go to a fresh segment whose id is higher than any existing one.
  static Result<std::unique_ptr<CommitLog>> open(const Env& env, CommitLogOptions options,
                                                 Logger* logger);
  virtual ~CommitLog() = default;

  // Calls `apply` for every intact record of the segments found at open, oldest
  // first. Stops at a torn tail silently; handles mid-segment damage per the
  // failure policy. An error returned by `apply` stops replay and is returned.
  virtual Status replay(const std::function<Status(ReplayPosition, BytesView)>& apply,
                        ReplayStats* stats) = 0;
  // Deletes the segments found at open; call once what replay applied is flushed.
  virtual Status discard_replayed() = 0;

  // Appends one record holding data for `tables` and returns its position once it is
  // as durable as the sync mode promises. InvalidArgument if the record is larger
  // than half a segment. After an I/O failure the log refuses further writes.
  virtual Result<ReplayPosition> add(BytesView payload, const std::vector<Uuid>& tables) = 0;

  // add() without the wait. In group mode it returns once the record is appended — in
  // the page cache: a killed process loses nothing, a power cut may — and sets
  // *sync_target to what when_synced() must be given; the record is durable once that
  // calls back. In periodic and batch mode it is add() and sets *sync_target to 0.
  // Lets a caller that must not block (an I/O thread) wait for group commit.
  virtual Result<ReplayPosition> append(BytesView payload, const std::vector<Uuid>& tables,
                                        uint64_t* sync_target) = 0;
  // Calls `done` once everything up to `sync_target` (from append()) is durable: with
  // OK, or with the error that failed the log. `done` runs before this returns when the
  // answer is already known (always for a target of 0), else on the log's sync thread,
  // which syncs for every waiter at once — so `done` must be short and must not wait
  // for other writes. close() calls every pending `done` before it returns.
  virtual void when_synced(uint64_t sync_target, std::function<void(Status)> done) = 0;

  // Every record added after this call has a greater position.
  virtual ReplayPosition current_position() = 0;

  // `table` has flushed every record at positions < `upto`. Segments no table needs
  // any more (and not the one being written) are deleted.
  virtual Status discard_completed(const Uuid& table, ReplayPosition upto) = 0;

  // fsyncs everything written so far (drain, shutdown).
  virtual Status sync() = 0;
  // Syncs and closes; further add() calls fail.
  virtual Status close() = 0;

  // Segment files currently in the directory (for tests and metrics).
  virtual size_t segment_count() = 0;
  // Bytes written to the live segment files (for metrics and nodetool info).
  virtual uint64_t bytes_on_disk() = 0;
  // How long each fsync pass of the log took (batch, group and periodic), since open.
  virtual HistogramSnapshot sync_latency() const = 0;
};

}  // namespace cairn
