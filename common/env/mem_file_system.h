// MemFileSystem: an in-memory FileSystem for tests that can inject faults.
//
// Durability is modeled as the FileSystem contract states it: a file's bytes are
// durable up to its last sync(); a new name is durable once its directory is synced.
// power_cut() then throws away everything that was not durable, exactly what a machine
// losing power may do, and invalidates every open file object. A rename over a
// durable file remembers the old file until the directory is synced, so a power cut
// in between leaves the old contents, as a journaling file system would.
//
// Faults (each applies to paths containing a given substring; "" matches all):
//  - fail_appends / fail_syncs: the next operations return IOError (for a mapped
//    file: its creation, which reserves the blocks, and its syncs).
//  - set_capacity_bytes: appends past the total capacity write what fits (a short
//    write) and return IOError "no space left on device".
//  - flip_byte: corrupt one stored byte.
//
// A mapped file's stores go straight into the file's bytes (the page cache); a power
// cut keeps its size and zeroes what no sync() covered.
//
// Thread safety: every method is safe to call concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "common/env/file_system.h"

namespace cairn {

class MemFileSystem : public FileSystem {
 public:
  MemFileSystem();
  ~MemFileSystem() override;

  Result<std::unique_ptr<WritableFile>> new_writable_file(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> new_random_access_file(
      const std::string& path) override;
  Result<std::unique_ptr<MappedFile>> new_mapped_file(const std::string& path,
                                                      uint64_t size,
                                                      bool write_zeros = false) override;
  bool exists(const std::string& path) override;
  Result<uint64_t> file_size(const std::string& path) override;
  Result<std::vector<std::string>> list_dir(const std::string& dir) override;
  bool is_directory(const std::string& path) override;
  Status create_dirs(const std::string& dir) override;
  Status remove_file(const std::string& path) override;
  Status remove_dir(const std::string& dir) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status link(const std::string& from, const std::string& to) override;
  Status sync_dir(const std::string& dir) override;
  Result<std::unique_ptr<FileLock>> lock_file(const std::string& path) override;

  // --- fault injection ---

  // Drops every byte and name that is not durable and invalidates open files. The
  // machine then stays off: every operation fails with IOError until restore_power(),
  // so whatever the dying process still tries to write cannot reach the disk.
  void power_cut();
  void restore_power();
  // The next `count` appends to matching paths fail (count < 0: all of them).
  void fail_appends(const std::string& path_substring, int count = -1);
  // The next `count` syncs of matching paths fail (count < 0: all of them).
  void fail_syncs(const std::string& path_substring, int count = -1);
  // Total bytes all files may hold; 0 means unlimited.
  void set_capacity_bytes(uint64_t capacity);
  // Clears every armed fault (not capacity).
  void clear_faults();
  // XORs the byte at `offset` of `path` with `mask`.
  Status flip_byte(const std::string& path, uint64_t offset, uint8_t mask = 0x01);
  // Replaces the contents of `path` (durably); for building corrupt fixtures.
  Status overwrite(const std::string& path, BytesView data);

  // Number of successful WritableFile::sync() and MappedFile::sync() calls so far.
  uint64_t sync_count() const { return sync_count_.load(); }

  struct Node;  // a file's contents; shared by hard links and open handles

 private:
  struct Fault {
    std::string substring;
    int remaining;  // < 0: forever
  };
  friend class MemWritableFile;
  friend class MemMappedFile;

  Status check_fault(std::vector<Fault>* faults, const std::string& path, const char* what);
  Status append_to(Node* node, const std::string& path, BytesView data, uint64_t generation);
  Status sync_node(Node* node, const std::string& path, uint64_t generation);
  Status sync_mapped(Node* node, const std::string& path, uint64_t generation, uint64_t end);
  // Whether MappedFile::write may store (power, lost file, injected write faults).
  Status check_mapped_write(const std::string& path, uint64_t generation);

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Node>> files_;
  std::set<std::string> dirs_;
  std::set<std::string> durable_names_;  // file paths whose directory entry is durable
  std::map<std::string, std::shared_ptr<Node>> shadowed_;  // durable file replaced by rename
  std::set<std::string> locked_;
  std::vector<Fault> append_faults_;
  std::vector<Fault> sync_faults_;
  uint64_t capacity_bytes_ = 0;
  uint64_t generation_ = 0;  // bumped by power_cut(); stale handles fail
  bool powered_off_ = false;
  std::atomic<uint64_t> sync_count_{0};
};

}  // namespace cairn
