#include "common/env/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cairn {
namespace {

Status errno_status(const std::string& what, const std::string& path, int err) {
  std::string msg = what + " " + path + ": " + std::strerror(err);
  if (err == ENOENT) return Status::not_found(msg);
  return Status::io_error(msg);
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status append(BytesView data) override {
    const char* p = data.data();
    size_t left = data.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno_status("write", path_, errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
      size_ += static_cast<uint64_t>(n);
    }
    return Status::ok();
  }

  Status sync() override {
    if (::fdatasync(fd_) != 0) return errno_status("fdatasync", path_, errno);
    return Status::ok();
  }

  Status close() override {
    if (fd_ < 0) return Status::ok();
    int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return errno_status("close", path_, errno);
    return Status::ok();
  }

  uint64_t size() const override { return size_; }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_ = 0;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }

  Status read(uint64_t offset, size_t n, Bytes* out) const override {
    out->resize(n);
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out->data() + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return errno_status("pread", path_, errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    out->resize(done);
    return Status::ok();
  }

  uint64_t size() const override { return size_; }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class PosixMappedFile final : public MappedFile {
 public:
  PosixMappedFile(std::string path, int fd, char* base, uint64_t size)
      : path_(std::move(path)), fd_(fd), base_(base), size_(size) {}
  ~PosixMappedFile() override { (void)close(); }

  char* data() override { return base_; }
  uint64_t size() const override { return size_; }

  Status write(uint64_t offset, BytesView bytes) override {
    if (fd_ < 0) return Status::io_error("write " + path_ + ": the file is closed");
    if (offset > size_ || bytes.size() > size_ - offset) {
      return Status::invalid_argument("write " + path_ + ": past the end of the mapped file");
    }
    while (!bytes.empty()) {
      const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno_status("write", path_, errno);
      }
      bytes.remove_prefix(static_cast<size_t>(n));
      offset += static_cast<uint64_t>(n);
    }
    return Status::ok();
  }

  Status sync(uint64_t end) override {
    if (base_ == nullptr) return Status::io_error("msync " + path_ + ": the file is closed");
    end = std::min(end, size_);
    // msync wants a page-aligned start; syncing from the page holding the first byte
    // not yet synced covers everything new. MS_SYNC is fdatasync over that range.
    static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    const uint64_t start = synced_ / page * page;
    if (end <= synced_) return Status::ok();
    if (::msync(base_ + start, static_cast<size_t>(end - start), MS_SYNC) != 0) {
      return errno_status("msync", path_, errno);
    }
    synced_ = std::max(synced_, end);
    return Status::ok();
  }

  void release(uint64_t end) override {
    // MADV_DONTNEED on a shared file mapping only drops this process's page table
    // entries; dirty pages stay in the page cache and are written back as usual.
    static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    end = std::min(end, size_) / page * page;
    if (base_ == nullptr || end <= released_) return;
    if (::madvise(base_ + released_, static_cast<size_t>(end - released_), MADV_DONTNEED) == 0) {
      released_ = end;
    }
  }

  Status close() override {
    Status s;
    if (base_ != nullptr && ::munmap(base_, static_cast<size_t>(size_)) != 0) {
      s = errno_status("munmap", path_, errno);
    }
    base_ = nullptr;
    if (fd_ >= 0 && ::close(fd_) != 0 && s.is_ok()) s = errno_status("close", path_, errno);
    fd_ = -1;
    return s;
  }

  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  char* base_;
  uint64_t size_;
  uint64_t synced_ = 0;  // bytes [0, synced_) are durable; sync() calls do not overlap
  uint64_t released_ = 0;  // pages below this were given back by release()
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

}  // namespace

Result<std::unique_ptr<WritableFile>> PosixFileSystem::new_writable_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno_status("create", path, errno);
  return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd));
}

Result<std::unique_ptr<MappedFile>> PosixFileSystem::new_mapped_file(const std::string& path,
                                                                     uint64_t size,
                                                                     bool write_zeros) {
  if (size == 0) return Status::invalid_argument("map " + path + ": a mapped file needs a size");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno_status("create", path, errno);
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    return errno_status(what, path, err);
  };
  // Reserving the blocks now turns a full disk into an error here instead of a SIGBUS
  // when a store into the mapping first touches a page. A file system without
  // fallocate gets a sparse file of the right size instead.
  if (::fallocate(fd, 0, 0, static_cast<off_t>(size)) != 0) {
    if (errno != EOPNOTSUPP && errno != ENOSYS) return fail("fallocate");
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) return fail("ftruncate");
  }
  if (write_zeros) {
    // One page per write: the page cache may hold a large write in one large folio,
    // and then every later sync of a few bytes in it writes the whole folio back (a
    // megabyte per group commit with 1 MiB writes here, kernel 6.18 on ext4).
    static const std::string zeros(static_cast<size_t>(::sysconf(_SC_PAGESIZE)), '\0');
    for (uint64_t at = 0; at < size;) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(zeros.size(), size - at));
      const ssize_t w = ::pwrite(fd, zeros.data(), n, static_cast<off_t>(at));
      if (w < 0) {
        if (errno == EINTR) continue;
        return fail("write zeros to");
      }
      at += static_cast<uint64_t>(w);
    }
    if (::fdatasync(fd) != 0) return fail("fdatasync");
  }
  void* base = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (base == MAP_FAILED) return fail("mmap");
  return std::unique_ptr<MappedFile>(
      new PosixMappedFile(path, fd, static_cast<char*>(base), size));
}

Result<std::unique_ptr<RandomAccessFile>> PosixFileSystem::new_random_access_file(
    const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_status("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return errno_status("stat", path, err);
  }
  return std::unique_ptr<RandomAccessFile>(
      new PosixRandomAccessFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

bool PosixFileSystem::exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

Result<uint64_t> PosixFileSystem::file_size(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return errno_status("stat", path, errno);
  return static_cast<uint64_t>(st.st_size);
}

Result<std::vector<std::string>> PosixFileSystem::list_dir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return errno_status("opendir", dir, errno);
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

bool PosixFileSystem::is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Status PosixFileSystem::create_dirs(const std::string& dir) {
  if (dir.empty() || is_directory(dir)) return Status::ok();
  std::string parent = parent_dir(dir);
  if (parent != dir && parent != "." && parent != "/") CAIRN_RETURN_IF_ERROR(create_dirs(parent));
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return errno_status("mkdir", dir, errno);
  return Status::ok();
}

Status PosixFileSystem::remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return errno_status("unlink", path, errno);
  return Status::ok();
}

Status PosixFileSystem::remove_dir(const std::string& dir) {
  if (::rmdir(dir.c_str()) != 0) return errno_status("rmdir", dir, errno);
  return Status::ok();
}

Status PosixFileSystem::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return errno_status("rename", from + " to", errno);
  return Status::ok();
}

Status PosixFileSystem::link(const std::string& from, const std::string& to) {
  if (::link(from.c_str(), to.c_str()) != 0) return errno_status("link", from + " to " + to, errno);
  return Status::ok();
}

Status PosixFileSystem::sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_status("open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return errno_status("fsync directory", dir, err);
  return Status::ok();
}

Result<std::unique_ptr<FileLock>> PosixFileSystem::lock_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return errno_status("open lock file", path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::busy(path + " is locked: another process is using this data directory");
    }
    return errno_status("lock", path, err);
  }
  return std::unique_ptr<FileLock>(new PosixFileLock(fd));
}

}  // namespace cairn
