// CairnEngine: the embedded Database behind the Engine interface (see cairn_engine.h).
#include "bench/engines/cairn_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "bench/kv_table.h"
#include "common/allocator.h"
#include "sstable/cb_reader.h"

namespace cairn::bench {
namespace {

constexpr const char* kRowsTable = "kv_rows";

Result<TableSchemaRef> create_rows_table(Database& db) {
  auto schema = TableSchema::Builder(kKeyspace, kRowsTable)
                    .partition_key("p", CqlType::blob())
                    .clustering("key", CqlType::blob())
                    .regular("value", CqlType::blob())
                    .build();
  if (!schema.is_ok()) return schema.status();
  return db.create_table(*schema, /*if_not_exists=*/true);
}

Bytes partition_of(std::string_view key) {
  return Bytes(key.substr(0, key.size() > CairnEngine::kClusteringChars
                                 ? key.size() - CairnEngine::kClusteringChars
                                 : 0));
}

// The partition after `p` in the bench's zero-padded decimal key order, or nullopt
// when `p` does not end in a digit or is the last of its width.
std::optional<Bytes> decimal_successor(Bytes p) {
  for (size_t i = p.size(); i > 0; --i) {
    char& c = p[i - 1];
    if (c < '0' || c > '9') return std::nullopt;
    if (c != '9') {
      ++c;
      return p;
    }
    c = '0';
  }
  return std::nullopt;
}

}  // namespace

Status CairnEngine::open(const std::string& dir, const EngineOptions& options) {
  DbFlags flags;
  flags.data_dir = dir;
  flags.sync = options.sync;
  flags.log_level = options.log_level;
  if (options.memtable_bytes != 0)
    flags.memtable_mb = std::max<uint64_t>(1, options.memtable_bytes >> 20);
  CAIRN_ASSIGN_OR_RETURN(bench_, BenchDatabase::open(flags));
  durable_writes_ = options.sync != "periodic";
  CAIRN_ASSIGN_OR_RETURN(kv_, create_kv_table(db()));
  CAIRN_ASSIGN_OR_RETURN(rows_, create_rows_table(db()));
  const TableOptions& t = kv_->options();
  const auto option = [](const std::map<std::string, std::string>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string("?") : it->second;
  };
  // An optimal bloom filter at false-positive chance p spends -ln(p) / ln(2)^2 bits a key.
  const double bloom_bits = -std::log(t.bloom_filter_fp_chance) / (std::log(2.0) * std::log(2.0));
  settings_ = fmt::format(
      "Cairn (this build{}): commitlog_sync {}, compression {} ({} KiB chunks), bloom "
      "fp_chance {} (~{:.1f} bits/key), caches {} MiB index + {} MiB data chunks (LRU, "
      "process-wide), memtable {} MiB per table, {}, allocator {} (the whole process, "
      "every engine)",
      library_assertions() ? ", with assertions: NDEBUG not defined" : "",
      durable_writes_ ? options.sync + " (put returns after a shared fdatasync)"
                      : fmt::format("periodic (commitlog written on every write, fdatasync "
                                    "every {:g} s)",
                                    static_cast<double>(flags.sync_period_ms) / 1000.0),
      option(t.compression, "class"), option(t.compression, "chunk_length_in_kb"),
      t.bloom_filter_fp_chance, bloom_bits, kCbReaderIndexCacheBytes >> 20,
      kCbReaderChunkCacheBytes >> 20, flags.memtable_mb, option(t.compaction, "class"),
      allocator_name());
  return Status::ok();
}

bool CairnEngine::library_assertions() const {
#ifdef NDEBUG
  return false;
#else
  return true;
#endif
}

Status CairnEngine::put(std::string_view key, std::string_view value, bool sync) {
  if (sync && !durable_writes_) {
    return Status::invalid_argument(
        "a synced write needs commitlog_sync group or batch (--sync group|batch)");
  }
  CAIRN_ASSIGN_OR_RETURN(Mutation m,
                         kv_mutation(*kv_, Bytes(key), Bytes(value), db().now_micros()));
  return db().apply(m).status();
}

Result<bool> CairnEngine::get(std::string_view key, std::string* value) {
  CAIRN_ASSIGN_OR_RETURN(DecoratedKey k, make_partition_key(*kv_, {Bytes(key)}));
  CAIRN_ASSIGN_OR_RETURN(auto partition, db().read(*kv_, PartitionRead{std::move(k)}));
  if (!partition || partition->rows.empty()) return false;
  auto v = column_value(*kv_, partition->rows.front(), "value");
  if (!v) return false;
  *value = std::move(*v);
  return true;
}

Status CairnEngine::erase(std::string_view key) {
  const int64_t now = db().now_micros();
  MutationBuilder m(*kv_, {Bytes(key)}, now, static_cast<int32_t>(now / 1'000'000));
  m.delete_partition();
  CAIRN_ASSIGN_OR_RETURN(Mutation built, m.build());
  return db().apply(built).status();
}

Status CairnEngine::put_sorted(std::string_view key, std::string_view value) {
  const int64_t now = db().now_micros();
  MutationBuilder m(*rows_, {partition_of(key)}, now, static_cast<int32_t>(now / 1'000'000));
  m.row({Bytes(key)}).marker().set("value", value);
  CAIRN_ASSIGN_OR_RETURN(Mutation built, m.build());
  return db().apply(built).status();
}

Result<size_t> CairnEngine::seek_scan(
    std::string_view start_key, size_t n,
    const std::function<void(std::string_view key, std::string_view value)>& callback) {
  size_t given = 0;
  std::optional<Bytes> p = partition_of(start_key);
  ClusteringSlice slice{ClusteringBound{{Bytes(start_key)}, ClusteringBound::Kind::kInclusiveStart},
                        ClusteringBound::top()};
  while (given < n && p) {
    CAIRN_ASSIGN_OR_RETURN(DecoratedKey k, make_partition_key(*rows_, {*p}));
    PartitionRead read{std::move(k), {slice}};
    read.row_limit = n - given;
    CAIRN_ASSIGN_OR_RETURN(auto partition, db().read(*rows_, read));
    if (!partition) break;  // the keys end here
    for (const Row& row : partition->rows) {
      auto v = column_value(*rows_, row, "value");
      callback(row.clustering.front(), v ? std::string_view(*v) : std::string_view());
      ++given;
    }
    p = decimal_successor(std::move(*p));
    slice = ClusteringSlice::all();
  }
  return given;
}

Status CairnEngine::compact() {
  CAIRN_RETURN_IF_ERROR(db().compact(kKeyspace, kTable));
  return db().compact(kKeyspace, kRowsTable);
}

Status CairnEngine::close() { return bench_ ? bench_->close() : Status::ok(); }

}  // namespace cairn::bench
