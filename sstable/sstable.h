// SSTables: immutable sorted files of partitions, written by flush and read by reads.
//
// An sstable is a set of component files sharing one name,
// <version>-<generation>-cairn-<Component>.db, plus <version>-<generation>-cairn-TOC.txt,
// in its table's directory. This header is the version-independent API; each format
// version is described byte by byte in docs/formats/ and the code keeps the list of
// versions it reads (kReadableVersions) and the one it writes (kCurrentVersion).
//
// Every component is checksummed. A reader that finds damage returns Corruption
// naming the component file and the byte offset; it never crashes and never returns
// data it could not verify.
//
// Thread safety: a writer is used by one thread. A reader is immutable after open()
// and may be used from many threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/compression.h"
#include "common/env/env.h"
#include "common/result.h"
#include "model/partition.h"
#include "model/partition_range.h"
#include "model/replay_position.h"

namespace cairn {

// The version this build writes, and every version it can read.
extern const char* const kCurrentSSTableVersion;
bool is_readable_sstable_version(std::string_view version);

// The numbering is stored in component headers: append only.
enum class Component { kData, kIndex, kFilter, kStatistics, kDigest, kTOC, kSummary, kCompressionInfo };
std::string_view component_name(Component c);  // "Data", "Index", ..., "TOC"
// Every component kind of every version, TOC first (the order deletion uses).
inline constexpr Component kAllComponents[] = {
    Component::kTOC,    Component::kData,       Component::kIndex,   Component::kFilter,
    Component::kStatistics, Component::kDigest, Component::kSummary, Component::kCompressionInfo};

struct SSTableDescriptor {
  std::string directory;
  std::string version;
  uint64_t generation = 0;

  // <directory>/<version>-<generation>-cairn-<Component>.db (TOC: .txt).
  std::string path(Component c) const;
  // Parses any component's file path (or name) back into a descriptor and component.
  // InvalidArgument when `path` is not an sstable component name.
  static Result<std::pair<SSTableDescriptor, Component>> parse(const std::string& path);
};

// What the Statistics component records about an sstable.
struct SSTableStats {
  std::string version;
  int64_t min_timestamp = 0;  // over every cell, row marker and tombstone
  int64_t max_timestamp = 0;
  int32_t min_local_deletion_time = 0;  // kNoDeletionTime when nothing expires or is deleted
  // kNoDeletionTime when some cell or row marker never expires. (ca's writer left
  // those out; its reader reports kNoDeletionTime, so no ca sstable looks expired.)
  int32_t max_local_deletion_time = 0;
  Token min_token = 0;
  Token max_token = 0;
  uint64_t partition_count = 0;
  uint64_t row_count = 0;
  uint64_t tombstone_count = 0;  // partition, range, row and cell tombstones
  uint64_t data_size_bytes = 0;  // size of the Data component
  // Every commitlog record before this position is contained in this sstable (or an
  // older one); replay skips them for this table.
  ReplayPosition commitlog_upper_bound;

  // Since version cb (empty or zero when read from ca):
  uint64_t cell_count = 0;
  std::string compression;  // "LZ4Compressor", "SnappyCompressor" or "none"
  // (bucket upper bound, count): encoded partition sizes in bytes, cells per partition.
  std::vector<std::pair<uint64_t, uint64_t>> partition_size_histogram;
  std::vector<std::pair<uint64_t, uint64_t>> cell_count_histogram;
  // (local deletion time rounded down to the hour, count) of tombstones and expiring
  // cells, at most 100 bins: how much will become droppable when.
  std::vector<std::pair<int32_t, uint64_t>> tombstone_drop_times;
  // The leveled-compaction level (0 for flushes and other strategies).
  uint32_t level = 0;

  // Cassandra's "estimated droppable tombstones": the share of cells that are
  // tombstones or expired data droppable at `gc_before`.
  double estimated_droppable_tombstones(int32_t gc_before) const;
};

struct SSTableWriterOptions {
  double bloom_filter_fp_chance = 0.01;
  CompressionParams compression;  // the table's `compression` option
  // A partition whose rows take more than this gets a row index with one entry per
  // block of about this size (Cassandra's column_index_size).
  uint32_t row_index_block_bytes = 16 * 1024;
  uint32_t level = 0;  // recorded in the statistics (leveled compaction)
  // Partitions added are expected to be about this many (sizes the bloom filter).
  uint64_t expected_partitions = 1024;
  ReplayPosition commitlog_upper_bound;
};

class SSTableWriter {
 public:
  // Creates the component files of `descriptor` (whose version must be the current one).
  static Result<std::unique_ptr<SSTableWriter>> create(const Env& env,
                                                       SSTableDescriptor descriptor,
                                                       ClusteringComparatorRef comparator,
                                                       SSTableWriterOptions options);
  virtual ~SSTableWriter() = default;

