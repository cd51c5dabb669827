#include "common/env/mem_file_system.h"

#include <algorithm>
#include <cstring>

namespace cairn {

struct MemFileSystem::Node {
  Bytes data;
  size_t synced_size = 0;
  // A mapped file stores straight into `data`, which must then never move: it keeps
  // its size, and a power cut retires the buffer (the dying process's stores land in
  // `retired`, unseen) instead of shrinking it.
  bool mapped = false;
  std::vector<Bytes> retired;
};

namespace {

std::string normalize(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

}  // namespace

class MemWritableFile final : public WritableFile {
 public:
  MemWritableFile(MemFileSystem* fs, std::string path, std::shared_ptr<MemFileSystem::Node> node,
                  uint64_t generation)
      : fs_(fs), path_(std::move(path)), node_(std::move(node)), generation_(generation) {}

  Status append(BytesView data) override {
    return fs_->append_to(node_.get(), path_, data, generation_);
  }
  Status sync() override { return fs_->sync_node(node_.get(), path_, generation_); }
  Status close() override { return Status::ok(); }
  uint64_t size() const override {
    std::lock_guard<std::mutex> lock(fs_->mu_);
    return node_->data.size();
  }
  const std::string& path() const override { return path_; }

 private:
  MemFileSystem* fs_;
  std::string path_;
  std::shared_ptr<MemFileSystem::Node> node_;
  uint64_t generation_;
};

class MemMappedFile final : public MappedFile {
 public:
  MemMappedFile(MemFileSystem* fs, std::string path, std::shared_ptr<MemFileSystem::Node> node,
                uint64_t generation)
      : fs_(fs),
        path_(std::move(path)),
        node_(std::move(node)),
        base_(node_->data.data()),
        size_(node_->data.size()),
        generation_(generation) {}
  ~MemMappedFile() override { (void)close(); }

  char* data() override { return base_; }
  uint64_t size() const override { return size_; }
  Status write(uint64_t offset, BytesView bytes) override {
    if (offset > size_ || bytes.size() > size_ - offset) {
      return Status::invalid_argument("write " + path_ + ": past the end of the mapped file");
    }
    CAIRN_RETURN_IF_ERROR(fs_->check_mapped_write(path_, generation_));
    std::memcpy(base_ + offset, bytes.data(), bytes.size());
    return Status::ok();
  }
  Status sync(uint64_t end) override {
    return fs_->sync_mapped(node_.get(), path_, generation_, std::min(end, size_));
  }
  void release(uint64_t) override {}  // memory is the file here: nothing to give back
  Status close() override {
    std::lock_guard<std::mutex> lock(fs_->mu_);
    if (generation_ == fs_->generation_) node_->mapped = false;
    return Status::ok();
  }
  const std::string& path() const override { return path_; }

 private:
  MemFileSystem* fs_;
  std::string path_;
  std::shared_ptr<MemFileSystem::Node> node_;  // keeps `base_` alive
  char* base_;
  uint64_t size_;
  uint64_t generation_;
};

namespace {

class MemRandomAccessFile final : public RandomAccessFile {
 public:
  MemRandomAccessFile(std::string path, Bytes snapshot)
      : path_(std::move(path)), data_(std::move(snapshot)) {}

  Status read(uint64_t offset, size_t n, Bytes* out) const override {
    out->clear();
    if (offset >= data_.size()) return Status::ok();
    out->assign(data_, static_cast<size_t>(offset), n);
    return Status::ok();
  }
  uint64_t size() const override { return data_.size(); }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  Bytes data_;  // contents when opened: files Cairn reads are immutable
};

class MemFileLock final : public FileLock {
 public:
  MemFileLock(std::mutex* mu, std::set<std::string>* locked, std::string path)
      : mu_(mu), locked_(locked), path_(std::move(path)) {}
  ~MemFileLock() override {
    std::lock_guard<std::mutex> lock(*mu_);
    locked_->erase(path_);
  }

