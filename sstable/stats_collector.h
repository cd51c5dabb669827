// StatsCollector: folds the partitions an sstable writer adds into its SSTableStats —
// timestamps, deletion times, tokens, counts, and (since cb) histograms of partition
// sizes and cell counts and of when tombstones become droppable.
#pragma once

#include <map>

#include "model/partition.h"
#include "sstable/sstable.h"

namespace cairn {

class StatsCollector {
 public:
  // A partition, streamed: its key and header (rows of `p` are ignored), each row,
  // then its size in the Data stream (uncompressed).
  void begin_partition(const Partition& p);
  void add_row(const Row& r);
  void end_partition(uint64_t encoded_size);
  SSTableStats finish(const std::string& version, uint64_t data_size,
                      const ReplayPosition& upper_bound) const;

 private:
  void timestamp(int64_t t);
  void deletion_time(int32_t t);
  void deletion(const DeletionTime& d);
  void drop_time(int32_t ldt);
  void row(const Row& r);

  SSTableStats stats_;
  bool seen_timestamp_ = false;
  bool seen_deletion_time_ = false;
  bool never_expires_ = false;  // some cell or row marker lives forever
  uint64_t partition_cells_ = 0;
  std::map<uint64_t, uint64_t> sizes_, cells_;
  std::map<int32_t, uint64_t> drop_times_;
};

}  // namespace cairn