  // Appends one partition. REQUIRES: keys strictly increasing (DecoratedKey order);
  // InvalidArgument otherwise.
  virtual Status add(const Partition& partition) = 0;
  // The streaming form of add(), for partitions too big to hold in memory: the key
  // and header (partition deletion, range tombstones, static row) of `header` — its
  // rows, if any, are ignored —, then each row in clustering order, then the end.
  virtual Status begin_partition(const Partition& header) = 0;
  virtual Status add_row(const Row& row) = 0;
  virtual Status end_partition() = 0;
  // Uncompressed bytes of partitions added so far (compaction splits outputs by it).
  virtual uint64_t bytes_added() const = 0;
  // Writes the remaining components, syncs every file, writes the TOC last and syncs
  // the directory: once this returns OK the sstable is complete and durable. An
  // sstable without a TOC is incomplete and is deleted at startup.
  virtual Result<SSTableStats> finish() = 0;
  // Deletes whatever was written (after a failure).
  virtual void abandon() = 0;
};

// Reads an sstable's partitions in key order, sequentially, each chunk or record
// once: what compaction, upgrade rewriting and dumps use instead of point reads.
class SSTableScanner {
 public:
  virtual ~SSTableScanner() = default;
  // The next partition, or nullopt after the last. Corruption names file and offset.
  virtual Result<std::optional<Partition>> next() = 0;
};

class SSTableReader : public std::enable_shared_from_this<SSTableReader> {
 public:
  // Opens a complete sstable: reads the TOC, statistics, index and filter into memory,
  // checking their checksums. Corruption names the damaged component file.
  static Result<std::shared_ptr<SSTableReader>> open(const Env& env, SSTableDescriptor descriptor,
                                                     ClusteringComparatorRef comparator);
  virtual ~SSTableReader() = default;

  const SSTableDescriptor& descriptor() const { return descriptor_; }
  const SSTableStats& stats() const { return stats_; }

  // False only when the key is certainly absent (bloom filter).
  virtual bool may_contain(const DecoratedKey& key) const = 0;
  // The partition stored for `key`, or nullopt. Reads only that partition's bytes.
  virtual Result<std::optional<Partition>> read(const DecoratedKey& key) const = 0;
  // The part of `key`'s partition inside `slices` (its header — deletion, range
  // tombstones, static row — always included). Versions with a row index read only
  // the blocks of rows the slices touch; others read the partition and slice it.
  virtual Result<std::optional<Partition>> read(const DecoratedKey& key,
                                                const std::vector<ClusteringSlice>& slices) const;
  // As read(key, {slice}) for a read that wants only the first `rows_wanted` rows of
  // `slice` in clustering order (the last ones when `reversed`): the header as always,
  // and the slice's rows from its start (its end when reversed) on, exactly
  // min(rows_wanted, rows in the slice) of them. Fewer than rows_wanted means these
  // are all the slice's rows. Versions with a row index read blocks only until they
  // hold that many; others read the partition and slice it.
  virtual Result<std::optional<Partition>> read_first(const DecoratedKey& key,
                                                      const ClusteringSlice& slice,
                                                      size_t rows_wanted, bool reversed) const;
  // What read_first(key, slice, n, reversed) gives, handed over without a Partition of
  // rows: `head` once with the header (deletion, static row, the range tombstones
  // overlapping `slice`, no rows), then `row` with each row inside `slice` in
  // clustering order (reverse order when `reversed`) until `row` returns false or the
  // slice ends. `row` may move from the row it is given. False when the sstable does
  // not hold `key` (neither callback is called). Versions with a row index decode only
  // the blocks the visit reaches; others read the partition and walk it.
  virtual Result<bool> visit_slice(const DecoratedKey& key, const ClusteringSlice& slice,
                                   bool reversed, const std::function<void(Partition&&)>& head,
                                   const std::function<bool(Row&)>& row) const;
  // Bytes read from the Data component so far (for tests and metrics).
  virtual uint64_t data_bytes_read() const { return 0; }
  // Every partition in order. The scanner keeps this reader alive.
  virtual std::unique_ptr<SSTableScanner> scanner() const = 0;
  // Appends to `out`, in order, up to `limit` keys of this sstable inside `range`.
  virtual void collect_keys(const PartitionRange& range, size_t limit,
                            std::vector<DecoratedKey>* out) const = 0;
  // Reads every component in full and checks every checksum. OK, or Corruption naming
  // the component file and offset of the first damage found.
  virtual Status verify() const = 0;
  // Paths of every component file, TOC last (for deletion and snapshots).
  virtual std::vector<std::string> component_paths() const = 0;
  // Sum of the sizes of component_paths().
  uint64_t on_disk_bytes() const;

 protected:
  SSTableReader(FileSystem* fs, SSTableDescriptor descriptor, SSTableStats stats)
      : fs_(fs), descriptor_(std::move(descriptor)), stats_(std::move(stats)) {}

 private:
  FileSystem* fs_;
  SSTableDescriptor descriptor_;
  SSTableStats stats_;
};

// The header of `p` (deletion, static row, the range tombstones overlapping `slice`)
// and its first `n` rows inside `slice` in clustering order, or its last `n` there
// when `reversed`. Copies only the rows it returns (what a limited slice read keeps of
// a memtable partition or of decoded row-index blocks).
Partition first_rows(const Partition& p, const ClusteringSlice& slice, size_t n, bool reversed);

// Removes every component of `descriptor` that exists (TOC first, so a crash midway
// leaves an incomplete sstable that startup cleans up).
Status delete_sstable(FileSystem& fs, const SSTableDescriptor& descriptor);

// Descriptors of complete sstables (those with a TOC) in `directory`, by generation;
// component files of sstables without a TOC are incomplete leftovers of a crash and
// are listed in `incomplete`.
Result<std::vector<SSTableDescriptor>> list_sstables(FileSystem& fs, const std::string& directory,
                                                     std::vector<SSTableDescriptor>* incomplete);

}  // namespace cairn
