#include "common/env/file_system.h"

namespace cairn {

Result<Bytes> read_file(FileSystem& fs, const std::string& path) {
  CAIRN_ASSIGN_OR_RETURN(auto file, fs.new_random_access_file(path));
  Bytes out;
  CAIRN_RETURN_IF_ERROR(file->read(0, static_cast<size_t>(file->size()), &out));
  if (out.size() != file->size()) {
    return Status::io_error(path + ": short read of " + std::to_string(out.size()) + " of " +
                            std::to_string(file->size()) + " bytes");
  }
  return out;
}

Status write_file_atomically(FileSystem& fs, const std::string& path, BytesView data) {
  const std::string tmp = path + ".tmp";
  CAIRN_ASSIGN_OR_RETURN(auto file, fs.new_writable_file(tmp));
  CAIRN_RETURN_IF_ERROR(file->append(data));
  CAIRN_RETURN_IF_ERROR(file->sync());
  CAIRN_RETURN_IF_ERROR(file->close());
  CAIRN_RETURN_IF_ERROR(fs.rename(tmp, path));
  return fs.sync_dir(parent_dir(path));
}

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string parent_dir(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace cairn
