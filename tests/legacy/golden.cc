#include "tests/legacy/golden.h"

#include <algorithm>

#include "sstable/sstable.h"
#include "tests/legacy/golden_render.h"

namespace cairn::testing {

namespace {

std::string table_dir(const std::string& data_dir, const TableSchema& t) {
  std::string id = t.id().to_string();
  std::erase(id, '-');
  return join_path(join_path(data_dir, t.keyspace()), t.name() + "-" + id);
}

std::vector<TableSchemaRef> user_tables(Database& db) {
  std::vector<TableSchemaRef> out;
  for (const auto& ks : db.keyspaces()) {
    if (ks.name == "system") continue;
    for (const auto& t : db.tables(ks.name)) out.push_back(t);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a->keyspace(), a->name()) < std::tie(b->keyspace(), b->name());
  });
  return out;
}

}  // namespace

Result<std::string> render_all_raw(const Env& env, Database& db, const std::string& data_dir) {
  std::string out;
  for (const auto& t : user_tables(db)) {
    const std::string dir = table_dir(data_dir, *t);
    CAIRN_ASSIGN_OR_RETURN(auto sstables, list_sstables(*env.fs, dir, nullptr));
    for (const auto& d : sstables) {
      out += "== " + t->keyspace() + "." + t->name() + " sstable " + d.version + "-" +
             std::to_string(d.generation) + "\n";
      CAIRN_ASSIGN_OR_RETURN(auto reader, SSTableReader::open(env, d, t->clustering_comparator()));
      std::vector<DecoratedKey> keys;
      reader->collect_keys(PartitionRange::all(), SIZE_MAX, &keys);
      for (const auto& key : keys) {
        CAIRN_ASSIGN_OR_RETURN(auto p, reader->read(key));
        if (!p) return Status::corruption("listed key is missing from " + d.path(Component::kData));
        out += render_raw(*t, *p);
      }
    }
  }
  return out;
}

Result<std::string> render_all_live(Database& db) {
  std::string out;
  for (const auto& t : user_tables(db)) {
    out += "== " + t->keyspace() + "." + t->name() + "\n";
    CAIRN_ASSIGN_OR_RETURN(auto page, db.scan(*t, PartitionRange::all(), 1'000'000,
                                              {ClusteringSlice::all()}));
    for (const auto& p : page.partitions) out += render_live(*t, p);
  }
  return out;
}

}  // namespace cairn::testing
