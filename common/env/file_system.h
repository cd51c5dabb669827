// FileSystem: every byte Cairn reads from or writes to disk goes through this interface.
//
// Two implementations: PosixFileSystem for production and MemFileSystem for tests,
// which keeps files in memory and can inject faults (failed or short writes, fsync
// errors, a full disk, bit flips) and simulate a power cut that drops every byte that
// was not synced. Durability contract, which both honor:
//  - WritableFile::sync() makes the file's contents so far durable.
//  - A newly created, renamed or linked name is durable only after sync_dir() of its
//    directory. (MemFileSystem drops un-synced names at a power cut.)
//
// Thread safety: FileSystem methods may be called concurrently. A WritableFile may be
// appended to by one thread while another calls sync() (group commit does this); other
// concurrent use of one file object needs external synchronization.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/status.h"

namespace cairn {

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends to the end of the file. The bytes reach the operating system (the page
  // cache) before this returns, so they survive the process being killed.
  virtual Status append(BytesView data) = 0;
  // Makes everything appended so far durable (fdatasync).
  virtual Status sync() = 0;
  virtual Status close() = 0;
  // Bytes appended so far, including what existed before opening.
  virtual uint64_t size() const = 0;
  virtual const std::string& path() const = 0;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to `n` bytes at `offset` into `out` (replacing its contents). Fewer bytes
  // than asked are returned only at the end of the file.
  virtual Status read(uint64_t offset, size_t n, Bytes* out) const = 0;
  virtual uint64_t size() const = 0;
  virtual const std::string& path() const = 0;
};

// A file of fixed size, created zero-filled and mapped into memory for writing (the
// commitlog's periodic segments). A byte stored into data() is in the page cache at
// once, with no system call: it survives the process being killed, and a power cut
// once sync() has covered it. The blocks are reserved at creation, so storing into
// data() never meets a full disk.
//
// Thread safety: stores into disjoint ranges of data() need no lock; sync() may run
// while other threads store past the range it syncs; close() only once nobody stores.
class MappedFile {
 public:
  virtual ~MappedFile() = default;
  // size() writable bytes, valid until close() or destruction.
  virtual char* data() = 0;
  virtual uint64_t size() const = 0;
  // Stores `bytes` at `offset` with a system call (pwrite), not through data(): for a
  // writer that gathers several records and puts them in at once (group commit's sync
  // pass). The range must fit in size().
  virtual Status write(uint64_t offset, BytesView bytes) = 0;
  // Makes bytes [0, end) durable (the file's size too); `end` <= size().
  virtual Status sync(uint64_t end) = 0;
  // The writer will not store into [0, end) again: the memory holding it may be given
  // back to the system (the process's resident set shrinks). The bytes stay in the
  // file — in the page cache until written back — and sync() still covers them.
  virtual void release(uint64_t end) = 0;
  // Unmaps the file; data() must not be used afterwards.
  virtual Status close() = 0;
  virtual const std::string& path() const = 0;
};

// Held while a data directory is in use; released by destruction.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Creates (or truncates) `path` for writing.
  virtual Result<std::unique_ptr<WritableFile>> new_writable_file(const std::string& path) = 0;
  virtual Result<std::unique_ptr<RandomAccessFile>> new_random_access_file(
      const std::string& path) = 0;
  // Creates (or truncates) `path` as `size` zero bytes, reserves its blocks and maps it
  // for writing. Neither the size nor the name is durable before sync() / sync_dir().
  //
  // With `write_zeros` the zeros are also written to every block and made durable
  // before this returns (the whole size is written once, so it is slow). Reserved
  // blocks are only marked unwritten: the first sync of a store into one also commits
  // the file system's metadata. Written ones cost later syncs only the stored bytes,
  // which is what makes every fdatasync of group commit cheaper.
  virtual Result<std::unique_ptr<MappedFile>> new_mapped_file(const std::string& path,
                                                              uint64_t size,
                                                              bool write_zeros = false) = 0;

  virtual bool exists(const std::string& path) = 0;
  virtual Result<uint64_t> file_size(const std::string& path) = 0;
  // Names (not paths) of the entries of `dir`, sorted, without "." and "..".
  virtual Result<std::vector<std::string>> list_dir(const std::string& dir) = 0;
  virtual bool is_directory(const std::string& path) = 0;
  // Creates `dir` and its missing parents; OK if it exists already.
  virtual Status create_dirs(const std::string& dir) = 0;
  virtual Status remove_file(const std::string& path) = 0;
  // Removes an empty directory.
  virtual Status remove_dir(const std::string& dir) = 0;
  // Atomically replaces `to` with `from`.
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  // Creates a hard link `to` naming the same data as `from`.
  virtual Status link(const std::string& from, const std::string& to) = 0;
  // Makes the creation, renaming and removal of names in `dir` durable.
  virtual Status sync_dir(const std::string& dir) = 0;
  // Takes an exclusive lock on `path` (created if missing) that another process (or
  // another lock_file call in this one) cannot take until the returned lock is gone.
  virtual Result<std::unique_ptr<FileLock>> lock_file(const std::string& path) = 0;
};

// Helpers built only on the interface.

// Reads the whole file.
Result<Bytes> read_file(FileSystem& fs, const std::string& path);

// Writes `data` to `path` so that after a crash the file holds either its old contents
// or all of `data`: writes a temporary file, syncs it, renames it over `path`, syncs
// the directory.
Status write_file_atomically(FileSystem& fs, const std::string& path, BytesView data);

// "a/b" + "c" -> "a/b/c".
std::string join_path(const std::string& dir, const std::string& name);
// "a/b/c" -> "a/b"; "c" -> ".".
std::string parent_dir(const std::string& path);
// "a/b/c" -> "c".
std::string base_name(const std::string& path);

}  // namespace cairn
