// Snapshots on disk: the layout of a table's snapshots and the file work behind
// Database::snapshot, list_snapshots, clear_snapshot and import_sstables
// (docs/operations/snapshots.md).
//
//   <table directory>/snapshots/<name>/<version>-<generation>-cairn-<Component>.db
//                                     /<version>-<generation>-cairn-TOC.txt
//                                     /schema.cql     the keyspace and table as CQL
//                                     /manifest.json  {"files": [...], "created_at": "..."}
//
// The sstable files are hard links to the table's live files, so a snapshot costs no
// space until compaction, truncate or drop deletes the live names. manifest.json is
// written last: a snapshot directory without it was cut short by a crash.
//
// Thread safety: these are free functions over a FileSystem, safe to call
// concurrently for different snapshots. The caller keeps two calls from creating or
// clearing the same snapshot directory at once.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/env/env.h"
#include "sstable/sstable.h"
#include "storage/database.h"

namespace cairn {

inline constexpr const char* kSnapshotsDirectory = "snapshots";
inline constexpr const char* kSnapshotManifest = "manifest.json";
inline constexpr const char* kSnapshotSchema = "schema.cql";

// OK, or InvalidArgument naming the problem: a snapshot name must be non-empty and a
// single path component ("/" is refused, and so are "." and "..").
Status validate_snapshot_name(const std::string& name);

// <table_dir>/snapshots/<name>.
std::string snapshot_directory(const std::string& table_dir, const std::string& name);

// "2023-11-14T22:13:20.123Z" for microseconds since the Unix epoch.
std::string format_iso8601_utc(int64_t unix_micros);

// Creates <table_dir>/snapshots/<name> holding hard links to every component of the
// sstables `live_sstables` returns, schema.cql and manifest.json, all durable when
// this returns. AlreadyExists when the snapshot exists. On failure nothing of the
// snapshot is left behind.
//
// Compaction, truncate and drop delete an sstable's files only after taking it out of
// the view `live_sstables` reads, so a link that fails with NotFound means the view
// changed under us: the links made so far are removed and the snapshot is taken again
// from a fresh view (a few times at most), never mixing two views. (Holding the
// table's compaction lock instead would also work, but a snapshot would then wait
// for a running major compaction, which can take hours; a link is cheap to redo.)
// Once a link exists the data is safe: deleting the live name leaves the linked one.
Status take_snapshot(
    const Env& env, const std::string& table_dir, const std::string& name,
    const std::function<std::vector<std::shared_ptr<SSTableReader>>()>& live_sstables,
    const std::string& schema_cql);

// One table directory under the data directory, found by name: <keyspace>/<table>-<id>.
// Dropped tables whose snapshots were kept are found too.
struct TableDirectory {
  std::string keyspace;
  std::string table;
  std::string path;
};
// Every table directory of `keyspace` (empty: of every keyspace) under `data_dir`.
Result<std::vector<TableDirectory>> find_table_directories(FileSystem& fs,
                                                           const std::string& data_dir,
                                                           const std::string& keyspace = "");

// The snapshots of one table, by name.
Result<std::vector<SnapshotInfo>> list_table_snapshots(FileSystem& fs, const TableDirectory& table);

// Deletes the snapshot `name` (empty: every snapshot) of one table, and the snapshots/
// directory once it is empty. A snapshot that does not exist is not an error.
Status clear_table_snapshots(FileSystem& fs, const std::string& table_dir, const std::string& name);

// Copies every component of `source` to `target` (same version, usually another
// generation and directory): each file read whole, written and synced, the TOC last
// and atomically, the directory synced. On failure whatever was copied is deleted.
Status copy_sstable(FileSystem& fs, const SSTableReader& source, const SSTableDescriptor& target);

}  // namespace cairn
