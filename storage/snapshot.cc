#include "storage/snapshot.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>

namespace cairn {
namespace {

// A view that keeps changing under a snapshot (compactions finishing one after the
// other) is retried this many times before the snapshot gives up with Busy.
constexpr int kMaxSnapshotAttempts = 10;

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string manifest_json(const std::vector<std::string>& files, const std::string& created_at) {
  std::string out = "{\"files\": [";
  for (size_t i = 0; i < files.size(); ++i) out += (i ? ", " : "") + json_string(files[i]);
  return out + "], \"created_at\": " + json_string(created_at) + "}\n";
}

// The "created_at" string of a manifest this file wrote; "" when absent or unreadable
// (a snapshot cut short by a crash, or a manifest edited by hand).
std::string manifest_created_at(const std::string& manifest) {
  const std::string key = "\"created_at\"";
  size_t pos = manifest.find(key);
  if (pos == std::string::npos) return "";
  pos = manifest.find_first_not_of(" \t\r\n", pos + key.size());
  if (pos == std::string::npos || manifest[pos] != ':') return "";
  pos = manifest.find_first_not_of(" \t\r\n", pos + 1);
  if (pos == std::string::npos || manifest[pos] != '"') return "";
  const size_t end = manifest.find('"', pos + 1);
  if (end == std::string::npos) return "";
  return manifest.substr(pos + 1, end - pos - 1);
}

// Removes `path`, a file or a directory with everything below it.
Status remove_tree(FileSystem& fs, const std::string& path) {
  if (!fs.is_directory(path)) return fs.remove_file(path);
  CAIRN_ASSIGN_OR_RETURN(auto names, fs.list_dir(path));
  for (const auto& name : names) CAIRN_RETURN_IF_ERROR(remove_tree(fs, join_path(path, name)));
  return fs.remove_dir(path);
}

bool is_hex_id(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

Result<uint64_t> directory_bytes(FileSystem& fs, const std::string& dir,
                                 const std::vector<std::string>& names) {
  uint64_t total = 0;
  for (const auto& name : names) {
    const std::string path = join_path(dir, name);
    if (fs.is_directory(path)) continue;
    CAIRN_ASSIGN_OR_RETURN(uint64_t size, fs.file_size(path));
    total += size;
  }
  return total;
}

}  // namespace

Status validate_snapshot_name(const std::string& name) {
  if (name.empty()) return Status::invalid_argument("a snapshot name must not be empty");
  if (name.find('/') != std::string::npos || name.find('\0') != std::string::npos) {
    return Status::invalid_argument("snapshot name '" + name +
                                    "' must not contain '/' or a NUL byte");
  }
  if (name == "." || name == "..") {
    return Status::invalid_argument("'" + name + "' is not a valid snapshot name");
  }
  return Status::ok();
}

std::string snapshot_directory(const std::string& table_dir, const std::string& name) {
  return join_path(join_path(table_dir, kSnapshotsDirectory), name);
}

std::string format_iso8601_utc(int64_t unix_micros) {
  // Floor division, so instants before 1970 format correctly too.
  int64_t millis = unix_micros / 1000 - (unix_micros % 1000 < 0 ? 1 : 0);
  int64_t days = millis / 86'400'000 - (millis % 86'400'000 < 0 ? 1 : 0);
  const int64_t ms_of_day = millis - days * 86'400'000;
  // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse).
  days += 719'468;
  const int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
  const int64_t doe = days - era * 146'097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[160];  // room for any int64 fields, which keeps -Wformat-truncation quiet
  std::snprintf(buf, sizeof buf,
                "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64 ":%02" PRId64
                ".%03" PRId64 "Z",
                year, month, day, ms_of_day / 3'600'000, ms_of_day / 60'000 % 60,
                ms_of_day / 1000 % 60, ms_of_day % 1000);
  return buf;
}

Status take_snapshot(
    const Env& env, const std::string& table_dir, const std::string& name,
    const std::function<std::vector<std::shared_ptr<SSTableReader>>()>& live_sstables,
    const std::string& schema_cql) {
  CAIRN_RETURN_IF_ERROR(validate_snapshot_name(name));
  FileSystem& fs = *env.fs;
  const std::string snapshots = join_path(table_dir, kSnapshotsDirectory);
  const std::string dir = snapshot_directory(table_dir, name);
  if (fs.exists(dir)) {
    return Status::already_exists("snapshot '" + name + "' already exists in " + table_dir);
  }
  CAIRN_RETURN_IF_ERROR(fs.create_dirs(dir));
  auto fail = [&](const Status& s) {
    Status cleanup = clear_table_snapshots(fs, table_dir, name);
    (void)cleanup;  // the error worth reporting is `s`
    return s.with_context("taking snapshot '" + name + "' of " + table_dir);
  };
  Status s = fs.sync_dir(table_dir);
  if (s.is_ok()) s = fs.sync_dir(snapshots);
  if (!s.is_ok()) return fail(s);

  std::vector<std::string> files;
  Status linked = Status::busy("no attempt made");
  for (int attempt = 0; attempt < kMaxSnapshotAttempts && !linked.is_ok(); ++attempt) {
    for (const auto& f : files) (void)fs.remove_file(join_path(dir, f));
    files.clear();
    linked = Status::ok();
    for (const auto& sst : live_sstables()) {
      for (const auto& path : sst->component_paths()) {
        const std::string file = base_name(path);
        linked = fs.link(path, join_path(dir, file));
        if (!linked.is_ok()) break;
        files.push_back(file);
      }
      if (!linked.is_ok()) break;
    }
    // Anything but a file deleted under us (the view moved on) is a real failure.
    if (!linked.is_ok() && !linked.is_not_found()) return fail(linked);
  }
  if (!linked.is_ok()) {
    return fail(Status::busy("the table's sstables kept changing during " +
                             std::to_string(kMaxSnapshotAttempts) +
                             " attempts; last: " + linked.to_string()));
  }
  std::string cql = schema_cql;
  if (!cql.empty() && cql.back() != '\n') cql += '\n';
  s = write_file_atomically(fs, join_path(dir, kSnapshotSchema), cql);
  // The manifest goes last and its rename is synced with the directory, which also
  // makes every link above durable.
  if (s.is_ok()) {
    s = write_file_atomically(fs, join_path(dir, kSnapshotManifest),
                              manifest_json(files, format_iso8601_utc(env.clock->now_micros())));
  }
  if (!s.is_ok()) return fail(s);
  return Status::ok();
}

Result<std::vector<TableDirectory>> find_table_directories(FileSystem& fs,
                                                           const std::string& data_dir,
                                                           const std::string& keyspace) {
  std::vector<TableDirectory> out;
  if (!fs.is_directory(data_dir)) return out;
  std::vector<std::string> keyspaces;
  if (keyspace.empty()) {
    CAIRN_ASSIGN_OR_RETURN(keyspaces, fs.list_dir(data_dir));
  } else {
    keyspaces.push_back(keyspace);
  }
  for (const auto& ks : keyspaces) {
    const std::string ks_dir = join_path(data_dir, ks);
    if (!fs.is_directory(ks_dir)) continue;
    CAIRN_ASSIGN_OR_RETURN(auto names, fs.list_dir(ks_dir));
    for (const auto& name : names) {
      const size_t dash = name.rfind('-');
      if (dash == std::string::npos || dash == 0 || !is_hex_id(name.substr(dash + 1))) continue;
      const std::string path = join_path(ks_dir, name);
      if (!fs.is_directory(path)) continue;
      out.push_back(TableDirectory{ks, name.substr(0, dash), path});
    }
  }
  return out;
}

Result<std::vector<SnapshotInfo>> list_table_snapshots(FileSystem& fs,
                                                       const TableDirectory& table) {
  std::vector<SnapshotInfo> out;
  const std::string snapshots = join_path(table.path, kSnapshotsDirectory);
  if (!fs.is_directory(snapshots)) return out;
  CAIRN_ASSIGN_OR_RETURN(auto live, fs.list_dir(table.path));
  std::sort(live.begin(), live.end());
  CAIRN_ASSIGN_OR_RETURN(auto names, fs.list_dir(snapshots));
  for (const auto& name : names) {
    const std::string dir = join_path(snapshots, name);
    if (!fs.is_directory(dir)) continue;
    CAIRN_ASSIGN_OR_RETURN(auto files, fs.list_dir(dir));
    SnapshotInfo info{name, table.keyspace, table.table, "", 0, 0};
    CAIRN_ASSIGN_OR_RETURN(info.total_bytes, directory_bytes(fs, dir, files));
    std::vector<std::string> held;  // sstable files no live name shares
    for (const auto& f : files) {
      if (!SSTableDescriptor::parse(f).is_ok()) continue;
      if (!std::binary_search(live.begin(), live.end(), f)) held.push_back(f);
    }
    CAIRN_ASSIGN_OR_RETURN(info.true_bytes, directory_bytes(fs, dir, held));
    const std::string manifest = join_path(dir, kSnapshotManifest);
    if (fs.exists(manifest)) {
      CAIRN_ASSIGN_OR_RETURN(Bytes text, read_file(fs, manifest));
      info.created_at = manifest_created_at(text);
    }
    out.push_back(std::move(info));
  }
  return out;
}

Status clear_table_snapshots(FileSystem& fs, const std::string& table_dir,
                             const std::string& name) {
  const std::string snapshots = join_path(table_dir, kSnapshotsDirectory);
  if (!fs.is_directory(snapshots)) return Status::ok();
  if (!name.empty()) {
    const std::string dir = snapshot_directory(table_dir, name);
    if (fs.exists(dir)) CAIRN_RETURN_IF_ERROR(remove_tree(fs, dir));
  } else {
    CAIRN_ASSIGN_OR_RETURN(auto names, fs.list_dir(snapshots));
    for (const auto& n : names) CAIRN_RETURN_IF_ERROR(remove_tree(fs, join_path(snapshots, n)));
  }
  CAIRN_ASSIGN_OR_RETURN(auto left, fs.list_dir(snapshots));
  if (left.empty()) {
    CAIRN_RETURN_IF_ERROR(fs.remove_dir(snapshots));
    return fs.sync_dir(table_dir);
  }
  return fs.sync_dir(snapshots);
}

Status copy_sstable(FileSystem& fs, const SSTableReader& source, const SSTableDescriptor& target) {
  auto copy = [&]() -> Status {
    CAIRN_RETURN_IF_ERROR(fs.create_dirs(target.directory));
    std::string toc_source;
    for (const auto& path : source.component_paths()) {
      CAIRN_ASSIGN_OR_RETURN(auto parsed, SSTableDescriptor::parse(path));
      if (parsed.second == Component::kTOC) {
        toc_source = path;
        continue;
      }
      CAIRN_ASSIGN_OR_RETURN(Bytes data, read_file(fs, path));
      CAIRN_ASSIGN_OR_RETURN(auto file, fs.new_writable_file(target.path(parsed.second)));
      CAIRN_RETURN_IF_ERROR(file->append(data));
      CAIRN_RETURN_IF_ERROR(file->sync());
      CAIRN_RETURN_IF_ERROR(file->close());
    }
    if (toc_source.empty()) {
      return Status::corruption(source.descriptor().path(Component::kTOC) + ": no TOC listed");
    }
    // The components must be durable under their names before the TOC makes the
    // sstable complete.
    CAIRN_RETURN_IF_ERROR(fs.sync_dir(target.directory));
    CAIRN_ASSIGN_OR_RETURN(Bytes toc, read_file(fs, toc_source));
    return write_file_atomically(fs, target.path(Component::kTOC), toc);
  };
  Status s = copy();
  if (!s.is_ok()) {
    Status cleanup = delete_sstable(fs, target);
    (void)cleanup;  // what remains has no TOC: startup deletes it
    return s.with_context("copying sstable " + source.descriptor().path(Component::kTOC) +
                          " to generation " + std::to_string(target.generation));
  }
  return Status::ok();
}

}  // namespace cairn
