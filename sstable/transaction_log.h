// TransactionLog: makes replacing a set of sstables by another (compaction, upgrade
// rewriting) atomic across a crash.
//
// A transaction is a small file in the table directory, `txn-<name>.log`, holding one
// checksummed line per event:
//
//   remove <version> <generation>   an input that the new sstables replace
//   add <version> <generation>      an output, recorded before its first file exists
//   commit                          the outputs are complete and durable
//
// The protocol: begin() writes every `remove` line; record_new() adds an `add` line
// (synced) before each output is written; commit() appends `commit` (synced), and only
// then are the inputs deleted, and last the log itself. recover() at startup finishes
// what a crash interrupted: a committed transaction deletes its inputs (completing it),
// any other deletes its outputs (rolling it back) — never both, never neither, so every
// row is in exactly one of the two sets afterwards. The format is in
// docs/formats/transaction-log-v1.md.
//
// Thread safety: one transaction is driven by one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/env/file_system.h"
#include "common/logging.h"
#include "sstable/sstable.h"

namespace cairn {

class TransactionLog {
 public:
  // Creates <directory>/txn-<name>.log recording `inputs` as the sstables to replace,
  // durable (file and name) before it returns.
  static Result<std::unique_ptr<TransactionLog>> begin(FileSystem& fs, std::string directory,
                                                       const std::string& name,
                                                       const std::vector<SSTableDescriptor>& inputs);
  ~TransactionLog();

  // Records an output before any of its files is created.
  Status record_new(const SSTableDescriptor& output);
  // Makes the replacement durable, then deletes the inputs' files and the log. After a
  // crash in the middle of the deletions, recover() finishes them.
  Status commit();
  // Deletes every output recorded so far and the log; the inputs stay.
  Status abort();

  const std::string& path() const { return path_; }

  // Finishes or rolls back every transaction log in `directory`. Call before listing
  // the sstables. A log whose last line is torn counts as uncommitted; a log that is
  // damaged elsewhere is Corruption naming it (nothing is deleted).
  static Status recover(FileSystem& fs, const std::string& directory, Logger* logger);

 private:
  TransactionLog(FileSystem& fs, std::string directory, std::string path,
                 std::vector<SSTableDescriptor> inputs, std::unique_ptr<WritableFile> file);
  Status append_line(const std::string& line);

  FileSystem& fs_;
  std::string directory_;
  std::string path_;
  std::vector<SSTableDescriptor> inputs_;
  std::vector<SSTableDescriptor> outputs_;
  std::unique_ptr<WritableFile> file_;
  bool done_ = false;
};

}  // namespace cairn
