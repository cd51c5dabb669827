// cairn-bench wide: how many bytes a clustering slice of a wide partition reads.
//
//   cairn-bench wide --dir D --rows N [--value-size B] [--slice-rows K]
//
// Writes one partition of N rows (int clustering, a B-byte pseudo-random blob each, so
// compression cannot shrink it) as one sstable
// of the current version in directory D — streamed row by row, so the partition is
// never in memory — then reads K rows from the middle with a clustering slice and
// prints the bytes of the Data component that read touched, next to the size of the
// partition: the row index makes the first independent of the second.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "bench/commands.h"
#include "bench/flags.h"
#include "model/mutation_builder.h"
#include "sstable/sstable.h"

namespace cairn::bench {

int wide_command(const CommandArgs& args) {
  std::string dir;
  uint64_t rows = 0, value_size = 100, slice_rows = 100;
  FlagSet flags("wide");
  flags.add_string("dir", &dir, "DIR", "directory for the sstable (created; must be empty)", true);
  flags.add_uint("rows", &rows, "rows in the partition", 1, uint64_t{1} << 32, true);
  flags.add_uint("value-size", &value_size, "bytes per row's value", 0, 1 << 20);
  flags.add_uint("slice-rows", &slice_rows, "rows the slice reads from the middle", 1, 1 << 20);
  Status parsed = flags.parse(args);
  if (flags.help_requested()) {
    fmt::print("{}", flags.usage());
    return 0;
  }
  if (!parsed.is_ok()) {
    fmt::print(stderr, "cairn-bench wide: {}\n{}", parsed.message(), flags.usage());
    return kExitUsage;
  }
  DefaultEnv owned(1);
  const Env& env = owned.env();
  auto fail = [](const Status& s) {
    fmt::print(stderr, "cairn-bench wide: {}\n", s.to_string());
    return 1;
  };
  if (Status s = env.fs->create_dirs(dir); !s.is_ok()) return fail(s);
  if (!env.fs->list_dir(dir).value().empty()) return fail(Status::invalid_argument(dir + " is not empty"));

  auto table = TableSchema::Builder("bench", "wide")
                   .partition_key("id", CqlType::text())
                   .clustering("ck", CqlType::int_())
                   .regular("v", CqlType::blob())
                   .build()
                   .value();
  const SSTableDescriptor descriptor{dir, kCurrentSSTableVersion, 1};
  const auto started = std::chrono::steady_clock::now();
  {
    SSTableWriterOptions options;
    options.expected_partitions = 1;
    auto writer = SSTableWriter::create(env, descriptor, table->clustering_comparator(), options);
    if (!writer.is_ok()) return fail(writer.status());
    const DecoratedKey key = make_partition_key(*table, {values::from_text("wide")}).value();
    Partition header(table->clustering_comparator(), key);
    if (Status s = writer.value()->begin_partition(header); !s.is_ok()) return fail(s);
    Bytes value(value_size, '\0');
    uint64_t state = 0x9e3779b97f4a7c15ull;  // splitmix64
    for (uint64_t i = 0; i < rows; ++i) {
      for (size_t b = 0; b < value.size(); b += 8) {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        std::memcpy(value.data() + b, &z, std::min<size_t>(8, value.size() - b));
      }
      Row row;
      row.clustering = {values::from_int(static_cast<int32_t>(i))};
      row.liveness.timestamp = 1;
      row.columns[table->find_column("v")->id].apply(Bytes(), Cell::live(1, value));
      if (Status s = writer.value()->add_row(row); !s.is_ok()) return fail(s);
    }
    if (Status s = writer.value()->end_partition(); !s.is_ok()) return fail(s);
    auto finished = writer.value()->finish();
    if (!finished.is_ok()) return fail(finished.status());
  }
  const double write_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  auto reader = SSTableReader::open(env, descriptor, table->clustering_comparator());
  if (!reader.is_ok()) return fail(reader.status());
  const int32_t first = static_cast<int32_t>(rows / 2);
  const int32_t last = static_cast<int32_t>(std::min<uint64_t>(rows - 1, rows / 2 + slice_rows - 1));
  std::vector<ClusteringSlice> slice = {
      {ClusteringBound{{values::from_int(first)}, ClusteringBound::Kind::kInclusiveStart},
       ClusteringBound{{values::from_int(last)}, ClusteringBound::Kind::kInclusiveEnd}}};
  const DecoratedKey key = make_partition_key(*table, {values::from_text("wide")}).value();
  const uint64_t before = reader.value()->data_bytes_read();
  const auto read_started = std::chrono::steady_clock::now();
  auto read = reader.value()->read(key, slice);
  const double read_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - read_started).count();
  if (!read.is_ok()) return fail(read.status());
  const uint64_t bytes = reader.value()->data_bytes_read() - before;
  const size_t got = read.value() ? read.value()->rows().size() : 0;
  if (got != static_cast<size_t>(last - first + 1)) {
    return fail(Status::corruption(fmt::format("the slice returned {} rows, expected {}", got,
                                               last - first + 1)));
  }
  const SSTableStats& stats = reader.value()->stats();
  fmt::print("partition: {} rows of {} B, Data component {} bytes ({}), written in {:.1f} s\n",
             rows, value_size, stats.data_size_bytes, stats.compression, write_s);
  fmt::print("slice of {} rows from the middle: {} bytes of Data read in {:.2f} ms\n", got, bytes,
             read_ms);
  return 0;
}

}  // namespace cairn::bench
