// cairn-sstable dump: every partition of the selected sstables as one JSON document.
//
//   {
//     "sstables": [
//       {"keyspace": "chat", "table": "transcripts", "path": "<its Data.db>",
//        "partitions": [<partition_json.h>, ...]},   in token order
//       ...                                          tables by name, sstables by generation
//     ]
//   }
//
// Each sstable is dumped on its own, as stored (tombstones, expired and shadowed data
// included); nothing is merged across sstables. The text is printed a partition at a
// time, so a large sstable is not held in memory. A damaged partition stops the dump
// with an error on stderr and exit status 1 (the JSON on stdout is then incomplete).
#include <fmt/format.h>

#include <cstdio>
#include <limits>
#include <string>

#include "tools/cairn_sstable/commands.h"
#include "tools/cairn_sstable/json_writer.h"
#include "tools/cairn_sstable/partition_json.h"

namespace cairn::tools {
namespace {

void flush_to_stdout(JsonWriter* json) {
  const std::string text = json->take_text();
  std::fwrite(text.data(), 1, text.size(), stdout);
}

Status dump_sstable(const Env& env, const TableSchema& table, const SSTableDescriptor& descriptor,
                    JsonWriter* json) {
  CAIRN_ASSIGN_OR_RETURN(auto reader,
                         SSTableReader::open(env, descriptor, table.clustering_comparator()));
  json->begin_object();
  json->member("keyspace", table.keyspace());
  json->member("table", table.name());
  json->member("path", descriptor.path(Component::kData));
  json->key("partitions");
  json->begin_array();
  std::vector<DecoratedKey> keys;
  reader->collect_keys(PartitionRange::all(), std::numeric_limits<size_t>::max(), &keys);
  for (const DecoratedKey& key : keys) {
    CAIRN_ASSIGN_OR_RETURN(std::optional<Partition> partition, reader->read(key));
    if (!partition) {
      return Status::corruption(descriptor.path(Component::kIndex) + ": lists partition token " +
                                std::to_string(key.token) + " that the Data file does not hold");
    }
    write_partition_json(table, *partition, json);
    flush_to_stdout(json);
  }
  json->end_array();
  json->end_object();
  return Status::ok();
}

}  // namespace

int dump_command(const Env& env, const std::vector<TableSSTables>& tables) {
  JsonWriter json;
  json.begin_object();
  json.key("sstables");
  json.begin_array();
  for (const TableSSTables& t : tables) {
    for (const SSTableDescriptor& d : t.sstables) {
      Status s = dump_sstable(env, *t.schema, d, &json);
      if (!s.is_ok()) {
        flush_to_stdout(&json);
        std::fflush(stdout);
        return report_error(
            "dump", s.with_context("dumping " + t.schema->keyspace() + "." + t.schema->name()));
      }
    }
  }
  json.end_array();
  json.end_object();
  flush_to_stdout(&json);
  return std::fflush(stdout) == 0 ? kExitOk
                                  : report_error("dump", Status::io_error("writing stdout"));
}

}  // namespace cairn::tools
