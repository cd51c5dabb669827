// PosixFileSystem: FileSystem over the operating system's files (open/pwrite/fdatasync).
//
// Appends go straight to the kernel with write(2), so an appended byte is in the page
// cache when append() returns and survives the process being killed; sync() is
// fdatasync(2). A mapped file is fallocate(2)d and mmap(2)ed MAP_SHARED: a store into
// it is in the page cache at once; its sync() is msync(2) MS_SYNC. Locks are flock(2) on a file, released when the lock object dies.
#pragma once

#include "common/env/file_system.h"

namespace cairn {

class PosixFileSystem final : public FileSystem {
 public:
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
};

}  // namespace cairn