 private:
  std::mutex* mu_;
  std::set<std::string>* locked_;
  std::string path_;
};

}  // namespace

MemFileSystem::MemFileSystem() { dirs_.insert("/"); }
MemFileSystem::~MemFileSystem() = default;

Status MemFileSystem::check_fault(std::vector<Fault>* faults, const std::string& path,
                                  const char* what) {
  for (auto it = faults->begin(); it != faults->end(); ++it) {
    if (path.find(it->substring) == std::string::npos) continue;
    if (it->remaining > 0 && --it->remaining == 0) faults->erase(it);
    return Status::io_error(std::string("injected ") + what + " failure on " + path);
  }
  return Status::ok();
}

Status MemFileSystem::append_to(Node* node, const std::string& path, BytesView data,
                                uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return Status::io_error(path + ": file lost in a power cut");
  if (powered_off_) return Status::io_error("power is off");
  CAIRN_RETURN_IF_ERROR(check_fault(&append_faults_, path, "write"));
  if (capacity_bytes_ != 0) {
    uint64_t used = 0;
    for (const auto& [name, n] : files_) used += n->data.size();
    uint64_t room = used >= capacity_bytes_ ? 0 : capacity_bytes_ - used;
    if (room < data.size()) {
      node->data.append(data.data(), static_cast<size_t>(room));
      return Status::io_error(path + ": no space left on device");
    }
  }
  node->data.append(data.data(), data.size());
  return Status::ok();
}

Status MemFileSystem::sync_node(Node* node, const std::string& path, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return Status::io_error(path + ": file lost in a power cut");
  CAIRN_RETURN_IF_ERROR(check_fault(&sync_faults_, path, "fsync"));
  node->synced_size = node->data.size();
  sync_count_.fetch_add(1);
  return Status::ok();
}

Status MemFileSystem::check_mapped_write(const std::string& path, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return Status::io_error(path + ": file lost in a power cut");
  if (powered_off_) return Status::io_error("power is off");
  return check_fault(&append_faults_, path, "write");
}

Status MemFileSystem::sync_mapped(Node* node, const std::string& path, uint64_t generation,
                                  uint64_t end) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return Status::io_error(path + ": file lost in a power cut");
  CAIRN_RETURN_IF_ERROR(check_fault(&sync_faults_, path, "msync"));
  node->synced_size = std::max<size_t>(node->synced_size, static_cast<size_t>(end));
  sync_count_.fetch_add(1);
  return Status::ok();
}

Result<std::unique_ptr<MappedFile>> MemFileSystem::new_mapped_file(const std::string& path,
                                                                   uint64_t size,
                                                                   bool write_zeros) {
  (void)write_zeros;  // in memory, reserved and written blocks are the same
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (size == 0) return Status::invalid_argument("map " + p + ": a mapped file needs a size");
  if (dirs_.count(parent_dir(p)) == 0) return Status::not_found("create " + p + ": no directory");
  // Reserving the blocks is the write that can fail or find the disk full.
  CAIRN_RETURN_IF_ERROR(check_fault(&append_faults_, p, "fallocate"));
  if (capacity_bytes_ != 0) {
    uint64_t used = 0;
    for (const auto& [name, n] : files_) used += n->data.size();
    if (used + size > capacity_bytes_) return Status::io_error(p + ": no space left on device");
  }
  auto node = std::make_shared<Node>();
  node->data.assign(static_cast<size_t>(size), '\0');
  node->mapped = true;
  auto old = files_.find(p);
  if (old != files_.end() && durable_names_.count(p) != 0 && shadowed_.count(p) == 0) {
    shadowed_[p] = old->second;
  }
  files_[p] = node;
  durable_names_.erase(p);
  return std::unique_ptr<MappedFile>(new MemMappedFile(this, p, node, generation_));
}

Result<std::unique_ptr<WritableFile>> MemFileSystem::new_writable_file(const std::string& path) {
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (dirs_.count(parent_dir(p)) == 0) return Status::not_found("create " + p + ": no directory");
  auto node = std::make_shared<Node>();
  auto old = files_.find(p);
  if (old != files_.end() && durable_names_.count(p) != 0 && shadowed_.count(p) == 0) {
    shadowed_[p] = old->second;
  }
  files_[p] = node;
  durable_names_.erase(p);
  return std::unique_ptr<WritableFile>(new MemWritableFile(this, p, node, generation_));
}

Result<std::unique_ptr<RandomAccessFile>> MemFileSystem::new_random_access_file(
    const std::string& path) {
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  auto it = files_.find(p);
  if (it == files_.end()) return Status::not_found("open " + p + ": no such file");
  return std::unique_ptr<RandomAccessFile>(new MemRandomAccessFile(p, it->second->data));
}

bool MemFileSystem::exists(const std::string& path) {
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  return files_.count(p) != 0 || dirs_.count(p) != 0;
}

Result<uint64_t> MemFileSystem::file_size(const std::string& path) {
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  auto it = files_.find(p);
  if (it == files_.end()) return Status::not_found("stat " + p + ": no such file");
  return static_cast<uint64_t>(it->second->data.size());
}

Result<std::vector<std::string>> MemFileSystem::list_dir(const std::string& dir) {
  std::string d = normalize(dir);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (dirs_.count(d) == 0) return Status::not_found("opendir " + d + ": no such directory");
  std::set<std::string> names;
  auto collect = [&](const std::string& path) {
    if (path != d && parent_dir(path) == d) names.insert(base_name(path));
  };
  for (const auto& [path, node] : files_) collect(path);
  for (const auto& path : dirs_) collect(path);
  return std::vector<std::string>(names.begin(), names.end());
}

bool MemFileSystem::is_directory(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return dirs_.count(normalize(path)) != 0;
}

Status MemFileSystem::create_dirs(const std::string& dir) {
  std::string d = normalize(dir);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  // Directories are modeled as always durable: Cairn creates them once and never
  // depends on their creation surviving without a sync of the files inside.
  while (!d.empty() && d != "." && dirs_.count(d) == 0) {
    if (files_.count(d) != 0) return Status::io_error("mkdir " + d + ": a file has that name");
    dirs_.insert(d);
    d = parent_dir(d);
  }
  return Status::ok();
}

Status MemFileSystem::remove_file(const std::string& path) {
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (files_.erase(p) == 0) return Status::not_found("unlink " + p + ": no such file");
  durable_names_.erase(p);
  shadowed_.erase(p);
  return Status::ok();
}

Status MemFileSystem::remove_dir(const std::string& dir) {
  std::string d = normalize(dir);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (dirs_.count(d) == 0) return Status::not_found("rmdir " + d + ": no such directory");
  for (const auto& [path, node] : files_) {
    if (parent_dir(path) == d) return Status::io_error("rmdir " + d + ": directory not empty");
  }
  for (const auto& path : dirs_) {
    if (path != d && parent_dir(path) == d) {
      return Status::io_error("rmdir " + d + ": directory not empty");
    }
  }
  dirs_.erase(d);
  return Status::ok();
}

Status MemFileSystem::rename(const std::string& from, const std::string& to) {
  std::string f = normalize(from), t = normalize(to);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  auto it = files_.find(f);
  if (it == files_.end()) return Status::not_found("rename " + f + ": no such file");
  if (dirs_.count(parent_dir(t)) == 0) return Status::not_found("rename to " + t + ": no directory");
  auto dest = files_.find(t);
  if (dest != files_.end() && durable_names_.count(t) != 0 && shadowed_.count(t) == 0) {
    shadowed_[t] = dest->second;
  }
  files_[t] = it->second;
  files_.erase(f);
  durable_names_.erase(t);
  durable_names_.erase(f);
  return Status::ok();
}

Status MemFileSystem::link(const std::string& from, const std::string& to) {
  std::string f = normalize(from), t = normalize(to);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  auto it = files_.find(f);
  if (it == files_.end()) return Status::not_found("link " + f + ": no such file");
  if (files_.count(t) != 0) return Status::already_exists("link " + t + ": file exists");
  if (dirs_.count(parent_dir(t)) == 0) return Status::not_found("link to " + t + ": no directory");
  files_[t] = it->second;
  return Status::ok();
}

Status MemFileSystem::sync_dir(const std::string& dir) {
  std::string d = normalize(dir);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (dirs_.count(d) == 0) return Status::not_found("fsync directory " + d + ": no such directory");
  for (const auto& [path, node] : files_) {
    if (parent_dir(path) == d) {
      durable_names_.insert(path);
      shadowed_.erase(path);
    }
  }
  return Status::ok();
}

Result<std::unique_ptr<FileLock>> MemFileSystem::lock_file(const std::string& path) {
  std::string p = normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (powered_off_) return Status::io_error("power is off");
  if (locked_.count(p) != 0) {
    return Status::busy(p + " is locked: another process is using this data directory");
  }
  if (files_.count(p) == 0) files_[p] = std::make_shared<Node>();
  locked_.insert(p);
  return std::unique_ptr<FileLock>(new MemFileLock(&mu_, &locked_, p));
}

void MemFileSystem::power_cut() {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  powered_off_ = true;
  for (auto it = files_.begin(); it != files_.end();) {
    if (durable_names_.count(it->first) == 0) {
      auto shadow = shadowed_.find(it->first);
      if (shadow != shadowed_.end()) {
        it->second = shadow->second;
        durable_names_.insert(it->first);
      } else {
        it = files_.erase(it);
        continue;
      }
    }
    ++it;
  }
  shadowed_.clear();
  for (auto& [path, node] : files_) {
    if (node->mapped) {
      // The file keeps its reserved size; what was not synced reads as zeros.
      Bytes durable(node->data.size(), '\0');
      durable.replace(0, node->synced_size, node->data, 0, node->synced_size);
      node->retired.push_back(std::move(node->data));
      node->data = std::move(durable);
      node->mapped = false;
    } else {
      node->data.resize(node->synced_size);
    }
  }
  locked_.clear();  // the process that held them is gone
}

void MemFileSystem::restore_power() {
  std::lock_guard<std::mutex> lock(mu_);
  powered_off_ = false;
}

void MemFileSystem::fail_appends(const std::string& path_substring, int count) {
  std::lock_guard<std::mutex> lock(mu_);
  append_faults_.push_back({path_substring, count});
}

void MemFileSystem::fail_syncs(const std::string& path_substring, int count) {
  std::lock_guard<std::mutex> lock(mu_);
  sync_faults_.push_back({path_substring, count});
}

void MemFileSystem::set_capacity_bytes(uint64_t capacity) {
  std::lock_guard<std::mutex> lock(mu_);
  capacity_bytes_ = capacity;
}

void MemFileSystem::clear_faults() {
  std::lock_guard<std::mutex> lock(mu_);
  append_faults_.clear();
  sync_faults_.clear();
}

Status MemFileSystem::flip_byte(const std::string& path, uint64_t offset, uint8_t mask) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(normalize(path));
  if (it == files_.end()) return Status::not_found(path);
  if (offset >= it->second->data.size()) return Status::invalid_argument("offset past end");
  it->second->data[static_cast<size_t>(offset)] ^= static_cast<char>(mask);
  return Status::ok();
}

Status MemFileSystem::overwrite(const std::string& path, BytesView data) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(normalize(path));
  if (it == files_.end()) return Status::not_found(path);
  if (it->second->mapped) {
    it->second->retired.push_back(std::move(it->second->data));
    it->second->mapped = false;
  }
  it->second->data.assign(data.data(), data.size());
  it->second->synced_size = data.size();
  return Status::ok();
}

}  // namespace cairn
